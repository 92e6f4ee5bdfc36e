"""Checking an archive: every problem named with its file. Reads only, never writes."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from lan_crawler.archive import Archive, post_number, record_path
from lan_crawler.index import LAYOUT
from lan_crawler.record import schema_errors
from lan_crawler.warc import torn_tail


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the archive root
    problem: str


def verify(archive: Archive) -> tuple[int, list[Problem]]:
    """(records checked, problems found) for the record files, the history and the index."""
    root = archive.root
    problems: list[Problem] = []
    seen: dict[str, list[str]] = defaultdict(list)
    files: dict[str, tuple[str, str]] = {}  # id -> (path, sha) of readable, valid records
    present: set[str] = set()  # every record file, valid or not
    checked = 0
    for path in archive.record_files():
        checked += 1
        relative = path.relative_to(root).as_posix()
        present.add(relative)
        record = _load(path, relative, problems)
        if record is None:
            continue
        seen[str(record.get("id"))].append(relative)
        try:
            expected = record_path(record).as_posix()  # type: ignore[arg-type]
        except (KeyError, ValueError, TypeError) as error:
            problems.append(Problem(relative, f"no valid path can be built: {error}"))
            continue
        if expected != relative:
            problems.append(
                Problem(relative, f"wrong path: its id and date place it at {expected}")
            )
        files[str(record["id"])] = (relative, str(record.get("content_sha256", "")))
    for record_id, paths in seen.items():
        for extra in paths[1:]:
            problems.append(Problem(extra, f"duplicate id {record_id}: also in {paths[0]}"))
    problems += _check_history(archive)
    problems += _check_index(archive.index.path, files, present)
    problems += _check_runs(archive)
    return checked, problems


def _load(path: Path, relative: str, problems: list[Problem]) -> dict[str, object] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        problems.append(Problem(relative, f"unreadable JSON: {error}"))
        return None
    errors = schema_errors(record)
    if errors:
        problems.append(Problem(relative, "schema: " + "; ".join(errors[:3])))
        return None
    loaded: dict[str, object] = record
    return loaded


def _check_history(archive: Archive) -> list[Problem]:
    problems: list[Problem] = []
    for path in archive.history_files():
        relative = path.relative_to(archive.root).as_posix()
        record = _load(path, relative, problems)
        if record is not None and str(post_number(str(record["id"]))) != path.parent.name:
            problems.append(
                Problem(relative, f"version of {record['id']} filed under another post")
            )
    return problems


def _check_runs(archive: Archive) -> list[Problem]:
    """Every run report readable, none left "running" by a killed crawl, every WARC file
    readable to its end."""
    problems = []
    crawling = archive.is_locked()
    for path in archive.report_files():
        relative = path.relative_to(archive.root).as_posix()
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
            status = report["status"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            problems.append(Problem(relative, f"unreadable run report: {error}"))
            continue
        if status == "running" and not crawling:
            problems.append(
                Problem(relative, "run never finished (killed?): the next crawl marks it")
            )
    for path in archive.warc_files():
        if (end := torn_tail(path)) is not None:
            size = path.stat().st_size
            problems.append(
                Problem(
                    path.relative_to(archive.root).as_posix(),
                    f"torn WARC file: {size - end} bytes after the last complete record",
                )
            )
    return problems


def _check_index(
    index_path: Path, files: dict[str, tuple[str, str]], present: set[str]
) -> list[Problem]:
    name = index_path.name
    if not index_path.exists():
        return [Problem(name, "no index: run `lan-archive reindex`")]
    try:
        # without a -wal file there is nothing uncheckpointed: open immutable, touching nothing
        wal = index_path.with_name(index_path.name + "-wal")
        flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
        db = sqlite3.connect(f"file:{index_path}?{flags}", uri=True)
        try:
            layout = db.execute("PRAGMA user_version").fetchone()[0]
            rows = {
                i: (p, h) for i, p, h in db.execute("SELECT id, path, content_sha256 FROM articles")
            }
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        return [Problem(name, f"unreadable index ({error}): run `lan-archive reindex`")]
    if layout != LAYOUT:
        return [Problem(name, f"index of an older layout ({layout}): run `lan-archive reindex`")]
    problems = []
    for record_id, (path, sha) in files.items():
        if record_id not in rows:
            problems.append(Problem(path, "missing from the index (stale index: run reindex)"))
        elif rows[record_id] != (path, sha):
            problems.append(Problem(path, "index holds an older state (stale index: run reindex)"))
    for record_id, (path, _) in rows.items():
        if record_id not in files and path not in present:  # (a broken file is reported above)
            problems.append(Problem(name, f"indexes {record_id} at {path}, which is not there"))
    return problems
