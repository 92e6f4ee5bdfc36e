"""From a fetched page to its article record: the one path the crawl, `reprocess` and
`lan-archive extract` share, so the same bytes and options always give the same record.
(`extract` takes any page: for one that is no post it gives what `best_effort_record` can.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from lan_crawler.extract.article import ExtractionError, extract_article, extract_page
from lan_crawler.extract.encoding import charset_of, decode_html, is_html
from lan_crawler.record import ArticleRecord, Raw
from lan_crawler.sites import SiteDeclaration

if TYPE_CHECKING:
    from scrapy.http import Response


@dataclass(frozen=True)
class FetchedPage:
    url: str
    body: bytes  # as received, content-encoding undone
    content_type: str = ""  # the Content-Type header; "" for a page saved to a file
    fetched_at: datetime | None = None
    lastmod: datetime | None = None  # what discovery said of the post's last change
    raw: Raw | None = None  # where the response is kept
    lastmod_from: str = "sitemap"  # the surface `lastmod` comes from (sitemap, rest-api)
    api_content: str | None = None  # the REST API's `content.rendered` of the post
    post_id: int | None = None  # the post the crawl asked for, if it knew which

    @classmethod
    def from_response(cls, response: Response) -> FetchedPage:
        """A crawled response, with what the crawl knows of it (its WARC record, lastmod)."""
        meta = response.meta
        content_type = (response.headers.get("Content-Type") or b"").decode(errors="replace")
        fetched_at = meta.get("fetched_at") or datetime.now(UTC)
        return cls(
            response.url,
            response.body,
            content_type,
            fetched_at,
            meta.get("lastmod"),
            meta.get("warc"),
            meta.get("lastmod_from", "sitemap"),
            meta.get("api_content"),
            meta.get("post_id"),
        )


class NotHtml(ExtractionError):
    """The answer at a post URL is no web page (a PDF, an image)."""

    kind = "not_html"


def record_from_page(
    page: FetchedPage, site: SiteDeclaration, *, base_url: str | None = None, fallbacks: bool = True
) -> ArticleRecord:
    """The record of a post page of `site` (crawled at `base_url`, default: from the URL).

    Raises NotHtml, NotAnArticle or ExtractionFailed (all ExtractionError) when the
    page gives no record; a charset the page contradicts becomes a record warning.
    """
    return _from_page(extract_article, page, site, base_url, fallbacks)


def best_effort_record(
    page: FetchedPage, site: SiteDeclaration, *, fallbacks: bool = True
) -> dict[str, Any]:
    """What any page gives, for `lan-archive extract` only (see extract_page): a post's
    record as record_from_page makes it, else the page's best article, what it lacks null
    and why in its warnings. Raises NotHtml, or ExtractionFailed for a page with no text."""
    return _from_page(extract_page, page, site, None, fallbacks)


Record = TypeVar("Record", ArticleRecord, dict[str, Any])


def _from_page(
    extract: Callable[..., Record],
    page: FetchedPage,
    site: SiteDeclaration,
    base_url: str | None,
    fallbacks: bool,
) -> Record:
    if not is_html(page.content_type):
        raise NotHtml(f"not HTML ({page.content_type or 'no Content-Type'})")
    text, charset_problem = decode_html(page.body, charset_of(page.content_type))
    record = extract(
        text,
        page.url,
        site_url=base_url,
        fetched_at=page.fetched_at,
        lastmod=page.lastmod,
        lastmod_from=page.lastmod_from,
        api_content=page.api_content,
        post_id=page.post_id,
        site=site.extraction,
        fallbacks=fallbacks,
    )
    if charset_problem:
        record["extraction"]["warnings"].insert(0, charset_problem)
    record["raw"] = page.raw
    return record
