"""The body text, layer by layer: the site profile first, then ever more generic fallbacks.

    profile:<name>           the matching profile's content container
    rest-api                 the REST API's `content.rendered` of the post, when the crawl
                             has it (what `the_content()` prints, chrome plugins included)
    fallback:entry-content   the usual WordPress content containers
    fallback:article         the <article> that carries the post's title
    fallback:densest-block   the element whose paragraphs hold the most text
    json-ld                  JSON-LD `articleBody`, when the page has one (plain text: no
                             paragraph structure, captions mixed in, so after the blocks)
    generic:trafilatura      trafilatura's main-content extraction

Each layer's text is cleaned of chrome and checked; the first that passes wins,
and why the layers above it failed becomes a warning.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree, html

from lan_crawler.extract import chrome
from lan_crawler.extract.chrome import in_chrome
from lan_crawler.extract.dom import select, select_first
from lan_crawler.extract.fields import Page
from lan_crawler.extract.generic import generic_text
from lan_crawler.extract.profile import GENERIC
from lan_crawler.extract.text import paragraphs

MIN_WORDS = 5  # a shorter "article" is a label or an empty shell, not a text
MIN_SENTENCE = 8  # a fallback's text must hold one line this long: prose, not meta or menus
MIN_SENTENCE_CHARACTERS = 60  # ... or this many characters: scripts written without spaces
MIN_DENSITY = 100  # characters of paragraph text below which no block is "the densest"
MIN_SHARE_OF_DECLARED = 0.5  # a body under half the length the page declares is a wrong block
_GROUPING = ("ul", "ol", "tr", "tbody", "thead", "table", "blockquote")  # paragraphs' wrappers


@dataclass
class BodyText:
    text: str
    layer: str
    element: html.HtmlElement | None  # where images and attachments are looked for
    dropped: list[str]  # label lines removed from the text


def find_body(page: Page, fallbacks: bool = True) -> tuple[BodyText | None, list[str]]:
    """The first layer's text that passes the checks, and why earlier layers failed.

    A first paragraph repeating the title (fallbacks take the heading along) is dropped.
    A text of the precise layers (LENGTH_CHECKED) under half the length the page declares
    is a wrong block; when every layer fails, the first such text is taken all the same
    (a paywall cuts the text, not its JSON-LD wordCount).
    """
    title = page.title
    layers = LAYERS if fallbacks else LAYERS[:1]
    failures: list[str] = []
    short: BodyText | None = None
    for name, layer in layers:
        body = layer(page)
        if body is None:
            if page.profile or name != "profile":
                failures.append(f"{body_layer_name(page, name)}: nothing found")
            continue
        first, _, rest = body.text.partition("\n\n")
        if _same(first, title):
            body.text = rest
        problem = text_problem(body.text, name != "profile", page.chrome_phrases)
        length = _short_of(declared_words(page), body.text) if problem is None else None
        if length and name in LENGTH_CHECKED:
            problem, short = length, short or body
        elif length:  # past the precise layers a short text is still the best there is
            failures.append(f"{body.layer}: {length}")
        if problem:
            failures.append(f"{body.layer}: {problem}")
            continue
        return body, failures
    return short, failures


def text_problem(
    text: str, fallback: bool = False, chrome_phrases: tuple[str, ...] = chrome.CHROME_PHRASES
) -> str | None:
    """Why a candidate text cannot be an article's body, or None when it can.

    A fallback, which may have picked any block of the page, must also hold a sentence.
    """
    words = len(text.split())
    if words < MIN_WORDS:
        return "no text" if not text.strip() else f"too short ({words} words)"
    if fallback and not any(_is_sentence(line) for line in text.split("\n")):
        return "no sentence, only short lines"
    leftover = chrome.chrome_lines(text) or chrome.phrases_in(text, chrome_phrases)
    if leftover:
        return f"chrome left in text ({leftover[0]!r})"
    return None


def _is_sentence(line: str) -> bool:
    return len(line.split()) >= MIN_SENTENCE or len(line) >= MIN_SENTENCE_CHARACTERS


def _short_of(declared: int | None, text: str) -> str | None:
    """Why `text` is too short for the length the page declares, if it is."""
    words = len(text.split())
    if declared and words < MIN_SHARE_OF_DECLARED * declared:
        return f"{words} words where the page declares {declared}"
    return None


def declared_words(page: Page) -> int | None:
    """How long the page's JSON-LD says the article is (`articleBody`, else `wordCount`)."""
    body = page.meta.article_ld.get("articleBody")
    if isinstance(body, str) and body.strip():
        return len(body.split())
    count = page.meta.article_ld.get("wordCount")
    return int(str(count)) if re.fullmatch(r"[0-9]{1,9}", str(count), re.ASCII) else None


def body_layer_name(page: Page, name: str) -> str:
    return f"profile:{page.profile.name}" if name == "profile" and page.profile else name


def from_profile(page: Page) -> BodyText | None:
    if page.profile is None:
        return None
    container = select_first(page.article, page.profile.content)
    return _from_element(container, f"profile:{page.profile.name}", page.profile.chrome)


def from_entry_content(page: Page) -> BodyText | None:
    container = next((e for e in select(page.doc, GENERIC.content) if not in_chrome(e)), None)
    return _from_element(container, "fallback:entry-content")


def from_article(page: Page) -> BodyText | None:
    """The <article> that carries the post's title: the post, not a related post's teaser."""
    articles = [
        a
        for a in select(page.doc, "article")
        if not in_chrome(a) and any(_same(h.text_content(), page.title) for h in _headings(a))
    ]
    largest = max(articles, key=lambda a: len(a.text_content()), default=None)
    return _from_element(largest, "fallback:article")


def _headings(element: html.HtmlElement) -> list[html.HtmlElement]:
    return list(element.iter("h1", "h2", "h3"))


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def from_json_ld(page: Page) -> BodyText | None:
    body = page.meta.article_ld.get("articleBody")
    if not isinstance(body, str) or not body.strip():
        return None
    return _from_lines(body, "json-ld", page.article)


def from_densest_block(page: Page) -> BodyText | None:
    return _from_element(densest_block(page.doc), "fallback:densest-block")


def from_trafilatura(page: Page) -> BodyText | None:
    text = generic_text(page)
    return _from_lines(text, "generic:trafilatura", page.article) if text else None


def from_api(page: Page) -> BodyText | None:
    """The post's content as the REST API gave it, cleaned like a content container."""
    if not page.api_content or not page.api_content.strip():
        return None
    try:
        fragment = html.fragment_fromstring(page.api_content, create_parent="div")
    except etree.ParserError:
        return None
    return _from_element(fragment, "rest-api")


# On real pages of other sites (`lan_crawler.realpages`), trafilatura's main-content
# detection beats each structural fallback: it comes first of them.
LAYERS: tuple[tuple[str, Callable[[Page], BodyText | None]], ...] = (
    ("profile", from_profile),
    ("rest-api", from_api),
    ("generic:trafilatura", from_trafilatura),
    ("fallback:entry-content", from_entry_content),
    ("fallback:article", from_article),
    ("fallback:densest-block", from_densest_block),
    ("json-ld", from_json_ld),
)

LENGTH_CHECKED = ("profile", "rest-api")  # on unknown markup, trafilatura's length is right


def densest_block(doc: html.HtmlElement) -> html.HtmlElement | None:
    """The element whose own paragraphs hold the most text, outside chrome areas."""
    weight: Counter[html.HtmlElement] = Counter()
    for paragraph in doc.iter("p", "li", "h2", "h3", "blockquote", "td"):
        parent = paragraph.getparent()
        while parent is not None and parent.tag in _GROUPING:
            parent = parent.getparent()
        if parent is None:
            continue
        text = paragraph.text_content()
        links = sum(len(a.text_content()) for a in paragraph.iter("a"))
        weight[parent] += max(0, len(text) - 2 * links)
    for element, score in weight.most_common():
        if score < MIN_DENSITY:  # what is left is links, labels and meta: no article
            break
        if element.tag not in ("body", "html") and not in_chrome(element):
            return element
    return None


def _from_element(
    element: html.HtmlElement | None, layer: str, extra_chrome: tuple[str, ...] = ()
) -> BodyText | None:
    if element is None:
        return None
    cleaned = copy.deepcopy(element)  # the page stays intact for the next layer and for images
    chrome.remove_chrome(cleaned, extra_chrome)
    text, dropped = chrome.drop_label_lines("\n\n".join(paragraphs(cleaned)))
    return BodyText(text, layer, element, dropped)


def _from_lines(source: str, layer: str, element: html.HtmlElement) -> BodyText:
    """A plain-text body, one paragraph per line, label lines dropped."""
    lines = [" ".join(line.split()) for line in source.splitlines()]
    text, dropped = chrome.drop_label_lines("\n\n".join(line for line in lines if line))
    return BodyText(text, layer, element, dropped)
