"""Extraction on real WordPress pages nobody here wrote, beside the open extractors.

    python bench/realpages.py FOLDER          print the figures
    python bench/realpages.py FOLDER --pin    also raise the floors in realpages-baseline.json

FOLDER is the development set (`../shared/realpages`, format in its README). For
lan-crawler (no profile matches these pages: the generic path decides), trafilatura
(default and favor_precision) and readability-lxml, in one run: text precision, recall
and F1 (Scrapinghub shingle metric) on the full-text pages, must-have snippets kept and
must-not snippets left out on the snippet pages, exact title and same-day publication
rates, pages per second on one core. The profile path's speed beside trafilatura's is
bench/fidelity.py's. A re-pin only ever raises a floor; tests/test_realpages.py holds
the extractor to them, and to trafilatura's pinned figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from dataclasses import asdict
from pathlib import Path

import trafilatura
from lxml import html
from readability import Document

from lan_crawler.extract.text import paragraphs
from lan_crawler.realpages import Extracted, Extractor, Figures, RealPage, load, measure
from lan_crawler.realpages import ours as lan_crawler

BASELINE = Path(__file__).with_name("realpages-baseline.json")
LOWER_IS_BETTER = ("failures",)


def trafilatura_with(**options: bool) -> Extractor:
    def run(page: RealPage) -> Extracted:
        document = trafilatura.bare_extraction(
            page.html, url=page.url, with_metadata=True, **options
        )
        if document is None:
            return Extracted("")
        return Extracted(document.text or "", document.title, document.date)

    return run


def readability_lxml(page: RealPage) -> Extracted:
    try:
        document = Document(page.html)
        summary = html.fromstring(document.summary(html_partial=True))
    except Exception:  # readability raises its own errors and lxml's on odd pages
        return Extracted("")
    return Extracted("\n".join(paragraphs(summary)), document.short_title())


EXTRACTORS: dict[str, Extractor] = {
    "lan-crawler": lan_crawler,
    "trafilatura (default)": trafilatura_with(),
    "trafilatura (favor_precision)": trafilatura_with(favor_precision=True),
    "readability-lxml": readability_lxml,
}


def row(name: str, figures: Figures, speed: float) -> str:
    f = figures
    return (
        f"{name:<30} {f.precision:6.3f} {f.recall:6.3f} {f.f1:6.3f} {f.with_recall:7.3f} "
        f"{f.without_precision:8.3f} {f.title_exact:6.3f} {f.published_exact:6.3f} "
        f"{f.failures:5d} {speed:8.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the development set (../shared/realpages)")
    parser.add_argument("--pin", action="store_true", help="raise the baseline's floors")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    pages = load(args.folder)
    full = sum(p.text is not None for p in pages)
    print(f"{len(pages)} pages: {full} with a full text, {len(pages) - full} with snippets")
    print(
        f"{'extractor':<30} {'prec':>6} {'recall':>6} {'F1':>6} {'with':>7} {'without':>8} "
        f"{'title':>6} {'date':>6} {'fail':>5} {'pages/s':>8}"
    )
    measured: dict[str, dict[str, float]] = {}
    for name, extractor in EXTRACTORS.items():
        started = time.perf_counter()
        figures = measure(extractor, pages)
        speed = len(pages) / (time.perf_counter() - started)
        print(row(name, figures, speed), flush=True)
        measured[name] = {**asdict(figures), "pages_per_second": round(speed, 1)}
    ratio = measured["lan-crawler"]["pages_per_second"]
    ratio /= measured["trafilatura (default)"]["pages_per_second"]
    print(f"lan-crawler's generic path runs at {ratio:.2f}x trafilatura's speed")
    if args.pin:
        pin(measured)


def pin(measured: dict[str, dict[str, float]]) -> None:
    """Floors for lan-crawler, each at least as good as before; the others' figures as
    measured (the mark to beat)."""
    old = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    pinned: dict[str, dict[str, float]] = {}
    for name, figures in measured.items():
        before = old.get(name, {}) if name == "lan-crawler" else {}
        pinned[name] = {}
        for metric, value in figures.items():
            if metric == "pages_per_second":
                continue  # machine-dependent: printed, never a floor
            lower = metric in LOWER_IS_BETTER  # a floor is never above the measure
            value = (math.ceil if lower else math.floor)(float(value) * 1000) / 1000
            if metric in before:
                value = (min if lower else max)(value, before[metric])
            pinned[name][metric] = value
    BASELINE.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n")
    print(f"Floors written to {BASELINE}")


if __name__ == "__main__":
    main()
