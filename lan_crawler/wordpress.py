"""What WordPress core prints, whatever the theme or the site: one place for its conventions.

Sites say which of these surfaces they offer (`lan_crawler.sites`); templates say
how their theme lays a post out (`lan_crawler.extract.profile`).
"""

from __future__ import annotations

import re

# body_class(): the class that says what kind of page a template rendered, for pages that
# are not a single post (checked in this order: an attachment page also says "single")
NOT_POST_BODY_CLASSES = (
    ("error404", "error page"),
    ("single-attachment", "attachment page"),
    ("attachment", "attachment page"),
    ("page", "static page"),
    ("search", "search results"),
    ("archive", "listing"),
    ("blog", "listing"),
    ("home", "listing"),
)
# a post id as WordPress stores it (an unsigned BIGINT), written in ASCII digits
POST_ID = r"[1-9][0-9]{0,18}"
POST_ID_BODY_CLASS = re.compile(rf"\bpostid-({POST_ID})\b", re.ASCII)
POST_ID_ELEMENT = re.compile(rf"post-({POST_ID})", re.ASCII)  # the post's own element's id


def parse_post_id(text: object) -> int | None:
    """A post id from text (`"5297"`) or JSON (`5297`); None for anything else (`"²"`,
    `"0"`, a thousand digits)."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        text = str(text)
    if not isinstance(text, str) or not re.fullmatch(POST_ID, text, re.ASCII):
        return None
    number = int(text)
    return number if number < 2**63 else None


# query keys that make a URL something other than a post, whatever else it carries
NOT_POST_QUERY_KEYS = frozenset(
    [
        "page_id",
        "attachment_id",
        "cat",
        "tag",
        "m",
        "author",
        "s",
        "feed",
        "paged",
        "sitemap",
        "replytocom",
        "preview",
    ]
)

# sub-sitemaps that list no posts: pages, taxonomies, users (core and Yoast SEO names)
NOT_POST_SITEMAPS = (
    "posts-page",
    "taxonomies",
    "users",
    "page-sitemap",
    "category-sitemap",
    "post_tag-sitemap",
    "author-sitemap",
)
# ... and the query core gives them under plain permalinks
# (`?sitemap=posts&sitemap-subtype=page&paged=1`, `?sitemap=users&paged=1`)
NOT_POST_SITEMAP_QUERY = {"sitemap": ("taxonomies", "users"), "sitemap-subtype": ("page",)}
