"""From one post page's HTML to an article record: pure functions, no I/O, no Scrapy.

    record = extract_article(html, url, site=LAN.extraction)

The page is matched against the site's template profiles; every field and the
body text then come from the matching profile or, failing that, from generic
fallbacks (see fields.py and layers.py). `extraction.method` names the layer of
the body text, followed by `part=layer` for each part that came from another
layer; `extraction.warnings` lists everything doubtful.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from lxml import html

from lan_crawler.extract import chrome
from lan_crawler.extract.dates import body_date_warnings, jakarta_iso
from lan_crawler.extract.dom import UnparseablePage, body_classes, parse_html, select_first
from lan_crawler.extract.fields import (
    Page,
    all_values,
    find_attachments,
    find_date,
    find_images,
    find_language,
    find_title,
    first_value,
)
from lan_crawler.extract.hints import GENERIC_SITE, SiteHints
from lan_crawler.extract.layers import BodyText, declared_words, find_body, from_api
from lan_crawler.extract.metadata import PageMetadata, read_metadata
from lan_crawler.extract.overlap import agreement
from lan_crawler.extract.profile import GENERIC, TemplateProfile
from lan_crawler.record import SCHEMA_VERSION, ArticleRecord, content_sha256, word_count
from lan_crawler.urls import Site, absolute_url, post_id_in
from lan_crawler.wordpress import NOT_POST_BODY_CLASSES, POST_ID_BODY_CLASS, POST_ID_ELEMENT

EXTRACTOR_VERSION = "2.2"  # 2.2: the REST API's content as a check and a layer
MIN_API_AGREEMENT = 0.9  # shingle agreement below which page and API disagree
NO_POST_ID = "no post id (no shortlink, postid- class, post-<id> or ?p= URL)"
IDENTITY_CONFLICT = "post ids disagree"  # a warning's opening: the page names another post
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,2})"  # one to three capitalised words
    r"(?: ?\([^)]{1,30}\))?(?:, [^–—\n]{1,40}?)?"  # optional "(ANTARA)" or ", 29 Maret 2021"
    r" ?[–—-]{1,2} "
)


class ExtractionError(Exception):
    """The page gave no record; `reason` says why in a few words, `kind` names the case."""

    kind = "extraction"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def summary(self) -> str:
        """The reason as a run report gives it."""
        return self.reason


class NotAnArticle(ExtractionError):
    """The page is not a post (a static page, a listing, an attachment, an error page)."""

    kind = "not_a_post"

    @property
    def summary(self) -> str:
        return f"not a post ({self.reason})"


class ExtractionFailed(ExtractionError):
    """The page is a post, but no clean article could be taken from it."""

    @property
    def summary(self) -> str:
        return f"extraction failed: {self.reason}"


@dataclass
class Reading:
    """What a page gives before the archive's rules apply: every part it found, any of
    them missing. `extract_article` makes a record of it or says why it cannot."""

    page: Page
    not_a_post: str | None  # why the page is no single post, if it is not
    post_id: int | None
    title: str | None
    title_layer: str
    body: BodyText | None
    body_failures: list[str]  # why the layers before the body's failed
    published: str | None
    published_layer: str


def read_article(
    page: str,
    url: str,
    *,
    api_content: str | None = None,
    post_id: int | None = None,
    site: SiteHints = GENERIC_SITE,
    fallbacks: bool = True,
) -> Reading:
    """Read any page as an article: its template, post id, title, body and publication
    time, each None when the page has none. Raises ExtractionFailed only for HTML that
    cannot be parsed at all."""
    try:
        doc = parse_html(page)
    except UnparseablePage as error:
        raise ExtractionFailed(str(error)) from error
    base = doc.find(".//base")
    base_href = base.get("href") if base is not None else None
    page_url = (absolute_url(url, base_href) if base_href else None) or url
    meta = read_metadata(doc)
    try:
        check_is_post(doc, meta)
        not_a_post = None
    except NotAnArticle as refusal:
        not_a_post = refusal.reason
    profile = match_profile(doc, site.templates)
    article = select_first(doc, profile.article) if profile else None
    if article is None:
        article = select_first(doc, GENERIC.article)
    assert article is not None  # GENERIC.article ends with "body", which lxml always makes
    current = Page(doc, page, page_url, meta, site, profile, article, list(meta.warnings))
    current.api_content = api_content
    own = article if profile else None
    post_id = find_post_id(doc, meta, url, current.warnings, own, expected=post_id)
    title, title_layer = find_title(current)
    current.title = title or ""
    body, failures = find_body(current, fallbacks)
    published, published_layer = find_date(current, "published")
    return Reading(
        current, not_a_post, post_id, title, title_layer, body, failures, published, published_layer
    )


def extract_article(
    page: str,
    url: str,
    *,
    site_url: str | None = None,
    fetched_at: datetime | None = None,
    lastmod: datetime | None = None,
    lastmod_from: str = "sitemap",
    api_content: str | None = None,
    post_id: int | None = None,
    site: SiteHints = GENERIC_SITE,
    fallbacks: bool = True,
) -> ArticleRecord:
    """The record of the post page `page`, fetched from `url`.

    `site_url` is the crawled site's base URL (default: derived from `url`); it
    sets the record's `source` and canonical `url`. `lastmod` (the sitemap's)
    stands in for `modified` when the page shows none (its layer: `lastmod_from`).
    `post_id` is the post the crawl asked for, which the record's id then is.
    `api_content`, the REST API's `content.rendered`, is a second opinion on the text
    (a warning when the two disagree) and a fallback layer. `site` says which templates
    the site uses and what its own chrome looks like; `fallbacks=False` accepts a
    body only from one of its templates. Raises NotAnArticle for pages that are not
    posts and ExtractionFailed when no clean article can be taken from the post.
    """
    reading = read_article(
        page, url, api_content=api_content, post_id=post_id, site=site, fallbacks=fallbacks
    )
    if refusals := _refusals(reading):
        raise refusals[0]
    record = _record(reading, Site.from_url(site_url or url), fetched_at, lastmod, lastmod_from)
    return cast(ArticleRecord, record)  # every part _record may lack was refused above


def extract_page(
    page: str,
    url: str,
    *,
    site_url: str | None = None,
    fetched_at: datetime | None = None,
    lastmod: datetime | None = None,
    lastmod_from: str = "sitemap",
    api_content: str | None = None,
    post_id: int | None = None,
    site: SiteHints = GENERIC_SITE,
    fallbacks: bool = True,
) -> dict[str, Any]:
    """What any page gives, for looking at it, never for the archive: a post's record as
    extract_article makes it; for any other page its best text, title, dates and author,
    `id`, `url` and what it lacks null (a static page's id is no post's), and each reason
    the archive would refuse it first in the warnings ("not archived: ..."). Raises
    ExtractionFailed for a page with no text. The arguments are extract_article's.
    """
    reading = read_article(
        page, url, api_content=api_content, post_id=post_id, site=site, fallbacks=fallbacks
    )
    if reading.body is None:
        raise ExtractionFailed("no article text: " + "; ".join(reading.body_failures))
    record = _record(reading, Site.from_url(site_url or url), fetched_at, lastmod, lastmod_from)
    if refusals := _refusals(reading):  # no post of the archive: it names none
        record["id"] = record["url"] = None
        refused = [f"not archived: {refusal.reason}" for refusal in refusals]
        record["extraction"]["warnings"][:0] = refused
    return record


def _refusals(reading: Reading) -> list[ExtractionError]:
    """Why the archive takes no record of what was read, the first reason first."""
    found: list[ExtractionError] = [NotAnArticle(reading.not_a_post)] if reading.not_a_post else []
    what = f"post {reading.post_id}" if reading.post_id is not None else "the page"
    if reading.post_id is None:
        found.append(ExtractionFailed(NO_POST_ID))
    if not reading.title:
        found.append(ExtractionFailed(f"no title in {what}"))
    if reading.body is None:
        failures = "; ".join(reading.body_failures)
        found.append(ExtractionFailed(f"no article text in {what}: {failures}"))
    if reading.published is None:
        found.append(ExtractionFailed(f"no publication date in {what}"))
    return found


def _record(
    reading: Reading,
    source: Site,
    fetched_at: datetime | None,
    lastmod: datetime | None,
    lastmod_from: str,
) -> dict[str, Any]:
    """The record of what was read, any part it lacks null (the body it must have)."""
    current, post_id, title, body = reading.page, reading.post_id, reading.title, reading.body
    assert body is not None  # both callers refuse a reading without one
    if current.profile is None:
        current.warnings.append("no site profile matches this page's template")
    current.warnings += [f"text: {failure}" for failure in reading.body_failures]
    current.warnings += [f"text: dropped chrome line {line!r}" for line in body.dropped]
    text = body.text
    published, published_layer = reading.published, reading.published_layer
    modified, modified_layer = find_date(current, "modified")
    if modified is None and lastmod is not None:  # the page shows none: discovery's word
        modified, modified_layer = jakarta_iso(lastmod), lastmod_from
    author, author_layer = first_value(current, "author")
    categories, categories_layer = all_values(current, "categories")
    tags, tags_layer = all_values(current, "tags")

    current.warnings += [
        f"text contains {p!r}, usually chrome"
        for p in chrome.phrases_in(text, current.hints.suspect_phrases)
    ]
    if published:
        current.warnings += body_date_warnings(text, date.fromisoformat(published[:10]))
    current.warnings += _length_check(current, text)
    checked = _api_check(current, body.layer, text)
    parts = {
        "title": reading.title_layer,
        "published": published_layer,
        "modified": modified_layer,
        "author": author_layer,
        "categories": categories_layer,
        "tags": tags_layer,
        "checked": checked,
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "id": source.record_id(post_id) if post_id is not None else None,
        "source": source.source,
        "url": source.post_url(post_id) if post_id is not None else None,
        "title": title,
        "published": published,
        "modified": modified,
        "author": author,
        "categories": categories,
        "tags": tags,
        "dateline": find_dateline(text),
        "text": text,
        "images": find_images(current, body.element),
        "attachments": find_attachments(current, body.element),
        "language": find_language(current),
        "word_count": word_count(text),
        "content_sha256": content_sha256(title or "", text),
        "fetched_at": _utc(fetched_at) if fetched_at else None,
        "extraction": {
            "method": method_string(body.layer, parts),
            "version": EXTRACTOR_VERSION,
            "warnings": current.warnings,
        },
        "raw": None,
    }


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def method_string(text_layer: str, parts: dict[str, str]) -> str:
    """`<text layer>` then `; part=layer, ...` for the parts another layer produced."""
    others = [f"{part}={layer}" for part, layer in parts.items() if layer and layer != text_layer]
    return text_layer + (f"; {', '.join(others)}" if others else "")


def match_profile(
    doc: html.HtmlElement, profiles: Sequence[TemplateProfile]
) -> TemplateProfile | None:
    """The first known template whose marker the page carries."""
    return next((p for p in profiles if select_first(doc, p.marker) is not None), None)


def check_is_post(doc: html.HtmlElement, meta: PageMetadata) -> None:
    """Raise NotAnArticle unless the page is a single post."""
    classes = body_classes(doc)
    if "single-post" in classes or (
        "single" in classes
        and "single-attachment" not in classes
        and any(c.startswith("postid-") for c in classes)
    ):
        return
    for marker, kind in NOT_POST_BODY_CLASSES:
        if marker in classes:
            raise NotAnArticle(kind)
    if meta.meta.get("og:type") == "article" or meta.article_ld:
        return
    raise NotAnArticle("not a post page")


def find_post_id(
    doc: html.HtmlElement,
    meta: PageMetadata,
    url: str,
    warnings: list[str],
    article: html.HtmlElement | None = None,
    expected: int | None = None,
) -> int | None:
    """The WordPress post id: from the shortlink, the body class, the post's own element
    (`article#post-<id>`), or the URL; None when none of them gives one.

    When the crawl asked for a given post (`expected`), that id stands: a page whose
    markers name another post is never stored over that post's record.
    """
    candidates: list[int] = []
    shortlink = meta.links.get("shortlink")
    absolute = absolute_url(url, shortlink) if shortlink else None
    if absolute and (found := post_id_in(absolute)):
        candidates.append(found)
    body = doc.find(".//body")
    if body is not None and (match := POST_ID_BODY_CLASS.search(body.get("class") or "")):
        candidates.append(int(match[1]))
    if article is not None and (match := POST_ID_ELEMENT.fullmatch(article.get("id") or "")):
        candidates.append(int(match[1]))
    if from_url := post_id_in(url):
        candidates.append(from_url)
    if expected is not None:
        others = sorted({c for c in candidates if c != expected})
        if others:
            warnings.append(f"{IDENTITY_CONFLICT}: the page says {others}, asked for {expected}")
        return expected
    if not candidates:
        return None
    if len(set(candidates)) > 1:
        warnings.append(f"{IDENTITY_CONFLICT}: {sorted(set(candidates))}, using {candidates[0]}")
    return candidates[0]


def find_dateline(text: str) -> str | None:
    match = _DATELINE.match(text)
    return match["place"] if match else None


def _api_check(page: Page, layer: str, text: str) -> str:
    """Compare the text with the REST API's content: "rest-api" when they agree, else a
    warning (and "" when there is nothing to compare with)."""
    if layer == "rest-api" or not page.api_content:
        return ""
    api = from_api(page)
    if api is None or not api.text:
        return ""
    score = agreement(text, api.text)
    if score >= MIN_API_AGREEMENT:
        return "rest-api"
    page.warnings.append(f"text: the REST API's content differs ({score:.0%} alike)")
    return ""


def _length_check(page: Page, text: str) -> list[str]:
    """A warning when the text is much shorter than the page's JSON-LD says the article is."""
    words, declared = word_count(text), declared_words(page)
    if declared and words < 0.7 * declared:
        return [f"text: {words} words, but JSON-LD says the article has {declared}"]
    return []
