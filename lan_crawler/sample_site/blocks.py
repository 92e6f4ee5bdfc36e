"""A single post as WordPress's default block theme Twenty Twenty-Four renders it.

templates/single.html: parts/header.html (site logo, site title, navigation), the
post featured image, post title and parts/post-meta.html (post date, author,
categories), the post content, the post's tags as pills, then the comments and
post navigation patterns, and parts/footer.html (patterns/footer.php). Each block
prints the markup its renderer in wp-includes/blocks/*.php produces; theme and
core strings are printed as their id_ID translations do. The one change to the
theme's templates is the site's: a Post Date block showing the last modified
date (`displayType: modified`), which core prints only for a post edited after
it was published. No SEO plugin: the head holds what core prints. The skip link
is made by core's script at the end of the page, as in every block theme.
"""

from __future__ import annotations

from lan_crawler.sample_site.content import (
    LANGUAGE,
    WP_VERSION,
    Context,
    attr,
    core_head_links,
    text,
)
from lan_crawler.sample_site.plugins import post_body
from lan_crawler.sample_site.posts import Post

# the id_ID abbreviations of month names (the `M` of the date format "M j, Y")
_MONTHS_SHORT = ("Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des").split()


def _date(moment_year: int, moment_month: int, moment_day: int) -> str:
    """The date as the block's format "M j, Y" prints it in Indonesian."""
    return f"{_MONTHS_SHORT[moment_month - 1]} {moment_day}, {moment_year}"


def _navigation(ctx: Context) -> str:
    """core/navigation (blocks/navigation.php): the responsive overlay menu, with the
    site's menu (links and submenus) inside it."""
    items = []
    for label, url, children in ctx.menu():
        if not children:
            items.append(
                '<li class=" wp-block-navigation-item wp-block-navigation-link">'
                f'<a class="wp-block-navigation-item__content" href="{attr(url)}">'
                f'<span class="wp-block-navigation-item__label">{text(label)}</span></a></li>'
            )
            continue
        sub = "".join(
            '<li class=" wp-block-navigation-item wp-block-navigation-link">'
            f'<a class="wp-block-navigation-item__content" href="{attr(u)}">'
            f'<span class="wp-block-navigation-item__label">{text(name)}</span></a></li>'
            for name, u in children
        )
        items.append(
            '<li data-wp-context="{ &quot;submenuOpenedBy&quot;: { &quot;click&quot;: false, '
            "&quot;hover&quot;: false, &quot;focus&quot;: false }, &quot;type&quot;: "
            '&quot;submenu&quot; }" data-wp-interactive="core/navigation" '
            'class=" wp-block-navigation-item has-child open-on-hover-click '
            'wp-block-navigation-submenu">'
            f'<a class="wp-block-navigation-item__content" href="{attr(url)}">{text(label)}</a>'
            f'<button aria-label="Submenu {attr(label)}" class="wp-block-navigation__submenu-icon '
            'wp-block-navigation-submenu__toggle" aria-expanded="false">'
            '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12" '
            'fill="none" aria-hidden="true" focusable="false"><path d="M1.50002 4L6.00002 8L10.5 4" '
            'stroke-width="1.5"></path></svg></button>'
            '<ul class="wp-block-navigation__submenu-container wp-block-navigation-submenu">'
            f"{sub}</ul></li>"
        )
    return (
        '<nav class="is-responsive items-justified-right wp-block-navigation is-horizontal '
        "is-content-justification-right is-layout-flex wp-container-core-navigation-is-layout-1 "
        'wp-block-navigation-is-layout-flex" aria-label="Menu Utama" '
        'data-wp-interactive="core/navigation" data-wp-context=\'{"overlayOpenedBy":{"click":false,'
        '"hover":false,"focus":false},"type":"overlay","roleAttribute":"","ariaLabel":"Menu"}\'>'
        '<button aria-haspopup="dialog" aria-label="Buka menu" '
        'class="wp-block-navigation__responsive-container-open" '
        'data-wp-on-async--click="actions.openMenuOnClick" '
        'data-wp-on--keydown="actions.handleMenuKeydown"><svg width="24" height="24" '
        'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        '<rect x="4" y="7.5" width="16" height="1.5" /><rect x="4" y="15" width="16" height="1.5" />'
        "</svg></button>"
        '<div class="wp-block-navigation__responsive-container" id="modal-1" '
        'data-wp-class--has-modal-open="state.isMenuOpen" data-wp-class--is-menu-open="state.isMenuOpen">'
        '<div class="wp-block-navigation__responsive-close" tabindex="-1">'
        '<div class="wp-block-navigation__responsive-dialog" '
        'data-wp-bind--aria-modal="state.ariaModal" data-wp-bind--aria-label="state.ariaLabel" '
        'data-wp-bind--role="state.roleAttribute">'
        '<button aria-label="Tutup menu" class="wp-block-navigation__responsive-container-close" '
        'data-wp-on-async--click="actions.closeMenuOnClick"><svg xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">'
        '<path d="m13.06 12 6.47-6.47-1.06-1.06L12 10.94 5.53 4.47 4.47 5.53 10.94 12l-6.47 '
        '6.47 1.06 1.06L12 13.06l6.47 6.47 1.06-1.06L13.06 12Z"></path></svg></button>'
        '<div class="wp-block-navigation__responsive-container-content" '
        'data-wp-watch="callbacks.focusFirstElement" id="modal-1-content">'
        '<ul class="wp-block-navigation__container is-responsive items-justified-right '
        f'wp-block-navigation">{"".join(items)}</ul></div></div></div></div></nav>'
    )


def _header(ctx: Context) -> str:
    """parts/header.html."""
    b, logo, name = ctx.base_url, ctx.site.logo, ctx.site.name
    return f"""<header class="wp-block-template-part">
<div class="wp-block-group alignwide has-base-background-color has-background has-global-padding is-layout-constrained wp-block-group-is-layout-constrained" style="padding-top:20px;padding-bottom:20px">
	<div class="wp-block-group alignwide is-content-justification-space-between is-layout-flex wp-container-core-group-is-layout-1 wp-block-group-is-layout-flex">
		<div class="wp-block-group is-layout-flex wp-container-core-group-is-layout-2 wp-block-group-is-layout-flex"><div class="wp-block-site-logo"><a href="{b}" class="custom-logo-link" rel="home"><img width="60" height="15" src="{b}{logo}" class="custom-logo" alt="{name}" decoding="async" /></a></div>

			<div class="wp-block-group is-layout-flow wp-block-group-is-layout-flow"><p class="wp-block-site-title"><a href="{b}" target="_self" rel="home">{name}</a></p></div>
		</div>

		{_navigation(ctx)}
	</div>
</div>
</header>"""


def _post_meta(ctx: Context, post: Post) -> str:
    """parts/post-meta.html (patterns/hidden-post-meta.php): core/post-date (linked),
    "—", "oleh", core/post-author-name (linked), core/post-terms of categories after
    "di ", then the site's modified-date Post Date block."""
    url = attr(ctx.post_url(post.id))
    p = post.published
    sep = '<span class="wp-block-post-terms__separator">, </span>'
    cats = sep.join(
        f'<a href="{attr(ctx.category_url(c))}" rel="tag">{text(c)}</a>' for c in post.categories
    )
    modified = ""
    if post.modified > post.published:  # blocks/post-date.php prints nothing otherwise
        m = post.modified
        modified = (
            '\n<div class="wp-block-post-date__modified-date wp-block-post-date has-small-font-size">'
            f'<time datetime="{m.isoformat()}">{_date(m.year, m.month, m.day)}</time></div>'
        )
    return f"""<div class="wp-block-template-part">
<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained"><div class="wp-block-group is-content-justification-left is-layout-flex wp-container-core-group-is-layout-4 wp-block-group-is-layout-flex"><div class="wp-block-post-date"><time datetime="{p.isoformat()}"><a href="{url}">{_date(p.year, p.month, p.day)}</a></time></div>

<p class="has-contrast-2-color has-text-color">—</p>

<p class="has-small-font-size has-contrast-2-color has-text-color">oleh</p>

<div class="wp-block-post-author-name"><a href="{attr(ctx.author_url())}" target="_self" class="wp-block-post-author-name__link">{text(post.author)}</a></div>

<div class="taxonomy-category wp-block-post-terms"><span class="wp-block-post-terms__prefix">di </span>{cats}</div>{modified}
</div></div>
</div>"""


def _post_navigation(ctx: Context, post: Post) -> str:
    """patterns/hidden-post-navigation.php: two core/post-navigation-link blocks with
    label, title and arrow (get_previous_post_link / get_next_post_link)."""
    older, newer = ctx.neighbours(post)
    links = ""
    if older:
        links += (
            '<div class="post-navigation-link-previous wp-block-post-navigation-link">'
            '<span class="wp-block-post-navigation-link__arrow-previous is-arrow-arrow" '
            f'aria-hidden="true">←</span><a href="{attr(ctx.post_url(older.id))}" rel="prev">'
            '<span class="post-navigation-link__label">Sebelumnya: </span> '
            f'<span class="post-navigation-link__title">{text(older.title)}</span></a></div>'
        )
    if newer:
        links += (
            '<div class="post-navigation-link-next wp-block-post-navigation-link">'
            f'<a href="{attr(ctx.post_url(newer.id))}" rel="next">'
            '<span class="post-navigation-link__label">Berikutnya: </span> '
            f'<span class="post-navigation-link__title">{text(newer.title)}</span></a>'
            '<span class="wp-block-post-navigation-link__arrow-next is-arrow-arrow" '
            'aria-hidden="true">→</span></div>'
        )
    return (
        '<nav class="wp-block-group is-content-justification-space-between is-nowrap '
        'is-layout-flex wp-container-core-group-is-layout-7 wp-block-group-is-layout-flex" '
        'style="padding-top:var(--wp--preset--spacing--40);padding-bottom:var(--wp--preset--spacing--40)" '
        f'aria-label="Pos">\n\t{links}\n</nav>'
    )


def _footer(ctx: Context) -> str:
    """parts/footer.html (patterns/footer.php), its link columns left as the site's."""
    b, logo, name = ctx.base_url, ctx.site.logo, ctx.site.name
    return f"""<footer class="wp-block-template-part">
<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained" style="padding-top:var(--wp--preset--spacing--50);padding-bottom:var(--wp--preset--spacing--50)">
	<div class="wp-block-columns alignwide is-layout-flex wp-container-core-columns-is-layout-1 wp-block-columns-is-layout-flex">
		<div class="wp-block-column is-layout-flow wp-block-column-is-layout-flow" style="flex-basis:30%">
			<div class="wp-block-group is-vertical is-layout-flex wp-container-core-group-is-layout-9 wp-block-group-is-layout-flex"><div class="is-default-size wp-block-site-logo"><a href="{b}" class="custom-logo-link" rel="home"><img width="20" height="5" src="{b}{logo}" class="custom-logo" alt="{name}" decoding="async" /></a></div>

				<p class="wp-block-site-title has-medium-font-size"><a href="{b}" target="_self" rel="home">{name}</a></p>

				<p class="wp-block-site-tagline has-small-font-size">{ctx.site.tagline}</p></div>
		</div>

		<div class="wp-block-column is-layout-flow wp-block-column-is-layout-flow" style="flex-basis:20%">
		</div>

		<div class="wp-block-column is-layout-flow wp-block-column-is-layout-flow" style="flex-basis:50%">
			<div class="wp-block-group is-content-justification-space-between is-layout-flex wp-container-core-group-is-layout-10 wp-block-group-is-layout-flex">
				<div class="wp-block-group is-vertical is-content-justification-stretch is-layout-flex wp-container-core-group-is-layout-11 wp-block-group-is-layout-flex">
					<h2 class="wp-block-heading has-medium-font-size has-body-font-family" style="font-style:normal;font-weight:600">Tentang</h2>

					<div class="wp-block-group is-vertical is-layout-flex wp-container-core-group-is-layout-12 wp-block-group-is-layout-flex"><nav style="font-style:normal;font-weight:400;" class="has-small-font-size is-vertical wp-block-navigation is-layout-flex wp-container-core-navigation-is-layout-2 wp-block-navigation-is-layout-flex" aria-label="Tentang"><ul class="wp-block-navigation__container has-small-font-size is-vertical wp-block-navigation has-small-font-size"><li class="has-small-font-size wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" href="{attr(ctx.page_url(14))}"><span class="wp-block-navigation-item__label">Sejarah</span></a></li><li class="has-small-font-size wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" href="{attr(ctx.page_url(22))}"><span class="wp-block-navigation-item__label">Kontak</span></a></li></ul></nav></div>
				</div>
			</div>
		</div>
	</div>

	<div class="wp-block-group alignwide" style="padding-top:var(--wp--preset--spacing--50);padding-bottom:0">
		<p class="has-contrast-2-color has-text-color has-link-color has-small-font-size">
		Dirancang dengan <a href="https://wordpress.org" rel="nofollow">WordPress</a>		</p>
	</div>
</div>
</footer>"""


def render_post(ctx: Context, post: Post, body: str | None = None) -> str:
    """A single post; `body` replaces the post's own content (for the broken-post fault)."""
    b = ctx.base_url
    tags = ""
    if (
        post.tags
    ):  # core/post-terms {"term":"post_tag","separator":"  ","className":"is-style-pill"}
        sep = '<span class="wp-block-post-terms__separator">  </span>'
        tags = (
            '<div class="taxonomy-post_tag is-style-pill wp-block-post-terms">'
            + sep.join(
                f'<a href="{attr(ctx.tag_url(t))}" rel="tag">{text(t)}</a>' for t in post.tags
            )
            + "</div>"
        )
    featured = ""
    if post.featured:  # core/post-featured-image: the attachment's own alt text
        src = attr(post.upload_url(b, post.featured[0]))
        featured = (
            '<figure style="margin-bottom:var(--wp--preset--spacing--40);" '
            'class="wp-block-post-featured-image"><img width="1024" height="683" '
            f'src="{src}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" '
            f'alt="{attr(post.featured[1])}" style="object-fit:cover;" decoding="async" '
            'fetchpriority="high" /></figure>'
        )
    content = post_body(ctx, post) if body is None else body
    url = attr(ctx.post_url(post.id))
    return f"""<!DOCTYPE html>
<html lang="{LANGUAGE}">
<head>
	<meta charset="UTF-8" />
	<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name='robots' content='max-image-preview:large' />
<title>{text(post.title)} &#8211; {ctx.site.name}</title>
<link rel="alternate" type="application/rss+xml" title="{ctx.site.name} &raquo; Feed" href="{attr(ctx.feed_url())}" />
<link rel="alternate" type="application/rss+xml" title="{ctx.site.name} &raquo; Umpan Komentar" href="{attr(ctx.feed_url(comments=True))}" />
<style id='wp-block-library-inline-css'>:root{{--wp-admin-theme-color:#007cba;}}</style>
<style id='global-styles-inline-css'>:root{{--wp--preset--color--base: #f9f9f9;}}</style>
<script src="{b}wp-includes/js/dist/interactivity.min.js?ver={WP_VERSION}" id="wp-interactivity-js" type="module"></script>
{core_head_links(ctx, None, f"/wp/v2/posts/{post.id}")}
<link rel="canonical" href="{url}" />
<link rel='shortlink' href='{attr(ctx.shortlink(post.id))}' />
</head>

<body class="post-template-default single single-post postid-{post.id} single-format-standard wp-custom-logo wp-embed-responsive">

<div class="wp-site-blocks">{_header(ctx)}


<main class="wp-block-group alignfull is-layout-flow wp-block-group-is-layout-flow">
	<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained" style="margin-bottom:var(--wp--preset--spacing--40);padding-top:var(--wp--preset--spacing--50)">
		{featured}

		<div class="wp-block-group is-vertical is-content-justification-stretch is-layout-flex wp-container-core-group-is-layout-3 wp-block-group-is-layout-flex" style="padding-top:0;padding-bottom:0"><h1 class="wp-block-post-title has-x-large-font-size">{text(post.title)}</h1>

{_post_meta(ctx, post)}</div>
	</div>

	<div class="entry-content alignfull wp-block-post-content has-global-padding is-layout-constrained wp-block-post-content-is-layout-constrained">
{content}
</div>

	<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained" style="margin-top:var(--wp--preset--spacing--40);padding-bottom:var(--wp--preset--spacing--50)">
		{tags}

		<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">
			<div style="height:var(--wp--preset--spacing--40)" aria-hidden="true" class="wp-block-spacer">
			</div>

			<hr class="wp-block-separator has-text-color has-base-3-color has-alpha-channel-opacity has-base-3-background-color has-background is-style-wide" style="margin-bottom:var(--wp--preset--spacing--40)"/>

			<div class="wp-block-comments wp-block-comments-query-loop" style="margin-top:var(--wp--preset--spacing--70);margin-bottom:var(--wp--preset--spacing--70)">
	<h2 class="wp-block-heading has-x-large-font-size">Komentar</h2>
</div>

			{_post_navigation(ctx, post)}
		</div>
	</div>
</main>


{_footer(ctx)}</div>
<script id="wp-block-template-skip-link-js-after">
	( function() {{
		var skipLinkTarget = document.querySelector( 'main' ),
			sibling,
			skipLinkTargetID,
			skipLink;

		// Early exit if a skip-link target can't be located.
		if ( ! skipLinkTarget ) {{
			return;
		}}

		// Get the site wrapper.
		sibling = document.querySelector( '.wp-site-blocks' );

		// Early exit if the root element was not found.
		if ( ! sibling ) {{
			return;
		}}

		// Get the skip-link target's ID, and generate one if it doesn't exist.
		skipLinkTargetID = skipLinkTarget.id;
		if ( ! skipLinkTargetID ) {{
			skipLinkTargetID = 'wp--skip-link--target';
			skipLinkTarget.id = skipLinkTargetID;
		}}

		// Create the skip link.
		skipLink = document.createElement( 'a' );
		skipLink.classList.add( 'skip-link', 'screen-reader-text' );
		skipLink.href = '#' + skipLinkTargetID;
		skipLink.innerHTML = 'Lewati ke konten';

		// Inject the skip link.
		sibling.parentElement.insertBefore( skipLink, sibling );
	}}() );
</script>
</body>
</html>
"""
