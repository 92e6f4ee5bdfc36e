"""The archive on disk: the one place that knows its paths, atomic writes and what is stored.

    archive/YYYY/MM/DD/<post id>-<slug>.json      current version of each article (the truth)
    archive/history/<post id>/<fetched>-<sha>.json every earlier version, as it was
    archive/warc/<run id>.warc.gz                  raw requests and responses of each run
    archive/runs/<run id>.json                     each run's report
    archive/state/url-aliases.json                 old URLs learned from redirects -> post ids
    archive/state/presence.json                    posts seen missing; withdrawn posts
    archive/state/rechecked.json                   posts re-saved without a change, and when
    archive/state/gone.json                        post URLs that answered 404 or 410, and when
    archive/state/captures.json                    media and surfaces kept whole: digest, date
    archive/index.sqlite                           derived index (index.py): rebuildable
    archive/.lock                                  held by the one crawl writing (or shared
                                                   by the workers of one shared run)
    archive/README.md, article-v1.schema.json      for its readers: written by the crawl

A path is built only from the post id, a slug reduced to [a-z0-9-] and
timestamps, and is checked to stay inside the root: no input can write elsewhere.
Every file is written atomically (temp file, fsync, rename).
"""

from __future__ import annotations

import fcntl
import itertools
import json
import logging
import os
import re
import tempfile
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from lan_crawler.index import Index
from lan_crawler.record import ArticleRecord, schema_errors, to_json
from lan_crawler.warc import WarcFile, cdxj_lines, trim_torn_tail
from lan_crawler.wordpress import parse_post_id

logger = logging.getLogger(__name__)

StoreResult = Literal["new", "changed", "unchanged"]
INDEX_NAME = "index.sqlite"
LOCK_NAME = ".lock"
STATE_LOCK_NAME = ".lock"  # in state/: held while a state file is merged and written
RECORD_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*.json"
HISTORY_GLOB = "history/*/*.json"
WARC_GLOB = "warc/*.warc.gz"
REPORT_GLOB = "runs/*.json"
README_NAME = "README.md"
SCHEMA_NAME = "article-v1.schema.json"
SLUG_MAX = 80
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T")
# record files read at once, ahead of the one parsed: a disk whose cache is cold serves
# several reads together much faster than one after another
READERS = 8
READ_TASK = 32  # files a reader reads at a time
READ_AHEAD = 16  # tasks handed to the readers ahead of the one parsed
# bytes of words FTS5 holds in memory before writing a segment: its default (1 MB) while
# records come one by one, 64 MB while the index is rebuilt (far fewer segments to merge)
FTS_HASH = 1 << 20
BUILD_HASH = 64 << 20
INDEX_BATCH = 5000  # records given to the index at a time when it is made from the files


def slugify(title: str, max_length: int = SLUG_MAX) -> str:
    """An ASCII slug of `title`: [a-z0-9-] only, at most `max_length` characters, never empty."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > max_length:
        slug = (
            slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
        )
    return slug.strip("-") or "post"


def post_number(record_id: str) -> int:
    """The post id part of a record id (`lan.go.id:5297` -> 5297)."""
    number = parse_post_id(record_id.rpartition(":")[2])
    if number is None:
        raise ValueError(f"record id without a post number: {record_id!r}")
    return number


def record_path(record: ArticleRecord) -> Path:
    """Where a record lives, relative to the archive root."""
    match = _DATE.match(record["published"])
    if not match:
        raise ValueError(f"record {record['id']} has no usable publication date")
    year, month, day = match.groups()
    return Path(year, month, day, f"{post_number(record['id'])}-{slugify(record['title'])}.json")


def history_path(record: ArticleRecord) -> Path:
    """Where an earlier version of a record is kept, relative to the archive root."""
    fetched = re.sub(r"[^0-9TZ]", "", record.get("fetched_at") or "unknown") or "unknown"
    name = f"{fetched}-{record['content_sha256'][:12]}.json"
    return Path("history", str(post_number(record["id"])), name)


def warc_path(run_id: str) -> Path:
    """Where a run's raw requests and responses are kept, relative to the archive root."""
    return Path("warc", f"{run_id}.warc.gz")


def report_path(run_id: str) -> Path:
    """Where a run's report is kept, relative to the archive root."""
    return Path("runs", f"{run_id}.json")


@cache
def file_mode() -> int:
    """The mode new files get under the process's umask (archives are shared with readers);
    a temp file is made 0600 whatever the umask, so its mode is set to this."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temp file in the same folder, fsync, rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, file_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync(path.parent)


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entries, to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def guides() -> dict[str, bytes]:
    """The files an archive's root holds for its readers, by name: its README (layout, record,
    recipes) and the record's JSON Schema, both as the package ships them."""
    package = resources.files("lan_crawler")
    return {
        README_NAME: package.joinpath("docs/archive-README.md").read_bytes(),
        SCHEMA_NAME: package.joinpath(f"schema/{SCHEMA_NAME}").read_bytes(),
    }


@dataclass(frozen=True)
class Entry:
    """What the archive knows of one stored record without reading it again."""

    path: Path  # relative to the root
    content_sha256: str
    modified: str | None
    fetched_at: str | None


class Archive:
    """A folder of dated JSON records. Reads the folder once, then keeps its view current."""

    def __init__(self, root: Path | str, readonly: bool = False) -> None:
        self.root = Path(root)
        self.readonly = readonly  # for reading verbs on an archive they may not write
        self._entries: dict[str, Entry] | None = None
        self.aliases = JsonState(self.root / "state" / "url-aliases.json")
        self.presence = JsonState(self.root / "state" / "presence.json")
        # posts re-fetched unchanged: id -> the newer modification time they showed
        self.rechecked = JsonState(self.root / "state" / "rechecked.json")
        # posts that answered 404 or 410: id -> status, first and last check, checks, lastmod
        self.gone = JsonState(self.root / "state" / "gone.json")
        # answers kept whole in a WARC (media files, robots.txt, sitemaps, feed): url -> their
        # payload digest and WARC-Date, for capturing a file once and a surface as a revisit
        self.captures = JsonState(self.root / "state" / "captures.json")
        # posts the site's declaration does not archive (their categories): id -> those
        # categories and the post's modification time, so an unchanged one is not asked again
        self.declined = JsonState(self.root / "state" / "declined.json")
        self.unreadable: list[tuple[Path, str]] = []  # files skipped by the scan, with why
        self._lock_fd: int | None = None
        self.index = Index(self.root / INDEX_NAME, readonly)

    # --- reading -------------------------------------------------------------

    def record_files(self) -> Iterator[Path]:
        """Every record file, in path order (temp files excluded)."""
        yield from sorted(p for p in self.root.glob(RECORD_GLOB) if not p.name.startswith("."))

    def _read_records(self, paths: list[Path]) -> Iterator[tuple[ArticleRecord, Entry] | None]:
        """Each file's record and entry, in order, or None for a file that cannot be one
        (noted in `unreadable`); each file read once."""
        self.unreadable.clear()
        for path, data in read_ahead(paths):
            try:
                if isinstance(data, OSError):
                    raise data
                record: ArticleRecord = json.loads(data.decode("utf-8"))
                entry = Entry(
                    path.relative_to(self.root),
                    record["content_sha256"],
                    record.get("modified"),
                    record.get("fetched_at"),
                )
                record["id"]  # a record without an id is unreadable
            except (OSError, ValueError, KeyError, TypeError) as error:
                self.unreadable.append((path, str(error)))
                logger.warning("Unreadable archive file %s skipped: %s", path, error)
                yield None
                continue
            yield record, entry

    def _scan(self) -> dict[str, Entry]:
        # a later file of the same id wins, as it does in the index
        return {
            read[0]["id"]: read[1]
            for read in self._read_records(list(self.record_files()))
            if read is not None
        }

    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = self._scan()
        return self._entries

    def get(self, record_id: str) -> Entry | None:
        return self.entries.get(record_id)

    def read(self, record_id: str) -> ArticleRecord | None:
        entry = self.get(record_id)
        return self.read_path(entry.path) if entry else None

    def read_path(self, relative: Path) -> ArticleRecord:
        """The record stored at `relative` (a path inside the archive)."""
        record: ArticleRecord = json.loads(self.resolve(relative).read_text(encoding="utf-8"))
        return record

    def is_current(self, record_id: str, lastmod: datetime | None) -> bool:
        """Whether the stored record is as new as a sitemap `lastmod` says the post is.

        Without a lastmod (listings, feed) any stored record counts as current.
        """
        entry = self.get(record_id)
        if entry is None:
            return False
        if lastmod is None:
            return True
        if lastmod.tzinfo is None:
            return False  # a lastmod without offset cannot be compared safely
        known = [entry.modified or entry.fetched_at, self.rechecked.get(record_id)]
        seen = [parse_stamp(k) for k in known if k]
        return bool(seen) and lastmod <= max(seen)

    def wants(
        self, record_id: str, lastmod: datetime | None, now: datetime, retry_after: timedelta
    ) -> bool:
        """Whether to fetch the post: it is new or changed, or it once answered 404 or 410
        and has changed since (its lastmod moved) or waited out its back-off (`retry_after`
        after the first check, doubling with each one, at most 30 days)."""
        gone = self.gone.get(record_id)
        if gone is None:
            return not self.is_current(record_id, lastmod)
        if lastmod is not None and lastmod.tzinfo is not None:
            before = gone.get("lastmod")
            if before is None or lastmod > parse_stamp(before):
                return True
        wait = min(retry_after * 2 ** max(int(gone["checks"]) - 1, 0), timedelta(days=30))
        return bool(now - parse_stamp(gone["checked"]) >= wait)

    def note_gone(
        self, record_id: str, status: int, lastmod: datetime | None, now: datetime
    ) -> None:
        """A post answered 404 or 410: when, how often, and the lastmod it had then."""
        stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        old = self.gone.get(record_id) or {"first": stamp, "checks": 0}
        moment = lastmod.isoformat() if lastmod is not None and lastmod.tzinfo else None
        self.gone.set(
            record_id,
            {
                **old,
                "status": status,
                "checked": stamp,
                "checks": old["checks"] + 1,
                "lastmod": moment,
            },
        )

    # --- writing -------------------------------------------------------------

    def resolve(self, relative: Path) -> Path:
        """The absolute path of `relative`, refusing anything outside the root."""
        root = self.root.resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or target == root:
            raise ValueError(f"path escapes the archive: {relative}")
        return target

    def store(self, record: ArticleRecord) -> StoreResult:
        """Write `record` unless an identical one (same content hash) is stored already.

        A record that breaks the shipped JSON Schema is refused (InvalidRecord): nothing
        is written that a reader could not trust.

        A changed record replaces the current one only after the current one is
        copied to the history: no version is ever lost.
        """
        errors = schema_errors(dict(record))
        if errors:
            raise InvalidRecord(f"invalid record {record.get('id')}: {'; '.join(errors[:3])}")
        previous = self.get(record["id"])
        if previous and previous.content_sha256 == record["content_sha256"]:
            # the post was saved again without a change to its text: the file stays as it
            # is, but the newer modification time is noted, so it is not fetched again
            moment = record["modified"] or record["fetched_at"]
            if moment and moment != (previous.modified or previous.fetched_at):
                self.rechecked.set(record["id"], moment)
            return "unchanged"
        relative = record_path(record)
        if previous:
            old_bytes = self.resolve(previous.path).read_bytes()
            old = json.loads(old_bytes)
            kept = self.resolve(history_path(old))
            if not kept.exists():
                write_atomic(kept, old_bytes)
        write_atomic(self.resolve(relative), to_json(record).encode("utf-8"))
        if previous and previous.path != relative:
            self.resolve(previous.path).unlink(missing_ok=True)
        self.index.upsert(record, relative.as_posix())
        self.entries[record["id"]] = Entry(
            relative, record["content_sha256"], record["modified"], record["fetched_at"]
        )
        if self.withdrawn(record["id"]):
            logger.info("%s is back: no longer withdrawn", record["id"])
        self.mark_present(record["id"])
        self.gone.remove(record["id"])
        self.declined.remove(record["id"])
        return "changed" if previous else "new"

    def write_guides(self) -> list[str]:
        """Write the README and the JSON Schema into the root where missing or outdated (never
        on a read-only archive); the names written."""
        if self.readonly:
            return []
        written = []
        for name, data in guides().items():
            path = self.root / name
            try:
                current = path.read_bytes()
            except FileNotFoundError:
                current = None
            if current != data:
                write_atomic(path, data)
                written.append(name)
        return written

    def warc_files(self) -> list[Path]:
        """Every run's WARC file, oldest run first (absolute paths)."""
        return sorted(self.root.glob(WARC_GLOB))

    def history_files(self) -> list[Path]:
        """Every earlier version of every record (absolute paths)."""
        return sorted(self.root.glob(HISTORY_GLOB))

    def new_run_id(self, now: datetime, suffix: str = "") -> str:
        """A name for a run starting `now`: its UTC time to the second (`20261129T201500Z`),
        or the next second no run has used, so that names sort as runs started. A worker
        of a shared run adds its number (`suffix`, e.g. `-2`): workers start together."""
        seconds = (now + timedelta(seconds=n) for n in itertools.count())
        names = (moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") + suffix for moment in seconds)
        return next(
            run
            for run in names
            if not any((self.root / path).exists() for path in (report_path(run), warc_path(run)))
        )

    def report_files(self) -> list[Path]:
        """Every run's report, oldest run first (absolute paths)."""
        return sorted(self.root.glob(REPORT_GLOB))

    def mark_interrupted(self, by_run: str) -> list[tuple[str, int]]:
        """Runs killed before they finished (their report still says "running"): mark each
        "interrupted", with the records it stored, and cut its WARC file's torn tail.
        (run id, bytes cut) of each.

        Call only while holding the lock: no other run can be running then.
        """
        marked = []
        for path in self.report_files():
            try:
                report = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # `verify` names an unreadable report
            if not isinstance(report, dict) or report.get("status") != "running":
                continue
            run = str(report.get("run_id") or path.stem)
            warc = self.root / warc_path(path.stem)
            cut = trim_torn_tail(warc) if warc.exists() else 0
            if warc.exists():
                self.index_warc(path.stem)  # it ended before it could index its WARC
            stored = self.stored_by(report, path.stem)
            report |= {
                "status": "interrupted",
                "healthy": False,
                "problems": ["the run ended before it wrote its report"],
                "records_stored": stored,
                "marked_by": by_run,
                "warc_bytes_cut": cut,
            }
            self.write_report(path.stem, report)
            marked.append((run, cut))
        return marked

    def stored_by(self, report: dict[str, Any], run_id: str) -> int:
        """Records a run that ended without its report stored: for a run alone, what was
        fetched since it started; for a worker of a shared run (others stored beside it),
        the records whose raw response is in its WARC file."""
        started = str(report.get("started_at", ""))
        if not report.get("shared_run"):
            return self.index.fetched_since(started)
        warc = warc_path(run_id).as_posix()
        fetched = [e for e in self.entries.values() if (e.fetched_at or "") >= started]
        raws = (self.read_path(entry.path)["raw"] for entry in fetched)
        return sum(raw is not None and raw["warc"] == warc for raw in raws)

    def open_warc(self, run_id: str, software: str) -> WarcFile:
        """The run's WARC file, opened for appending."""
        relative = warc_path(run_id)
        return WarcFile(self.resolve(relative), relative.as_posix(), software)

    def index_warc(self, run_id: str) -> Path:
        """Write the CDXJ index of the run's closed WARC file beside it; its path."""
        warc = self.resolve(warc_path(run_id))
        index = warc.with_name(warc.name.removesuffix(".warc.gz") + ".cdxj")
        write_atomic(index, cdxj_lines(warc))
        return index

    def write_report(self, run_id: str, report: dict[str, Any]) -> None:
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        write_atomic(self.resolve(report_path(run_id)), text.encode())

    def versions(self, record_id: str) -> list[Path]:
        """Earlier versions of a record, oldest first (paths relative to the root)."""
        folder = self.root / "history" / str(post_number(record_id))
        return sorted(p.relative_to(self.root) for p in folder.glob("*.json"))

    # --- presence: posts that disappear are marked, never deleted ----------------

    def mark_present(self, record_id: str) -> None:
        self.presence.remove(record_id)

    def mark_missing(self, record_id: str, reason: str, now: str, withdraw_after: int = 1) -> bool:
        """Note a post missing this run; withdraw it after `withdraw_after` runs (True if so)."""
        state = self.presence.data.setdefault(
            record_id, {"first_missing": now, "missing_runs": 0, "withdrawn": None, "reason": None}
        )
        state["missing_runs"] += 1
        state["reason"] = reason
        if state["withdrawn"] is None and state["missing_runs"] >= withdraw_after:
            state["withdrawn"] = now
        self.presence.touch(record_id)
        return state["withdrawn"] is not None

    def withdrawn(self, record_id: str) -> dict[str, Any] | None:
        """How a withdrawn post went missing (first seen missing, why), or None."""
        state = self.presence.data.get(record_id)
        return state if state and state.get("withdrawn") else None

    # --- one writer at a time ------------------------------------------------------

    def lock(self, shared: bool = False) -> None:
        """Take the archive's write lock; raise ArchiveLocked if another process holds it.

        `shared`: a helper of a shared run, admitted beside the run's other workers once its
        discoverer has repaired the archive alone and shared the lock (`share_lock`); a crawl
        of its own still finds the archive locked.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)  # the umask applies
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 100).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise ArchiveLocked(
                f"archive {self.root} is in use by {holder}; not starting a second writer"
            ) from None
        if not shared:
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()}\n".encode())
        self._lock_fd = fd

    def share_lock(self) -> None:
        """Let the helpers of this shared run in beside this process (see `lock`)."""
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_SH | fcntl.LOCK_NB)

    def is_locked(self) -> bool:
        """Whether a crawl holds the archive now (changes nothing: no lock file is made)."""
        try:
            fd = os.open(self.root / LOCK_NAME, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    def unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def remove_temp_files(self) -> list[Path]:
        """Delete temp files a killed writer left behind (call only while holding the lock)."""
        leftovers = [p for p in self.root.rglob(".*.tmp") if p.is_file()]
        for path in leftovers:
            path.unlink()
        return leftovers

    # --- the index, derived from the files ----------------------------------------

    def sync_index(self) -> int:
        """Bring the index in line with the files (after a crash, or files changed by hand).

        Returns how many index rows were added, replaced or dropped; an index of an older
        layout is rebuilt whole.
        """
        if self.index.outdated():
            logger.warning("Index %s is of an older layout: rebuilding it", self.index.path)
            return self.rebuild_index()
        indexed = self.index.entries()
        fixes = 0
        for record_id, entry in self.entries.items():
            if indexed.pop(record_id, None) != (entry.path.as_posix(), entry.content_sha256):
                self.index.upsert(self.read_path(entry.path), entry.path.as_posix(), commit=False)
                fixes += 1
        for record_id in indexed:  # rows whose file is gone
            self.index.remove(record_id)
            fixes += 1
        self.index.note_unreadable(self._unreadable_rows())
        self.index.db.commit()
        return fixes

    def _unreadable_rows(self) -> list[tuple[str, str]]:
        return [(p.relative_to(self.root).as_posix(), why) for p, why in self.unreadable]

    def index_in_memory(self) -> int:
        """Index the record files in memory only (the archive stays untouched); the count."""
        self.index = Index.in_memory(self.root)
        return self._index_files(self.index)

    def _index_files(self, index: Index, progress: Callable[[int, int], None] | None = None) -> int:
        """Index every record file into the empty `index`, each read once, and take the view
        of the archive they give; the records indexed. `progress(done, total)` per file."""
        paths = list(self.record_files())
        entries: dict[str, Entry] = {}
        batch: list[tuple[ArticleRecord, str]] = []
        for done, read in enumerate(self._read_records(paths), 1):
            if read is not None:  # a later file of an id already indexed replaces its row
                record, entry = read
                batch.append((record, entry.path.as_posix()))
                entries[record["id"]] = entry
            if len(batch) == INDEX_BATCH or done == len(paths):
                index.upsert_many(batch, commit=False)
                batch.clear()
            if progress:
                progress(done, len(paths))
        self._entries = entries
        index.note_unreadable(self._unreadable_rows())
        index.db.commit()
        return len(entries)

    def rebuild_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Make the index again from the record files alone; returns the records indexed.
        `progress(done, total)` is called after each record file.

        Built beside the old one and swapped in: readers never see a half-built index.
        """
        fresh = Index(self.root / f".{INDEX_NAME}.building")
        for leftover in (fresh.path, *_sqlite_companions(fresh.path)):
            leftover.unlink(missing_ok=True)
        # a file no reader sees until it is whole: no journal, no fsync while it is built
        fresh.db.execute("PRAGMA journal_mode = OFF")
        fresh.db.execute("PRAGMA synchronous = OFF")
        fresh.db.execute("PRAGMA cache_size = -131072")  # 128 MB
        # the search's words kept in memory longer before written: fewer segments to merge
        fresh.db.execute("INSERT INTO search (search, rank) VALUES ('hashsize', ?)", (BUILD_HASH,))
        count = self._index_files(fresh, progress)
        fresh.optimize()
        fresh.db.execute("INSERT INTO search (search, rank) VALUES ('hashsize', ?)", (FTS_HASH,))
        fresh.db.commit()
        fresh.db.execute("PRAGMA journal_mode = WAL")
        fresh.close()
        _fsync(fresh.path)
        self.index.close()
        for companion in _sqlite_companions(self.index.path):
            companion.unlink(missing_ok=True)
        fresh.path.replace(self.index.path)
        _fsync(self.root)
        return count

    def save_state(self) -> None:
        """Write the state files this run changed."""
        states = (self.aliases, self.presence, self.rechecked, self.gone, self.captures)
        for state in (*states, self.declined):
            state.save()


def parse_stamp(stamp: str) -> datetime:
    """A time the archive wrote (`2026-11-29T20:15:00Z`, or with an offset)."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _sqlite_companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def read_ahead(paths: list[Path]) -> Iterator[tuple[Path, bytes | OSError]]:
    """Each path with its bytes (or why they could not be read), in order; threads read
    the next files meanwhile, a few files a task (one task a file costs as much as a read)."""
    with ThreadPoolExecutor(READERS) as pool:
        ahead: deque[tuple[list[Path], Future[list[bytes | OSError]]]] = deque()
        for at in range(0, len(paths), READ_TASK):
            batch = paths[at : at + READ_TASK]
            ahead.append((batch, pool.submit(_read_files, batch)))
            if len(ahead) > READ_AHEAD:
                batch, read = ahead.popleft()
                yield from zip(batch, read.result(), strict=True)
        for batch, read in ahead:
            yield from zip(batch, read.result(), strict=True)


def _read_files(paths: list[Path]) -> list[bytes | OSError]:
    found: list[bytes | OSError] = []
    for path in paths:
        try:
            found.append(path.read_bytes())
        except OSError as error:
            found.append(error)
    return found


class InvalidRecord(ValueError):
    """A record that does not match the JSON Schema; the message says which fields fail."""


class ArchiveLocked(RuntimeError):
    """Another crawl holds the archive's write lock."""


class JsonState:
    """A small JSON file of crawl state, loaded when first used, written atomically if changed.

    Saving writes this process's changes, key by key, over the file as it is then, under a
    lock: the workers of a shared run each save theirs without undoing the others'.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, Any] | None = None
        self._touched: set[str] = set()  # keys this process set or removed
        self.changed = False

    def _read(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            return loaded if isinstance(loaded, dict) else {}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            logger.warning("Ignoring unreadable %s: %s", self.path, error)
            return {}

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            self._data = self._read()
        return self._data

    def touch(self, key: str) -> None:
        """Note that the value at `key` was changed in place."""
        self._touched.add(key)
        self.changed = True

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def set(self, key: str, value: Any) -> None:
        if self.data.get(key) != value:
            self.data[key] = value
            self.touch(key)

    def remove(self, key: str) -> None:
        if key in self.data:
            del self.data[key]
            self.touch(key)

    def save(self) -> None:
        if self._data is None or not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.with_name(STATE_LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held for a moment: read, merge, write
            merged = self._read()
            for key in self._touched:
                if key in self._data:
                    merged[key] = self._data[key]
                else:
                    merged.pop(key, None)
            text = json.dumps(merged, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            write_atomic(self.path, text.encode())
        finally:
            os.close(fd)  # and the lock with it
        self._data, self._touched, self.changed = merged, set(), False
