"""Parsing and selecting in lxml trees: the few DOM helpers every extraction module uses."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree, html
from lxml.cssselect import CSSSelector

# ancestors that make an element part of the page's chrome, whatever the theme
_CHROME_TAGS = frozenset({"aside", "nav", "footer", "form"})
# a class naming a widget area, sidebar, related posts, comments, sharing, menus ... (one token)
_CHROME_CLASS = re.compile(
    r"widget|widget_.*|widget-area|.*sidebar.*|.*related.*|comments?|comment-.*|.*-comments?|"
    r"share.*|.*-share.*|sharedaddy|.*navigation.*|site-header|site-footer|.*breadcrumbs?|"
    r".*menu.*|.*cookie.*|.*header.*|.*footer.*"
)


class UnparseablePage(ValueError):
    """The input is not an HTML document lxml can read."""


def parse_html(page: str) -> html.HtmlElement:
    if not page.strip():
        raise UnparseablePage("empty page")
    try:
        return html.document_fromstring(page)
    except (etree.ParserError, ValueError) as error:
        raise UnparseablePage(f"unparseable HTML: {error}") from error


@lru_cache(maxsize=512)
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css)


def select(root: html.HtmlElement, css: str) -> list[html.HtmlElement]:
    """Every element under `root` matching `css` (a selector group), in document order."""
    found: list[html.HtmlElement] = _selector(css)(root)  # type: ignore[assignment]
    return found


def select_first(root: html.HtmlElement, css: str) -> html.HtmlElement | None:
    found = select(root, css)
    return found[0] if found else None


def in_chrome(element: html.HtmlElement) -> bool:
    """Whether the element is, or sits inside, navigation, widgets, comments, related posts ..."""
    for ancestor in (element, *element.iterancestors()):
        if ancestor.tag in ("body", "html"):  # body classes describe the page, not a region
            break
        if ancestor.tag in _CHROME_TAGS or _CHROME_CLASS.fullmatch(ancestor.get("id") or ""):
            return True
        if any(_CHROME_CLASS.fullmatch(c) for c in (ancestor.get("class") or "").split()):
            return True
        if (ancestor.get("role") or "") in ("navigation", "complementary", "contentinfo"):
            return True
    return False


def body_classes(doc: html.HtmlElement) -> set[str]:
    body = doc.find(".//body")
    return set((body.get("class") or "").split()) if body is not None else set()
