"""A collection: several archives read as one, each with its own root, lock, WARCs and index.

    archives/                  COLLECTION_DIR: one archive per site
      lan.go.id/               an archive, as ARCHIVE_DIR would be
      stialan.ac.id/
      ...

The read verbs of `lan-archive` take several `--archive` folders or a collection
folder. Each archive answers from its own index; the collection merges the
answers: newest first across sites for listings, each site's best matches in
turn for searches, every site's figures for statistics. Paths it gives are the
record files' own (archive folder included), so output names the site.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from lan_crawler.archive import INDEX_NAME, Archive
from lan_crawler.index import Filters, Hits, Row
from lan_crawler.stats import ArchiveStats, summarize

_YEAR = re.compile(r"\d{4}")


def member_root(collection: Path, site_id: str) -> Path:
    """The archive of a site in a collection (`site_id` is a declared site's id: a host name)."""
    return collection / site_id


def is_archive(folder: Path) -> bool:
    """Whether a folder holds an archive: an index, run reports or dated record folders."""
    if (folder / INDEX_NAME).is_file() or (folder / "runs").is_dir():
        return True
    return any(child.is_dir() and _YEAR.fullmatch(child.name) for child in folder.iterdir())


def archive_folders(folders: list[Path]) -> list[Path]:
    """The archives `folders` name: each one itself, or its members when it is a collection
    (a folder that is no archive but holds some)."""
    found: list[Path] = []
    for folder in folders:
        if not folder.is_dir() or is_archive(folder):
            found.append(folder)  # a missing folder is the caller's to report
            continue
        members = sorted(
            child for child in folder.iterdir() if child.is_dir() and is_archive(child)
        )
        found.extend(members or [folder])
    return list(dict.fromkeys(found))


class Collection:
    """Archives read together, in the order given."""

    def __init__(self, archives: list[Archive]) -> None:
        self.archives = archives

    @property
    def single(self) -> bool:
        return len(self.archives) == 1

    def _named(self, archive: Archive, rows: list[Row]) -> list[Row]:
        """Rows whose paths say which archive they are in (when there are several)."""
        if self.single:
            return rows
        return [replace(row, path=(archive.root / row.path).as_posix()) for row in rows]

    def count(self, filters: Filters | None = None) -> int:
        return sum(archive.index.count(filters) for archive in self.archives)

    def newest(self, filters: Filters, limit: int | None = None) -> list[Row]:
        """Records matching the filters, newest first across every archive."""
        each = [self._named(a, a.index.newest(filters, limit)) for a in self.archives]
        merged = heapq.merge(*each, key=_newest_first)
        return list(itertools.islice(merged, limit))

    def search(self, query: str, filters: Filters, limit: int | None = 20) -> Hits:
        """Matches of `query`: newest first across the archives when each gave its newest,
        else each archive's best first, the archives taking turns (scores of different
        indexes are not comparable)."""
        found = [a.index.search(query, filters, limit) for a in self.archives]
        each = [self._named(a, hits) for a, hits in zip(self.archives, found, strict=True)]
        ranked = any(hits.ranked for hits in found)
        if ranked:
            turns = itertools.chain.from_iterable(itertools.zip_longest(*each))
            rows: Iterator[Row] = (row for row in turns if row is not None)
        else:
            rows = heapq.merge(*each, key=_newest_first)
        return Hits(list(itertools.islice(rows, limit)), ranked)

    def stats(self) -> ArchiveStats:
        """Every archive's statistics, as of one archive."""
        months, categories, words = Counter[str](), Counter[str](), Counter[int]()
        days: list[str] = []
        for archive in self.archives:
            per_month, per_category, per_words, first, last = archive.index.counts()
            months.update(per_month)
            categories.update(per_category)
            words.update(per_words)
            days += [day for day in (first, last) if day]
        return summarize(
            months, categories, words, min(days, default=None), max(days, default=None)
        )

    def paths(self, filters: Filters) -> Iterator[tuple[Path, str]]:
        """Files of the records matching the filters, archive by archive, each oldest first:
        (the file, its name for messages)."""
        for archive in self.archives:
            for relative in archive.index.paths(filters):
                path = archive.root / relative
                yield path, relative if self.single else path.as_posix()

    def unreadable(self) -> list[tuple[str, str]]:
        return [
            (path if self.single else (archive.root / path).as_posix(), problem)
            for archive in self.archives
            for path, problem in archive.index.unreadable()
        ]

    def holding(self, record_id: str) -> Archive | None:
        """The archive that holds `record_id`, if any."""
        return next((a for a in self.archives if a.index.path_of(record_id) is not None), None)

    def find(self, post_id: int) -> list[str]:
        """Ids of records whose post id is `post_id`, in every archive."""
        return [found for archive in self.archives for found in archive.index.find(post_id)]


def _newest_first(row: Row) -> tuple[float, str]:
    """A key sorting rows newest first (by the instant, whatever the offset), then by id."""
    return (-datetime.fromisoformat(row.published).timestamp(), row.id)
