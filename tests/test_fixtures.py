"""Golden fixtures made from archived responses: written, read back, and checked."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lan_crawler.archive import Archive
from lan_crawler.cli import main as lan_archive
from lan_crawler.fixtures import (
    FixtureError,
    differences,
    from_response,
    load_fixtures,
    write_fixture,
)
from lan_crawler.record import schema_errors
from lan_crawler.sample_site import Faults, load_posts, running
from lan_crawler.sites import DEFAULT_SITE as LAN
from lan_crawler.warc import StoredResponse
from tests.conftest import run_crawl
from tests.pages import URL, post_page

POSTS = load_posts()[:3]
EDITED = POSTS[1]

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


# --- `lan-archive fixture` on a crawled archive --------------------------------------------


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Crawled twice: between the runs one post is edited, so its newest page is the second."""
    archive = tmp_path_factory.mktemp("crawled") / "archive"
    with running(Faults(), posts=POSTS) as server:
        assert run_crawl(server.base_url, archive).returncode == 0
        server.site.edit_post(EDITED.id, title=EDITED.title + " (Revisi)")
        assert run_crawl(server.base_url, archive).returncode == 0
    yield archive


def fixture_command(archive: Path, *args: str) -> Result:
    return CliRunner().invoke(lan_archive, ["fixture", "--archive", str(archive), *args])


def test_a_fixture_of_a_crawled_post_passes_the_golden_check_until_corrupted(
    crawled: Path, tmp_path: Path
) -> None:
    out = tmp_path / "golden" / "sample-site"
    done = fixture_command(crawled, str(EDITED.id), "--out", str(out))
    assert done.exit_code == 0, done.output
    page, about = out / f"{EDITED.id}.html.gz", out / f"{EDITED.id}.fixture.json"
    assert done.stdout == f"Wrote {page} and {about.name}: review its expected record.\n"

    (made,) = load_fixtures(tmp_path / "golden")
    archived = Archive(crawled).read(f"127.0.0.1:{EDITED.id}")
    assert archived is not None and archived["raw"] is not None
    # the newest response: the edited page of the second run, fetched when its record was
    assert made.expected["title"] == EDITED.title + " (Revisi)" == archived["title"]
    assert made.expected["fetched_at"] == archived["fetched_at"]
    assert made.fetched_at == datetime.fromisoformat(archived["fetched_at"])
    assert archived["raw"]["warc"] == f"warc/{Archive(crawled).warc_files()[-1].name}"
    for field in ("id", "url", "text", "published", "author", "categories", "images"):
        assert made.expected[field] == archived[field], field
    record = made.record()
    assert differences(record, made.expected) == {}
    assert schema_errors(record) == []

    # a reviewer's wrong correction: the golden check names it
    data = json.loads(about.read_text(encoding="utf-8"))
    data["expected"]["title"] = "Judul yang Salah"
    data["expected"]["extraction"]["warnings"] = ["text: nothing found"]
    about.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    (corrupted,) = load_fixtures(tmp_path / "golden")
    assert differences(corrupted.record(), corrupted.expected) == {
        "title": (EDITED.title + " (Revisi)", "Judul yang Salah"),
        "extraction.warnings": ([], ["text: nothing found"]),
    }


@pytest.mark.parametrize("ref", ["127.0.0.1:{id}", "http://127.0.0.1:8000/?p={id}", "file"])
def test_a_fixture_is_named_as_show_names_a_record(crawled: Path, tmp_path: Path, ref: str) -> None:
    post = POSTS[0]
    if ref == "file":
        entry = Archive(crawled).get(f"127.0.0.1:{post.id}")
        assert entry is not None
        ref = str(crawled / entry.path)
    done = fixture_command(crawled, ref.format(id=post.id), "--out", str(tmp_path / "f"))
    assert done.exit_code == 0, done.output
    (made,) = load_fixtures(tmp_path)
    assert made.expected["id"] == f"127.0.0.1:{post.id}"
    assert made.expected["title"] == post.title


def test_fixture_says_why_it_writes_nothing(crawled: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "f")
    assert fixture_command(crawled, str(POSTS[0].id), "--out", out).exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "f").iterdir()}
    for ref, message in [
        (str(POSTS[0].id), f"{tmp_path / 'f'}/{POSTS[0].id}.html.gz exists: --force replaces it"),
        ("999999", f"no stored page of post 999999 in {crawled / 'warc'}"),
        (f"example.org:{POSTS[0].id}", f"no stored page of example.org:{POSTS[0].id}"),
        ("lima", "not a record id, post id, URL or record file: lima"),
    ]:
        done = fixture_command(crawled, ref, "--out", out)
        assert done.exit_code == 1
        assert message in done.stderr
    assert {p: p.read_bytes() for p in (tmp_path / "f").iterdir()} == before
