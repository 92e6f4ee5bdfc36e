"""HTML of the sample site as WordPress renders it with OceanWP 4.1.4 (lan.go.id's theme).

Every function follows one or more of the theme's template files (named in its
docstring) as they print with the theme's defaults, plus what WordPress core
(body_class, post_class, wp_head, the_post_navigation), Yoast SEO and Ocean
Social Sharing add. The theme ships no Indonesian translation: its own labels
are English ("Skip to content", "Post author:", "You Might Also Like"), while
WordPress core strings are printed as its id_ID translation does. The markup is
ours, written to print what those templates print; no theme code is copied.
Every function returns a complete page; nothing here does I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from lan_crawler.sample_site.content import (
    LANGUAGE,
    MONTHS,
    WP_VERSION,
    Context,
    attr,
    core_head_links,
    excerpt,
    page_head,
    post_class,
    post_head,
    reading_minutes,
    text,
    visible_date,
    yoast_title,
)
from lan_crawler.sample_site.identity import StaticPage
from lan_crawler.sample_site.plugins import post_body
from lan_crawler.sample_site.posts import Post, wp_slug

THEME_VERSION = "4.1.4"

# oceanwp_blog_single_elements_positioning(): the default order of a single post's parts
DEFAULT_ELEMENTS = (
    "featured_image",
    "title",
    "meta",
    "content",
    "tags",
    "social_share",
    "next_prev",
    "author_box",
    "related_posts",
    "single_comments",
)


@dataclass(frozen=True)
class Settings:
    """The Customizer settings the single-post templates read (theme mods).

    Defaults are the theme's, except `featured_alt_from_media`: lan.go.id turns on
    "Use featured image ALT text on single posts" (ocean_enable_sp_fimage_alt), so
    the featured image's alt is the media library's, not "You are currently viewing".
    """

    elements: tuple[str, ...] = DEFAULT_ELEMENTS  # ocean_blog_single_elements_positioning
    meta: tuple[str, ...] = ("author", "date", "categories", "comments")  # ocean_blog_single_meta
    heading_tag: str = "h2"  # ocean_single_post_heading_tag
    page_header_title: str = "Blog"  # the page header's title on single posts
    comments_open: bool = False  # the site takes no comments
    featured_alt_from_media: bool = True
    related_count: int = 3  # ocean_blog_related_count


SETTINGS = Settings()


def _icon(name: str) -> str:
    """oceanwp_icon(): the theme's font icon (Simple Line Icons / Font Awesome classes)."""
    return f'<i class=" {name}" aria-hidden="true" role="img"></i>'


# --- page chrome -----------------------------------------------------------------


def _search_form(ctx: Context, n: int) -> str:
    """searchform.php: the theme's search form (English labels, untranslated)."""
    return (
        f'<form aria-label="Search this website" role="search" method="get" class="searchform" '
        f'action="{ctx.base_url}"><input aria-label="Insert search query" type="search" '
        f'id="ocean-search-form-{n}" class="field" autocomplete="off" placeholder="Search" '
        f'name="s"><button aria-label="Submit search" type="submit" class="search-submit">'
        f"{_icon('icon-magnifier')}</button></form>"
    )


def _menu_item_id(label: str) -> int:
    return 100 + int(hashlib.md5(label.encode()).hexdigest()[:4], 16) % 900


def _menu(ctx: Context, menu_id: str, *, main: bool) -> str:
    """wp_nav_menu() of the main menu: with OceanWP's walker (`menu-link`, `text-wrap`,
    arrows) in the header (partials/header/nav.php), plain in #mobile-dropdown
    (partials/mobile/mobile-dropdown.php)."""
    items = []
    for label, url, children in ctx.menu():
        item_id = _menu_item_id(label)
        classes = f"menu-item menu-item-type-custom menu-item-object-custom menu-item-{item_id}"
        if url == ctx.base_url:
            classes += " menu-item-home"
        link_class = ' class="menu-link"' if main else ""
        sub = "".join(
            f'<li class="menu-item menu-item-type-post_type menu-item-object-page '
            f'menu-item-{_menu_item_id(name)}"><a href="{attr(u)}"{link_class}>'
            + (f'<span class="text-wrap">{text(name)}</span>' if main else text(name))
            + "</a></li>"
            for name, u in children
        )
        if sub:
            classes += " menu-item-has-children" + (" dropdown" if main else "")
        arrow = '<i class="nav-arrow fa fa-angle-down" aria-hidden="true" role="img"></i>'
        inner = (
            f'<span class="text-wrap">{text(label)}{arrow if sub else ""}</span>'
            if main
            else text(label)
        )
        items.append(
            f'<li id="menu-item-{item_id}" class="{classes}"><a href="{attr(url)}"{link_class}>'
            f"{inner}</a>" + (f'<ul class="sub-menu">{sub}</ul>' if sub else "") + "</li>"
        )
    if main:
        # partials/header/search-dropdown.php: the search toggle ends the header menu
        items.append(
            f'<li class="search-toggle-li" ><a href="{ctx.base_url}#" class="site-search-toggle '
            f'search-dropdown-toggle" aria-label="Search website">{_icon("icon-magnifier")}</a></li>'
        )
        return f'<ul id="{menu_id}" class="main-menu dropdown-menu sf-menu">{"".join(items)}</ul>'
    return f'<ul id="{menu_id}" class="menu">{"".join(items)}</ul>'


def _head(ctx: Context, seo: str, core: str) -> str:
    """header.php's <head> and what wp_head() prints, in its priority order: robots and
    Yoast's block (1), the viewport OceanWP adds (1), feed links (2), emoji script (7),
    styles (8), scripts (9), core links (10), site icon (99), custom CSS (101)."""
    b, name = ctx.base_url, ctx.site.name
    return f"""<head>
	<meta charset="UTF-8">
	<link rel="profile" href="https://gmpg.org/xfn/11">

	{seo}
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{attr(ctx.feed_url())}" />
<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Umpan Komentar" href="{attr(ctx.feed_url(comments=True))}" />
<script>
window._wpemojiSettings = {{"baseUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/15.0.3\\/72x72\\/","ext":".png","source":{{"concatemoji":"{b}wp-includes\\/js\\/wp-emoji-release.min.js?ver={WP_VERSION}"}}}};
</script>
<style id='wp-emoji-styles-inline-css'>
	img.wp-smiley, img.emoji {{ display: inline !important; border: none !important; height: 1em !important; }}
</style>
<link rel='stylesheet' id='wp-block-library-css' href='{b}wp-includes/css/dist/block-library/style.min.css?ver={WP_VERSION}' media='all' />
<link rel='stylesheet' id='font-awesome-css' href='{b}wp-content/themes/oceanwp/assets/fonts/fontawesome/css/all.min.css?ver=6.7.2' media='all' />
<link rel='stylesheet' id='simple-line-icons-css' href='{b}wp-content/themes/oceanwp/assets/css/third/simple-line-icons.min.css?ver=2.4.0' media='all' />
<link rel='stylesheet' id='oceanwp-style-css' href='{b}wp-content/themes/oceanwp/assets/css/style.min.css?ver={THEME_VERSION}' media='all' />
<link rel='stylesheet' id='oss-social-share-style-css' href='{b}wp-content/plugins/ocean-social-sharing/assets/css/style.min.css?ver={WP_VERSION}' media='all' />
<script src="{b}wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
{core}
<link rel="icon" href="{b}{ctx.site.favicon}" sizes="32x32" />
<style id="wp-custom-css">
	.site-breadcrumbs {{ font-size: 12px; }} #site-header {{ border-bottom: 1px solid #e5e5e5; }}
</style>
</head>"""


def _top_bar(ctx: Context) -> str:
    """partials/topbar/layout.php, content.php and social.php (text left, social right)."""
    social = "".join(
        f'<li class="oceanwp-{net}"><a href="{href}" aria-label="{label} (opens in a new tab)" '
        f'target="_blank" rel="noopener noreferrer">{_icon(icon)}</a></li>'
        for net, label, icon, href in ctx.site.social
    )
    return f"""<div id="top-bar-wrap" class="clr">
	<div id="top-bar" class="clr container">
		<div id="top-bar-inner" class="clr">
			<div id="top-bar-content" class="clr has-content top-bar-left">
				<span class="topbar-content">Selamat datang di laman resmi {ctx.site.name}</span>
			</div>
			<div id="top-bar-social" class="clr top-bar-right">
				<ul class="clr" aria-label="Social links">{social}</ul>
			</div>
		</div>
	</div>
</div>"""


def _header(ctx: Context) -> str:
    """partials/header/layout.php (minimal style): logo.php, nav.php with the search
    dropdown, partials/mobile/mobile-icon.php ("Menu"/"Close" in the dropdown mobile
    style, hrefs ending in fragments) and mobile-dropdown.php with mobile-search.php."""
    b = ctx.base_url
    return f"""<header id="site-header" class="minimal-header clr" data-height="74" itemscope itemtype="https://schema.org/WPHeader" role="banner">
	<div id="site-header-inner" class="clr container">
		<div id="site-logo" class="clr" itemscope itemtype="https://schema.org/Brand" >
			<div id="site-logo-inner" class="clr">
				<a href="{b}" class="custom-logo-link" rel="home"><img width="260" height="64" src="{b}{ctx.site.logo}" class="custom-logo" alt="{ctx.site.name}" decoding="async" /></a>
			</div>
		</div>
		<div id="site-navigation-wrap" class="clr">
			<nav id="site-navigation" class="navigation main-navigation clr" itemscope itemtype="https://schema.org/SiteNavigationElement" role="navigation" >
				{_menu(ctx, "menu-utama", main=True)}
				<div id="searchform-dropdown" class="header-searchform-wrap clr" >
					{_search_form(ctx, 1)}
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
		<nav class="clr" itemscope itemtype="https://schema.org/SiteNavigationElement">
			{_menu(ctx, "menu-utama-1", main=False)}
			<div id="mobile-menu-search" class="clr">
				<form aria-label="Search this website" method="get" action="{b}" class="mobile-searchform">
					<input aria-label="Insert search query" value="" class="field" id="ocean-mobile-search-2" type="search" name="s" autocomplete="off" placeholder="Search" />
					<button aria-label="Submit search" type="submit" class="searchform-submit">{_icon("icon-magnifier")}</button>
				</form>
			</div>
		</nav>
	</div>
</header>"""


def _sidebar(ctx: Context) -> str:
    """sidebar.php with classic widgets (search, recent posts, categories, archives, text),
    as WordPress core's widgets print them in a theme supporting navigation widgets."""
    recent = "".join(
        f'<li><a href="{attr(ctx.listed_url(p, "sidebar"))}">{text(p.title)}</a>'
        f'<span class="post-date">{visible_date(p.published)}</span></li>'
        for p in ctx.posts[:5]
    )
    counts = {name: sum(name in p.categories for p in ctx.posts) for name, _ in ctx.site.categories}
    cats = "".join(
        f'<li class="cat-item cat-item-{cid}"><a href="{attr(ctx.category_url(name))}">'
        f"{text(name)}</a> ({counts[name]})</li>"
        for name, cid in ctx.site.categories
    )
    links = "".join(
        f'\n\t\t\t<li><a href="{url}" target="_blank" rel="noopener">{text(label)}</a></li>'
        for label, url in ctx.site.links
    )
    months = sorted({(p.published.year, p.published.month) for p in ctx.posts}, reverse=True)
    archives = "".join(
        f"<li><a href='{attr(ctx.date_url(y, m))}'>{MONTHS[m - 1]} {y}</a></li>"
        for y, m in months[:12]
    )
    return f"""<aside id="right-sidebar" class="sidebar-container widget-area sidebar-primary" itemscope itemtype="https://schema.org/WPSideBar" role="complementary" aria-label="Primary Sidebar">
	<div id="right-sidebar-inner" class="clr">
		<div id="search-2" class="sidebar-box widget_search clr">{_search_form(ctx, 3)}</div>
		<div id="recent-posts-2" class="sidebar-box widget_recent_entries clr">
		<h4 class="widget-title">Berita Terbaru</h4><nav aria-label="Berita Terbaru">
		<ul>{recent}</ul>
		</nav></div>
		<div id="categories-2" class="sidebar-box widget_categories clr"><h4 class="widget-title">Kategori</h4><nav aria-label="Kategori"><ul>{cats}</ul></nav></div>
		<div id="archives-2" class="sidebar-box widget_archive clr"><h4 class="widget-title">Arsip</h4><nav aria-label="Arsip"><ul>{archives}</ul></nav></div>
		<div id="text-3" class="sidebar-box widget_text clr"><h4 class="widget-title">Tautan Instansi</h4><div class="textwidget"><ul>{links}
		</ul></div></div>
	</div>
</aside>"""


def _footer(ctx: Context) -> str:
    """partials/footer/layout.php: widgets.php (three columns) and copyright.php."""
    site = ctx.site
    return f"""<footer id="footer" class="site-footer" itemscope itemtype="https://schema.org/WPFooter" role="contentinfo">
	<div id="footer-inner" class="clr">
		<div id="footer-widgets" class="oceanwp-row clr">
			<div class="footer-widgets-inner container">
				<div class="footer-box span_1_of_3 col col-1">
					<div id="text-5" class="footer-widget widget_text clr"><h4 class="widget-title">{site.name}</h4><div class="textwidget">
						<p>{site.address}<br />
						{site.phone}<br />
						Email: {site.email}</p>
					</div></div>
				</div>
				<div class="footer-box span_1_of_3 col col-2">
					<div id="nav_menu-2" class="footer-widget widget_nav_menu clr"><h4 class="widget-title">Tautan Cepat</h4><nav class="menu-footer-container" aria-label="Tautan Cepat"><ul id="menu-footer" class="menu">
						<li class="menu-item"><a href="{attr(ctx.page_url(20))}">Layanan Informasi Publik</a></li>
						<li class="menu-item"><a href="{attr(ctx.page_url(22))}">Hubungi Kami</a></li>
						<li class="menu-item"><a href="{attr(ctx.feed_url())}">RSS Berita</a></li>
					</ul></nav></div>
				</div>
				<div class="footer-box span_1_of_3 col col-3">
					<div id="custom_html-2" class="widget_text footer-widget widget_custom_html clr"><h4 class="widget-title">Jam Layanan</h4><div class="textwidget custom-html-widget">{site.service_hours}</div></div>
				</div>
			</div>
		</div>
		<div id="footer-bottom" class="clr no-footer-nav">
			<div id="footer-bottom-inner" class="container clr">
				<div id="copyright" class="clr" role="contentinfo">Copyright &copy; {site.copyright_year} {site.name}. Hak Cipta Dilindungi.</div>
			</div>
		</div>
	</div>
</footer>"""


# Cookie Notice (by Hu-manity.co), a plugin the site runs: printed at wp_footer
_COOKIE_NOTICE = """<div id="cookie-notice" role="dialog" class="cookie-notice-hidden cookie-revoke-hidden cn-position-bottom" aria-label="Cookie Notice" style="background-color: rgba(50,50,58,1);"><div class="cookie-notice-container" style="color: #fff"><span id="cn-notice-text" class="cn-text-container">{text}</span><span id="cn-notice-buttons" class="cn-buttons-container"><a href="#" id="cn-accept-cookie" data-cookie-set="accept" class="cn-set-cookie cn-button" aria-label="Setuju">Setuju</a><a href="#" id="cn-refuse-cookie" data-cookie-set="refuse" class="cn-set-cookie cn-button" aria-label="Tolak">Tolak</a></span><span id="cn-close-notice" data-cookie-set="accept" class="cn-close-icon" title="Tolak"></span></div></div>"""


def _foot(ctx: Context) -> str:
    """partials/scroll-top.php, then wp_footer(): the theme's localized script and files."""
    b = ctx.base_url
    return f"""<a aria-label="Scroll to the top of the page" href="#" id="scroll-top" class="scroll-top-right">{_icon("fa fa-angle-up")}</a>
<script id="oceanwp-main-js-extra">
var oceanwpLocalize = {{"nonce":"3c2d1e0f9a","isRTL":"","menuSearchStyle":"drop_down","mobileMenuSearchStyle":"disabled","sidrSource":null,"sidrDisplace":"1","sidrSide":"left","sidrDropdownTarget":"link","verticalHeaderTarget":"link","customScrollOffset":"0","customSelects":".woocommerce-ordering .orderby, #dropdown_product_cat, .widget_categories select, .widget_archive select, .single-product .variations_form .variations select"}};
</script>
<script src="{b}wp-content/themes/oceanwp/assets/js/theme.min.js?ver={THEME_VERSION}" id="oceanwp-main-js"></script>
<script src="{b}wp-content/plugins/ocean-social-sharing/assets/js/social.min.js?ver={WP_VERSION}" id="oss-social-share-script-js"></script>
{_COOKIE_NOTICE.format(text=text(ctx.site.cookie_notice))}"""


def _body_classes(wp_classes: str, *, sidebar: bool = True) -> str:
    """body_class(): WordPress's classes for the query, the theme supports' classes, then
    those OceanWP's body_class filter adds with its defaults."""
    layout = "has-sidebar content-right-sidebar" if sidebar else "content-full-width"
    return (
        f"{wp_classes} wp-custom-logo wp-embed-responsive oceanwp-theme dropdown-mobile "
        f"default-breakpoint {layout} has-topbar has-breadcrumbs"
    )


def _layout(ctx: Context, *, head: str, body_class: str, itemtype: str, main: str) -> str:
    """header.php and footer.php around a page's <main>."""
    return f"""<!DOCTYPE html>
<html class="html" lang="{LANGUAGE}">
{head}

<body class="{body_class}" itemscope="itemscope" itemtype="https://schema.org/{itemtype}">

	<div id="outer-wrap" class="site clr">

		<a class="skip-link screen-reader-text" href="#main">Skip to content</a>

		<div id="wrap" class="clr">

{_top_bar(ctx)}
{_header(ctx)}

			<main id="main" class="site-main clr" itemprop="mainContentOfPage" itemscope itemtype="https://schema.org/WebPageElement" role="main">

{main}

			</main><!-- #main -->

{_footer(ctx)}

		</div><!-- #wrap -->

	</div><!-- #outer-wrap -->

{_foot(ctx)}
</body>
</html>
"""


def _page_header(ctx: Context, heading: str, trail: list[tuple[str, str]]) -> str:
    """partials/page-header.php with the theme's breadcrumb trail (Home as an icon, then
    the trail; the last item is the current page)."""
    crumbs = [
        '<li class="trail-item trail-begin" itemprop="itemListElement" itemscope '
        f'itemtype="https://schema.org/ListItem"><a href="{ctx.base_url}" rel="home" '
        'aria-label="Home" itemprop="item"><span itemprop="name">'
        f'{_icon("icon-home")}<span class="breadcrumb-home has-icon">Home</span></span></a>'
        '<span class="breadcrumb-sep">&gt;</span><meta itemprop="position" content="1" /></li>'
    ]
    for position, (name, url) in enumerate(trail, start=2):
        end = position == len(trail) + 1
        crumbs.append(
            f'<li class="trail-item{" trail-end" if end else ""}" itemprop="itemListElement" '
            'itemscope itemtype="https://schema.org/ListItem">'
            f'<a href="{attr(url)}" itemprop="item"><span itemprop="name">{text(name)}</span></a>'
            + ("" if end else '<span class="breadcrumb-sep">&gt;</span>')
            + f'<meta itemprop="position" content="{position}" /></li>'
        )
    return f"""<header class="page-header">

	<div class="container clr page-header-inner">

		<h1 class="page-header-title clr" itemprop="headline">{text(heading)}</h1>

		<nav role="navigation" aria-label="Breadcrumbs" class="site-breadcrumbs clr position-"><ol class="trail-items" itemscope itemtype="http://schema.org/BreadcrumbList"><meta name="numberOfItems" content="{len(crumbs)}" /><meta name="itemListOrder" content="Ascending" />{"".join(crumbs)}</ol></nav>
	</div><!-- .page-header-inner -->

</header><!-- .page-header -->"""


def _content_wrap(ctx: Context, content: str, *, sidebar: bool = True) -> str:
    """single.php / index.php / page.php: the content area and the sidebar."""
    return f"""	<div id="content-wrap" class="container clr">

		<div id="primary" class="content-area clr">

			<div id="content" class="site-content clr">

{content}

			</div><!-- #content -->

		</div><!-- #primary -->

{_sidebar(ctx) if sidebar else ""}
	</div><!-- #content-wrap -->"""


# --- WordPress core: post_class() and adjacent posts -------------------------------


def post_classes(post: Post, extra: tuple[str, ...] = ()) -> str:
    """post_class() in OceanWP: core's classes, then the `entry` (and `has-media`) that the
    theme's post_class filter adds to posts in loops."""
    return post_class(post, extra) + " entry" + (" has-media" if post.featured else "")


def adjacent_in_same_tag(ctx: Context, post: Post) -> tuple[Post | None, Post | None]:
    """get_adjacent_post() with `in_same_term` over post_tag, as next-prev.php asks: the
    nearest older and newer post sharing a tag (none when the post has no tag)."""
    if not post.tags:
        return None, None
    shares = [p for p in ctx.posts if p is post or set(p.tags) & set(post.tags)]
    index = shares.index(post)
    newer = shares[index - 1] if index > 0 else None
    older = shares[index + 1] if index + 1 < len(shares) else None
    return older, newer


def related_posts(ctx: Context, post: Post, count: int) -> list[Post]:
    """related-posts.php's query: posts in any of the post's categories, `orderby rand`
    (here a fixed shuffle, so a page is the same bytes every time)."""
    same = [p for p in ctx.posts if p.id != post.id and set(p.categories) & set(post.categories)]
    same.sort(key=lambda p: hashlib.md5(f"{post.id}:{p.id}".encode()).hexdigest())
    return same[:count]


# --- single post ---------------------------------------------------------------


def _thumbnail(ctx: Context, post: Post, settings: Settings) -> str:
    """partials/single/media/blog-single.php: the_post_thumbnail('full')."""
    if not post.featured:
        return ""
    file_name, media_alt = post.featured
    alt = (
        media_alt if settings.featured_alt_from_media else f"You are currently viewing {post.title}"
    )
    src = attr(post.upload_url(ctx.base_url, file_name))
    small = attr(post.upload_url(ctx.base_url, file_name.replace(".", "-300x200.", 1)))
    return (
        f'<div class="thumbnail">\n\n\t<img width="1024" height="683" src="{src}" '
        f'class="attachment-full size-full wp-post-image" alt="{attr(alt)}" itemprop="image" '
        f'decoding="async" fetchpriority="high" srcset="{src} 1024w, {small} 300w" '
        'sizes="(max-width: 1024px) 100vw, 1024px" />\n</div><!-- .thumbnail -->'
    )


def _title(post: Post, settings: Settings) -> str:
    """partials/single/header.php."""
    tag = settings.heading_tag
    return (
        '<header class="entry-header clr">\n'
        f'\t<{tag} class="single-post-title entry-title" itemprop="headline">{text(post.title)}'
        f"</{tag}><!-- .single-post-title -->\n</header><!-- .entry-header -->"
    )


def _meta(ctx: Context, post: Post, settings: Settings) -> str:
    """partials/single/meta.php: the sections of ocean_blog_single_meta, in its order."""
    items = []
    for section in settings.meta:
        if section == "author":
            items.append(
                '<li class="meta-author" itemprop="name"><span class="screen-reader-text">'
                f'Post author:</span>{_icon("icon-user")}<a href="{attr(ctx.author_url())}" '
                f'title="Pos oleh {attr(post.author)}" rel="author"  itemprop="author" itemscope '
                f'itemtype="https://schema.org/Person">{text(post.author)}</a></li>'
            )
        elif section == "date":
            items.append(
                '<li class="meta-date" itemprop="datePublished"><span class="screen-reader-text">'
                f"Post published:</span>{_icon('icon-clock')}{visible_date(post.published)}</li>"
            )
        elif section == "mod-date":
            items.append(
                '<li class="meta-mod-date" itemprop="dateModified"><span class="screen-reader-text">'
                f"Post last modified:</span>{_icon('icon-note')}{visible_date(post.modified)}</li>"
            )
        elif section == "categories":
            links = ' <span class="owp-sep">/</span> '.join(
                f'<a href="{attr(ctx.category_url(c))}" rel="category tag">{text(c)}</a>'
                for c in post.categories
            )
            items.append(
                '<li class="meta-cat"><span class="screen-reader-text">Post category:</span>'
                f"{_icon('icon-folder')}{links}</li>"
            )
        elif section == "reading-time":
            minutes = reading_minutes(post)
            items.append(
                '<li class="meta-rt"><span class="screen-reader-text">Reading time:</span>'
                f"{_icon('icon-cup')}{minutes} min read</li>"
            )
        elif section == "comments" and settings.comments_open:
            items.append(
                '<li class="meta-comments"><span class="screen-reader-text">Post comments:</span>'
                f'{_icon("icon-bubble")}<a href="{attr(ctx.post_url(post.id))}#respond" '
                'class="comments-link" >0 Comments</a></li>'
            )
    return '<ul class="meta ospm-default clr">\n\t' + "\n\t".join(items) + "\n</ul>"


def _content(ctx: Context, post: Post, body: str | None) -> str:
    """partials/single/content.php: the_content()."""
    inner = post_body(ctx, post) if body is None else body
    return f'<div class="entry-content clr" itemprop="text">\n{inner}\n</div><!-- .entry -->'


def _tags(ctx: Context, post: Post) -> str:
    """partials/single/tags.php: the_tags() after "Tags: "."""
    if not post.tags:
        return ""
    links = '<span class="owp-sep">,</span> '.join(
        f'<a href="{attr(ctx.tag_url(t))}" rel="tag">{text(t)}</a>' for t in post.tags
    )
    return f'<div class="post-tags clr">\n\t<span class="owp-tag-text">Tags: </span>{links}\n</div>'


def _social_share(ctx: Context, post: Post) -> str:
    """Ocean Social Sharing's template/social-share.php (style minimal, heading at the
    side, no names): X, Facebook, LinkedIn and Reddit enabled, our own icon drawings."""
    url = ctx.post_url(post.id)
    encoded = url.replace(":", "%3A").replace("/", "%2F").replace("?", "%3F").replace("=", "%3D")
    networks = (
        ("twitter", "X", f"https://twitter.com/share?text={attr(post.title)}&amp;url={encoded}"),
        ("facebook", "Facebook", f"https://www.facebook.com/sharer.php?u={encoded}"),
        (
            "linkedin",
            "LinkedIn",
            f"https://www.linkedin.com/shareArticle?mini=true&amp;url={encoded}"
            f"&amp;title={attr(post.title)}&amp;source={ctx.base_url}",
        ),
        (
            "reddit",
            "Reddit",
            f"https://www.reddit.com/submit?url={encoded}&amp;title={attr(post.title)}",
        ),
    )
    items = "".join(
        f'\n\t\t<li class="{net}">\n\t\t\t<a href="{href}" aria-label="Share on {label}" '
        'onclick="oss_onClick( this.href );return false;">\n'
        '\t\t\t\t<span class="screen-reader-text">Opens in a new window</span>\n'
        '\t\t\t\t<span class="oss-icon-wrap"><svg class="oss-icon" role="img" viewBox="0 0 512 512" '
        'xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false">'
        '<circle cx="256" cy="256" r="240"/></svg></span>\n\t\t\t</a>\n\t\t</li>'
        for net, label, href in networks
    )
    return f"""<div class="entry-share clr minimal side">

		<h3 class="theme-heading social-share-title">
			<span class="text" aria-hidden="true">Please Share This</span>
			<span class="screen-reader-text">Share this content</span>
		</h3>

	<ul class="oss-social-share clr" aria-label="Available sharing options">{items}
	</ul>

</div><!-- .entry-share -->"""


def _next_prev(ctx: Context, post: Post) -> str:
    """partials/single/next-prev.php: the_post_navigation() in the same tag."""
    older, newer = adjacent_in_same_tag(ctx, post)
    links = ""
    if older:
        links += (
            f'<div class="nav-previous"><a href="{attr(ctx.post_url(older.id))}" rel="prev">'
            f'<span class="title">{_icon("fas fa-long-arrow-alt-left")} Previous Post</span>'
            f'<span class="post-title">{text(older.title)}</span></a></div>'
        )
    if newer:
        links += (
            f'<div class="nav-next"><a href="{attr(ctx.post_url(newer.id))}" rel="next">'
            f'<span class="title">{_icon("fas fa-long-arrow-alt-right")} Next Post</span>'
            f'<span class="post-title">{text(newer.title)}</span></a></div>'
        )
    if not links:
        return ""
    return (
        '\n\t<nav class="navigation post-navigation" aria-label="Read more articles">\n'
        '\t\t<h2 class="screen-reader-text">Read more articles</h2>\n'
        f'\t\t<div class="nav-links">{links}</div>\n\t</nav>'
    )


def _related(ctx: Context, post: Post, settings: Settings) -> str:
    """partials/single/related-posts.php: three posts of the same categories, each an
    <article> with post_class() (so `article.post` and `article.hentry` match them)."""
    related = related_posts(ctx, post, settings.related_count)
    if not related:
        return ""
    items = []
    for i, p in enumerate(related):
        url = attr(ctx.post_url(p.id))
        media = ""
        if p.featured:
            small = attr(p.upload_url(ctx.base_url, p.featured[0].replace(".", "-300x200.", 1)))
            media = (
                f'\n\t\t\t\t\t\t<figure class="related-post-media clr">\n\n\t\t\t\t\t\t\t'
                f'<a href="{url}" class="related-thumb">\n\n\t\t\t\t\t\t\t\t'
                f'<img width="300" height="200" src="{small}" class="attachment-medium size-medium '
                f'wp-post-image" alt="Read more about the article {attr(p.title)}" itemprop="image" '
                'decoding="async" loading="lazy" />\t\t\t\t\t\t\t</a>\n\n\t\t\t\t\t\t</figure>\n'
            )
        classes = post_classes(p, ("related-post", "clr", "col", "span_1_of_3", f"col-{i + 1}"))
        items.append(
            f'\n\t\t\t\t<article class="{classes}">\n{media}'
            f'\n\t\t\t\t\t<h3 class="related-post-title">\n\t\t\t\t\t\t<a href="{url}" rel="bookmark">'
            f"{text(p.title)}</a>\n\t\t\t\t\t</h3><!-- .related-post-title -->\n\n"
            f'\t\t\t\t\t\t<time class="published" datetime="{p.published.isoformat()}">'
            f"{_icon('icon-clock')}{visible_date(p.published)}</time>\n\n"
            "\t\t\t\t</article><!-- .related-post -->\n"
        )
    return f"""<section id="related-posts" class="clr">

		<h3 class="theme-heading related-posts-title">
			<span class="text">You Might Also Like</span>
		</h3>

		<div class="oceanwp-row clr">
{"".join(items)}
		</div><!-- .oceanwp-row -->

	</section><!-- .related-posts -->"""


def _comments(ctx: Context, post: Post, settings: Settings) -> str:
    """comments.php: nothing at all when comments are closed and there are none; else
    the reply form (comment_form() with OceanWP's fields and English labels)."""
    if not settings.comments_open:
        return ""
    b = ctx.base_url
    return f"""<section id="comments" class="comments-area clr has-rating">

	<div id="respond" class="comment-respond">
		<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{attr(ctx.post_url(post.id))}#respond" style="display:none;">Cancel reply</a></small></h3><form action="{b}wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><div class="comment-textarea"><label for="comment" class="screen-reader-text">Comment</label><textarea name="comment" id="comment" cols="39" rows="4" tabindex="0" class="textarea-comment" placeholder="Your comment here..."></textarea></div><div class="comment-form-author"><label for="author" class="screen-reader-text">Enter your name or username to comment</label><input type="text" name="author" id="author" value="" placeholder="Name (required)" size="22" tabindex="0" aria-required="true" class="input-name" /></div>
<div class="comment-form-email"><label for="email" class="screen-reader-text">Enter your email address to comment</label><input type="text" name="email" id="email" value="" placeholder="Email (required)" size="22" tabindex="0" aria-required="true" class="input-email" /></div>
<p class="form-submit"><input name="submit" type="submit" id="comment-submit" class="submit" value="Post Comment" /> <input type='hidden' name='comment_post_ID' value='{post.id}' id='comment_post_ID' />
</p></form>	</div><!-- #respond -->

</section><!-- #comments -->"""


def render_post(ctx: Context, post: Post, body: str | None = None) -> str:
    """A single post; `body` replaces the post's own content (for the broken-post fault)."""
    return render_single(ctx, post, body, SETTINGS)


def render_single(
    ctx: Context, post: Post, body: str | None = None, settings: Settings = SETTINGS
) -> str:
    """single.php and partials/single/layout.php: `article#post-<ID>` (no class attribute)
    holding the parts in the Customizer's order (ocean_blog_single_elements_positioning)."""
    parts: dict[str, Callable[[], str]] = {
        "featured_image": lambda: _thumbnail(ctx, post, settings),
        "title": lambda: _title(post, settings),
        "meta": lambda: _meta(ctx, post, settings),
        "content": lambda: _content(ctx, post, body),
        "tags": lambda: _tags(ctx, post),
        "social_share": lambda: _social_share(ctx, post),
        "next_prev": lambda: _next_prev(ctx, post),
        "author_box": lambda: "",  # partials/single/author-bio.php: off by default
        "related_posts": lambda: _related(ctx, post, settings),
        "single_comments": lambda: _comments(ctx, post, settings),
    }
    inner = "\n\n".join(html for html in (parts[name]() for name in settings.elements) if html)
    article = f'<article id="post-{post.id}">\n\n{inner}\n\n</article>'
    category = post.categories[0]
    trail = [(category, ctx.category_url(category)), (post.title, ctx.post_url(post.id))]
    main = (
        _page_header(ctx, settings.page_header_title, trail) + "\n\n" + _content_wrap(ctx, article)
    )
    wp_classes = f"post-template-default single single-post postid-{post.id} single-format-standard"
    # OceanWP adds one class per category of a single post
    wp_classes += "".join(f" post-in-category-{wp_slug(c)}" for c in post.categories)
    head = _head(
        ctx,
        post_head(ctx, post),
        core_head_links(ctx, post.id, f"/wp/v2/posts/{post.id}"),
    )
    return _layout(
        ctx,
        head=head,
        body_class=_body_classes(wp_classes),
        itemtype="Article",
        main=main,
    )


# --- listings, pages, errors -----------------------------------------------------


def _pagination(url_for_page: Callable[[int], str], page: int, total: int) -> str:
    """oceanwp_pagination(): paginate_links() as a list, the theme's arrows."""
    if total <= 1:
        return ""
    items = []
    if page > 1:
        items.append(
            f'<li><a class="prev page-numbers" href="{attr(url_for_page(page - 1))}">'
            f'<span class="screen-reader-text">Go to the previous page</span>'
            f"{_icon('fa fa-angle-left')}</a></li>"
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
            f'<li><a class="next page-numbers" href="{attr(url_for_page(page + 1))}">'
            f'<span class="screen-reader-text">Go to the next page</span>'
            f"{_icon('fa fa-angle-right')}</a></li>"
        )
    return f"<div class=\"oceanwp-pagination clr\"><ul class='page-numbers'>{''.join(items)}</ul></div>"


def _entry(ctx: Context, title: str, url: str, post: Post | None) -> str:
    """partials/entry/layout.php (large entries): media/blog-entry.php, header.php,
    meta.php, content.php (an excerpt of 30 words) and readmore.php."""
    href = attr(url)
    if post is None:  # an entry that is only a link (the sample site's faults)
        return (
            '<article class="blog-entry clr no-featured-image large-entry post type-post">'
            '<div class="blog-entry-inner clr"><header class="blog-entry-header clr">'
            f'<h2 class="blog-entry-title entry-title"><a href="{href}" rel="bookmark">'
            f"{text(title)}</a></h2></header></div></article>"
        )
    thumb = ""
    if post.featured:
        thumb = (
            f'<div class="thumbnail"><a href="{href}" class="thumbnail-link no-lightbox">'
            f'<img width="1024" height="683" src="{attr(post.upload_url(ctx.base_url, post.featured[0]))}" '
            f'class="attachment-full size-full wp-post-image" alt="Read more about the article '
            f'{attr(post.title)}" itemprop="image" decoding="async" /></a></div>'
        )
    cats = ' <span class="owp-sep">/</span> '.join(
        f'<a href="{attr(ctx.category_url(c))}" rel="category tag">{text(c)}</a>'
        for c in post.categories
    )
    extra = ("blog-entry", "clr") + (() if post.featured else ("no-featured-image",))
    return (
        f'<article id="post-{post.id}" class="{post_classes(post, (*extra, "large-entry"))}">'
        f'<div class="blog-entry-inner clr">{thumb}'
        '<header class="blog-entry-header clr"><h2 class="blog-entry-title entry-title">'
        f'<a href="{href}" rel="bookmark">{text(post.title)}</a></h2></header>'
        '<ul class="meta obem-default clr" aria-label="Post details:">'
        '<li class="meta-author" itemprop="name"><span class="screen-reader-text">Post author:</span>'
        f'{_icon("icon-user")}<a href="{attr(ctx.author_url())}" title="Pos oleh {attr(post.author)}" '
        f'rel="author"  itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f"{text(post.author)}</a></li>"
        '<li class="meta-date" itemprop="datePublished"><span class="screen-reader-text">Post published:'
        f"</span>{_icon('icon-clock')}{visible_date(post.published)}</li>"
        '<li class="meta-cat"><span class="screen-reader-text">Post category:</span>'
        f"{_icon('icon-folder')}{cats}</li></ul>"
        f'<div class="blog-entry-summary clr" itemprop="text"><p>{text(excerpt(post))}&hellip;</p></div>'
        f'<div class="blog-entry-readmore clr"><a href="{href}" aria-label="Read more about the '
        f'article {attr(post.title)}">Continue Reading{_icon("fa fa-angle-right")}</a></div>'
        "</div></article>"
    )


def _listing_classes(ctx: Context, body_class: str, page: int, found: bool) -> str:
    """body_class() of a listing: the query's classes (from the router), the term's or
    author's id classes, and `paged paged-N <type>-paged-N` past the first page only."""
    classes = [c for c in body_class.split() if not c.startswith("paged-")]
    if "author" in classes:
        classes += [f"author-{ctx.site.author_slug}", "author-2"]
    if "search" in classes:
        classes.append("search-results" if found else "search-no-results")
    if page > 1:
        kind = next(
            (k for k in ("category", "tag", "date", "author", "search") if k in classes), None
        )
        classes += ["paged", f"paged-{page}"] + ([f"{kind}-paged-{page}"] if kind else [])
    return " ".join(classes)


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
    """index.php / archive.php / search.php: the page header, `#blog-entries` with one
    entry per post (partials/entry/layout.php), then the pagination."""
    entries = [_entry(ctx, title, href, None) for title, href in extra_entries]
    entries += [_entry(ctx, p.title, ctx.listed_url(p, "listing"), p) for p in posts]
    content = f'<div id="blog-entries" class="entries clr">{"".join(entries)}</div>' + _pagination(
        url_for_page, page, total_pages
    )
    classes = _listing_classes(ctx, body_class, page, bool(posts))
    home = "home" in classes.split()
    url = url_for_page(page)
    title = yoast_title(ctx, heading) if not home else f"{ctx.site.name} - {ctx.site.tagline}"
    kind = "SearchResultsPage" if "search" in classes.split() else "CollectionPage"
    robots = "noindex, follow" if kind == "SearchResultsPage" else None
    seo = page_head(
        ctx,
        title=title,
        url=url,
        kind=kind,
        trail=[("Beranda", ctx.base_url)] + ([] if home else [(heading, None)]),
        **({"robots": robots} if robots else {}),
    )
    main = _page_header(ctx, heading, [(heading, url)]) + "\n\n" + _content_wrap(ctx, content)
    return _layout(
        ctx,
        head=_head(ctx, seo, core_head_links(ctx)),
        body_class=_body_classes(classes),
        itemtype="CollectionPage" if not home else "WebPage",
        main=main,
    )


def render_page(ctx: Context, page: StaticPage) -> str:
    """page.php and partials/page/layout.php, article.php: `article.single-page-article`
    with `div.entry` holding the_content()."""
    body = "\n".join(f"<p>{text(p)}</p>" for p in page.paragraphs)
    content = (
        '<article class="single-page-article clr">\n\n'
        f'<div class="entry clr" itemprop="text">\n{body}\n</div>\n\n</article>'
    )
    url = ctx.page_url(page.id)
    parent = next((p for p in ctx.pages if p.id == page.parent), None)
    trail = ([(parent.title, ctx.page_url(parent.id))] if parent else []) + [(page.title, url)]
    main = _page_header(ctx, page.title, trail) + "\n\n" + _content_wrap(ctx, content)
    seo = page_head(
        ctx,
        title=yoast_title(ctx, page.title),
        url=url,
        kind="WebPage",
        trail=[("Beranda", ctx.base_url)]
        + [(name, link) for name, link in trail[:-1]]
        + [(page.title, None)],
    )
    wp_classes = f"page-template-default page page-id-{page.id}"
    if parent:
        wp_classes += f" page-child parent-pageid-{parent.id}"
    elif any(p.parent == page.id for p in ctx.pages):
        wp_classes += " page-parent"
    return _layout(
        ctx,
        head=_head(ctx, seo, core_head_links(ctx, page.id, f"/wp/v2/pages/{page.id}")),
        body_class=_body_classes(wp_classes),
        itemtype="WebPage",
        main=main,
    )


def render_attachment(ctx: Context, post: Post, attachment_id: int, file_url: str) -> str:
    """WordPress's attachment page in OceanWP (single.php with the attachment's own
    layout: the file, linked)."""
    name = file_url.rsplit("/", 1)[-1]
    title = name.rsplit(".", 1)[0]
    content = (
        f'<article id="post-{attachment_id}" class="post-{attachment_id} attachment '
        'type-attachment status-inherit hentry entry">\n'
        f'<div class="entry clr"><p class="attachment"><a href="{attr(file_url)}">'
        f'<img width="300" height="200" src="{attr(file_url)}" class="attachment-medium size-medium" '
        f'alt="" decoding="async" /></a></p></div>\n</article>'
    )
    trail = [(post.title, ctx.post_url(post.id)), (title, file_url)]
    main = _page_header(ctx, title, trail) + "\n\n" + _content_wrap(ctx, content)
    seo = page_head(
        ctx,
        title=yoast_title(ctx, title),
        url=file_url,
        kind="WebPage",
        trail=[("Beranda", ctx.base_url), (post.title, ctx.post_url(post.id)), (title, None)],
    )
    subtype = name.rsplit(".", 1)[-1].replace("jpg", "jpeg")
    wp_classes = (
        f"attachment attachment-template-default single single-attachment postid-{attachment_id} "
        f"attachmentid-{attachment_id} attachment-{subtype}"
    )
    return _layout(
        ctx,
        head=_head(ctx, seo, core_head_links(ctx, attachment_id, f"/wp/v2/media/{attachment_id}")),
        body_class=_body_classes(wp_classes),
        itemtype="WebPage",
        main=main,
    )


def render_not_found(ctx: Context) -> str:
    """404.php: the theme's own English text, the search form, a link home; full width."""
    content = f"""<article class="entry clr">

	<div class="error404-content clr">

		<h2 class="error-title">This page could not be found!</h2>
		<p class="error-text">We are sorry. But the page you are looking for is not available.<br />Perhaps you can try a new search.</p>
		{_search_form(ctx, 4)}
		<a class="error-btn button" href="{ctx.base_url}">Back To Homepage</a>

	</div><!-- .error404-content -->

</article><!-- .entry -->"""
    main = _page_header(ctx, "404: Page Not Found", [("404 Not Found", ctx.base_url)])
    seo = page_head(
        ctx,
        title=f"Halaman tidak ditemukan - {ctx.site.name}",
        url=ctx.base_url,
        kind="404",
        trail=[],
        robots="noindex, follow",
    )
    return _layout(
        ctx,
        head=_head(ctx, seo, core_head_links(ctx)),
        body_class=_body_classes("error404", sidebar=False),
        itemtype="WebPage",
        main=main + "\n\n" + _content_wrap(ctx, content, sidebar=False),
    )
