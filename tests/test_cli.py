"""`lan-archive extract` and `lan-archive demo`, run as users run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lan_crawler.sample_site import load_posts
from lan_crawler.sample_site.site import SampleSite

GOLDEN = Path(__file__).parent / "golden" / "oceanwp"
# the console script installed next to this interpreter (the venv's bin/)
LAN_ARCHIVE = str(Path(sys.executable).parent / "lan-archive")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LAN_ARCHIVE, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def test_extract_prints_the_record_as_json() -> None:
    done = run("extract", str(GOLDEN / "5297.html"), "--url", "https://lan.go.id/?p=5297")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    expected = json.loads((GOLDEN / "5297.expected.json").read_text(encoding="utf-8"))
    assert record["id"] == "lan.go.id:5297"
    assert record["text"] == expected["text"]
    assert record["fetched_at"] is None
    assert done.stdout.startswith('{\n  "schema_version": 1,\n  "id": "lan.go.id:5297"')


def test_extract_decodes_a_page_saved_in_another_charset(tmp_path: Path) -> None:
    html = (GOLDEN / "5297.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="UTF-8">', '<meta charset="windows-1252">')
    saved = tmp_path / "page.html"
    saved.write_bytes(html.encode("windows-1252"))
    done = run("extract", str(saved), "--url", "https://lan.go.id/?p=5297")
    assert done.returncode == 0, done.stderr
    assert "Jakarta – Disparitas" in json.loads(done.stdout)["text"]


def test_extract_says_why_a_page_gives_no_record(tmp_path: Path) -> None:
    page = tmp_path / "profil.html"
    page.write_bytes(SampleSite("https://lan.go.id/").respond("/?page_id=2").body)
    done = run("extract", str(page), "--url", "https://lan.go.id/?page_id=2")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no article: static page" in done.stderr


def test_extract_rejects_a_url_that_is_not_http(tmp_path: Path) -> None:
    done = run("extract", str(GOLDEN / "5297.html"), "--url", "file:///tmp/x")
    assert done.returncode == 1
    assert "not an http(s) URL" in done.stderr


def test_demo_crawls_the_sample_site_into_an_archive(tmp_path: Path) -> None:
    done = run("demo", "--archive", str(tmp_path / "demo-archive"))
    assert done.returncode == 0, done.stderr
    posts = load_posts()
    assert f"Archived {len(posts)} articles ({len(posts)} new this run)" in done.stdout
    assert posts[0].title[:30] in done.stdout  # the newest article is listed
    files = list((tmp_path / "demo-archive").glob("[0-9]*/*/*/*.json"))
    assert len(files) == len(posts)
    again = run("demo", "--archive", str(tmp_path / "demo-archive"))
    assert f"Archived {len(posts)} articles (0 new this run)" in again.stdout
