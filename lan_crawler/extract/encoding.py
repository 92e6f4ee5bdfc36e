"""Bytes of a page to text, when the server's charset may be wrong or missing.

The declared charsets (the Content-Type header's, the page's own `<meta>`) are trusted
while they decode the bytes. A page declared UTF-8 that is UTF-8 but for a few stray
bytes stays UTF-8, those bytes replaced and a warning given; another charset is taken
only on strong evidence: a declaration that decodes the page, or, when nothing
declared, detection.
"""

from __future__ import annotations

import codecs
import re

from bs4 import UnicodeDammit

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """The page's text, and a warning when its charset was wrong or its bytes damaged."""
    labels = [(label, _codec(label)) for label in (declared, _meta_charset(body))]
    for label, name in labels:
        if not name or name == "utf-8":
            continue
        try:
            text = body.decode(name)
        except UnicodeError:  # the bytes are not in it, or it decodes nothing ("undefined")
            continue
        if not body.isascii() and _is_utf8(body):  # the commoner mistake: it is UTF-8
            return body.decode("utf-8"), f"charset: declared {label}, but the page is UTF-8"
        if label == declared or not declared:
            return text, None
        return text, f"charset: declared {declared}, but the page is {label}"
    if _is_utf8(body):
        return body.decode("utf-8"), None
    if any(name == "utf-8" for _, name in labels):
        text = body.decode("utf-8", errors="replace")
        stray = text.count("\ufffd")
        if stray <= max(16, len(body) // 1000):
            return text, f"charset: {stray} bytes that are not UTF-8 replaced"
    dammit = UnicodeDammit(body, is_html=True)
    if dammit.unicode_markup is None:
        return body.decode("utf-8", errors="replace"), "charset: undecodable bytes replaced"
    found = dammit.original_encoding or "unknown"
    warning = f"charset: declared {declared}, but the page is {found}" if declared else None
    return dammit.unicode_markup, warning


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match[1].decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        codec = codecs.lookup(label.strip().strip("\"'"))
    except (LookupError, ValueError):  # unknown, or no name at all ("\x00")
        return None
    # "rot13", "base64", "zip" are codecs too, but no text encodings
    return codec.name if getattr(codec, "_is_text_encoding", True) else None


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
