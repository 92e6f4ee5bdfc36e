"""Site profiles: everything known about one site template, declared in one place.

Like Fundus's publisher parsers, a profile holds selectors only; the field
functions in `article.py` apply them. A new template is a new profile.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteProfile:
    name: str
    article: str  # the post's own element (not related posts, not widgets)
    content: str  # the body container inside `article`
    title: str
    author: str
    published: str  # the visible publication date
    modified: str  # the visible modification date
    categories: str
    tags: str
    featured_image: str
    chrome: tuple[str, ...] = ()  # template-specific chrome inside `content`
    listing_links: str = "h2.entry-title a, .blog-entry-title a"  # post links on listings
    next_page: str = "a.next.page-numbers, a[rel=next], .nav-previous a"


OCEANWP = SiteProfile(
    name="oceanwp",
    article="article.type-post, article.post, article.hentry",
    content="div.entry-content, div.entry",
    title="h2.single-post-title, h1.single-post-title, h1.entry-title, h2.entry-title",
    author=".meta-author a[rel~=author], .meta-author",
    published=".meta-date",
    modified=".meta-mod-date",
    categories=".meta-cat a[rel~=category]",
    tags=".post-tags a[rel=tag], .tags-links a[rel=tag]",
    featured_image=".thumbnail img.wp-post-image, img.wp-post-image",
    chrome=(".post-tags", ".entry-share", "#related-posts", "#comments", ".post-navigation"),
)
