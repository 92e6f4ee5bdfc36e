"""The index's layout: snippets cut from the record files, when BM25 ranks and when the newest
come first, incremental updates agreeing with a rebuild, stats from counts, an old index."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lan_crawler import index as index_module
from lan_crawler.archive import Archive
from lan_crawler.cli import main as lan_archive
from lan_crawler.index import Filters, Index, OutdatedIndex, order_key
from lan_crawler.stats import compute


def record(post_id: int, title: str, text: str, day: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"lan.go.id:{post_id}",
        "url": f"https://lan.go.id/?p={post_id}",
        "title": title,
        "published": f"{day}T10:00:00+07:00",
        "modified": None,
        "author": None,
        "categories": ["Berita"],
        "tags": [],
        "word_count": len(text.split()),
        "content_sha256": f"{post_id:064d}",
        "fetched_at": "2024-02-01T00:00:00Z",
        "text": text,
        **extra,
    }


def path_of(rec: dict[str, Any]) -> str:
    day, number = rec["published"][:10], rec["id"].split(":")[1]
    return f"{day[:4]}/{day[5:7]}/{day[8:10]}/{number}-x.json"


def write(root: Path, rec: dict[str, Any]) -> str:
    relative = path_of(rec)
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(json.dumps(rec), encoding="utf-8")
    return relative


# eight articles on "pelatihan" (a word in every body), one title on "Tanimbar"
ARTICLES = [
    record(
        n,
        "Tanimbar menyambut pelatihan" if n == 3 else f"Kabar ke-{n}",
        "Pembukaan acara. " * 20 + f"Peserta pelatihan angkatan {n} dari Tanimbar hadir."
        if n in (3, 5, 6)
        else f"Peserta pelatihan angkatan {n} hadir.",
        f"2023-0{n}-1{n}",
        categories=["Pengumuman"] if n % 2 else ["Berita"],
    )
    for n in range(1, 9)
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for rec in ARTICLES:
        write(tmp_path, rec)
    Archive(tmp_path).rebuild_index()
    return tmp_path


def ids(rows: list[Any]) -> list[int]:
    return [int(r.id.rsplit(":", 1)[1]) for r in rows]


def test_snippets_are_cut_from_the_record_files(root: Path) -> None:
    hits = Index(root / "index.sqlite").search("tanimbar", Filters())
    assert sorted(ids(hits)) == [3, 5, 6]
    for row in hits:
        assert "\x02Tanimbar\x03 hadir" in (row.snippet or "")
        assert (row.snippet or "").startswith("…")  # cut: the long body's start left out
    # the text is not stored in the index: the snippets came from the files
    db = sqlite3.connect(root / "index.sqlite")
    assert not db.execute("SELECT name FROM sqlite_master WHERE name = 'search_content'").fetchall()


def test_few_hits_are_ranked_by_bm25_many_come_newest_first(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = Index(root / "index.sqlite")
    monkeypatch.setattr(index_module, "RANKED_HITS", 3)
    few = index.search("tanimbar", Filters())
    assert few.ranked and ids(few)[0] == 3  # the title match first, though not the newest
    many = index.search("pelatihan", Filters())
    assert not many.ranked and ids(many) == [8, 7, 6, 5, 4, 3, 2, 1]
    assert ids(index.search("pelatihan", Filters(), limit=2)) == [8, 7]
    # filters count: "pelatihan" in Pengumuman (1, 3, 5, 7) is more than 3, before 2023-04 not
    assert ids(index.search("pelatihan", Filters(category="pengumuman"))) == [7, 5, 3, 1]
    before = index.search("pelatihan", Filters(until="2023-03-31"))
    assert before.ranked and sorted(ids(before)) == [1, 2, 3] and ids(before)[0] == 3


def test_list_and_filters_follow_the_order_key(root: Path) -> None:
    index = Index(root / "index.sqlite")
    assert ids(index.newest(Filters())) == [8, 7, 6, 5, 4, 3, 2, 1]
    assert ids(index.newest(Filters(category="PENGUMUMAN", since="2023-03-13"))) == [7, 5, 3]
    assert ids(index.newest(Filters(since="2023-02-12", until="2023-02-12"))) == [2]
    assert index.count(Filters(category="pengumuman", until="2023-05-15")) == 3
    assert index.count() == 8
    # one second, two posts: the later post (higher id) sorts later
    assert order_key("2023-01-01T10:00:00+07:00", "x:7") > order_key(
        "2023-01-01T10:00:00+07:00", "x:6"
    )
    assert order_key("2023-01-01T23:59:59+07:00", "x:9") < order_key("2023-01-02T00:00:00Z", "x:1")


def snapshot(index: Index) -> Any:
    searches = ("pelatihan", "tanimbar", '"angkatan 4"', "baru", "lama", "pembukaan -tanimbar")
    return (
        [(r.id, r.path, r.title, r.categories) for r in index.newest(Filters())],
        {q: sorted((r.id, r.snippet) for r in index.search(q, Filters(), None)) for q in searches},
        index.stats(),
        index.entries(),
    )


def test_incremental_updates_agree_with_a_rebuild(tmp_path: Path) -> None:
    """Records indexed one by one in any order, edited (old words gone from the search),
    removed: the index then answers as one rebuilt from the final files."""
    live = Index(tmp_path / "live.sqlite", root=tmp_path)
    shuffled = ARTICLES[:]
    random.Random(13).shuffle(shuffled)
    for rec in shuffled:
        live.upsert(rec, write(tmp_path, rec))  # type: ignore[arg-type]
    edited = record(4, "Kabar baru", "Tulisan baru tentang pelatihan.", "2023-04-14")
    live.upsert(edited, write(tmp_path, edited))  # type: ignore[arg-type]
    moved = record(6, "Kabar pindah", "Tulisan lama, tanggal lain.", "2022-12-01")
    (tmp_path / path_of(ARTICLES[5])).unlink()
    live.upsert(moved, write(tmp_path, moved))  # type: ignore[arg-type]
    live.remove("lan.go.id:8")
    (tmp_path / path_of(ARTICLES[7])).unlink()
    live.close()

    found = Index(tmp_path / "live.sqlite", root=tmp_path).search("angkatan", Filters())
    assert sorted(ids(found)) == [1, 2, 3, 5, 7]  # 4 edited, 6 moved, 8 removed
    Archive(tmp_path).rebuild_index()
    rebuilt, live = Index(tmp_path / "index.sqlite"), Index(tmp_path / "live.sqlite", root=tmp_path)
    assert snapshot(live) == snapshot(rebuilt)
    assert live.stats() == compute(live.facts())
    assert ids(live.search("baru", Filters())) == [4]


def test_stats_from_counts_equal_stats_from_every_record(root: Path) -> None:
    index = Index(root / "index.sqlite")
    index.upsert(record(9, "T", "a b c", "2024-06-01", categories=["Berita", "Berita"]), "x")  # type: ignore[arg-type]
    index.upsert(record(10, "T", "a b", "2021-01-01", categories=[]), "y")  # type: ignore[arg-type]
    index.remove("lan.go.id:2")
    figures = index.stats()
    assert figures == compute(index.facts())
    assert figures.articles == 9 and figures.first_day == "2021-01-01"
    assert "2022-06" in figures.empty_months and figures.per_category["Berita"] == 5


OLD_LAYOUT = """
CREATE TABLE articles (rowid INTEGER PRIMARY KEY, path TEXT, day TEXT, id TEXT UNIQUE,
    url TEXT, title TEXT, published TEXT, categories TEXT, word_count INTEGER,
    content_sha256 TEXT);
CREATE VIRTUAL TABLE search USING fts5(title, text);
INSERT INTO articles VALUES (1, '2000/01/01/1-x.json', '2000-01-01', 'lan.go.id:1', 'u',
    'Usang', '2000-01-01T00:00:00+07:00', '[]', 1, 'x');
INSERT INTO search (rowid, title, text) VALUES (1, 'Usang', 'pelatihan');
"""


def test_an_index_of_the_old_layout_is_rebuilt_never_read(root: Path) -> None:
    (root / "index.sqlite").unlink()
    db = sqlite3.connect(root / "index.sqlite")
    db.executescript(OLD_LAYOUT)
    db.close()
    assert Index(root / "index.sqlite").outdated()
    with pytest.raises(OutdatedIndex, match="lan-archive reindex"):
        Index(root / "index.sqlite", readonly=True).count()

    verified = CliRunner().invoke(lan_archive, ["verify", "--archive", str(root)])
    assert verified.exit_code == 1 and "older layout" in verified.output

    result = CliRunner().invoke(lan_archive, ["list", "--archive", str(root), "--json"])
    assert result.exit_code == 0, result.output
    assert "its layout is older" in result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == [
        f"lan.go.id:{n}" for n in range(8, 0, -1)
    ]
    assert not Index(root / "index.sqlite").outdated()


def test_a_crawl_rebuilds_an_old_index_when_it_syncs(root: Path) -> None:
    (root / "index.sqlite").unlink()
    db = sqlite3.connect(root / "index.sqlite")
    db.executescript(OLD_LAYOUT)
    db.close()
    archive = Archive(root)
    assert archive.sync_index() == len(ARTICLES)
    assert ids(archive.index.search("tanimbar", Filters()))[0] == 3


def test_a_rebuild_reads_each_file_once_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files read ahead in small batches still come in path order, each read once; an
    unreadable file is named and left out; of two files of one id the later one is kept."""
    import lan_crawler.archive as archive_module

    monkeypatch.setattr(archive_module, "READ_TASK", 2)  # several tasks in flight
    monkeypatch.setattr(archive_module, "READ_AHEAD", 2)
    reads: list[Path] = []
    read_files = archive_module._read_files
    monkeypatch.setattr(archive_module, "_read_files", lambda p: reads.extend(p) or read_files(p))
    paths = [write(tmp_path, rec) for rec in ARTICLES]
    (tmp_path / "2023/01/11/0-broken.json").write_text("{", encoding="utf-8")
    again = record(2, "Kabar ulang", "Tulisan ulang.", "2023-09-19")  # id of ARTICLES[1]
    paths.append(write(tmp_path, again))
    archive = Archive(tmp_path)
    progress: list[tuple[int, int]] = []

    assert archive.rebuild_index(lambda done, total: progress.append((done, total))) == 8
    assert sorted(reads) == sorted(set(reads)) == sorted(archive.record_files())
    assert progress == [(n, 10) for n in range(1, 11)]
    assert archive.index.unreadable()[0][0] == "2023/01/11/0-broken.json"
    assert archive.entries["lan.go.id:2"].path.as_posix() == paths[-1]
    index = Index(tmp_path / "index.sqlite")
    assert ids(index.search("ulang", Filters())) == [2]
    assert ids(index.newest(Filters())) == [2, 8, 7, 6, 5, 4, 3, 1]
    assert index.count() == 8
