"""HTML of the sample site as WordPress renders it with the OceanWP theme (lan.go.id's).

The markup follows what OceanWP 3.x and common plugins (Yoast SEO, Ocean Social
Sharing, Cookie Notice) print: the chrome a crawler must see past. Every
function returns a complete page; nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Callable

from lan_crawler.sample_site.content import (
    ADDRESS,
    MONTHS,
    PHONE,
    SITE_NAME,
    TAGLINE,
    Context,
    StaticPage,
    attr,
    excerpt,
    post_head,
    text,
    visible_date,
)
from lan_crawler.sample_site.plugins import post_body
from lan_crawler.sample_site.posts import CATEGORIES, Post, wp_slug

# --- page chrome -----------------------------------------------------------------

_SEARCH_FORM = (
    '<form aria-label="Cari di situs ini" role="search" method="get" class="searchform" '
    'action="{base}"><input aria-label="Masukkan kata kunci" type="search" id="ocean-search-form-{n}" '
    'class="field" autocomplete="off" placeholder="Search" name="s">'
    '<button aria-label="Kirim pencarian" type="submit" class="search-submit">'
    '<i class=" icon-magnifier" aria-hidden="true" role="img"></i></button></form>'
)


def _menu(ctx: Context, menu_id: str) -> str:
    items = []
    for label, url, children in ctx.menu():
        sub = "".join(
            f'<li class="menu-item"><a href="{attr(u)}" class="menu-link">{text(name)}</a></li>'
            for name, u in children
        )
        arrow = '<i class="nav-arrow fa fa-angle-down" aria-hidden="true" role="img"></i>'
        items.append(
            f'<li class="menu-item{" menu-item-has-children dropdown" if sub else ""}">'
            f'<a href="{attr(url)}" class="menu-link"><span class="text-wrap">{text(label)}'
            f"{arrow if sub else ''}</span></a>"
            + (f'<ul class="sub-menu">{sub}</ul>' if sub else "")
            + "</li>"
        )
    return (
        f'<ul id="{menu_id}" class="main-menu dropdown-menu sf-menu">{"".join(items)}'
        '<li class="search-toggle-li"><a href="#" class="site-search-toggle search-dropdown-toggle" '
        'aria-label="Search website"><i class=" icon-magnifier" aria-hidden="true" role="img"></i>'
        "</a></li></ul>"
    )


def _head(ctx: Context, title: str, extra: str) -> str:
    b = ctx.base_url
    return f"""<head>
	<meta charset="UTF-8">
	<link rel="profile" href="https://gmpg.org/xfn/11">
	<title>{text(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{extra}
<link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{ctx.feed_url()}" />
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Umpan Komentar" href="{ctx.feed_url(comments=True)}" />
<script>
window._wpemojiSettings = {{"baseUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/15.0.3\\/72x72\\/","ext":".png","source":{{"concatemoji":"{b}wp-includes\\/js\\/wp-emoji-release.min.js?ver=6.6.2"}}}};
/*! This file is auto-generated */
!function(i,n){{var o,s,e;function c(e){{try{{var t={{supportTests:e,timestamp:(new Date).valueOf()}};sessionStorage.setItem(o,JSON.stringify(t))}}catch(e){{}}}}}}(window,document);
</script>
<style id='wp-emoji-styles-inline-css'>
	img.wp-smiley, img.emoji {{ display: inline !important; border: none !important; height: 1em !important; }}
</style>
<link rel='stylesheet' id='wp-block-library-css' href='{b}wp-includes/css/dist/block-library/style.min.css?ver=6.6.2' media='all' />
<link rel='stylesheet' id='oceanwp-style-css' href='{b}wp-content/themes/oceanwp/assets/css/style.min.css?ver=3.5.8' media='all' />
<link rel='stylesheet' id='oss-social-share-style-css' href='{b}wp-content/plugins/ocean-social-sharing/assets/css/style.min.css?ver=6.6.2' media='all' />
<script src="{b}wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<link rel="https://api.w.org/" href="{b}index.php?rest_route=/" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{b}xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.6.2" />
<link rel="icon" href="{b}wp-content/uploads/2020/06/cropped-logo-lan-32x32.png" sizes="32x32" />
<style id="wp-custom-css">
	.site-breadcrumbs {{ font-size: 12px; }} #site-header {{ border-bottom: 1px solid #e5e5e5; }}
</style>
</head>"""


def _header(ctx: Context) -> str:
    b = ctx.base_url
    return f"""<div id="top-bar-wrap" class="clr">
	<div id="top-bar" class="clr container has-no-content">
		<div id="top-bar-inner" class="clr">
			<div id="top-bar-content" class="clr has-content top-bar-left">
				<span class="topbar-content">Selamat datang di laman resmi {SITE_NAME}</span>
			</div>
			<div id="top-bar-social" class="clr top-bar-right">
				<ul class="clr" aria-label="Social links">
					<li class="oceanwp-twitter"><a href="https://twitter.com/LAN_RI" aria-label="X (opens in a new tab)" target="_blank" rel="noopener noreferrer"><i class=" fab fa-x-twitter" aria-hidden="true" role="img"></i></a></li>
					<li class="oceanwp-instagram"><a href="https://www.instagram.com/lembagaadministrasinegara/" aria-label="Instagram (opens in a new tab)" target="_blank" rel="noopener noreferrer"><i class=" fab fa-instagram" aria-hidden="true" role="img"></i></a></li>
					<li class="oceanwp-youtube"><a href="https://www.youtube.com/@LANRI" aria-label="Youtube (opens in a new tab)" target="_blank" rel="noopener noreferrer"><i class=" fab fa-youtube" aria-hidden="true" role="img"></i></a></li>
				</ul>
			</div>
		</div>
	</div>
</div>
<header id="site-header" class="minimal-header clr" data-height="74" itemscope="itemscope" itemtype="https://schema.org/WPHeader" role="banner">
	<div id="site-header-inner" class="clr container">
		<div id="site-logo" class="clr" itemscope itemtype="https://schema.org/Brand" >
			<div id="site-logo-inner" class="clr">
				<a href="{b}" class="custom-logo-link" rel="home"><img width="260" height="64" src="{b}wp-content/uploads/2020/06/logo-lan.png" class="custom-logo" alt="{SITE_NAME}" decoding="async" /></a>
			</div>
		</div>
		<div id="site-navigation-wrap" class="clr">
			<nav id="site-navigation" class="navigation main-navigation clr" itemscope="itemscope" itemtype="https://schema.org/SiteNavigationElement" role="navigation" >
				{_menu(ctx, "menu-utama")}
				<div id="searchform-dropdown" class="header-searchform-wrap clr" >
					{_SEARCH_FORM.format(base=b, n=1)}
				</div>
			</nav>
		</div>
		<div class="oceanwp-mobile-menu-icon clr mobile-right">
			<a href="{b}#mobile-menu-toggle" class="mobile-menu" aria-label="Mobile Menu">
				<i class="fa fa-bars" aria-hidden="true"></i>
				<span class="oceanwp-text">Menu</span>
				<span class="oceanwp-close-text">Close</span>
			</a>
		</div>
	</div>
	<div id="mobile-dropdown" class="clr" >
		<nav class="clr" itemscope="itemscope" itemtype="https://schema.org/SiteNavigationElement">
			{_menu(ctx, "menu-utama-1")}
			<div id="mobile-menu-search" class="clr">
				{_SEARCH_FORM.format(base=b, n=2)}
			</div>
		</nav>
	</div>
</header>"""


def _sidebar(ctx: Context) -> str:
    b = ctx.base_url
    recent = "".join(
        f'<li><a href="{attr(ctx.listed_url(p, "sidebar"))}">{text(p.title)}</a>'
        f'<span class="post-date">{visible_date(p.published)}</span></li>'
        for p in ctx.posts[:5]
    )
    counts = {name: sum(name in p.categories for p in ctx.posts) for name in CATEGORIES}
    cats = "".join(
        f'<li class="cat-item cat-item-{cid}"><a href="{ctx.category_url(name)}">{text(name)}</a> ({counts[name]})</li>'
        for name, cid in CATEGORIES.items()
    )
    months = sorted({(p.published.year, p.published.month) for p in ctx.posts}, reverse=True)
    archives = "".join(
        f"<li><a href='{ctx.date_url(y, m)}'>{MONTHS[m - 1]} {y}</a></li>" for y, m in months[:12]
    )
    return f"""<aside id="right-sidebar" class="sidebar-container widget-area sidebar-primary" itemscope="itemscope" itemtype="https://schema.org/WPSideBar" role="complementary" aria-label="Primary Sidebar">
	<div id="right-sidebar-inner" class="clr">
		<div id="search-2" class="sidebar-box widget_search clr">{_SEARCH_FORM.format(base=b, n=3)}</div>
		<div id="recent-posts-2" class="sidebar-box widget_recent_entries clr">
		<h4 class="widget-title">Berita Terbaru</h4>
		<ul>{recent}</ul>
		</div>
		<div id="categories-2" class="sidebar-box widget_categories clr"><h4 class="widget-title">Kategori</h4><nav aria-label="Kategori"><ul>{cats}</ul></nav></div>
		<div id="archives-2" class="sidebar-box widget_archive clr"><h4 class="widget-title">Arsip</h4><nav aria-label="Arsip"><ul>{archives}</ul></nav></div>
		<div id="text-3" class="sidebar-box widget_text clr"><h4 class="widget-title">Tautan Instansi</h4><div class="textwidget"><ul>
			<li><a href="https://www.menpan.go.id/" target="_blank" rel="noopener">Kementerian PANRB</a></li>
			<li><a href="https://www.bkn.go.id/" target="_blank" rel="noopener">Badan Kepegawaian Negara</a></li>
			<li><a href="https://stialan.ac.id/" target="_blank" rel="noopener">Politeknik STIA LAN</a></li>
		</ul></div></div>
	</div>
</aside>"""


def _footer(ctx: Context) -> str:
    return f"""<footer id="footer" class="site-footer" itemscope="itemscope" itemtype="https://schema.org/WPFooter" role="contentinfo">
	<div id="footer-inner" class="clr">
		<div id="footer-widgets" class="oceanwp-row clr">
			<div class="footer-widgets-inner container">
				<div class="footer-box span_1_of_3 col col-1">
					<div id="text-5" class="footer-widget widget_text clr"><h4 class="widget-title">{SITE_NAME}</h4><div class="textwidget">
						<p>{ADDRESS}<br />
						{PHONE}<br />
						Email: humas@lan.go.id</p>
					</div></div>
				</div>
				<div class="footer-box span_1_of_3 col col-2">
					<div id="nav_menu-2" class="footer-widget widget_nav_menu clr"><h4 class="widget-title">Tautan Cepat</h4><div class="menu-footer-container"><ul id="menu-footer" class="menu">
						<li class="menu-item"><a href="{ctx.page_url(20)}">Layanan Informasi Publik</a></li>
						<li class="menu-item"><a href="{ctx.page_url(22)}">Hubungi Kami</a></li>
						<li class="menu-item"><a href="{ctx.feed_url()}">RSS Berita</a></li>
					</ul></div></div>
				</div>
				<div class="footer-box span_1_of_3 col col-3">
					<div id="custom_html-2" class="widget_text footer-widget widget_custom_html clr"><h4 class="widget-title">Jam Layanan</h4><div class="textwidget custom-html-widget">Senin &#8211; Jumat, 08.00 &#8211; 16.00 WIB</div></div>
				</div>
			</div>
		</div>
		<div id="footer-bottom" class="clr no-footer-nav">
			<div id="footer-bottom-inner" class="container clr">
				<div id="copyright" class="clr" role="contentinfo">Copyright &copy; 2024 {SITE_NAME}. Hak Cipta Dilindungi.</div>
			</div>
		</div>
	</div>
</footer>"""


_COOKIE_NOTICE = """<div id="cookie-notice" role="dialog" class="cookie-notice-hidden cookie-revoke-hidden cn-position-bottom" aria-label="Cookie Notice" style="background-color: rgba(50,50,58,1);"><div class="cookie-notice-container" style="color: #fff"><span id="cn-notice-text" class="cn-text-container">Kami menggunakan cookie untuk memberikan pengalaman terbaik di situs web kami.</span><span id="cn-notice-buttons" class="cn-buttons-container"><a href="#" id="cn-accept-cookie" data-cookie-set="accept" class="cn-set-cookie cn-button" aria-label="Setuju">Setuju</a><a href="#" id="cn-refuse-cookie" data-cookie-set="refuse" class="cn-set-cookie cn-button" aria-label="Tolak">Tolak</a></span><span id="cn-close-notice" data-cookie-set="accept" class="cn-close-icon" title="Tolak"></span></div></div>"""

_FOOT_SCRIPTS = """<a aria-label="Scroll to the top of the page" href="#" id="scroll-top" class="scroll-top-right"><i class=" fa fa-angle-up" aria-hidden="true" role="img"></i></a>
<script id="oceanwp-main-js-extra">
var oceanwpLocalize = {"nonce":"3c2d1e0f9a","isRTL":"","menuSearchStyle":"drop_down","mobileMenuSearchStyle":"disabled","sidrSource":null,"sidrDisplace":"1","sidrSide":"left","sidrDropdownTarget":"link","verticalHeaderTarget":"link","customScrollOffset":"0","customSelects":".woocommerce-ordering .orderby, #dropdown_product_cat, .widget_categories select, .widget_archive select, .single-product .variations_form .variations select"};
</script>
<script src="/wp-content/themes/oceanwp/assets/js/theme.min.js?ver=3.5.8" id="oceanwp-main-js"></script>
<script>document.documentElement.className = document.documentElement.className.replace('no-js', 'js'); /* Menu Close */</script>"""


def _layout(ctx: Context, *, title: str, head: str, body_class: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html class="html" lang="id-ID">
{_head(ctx, title, head)}
<body class="{body_class} wp-embed-responsive oceanwp-theme dropdown-mobile has-sidebar content-right-sidebar has-topbar has-breadcrumbs" itemscope="itemscope" itemtype="https://schema.org/WebPage">
	<div id="outer-wrap" class="site clr">
		<a class="skip-link screen-reader-text" href="#main">Skip to content</a>
		<div id="wrap" class="clr">
{_header(ctx)}
			<main id="main" class="site-main clr"  role="main">
{main}
			</main>
{_footer(ctx)}
		</div>
	</div>
{_FOOT_SCRIPTS}
{_COOKIE_NOTICE}
</body>
</html>
"""


def _page_header(ctx: Context, heading: str, trail: list[tuple[str, str]]) -> str:
    crumbs = [
        f'<li class="trail-item trail-begin"><a href="{ctx.base_url}" rel="home"><span>Beranda</span></a></li>'
    ]
    crumbs += [
        f'<li class="trail-item"><a href="{attr(url)}"><span>{text(name)}</span></a></li>'
        for name, url in trail[:-1]
    ]
    if trail:
        crumbs.append(f'<li class="trail-item trail-end"><span>{text(trail[-1][0])}</span></li>')
    return f"""<header class="page-header">
	<div class="container clr page-header-inner">
		<h1 class="page-header-title clr">{text(heading)}</h1>
		<nav role="navigation" aria-label="Breadcrumbs" class="site-breadcrumbs clr position-under-title"><ol class="trail-items"><meta name="numberOfItems" content="{len(crumbs)}" />{"<span class='breadcrumb-sep'>&gt;</span>".join(crumbs)}</ol></nav>
	</div>
</header>"""


def _with_sidebar(ctx: Context, content: str) -> str:
    return f"""<div id="content-wrap" class="container clr">
	<div id="primary" class="content-area clr">
		<div id="content" class="site-content clr">
{content}
		</div>
	</div>
{_sidebar(ctx)}
</div>"""


# --- single post ---------------------------------------------------------------


def render_post(ctx: Context, post: Post, body: str | None = None) -> str:
    """A single post; `body` replaces the post's own content (for the broken-post fault)."""
    b = ctx.base_url
    older, newer = ctx.neighbours(post)
    cat_links = ' <span class="owp-sep">/</span> '.join(
        f'<a href="{ctx.category_url(c)}" rel="category tag">{text(c)}</a>' for c in post.categories
    )
    tag_links = '<span class="owp-sep">,</span> '.join(
        f'<a href="{ctx.tag_url(t)}" rel="tag">{text(t)}</a>' for t in post.tags
    )
    tags = (
        f'<div class="post-tags clr"><span class="owp-tag-texts">Tags</span>: {tag_links}</div>'
        if post.tags
        else ""
    )
    thumbnail = ""
    if post.featured:
        src = attr(post.upload_url(b, post.featured[0]))
        thumbnail = (
            f'<div class="thumbnail"><img width="1024" height="683" src="{src}" '
            f'class="attachment-full size-full wp-post-image" alt="{attr(post.featured[1])}" '
            f'decoding="async" itemprop="image" /></div>'
        )
    modified = ""
    if post.modified.date() != post.published.date():
        modified = (
            '<li class="meta-mod-date" itemprop="dateModified"><span class="screen-reader-text">'
            'Post last modified:</span><i class=" icon-note" aria-hidden="true" role="img"></i>'
            f"{visible_date(post.modified)}</li>"
        )
    nav = []
    if older:
        nav.append(
            f'<div class="nav-previous"><a href="{ctx.post_url(older.id)}" rel="prev"><span class="title">'
            '<i class=" fas fa-long-arrow-alt-left" aria-hidden="true" role="img"></i> Previous Post</span>'
            f'<span class="post-title">{text(older.title)}</span></a></div>'
        )
    if newer:
        nav.append(
            f'<div class="nav-next"><a href="{ctx.post_url(newer.id)}" rel="next"><span class="title">'
            '<i class=" fas fa-long-arrow-alt-right" aria-hidden="true" role="img"></i> Next Post</span>'
            f'<span class="post-title">{text(newer.title)}</span></a></div>'
        )
    related = ctx.related(post)
    related_html = "".join(
        f'<article class="related-post clr col span_1_of_3 col-{i + 1} post-{p.id} post type-post">'
        f'<figure class="related-post-media clr"><a href="{ctx.post_url(p.id)}" class="related-thumb">'
        f'<img src="{b}wp-content/uploads/2020/06/placeholder-300x200.jpg" alt="{attr(p.title)}" /></a></figure>'
        f'<h3 class="related-post-title"><a href="{ctx.post_url(p.id)}" rel="bookmark">{text(p.title)}</a></h3>'
        f'<time class="published" datetime="{p.published.isoformat()}"><i class=" icon-clock" aria-hidden="true" role="img"></i>{visible_date(p.published)}</time>'
        "</article>"
        for i, p in enumerate(related)
    )
    share = "".join(
        f'<li class="{net}"><a href="{href}" aria-label="Share on {label}" onclick="ossShareWindow(this.href);return false;">'
        f'<span class="screen-reader-text">Opens in a new window</span><span class="oss-icon-wrap">'
        f'<i class="fab fa-{net}" aria-hidden="true"></i></span><span class="oss-name">{label}</span></a></li>'
        for net, label, href in (
            (
                "facebook",
                "Facebook",
                f"https://www.facebook.com/sharer.php?u={ctx.post_url(post.id)}",
            ),
            (
                "twitter",
                "Twitter",
                f"https://twitter.com/share?text={attr(post.title)}&amp;url={ctx.post_url(post.id)}",
            ),
            ("whatsapp", "WhatsApp", f"https://wa.me/?text={ctx.post_url(post.id)}"),
            (
                "linkedin",
                "LinkedIn",
                f"https://www.linkedin.com/shareArticle?mini=true&amp;url={ctx.post_url(post.id)}",
            ),
        )
    )
    category = post.categories[0]
    article = f"""<article class="single-post-article clr">
	<article id="post-{post.id}" class="post-{post.id} post type-post status-publish format-standard {"has-post-thumbnail " if post.featured else ""}hentry {" ".join("category-" + wp_slug(c) for c in post.categories)} entry{" has-media" if post.featured else ""}">
{thumbnail}
<header class="entry-header clr">
	<h2 class="single-post-title entry-title" itemprop="headline">{text(post.title)}</h2>
</header>
<ul class="meta ospm-default clr">
	<li class="meta-author" itemprop="name"><span class="screen-reader-text">Post author:</span><i class=" icon-user" aria-hidden="true" role="img"></i><a href="{ctx.author_url()}" title="Posts by {attr(post.author)}" rel="author"  itemprop="author" itemscope="itemscope" itemtype="https://schema.org/Person">{text(post.author)}</a></li>
	<li class="meta-date" itemprop="datePublished"><span class="screen-reader-text">Post published:</span><i class=" icon-clock" aria-hidden="true" role="img"></i>{visible_date(post.published)}</li>
	{modified}
	<li class="meta-cat"><span class="screen-reader-text">Post category:</span><i class=" icon-folder" aria-hidden="true" role="img"></i>{cat_links}</li>
	<li class="meta-comments"><span class="screen-reader-text">Post comments:</span><i class=" icon-bubble" aria-hidden="true" role="img"></i><a href="{ctx.post_url(post.id)}#respond" class="comments-link" >0 Comments</a></li>
</ul>
<div class="entry-content clr" itemprop="text">
{post_body(ctx, post) if body is None else body}
</div>
{tags}
<div class="entry-share clr minimal side">
	<h3 class="theme-heading social-share-title"><span class="text" aria-hidden="true">Bagikan</span><span class="screen-reader-text">Share this post</span></h3>
	<ul class="oss-social-share clr" aria-label="Available sharing options">{share}</ul>
</div>
<nav class="navigation post-navigation" aria-label="Read more articles"><h2 class="screen-reader-text">Read more articles</h2><div class="nav-links">{"".join(nav)}</div></nav>
<section id="related-posts" class="clr">
	<h3 class="theme-heading related-posts-title"><span class="text">Berita Terkait</span></h3>
	<div class="oceanwp-row clr">{related_html}</div>
</section>
<section id="comments" class="comments-area clr has-rating">
	<div id="respond" class="comment-respond">
		<h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan <small><a rel="nofollow" id="cancel-comment-reply-link" href="{ctx.post_url(post.id)}#respond" style="display:none;">Batalkan balasan</a></small></h3>
		<form action="{b}wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
			<div class="comment-textarea"><label for="comment" class="screen-reader-text">Komentar</label><textarea name="comment" id="comment" cols="39" rows="4" tabindex="0" class="textarea-comment" placeholder="Tulis komentar Anda di sini..."></textarea></div>
			<div class="comment-form-author"><label for="author" class="screen-reader-text">Masukkan nama Anda atau nama pengguna untuk berkomentar</label><input type="text" name="author" id="author" value="" placeholder="Nama (wajib)" size="22" tabindex="0" aria-required="true" class="input-name" /></div>
			<div class="comment-form-email"><label for="email" class="screen-reader-text">Masukkan alamat email Anda untuk berkomentar</label><input type="text" name="email" id="email" value="" placeholder="Email (wajib)" size="22" tabindex="0" aria-required="true" class="input-email" /></div>
			<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label for="wp-comment-cookies-consent">Simpan nama, email, dan situs web saya pada peramban ini untuk komentar saya berikutnya.</label></p>
			<p class="form-submit"><input name="submit" type="submit" id="comment-submit" class="submit" value="Kirim Komentar" /> <input type='hidden' name='comment_post_ID' value='{post.id}' id='comment_post_ID' /></p>
		</form>
	</div>
</section>
	</article>
</article>"""
    main = (
        _page_header(ctx, "Berita", [(category, ctx.category_url(category)), (post.title, "")])
        + "\n"
        + _with_sidebar(ctx, article)
    )
    body_class = (
        f"post-template-default single single-post postid-{post.id} single-format-standard"
        f" post-in-category-{wp_slug(category)}"
    )
    return _layout(
        ctx,
        title=f"{post.title} – {SITE_NAME}",
        head=post_head(ctx, post),
        body_class=body_class,
        main=main,
    )


# --- listings, pages, errors -----------------------------------------------------


def _pagination(url_for_page: Callable[[int], str], page: int, total: int) -> str:
    if total <= 1:
        return ""
    items = []
    if page > 1:
        items.append(
            f'<li><a class="prev page-numbers" href="{attr(url_for_page(page - 1))}"><span aria-label="Previous Page"><i class=" fa fa-angle-left" aria-hidden="true" role="img"></i></span></a></li>'
        )
    for n in range(1, total + 1):
        if n == page:
            items.append(
                f'<li><span aria-current="page" class="page-numbers current">{n}</span></li>'
            )
        elif n in (1, total) or abs(n - page) <= 2:
            items.append(f'<li><a class="page-numbers" href="{attr(url_for_page(n))}">{n}</a></li>')
        elif abs(n - page) == 3:
            items.append('<li><span class="page-numbers dots">&hellip;</span></li>')
    if page < total:
        items.append(
            f'<li><a class="next page-numbers" href="{attr(url_for_page(page + 1))}"><span aria-label="Next Page"><i class=" fa fa-angle-right" aria-hidden="true" role="img"></i></span></a></li>'
        )
    return f"<div class=\"oceanwp-pagination clr\"><ul class='page-numbers'>{''.join(items)}</ul></div>"


def render_listing(
    ctx: Context,
    *,
    heading: str,
    posts: list[Post],
    page: int,
    total_pages: int,
    url_for_page: Callable[[int], str],
    body_class: str,
    extra_entries: list[tuple[str, str]] = [],  # noqa: B006 (never mutated)
) -> str:
    """A blog listing (home, category, tag, month): entries with excerpts, then pagination."""
    entries = []
    for title, href in extra_entries:
        entries.append(
            '<article class="blog-entry clr large-entry post type-post sticky">'
            '<div class="blog-entry-inner clr"><header class="blog-entry-header clr">'
            f'<h2 class="blog-entry-title entry-title"><a href="{attr(href)}" rel="bookmark">{text(title)}</a></h2>'
            "</header></div></article>"
        )
    for p in posts:
        url = ctx.listed_url(p, "listing")
        thumb = ""
        if p.featured:
            thumb = (
                f'<div class="thumbnail"><a href="{attr(url)}" class="thumbnail-link no-lightbox">'
                f'<img width="1024" height="683" src="{attr(p.upload_url(ctx.base_url, p.featured[0]))}" '
                f'class="attachment-full size-full wp-post-image" alt="{attr(p.featured[1])}" decoding="async" /></a></div>'
            )
        cats = ' <span class="owp-sep">/</span> '.join(
            f'<a href="{ctx.category_url(c)}" rel="category tag">{text(c)}</a>'
            for c in p.categories
        )
        entries.append(
            f'<article id="post-{p.id}" class="blog-entry clr large-entry post-{p.id} post type-post status-publish format-standard hentry entry">'
            f'<div class="blog-entry-inner clr">{thumb}'
            f'<header class="blog-entry-header clr"><h2 class="blog-entry-title entry-title"><a href="{attr(url)}" rel="bookmark">{text(p.title)}</a></h2></header>'
            '<ul class="meta obem-default clr" aria-label="Post details:">'
            f'<li class="meta-author" itemprop="name"><span class="screen-reader-text">Post author:</span><a href="{ctx.author_url()}" rel="author">{text(p.author)}</a></li>'
            f'<li class="meta-date" itemprop="datePublished"><span class="screen-reader-text">Post published:</span>{visible_date(p.published)}</li>'
            f'<li class="meta-cat"><span class="screen-reader-text">Post category:</span>{cats}</li></ul>'
            f'<div class="blog-entry-summary clr" itemprop="text"><p>{text(excerpt(p))}&hellip;</p></div>'
            f'<div class="blog-entry-readmore clr"><a href="{attr(url)}" title="Continue Reading">Continue Reading<i class=" fa fa-angle-right" aria-hidden="true" role="img"></i></a>'
            f'<span class="screen-reader-text">{text(p.title)}</span></div>'
            "</div></article>"
        )
    content = f'<div id="blog-entries" class="entries clr">{"".join(entries)}</div>' + _pagination(
        url_for_page, page, total_pages
    )
    title = (
        f"{heading} – {SITE_NAME}" if heading != "Berita Terbaru" else f"{SITE_NAME} – {TAGLINE}"
    )
    main = _page_header(ctx, heading, [(heading, "")]) + "\n" + _with_sidebar(ctx, content)
    return _layout(ctx, title=title, head="", body_class=body_class, main=main)


def render_page(ctx: Context, page: StaticPage) -> str:
    body = "\n".join(f"<p>{text(p)}</p>" for p in page.paragraphs)
    content = f'<article class="single-page-article clr"><div class="entry clr" itemprop="text">{body}</div></article>'
    main = _page_header(ctx, page.title, [(page.title, "")]) + "\n" + _with_sidebar(ctx, content)
    head = f"<link rel=\"canonical\" href=\"{ctx.page_url(page.id)}\" />\n<link rel='shortlink' href='{ctx.base_url}?page_id={page.id}' />"
    return _layout(
        ctx,
        title=f"{page.title} – {SITE_NAME}",
        head=head,
        body_class=f"page-template-default page page-id-{page.id}",
        main=main,
    )


def render_attachment(ctx: Context, post: Post, attachment_id: int, file_url: str) -> str:
    content = (
        f'<article id="post-{attachment_id}" class="post-{attachment_id} attachment type-attachment status-inherit hentry">'
        f'<div class="entry clr"><p class="attachment"><a href="{attr(file_url)}">{text(file_url.rsplit("/", 1)[-1])}</a></p></div></article>'
    )
    main = _page_header(ctx, post.title, [(post.title, ctx.post_url(post.id)), ("Lampiran", "")])
    return _layout(
        ctx,
        title=f"Lampiran – {SITE_NAME}",
        head="",
        body_class=f"attachment attachment-template-default single single-attachment postid-{attachment_id}",
        main=main + "\n" + _with_sidebar(ctx, content),
    )


def render_not_found(ctx: Context) -> str:
    content = """<article class="entry clr"><div class="error404-content clr">
	<h2 class="error-title">Halaman ini tidak dapat ditemukan!</h2>
	<p class="error-text">Kami mohon maaf. Tetapi halaman yang Anda cari tidak tersedia.<br />Mungkin Anda dapat mencoba pencarian?</p>
	<a class="error-btn button" href="/">Kembali ke Beranda</a>
</div></article>"""
    main = _page_header(ctx, "404: Halaman Tidak Ditemukan", [("404", "")])
    return _layout(
        ctx,
        title=f"Halaman tidak ditemukan – {SITE_NAME}",
        head="",
        body_class="error404",
        main=main + "\n" + _with_sidebar(ctx, content),
    )
