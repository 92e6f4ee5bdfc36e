"""Parsing and selecting in lxml trees: the few DOM helpers every extraction module uses."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree, html
from lxml.cssselect import CSSSelector


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


def body_classes(doc: html.HtmlElement) -> set[str]:
    body = doc.find(".//body")
    return set((body.get("class") or "").split()) if body is not None else set()
