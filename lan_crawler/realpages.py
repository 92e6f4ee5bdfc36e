"""The real-pages development set (`../shared/realpages/`): real WordPress pages of other
sites, with published ground truth, and the measures of an extractor on them.

Two kinds of pages: Fundus's (whole article texts: shingle precision, recall and F1, the
Scrapinghub article-extraction-benchmark metric) and trafilatura's evaluation set
(snippets that must and must not appear in the text). Title and publication date are
compared wherever the truth gives them. Nobody in this project wrote these pages, so
they say how extraction does on markup it has never seen; they stay out of the
repository, and whoever measures passes their folder.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from lan_crawler.extract.article import ExtractionError, read_article
from lan_crawler.extract.encoding import decode_html
from lan_crawler.extract.hints import GENERIC_SITE
from lan_crawler.fidelity import Counts, averaged_f1, shingle_scores

PLACEHOLDER_URL = "https://unknown.invalid/"  # for the few pages the set names by file only
DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "realpages"


@dataclass(frozen=True)
class RealPage:
    source: str  # "fundus" (a whole text) or "trafilatura-eval" (snippets)
    file: str
    url: str
    html: str
    title: str | None
    published: str | None  # a date, or a datetime with or without an offset
    text: str | None  # fundus: the article's text
    with_: tuple[str, ...]  # trafilatura-eval: snippets the text must hold
    without: tuple[str, ...]  # ... and must not


def load(folder: Path) -> list[RealPage]:
    """Every page of the set in `folder`, decoded as a browser would."""
    pages = []
    for line in (folder / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        body = gzip.decompress((folder / row["file"]).read_bytes())
        pages.append(
            RealPage(
                row["source"],
                row["file"],
                row["url"],
                decode_html(body)[0],
                row.get("title"),
                row.get("published"),
                row.get("text"),
                tuple(row.get("with") or ()),
                tuple(row.get("without") or ()),
            )
        )
    return pages


@dataclass(frozen=True)
class Extracted:
    """What an extractor gives of a page: its text, title and publication date (text)."""

    text: str
    title: str | None = None
    published: str | None = None


Extractor = Callable[[RealPage], Extracted]


def ours(page: RealPage) -> Extracted:
    """lan-crawler's reading of the page (every known template tried, then the generic
    path), whether or not the archive would store it."""
    url = page.url if page.url.startswith(("http://", "https://")) else PLACEHOLDER_URL
    try:
        reading = read_article(page.html, url, site=GENERIC_SITE)
    except ExtractionError:
        return Extracted("")
    text = reading.body.text if reading.body else ""
    return Extracted(text, reading.title, reading.published)


@dataclass(frozen=True)
class Figures:
    """One extractor's measures on the set."""

    precision: float  # text shingles, fundus pages
    recall: float
    f1: float
    with_recall: float  # share of must-have snippets found, trafilatura-eval pages
    without_precision: float  # share of must-not snippets absent
    title_exact: float  # pages whose truth has a title
    published_exact: float  # pages whose truth has a date: the same day
    failures: int  # pages that gave no text


def measure(extractor: Extractor, pages: list[RealPage]) -> Figures:
    counts: list[Counts] = []
    found = wanted = absent = unwanted = titles = titled = days = dated = failures = 0
    for page in pages:
        got = extractor(page)
        failures += not got.text.strip()
        if page.text is not None:
            counts.append(shingle_scores(page.text, got.text))
        flat = _flat(got.text)
        found += sum(_flat(s) in flat for s in page.with_)
        wanted += len(page.with_)
        absent += sum(_flat(s) not in flat for s in page.without)
        unwanted += len(page.without)
        if page.title:
            titled += 1
            titles += _flat(got.title or "") == _flat(page.title)
        if page.published:
            dated += 1
            days += same_day(got.published, page.published)
    precision, recall, f1 = averaged_f1(counts)
    return Figures(
        precision,
        recall,
        f1,
        found / wanted if wanted else 0.0,
        absent / unwanted if unwanted else 0.0,
        titles / titled if titled else 0.0,
        days / dated if dated else 0.0,
        failures,
    )


def _flat(text: str) -> str:
    """Text with every run of white space one space: line breaks differ between tools."""
    return " ".join(text.split())


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def same_day(got: str | None, truth: str) -> bool:
    """Whether `got` (ISO) falls on the truth's day: in the truth's offset when both have
    one, else on the day `got` shows or its UTC day (the page's own zone is unknown)."""
    if not got or not _DAY.match(got):
        return False
    got_moment, truth_moment = _moment(got), _moment(truth)
    if got_moment and got_moment.tzinfo and truth_moment and truth_moment.tzinfo:
        return got_moment.astimezone(truth_moment.tzinfo).date() == truth_moment.date()
    days = {got[:10]}
    if got_moment and got_moment.tzinfo:
        days.add(got_moment.astimezone(UTC).date().isoformat())
    return truth[:10] in days


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return None
        return datetime(day.year, day.month, day.day)
