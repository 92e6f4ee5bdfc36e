"""One way through: only the archive component writes the archive, and the crawl,
`reprocess` and `extract` turn the same page into the same record."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lan_crawler import settings
from lan_crawler.archive import Archive
from lan_crawler.demo import LOOPBACK_SETTINGS, crawl_command, crawl_env
from lan_crawler.reprocess import latest_post_responses, re_extracted
from lan_crawler.sample_site import SETUPS, Faults, load_posts, running
from lan_crawler.sites import DEFAULT_SITE
from tests.conftest import PROJECT_ROOT, run_in_project

LAN_ARCHIVE = str(Path(sys.executable).parent / "lan-archive")
WRITERS = {"lan_crawler.archive", "lan_crawler.warc", "lan_crawler.index"}

# Runs `scrapy crawl` with an audit hook that notes every file opened for writing, created,
# renamed or removed under the archive, with the project modules on the stack at that moment.
AUDITED_CRAWL = """
import json, os, sys
archive, log = os.path.realpath(sys.argv[1]), open(sys.argv[2], "w")
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

def modules():
    frame, found = sys._getframe(2), []
    while frame:
        name = frame.f_globals.get("__name__", "")
        if name.startswith("lan_crawler") and name not in found:
            found.append(name)
        frame = frame.f_back
    return found

def hook(event, args):
    if event == "open" and args[0] is not None and not isinstance(args[0], int):
        mode, flags = args[1] or "", args[2] or 0
        if not (set(mode) & set("wax+") or flags & WRITE):
            return
    elif event not in ("os.mkdir", "os.rename", "os.remove", "sqlite3.connect"):
        return
    path = args[0]
    if isinstance(path, (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(path))
        if path.startswith(archive):
            log.write(json.dumps([event, path, modules()]) + "\\n")
            log.flush()

sys.addaudithook(hook)
from scrapy.cmdline import execute
sys.argv = ["scrapy", *sys.argv[3:]]
execute()
"""


def test_only_the_archive_component_writes_under_the_archive(tmp_path: Path) -> None:
    archive, log = tmp_path / "archive", tmp_path / "writes.jsonl"
    with running(Faults()) as server:
        command = crawl_command(server.base_url, archive, LOOPBACK_SETTINGS)[3:]  # "crawl" ...
        done = run_in_project(
            [sys.executable, "-c", AUDITED_CRAWL, str(archive), str(log), *command]
        )
    assert done.returncode == 0, done.stderr[-3000:]
    writes = [json.loads(line) for line in log.read_text().splitlines()]
    assert sum(event == "os.rename" for event, _, _ in writes) >= len(load_posts())  # records
    for event, path, stack in writes:
        assert stack, (event, path)  # nothing outside the project writes there (no Scrapy part)
        assert stack[0] in WRITERS, (event, path, stack)  # the archive's own file code
        assert "lan_crawler.archiving" in stack, (event, path, stack)  # called by the component
        assert not any(m.startswith("lan_crawler.spiders") for m in stack), (event, path, stack)


def test_the_spider_module_imports_no_writer() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, lan_crawler.spiders.lan_news; "
            "print(' '.join(m for m in sys.modules if m.startswith('lan_crawler')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "lan_crawler.spiders.lan_news" in loaded
    assert not WRITERS & set(loaded)
    assert "lan_crawler.archiving" not in loaded


@pytest.mark.parametrize("api", [True, False], ids=["rest-api", "sitemaps"])
def test_crawl_reprocess_and_extract_give_the_same_record(api: bool, tmp_path: Path) -> None:
    archive_dir = tmp_path / "archive"
    setup = replace(SETUPS["plain-core"], rest=api)
    with running(Faults(), template="mixed", setup=setup) as server:
        command = crawl_command(server.base_url, archive_dir, LOOPBACK_SETTINGS)
        subprocess.run(command, cwd=PROJECT_ROOT, env=crawl_env(), check=True, capture_output=True)
    archive = Archive(archive_dir)
    crawled = {e: archive.read(e) for e in archive.entries}
    fallbacks, max_size = settings.EXTRACTION_FALLBACKS, settings.DOWNLOAD_MAXSIZE
    again = dict(re_extracted(archive, DEFAULT_SITE, fallbacks=fallbacks, max_size=max_size))
    # every field, fetch time and WARC pointer included
    assert {r["id"]: r for r in again.values() if isinstance(r, dict)} == crawled
    # and `lan-archive extract` on some of the saved pages, given what the crawl knew: the
    # sitemap's lastmod, or the REST API's answer for the post
    responses = list(latest_post_responses(archive, max_size))
    for response, known in responses[::8]:
        assert response.body is not None
        saved = tmp_path / "page.html"
        saved.write_bytes(response.body)
        args = ["extract", str(saved), "--url", response.url]
        if known.lastmod_from == "rest-api":
            modified = f"{known.lastmod:%Y-%m-%dT%H:%M:%S}"
            post = {"id": 1, "modified_gmt": modified, "content": {"rendered": known.api_content}}
            (tmp_path / "post.json").write_text(json.dumps(post))
            args += ["--api", str(tmp_path / "post.json")]
        elif known.lastmod:
            args += ["--lastmod", known.lastmod.isoformat()]
        done = subprocess.run([LAN_ARCHIVE, *args], capture_output=True, text=True, check=True)
        printed: dict[str, Any] = json.loads(done.stdout)
        assert printed == {**again[response.url], "fetched_at": None, "raw": None}
    methods = [r["extraction"]["method"] for r in crawled.values()]
    source = "rest-api" if api else "sitemap"  # the block theme shows no modified time
    assert any(f"modified={source}" in m for m in methods)
    assert [m for m in methods if ("checked=rest-api" in m) != api] == []
