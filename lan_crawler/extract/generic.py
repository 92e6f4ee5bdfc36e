"""The generic path: an article's text from a page whose template no profile knows.

trafilatura finds the main content (on real pages of other sites it beats each of the
structural fallbacks, see `lan_crawler.realpages`); around it, decisions on the page's
own nodes and lines that it does not make:
- before: photo-credit elements go (their text sits inside captions it keeps);
- after: the title (or the page's one h1) repeated as the first line, label and chrome
  lines, "Read also:" lines, "SEE ALSO | <a linked title>" pointers, and second and later
  copies of a repeated line (consent placeholders, "Advertisement") go; a text that is
  mostly links' whole texts (menus, tags, post navigation) is none;
- the standfirst comes back: the page's description, when the page shows it as a block
  of its own, is the article's first paragraph (trafilatura leaves it out).
Each rule was kept only where it raised the development set's figures
(`bench/realpages.py`).
"""

from __future__ import annotations

import copy
import re

from lxml import html

from lan_crawler.extract import chrome
from lan_crawler.extract.fields import Page
from lan_crawler.extract.text import words

_CREDIT_CLASS = re.compile(r"copyright|credit", re.IGNORECASE)
_POINTER = re.compile(r"^(?P<label>[^:|]{1,40})[:|]")  # "FUNDA OLUNYE UDABA LAPHA | ..."
# "Read also: <title>", "Auch interessant:" in the development set's languages (Indonesian's
# are chrome.py's)
_SEE_ALSO = re.compile(
    r"^(also read|read also|read more|read next|related|see also|more on this|lesen sie auch"
    r"|lesen sie mehr|mehr zum thema|auch interessant|weiterlesen)\b\s*[:|]",
    re.IGNORECASE,
)
MIN_LEAD_WORDS = 8  # a shorter description is a tagline, not a standfirst
MIN_LINKED_WORDS = 3  # a pointer's link is a post's title
MAX_LABEL_WORDS = 5  # ... after a short label
MAX_LINKED_SHARE = 0.5  # of a text's words in lines that are links: no article
MIN_REPEAT_WORDS = 3  # a repeated shorter line ("Foto", "1") may be content


def generic_text(page: Page) -> str | None:
    """The article's text, one paragraph per line, or None when trafilatura finds none."""
    import trafilatura  # imported only when a page needs it: the profile path is faster

    tree = copy.deepcopy(page.doc)
    for element in [e for e in tree.iter() if _is_credit(e)]:
        if element.getparent() is not None:
            element.drop_tree()
    document = trafilatura.bare_extraction(html.tostring(tree, encoding="unicode"), url=page.url)
    text = document.text if isinstance(document, trafilatura.settings.Document) else None
    if not text:
        return None
    declared = page.meta.article_ld.get("articleBody")
    if isinstance(declared, str) and words(declared) == words(text):
        text = declared  # trafilatura read JSON-LD's body: its paragraph breaks are kept
    links = {words(a.text_content()) for a in page.doc.iter("a")}
    lines = _clean(text.splitlines(), page, links)
    if _mostly_links(lines, links):
        return None
    if lead := _standfirst(page, lines):
        lines.insert(0, lead)
    return "\n".join(lines)


def _is_credit(element: html.HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
        return False
    return bool(_CREDIT_CLASS.search(f"{element.get('class') or ''} {element.get('id') or ''}"))


def _clean(lines: list[str], page: Page, links: set[str]) -> list[str]:
    kept: list[str] = []
    seen: set[str] = set()
    linked = {link for link in links if len(link.split()) >= MIN_LINKED_WORDS}
    headings = list(page.doc.iter("h1"))  # one is the title; of several, any may be content
    titles = {
        words(page.title),
        *(words(h.text_content()) for h in headings[:1] if len(headings) == 1),
    }
    for line in (" ".join(line.split()) for line in lines):
        folded = words(line)
        if not folded or (not kept and folded in titles):
            continue
        if chrome.is_label_line(line) or line.casefold() in chrome.CHROME_LINES:
            continue
        if _SEE_ALSO.match(line) or _is_pointer(line, folded, linked):
            continue
        if folded in seen and len(folded.split()) >= MIN_REPEAT_WORDS:
            continue
        seen.add(folded)
        kept.append(line)
    return kept


def _mostly_links(lines: list[str], links: set[str]) -> bool:
    """Whether most of the text's words are in lines that are a link's whole text: menus,
    tag lists and post navigation, what trafilatura gives of a page without an article."""
    linked = sum(len(line.split()) for line in lines if words(line) in links)
    return linked > MAX_LINKED_SHARE * sum(len(line.split()) for line in lines)


def _is_pointer(line: str, folded: str, linked: set[str]) -> bool:
    """`LABEL: <a>a post's title</a>`: a capitalised label before a link's whole text."""
    match = _POINTER.match(line)
    if not match or not match["label"].strip().isupper() or len(match["label"].split()) < 2:
        return False
    return any(
        folded.endswith(link) and len(folded.split()) - len(link.split()) <= MAX_LABEL_WORDS
        for link in linked
    )


def _standfirst(page: Page, lines: list[str]) -> str | None:
    """The page's description when the page shows it as a block and the text lacks it."""
    meta = page.meta.meta
    description = " ".join((meta.get("og:description") or meta.get("description") or "").split())
    folded = words(description)
    if len(folded.split()) < MIN_LEAD_WORDS or folded in words(" ".join(lines)):
        return None
    shown = any(words(e.text_content()) == folded for e in page.doc.iter("p", "div", "h2", "span"))
    return description if shown else None
