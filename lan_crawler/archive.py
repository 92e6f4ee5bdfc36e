"""The archive on disk: the one place that knows paths, atomic writes and what is stored.

    archive/YYYY/MM/DD/<post id>-<slug>.json   one record per article (the source of truth)
    archive/state/url-aliases.json             old URLs learned from redirects -> post ids

A path is built only from the post id and a slug reduced to [a-z0-9-], and is
checked to stay inside the root, so no title or URL can write elsewhere.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from lan_crawler.record import ArticleRecord, to_json

logger = logging.getLogger(__name__)

StoreResult = Literal["new", "changed", "unchanged"]
RECORD_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*.json"
SLUG_MAX = 80
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T")


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
    number = record_id.rpartition(":")[2]
    if not number.isdigit():
        raise ValueError(f"record id without a post number: {record_id!r}")
    return int(number)


def record_path(record: ArticleRecord) -> Path:
    """Where a record lives, relative to the archive root."""
    match = _DATE.match(record["published"])
    if not match:
        raise ValueError(f"record {record['id']} has no usable publication date")
    year, month, day = match.groups()
    return Path(year, month, day, f"{post_number(record['id'])}-{slugify(record['title'])}.json")


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temp file in the same folder, fsync, rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Entry:
    """What the archive knows of one stored record without reading it again."""

    path: Path  # relative to the root
    content_sha256: str
    modified: str | None
    fetched_at: str | None


class Archive:
    """A folder of dated JSON records. Reads the folder once, then keeps its view current."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._entries: dict[str, Entry] | None = None
        self._aliases: dict[str, int] | None = None
        self._aliases_changed = False
        self.unreadable: list[tuple[Path, str]] = []  # files skipped by the scan, with why

    # --- reading -------------------------------------------------------------

    def record_files(self) -> Iterator[Path]:
        """Every record file, in path order (temp files excluded)."""
        yield from sorted(p for p in self.root.glob(RECORD_GLOB) if not p.name.startswith("."))

    def _scan(self) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        self.unreadable.clear()
        for path in self.record_files():
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                entry = Entry(
                    path.relative_to(self.root),
                    record["content_sha256"],
                    record.get("modified"),
                    record.get("fetched_at"),
                )
                entries[record["id"]] = entry
            except (OSError, ValueError, KeyError, TypeError) as error:
                self.unreadable.append((path, str(error)))
                logger.warning("Unreadable archive file %s skipped: %s", path, error)
        return entries

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
        known = entry.modified or entry.fetched_at
        if known is None:
            return False
        seen = datetime.fromisoformat(known.replace("Z", "+00:00"))
        if lastmod.tzinfo is None:
            return False  # a lastmod without offset cannot be compared safely
        return lastmod <= seen

    # --- writing -------------------------------------------------------------

    def resolve(self, relative: Path) -> Path:
        """The absolute path of `relative`, refusing anything outside the root."""
        root = self.root.resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or target == root:
            raise ValueError(f"path escapes the archive: {relative}")
        return target

    def store(self, record: ArticleRecord) -> StoreResult:
        """Write `record` unless an identical one (same content hash) is stored already."""
        previous = self.get(record["id"])
        if previous and previous.content_sha256 == record["content_sha256"]:
            return "unchanged"
        relative = record_path(record)
        write_atomic(self.resolve(relative), to_json(record).encode("utf-8"))
        if previous and previous.path != relative:
            self.resolve(previous.path).unlink(missing_ok=True)
        self.entries[record["id"]] = Entry(
            relative, record["content_sha256"], record["modified"], record["fetched_at"]
        )
        return "changed" if previous else "new"

    # --- URL aliases -----------------------------------------------------------

    @property
    def _aliases_path(self) -> Path:
        return self.root / "state" / "url-aliases.json"

    @property
    def aliases(self) -> dict[str, int]:
        """Site-relative old URLs (redirects, pretty permalinks) -> the post ids they lead to."""
        if self._aliases is None:
            try:
                loaded = json.loads(self._aliases_path.read_text(encoding="utf-8"))
                self._aliases = {str(k): int(v) for k, v in loaded.items()}
            except FileNotFoundError:
                self._aliases = {}
            except (OSError, ValueError, AttributeError) as error:
                logger.warning("Ignoring unreadable %s: %s", self._aliases_path, error)
                self._aliases = {}
        return self._aliases

    def add_alias(self, relative_url: str, post_id: int) -> None:
        if self.aliases.get(relative_url) != post_id:
            self.aliases[relative_url] = post_id
            self._aliases_changed = True

    def save_aliases(self) -> None:
        """Write the alias map, if this run learned anything new."""
        if self._aliases is not None and self._aliases_changed:
            text = json.dumps(self._aliases, indent=2, sort_keys=True) + "\n"
            write_atomic(self._aliases_path, text.encode())
            self._aliases_changed = False
