"""The archive's WARC files as one WACZ package, the format archives exchange and
ReplayWeb.page and pywb replay: the WARCs (pages and the media kept beside them), a CDXJ
index, and a pages list naming each archived article's captured page, built by py-wacz.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lan_crawler.archive import Archive, file_mode
from lan_crawler.warc import read_response_at

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Archived articles"}


@dataclass(frozen=True)
class Package:
    path: Path
    warcs: int
    pages: int


def run_started(warc: Path) -> datetime:
    """When the run of a WARC file started: its name is the run id (`20261201T121920Z`)."""
    return datetime.strptime(warc.name[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def write_wacz(
    archive: Archive,
    out: Path,
    since: datetime | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Package:
    """Package the WARC files of the runs started at `since` or later (all without it).

    Raises ValueError when there is nothing to package. The file appears under its name
    only once complete. `progress(what, done, total)` hears of each record read.
    """
    warcs = [p for p in archive.warc_files() if since is None or run_started(p) >= since]
    if not warcs:
        raise ValueError("no WARC files to package" + (f" since {since:%Y-%m-%d}" if since else ""))
    included = {p.relative_to(archive.root).as_posix() for p in warcs}
    pages = _pages(archive, included, progress)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory() as work:
            listed = Path(work) / "pages.jsonl"
            lines = [PAGES_HEADER, *pages]
            listed.write_text("".join(json.dumps(line) + "\n" for line in lines))
            _create(Path(part), listed, warcs)
        Path(part).chmod(file_mode())
        Path(part).replace(out)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return Package(out, len(warcs), len(pages))


def _pages(
    archive: Archive, included: set[str], progress: Callable[[str, int, int], None] | None
) -> list[dict[str, str]]:
    """Each archived article whose page is in the packaged WARCs: the URL it was fetched
    at (what replay looks up), when, and its title."""
    found = []
    files = list(archive.record_files())
    for done, path in enumerate(files, 1):
        if progress:
            progress("Pages", done, len(files))
        try:
            record = archive.read_path(path.relative_to(archive.root))
        except (OSError, ValueError):
            continue  # `verify` names unreadable files; a package holds what can be read
        raw = record.get("raw")
        if not raw or raw["warc"] not in included:
            continue
        warc = archive.resolve(Path(raw["warc"]))
        response = read_response_at(warc, raw["warc"], raw["offset"], with_body=False)
        found.append(
            {
                "url": response.url,
                "ts": response.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "title": record["title"],
            }
        )
    return found


def _create(out: Path, pages: Path, warcs: list[Path]) -> None:
    from wacz.main import main as wacz_main

    args = ["create", "-o", str(out), "-p", str(pages), "--title", "LAN news archive"]
    with redirect_stdout(io.StringIO()) as said:  # py-wacz narrates every step
        code = wacz_main([*args, *map(str, warcs)])
    if code:
        raise RuntimeError(f"py-wacz could not write the package: {said.getvalue().strip()}")
