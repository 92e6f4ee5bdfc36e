"""Small hand-made post pages for extraction tests."""

from __future__ import annotations

URL = "https://lan.go.id/?p=77"
TITLE = "Judul Berita Uji"
BODY = "<p>Jakarta – Isi berita yang cukup panjang untuk diuji dengan baik.</p>"
PUBLISHED_META = '<meta property="article:published_time" content="2021-03-29T03:15:00+00:00" />'


def post_page(
    content: str = BODY,
    *,
    head: str = PUBLISHED_META,
    meta_date: str = "29 Maret 2021",
    body_class: str = "oceanwp-theme",
    container: str = "entry-content clr",
) -> str:
    """A small post page around `content`, in OceanWP's single-post markup."""
    return f"""<!DOCTYPE html><html lang="id-ID"><head><title>{TITLE} – LAN</title>
    <link rel='shortlink' href='{URL}' />{head}</head>
    <body class="single single-post postid-77 {body_class}">
    <a class="skip-link screen-reader-text" href="#main">Skip to content</a>
    <div class="oceanwp-mobile-menu-icon"><span class="oceanwp-text">Menu</span>
    <span class="oceanwp-close-text">Close</span></div>
    <main id="main" class="site-main clr"><div id="content" class="site-content clr">
    <article id="post-77"><header class="entry-header clr">
    <h2 class="single-post-title entry-title" itemprop="headline">{TITLE}</h2></header>
    <ul class="meta ospm-default clr"><li class="meta-date" itemprop="datePublished">
    <span class="screen-reader-text">Post published:</span>{meta_date}</li></ul>
    <div class="{container}" itemprop="text">{content}</div></article></div></main>
    <footer class="site-footer"><p>Jl. Veteran No. 10, Gambir, Jakarta Pusat 10110</p></footer>
    </body></html>"""
