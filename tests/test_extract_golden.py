"""Golden files, Fundus-style: stored HTML next to the exact record it must give.

Every fixture folder under tests/golden/ is checked, of either kind lan_crawler.fixtures
declares. The pages are lan.go.id's (in each template its declaration names) and go
through the crawl's own page-to-record path. The expected records come from the sample
posts' ground truth, not from the extractor (see tests/golden/regenerate.py); those made
by `lan-archive fixture` from a crawl, as a person has corrected them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lan_crawler.fixtures import Fixture, differences, load_fixtures
from lan_crawler.page import FetchedPage, record_from_page
from lan_crawler.record import schema_errors
from lan_crawler.sites import DEFAULT_SITE as LAN

GOLDEN = Path(__file__).parent / "golden"
SEED = Path(__file__).resolve().parent.parent / "lan_crawler" / "sample_site" / "seed"
FIXTURES = load_fixtures(GOLDEN)


def test_there_are_enough_golden_pages() -> None:
    assert len(FIXTURES) >= 10
    assert "oceanwp/5297" in [f.name for f in FIXTURES]  # the seed article


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_golden_page_gives_its_expected_record(fixture: Fixture) -> None:
    record = fixture.record()
    assert differences(record, fixture.expected) == {}
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
