"""Bytes of a page to text, when the server's charset may be wrong or missing.

The declared charset (the Content-Type header's, else the page's own `<meta>`) is
trusted while it decodes the bytes. A page that is UTF-8 but for a few stray bytes
stays UTF-8, the bytes replaced and a warning given; another charset is taken only
on strong evidence (the bytes are far from UTF-8 and the declaration fails).
"""

from __future__ import annotations

import codecs
import re

from bs4 import UnicodeDammit

MAX_STRAY_SHARE = 0.1  # bad bytes per non-ASCII byte up to which a page is "UTF-8, damaged"
_ASCII = bytes(range(128))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """The page's text, and a warning when its charset was wrong or its bytes damaged."""
    label = declared or _meta_charset(body)
    name = _codec(label)
    if name and name != "utf-8":
        try:
            text = body.decode(name)
        except UnicodeDecodeError:
            pass
        else:
            if not body.isascii() and _is_utf8(body):
                return body.decode("utf-8"), f"charset: declared {label}, but the page is UTF-8"
            return text, None
    if _is_utf8(body):
        return body.decode("utf-8"), None
    if name in (None, "utf-8"):
        text = body.decode("utf-8", errors="replace")
        stray = text.count("\ufffd")
        if stray <= MAX_STRAY_SHARE * len(body.translate(None, _ASCII)):
            return text, f"charset: {stray} bytes that are not UTF-8 replaced"
    dammit = UnicodeDammit(body, is_html=True)
    if dammit.unicode_markup is None:
        return body.decode("utf-8", errors="replace"), "charset: undecodable bytes replaced"
    found = dammit.original_encoding or "unknown"
    return dammit.unicode_markup, f"charset: declared {label}, but the page is {found}"


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match[1].decode("ascii") if match else None


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
