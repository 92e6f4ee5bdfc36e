"""Template profiles: what one WordPress theme or page builder prints, declared in one place.

Like Fundus's publisher parsers, a profile holds selectors only; the field and
text functions apply them. Each field is an ordered tuple of *sources*:

    "css:SELECTOR"        the text of the first element matching SELECTOR
    "css:SELECTOR@attr"   that element's attribute (SELECTOR may be a group: a, b@attr)
    "meta:NAME"           <meta property|name=NAME content=...>
    "ld:KEY"              KEY of the page's JSON-LD Article node

`GENERIC` is the fallback profile: sources any WordPress theme is likely to
offer. A new template is a new profile, added to `PROFILES`; a site declaration
(`lan_crawler.sites`) says which of them its pages use.
"""

from __future__ import annotations

from dataclasses import dataclass

Sources = tuple[str, ...]


@dataclass(frozen=True)
class TemplateProfile:
    name: str
    marker: str  # CSS that only this template's pages match
    article: str  # the post's own element (not related posts, not widgets)
    content: str  # the body container inside `article`
    title: Sources
    published: Sources
    modified: Sources
    author: Sources
    categories: Sources  # every match counts
    tags: Sources  # every match counts
    featured_image: str
    listing_links: str  # post links on the home, category and archive listings
    next_page: str  # the listing's link to its next page
    chrome: tuple[str, ...] = ()  # template-specific chrome inside `content`
    hidden: str = ""  # screen-reader-only labels of this template, beside the generic ones
    # phrases of the template's own chrome (skip link, meta labels): a text holding one
    # was taken from the wrong part of the page
    chrome_phrases: tuple[str, ...] = ()


# What Yoast SEO (on every theme of the site) puts in the head.
_YOAST_PUBLISHED = ("meta:article:published_time", "ld:datePublished")
_YOAST_MODIFIED = ("meta:article:modified_time", "ld:dateModified")

OCEANWP = TemplateProfile(
    name="oceanwp",
    marker="body.oceanwp-theme",
    # partials/single/layout.php prints the post as `article#post-<ID>` with no class, right
    # inside `#content`; related posts (`article.related-post.post.type-post.hentry`) and
    # listing entries carry the post classes, so classes must not be what finds the post
    article="#content > article[id^='post-']:not(.related-post):not(.blog-entry)",
    content="div.entry-content",
    # partials/single/header.php: an h2 by default, the Customizer may make it h1..h6
    title=("css:header.entry-header > .single-post-title",),
    published=(*_YOAST_PUBLISHED, "css:ul.meta .meta-date"),
    modified=(*_YOAST_MODIFIED, "css:ul.meta .meta-mod-date"),
    author=("css:ul.meta .meta-author a[rel~=author]",),
    categories=("css:ul.meta .meta-cat a[rel~=category]",),
    tags=("css:.post-tags a[rel=tag]",),
    featured_image=".thumbnail img.wp-post-image",
    listing_links="#blog-entries h2.blog-entry-title a",
    next_page=".oceanwp-pagination a.next.page-numbers",
    chrome=(".post-tags", ".entry-share", "#related-posts", "#comments", ".post-navigation"),
    chrome_phrases=(
        "Skip to content",
        "Post author:",
        "Post published:",
        "Post category:",
        "Please Share This",
        "Share this content",
        "You Might Also Like",
        "Read more about the article",
    ),
)

# Elementor Pro's theme builder: a single-post template made of widgets.
ELEMENTOR = TemplateProfile(
    name="elementor",
    marker="[data-elementor-type=single-post]",
    article="[data-elementor-type=single-post]",
    content=".elementor-widget-theme-post-content > .elementor-widget-container",
    title=("css:.elementor-widget-theme-post-title .elementor-heading-title",),
    published=(*_YOAST_PUBLISHED, "css:.elementor-post-info__item--type-date"),
    modified=(*_YOAST_MODIFIED,),
    author=("css:.elementor-post-info__item--type-author",),
    categories=(
        "css:.elementor-post-info__terms-list a[href*='cat='], "
        ".elementor-post-info__terms-list a[href*='/category/']",
    ),
    tags=(
        "css:.elementor-post-info__terms-list a[href*='tag='], "
        ".elementor-post-info__terms-list a[href*='/tag/']",
    ),
    featured_image=".elementor-widget-theme-post-featured-image img",
    # the Posts and Archive Posts widgets
    listing_links=".elementor-post__title a",
    next_page=".elementor-pagination a.next",
    hidden=".elementor-screen-only",
)

# A block theme, as WordPress's default themes (Twenty Twenty-Four) render single posts.
BLOCK_THEME = TemplateProfile(
    name="block-theme",
    marker=".wp-site-blocks",
    article="main",
    content=".wp-block-post-content",
    title=("css:h1.wp-block-post-title",),
    published=("css:.wp-block-post-date time@datetime", *_YOAST_PUBLISHED),
    modified=("css:.wp-block-post-date__modified-date time@datetime", *_YOAST_MODIFIED),
    author=("css:.wp-block-post-author-name",),
    categories=("css:.taxonomy-category.wp-block-post-terms a",),
    tags=("css:.taxonomy-post_tag.wp-block-post-terms a",),
    featured_image=".wp-block-post-featured-image img",
    # the Query Loop block
    listing_links=".wp-block-post-template .wp-block-post-title a",
    next_page="a.wp-block-query-pagination-next",
)

PROFILES = (OCEANWP, ELEMENTOR, BLOCK_THEME)

# Sources most WordPress themes and SEO plugins offer: the fallback for every field.
GENERIC = TemplateProfile(
    name="generic",
    marker="body",
    article="article, main, body",
    content=".entry-content, [itemprop=articleBody], .post-content, .article-content",
    title=(
        "css:.entry-title, .single-post-title, .post-title, article h1, main h1",
        "ld:headline",
        "meta:og:title",
        "css:h1",
    ),
    published=(
        "meta:article:published_time",
        "ld:datePublished",
        "css:time[itemprop=datePublished]@datetime",
        "css:article time.entry-date, article time.published@datetime",
        "css:article time[datetime], main time[datetime]@datetime",
        "css:.entry-date, .posted-on, .post-date, .published",
        "htmldate:",
    ),
    modified=(
        "meta:article:modified_time",
        "ld:dateModified",
        "css:time[itemprop=dateModified], time.updated@datetime",
    ),
    author=("ld:author", "meta:author", "css:a[rel~=author]"),
    categories=("css:article a[rel~=category], main a[rel~=category]", "ld:articleSection"),
    tags=("css:article a[rel=tag], main a[rel=tag]", "ld:keywords"),
    featured_image="img.wp-post-image",
    listing_links="article .entry-title a, article h2 a",
    next_page="a.next, a[rel=next]",
    hidden=".screen-reader-text, .sr-only, [aria-hidden=true]",
)
