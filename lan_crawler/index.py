"""The archive's index: SQLite with FTS5, derived from the record files, never the truth.

    archive/index.sqlite

One row per record (what listing, filtering and statistics need), a contentless
full-text table over titles and bodies (case- and accent-insensitive; the text is
not stored twice: snippets are cut from the record files), and counts per month,
category and word count kept in step by triggers, so that `stats` reads no record.
A record's rowid is its place in time (see `order_key`): newest first is rowid
order, in the table and in the full-text table alike, and a date filter is a rowid
range. The archive updates the index as it writes records; `rebuild()` makes it
again from the files alone.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lan_crawler.record import ArticleRecord, field_spec, value_kind
from lan_crawler.stats import ArchiveStats, summarize

# the record fields the index keeps (beside the file's path and the publication day);
# their SQL types come from the record's JSON Schema, lists are kept as JSON text
INDEXED = (
    "id",
    "url",
    "title",
    "published",
    "modified",
    "author",
    "categories",
    "tags",
    "word_count",
    "content_sha256",
    "fetched_at",
)
# the layout this code writes, in `PRAGMA user_version`; an index of another one is
# rebuilt (or refused), never read as if it were this one
LAYOUT = 2


def _column(name: str) -> str:
    kind, nullable = value_kind(field_spec(name))
    sql = "INTEGER" if kind == "integer" else "TEXT"
    return f"{name} {sql}" + ("" if nullable else " NOT NULL") + (" UNIQUE" if name == "id" else "")


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,       -- order_key(): newest first is rowid descending
    path TEXT NOT NULL,
    day TEXT NOT NULL,               -- published, YYYY-MM-DD as the record gives it
    {", ".join(_column(name) for name in INDEXED)}
);
-- each category of an article once, for filtering (case is ignored, as the filter does)
CREATE TABLE IF NOT EXISTS categories (
    article INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (name, article)
);
CREATE INDEX IF NOT EXISTS categories_article ON categories (article, name);
-- record files the index could not take (not JSON, no id): read verbs say how many
CREATE TABLE IF NOT EXISTS unreadable (path TEXT PRIMARY KEY, problem TEXT NOT NULL);
-- contentless: words and positions only. Rows are never deleted from it (SQLite before
-- 3.43 cannot, without the text); a replaced or removed record leaves its rowid there
-- unused, which the join with `articles` drops, and rowids are never given out twice
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    title, text, content = '', tokenize = 'unicode61 remove_diacritics 2'
);
-- what `stats` needs, kept in step with `articles` by the triggers below
CREATE TABLE IF NOT EXISTS month_counts (month TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS category_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS word_counts (words INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS articles_counted AFTER INSERT ON articles BEGIN
    INSERT INTO month_counts VALUES (substr(new.day, 1, 7), 1)
        ON CONFLICT (month) DO UPDATE SET n = n + 1;
    INSERT INTO word_counts VALUES (new.word_count, 1)
        ON CONFLICT (words) DO UPDATE SET n = n + 1;
    INSERT INTO category_counts SELECT value, 1 FROM json_each(new.categories) WHERE true
        ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS articles_uncounted AFTER DELETE ON articles BEGIN
    UPDATE month_counts SET n = n - 1 WHERE month = substr(old.day, 1, 7);
    UPDATE word_counts SET n = n - 1 WHERE words = old.word_count;
    UPDATE category_counts SET n = n - 1
        WHERE name IN (SELECT value FROM json_each(old.categories));
    DELETE FROM month_counts WHERE n <= 0;
    DELETE FROM word_counts WHERE n <= 0;
    DELETE FROM category_counts WHERE n <= 0;
END;
"""
_INSERT = (
    f"INSERT INTO articles (rowid, path, day, {', '.join(INDEXED)})"
    f" VALUES ({', '.join('?' * (len(INDEXED) + 3))})"
)
TITLE_WEIGHT = 10.0  # a word in the title counts ten times a word in the body
# a search with at most this many hits is ranked by BM25; with more, the newest come
# first (ranking every hit of a common word costs hundreds of ms at a million records)
RANKED_HITS = 1000
# articles per month, per category and per word count; the first and last day
Counts = tuple[Counter[str], Counter[str], Counter[int], str | None, str | None]
SNIPPET_BATCH = 500  # record files read at a time to cut snippets from

# order_key: the second (day, then second of the day), then a tie-break slot of 4 bits.
# Keys close together keep the search's lists of rowids small (they are stored as deltas).
_SLOT_BITS = 4
_TIME = re.compile(r"(\d\d):(\d\d):(\d\d)")


def day_number(day: str) -> int:
    """YYYY-MM-DD as a number that sorts as the text does (valid calendar day or not)."""
    year, month, date = int(day[:4]), int(day[5:7]), int(day[8:10])
    return year * 372 + (month - 1) * 31 + (date - 1)


def _day_start(day: str) -> int:
    """The lowest order key of a day."""
    return day_number(day) * 86400 << _SLOT_BITS


def order_key(published: str, record_id: str) -> int:
    """Where a record sorts, oldest first: its day, its time of day as the record gives it,
    then (records of the same second) its post number, so the later post sorts later.
    The caller moves to the next free key if this one is taken."""
    time = _TIME.match(published, 11)
    second = min(int(time[1]) * 3600 + int(time[2]) * 60 + int(time[3]), 86399) if time else 0
    number = record_id.rpartition(":")[2]
    slot = int(number) if number.isdigit() else zlib.crc32(record_id.encode())
    return _day_start(published[:10]) + (second << _SLOT_BITS) + slot % (1 << _SLOT_BITS)


@dataclass(frozen=True)
class Filters:
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    category: str | None = None

    def where(self, rowid: str = "a.rowid") -> tuple[str, list[Any]]:
        """SQL on `rowid` (the article's) and its parameters; days are rowid ranges."""
        clauses: list[str] = ["1"]
        params: list[Any] = []
        if self.since:
            clauses.append(f"{rowid} >= ?")
            params.append(_day_start(self.since))
        if self.until:
            clauses.append(f"{rowid} < ?")
            params.append(_day_start(self.until) + (86400 << _SLOT_BITS))
        if self.category:
            clauses.append(
                f"EXISTS (SELECT 1 FROM categories c WHERE c.article = {rowid} AND c.name = ?)"
            )
            params.append(self.category)
        return " AND ".join(clauses), params


@dataclass(frozen=True)
class Row:
    id: str
    path: str
    url: str
    title: str
    published: str
    categories: list[str]
    word_count: int
    snippet: str | None = None  # search only: the matching passage, hits between \x02 and \x03


class Hits(list[Row]):
    """Search results, and how they are ordered."""

    def __init__(self, rows: list[Row], ranked: bool) -> None:
        super().__init__(rows)
        self.ranked = ranked  # True: best match first (BM25); False: newest first


class OutdatedIndex(sqlite3.DatabaseError):
    """An index written in another layout than this code's: rebuild it."""


_COLUMNS = "a.id, a.path, a.url, a.title, a.published, a.categories, a.word_count"


class Index:
    """A connection to `index.sqlite`, created on first use; record files are read from
    `root` (the archive's root, by default the index's folder) to cut snippets."""

    def __init__(self, path: Path, readonly: bool = False, root: Path | None = None) -> None:
        self.path = path
        self.root = root or path.parent
        self.readonly = readonly  # opened for reading only: nothing is written, not even WAL
        self._db: sqlite3.Connection | None = None
        self._cutter: sqlite3.Connection | None = None

    @classmethod
    def in_memory(cls, root: Path) -> Index:
        """An index that lives in memory only (for an archive that cannot be written)."""
        return cls(Path(":memory:"), root=root)

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            if self.readonly:
                self._db = connect_readonly(self.path)
            else:
                if str(self.path) != ":memory:":
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = connect(self.path)
        return self._db

    def close(self) -> None:
        for db in (self._db, self._cutter):
            if db is not None:
                db.close()
        self._db = self._cutter = None

    # --- writing -------------------------------------------------------------

    def upsert(self, record: ArticleRecord, path: str, commit: bool = True) -> None:
        """Index one record (stored at `path`, relative to the archive root); a record of
        the same id is replaced (its words leave the search with it)."""
        self.upsert_many([(record, path)], commit)

    def upsert_many(
        self, records: Iterable[tuple[ArticleRecord, str]], commit: bool = True
    ) -> None:
        """Index records as `upsert` does, the rows of all first and then their words:
        an insert into `articles` runs triggers in a savepoint, at which FTS5 writes out the
        words it holds, so rows and words in turn would cost a search segment per record."""
        db = self.db
        words = []
        keys: set[int] = set()
        for record, path in records:
            old = db.execute("SELECT rowid FROM articles WHERE id = ?", (record["id"],))
            if row := old.fetchone():
                db.execute("DELETE FROM articles WHERE rowid = ?", row)
            rowid = self._free_key(order_key(record["published"], record["id"]), keys)
            keys.add(rowid)
            values = [record.get(name) for name in INDEXED]
            db.execute(
                _INSERT,
                [
                    rowid,
                    path,
                    record["published"][:10],
                    *(
                        json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                        for v in values
                    ),
                ],
            )
            db.executemany(
                "INSERT OR IGNORE INTO categories (article, name) VALUES (?, ?)",
                [(rowid, name) for name in record["categories"]],
            )
            words.append((rowid, record["title"], record["text"]))
        db.executemany("INSERT INTO search (rowid, title, text) VALUES (?, ?, ?)", words)
        if commit:
            db.commit()

    def _free_key(self, key: int, pending: set[int]) -> int:
        """`key`, or the next one neither an article nor the search (a replaced record's
        words) uses, nor one `pending` (words not yet in the search: of a record replaced
        in the same call)."""
        while (
            key in pending
            or self.db.execute(
                "SELECT EXISTS (SELECT 1 FROM articles WHERE rowid = ?1)"
                " OR EXISTS (SELECT 1 FROM search_docsize WHERE id = ?1)",
                (key,),
            ).fetchone()[0]
        ):
            key += 1
        return key

    def remove(self, record_id: str) -> None:
        # the article's categories go with it (ON DELETE CASCADE), its counts by trigger
        self.db.execute("DELETE FROM articles WHERE id = ?", (record_id,))
        self.db.commit()

    def optimize(self) -> None:
        """Merge the search's segments into one (after a rebuild: smaller, faster)."""
        self.db.execute("INSERT INTO search (search) VALUES ('optimize')")
        self.db.commit()

    # --- reading -------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def outdated(self) -> bool:
        """Whether the index file was written in another layout than this code's."""
        if not self.exists():
            return False
        try:
            self.db.execute("SELECT 1")
        except OutdatedIndex:
            return True
        return False

    def entries(self) -> dict[str, tuple[str, str]]:
        """Every indexed record: id -> (path, content_sha256)."""
        rows = self.db.execute("SELECT id, path, content_sha256 FROM articles")
        return {i: (p, h) for i, p, h in rows}

    def count(self, filters: Filters | None = None) -> int:
        filters = filters or Filters()
        if filters == Filters():
            row = self.db.execute("SELECT coalesce(sum(n), 0) FROM month_counts").fetchone()
            return int(row[0])
        where, params = filters.where()
        if filters.category:  # counted along the category's index, not through every article
            where, params = Filters(filters.since, filters.until).where("c.article")
            sql = f"SELECT count(*) FROM categories c WHERE c.name = ? AND {where}"
            return int(self.db.execute(sql, [filters.category, *params]).fetchone()[0])
        sql = f"SELECT count(*) FROM articles a WHERE {where}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def note_unreadable(self, files: list[tuple[str, str]]) -> None:
        """Keep the (path, problem) of the record files left out, in place of the last."""
        self.db.execute("DELETE FROM unreadable")
        self.db.executemany("INSERT INTO unreadable (path, problem) VALUES (?, ?)", files)

    def unreadable(self) -> list[tuple[str, str]]:
        """(path, problem) of the record files the index left out."""
        return list(self.db.execute("SELECT path, problem FROM unreadable ORDER BY path"))

    def fetched_since(self, stamp: str) -> int:
        """Records fetched at or after `stamp` (an ISO time in UTC, as records give it)."""
        row = self.db.execute("SELECT count(*) FROM articles WHERE fetched_at >= ?", (stamp,))
        return int(row.fetchone()[0])

    def find(self, post_id: int) -> list[str]:
        """Ids of records whose post id is `post_id` (one per source)."""
        rows = self.db.execute("SELECT id FROM articles WHERE id LIKE ?", (f"%:{post_id}",))
        return [r[0] for r in rows]

    def path_of(self, record_id: str) -> str | None:
        row = self.db.execute("SELECT path FROM articles WHERE id = ?", (record_id,)).fetchone()
        return row[0] if row else None

    def newest(self, filters: Filters, limit: int | None = None) -> list[Row]:
        """Records matching the filters, newest first."""
        if filters.category:  # along the category's index: as fast for a rare one
            where, params = Filters(filters.since, filters.until).where("c.article")
            sql = (
                f"SELECT {_COLUMNS} FROM categories c JOIN articles a ON a.rowid = c.article"
                f" WHERE c.name = ? AND {where} ORDER BY c.article DESC"
            )
            params.insert(0, filters.category)
        else:
            where, params = filters.where()
            sql = f"SELECT {_COLUMNS} FROM articles a WHERE {where} ORDER BY a.rowid DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_row(r) for r in self.db.execute(sql, params)]

    def paths(self, filters: Filters) -> Iterator[str]:
        """Paths of the records matching the filters, oldest first (for exports)."""
        where, params = filters.where()
        sql = f"SELECT a.path FROM articles a WHERE {where} ORDER BY a.rowid"
        for (path,) in self.db.execute(sql, params):
            yield path

    def search(self, query: str, filters: Filters, limit: int | None = 20) -> Hits:
        """Records matching `query` (see `fts_query`), with a snippet each: best first (BM25,
        titles weighing most) when at most RANKED_HITS match, else newest first."""
        match = fts_query(query)
        if not match:
            return Hits([], ranked=True)
        where, params = filters.where("search.rowid")
        joined = (
            "FROM search JOIN articles a ON a.rowid = search.rowid"
            f" WHERE search MATCH ? AND {where}"
        )
        try:
            # newest first, stopping after RANKED_HITS + 1: a common word costs no more
            newest = self.db.execute(
                f"SELECT {_COLUMNS} {joined} ORDER BY search.rowid DESC LIMIT ?",
                [match, *params, RANKED_HITS + 1 if limit is None else max(limit, RANKED_HITS + 1)],
            ).fetchall()
            ranked = len(newest) <= RANKED_HITS
            if ranked:
                rows = self.db.execute(
                    f"SELECT {_COLUMNS} {joined}"
                    f" ORDER BY bm25(search, {TITLE_WEIGHT}, 1.0), search.rowid DESC LIMIT ?",
                    [match, *params, -1 if limit is None else limit],
                ).fetchall()
            elif limit is None:
                rows = self.db.execute(
                    f"SELECT {_COLUMNS} {joined} ORDER BY search.rowid DESC", [match, *params]
                ).fetchall()
            else:
                rows = newest[:limit]
        except sqlite3.OperationalError as error:
            if "fts5" not in str(error):
                raise
            # fts_query lets no syntax through: this would be our bug, said without SQL
            raise SearchSyntaxError(f"the index cannot run this search ({HELP})") from error
        found = [_row(r) for r in rows]
        snippets: dict[str, str] = {}
        for at in range(0, len(found), SNIPPET_BATCH):
            snippets |= self._snippets(match, [r.path for r in found[at : at + SNIPPET_BATCH]])
        return Hits([replace(r, snippet=snippets.get(r.path, "")) for r in found], ranked)

    def _snippets(self, match: str, paths: list[str]) -> dict[str, str]:
        """The passage of each record file that best matches, cut as FTS5 cuts it: the
        files' texts go into a small table in memory that the same query searches."""
        if self._cutter is None:
            self._cutter = sqlite3.connect(":memory:")
            self._cutter.execute(
                "CREATE VIRTUAL TABLE cut USING fts5("
                "title, text, tokenize = 'unicode61 remove_diacritics 2')"
            )
        cutter = self._cutter
        cutter.execute("DELETE FROM cut")
        for number, path in enumerate(paths):
            try:
                record = json.loads((self.root / path).read_text(encoding="utf-8"))
                cutter.execute(
                    "INSERT INTO cut (rowid, title, text) VALUES (?, ?, ?)",
                    (number, record["title"], record["text"]),
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a file gone or broken since it was indexed: no snippet (verify says)
        rows = cutter.execute(
            "SELECT rowid, snippet(cut, 1, char(2), char(3), '…', 14) FROM cut WHERE cut MATCH ?",
            (match,),
        )
        return {paths[number]: snippet for number, snippet in rows}

    def stats(self) -> ArchiveStats:
        """The archive's statistics, from the counts kept beside the articles."""
        return summarize(*self.counts())

    def counts(self) -> Counts:
        """Articles per month and per category, articles per word count, first and last day."""
        db = self.db
        months = Counter(dict(db.execute("SELECT month, n FROM month_counts").fetchall()))
        categories = Counter(dict(db.execute("SELECT name, n FROM category_counts").fetchall()))
        words = Counter(dict(db.execute("SELECT words, n FROM word_counts").fetchall()))
        first = db.execute("SELECT day FROM articles ORDER BY rowid LIMIT 1").fetchone()
        last = db.execute("SELECT day FROM articles ORDER BY rowid DESC LIMIT 1").fetchone()
        return months, categories, words, first[0] if first else None, last[0] if last else None

    def facts(self) -> list[tuple[str, list[str], int]]:
        """(day, categories, word count) of every record, for statistics."""
        rows = self.db.execute("SELECT day, categories, word_count FROM articles")
        return [(day, json.loads(cats), words) for day, cats, words in rows]


def _layout(db: sqlite3.Connection) -> int | None:
    """The layout of an index (None for an empty database)."""
    tables = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles'").fetchone()
    return int(db.execute("PRAGMA user_version").fetchone()[0]) if tables[0] else None


def _refuse_outdated(db: sqlite3.Connection, path: Path) -> int | None:
    """The index's layout: this one, or None for an empty database; else OutdatedIndex."""
    layout = _layout(db)
    if layout is not None and layout != LAYOUT:
        db.close()
        raise OutdatedIndex(
            f"index {path} is of an older layout ({layout}, now {LAYOUT}): "
            "run `lan-archive reindex`"
        )
    return layout


def connect_readonly(path: Path) -> sqlite3.Connection:
    """The index opened for reading only; `immutable` where its folder cannot be written
    (no WAL companion could be made there)."""
    writable = os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)
    flags = "mode=ro" if writable else "mode=ro&immutable=1"
    db = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
    _refuse_outdated(db, path)
    return db


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    new = _refuse_outdated(db, path) is None
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    if new:  # an index opened to be read is not written to
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version = {LAYOUT}")
    return db


def _row(values: Any) -> Row:
    record_id, path, url, title, published, categories, words = values
    return Row(record_id, path, url, title, published, json.loads(categories), words)


# --- the search syntax ---------------------------------------------------------------------


class SearchSyntaxError(ValueError):
    """A search the syntax does not allow; the message says why, to the person who typed it."""


@dataclass(frozen=True)
class _Term:
    text: str
    excluded: bool = False  # -word, -"phrase"
    prefix: bool = False  # word*, "phrase"*

    def fts(self) -> str:
        # an FTS5 string: its tokenizer makes the words of it a phrase, and nothing inside
        # (parentheses, colons, NEAR, ^) is syntax
        return '"' + self.text.replace('"', '""') + '"' + ("*" if self.prefix else "")


_OR = "OR"
HELP = 'use words, "exact phrases", OR between words, -word to exclude, prefix*'


def _items(text: str) -> list[_Term | str]:
    """The terms and ORs of a search, in order; terms with no letter or digit left out."""
    items: list[_Term | str] = []
    at = 0
    while at < len(text):
        if text[at].isspace():
            at += 1
            continue
        excluded = text[at] == "-" and at + 1 < len(text) and not text[at + 1].isspace()
        start = at + 1 if excluded else at
        if text[start] == '"':
            end = text.find('"', start + 1)
            if end < 0:
                raise SearchSyntaxError(f"unbalanced quote: the phrase {text[start:]} has no end")
            word, at = text[start + 1 : end], end + 1
            prefix = at < len(text) and text[at] == "*"
            at += prefix
        else:
            end = start
            while end < len(text) and not text[end].isspace() and text[end] != '"':
                end += 1
            word, at = text[start:end], end
            if "(" in word or ")" in word:
                raise SearchSyntaxError(
                    f"parentheses are not part of the search syntax, in {word}: {HELP}"
                )
            if word == _OR and not excluded:
                items.append(_OR)
                continue
            prefix = word.endswith("*")
        if any(c.isalnum() for c in word):
            items.append(_Term(word.rstrip("*") if prefix else word, excluded, prefix))
    return items


def fts_query(text: str) -> str:
    """A search as an FTS5 query: every term must match, unless OR joins it to its neighbour;
    "exact phrases", -word (excluded) and prefix* (a word beginning so). Each term is an FTS5
    string, so no other FTS5 syntax gets through; "" when nothing is left to search."""
    groups: list[list[_Term]] = []  # each one must match: any of its terms
    excluded: list[_Term] = []
    joining = after_word = False
    for item in _items(text):
        if item == _OR:
            if not after_word:
                raise SearchSyntaxError(f"OR needs a word on each side: {HELP}")
            joining, after_word = True, False
        elif isinstance(item, _Term) and item.excluded:
            if joining:
                raise SearchSyntaxError(f"OR needs a word on each side, not -{item.text}")
            excluded.append(item)
            after_word = False
        elif isinstance(item, _Term):
            if joining:
                groups[-1].append(item)
            else:
                groups.append([item])
            joining, after_word = False, True
    if joining:
        raise SearchSyntaxError(f"OR needs a word on each side: {HELP}")
    if not groups:
        if excluded:
            raise SearchSyntaxError("a search needs a word to find, not only words to exclude")
        return ""
    query = " AND ".join("(" + " OR ".join(t.fts() for t in group) + ")" for group in groups)
    if excluded:
        query = f"({query}) NOT (" + " OR ".join(t.fts() for t in excluded) + ")"
    return query
