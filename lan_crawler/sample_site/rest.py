"""The sample site's REST API, as WordPress core's `wp/v2` posts controller answers.

    /wp-json/wp/v2/posts?per_page=100&page=2      (pretty permalinks)
    /?rest_route=/wp/v2/posts&per_page=100&page=2  (any permalinks)

Posts carry what `WP_REST_Posts_Controller::prepare_item_for_response` gives an
anonymous client (dates local and GMT without offset, `content.rendered` exactly as
`the_content()` prints it); lists take `per_page` (1-100), `page`, `orderby`,
`order`, `after`, `modified_after`, `_fields`, and answer `X-WP-Total`,
`X-WP-TotalPages` and a `Link` header. A security plugin can shut it (401).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any
from urllib.parse import urlencode

from lan_crawler.sample_site.answer import Answer, json_answer
from lan_crawler.sample_site.content import Context, excerpt, text
from lan_crawler.sample_site.plugins import post_body
from lan_crawler.sample_site.posts import Post, wp_slug

ORDERS: dict[str, Callable[[Post], Any]] = {
    "date": lambda p: p.published,
    "modified": lambda p: p.modified,
    "id": lambda p: p.id,
    "title": lambda p: p.title,
    "slug": lambda p: p.slug,
}


def tag_id(name: str) -> int:
    """A term id for a tag, fixed by its slug (term ids are the database's)."""
    return 100 + zlib.crc32(wp_slug(name).encode()) % 9000


def error(code: str, message: str, status: int, **data: Any) -> Answer:
    return json_answer(
        {"code": code, "message": message, "data": {"status": status, **data}}, status
    )


def answer(ctx: Context, route: str, query: dict[str, str], enabled: bool) -> Answer:
    """The API's answer to `route` (`/wp/v2/posts`) with the request's other query parameters."""
    if not enabled:
        return error("rest_cannot_access", "Only authenticated users can access the REST API.", 401)
    route = "/" + route.strip("/")
    if route == "/":
        return json_answer(
            {
                "name": ctx.site.name,
                "url": ctx.base_url.rstrip("/"),
                "home": ctx.base_url.rstrip("/"),
                "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1"],
                "routes": {"/wp/v2/posts": {"namespace": "wp/v2", "methods": ["GET"]}},
            }
        )
    if route == "/wp/v2/posts":
        return post_list(ctx, query)
    if route.startswith("/wp/v2/posts/") and route.rsplit("/", 1)[1].isdigit():
        post = ctx.post(int(route.rsplit("/", 1)[1]))
        if post is None:
            return error("rest_post_invalid_id", "Invalid post ID.", 404)
        return json_answer(_fields(post_json(ctx, post), query.get("_fields")))
    return error("rest_no_route", "No route was found matching the URL and request method.", 404)


def post_list(ctx: Context, query: dict[str, str]) -> Answer:
    try:
        per_page = _number(query, "per_page", 10, 1, 100)
        page = _number(query, "page", 1, 1, None)
        after = _moment(query, "after", ctx.site.tz)
        modified_after = _moment(query, "modified_after", ctx.site.tz)
    except ValueError as bad:
        name, message = bad.args
        return error(
            "rest_invalid_param", f"Invalid parameter(s): {name}", 400, params={name: message}
        )
    orderby = query.get("orderby", "date")
    if orderby not in ORDERS:
        message = f"orderby is not one of {', '.join(ORDERS)}."
        return error(
            "rest_invalid_param", "Invalid parameter(s): orderby", 400, params={"orderby": message}
        )
    posts = [
        p
        for p in ctx.posts
        if (after is None or p.published > after)
        and (modified_after is None or p.modified > modified_after)
    ]
    posts.sort(key=ORDERS[orderby], reverse=query.get("order", "desc") != "asc")
    total, pages = len(posts), math.ceil(len(posts) / per_page)
    if page > max(pages, 1):
        return error(
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
            400,
        )
    shown = posts[(page - 1) * per_page : page * per_page]
    links = []
    for rel, number in (("prev", page - 1), ("next", page + 1)):
        if 1 <= number <= pages:
            url = ctx.rest_url("/wp/v2/posts")
            params = urlencode({**query, "page": number})
            links.append(f'<{url}{"&" if "?" in url else "?"}{params}>; rel="{rel}"')
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    if links:
        headers["Link"] = ", ".join(links)
    fields = query.get("_fields")
    return json_answer([_fields(post_json(ctx, p), fields) for p in shown], headers=headers)


def post_json(ctx: Context, post: Post) -> dict[str, Any]:
    """A post as the API shows it to an anonymous client (context "view")."""
    return {
        "id": post.id,
        "date": _local(post.published, ctx.site.tz),
        "date_gmt": _gmt(post.published),
        "guid": {"rendered": ctx.shortlink(post.id)},
        "modified": _local(post.modified, ctx.site.tz),
        "modified_gmt": _gmt(post.modified),
        "slug": post.slug,
        "status": "publish",
        "type": "post",
        "link": ctx.post_url(post.id),
        "title": {"rendered": text(post.title)},
        "content": {"rendered": post_body(ctx, post) + "\n", "protected": False},
        "excerpt": {"rendered": f"<p>{text(excerpt(post))} [&hellip;]</p>\n", "protected": False},
        "author": 2,
        "featured_media": post.id + 1 if post.featured else 0,
        "comment_status": "closed",
        "ping_status": "closed",
        "sticky": False,
        "template": "",
        "format": "standard",
        "meta": {"footnotes": ""},
        "categories": [ctx.site.category_ids[c] for c in post.categories],
        "tags": [tag_id(t) for t in post.tags],
        "_links": {
            "self": [{"href": ctx.rest_url(f"/wp/v2/posts/{post.id}")}],
            "collection": [{"href": ctx.rest_url("/wp/v2/posts")}],
        },
    }


def _fields(item: dict[str, Any], fields: str | None) -> dict[str, Any]:
    """What `_fields=id,link,content.rendered` leaves of an item."""
    if not fields:
        return item
    kept: dict[str, Any] = {}
    for name in (f.strip() for f in fields.split(",") if f.strip()):
        top, _, inner = name.partition(".")
        if top in item:
            if inner and isinstance(item[top], dict):
                kept.setdefault(top, {})[inner] = item[top].get(inner)
            else:
                kept[top] = item[top]
    return kept


def _number(query: dict[str, str], name: str, default: int, low: int, high: int | None) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < low or (high is not None and int(raw) > high):
        bounds = f"between {low} (inclusive) and {high} (inclusive)" if high else f"at least {low}"
        raise ValueError(name, f"{name} must be {bounds}")
    return int(raw)


def _moment(query: dict[str, str], name: str, local: tzinfo) -> datetime | None:
    raw = query.get(name)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace(" ", "+").replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(name, "Invalid date.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=local)  # the site's own zone


def _local(moment: datetime, local: tzinfo) -> str:
    """A date as the API gives it: the site's local time, with no offset."""
    return moment.astimezone(local).strftime("%Y-%m-%dT%H:%M:%S")


def _gmt(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
