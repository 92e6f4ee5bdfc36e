"""The archive's index: SQLite with FTS5, derived from the record files, never the truth.

    archive/index.sqlite

One row per record (what listing, filtering and statistics need) and a
full-text table over titles and bodies (case- and accent-insensitive, ranked
with BM25, titles weighing most). The archive updates it as it writes
records; `rebuild()` makes it again from the files alone.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lan_crawler.record import ArticleRecord, field_spec, value_kind

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


def _column(name: str) -> str:
    kind, nullable = value_kind(field_spec(name))
    sql = "INTEGER" if kind == "integer" else "TEXT"
    return f"{name} {sql}" + ("" if nullable else " NOT NULL") + (" UNIQUE" if name == "id" else "")


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    day TEXT NOT NULL,               -- published, YYYY-MM-DD in Asia/Jakarta
    {", ".join(_column(name) for name in INDEXED)}
);
CREATE INDEX IF NOT EXISTS articles_day ON articles (day DESC, id);
CREATE TABLE IF NOT EXISTS categories (
    article INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    name TEXT NOT NULL COLLATE NOCASE
);
CREATE INDEX IF NOT EXISTS categories_name ON categories (name, article);
CREATE INDEX IF NOT EXISTS categories_article ON categories (article);
-- record files the index could not take (not JSON, no id): read verbs say how many
CREATE TABLE IF NOT EXISTS unreadable (path TEXT PRIMARY KEY, problem TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    title, text, tokenize = 'unicode61 remove_diacritics 2'
);
"""
_INSERT = (
    f"INSERT INTO articles (path, day, {', '.join(INDEXED)})"
    f" VALUES ({', '.join('?' * (len(INDEXED) + 2))})"
)
TITLE_WEIGHT = 10.0  # a word in the title counts ten times a word in the body


@dataclass(frozen=True)
class Filters:
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    category: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = ["1"], []
        if self.since:
            clauses.append("a.day >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("a.day <= ?")
            params.append(self.until)
        if self.category:
            clauses.append("a.rowid IN (SELECT article FROM categories WHERE name = ?)")
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


class Index:
    """A connection to `index.sqlite`, created on first use."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly  # opened for reading only: nothing is written, not even WAL
        self._db: sqlite3.Connection | None = None

    @classmethod
    def in_memory(cls) -> Index:
        """An index that lives in memory only (for an archive that cannot be written)."""
        return cls(Path(":memory:"))

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
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- writing -------------------------------------------------------------

    def upsert(self, record: ArticleRecord, path: str, commit: bool = True) -> None:
        """Index one record (stored at `path`, relative to the archive root)."""
        db = self.db
        old = db.execute("SELECT rowid FROM articles WHERE id = ?", (record["id"],)).fetchone()
        if old:
            db.execute("DELETE FROM articles WHERE rowid = ?", old)
            db.execute("DELETE FROM categories WHERE article = ?", old)
            db.execute("DELETE FROM search WHERE rowid = ?", old)
        values = [record.get(name) for name in INDEXED]
        cursor = db.execute(
            _INSERT,
            [
                path,
                record["published"][:10],
                *(json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in values),
            ],
        )
        rowid = cursor.lastrowid
        db.executemany(
            "INSERT INTO categories (article, name) VALUES (?, ?)",
            [(rowid, name) for name in record["categories"]],
        )
        db.execute(
            "INSERT INTO search (rowid, title, text) VALUES (?, ?, ?)",
            (rowid, record["title"], record["text"]),
        )
        if commit:
            db.commit()

    def remove(self, record_id: str) -> None:
        row = self.db.execute("SELECT rowid FROM articles WHERE id = ?", (record_id,)).fetchone()
        if row:
            self.db.execute("DELETE FROM articles WHERE rowid = ?", row)
            self.db.execute("DELETE FROM categories WHERE article = ?", row)
            self.db.execute("DELETE FROM search WHERE rowid = ?", row)
            self.db.commit()

    # --- reading -------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def entries(self) -> dict[str, tuple[str, str]]:
        """Every indexed record: id -> (path, content_sha256)."""
        rows = self.db.execute("SELECT id, path, content_sha256 FROM articles")
        return {i: (p, h) for i, p, h in rows}

    def count(self, filters: Filters | None = None) -> int:
        where, params = (filters or Filters()).where()
        sql = f"SELECT count(*) FROM articles a WHERE {where}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def note_unreadable(self, files: list[tuple[str, str]]) -> None:
        """Keep the (path, problem) of the record files left out, in place of the last."""
        self.db.execute("DELETE FROM unreadable")
        self.db.executemany("INSERT INTO unreadable (path, problem) VALUES (?, ?)", files)

    def unreadable(self) -> list[tuple[str, str]]:
        """(path, problem) of the record files the index left out."""
        try:
            return list(self.db.execute("SELECT path, problem FROM unreadable ORDER BY path"))
        except sqlite3.OperationalError:  # an index older than the table, opened read-only
            return []

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
        where, params = filters.where()
        sql = (
            "SELECT a.id, a.path, a.url, a.title, a.published, a.categories, a.word_count"
            f" FROM articles a WHERE {where} ORDER BY a.day DESC, a.published DESC, a.id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_row(r) for r in self.db.execute(sql, params)]

    def paths(self, filters: Filters) -> Iterator[str]:
        """Paths of the records matching the filters, oldest first (for exports)."""
        where, params = filters.where()
        sql = f"SELECT a.path FROM articles a WHERE {where} ORDER BY a.day, a.published, a.id"
        for (path,) in self.db.execute(sql, params):
            yield path

    def search(self, query: str, filters: Filters, limit: int | None = 20) -> list[Row]:
        """Records matching `query` (see `fts_query`), best first, with a snippet each."""
        match = fts_query(query)
        if not match:
            return []
        where, params = filters.where()
        sql = (
            "SELECT a.id, a.path, a.url, a.title, a.published, a.categories, a.word_count,"
            " snippet(search, 1, char(2), char(3), '…', 14)"
            " FROM search JOIN articles a ON a.rowid = search.rowid"
            f" WHERE search MATCH ? AND {where}"
            f" ORDER BY bm25(search, {TITLE_WEIGHT}, 1.0) LIMIT ?"
        )
        try:
            rows = self.db.execute(sql, [match, *params, -1 if limit is None else limit]).fetchall()
        except sqlite3.OperationalError as error:  # -1 is no limit
            if "fts5" not in str(error):
                raise
            # fts_query lets no syntax through: this would be our bug, said without SQL
            raise SearchSyntaxError(f"the index cannot run this search ({HELP})") from error
        return [_row(r[:7], snippet=r[7]) for r in rows]

    def facts(self) -> list[tuple[str, list[str], int]]:
        """(day, categories, word count) of every record, for statistics."""
        rows = self.db.execute("SELECT day, categories, word_count FROM articles")
        return [(day, json.loads(cats), words) for day, cats, words in rows]


def connect_readonly(path: Path) -> sqlite3.Connection:
    """The index opened for reading only; `immutable` where its folder cannot be written
    (no WAL companion could be made there)."""
    writable = os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)
    flags = "mode=ro" if writable else "mode=ro&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.executescript(SCHEMA)
    return db


def _row(values: Any, snippet: str | None = None) -> Row:
    record_id, path, url, title, published, categories, words = values
    return Row(record_id, path, url, title, published, json.loads(categories), words, snippet)


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
