"""A single post as Elementor Pro's theme builder renders it on the Hello Elementor theme.

Header, single-post and footer are Elementor templates made of widgets: the
title, post info (author, date, terms), featured image and content are widgets
too, with no `.entry-content` and no <article>. Elementor Pro has no public
source: the markup follows what real Elementor Pro pages print (the widget
wrappers and their classes, `data-elementor-post-type`, the single template
carrying post_class(), post-info items with repeater ids and the date as plain
text). Yoast SEO prints the head; a schema plugin adds a second JSON-LD block
carrying `articleBody`.
"""

from __future__ import annotations

import json

from lxml import html

from lan_crawler.sample_site.content import (
    LANGUAGE,
    Context,
    attr,
    content_html,
    core_head_links,
    post_class,
    post_head,
    text,
    visible_date,
)
from lan_crawler.sample_site.plugins import post_body
from lan_crawler.sample_site.posts import Post

# the classes Elementor adds after a theme widget's own: the widget it extends
_EXTENDS = {
    "theme-post-title": " elementor-page-title elementor-widget-heading",
    "theme-post-featured-image": " elementor-widget-image",
    "theme-site-logo": " elementor-widget-image",
}


def _widget(kind: str, inner: str, element_id: str) -> str:
    return (
        f'<div class="elementor-element elementor-element-{element_id} elementor-widget '
        f'elementor-widget-{kind}{_EXTENDS.get(kind, "")}" data-id="{element_id}" '
        f'data-element_type="widget" data-widget_type="{kind}.default">'
        f'<div class="elementor-widget-container">{inner}</div></div>'
    )


def _nav(ctx: Context) -> str:
    items = "".join(
        f'<li class="menu-item"><a href="{attr(url)}" class="elementor-item">{text(label)}</a>'
        + (
            '<ul class="sub-menu elementor-nav-menu--dropdown">'
            + "".join(
                f'<li class="menu-item"><a href="{attr(u)}" class="elementor-sub-item">{text(n)}</a></li>'
                for n, u in children
            )
            + "</ul>"
            if children
            else ""
        )
        + "</li>"
        for label, url, children in ctx.menu()
    )
    return (
        '<nav aria-label="Menu" class="elementor-nav-menu--main elementor-nav-menu__container '
        f'elementor-nav-menu--layout-horizontal"><ul class="elementor-nav-menu">{items}</ul></nav>'
        '<div class="elementor-menu-toggle" role="button" tabindex="0" aria-label="Menu Toggle" '
        'aria-expanded="false"><i aria-hidden="true" role="presentation" '
        'class="elementor-menu-toggle__icon--open eicon-menu-bar"></i><span class="elementor-screen-only">'
        "Menu</span></div>"
        '<nav class="elementor-nav-menu--dropdown elementor-nav-menu__container" aria-hidden="true">'
        f'<ul class="elementor-nav-menu">{items}</ul></nav>'
    )


def _schema_block(ctx: Context, post: Post) -> str:
    """What a schema plugin prints: a NewsArticle with the full body as plain text."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": ctx.post_url(post.id)},
        "headline": post.title,
        "datePublished": post.published.isoformat(),
        "dateModified": post.modified.isoformat(),
        "author": {"@type": "Person", "name": post.author},
        # wp_strip_all_tags() of the stored body: captions and file titles included
        "articleBody": html.fragment_fromstring(
            content_html(ctx, post), create_parent="div"
        ).text_content(),
    }
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def render_post(ctx: Context, post: Post, body: str | None = None) -> str:
    """A single post; `body` replaces the post's own content (for the broken-post fault)."""
    b, site = ctx.base_url, ctx.site
    older, newer = ctx.neighbours(post)
    cats = ", ".join(
        f'<a href="{ctx.category_url(c)}" class="elementor-post-info__terms-list-item">{text(c)}</a>'
        for c in post.categories
    )
    tags = ", ".join(
        f'<a href="{ctx.tag_url(t)}" class="elementor-post-info__terms-list-item">{text(t)}</a>'
        for t in post.tags
    )
    day = post.published
    info = (
        '<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">'
        '<li class="elementor-icon-list-item elementor-repeater-item-579fa36 elementor-inline-item" '
        f'itemprop="author"><a href="{attr(ctx.author_url())}">'
        '<span class="elementor-icon-list-icon"><i aria-hidden="true" class="far fa-user-circle"></i></span>'
        '<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-author">'
        f"{text(post.author)}</span></a></li>"
        '<li class="elementor-icon-list-item elementor-repeater-item-a09cec8 elementor-inline-item" '
        f'itemprop="datePublished"><a href="{attr(ctx.date_url(day.year, day.month, day.day))}">'
        '<span class="elementor-icon-list-icon"><i aria-hidden="true" class="fas fa-calendar"></i></span>'
        '<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date">'
        f"{visible_date(post.published)}</span></a></li>"
        '<li class="elementor-icon-list-item elementor-repeater-item-81df110 elementor-inline-item" '
        'itemprop="about"><span class="elementor-icon-list-icon"><i aria-hidden="true" '
        'class="fas fa-tags"></i></span>'
        '<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-terms">'
        f'<span class="elementor-post-info__terms-list">{cats}</span></span></li></ul>'
    )
    tag_info = (
        '<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">'
        '<li class="elementor-icon-list-item elementor-repeater-item-3c5e7d2 elementor-inline-item">'
        '<span class="elementor-icon-list-icon"><i aria-hidden="true" class="fas fa-tags"></i></span>'
        '<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-terms">'
        '<span class="elementor-post-info__item-prefix">Tag: </span>'
        f'<span class="elementor-post-info__terms-list">{tags}</span></span></li></ul>'
        if post.tags
        else ""
    )
    featured = ""
    if post.featured:
        featured = _widget(
            "theme-post-featured-image",
            f'<img width="800" height="533" src="{attr(post.upload_url(b, post.featured[0]))}" '
            f'class="attachment-large size-large wp-image-{post.id + 1}" alt="{attr(post.featured[1])}" />',
            "5f2a1c3",
        )
    share = "".join(
        f'<div class="elementor-grid-item"><div class="elementor-share-btn elementor-share-btn_{net}" '
        f'role="button" tabindex="0" aria-label="Bagikan di {label}"><span class="elementor-share-btn__icon">'
        f'<i class="fab fa-{net}" aria-hidden="true"></i></span><div class="elementor-share-btn__text">'
        f'<span class="elementor-share-btn__title">{label}</span></div></div></div>'
        for net, label in (
            ("facebook", "Facebook"),
            ("twitter", "Twitter"),
            ("whatsapp", "WhatsApp"),
        )
    )
    navigation = "".join(
        f'<div class="elementor-post-navigation__{side} elementor-post-navigation__link">'
        f'<a href="{ctx.post_url(p.id)}" rel="{rel}"><span class="elementor-post-navigation__link__{side}">'
        f'<span class="post-navigation__{side}--label">{label}</span>'
        f'<span class="post-navigation__{side}--title">{text(p.title)}</span></span></a></div>'
        for side, rel, label, p in (
            ("prev", "prev", "Sebelumnya", older),
            ("next", "next", "Selanjutnya", newer),
        )
        if p
    )
    related = "".join(
        f'<article class="elementor-post elementor-grid-item post-{p.id} post type-post">'
        f'<div class="elementor-post__text"><h3 class="elementor-post__title"><a href="{ctx.post_url(p.id)}">'
        f'{text(p.title)}</a></h3><div class="elementor-post__meta-data"><span class="elementor-post-date">'
        f"{visible_date(p.published)}</span></div></div></article>"
        for p in ctx.related(post)
    )
    recent = "".join(
        f'<li class="elementor-icon-list-item"><a href="{attr(ctx.listed_url(p, "sidebar"))}">'
        f'<span class="elementor-icon-list-text">{text(p.title)}</span></a></li>'
        for p in ctx.posts[:5]
    )
    single = (
        '<div data-elementor-type="single-post" data-elementor-id="1234" class="elementor '
        f'elementor-1234 elementor-location-single {post_class(post)}" '
        'data-elementor-post-type="elementor_library">'
        '<section class="elementor-section elementor-top-section elementor-section-boxed">'
        '<div class="elementor-container elementor-column-gap-default">'
        '<div class="elementor-column elementor-col-66 elementor-top-column"><div class="elementor-widget-wrap elementor-element-populated">'
        + _widget(
            "theme-post-title",
            f'<h1 class="elementor-heading-title elementor-size-default">{text(post.title)}</h1>',
            "3b1e9a0",
        )
        + _widget("post-info", info, "7c41d2e")
        + featured
        + _widget("theme-post-content", post_body(ctx, post) if body is None else body, "1a9f3b7")
        + (_widget("post-info", tag_info, "2e8d4f1") if tag_info else "")
        + _widget(
            "share-buttons",
            '<h4 class="elementor-heading-title">Bagikan:</h4>'
            f'<div class="elementor-grid">{share}</div>',
            "6d0c8b2",
        )
        + _widget(
            "post-navigation",
            f'<div class="elementor-post-navigation">{navigation}</div>',
            "4a7e1f9",
        )
        + _widget("heading", '<h2 class="elementor-heading-title">Berita Lainnya</h2>', "8b3c6d5")
        + _widget("posts", f'<div class="elementor-posts-container">{related}</div>', "9c2d7e6")
        + _widget(
            "post-comments",
            '<section id="comments" class="comments-area"><div id="respond" class="comment-respond">'
            '<h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan</h3>'
            f'<form action="{b}wp-comments-post.php" method="post" id="commentform" class="comment-form">'
            '<p class="comment-form-comment"><label for="comment">Komentar</label>'
            '<textarea id="comment" name="comment"></textarea></p><p class="form-submit">'
            '<input name="submit" type="submit" id="submit" class="submit" value="Kirim Komentar" /></p>'
            "</form></div></section>",
            "0d5e8f3",
        )
        + "</div></div>"
        '<div class="elementor-column elementor-col-33 elementor-top-column"><div class="elementor-widget-wrap elementor-element-populated">'
        + _widget("heading", '<h3 class="elementor-heading-title">Berita Terbaru</h3>', "1e6f9a4")
        + _widget("icon-list", f'<ul class="elementor-icon-list-items">{recent}</ul>', "2f7a0b5")
        + "</div></div></div></section></div>"
    )
    header = (
        '<div data-elementor-type="header" data-elementor-id="88" class="elementor elementor-88 '
        'elementor-location-header" data-elementor-post-type="elementor_library">'
        '<section class="elementor-section elementor-top-section"><div class="elementor-container">'
        + _widget(
            "theme-site-logo",
            f'<a href="{b}"><img src="{b}{site.logo}" alt="{site.name}" /></a>',
            "a1b2c3d",
        )
        + _widget("nav-menu", _nav(ctx), "b2c3d4e")
        + _widget(
            "search-form",
            f'<form class="elementor-search-form" role="search" action="{b}" method="get">'
            '<input placeholder="Cari..." class="elementor-search-form__input" type="search" name="s" '
            'title="Cari" value=""></form>',
            "c3d4e5f",
        )
        + "</div></section></div>"
    )
    footer = (
        '<div data-elementor-type="footer" data-elementor-id="99" class="elementor elementor-99 '
        'elementor-location-footer" data-elementor-post-type="elementor_library">'
        '<section class="elementor-section elementor-top-section"><div class="elementor-container">'
        + _widget(
            "text-editor",
            f"<p><strong>{site.name}</strong><br />{site.address}<br />{site.phone}</p>",
            "d4e5f6a",
        )
        + _widget(
            "text-editor",
            f"<p>Copyright &copy; {site.copyright_year} {site.name}. Hak Cipta Dilindungi.</p>",
            "e5f6a7b",
        )
        + "</div></section></div>"
    )
    return f"""<!doctype html>
<html lang="{LANGUAGE}">
<head>
	<meta charset="UTF-8">
	<meta name="viewport" content="width=device-width, initial-scale=1">
{post_head(ctx, post)}
{_schema_block(ctx, post)}
<link rel='stylesheet' id='elementor-frontend-css' href='{b}wp-content/plugins/elementor/assets/css/frontend.min.css?ver=3.24.7' media='all' />
<link rel='stylesheet' id='elementor-post-1234-css' href='{b}wp-content/uploads/elementor/css/post-1234.css?ver=1729000000' media='all' />
<script src="{b}wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
{core_head_links(ctx, post.id, f"/wp/v2/posts/{post.id}")}
</head>
<body class="post-template-default single single-post postid-{post.id} single-format-standard wp-custom-logo wp-embed-responsive elementor-default elementor-template-full-width elementor-kit-7 elementor-page-1234">
<a class="skip-link screen-reader-text" href="#content">Lewati ke konten</a>
{header}
{single}
{footer}
<script id="elementor-frontend-js-before">
var elementorFrontendConfig = {{"environmentMode":{{"edit":false,"wpPreview":false}},"i18n":{{"shareOnFacebook":"Bagikan di Facebook","close":"Close","menu":"Menu"}},"post":{{"id":{post.id},"title":{json.dumps(post.title)}}}}};
</script>
<script src="{b}wp-content/plugins/elementor/assets/js/frontend.min.js?ver=3.24.7" id="elementor-frontend-js"></script>
</body>
</html>
"""
