"""Plain text of an HTML subtree, laid out as the record's `text` wants it.

Paragraphs (and headings, quotes, list and table blocks) are separated by one
blank line; list items and table rows take one line each, table cells are
separated by a tab. Words are never changed, only whitespace is normalised.
"""

from __future__ import annotations

import re

from lxml import html

_BREAK = "\ue000"  # stands for <br> until whitespace is normalised
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
    ]
)


def words(text: str) -> str:
    """The text's words, case-folded, one space apart: text compared whatever its markup."""
    return " ".join(_WORD.findall(text.casefold()))


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space; a <br> marker becomes a newline."""
    text = _SPACE.sub(" ", text)
    return "\n".join(line.strip() for line in text.split(_BREAK)).strip("\n ")


def inline_text(element: html.HtmlElement) -> str:
    """The text of an element as one paragraph (<br> kept as a newline)."""
    pieces: list[str] = []
    _collect_inline(element, pieces)
    return normalize_space("".join(pieces))


def _collect_inline(element: html.HtmlElement, pieces: list[str]) -> None:
    if element.tag == "br":
        pieces.append(_BREAK)
    elif isinstance(element.tag, str):
        pieces.append(element.text or "")
        for child in element:
            _collect_inline(child, pieces)
            if child.tag in BLOCK_TAGS:
                pieces.append(" ")
            pieces.append(child.tail or "")


def paragraphs(root: html.HtmlElement) -> list[str]:
    """The blocks of text under `root`, in document order, empty ones dropped."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        text = normalize_space("".join(pending))
        pending.clear()
        if text:
            out.append(text)

    def walk(element: html.HtmlElement) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comments, processing instructions
            return
        if tag == "br":
            pending.append(_BREAK)
        elif tag in ("ul", "ol", "dl"):
            flush()
            _append(out, "\n".join(_list_lines(element)))
        elif tag == "table":
            flush()
            _append(out, "\n".join(_table_lines(element)))
        elif tag in BLOCK_TAGS:
            flush()
            pending.append(element.text or "")
            for child in element:
                walk(child)
                pending.append(child.tail or "")
            flush()
        else:
            pending.append(element.text or "")
            for child in element:
                walk(child)
                pending.append(child.tail or "")

    pending.append(root.text or "")
    for child in root:
        walk(child)
        pending.append(child.tail or "")
    flush()
    return out


def _append(out: list[str], block: str) -> None:
    if block.strip():
        out.append(block)


def _list_lines(element: html.HtmlElement) -> list[str]:
    """One line per item; items of nested lists follow their parent item."""
    lines: list[str] = []
    for item in element:
        if item.tag not in ("li", "dt", "dd"):
            continue
        nested = [child for child in item if child.tag in ("ul", "ol", "dl")]
        pieces: list[str] = [item.text or ""]
        for child in item:
            if child in nested:
                pieces.append(child.tail or "")
                continue
            _collect_inline(child, pieces)
            pieces.append(child.tail or "")
        text = normalize_space("".join(pieces))
        if text:
            lines.append(text)
        for child in nested:
            lines.extend(_list_lines(child))
    return lines


def _table_lines(table: html.HtmlElement) -> list[str]:
    """One line per row, cells separated by a tab."""
    lines = []
    for row in table.iter("tr"):
        cells = [inline_text(cell) for cell in row if cell.tag in ("td", "th")]
        if any(cells):
            lines.append("\t".join(cells))
    return lines
