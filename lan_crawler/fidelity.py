"""How close extracted texts are to the expected ones: metrics and the sample-site evaluation.

The text metric is the Scrapinghub article-extraction-benchmark's: multisets of
4-word shingles over `\\w+` tokens, true/false positives and negatives per page
normalised to sum to one, precision and recall averaged over pages, F1 from the
averages. A plain bag-of-tokens F1 is given beside it.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from lxml import html

from lan_crawler.extract.article import ExtractionError, extract_article
from lan_crawler.extract.overlap import shingles
from lan_crawler.extract.text import words
from lan_crawler.sample_site import Faults, SampleSite, load_posts
from lan_crawler.sample_site.posts import Post
from lan_crawler.sites import DEFAULT_SITE as LAN

_TOKEN = re.compile(r"\w+")
BASE_URL = "https://lan.go.id/"
TEMPLATES = ("oceanwp", "elementor", "block-theme")


@dataclass(frozen=True)
class Counts:
    """A page's true positives, false positives and false negatives, summing to one."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        return (
            1.0 if self.fp == self.fn == 0 else (self.tp / (self.tp + self.fp) if self.tp else 0.0)
        )

    @property
    def recall(self) -> float:
        return (
            1.0 if self.fp == self.fn == 0 else (self.tp / (self.tp + self.fn) if self.tp else 0.0)
        )

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _match(expected: Counter[tuple[str, ...]], got: Counter[tuple[str, ...]]) -> Counts:
    tp = sum((expected & got).values())
    fp = sum((got - expected).values())
    fn = sum((expected - got).values())
    total = tp + fp + fn
    return Counts(tp / total, fp / total, fn / total) if total else Counts(0, 0, 0)


def shingle_scores(expected: str, got: str) -> Counts:
    """One page's shingle match."""
    return _match(shingles(expected), shingles(got))


def token_scores(expected: str, got: str) -> Counts:
    """One page's bag-of-tokens match."""
    return _match(Counter(_TOKEN.findall(expected)), Counter(_TOKEN.findall(got)))


def averaged_f1(pages: Iterable[Counts]) -> tuple[float, float, float]:
    """(precision, recall, F1) the benchmark's way: P and R averaged over pages, F1 from them."""
    pages = list(pages)
    # as the benchmark does: precision over pages that predicted something, recall over
    # pages that expected something
    predicted = [c.precision for c in pages if c.tp + c.fp > 0]
    expected = [c.recall for c in pages if c.tp + c.fn > 0]
    precision = statistics.mean(predicted) if predicted else 0.0
    recall = statistics.mean(expected) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def leaked(page: str, expected: str, got: str) -> list[str]:
    """The page's texts that are not the article's and are in `got`: boilerplate an
    extractor kept, found without its lists of chrome. Every text node of the page whose
    words the expected text lacks is a candidate (menus, widgets, share blocks, related
    posts, the title and meta line printed above the body)."""
    doc = html.document_fromstring(page)
    article, kept = f" {words(expected)} ", f" {words(got)} "
    found = []
    for element in doc.iter():
        if not isinstance(element.tag, str) or element.tag in _NO_TEXT:
            continue
        for piece in (element.text, element.tail):
            folded = words(piece or "")
            if folded and f" {folded} " not in article and f" {folded} " in kept:
                found.append(" ".join((piece or "").split()))
    return found


_NO_TEXT = frozenset({"script", "style", "noscript", "template", "head", "title"})


@dataclass(frozen=True)
class Sample:
    post: Post
    html: str
    expected: dict[str, object]


def samples(template: str) -> list[Sample]:
    """Every sample post rendered in `template`, with the record it should give."""
    site = SampleSite(BASE_URL, Faults(), template=template)
    return [
        Sample(post, site.respond(f"/?p={post.id}").body.decode(), site.expected_record(post))
        for post in load_posts()
    ]


@dataclass(frozen=True)
class Report:
    """One extractor's fidelity on one template's pages."""

    pages: int
    precision: float
    recall: float
    f1: float
    token_f1: float
    title_exact: float
    published_exact: float
    categories_exact: float
    leaked: int  # texts of the page outside the article found in the record's text
    failures: int
    warned: int  # records carrying at least one warning


Extractor = Callable[[Sample], dict[str, object] | None]


def ours(broken_profile: bool = False) -> Extractor:
    """lan-crawler's extractor; with `broken_profile`, every profile's container is renamed."""
    site = LAN.extraction
    if broken_profile:
        broken = tuple(replace(p, content=".renamed-container") for p in site.templates)
        site = replace(site, templates=broken)

    def run(sample: Sample) -> dict[str, object] | None:
        try:
            return dict(extract_article(sample.html, str(sample.expected["url"]), site=site))
        except ExtractionError:
            return None

    return run


def evaluate(extractor: Extractor, pages: list[Sample]) -> Report:
    text_counts, token_counts = [], []
    title = published = categories = leftover = failures = warned = 0
    for sample in pages:
        record = extractor(sample) or {}
        if not record:
            failures += 1
        text = str(record.get("text") or "")
        expected_text = str(sample.expected["text"])
        text_counts.append(shingle_scores(expected_text, text))
        token_counts.append(token_scores(expected_text, text))
        title += record.get("title") == sample.expected["title"]
        published += record.get("published") == sample.expected["published"]
        categories += record.get("categories") == sample.expected["categories"]
        leftover += len(leaked(sample.html, expected_text, text))
        extraction = record.get("extraction")
        warned += bool(isinstance(extraction, dict) and extraction.get("warnings"))
    precision, recall, f1 = averaged_f1(text_counts)
    n = len(pages)
    return Report(
        pages=n,
        precision=precision,
        recall=recall,
        f1=f1,
        token_f1=averaged_f1(token_counts)[2],
        title_exact=title / n,
        published_exact=published / n,
        categories_exact=categories / n,
        leaked=leftover,
        failures=failures,
        warned=warned,
    )
