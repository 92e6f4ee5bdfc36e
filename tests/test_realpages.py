"""On real WordPress pages of other sites (`../shared/realpages`), extraction never falls
below its pinned floors, and stays ahead of trafilatura's pinned figures.

The set is not in the repository (its pages are their publishers'): the test reads it
from LAN_REALPAGES or `../shared/realpages` beside the checkout, and is skipped, saying
so, where neither exists. `python bench/realpages.py FOLDER --pin` raises the floors.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest

from lan_crawler.realpages import DEFAULT_FOLDER, Figures, load, measure, ours

FOLDER = Path(os.environ.get("LAN_REALPAGES", DEFAULT_FOLDER))
BASELINE = json.loads(
    (Path(__file__).resolve().parent.parent / "bench" / "realpages-baseline.json").read_text()
)
BEATEN = ("f1", "with_recall", "without_precision", "title_exact", "published_exact")


@pytest.fixture(scope="module")
def figures() -> Figures:
    if not (FOLDER / "pages.jsonl").exists():
        pytest.skip(f"no development set at {FOLDER} (set LAN_REALPAGES)")
    return measure(ours, load(FOLDER))


def test_extraction_on_real_pages_holds_its_floors(figures: Figures) -> None:
    measured = asdict(figures)
    for metric, floor in BASELINE["lan-crawler"].items():
        if metric == "failures":
            assert measured[metric] <= floor, metric
        else:
            assert measured[metric] >= floor - 1e-9, metric


def test_the_generic_path_beats_trafilatura_on_every_measure(figures: Figures) -> None:
    mark = BASELINE["trafilatura (default)"]
    measured = asdict(figures)
    assert all(measured[metric] >= mark[metric] for metric in BEATEN), {
        metric: (measured[metric], mark[metric]) for metric in BEATEN
    }
    assert figures.f1 >= mark["f1"] + 0.015  # by a clear margin, not by noise
