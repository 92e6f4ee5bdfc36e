"""Bytes of a page to text, when the server's charset may be wrong or missing."""

from __future__ import annotations

import codecs

from bs4 import UnicodeDammit


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """The page's text, and a warning when its declared charset was wrong.

    A charset that fails to decode the bytes is not trusted: the page's own
    `<meta charset>`, its byte-order mark, or detection decides (UnicodeDammit).
    Bytes that are valid UTF-8 under a declared single-byte charset are read
    as UTF-8, the commoner mistake.
    """
    name = _codec(declared)
    if name:
        try:
            text = body.decode(name)
        except UnicodeDecodeError:
            pass
        else:
            if name != "utf-8" and not body.isascii() and _is_utf8(body):
                return body.decode("utf-8"), f"charset: declared {declared}, but the page is UTF-8"
            return text, None
    dammit = UnicodeDammit(body, is_html=True)
    if dammit.unicode_markup is None:
        return body.decode("utf-8", errors="replace"), "charset: undecodable bytes replaced"
    found = dammit.original_encoding or "unknown"
    warning = f"charset: declared {declared}, but the page is {found}" if declared else None
    return dammit.unicode_markup, warning


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def charset_of(content_type: str) -> str | None:
    """The charset a Content-Type header declares, if any."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def is_html(content_type: str) -> bool:
    """Whether a Content-Type is a web page (a missing one is given the benefit of the doubt)."""
    media = content_type.split(";")[0].strip().lower()
    return media in ("", "text/html", "application/xhtml+xml")
