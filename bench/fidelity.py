"""Extraction fidelity and speed on every sample page in every template, beside trafilatura.

    python bench/fidelity.py           print the figures
    python bench/fidelity.py --pin     also raise the floors in bench/fidelity-baseline.json

Per template, and per mode (the site profile as shipped; the profile broken on
purpose, its container selector renamed, to measure the fallbacks alone):
precision, recall and F1 of `text` with the Scrapinghub article-extraction-
benchmark's shingle metric, token-bag F1, exact-match rates of title, published
and categories, texts of the page outside the article found in the text
(`fidelity.leaked`), records with warnings, and pages per second on one core.
trafilatura's default extraction runs on the same pages in the same run. A re-pin
only ever raises a floor (tests/test_fidelity.py holds the extractor to it).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import trafilatura

from lan_crawler.fidelity import TEMPLATES, Extractor, Report, Sample, evaluate, ours, samples

BASELINE = Path(__file__).with_name("fidelity-baseline.json")
HIGHER_IS_BETTER = (
    "f1",
    "precision",
    "recall",
    "token_f1",
    "title_exact",
    "published_exact",
    "categories_exact",
)


def trafilatura_default(sample: Sample) -> dict[str, object] | None:
    """trafilatura's defaults: text, and the metadata it finds (dates as days only)."""
    document = trafilatura.bare_extraction(sample.html, with_metadata=True)
    if document is None:
        return None
    return {
        "text": document.text or "",
        "title": document.title,
        "published": document.date,  # YYYY-MM-DD: never an exact match for a timestamp
        "categories": document.categories or [],
    }


def timed(extractor: Extractor, pages: list[Sample], rounds: int = 3) -> float:
    """Pages per second, best of `rounds` passes over the pages."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for sample in pages:
            extractor(sample)
        best = min(best, time.perf_counter() - started)
    return len(pages) / best


def row(name: str, report: Report, speed: float) -> str:
    return (
        f"{name:<34} {report.precision:6.3f} {report.recall:6.3f} {report.f1:6.3f} "
        f"{report.token_f1:6.3f} {report.title_exact:6.2f} {report.published_exact:6.2f} "
        f"{report.categories_exact:6.2f} {report.leaked:5d} {report.warned:5d} {speed:8.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pin", action="store_true", help="raise the baseline's floors")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    print(
        f"{'template / extractor':<34} {'prec':>6} {'recall':>6} {'F1':>6} {'tokF1':>6} "
        f"{'title':>6} {'publ.':>6} {'categ':>6} {'left':>5} {'warn':>5} {'pages/s':>8}"
    )
    measured: dict[str, dict[str, float]] = {}
    for template in TEMPLATES:
        pages = samples(template)
        runs: list[tuple[str, Callable[[Sample], dict[str, object] | None]]] = [
            ("lan-crawler", ours()),
            ("lan-crawler, profile broken", ours(broken_profile=True)),
            ("trafilatura (default)", trafilatura_default),
        ]
        speeds = {}
        for name, extractor in runs:
            report = evaluate(extractor, pages)
            speeds[name] = timed(extractor, pages)
            print(row(f"{template}: {name}", report, speeds[name]))
            if name.startswith("lan-crawler"):
                key = f"{template}{', profile broken' if 'broken' in name else ''}"
                measured[key] = asdict(report)
        ratio = speeds["lan-crawler"] / speeds["trafilatura (default)"]
        print(f"{template}: lan-crawler is {ratio:.1f}x trafilatura's speed\n")
    if args.pin:
        pin(measured)


def pin(measured: dict[str, dict[str, float]]) -> None:
    """Write the floors: each figure at least as good as before, never worse."""
    old = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    floors: dict[str, dict[str, float]] = {}
    for key, figures in measured.items():
        before = old.get(key, {})
        floors[key] = {}
        for metric in (*HIGHER_IS_BETTER, "leaked", "failures"):
            value = round(float(figures[metric]), 3)
            if metric in before:
                better = max if metric in HIGHER_IS_BETTER else min
                value = better(value, before[metric])
            floors[key][metric] = value
    BASELINE.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n")
    print(f"Floors written to {BASELINE}")


if __name__ == "__main__":
    main()
