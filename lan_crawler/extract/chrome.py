"""What WordPress page chrome looks like, and the last guard against it reaching `text`.

Chrome is removed by structure (elements, classes, roles) before text is taken;
the phrase lists here only check the result afterwards.
"""

from __future__ import annotations

import re

from lxml import html

from lan_crawler.extract.text import inline_text

# Never article content, wherever they sit inside a content container.
CHROME_SELECTORS = (
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "iframe",
    "nav",
    "aside",
    ".screen-reader-text",
    ".sr-only",
    # media and files: kept as `images` and `attachments`, not as text (other figures
    # may hold a table: see is_media_figure)
    ".wp-caption",
    ".gallery",
    ".wp-block-image",
    ".wp-block-gallery",
    ".wp-block-file",
    ".wp-block-embed",
    # sharing, likes, related posts, ads from common plugins
    ".sharedaddy",
    ".sd-sharing-enabled",
    ".jp-relatedposts",
    ".addtoany_share_save_container",
    ".a2a_kit",
    ".entry-share",
    ".oss-social-share",
    ".post-tags",
    ".code-block",
    ".adsbygoogle",
    "[role=navigation]",
    "[aria-hidden=true]",
)

# "Baca juga: <link>" and its spellings: a pointer to another post, not this one's text
_READ_ALSO = re.compile(r"^\s*(baca\s+juga|lihat\s+juga|read\s+also|simak\s+juga)\b\s*:?", re.I)

# Lines that are chrome whenever they stand alone: the record is rejected.
CHROME_LINES = frozenset(
    s.casefold()
    for s in (
        "Menu",
        "Close",
        "Menu Close",
        "Close Menu",
        "Skip to content",
        "Share this post",
        "Share this:",
        "Like this:",
        "Leave a Reply",
        "Tinggalkan Balasan",
        "Batalkan balasan",
        "Kirim Komentar",
        "Post Comment",
        "Continue Reading",
        "Read more articles",
        "Previous Post",
        "Next Post",
        "Opens in a new window",
        "Kembali ke Beranda",
    )
)

# Phrases that are chrome almost always, but could be quoted by an article: a warning.
CHROME_PHRASES = (
    "Skip to content",
    "Post author:",
    "Post published:",
    "Post category:",
    "Post comments:",
    "Share on Facebook",
    "Opens in a new window",
    "Berita Terbaru",
    "Berita Terkait",
    "Tinggalkan Balasan",
    "Simpan nama, email, dan situs web saya",
    "Kami menggunakan cookie",
    "Jl. Veteran No. 10",
    "Hak Cipta Dilindungi",
)


def is_read_also(element: html.HtmlElement) -> bool:
    """A paragraph that only points to another post: `Baca juga: <a>Title</a>`."""
    if element.tag not in ("p", "div", "span", "strong", "h4", "h5", "h6"):
        return False
    text = inline_text(element)
    match = _READ_ALSO.match(text)
    if not match:
        return False
    links = element.findall(".//a")
    linked = " ".join(inline_text(a) for a in links)
    rest = text[match.end() :].strip(" :–—-")
    return bool(links) and len(rest) <= len(linked) + 3


def is_media_figure(element: html.HtmlElement) -> bool:
    """A <figure> holding a photo, video or embed (its caption goes to `images`), not a table."""
    return element.tag == "figure" and element.find(".//table") is None


def chrome_lines(text: str) -> list[str]:
    """Lines of `text` that are chrome by themselves."""
    return [line for line in text.split("\n") if line.strip().casefold() in CHROME_LINES]


def chrome_phrases(text: str) -> list[str]:
    """Known chrome phrases appearing anywhere in `text`."""
    folded = text.casefold()
    return [p for p in CHROME_PHRASES if p.casefold() in folded]
