"""What plugins add inside a post's content container (WordPress's `the_content` filter).

Jetpack's sharing, likes and related-posts blocks, an inline "Baca Juga" box and
a source box: chrome that sits *inside* the body, where only structure tells it
apart from the article. Which post gets which is fixed by its id.
"""

from __future__ import annotations

from lan_crawler.sample_site.content import Context, attr, content_html, text
from lan_crawler.sample_site.posts import Post


def has_jetpack(post: Post) -> bool:
    return post.id % 3 == 0


def has_read_also_box(post: Post) -> bool:
    return post.id % 4 == 1


def has_source_box(post: Post) -> bool:
    return post.id % 5 == 2


def post_body(ctx: Context, post: Post) -> str:
    """The content container's inside: the stored body, as the active plugins filter it."""
    blocks = content_html(ctx, post).split("\n")
    if has_read_also_box(post) and len(blocks) > 3:
        blocks.insert(2, read_also_box(ctx, post))
    if has_source_box(post):
        label, url = ctx.site.source_box
        blocks.append(f'<div class="post-source">Sumber: <a href="{url}">{text(label)}</a></div>')
    if has_jetpack(post):
        blocks.append(jetpack_blocks(ctx, post, english=post.id % 2 == 0))
    return "\n".join(blocks)


def read_also_box(ctx: Context, post: Post) -> str:
    """An inline related-posts box, the kind Indonesian news sites put mid-article."""
    others = [p for p in ctx.posts if p.id != post.id][:2]
    items = "".join(
        f'<li><a href="{attr(ctx.post_url(p.id))}">{text(p.title)}</a></li>' for p in others
    )
    return (
        '<div class="baca-juga-box"><span class="baca-juga-title"><strong>Baca Juga:</strong>'
        f"</span><ul>{items}</ul></div>"
    )


def jetpack_blocks(ctx: Context, post: Post, *, english: bool) -> str:
    """Jetpack's sharing buttons, likes and related posts, in English or Indonesian."""
    share, like, related = (
        ("Share this:", "Like this:", "Related")
        if english
        else ("Bagikan ini:", "Suka ini:", "Terkait")
    )
    url = ctx.post_url(post.id)
    buttons = "".join(
        f'<li class="share-{net}"><a rel="nofollow noopener noreferrer" data-shared="sharing-{net}-{post.id}" '
        f'class="share-{net} sd-button share-icon" href="{url}&amp;share={net}" target="_blank" '
        f'title="Klik untuk berbagi di {label}"><span>{label}</span></a></li>'
        for net, label in (("facebook", "Facebook"), ("x", "X"), ("whatsapp", "WhatsApp"))
    )
    return (
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social '
        f'sd-social-icon-text sd-sharing"><h3 class="sd-title">{share}</h3><div class="sd-content">'
        f'<ul>{buttons}<li class="share-end"></li></ul></div></div></div>'
        f"<div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper jetpack-likes-widget-unloaded' "
        f"id='like-post-wrapper-1-{post.id}-6f1c' data-name='like-post-frame-1-{post.id}-6f1c'>"
        f"<h3 class=\"sd-title\">{like}</h3><div class='likes-widget-placeholder post-likes-widget-placeholder' "
        "style='height: 55px;'><span class='button'><span>Suka</span></span> "
        "<span class='loading'>Memuat...</span></div><span class='sd-text-color'></span>"
        "<a class='sd-link-color'></a></div>"
        f"<div id='jp-relatedposts' class='jp-relatedposts' ><h3 class=\"jp-relatedposts-headline\">"
        f"<em>{related}</em></h3></div>"
    )
