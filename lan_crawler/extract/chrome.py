"""What the chrome of Indonesian WordPress sites looks like, and how it is kept out of `text`.

Chrome is removed by structure first (elements, classes, roles: `remove_chrome`).
What structure cannot tell, short lines that are nothing but a label ("Bagikan
ini:", "Share this:", "Baca Juga:", "(Foto: Humas LAN)"), is dropped line by
line; sentences that merely contain those words stay. Last, a guard finds the
chrome that means the wrong part of the page was taken ("Menu", "Skip to
content", the template's and the site's own phrases) and rejects the text.
"""

from __future__ import annotations

import re

from lxml import html

from lan_crawler.extract.dom import select
from lan_crawler.extract.text import inline_text

# Never article content, wherever they sit inside a content container: by tag, by class
# (one token of the class attribute), by a fragment of the class or id, by ARIA role.
CHROME_TAGS = frozenset(
    "script style noscript template form button input select textarea iframe nav aside".split()
)
CHROME_CLASSES = frozenset(
    (
        "screen-reader-text sr-only "
        # media and files: kept as `images` and `attachments`, not as text
        "wp-caption gallery wp-block-image wp-block-gallery wp-block-file wp-block-embed "
        "wp-block-video wp-block-audio "
        # sharing, likes, related posts, source boxes, ads: common plugins
        "sharedaddy sd-sharing-enabled jp-relatedposts addtoany_share_save_container a2a_kit "
        "entry-share oss-social-share post-tags post-source code-block adsbygoogle baca-juga-box "
        "irp-container yarpp-related comment-respond post-navigation navigation "
        "heateor_sss_sharing_container shariff "
        # post meta printed by themes around the title: separate fields, not text
        "entry-header entry-meta post-meta byline cat-links tags-links entry-footer"
    ).split()
)
_CHROME_FRAGMENT = re.compile(r"related|comments|breadcrumb")


def is_chrome_element(element: html.HtmlElement) -> bool:
    """Whether an element is chrome by its tag, class, id or role, wherever it sits."""
    if element.tag in CHROME_TAGS:
        return True
    classes = element.get("class")
    if classes and (
        not CHROME_CLASSES.isdisjoint(classes.split()) or _CHROME_FRAGMENT.search(classes)
    ):
        return True
    if element.tag == "ul" and classes and "meta" in classes.split():
        return True
    element_id = element.get("id")
    if element_id and _CHROME_FRAGMENT.search(element_id):
        return True
    return bool(element.get("role") == "navigation" or element.get("aria-hidden") == "true")


# regions of a page that are chrome as a whole: an element inside one is chrome too
_REGION_TAGS = frozenset({"aside", "nav", "footer", "form"})
# a class naming a widget area, sidebar, related posts, comments, sharing, menus ... (one token);
# `entry-header` is the post's own header (its title, in OceanWP and most themes), not a region
_REGION_CLASS = re.compile(
    r"widget|widget_.*|widget-area|.*sidebar.*|.*related.*|comments?|comment-.*|.*-comments?|"
    r"share.*|.*-share.*|sharedaddy|.*navigation.*|site-header|site-footer|.*breadcrumbs?|"
    r".*menu.*|.*cookie.*|(?!entry-header$).*header.*|.*footer.*"
)


def in_chrome(element: html.HtmlElement) -> bool:
    """Whether the element is, or sits inside, navigation, widgets, comments, related posts ..."""
    for ancestor in (element, *element.iterancestors()):
        if ancestor.tag in ("body", "html"):  # body classes describe the page, not a region
            break
        if ancestor.tag in _REGION_TAGS or _REGION_CLASS.fullmatch(ancestor.get("id") or ""):
            return True
        if any(_REGION_CLASS.fullmatch(c) for c in (ancestor.get("class") or "").split()):
            return True
        if (ancestor.get("role") or "") in ("navigation", "complementary", "contentinfo"):
            return True
    return False


_READ_ALSO = re.compile(r"^\s*(baca|lihat|simak)\s+(juga|pula)\b|^\s*read\s+also\b", re.I)
_READ_ALSO_LINE = re.compile(r"^(baca|lihat|simak)\s+(juga|pula)\s*:", re.I)
# "(Foto: Humas LAN)", "Dok. Biro Humas": a credit is short and opens with its label
_CREDIT = re.compile(
    r"^\(?\s*(?:(?:foto|photo|dok|dokumentasi|sumber foto|ilustrasi|kredit foto)\s*:|dok\.)"
    r"\s*[^()]{1,60}\)?$",
    re.IGNORECASE,
)

# Whole lines that are only a label of a share, like, related, tag or comment block.
LABEL_LINES = frozenset(
    s.casefold()
    for s in (
        "Bagikan",
        "Bagikan:",
        "Bagikan ini:",
        "Bagikan artikel ini",
        "Share",
        "Share:",
        "Share this:",
        "Share this post",
        "Like this:",
        "Suka ini:",
        "Suka",
        "Memuat...",
        "Loading...",
        "Related",
        "Terkait",
        "Berita Terkait",
        "Berita Lainnya",
        "Baca Juga",
        "Baca Juga:",
        "Tags",
        "Tags:",
        "Tag:",
        "Komentar",
        "Tinggalkan Balasan",
        "Tinggalkan Komentar",
        "Leave a Reply",
        "Leave a Comment",
    )
)

# Lines that mean navigation got into the text: the text is rejected.
CHROME_LINES = frozenset(
    s.casefold()
    for s in (
        "Menu",
        "Close",
        "Menu Close",
        "Close Menu",
        "Skip to content",
        "Lewati ke konten",
        "Previous Post",
        "Next Post",
        "Sebelumnya",
        "Selanjutnya",
        "Continue Reading",
        "Read more articles",
        "Opens in a new window",
        "0 Comments",
        "Kirim Komentar",
        "Post Comment",
        "Batalkan balasan",
        "Kembali ke Beranda",
    )
)

# Phrases of chrome WordPress and its common plugins print on any site (skip link, Jetpack
# sharing, the core comment form in Indonesian): a text holding one was taken from the wrong
# part of the page and is rejected. Templates and sites add their own (profile.py, sites/).
CHROME_PHRASES = (
    "Skip to content",
    "Share on Facebook",
    "Opens in a new window",
    "Simpan nama, email, dan situs web saya",
)


def remove_chrome(container: html.HtmlElement, extra: tuple[str, ...] = ()) -> None:
    """Drop, in place, every element under `container` that is chrome by structure."""
    doomed = [e for e in container.iterdescendants() if is_chrome_element(e)]
    doomed += select(container, ", ".join(extra)) if extra else []
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    for element in list(container.iter("figure", "p", "div", "h4", "h5", "h6", "span")):
        if element.getparent() is None:
            continue
        if is_media_figure(element) or is_read_also(element) or is_credit(element):
            element.drop_tree()


def is_media_figure(element: html.HtmlElement) -> bool:
    """A <figure> holding a photo, video or embed (its caption goes to `images`), not a table."""
    return element.tag == "figure" and element.find(".//table") is None


def is_read_also(element: html.HtmlElement) -> bool:
    """A block that only points to other posts: `Baca juga: <a>Title</a>`."""
    if element.tag not in ("p", "div", "h4", "h5", "h6"):
        return False
    text = inline_text(element)
    match = _READ_ALSO.match(text)
    if not match:
        return False
    links = element.findall(".//a")
    linked = " ".join(inline_text(a) for a in links)
    rest = text[match.end() :].strip(" :–—-\n")
    return bool(links) and len(rest) <= len(linked) + 3


def is_credit(element: html.HtmlElement) -> bool:
    """A paragraph that is only a photo credit, `(Foto: Humas LAN)`."""
    return element.tag in ("p", "span", "div") and is_credit_line(inline_text(element))


def is_credit_line(line: str) -> bool:
    return bool(_CREDIT.match(line.strip()))


def is_label_line(line: str) -> bool:
    """A line that is nothing but a chrome label, a photo credit or a read-also pointer."""
    stripped = line.strip()
    return (
        stripped.casefold() in LABEL_LINES
        or is_credit_line(stripped)
        or (bool(_READ_ALSO_LINE.match(stripped)) and len(stripped.split()) <= 25)
    )


def drop_label_lines(text: str) -> tuple[str, list[str]]:
    """`text` without its label lines, and the lines dropped."""
    kept_paragraphs: list[str] = []
    dropped: list[str] = []
    for paragraph in text.split("\n\n"):
        lines = []
        for line in paragraph.split("\n"):
            if is_label_line(line):
                dropped.append(line)
            else:
                lines.append(line)
        if lines:
            kept_paragraphs.append("\n".join(lines))
    return "\n\n".join(kept_paragraphs), dropped


def chrome_lines(text: str) -> list[str]:
    """Lines of `text` that are navigation chrome by themselves."""
    return [line for line in text.split("\n") if line.strip().casefold() in CHROME_LINES]


def phrases_in(text: str, phrases: tuple[str, ...]) -> list[str]:
    """Those of `phrases` that appear anywhere in `text`, case-insensitively."""
    folded = text.casefold()
    return [p for p in phrases if p.casefold() in folded]
