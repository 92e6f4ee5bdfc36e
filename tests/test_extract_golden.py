"""Golden files, Fundus-style: stored HTML next to the exact record it must give.

The pages are lan.go.id's (in each template its declaration names) and go through
the crawl's own page-to-record path. The expected records come from the sample
posts' ground truth, not from the extractor (see tests/golden/regenerate.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lan_crawler.page import FetchedPage, record_from_page
from lan_crawler.record import schema_errors
from lan_crawler.sites.lan_go_id import LAN
from tests.conftest import assert_matches

GOLDEN = Path(__file__).parent / "golden"
SEED = Path(__file__).resolve().parent.parent / "lan_crawler" / "sample_site" / "seed"
PAGES = sorted(GOLDEN.glob("*/*.html"))


def test_there_are_enough_golden_pages() -> None:
    assert len(PAGES) >= 10
    assert GOLDEN / "oceanwp" / "5297.html" in PAGES  # the seed article


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_page_gives_its_expected_record(page: Path) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    url = expected["url"]
    record = record_from_page(FetchedPage(url, page.read_bytes()), LAN)
    assert record["extraction"]["method"] == expected["extraction"]["method"]
    assert record["extraction"]["warnings"] == expected["extraction"]["warnings"]
    assert_matches(record, expected)
    assert schema_errors(record) == []


def test_seed_article_matches_the_seed_text_byte_for_byte() -> None:
    dump = (SEED / "lan-article-text.txt").read_text(encoding="utf-8")
    lines = dump.split("\n")
    assert lines[0] == "Menu Close" and lines[-1] == "Skip to content"
    title = next(line for line in lines[1:] if line.strip())
    # everything between the title and the closing skip link, blank lines as paragraph breaks
    body = dump[dump.index(title) + len(title) : dump.rindex("Skip to content")].strip("\n")

    page = (GOLDEN / "oceanwp" / "5297.html").read_bytes()
    record = record_from_page(FetchedPage("https://lan.go.id/?p=5297", page), LAN)
    assert record["title"] == title
    assert record["text"] == body
    assert record["published"] == "2021-03-29T10:15:00+07:00"
    assert record["dateline"] == "Jakarta"
    # the publisher's doubled commas stay as published
    assert "dr. Fahmi Fadli,, Bupati Sorong, Dr. Johny Kamaru, SH., M. Si,," in record["text"]
