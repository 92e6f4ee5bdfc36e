"""Golden fixtures made from archived responses: written, read back, and checked."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lan_crawler.fixtures import (
    FixtureError,
    differences,
    from_response,
    load_fixtures,
    write_fixture,
)
from lan_crawler.sites.lan_go_id import LAN
from lan_crawler.warc import StoredResponse
from tests.pages import URL, post_page

FETCHED = datetime(2026, 11, 29, 12, 0, 5, tzinfo=UTC)
# no <meta charset> in the page: only the header says how its bytes are to be read
RESPONSE = StoredResponse(
    url=URL,
    fetched_at=FETCHED,
    status=200,
    content_type="text/html; charset=windows-1252",
    body=post_page().encode("windows-1252"),
    raw={"warc": "warc/x.warc.gz", "offset": 0, "record_id": "<urn:uuid:0>"},
)


def test_a_fixture_is_written_and_read_back_as_it_was_made(tmp_path: Path) -> None:
    made = from_response(RESPONSE, LAN, "taken/77")
    written = write_fixture(made, tmp_path / "taken", "77")
    assert [p.name for p in written] == ["77.html.gz", "77.fixture.json"]
    assert gzip.decompress(written[0].read_bytes()) == RESPONSE.body
    data = json.loads(written[1].read_text(encoding="utf-8"))
    assert list(data) == ["url", "fetched_at", "content_type", "site", "expected"]
    assert data["url"] == URL
    assert data["fetched_at"] == "2026-11-29T12:00:05Z"
    assert data["content_type"] == "text/html; charset=windows-1252"
    assert data["site"] == "lan.go.id"
    expected = data["expected"]
    assert expected["id"] == "lan.go.id:77"
    assert expected["fetched_at"] == "2026-11-29T12:00:05Z"
    assert expected["text"] == "Jakarta – Isi berita yang cukup panjang untuk diuji dengan baik."
    assert "raw" not in expected and list(expected["extraction"]) == ["method", "warnings"]

    (loaded,) = load_fixtures(tmp_path)
    assert loaded.name == "taken/77"
    assert (loaded.url, loaded.fetched_at, loaded.body) == (URL, FETCHED, RESPONSE.body)
    assert loaded.expected == made.expected == expected
    assert differences(loaded.record(), loaded.expected) == {}


def test_the_golden_check_names_each_field_that_differs(tmp_path: Path) -> None:
    made = from_response(RESPONSE, LAN, "taken/77")
    expected = {**made.expected, "author": "Humas LAN"}
    expected["extraction"] = {**expected["extraction"], "method": "fallback:article"}
    assert differences(made.record(), expected) == {
        "author": (None, "Humas LAN"),
        "extraction.method": ("profile:oceanwp", "fallback:article"),
    }


def test_a_fixture_is_not_overwritten_unless_forced(tmp_path: Path) -> None:
    made = from_response(RESPONSE, LAN, "taken/77")
    write_fixture(made, tmp_path, "77")
    reviewed = tmp_path / "77.fixture.json"
    reviewed.write_text(reviewed.read_text().replace("Judul Berita Uji", "Judul Benar"))
    with pytest.raises(FileExistsError):
        write_fixture(made, tmp_path, "77")
    assert "Judul Benar" in reviewed.read_text()
    write_fixture(made, tmp_path, "77", force=True)
    assert "Judul Benar" not in reviewed.read_text()


def test_a_page_without_its_json_breaks_the_layout(tmp_path: Path) -> None:
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "77.html.gz").write_bytes(gzip.compress(b"<html></html>"))
    with pytest.raises(FixtureError, match=r"half: 77: \.html\.gz or \.fixture\.json missing"):
        load_fixtures(tmp_path)
