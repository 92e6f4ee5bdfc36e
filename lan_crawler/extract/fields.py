"""Field functions: each field from the matching site profile's sources, else the generic ones.

Every value comes with the *layer* that produced it: `profile:<name>` when one of
the profile's own sources gave it, else `json-ld`, `meta-tags` or `html-fallback`
for the generic sources (see profile.GENERIC).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from lxml import html

from lan_crawler.extract.chrome import CHROME_PHRASES, in_chrome
from lan_crawler.extract.dates import ParsedDate, jakarta_iso, parse_date
from lan_crawler.extract.dom import select, select_first
from lan_crawler.extract.hints import SiteHints
from lan_crawler.extract.metadata import PageMetadata
from lan_crawler.extract.profile import GENERIC, TemplateProfile
from lan_crawler.extract.text import inline_text, normalize_space, words
from lan_crawler.record import Attachment, Image
from lan_crawler.urls import absolute_url, is_document_url

_FALLBACK_LAYER = {
    "ld": "json-ld",
    "meta": "meta-tags",
    "css": "html-fallback",
    "htmldate": "htmldate",
}
_GENERIC_LINK_TEXT = frozenset({"unduh", "download", "klik di sini", "di sini", "disini", "here"})


@dataclass
class Page:
    """A parsed post page, the profile that matched it, and the warnings gathered so far."""

    doc: html.HtmlElement
    source: str  # the HTML as received
    url: str  # where relative links are resolved
    meta: PageMetadata
    hints: SiteHints
    profile: TemplateProfile | None  # None: no known template matched
    article: html.HtmlElement  # the post's own element (the whole page when unknown)
    warnings: list[str] = field(default_factory=list)
    title: str = ""  # once found
    api_content: str | None = None  # the REST API's content.rendered, when the crawl has it

    def chains(self) -> list[tuple[TemplateProfile, bool]]:
        """(profile, is the page's own template) in the order their sources are tried."""
        own = [(self.profile, True)] if self.profile else []
        return [*own, (GENERIC, False)]

    @property
    def hidden(self) -> str:
        """CSS of screen-reader-only labels: the generic ones and the template's."""
        own = self.profile.hidden if self.profile else ""
        return ", ".join(css for css in (GENERIC.hidden, own) if css)

    @property
    def chrome_phrases(self) -> tuple[str, ...]:
        """Phrases that mean a text holds chrome: WordPress's, the template's, the site's."""
        own = self.profile.chrome_phrases if self.profile else ()
        return (*CHROME_PHRASES, *own, *self.hints.chrome_phrases)


def layer_name(profile: TemplateProfile, own: bool, spec: str) -> str:
    return f"profile:{profile.name}" if own else _FALLBACK_LAYER[spec.partition(":")[0]]


HTML_SOURCES = ("css:", "htmldate:")  # guesses from the page's body: the generic last resort


def source_values(page: Page, spec: str, own: bool) -> list[str]:
    """Every value one source spec (`css:...`, `meta:...`, `ld:...`, `htmldate:`) yields."""
    kind, _, rest = spec.partition(":")
    if kind == "htmldate":
        return _htmldate(page)
    if kind == "meta":
        value = page.meta.meta.get(rest.lower())
        return [value] if value else []
    if kind == "ld":
        return _ld_values(page.meta.article_ld.get(rest))
    css, _, attribute = rest.rpartition("@") if "@" in rest else (rest, "", "")
    scope = page.article if own else page.doc
    values = []
    for element in select(scope, css):
        if not own and in_chrome(element):
            continue  # generic selectors must not pick a related post's date or a widget's link
        value = element.get(attribute) if attribute else visible_text(element, page.hidden)
        if value and value.strip():
            values.append(normalize_space(value))
    return values


def _htmldate(page: Page) -> list[str]:
    """The day htmldate reads from the page's URL, visible dates and markup, if any."""
    import htmldate  # trafilatura's own date finder: only for pages no other source dates

    tree = copy.deepcopy(page.doc)  # without widgets and related posts: their dates are not its
    for element in [e for e in tree.iter() if _holds_other_posts(e)]:
        if element.getparent() is not None:
            element.drop_tree()
    try:
        day = htmldate.find_date(tree, url=page.url, original_date=True)
    except ValueError:
        return []
    return [day] if day else []


# Related posts and comments carry other dates. Headers, footers and sidebars stay: on real
# pages the post's own date is often there.
_OTHER_POSTS_CLASS = re.compile(r".*related.*|comments?|comment-.*")


def _holds_other_posts(element: html.HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("html", "body"):
        return False
    tokens = [*(element.get("class") or "").split(), element.get("id") or ""]
    return any(_OTHER_POSTS_CLASS.fullmatch(token) for token in tokens)


def _ld_values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _ld_values(value.get("name"))
    if isinstance(value, list):
        return [v for item in value for v in _ld_values(item)]
    return []


def visible_text(element: html.HtmlElement, hidden_css: str) -> str:
    """An element's text without screen-reader-only labels (`Post author:`)."""
    hidden = select(element, hidden_css)
    if not hidden:
        return inline_text(element).replace("\n", " ")
    copy = html.fromstring(html.tostring(element))
    for node in select(copy, hidden_css):
        node.drop_tree()
    return inline_text(copy).replace("\n", " ")


def first_value(page: Page, field_name: str) -> tuple[str | None, str]:
    """The first value any source of the field yields, and its layer."""
    for profile, own in page.chains():
        for spec in getattr(profile, field_name):
            values = source_values(page, spec, own)
            if values:
                return values[0], layer_name(profile, own, spec)
    return None, ""


def all_values(page: Page, field_name: str) -> tuple[list[str], str]:
    """Every distinct value of the first source that yields any (categories, tags)."""
    for profile, own in page.chains():
        for spec in getattr(profile, field_name):
            values = source_values(page, spec, own)
            if spec.startswith("ld:"):  # JSON-LD keywords may be one comma-separated string
                values = [part.strip() for v in values for part in v.split(",") if part.strip()]
            if values:
                return list(dict.fromkeys(values)), layer_name(profile, own, spec)
    return [], ""


def find_title(page: Page) -> tuple[str | None, str]:
    """The headline: the first title source, HTML entities decoded (Yoast's JSON-LD
    keeps them), the site's name cut off its end; the `<title>` when no source gives one."""
    title, layer = first_value(page, "title")
    if not title and (element := page.doc.find(".//title")) is not None:
        title, layer = normalize_space(element.text_content()) or None, "html-title"
    if title:
        title = without_site_name(normalize_space(unescape(title)), page)
    headline = page.meta.ld_text("headline")
    if title and headline and " ".join(unescape(headline).split()) != title:
        page.warnings.append(f"title: page says {title!r}, JSON-LD says {headline!r}")
    return title, layer


_TITLE_SEPARATOR = re.compile(r"\s+[-–—|•›»·:]\s+")


def without_site_name(title: str, page: Page) -> str:
    """`Judul - Lembaga Administrasi Negara`, `Title | example.com`: the title without the
    part after its last separator when that part names the site (its og:site_name, its
    JSON-LD publisher or its host name) or what is before it is the page's heading, and
    the page's headings do not hold the whole."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    head, tail = title[: title.rindex(parts[-1])].rstrip(" -–—|•›»·:"), parts[-1]
    headings = {words(h.text_content()) for h in page.doc.iter("h1")}
    if words(head) in headings and words(title) not in headings:
        return head
    names = {page.meta.meta.get("og:site_name") or "", page.meta.ld_text("publisher") or ""}
    host = _compact(urlsplit(page.url).hostname or "").removeprefix("www").lstrip(".")
    named = _compact(tail)
    if not named or not (
        any(_compact(name) == named for name in names)
        or named in host
        or (len(host) > 4 and host.rsplit(".", 1)[0] in named)
    ):
        return title
    return title if words(title) in headings else head


def _compact(text: str) -> str:
    """Letters, digits and dots, case-folded: `Popkultur.de` and `popkultur.de` agree."""
    return "".join(c for c in text.casefold() if c.isalnum() or c == ".")


def find_date(page: Page, field_name: str) -> tuple[str | None, str]:
    """Publication or modification time, ISO 8601 in Asia/Jakarta, and its layer.

    Sources are tried in order; the first that gives a time of day wins, a bare
    day (a visible date) only when none does. Sources that disagree on the day
    are reported. Generic HTML sources are read only if nothing else gave a date.
    """
    found: list[tuple[str, ParsedDate]] = []
    for profile, own in page.chains():
        for spec in getattr(profile, field_name):
            if not own and spec.startswith(HTML_SOURCES) and found:
                continue
            for value in source_values(page, spec, own)[:1]:
                parsed, problem = parse_date(value, local=page.hints.tz)
                if parsed:
                    found.append((layer_name(profile, own, spec), parsed))
                elif own or not spec.startswith(HTML_SOURCES):
                    page.warnings.append(f"{field_name}: {problem}")
    if not found:
        return None, ""
    timed = [(layer, d) for layer, d in found if d.time is not None]
    layer, chosen = (timed or found)[0]
    days = {d.day_in(page.hints.tz) for _, d in found}  # a visible date is on the site's clock
    if len(days) > 1:
        page.warnings.append(
            f"{field_name}: sources disagree: "
            + ", ".join(f"{d.isoformat()} ({layer})" for layer, d in found)
        )
    if chosen.time is None:
        page.warnings.append(f"{field_name}: no time of day given, midnight assumed")
    return jakarta_iso(chosen.to_datetime()), layer


def find_images(page: Page, container: html.HtmlElement | None) -> list[Image]:
    """The featured image, then every image in the body, with caption and alt text."""
    found: dict[str, Image] = {}
    featured = None
    for profile, own in page.chains():
        matches = select(page.article if own else page.doc, profile.featured_image)
        # generic selectors must not take a related post's thumbnail (OceanWP's are
        # `img.wp-post-image` too) for the featured image of a post that has none
        featured = next((img for img in matches if own or not in_chrome(img)), None)
        if featured is not None:
            break
    candidates = [featured] if featured is not None else []
    if container is not None:
        candidates += list(container.iter("img"))
    for img in candidates:
        src = _image_source(img)
        if not src or "emoji" in (img.get("class") or "") or img.get("width") == "1":
            continue
        url = absolute_url(page.url, src)
        if url and url not in found:
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
        caption = None
        if ancestor.tag == "figure":
            caption = ancestor.find(".//figcaption")
        elif {"wp-caption", "gallery-item"} & set((ancestor.get("class") or "").split()):
            caption = select_first(ancestor, ".wp-caption-text, .gallery-caption")
        else:
            continue
        return (inline_text(caption) or None) if caption is not None else None
    return None


def find_attachments(page: Page, container: html.HtmlElement | None) -> list[Attachment]:
    """Linked documents (PDF, Office files, archives), each once, with the best link text."""
    found: dict[str, Attachment] = {}
    for link in container.iter("a") if container is not None else ():
        href = (link.get("href") or "").strip()
        url = absolute_url(page.url, href) if href and is_document_url(href) else None
        if url is None:
            continue
        title = inline_text(link).replace("\n", " ")
        generic = title.casefold() in _GENERIC_LINK_TEXT
        if url not in found or (found[url]["title"] == "" and title and not generic):
            found[url] = {"url": url, "title": "" if generic else title}
    for attachment in found.values():
        if not attachment["title"]:
            attachment["title"] = attachment["url"].rsplit("/", 1)[-1]
    return list(found.values())


def find_language(page: Page) -> str:
    """BCP 47 primary language of the page; Indonesian when it says nothing."""
    declared = page.doc.get("lang") or page.meta.meta.get("og:locale") or "id"
    return normalize_space(declared).replace("_", "-").split("-")[0].lower() or "id"
