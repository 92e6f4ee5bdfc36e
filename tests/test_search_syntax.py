"""The search syntax ("phrases", OR, -word, prefix*) on a small real index, and hostile input."""

from __future__ import annotations

from typing import Any

import pytest

from lan_crawler.index import Filters, Index, SearchSyntaxError, fts_query

ARTICLES = {
    1: ("Pelatihan Kepemimpinan Nasional", "Peningkatan kompetensi digital aparatur sipil."),
    2: ("Kompetensi ASN", "Pelatihan digital untuk meningkatkan kompetensi pegawai."),
    3: ("Reformasi Birokrasi", "Kebijakan publik di daerah dibahas bersama."),
    4: ("Inovasi Daerah", "Inovasi pelayanan publik di daerah tertinggal."),
    5: ("Seleksi CPNS", "Pengumuman seleksi calon pegawai."),
}


def record(post_id: int, title: str, text: str) -> dict[str, Any]:
    return {
        "id": f"lan.go.id:{post_id}",
        "url": f"https://lan.go.id/?p={post_id}",
        "title": title,
        "published": f"2024-01-0{post_id}T10:00:00+07:00",
        "modified": None,
        "author": None,
        "categories": ["Berita"],
        "tags": [],
        "word_count": len(text.split()),
        "content_sha256": "0" * 64,
        "fetched_at": "2024-02-01T00:00:00Z",
        "text": text,
    }


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    made = Index(tmp_path_factory.mktemp("search") / "index.sqlite")
    for post_id, (title, text) in ARTICLES.items():
        path = f"2024/01/0{post_id}/{post_id}-x.json"
        made.upsert(record(post_id, title, text), path)  # type: ignore[arg-type]
    return made


def found(index: Index, query: str) -> set[int]:
    return {int(row.id.rsplit(":", 1)[1]) for row in index.search(query, Filters(), None)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kompetensi digital", {1, 2}),  # every word, anywhere
        ('"kompetensi digital"', {1}),  # the words together, in this order
        ("reformasi OR inovasi", {3, 4}),
        ("kebijakan OR inovasi daerah", {3, 4}),  # OR joins its two neighbours only
        ('"kompetensi digital" OR seleksi', {1, 5}),
        ("publik -inovasi", {3}),
        ('pegawai -"calon pegawai"', {2}),
        ("kompet*", {1, 2}),
        ("KOMPETÉNSI* -Pelatihan", set()),
        ("pelat* -digital", set()),
        ('"pelayanan pub"*', {4}),
        ("kompetensi or seleksi", set()),  # only OR in capitals joins: "or" is a word
        ("kompetensi AND NOT", set()),  # AND and NOT are words too
        ("kompetensi*digital", {1}),  # a * inside a word separates, as punctuation does
        ("kompetensi ^digital {aparatur} +sipil", {1}),  # no FTS5 syntax gets through
        ("title:kompetensi", set()),  # the phrase "title kompetensi", no column filter
        ("NEAR kompetensi", set()),
        ("- * ...", set()),  # nothing to search
    ],
)
def test_search_syntax(index: Index, query: str, expected: set[int]) -> None:
    assert found(index, query) == expected


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ('"kompetensi digital', "unbalanced quote"),
        ('kompetensi "digital', "unbalanced quote"),
        ("NEAR(kompetensi digital)", "parentheses are not part of the search syntax"),
        ("(kompetensi OR digital)", "parentheses are not part of the search syntax"),
        ("OR kompetensi", "OR needs a word on each side"),
        ("kompetensi OR", "OR needs a word on each side"),
        ("kompetensi OR OR digital", "OR needs a word on each side"),
        ("kompetensi OR -digital", "OR needs a word on each side"),
        ("daerah -inovasi OR reformasi", "OR needs a word on each side"),
        ("-kompetensi", "a search needs a word to find"),
    ],
)
def test_hostile_searches_are_refused_with_a_reason(index: Index, query: str, error: str) -> None:
    with pytest.raises(SearchSyntaxError, match=error):
        index.search(query, Filters(), None)


def test_each_term_reaches_fts5_as_a_quoted_string() -> None:
    assert fts_query('kebijakan OR "kompetensi digital" -seleksi pel*') == (
        '(("kebijakan" OR "kompetensi digital") AND ("pel"*)) NOT ("seleksi")'
    )
    assert fts_query("NEAR title:x") == '("NEAR") AND ("title:x")'
