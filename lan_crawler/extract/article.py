"""From one post page's HTML to an article record: pure functions, no I/O, no Scrapy."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import lru_cache
from urllib.parse import urljoin

from lxml import etree, html
from lxml.cssselect import CSSSelector

from lan_crawler.extract import chrome
from lan_crawler.extract.dates import ParsedDate, body_date_warnings, jakarta_iso, parse_date
from lan_crawler.extract.metadata import PageMetadata, read_metadata
from lan_crawler.extract.profile import OCEANWP, SiteProfile
from lan_crawler.extract.text import inline_text, normalize_space, paragraphs
from lan_crawler.record import (
    SCHEMA_VERSION,
    ArticleRecord,
    Attachment,
    Image,
    content_sha256,
    word_count,
)
from lan_crawler.urls import Site, is_document_url

EXTRACTOR_VERSION = "1.0"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,2})"  # one to three capitalised words
    r"(?: ?\([^)]{1,30}\))?(?:, [^–—\n]{1,40}?)?"  # optional "(ANTARA)" or ", 29 Maret 2021"
    r" ?[–—-]{1,2} "
)
_POST_ID_CLASS = re.compile(r"\bpostid-(\d+)\b")
_GENERIC_LINK_TEXT = frozenset({"unduh", "download", "klik di sini", "di sini", "disini", "here"})


class ExtractionError(Exception):
    """The page gave no record; `reason` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotAnArticle(ExtractionError):
    """The page is not a post (a static page, a listing, an attachment, an error page)."""


class ExtractionFailed(ExtractionError):
    """The page is a post, but no clean article could be taken from it."""


@lru_cache(maxsize=256)
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css)


def select(root: html.HtmlElement, css: str) -> list[html.HtmlElement]:
    found: list[html.HtmlElement] = _selector(css)(root)  # type: ignore[assignment]
    return found


def select_first(root: html.HtmlElement, css: str) -> html.HtmlElement | None:
    found = select(root, css)
    return found[0] if found else None


def parse_html(page: str) -> html.HtmlElement:
    if not page.strip():
        raise ExtractionFailed("empty page")
    try:
        return html.document_fromstring(page)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionFailed(f"unparseable HTML: {error}") from error


def extract_article(
    page: str,
    url: str,
    *,
    site_url: str | None = None,
    fetched_at: datetime | None = None,
    profile: SiteProfile = OCEANWP,
) -> ArticleRecord:
    """The record of the post page `page`, fetched from `url`.

    `site_url` is the crawled site's base URL (default: derived from `url`); it
    sets the record's `source` and canonical `url`. Raises NotAnArticle for
    pages that are not posts and ExtractionFailed when the post's content cannot
    be found or does not come out clean.
    """
    doc = parse_html(page)
    site = Site.from_url(site_url or url)
    base = doc.find(".//base")
    page_url = urljoin(url, base.get("href")) if base is not None and base.get("href") else url
    meta = read_metadata(doc)
    warnings = list(meta.warnings)

    check_is_post(doc, meta)
    post_id = find_post_id(doc, meta, url, site, warnings)
    article = select_first(doc, profile.article)
    if article is None or select_first(article, profile.content) is None:
        article = doc
    container = select_first(article, profile.content)
    if container is None:
        raise ExtractionFailed(f"no content container ({profile.content}) in post {post_id}")

    title = find_title(doc, article, meta, profile)
    if not title:
        raise ExtractionFailed(f"no title in post {post_id}")
    published = find_date(article, meta, profile.published, "published", warnings)
    if published is None:
        raise ExtractionFailed(f"no publication date in post {post_id}")
    modified = find_date(article, meta, profile.modified, "modified", warnings)

    images = find_images(article, container, profile, page_url)
    attachments = find_attachments(container, page_url)
    text = clean_text(container, profile)
    if not text:
        raise ExtractionFailed(f"empty article text in post {post_id}")
    leftover = chrome.chrome_lines(text)
    if leftover:
        raise ExtractionFailed(f"chrome left in text of post {post_id}: {leftover[0]!r}")
    warnings += [f"text contains chrome phrase {p!r}" for p in chrome.chrome_phrases(text)]
    warnings += body_date_warnings(text, date.fromisoformat(published[:10]))

    return {
        "schema_version": SCHEMA_VERSION,
        "id": site.record_id(post_id),
        "source": site.source,
        "url": site.post_url(post_id),
        "title": title,
        "published": published,
        "modified": modified,
        "author": find_author(article, meta, profile),
        "categories": names(select(article, profile.categories)) or meta.ld_list("articleSection"),
        "tags": names(select(article, profile.tags)) or meta.ld_list("keywords"),
        "dateline": find_dateline(text),
        "text": text,
        "images": images,
        "attachments": attachments,
        "language": find_language(doc, meta),
        "word_count": word_count(text),
        "content_sha256": content_sha256(title, text),
        "fetched_at": fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if fetched_at
        else None,
        "extraction": {
            "method": f"profile:{profile.name}",
            "version": EXTRACTOR_VERSION,
            "warnings": warnings,
        },
    }


# --- field functions ----------------------------------------------------------------


def check_is_post(doc: html.HtmlElement, meta: PageMetadata) -> None:
    """Raise NotAnArticle unless the page is a single post."""
    body = doc.find(".//body")
    classes = set((body.get("class") or "").split()) if body is not None else set()
    if "single-post" in classes or (
        "single" in classes
        and "single-attachment" not in classes
        and any(c.startswith("postid-") for c in classes)
    ):
        return
    for marker, kind in (
        ("error404", "error page"),
        ("single-attachment", "attachment page"),
        ("attachment", "attachment page"),
        ("page", "static page"),
        ("search", "search results"),
        ("archive", "listing"),
        ("blog", "listing"),
        ("home", "listing"),
    ):
        if marker in classes:
            raise NotAnArticle(kind)
    if meta.meta.get("og:type") == "article" or meta.article_ld:
        return
    raise NotAnArticle("not a post page")


def find_post_id(
    doc: html.HtmlElement, meta: PageMetadata, url: str, site: Site, warnings: list[str]
) -> int:
    """The WordPress post id: from the shortlink, the body class, or the URL."""
    candidates: list[int] = []
    shortlink = meta.links.get("shortlink")
    if shortlink and (
        found := Site.from_url(urljoin(url, shortlink)).post_id(urljoin(url, shortlink))
    ):
        candidates.append(found)
    body = doc.find(".//body")
    if body is not None and (match := _POST_ID_CLASS.search(body.get("class") or "")):
        candidates.append(int(match[1]))
    if from_url := Site.from_url(url).post_id(url):
        candidates.append(from_url)
    if not candidates:
        raise ExtractionFailed("no post id (no shortlink, postid- class or ?p= URL)")
    if len(set(candidates)) > 1:
        warnings.append(f"post ids disagree: {sorted(set(candidates))}, using {candidates[0]}")
    return candidates[0]


def find_title(
    doc: html.HtmlElement, article: html.HtmlElement, meta: PageMetadata, profile: SiteProfile
) -> str:
    heading = select_first(article, profile.title)
    if heading is not None and (title := inline_text(heading).replace("\n", " ")):
        return title
    return meta.ld_text("headline") or ""


def find_date(
    article: html.HtmlElement, meta: PageMetadata, visible_css: str, which: str, warnings: list[str]
) -> str | None:
    """The post's publication or modification time, ISO 8601 in Asia/Jakarta.

    The head metadata gives the exact time; the visible date is checked against it
    and used alone (at midnight, with a warning) only when the head has none.
    """
    machine: ParsedDate | None = None
    for raw in (
        meta.meta.get(f"article:{which}_time"),
        meta.ld_text("datePublished" if which == "published" else "dateModified"),
    ):
        if raw:
            machine, problem = parse_date(raw)
            if problem:
                warnings.append(f"{which}: {problem}")
            if machine:
                break
    visible: ParsedDate | None = None
    element = select_first(article, visible_css)
    if element is not None:
        visible, problem = parse_date(inline_text(element))
        if problem:
            warnings.append(f"{which}: visible date: {problem}")
    if machine and machine.time is not None:
        if visible and visible.day != machine.day:
            warnings.append(
                f"{which}: visible date {visible.day} differs from metadata {machine.day}"
            )
        return jakarta_iso(machine.to_datetime())
    day = machine or visible
    if day is None:
        return None
    warnings.append(f"{which}: no time of day given, midnight assumed")
    return jakarta_iso(day.to_datetime())


def find_author(article: html.HtmlElement, meta: PageMetadata, profile: SiteProfile) -> str | None:
    element = select_first(article, profile.author)
    if element is not None:
        for hidden in select(element, ".screen-reader-text"):
            hidden.drop_tree()
        if author := inline_text(element):
            return author
    return meta.ld_text("author") or meta.meta.get("author") or None


def names(elements: Iterable[html.HtmlElement]) -> list[str]:
    """Distinct link texts, in order."""
    seen: dict[str, None] = {}
    for element in elements:
        if text := inline_text(element):
            seen.setdefault(text, None)
    return list(seen)


def find_images(
    article: html.HtmlElement, container: html.HtmlElement, profile: SiteProfile, page_url: str
) -> list[Image]:
    """The featured image, then every image in the body, with caption and alt text."""
    found: dict[str, Image] = {}
    featured = select_first(article, profile.featured_image)
    candidates = ([featured] if featured is not None else []) + list(container.iter("img"))
    for img in candidates:
        src = _image_source(img)
        if not src or "emoji" in (img.get("class") or "") or img.get("width") == "1":
            continue
        url = urljoin(page_url, src)
        if url not in found:
            alt = img.get("alt")
            found[url] = {"url": url, "caption": _caption(img), "alt": alt.strip() if alt else None}
    return list(found.values())


def _image_source(img: html.HtmlElement) -> str | None:
    for attribute in ("src", "data-src", "data-lazy-src", "data-orig-file"):
        value = (img.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return None


def _caption(img: html.HtmlElement) -> str | None:
    for ancestor in img.iterancestors():
        if ancestor.tag == "figure":
            caption = ancestor.find(".//figcaption")
            return inline_text(caption) or None if caption is not None else None
        classes = (ancestor.get("class") or "").split()
        if "wp-caption" in classes or "gallery-item" in classes:
            caption = select_first(ancestor, ".wp-caption-text, .gallery-caption")
            return inline_text(caption) or None if caption is not None else None
    return None


def find_attachments(container: html.HtmlElement, page_url: str) -> list[Attachment]:
    """Linked documents (PDF, Office files, archives), each once, with the best link text."""
    found: dict[str, Attachment] = {}
    for link in container.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or not is_document_url(href):
            continue
        url = urljoin(page_url, href)
        title = inline_text(link).replace("\n", " ")
        generic = title.casefold() in _GENERIC_LINK_TEXT
        if url not in found or (found[url]["title"] == "" and title and not generic):
            found[url] = {"url": url, "title": "" if generic else title}
    for attachment in found.values():
        if not attachment["title"]:
            attachment["title"] = attachment["url"].rsplit("/", 1)[-1]
    return list(found.values())


def clean_text(container: html.HtmlElement, profile: SiteProfile) -> str:
    """The body text once chrome is removed by structure."""
    for css in chrome.CHROME_SELECTORS + profile.chrome:
        for element in select(container, css):
            element.drop_tree()
    for element in list(container.iter("figure", "p", "div", "h4", "h5", "h6")):
        if chrome.is_media_figure(element) or chrome.is_read_also(element):
            element.drop_tree()
    return "\n\n".join(paragraphs(container))


def find_dateline(text: str) -> str | None:
    match = _DATELINE.match(text)
    return match["place"] if match else None


def find_language(doc: html.HtmlElement, meta: PageMetadata) -> str:
    """BCP 47 primary language of the page; Indonesian when it says nothing."""
    declared = doc.get("lang") or meta.meta.get("og:locale") or "id"
    return normalize_space(declared).replace("_", "-").split("-")[0].lower() or "id"
