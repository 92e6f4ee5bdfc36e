"""What the WARC files keep beside the pages, checked on two real crawls of the sample site:
each archived post's own images and attachments (once across runs), the server's address,
a warcinfo that matches the records, unchanged surfaces as revisit records, and the WACZ
package of it all, validated by py-wacz and replayed by pywb."""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from lan_crawler.cli import main as lan_archive
from lan_crawler.sample_site import Faults, running
from lan_crawler.sample_site.site import SampleSite
from lan_crawler.urls import Site
from tests.conftest import free_port, run_crawl


def warc_records(archive: Path) -> list[dict[str, Any]]:
    """Every record of every WARC file, oldest file first: type, URL, headers, payload size."""
    found = []
    for path in sorted(archive.glob("warc/**/*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                found.append(
                    {
                        "file": path.name,
                        "type": record.rec_type,
                        "url": record.rec_headers.get_header("WARC-Target-URI"),
                        "headers": dict(record.rec_headers.headers),
                        "content_type": record.http_headers.get_header("Content-Type")
                        if record.http_headers
                        else None,
                        "size": len(record.content_stream().read()),
                    }
                )
    return found


@dataclass(frozen=True)
class TwoRuns:
    archive: Path
    base_url: str
    first: dict[str, Any]  # the run reports
    second: dict[str, Any]
    uploads: list[str]  # media paths the server was asked for, over both runs


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> TwoRuns:
    archive = tmp_path_factory.mktemp("captures") / "archive"
    with running(Faults()) as server:
        for _ in range(2):
            done = run_crawl(server.base_url, archive)
            assert done.returncode == 0, done.log[-3000:]
        uploads = [t for t in server.log.targets() if t.startswith("/wp-content/uploads/")]
    first, second = (json.loads(p.read_text()) for p in sorted((archive / "runs").glob("*.json")))
    return TwoRuns(archive, server.base_url, first, second, uploads)


def test_each_posts_own_media_is_kept_once_beside_its_page(two_runs: TwoRuns) -> None:
    archive, base_url, first, second = (
        two_runs.archive,
        two_runs.base_url,
        two_runs.first,
        two_runs.second,
    )
    uploads = two_runs.uploads
    site = Site.from_url(base_url)
    records = [json.loads(p.read_text()) for p in archive.glob("[0-9]*/*/*/*.json")]
    media = {i["url"] for r in records for i in r["images"] + r["attachments"]}
    own = {url for url in media if site.is_upload(url)}
    assert own  # the sample posts have photos and attachments
    kept = Counter(r["url"] for r in warc_records(archive) if r["type"] == "response")
    assert all(kept[url] == 1 for url in own), {u: kept[u] for u in own if kept[u] != 1}
    assert not (media - own) & set(kept)  # nothing from another site
    # the server saw each file asked for once, over both runs
    assert sorted(Counter(uploads).values()) == [1] * len(uploads)
    assert first["media"] == {"requested": len(own), "kept": len(own)}
    assert second["media"] == {"requested": 0, "kept": 0}


def test_a_media_file_past_the_size_cap_is_not_kept_and_the_run_says_so(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with running(Faults()) as server:
        done = run_crawl(server.base_url, archive, "-s", "MEDIA_MAXSIZE=10")
    assert done.returncode == 0, done.log[-3000:]
    report = json.loads(next((archive / "runs").glob("*.json")).read_text())
    assert report["media"]["requested"] > 0 and report["media"]["kept"] == 0
    failed = {f["url"] for f in report["articles"]["failed"]}
    assert len(failed) == report["media"]["requested"]
    assert all("/wp-content/uploads/" in url for url in failed)
    assert report["healthy"]  # a missing photo is reported, it is no failing site


def test_the_warcinfo_names_the_version_its_records_have(two_runs: TwoRuns) -> None:
    archive = two_runs.archive
    for path in archive.glob("warc/**/*.warc.gz"):
        with path.open("rb") as stream:
            info = next(iter(ArchiveIterator(stream)))
            assert info.rec_type == "warcinfo"
            version = info.rec_headers.protocol  # "WARC/1.0"
            fields = info.content_stream().read().decode()
        assert f"format: WARC File Format {version.removeprefix('WARC/')}" in fields


def test_responses_carry_the_servers_address(two_runs: TwoRuns) -> None:
    archive = two_runs.archive
    responses = [r for r in warc_records(archive) if r["type"] in ("response", "revisit")]
    assert {r["headers"].get("WARC-IP-Address") for r in responses} == {"127.0.0.1"}


def test_unchanged_surfaces_are_revisits_of_the_first_capture(two_runs: TwoRuns) -> None:
    archive, first, second = two_runs.archive, two_runs.first, two_runs.second
    records = warc_records(archive)
    files = sorted({r["file"] for r in records})
    originals = {r["url"]: r for r in records if r["file"] == files[0] and r["type"] == "response"}
    revisits = [r for r in records if r["file"] == files[1] and r["type"] == "revisit"]
    urls = {r["url"] for r in revisits}
    assert any(u.endswith("/robots.txt") for u in urls)
    assert any("sitemap" in u for u in urls) and any("feed" in u for u in urls)
    assert second["revisits"] == len(revisits) and first["revisits"] == 0
    for revisit in revisits:
        original = originals[revisit["url"]]
        headers = revisit["headers"]
        assert headers["WARC-Refers-To-Target-URI"] == revisit["url"]
        assert headers["WARC-Refers-To-Date"] == original["headers"]["WARC-Date"]
        assert headers["WARC-Payload-Digest"] == original["headers"]["WARC-Payload-Digest"]
        assert revisit["size"] == 0  # the body is the first capture's


def test_the_archive_packaged_as_wacz_validates_and_replays_a_page_with_its_image(
    two_runs: TwoRuns, tmp_path: Path, wayback: Path
) -> None:
    archive, base_url = two_runs.archive, two_runs.base_url
    package = tmp_path / "lan.wacz"
    done = CliRunner().invoke(
        lan_archive, ["wacz", "--archive", str(archive), "--out", str(package)]
    )
    assert done.exit_code == 0, done.output
    records = [json.loads(p.read_text()) for p in archive.glob("[0-9]*/*/*/*.json")]
    assert f"2 runs, {len(records)} pages" in done.output
    wacz = Path(sys.executable).with_name("wacz")
    checked = subprocess.run([str(wacz), "validate", "-f", str(package)], capture_output=True)
    assert checked.returncode == 0, checked.stdout[-2000:]

    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(package) as zipped:
        zipped.extractall(unpacked)
    pages = [json.loads(line) for line in (unpacked / "pages/pages.jsonl").read_text().splitlines()]
    assert {p["title"] for p in pages[1:]} == {r["title"] for r in records}
    # pywb reads the package's own WARCs through its own index (ungzipped: zipnum wants a .loc)
    cdxj = unpacked / "indexes" / "index.cdxj"
    cdxj.write_bytes(gzip.decompress((unpacked / "indexes" / "index.cdx.gz").read_bytes()))
    config = {"index_paths": str(cdxj), "archive_paths": f"{unpacked / 'archive'}/"}
    (tmp_path / "config.yaml").write_text(json.dumps({"collections": {"lan": config}}))

    post = next(
        r for r in records if any(Site.from_url(base_url).is_upload(i["url"]) for i in r["images"])
    )
    page = next(p for p in pages[1:] if p["title"] == post["title"])
    image = next(i["url"] for i in post["images"] if Site.from_url(base_url).is_upload(i["url"]))
    with serving(wayback, tmp_path) as replay:
        status, _, body = fetch(f"{replay}lan/2030id_/{page['url']}")
        assert status == 200 and post["title"] in body.decode()
        status, content_type, body = fetch(f"{replay}lan/2030id_/{image}")
    served = SampleSite(base_url).respond(urlsplit(image).path)
    assert status == 200 and content_type == served.content_type
    assert body == served.body


# pywb pins redis 2.10.6, which cannot share an interpreter with the distributed mode's
# redis (4.2 or later): it runs from a venv of its own, as a replay server beside an archive
PYWB = "pywb==2.10.0"


@pytest.fixture(scope="session")
def wayback(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pywb's `wayback` replay server, installed in a venv of its own."""
    venv = tmp_path_factory.mktemp("pywb") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "-q", PYWB]
    subprocess.run(pip, check=True, capture_output=True)
    return venv / "bin" / "wayback"


@contextmanager
def serving(wayback: Path, folder: Path) -> Iterator[str]:
    """`wayback` serving the collections of `folder`/config.yaml; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [str(wayback), "-b", "127.0.0.1", "-p", str(port)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("pywb's wayback did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, Content-Type, body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.headers.get_content_type(), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def test_wacz_says_when_there_is_nothing_to_package(two_runs: TwoRuns, tmp_path: Path) -> None:
    archive = two_runs.archive
    out = tmp_path / "none.wacz"
    done = CliRunner().invoke(
        lan_archive, ["wacz", "--archive", str(archive), "--out", str(out), "--since", "2999-01-01"]
    )
    assert done.exit_code == 1
    assert "no WARC files to package since 2999-01-01" in done.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_media_maxsize_0_keeps_no_media_and_asks_for_none(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    with running(Faults()) as server:
        done = run_crawl(server.base_url, archive, "-s", "MEDIA_MAXSIZE=0")
        asked = [t for t in server.log.targets() if t.startswith("/wp-content/uploads/")]
    assert done.returncode == 0, done.log[-3000:]
    report = json.loads(next((archive / "runs").glob("*.json")).read_text())
    assert report["media"] == {"requested": 0, "kept": 0}
    assert asked == []
