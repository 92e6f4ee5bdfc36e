"""A single post as a block theme renders it (WordPress's default Twenty Twenty-Four).

Template parts for header and footer, core blocks for title, date, author and
terms, `.wp-block-post-content` for the body. No SEO plugin: the head has only
what core prints, so dates come from the post-date block's `<time datetime>`.
The skip link is added by a script, as core does for block themes.
"""

from __future__ import annotations

from lan_crawler.sample_site.content import (
    ADDRESS,
    PHONE,
    SITE_NAME,
    Context,
    attr,
    text,
    visible_date,
)
from lan_crawler.sample_site.plugins import post_body
from lan_crawler.sample_site.posts import Post


def _navigation(ctx: Context) -> str:
    items = "".join(
        '<li class="wp-block-navigation-item wp-block-navigation-link">'
        f'<a class="wp-block-navigation-item__content" href="{attr(url)}">'
        f'<span class="wp-block-navigation-item__label">{text(label)}</span></a></li>'
        for label, url, _ in ctx.menu()
    )
    return (
        '<nav class="is-responsive items-justified-right wp-block-navigation is-layout-flex" '
        'aria-label="Navigasi utama"><button aria-haspopup="dialog" aria-label="Buka menu" '
        'class="wp-block-navigation__responsive-container-open"><svg width="24" height="24" '
        'viewBox="0 0 24 24" aria-hidden="true"><path d="M5 5v1.5h14V5H5z"></path></svg></button>'
        '<div class="wp-block-navigation__responsive-container" id="modal-1">'
        '<div class="wp-block-navigation__responsive-close" tabindex="-1">'
        '<div class="wp-block-navigation__responsive-dialog" aria-label="Menu">'
        '<button aria-label="Tutup menu" class="wp-block-navigation__responsive-container-close">'
        '<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true"><path d="M13 11.8l6.1-6.3"></path></svg>'
        '</button><div class="wp-block-navigation__responsive-container-content" id="modal-1-content">'
        f'<ul class="wp-block-navigation__container">{items}</ul></div></div></div></div></nav>'
    )


def render_post(ctx: Context, post: Post, body: str | None = None) -> str:
    """A single post; `body` replaces the post's own content (for the broken-post fault)."""
    b = ctx.base_url
    older, newer = ctx.neighbours(post)
    url = ctx.post_url(post.id)
    sep = '<span class="wp-block-post-terms__separator">, </span>'
    cats = sep.join(
        f'<a href="{ctx.category_url(c)}" rel="tag">{text(c)}</a>' for c in post.categories
    )
    tags = sep.join(f'<a href="{ctx.tag_url(t)}" rel="tag">{text(t)}</a>' for t in post.tags)
    featured = ""
    if post.featured:
        featured = (
            '<figure class="wp-block-post-featured-image"><img width="1024" height="683" '
            f'src="{attr(post.upload_url(b, post.featured[0]))}" class="attachment-post-thumbnail '
            f'size-post-thumbnail wp-post-image" alt="{attr(post.featured[1])}" decoding="async" /></figure>'
        )
    modified = ""
    if post.modified > post.published:
        modified = (
            '<div class="wp-block-post-date__modified-date wp-block-post-date has-small-font-size">'
            f'<time datetime="{post.modified.isoformat()}">Diperbarui {visible_date(post.modified)}'
            "</time></div>"
        )
    nav = "".join(
        f'<div class="post-navigation-link-{side} wp-block-post-navigation-link">'
        f'<span class="wp-block-post-navigation-link__arrow-{side} is-arrow-arrow" aria-hidden="true">{arrow}</span>'
        f'<a href="{ctx.post_url(p.id)}" rel="{rel}">{text(p.title)}</a></div>'
        for side, rel, arrow, p in (("previous", "prev", "←", older), ("next", "next", "→", newer))
        if p
    )
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
	<meta charset="UTF-8" />
	<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name='robots' content='max-image-preview:large' />
<title>{text(post.title)} &#8211; {SITE_NAME}</title>
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{ctx.feed_url()}" />
<style id='wp-block-library-inline-css'>:root{{--wp-admin-theme-color:#007cba;}}</style>
<style id='global-styles-inline-css'>:root{{--wp--preset--color--base: #f9f9f9;}}</style>
<link rel="canonical" href="{url}" />
<link rel='shortlink' href='{ctx.shortlink(post.id)}' />
</head>
<body class="post-template-default single single-post postid-{post.id} single-format-standard wp-embed-responsive">
<div class="wp-site-blocks"><header class="wp-block-template-part">
<div class="wp-block-group alignwide is-layout-flex">
<p class="wp-block-site-title"><a href="{b}" target="_self" rel="home">{SITE_NAME}</a></p>
{_navigation(ctx)}
</div>
</header>

<main class="wp-block-group is-layout-constrained" id="wp--skip-link--target">
<div class="wp-block-group alignfull has-global-padding is-layout-constrained">
<h1 class="alignwide wp-block-post-title">{text(post.title)}</h1>
{featured}
<div class="wp-block-group is-layout-flex">
<div class="wp-block-post-date"><time datetime="{post.published.isoformat()}">{visible_date(post.published)}</time></div>
{modified}
<p class="has-small-font-size">&mdash;</p>
<div class="wp-block-post-author-name">{text(post.author)}</div>
<div class="taxonomy-category wp-block-post-terms">{cats}</div>
</div>
</div>

<div class="entry-content alignfull wp-block-post-content has-global-padding is-layout-constrained wp-block-post-content-is-layout-constrained">
{post_body(ctx, post) if body is None else body}
</div>

<div class="wp-block-group alignwide has-global-padding is-layout-constrained">
<div class="taxonomy-post_tag wp-block-post-terms"><span class="wp-block-post-terms__prefix">Tag: </span>{tags}</div>
<nav class="wp-block-group is-layout-flex" aria-label="Navigasi Pos">{nav}</nav>
<div class="wp-block-comments">
<h2 class="wp-block-heading">Komentar</h2>
<div id="respond" class="comment-respond wp-block-post-comments-form">
<h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan <small><a rel="nofollow" id="cancel-comment-reply-link" href="{url}#respond" style="display:none;">Batalkan balasan</a></small></h3>
<form action="{b}wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="comment-notes">Alamat email Anda tidak akan dipublikasikan.</p><p class="comment-form-comment"><label for="comment">Komentar</label><textarea id="comment" name="comment" cols="45" rows="8" required></textarea></p><p class="form-submit wp-block-button"><input name="submit" type="submit" id="submit" class="wp-block-button__link wp-element-button" value="Kirim Komentar" /></p></form>
</div>
</div>
</div>
</main>

<footer class="wp-block-template-part">
<div class="wp-block-group has-global-padding is-layout-constrained">
<p class="wp-block-site-title"><a href="{b}" rel="home">{SITE_NAME}</a></p>
<p class="has-small-font-size">{ADDRESS}<br>{PHONE}</p>
<p class="has-small-font-size">Dirancang dengan <a href="https://wordpress.org" rel="nofollow">WordPress</a></p>
</div>
</footer>
</div>
<script id="wp-block-template-skip-link-js-after">
	( function() {{
		var skipLinkTarget = document.querySelector( 'main' ), sibling, skipLinkTargetID, skipLink;
		skipLink = document.createElement( 'a' );
		skipLink.classList.add( 'skip-link', 'screen-reader-text' );
		skipLink.href = '#' + skipLinkTargetID;
		skipLink.innerHTML = 'Skip to content';
		document.body.insertBefore( skipLink, document.body.firstChild );
	}}() );
</script>
</body>
</html>
"""
