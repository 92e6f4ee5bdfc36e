"""The archive: safe paths whatever the title, atomic writes, no rewrite of unchanged records."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from lan_crawler.archive import (
    Archive,
    ArchiveLocked,
    InvalidRecord,
    record_path,
    slugify,
    write_atomic,
)
from lan_crawler.record import content_sha256, schema_errors, to_json, word_count

HOSTILE_TITLES = [
    "../../etc/passwd",
    "..\\..\\windows\\system32",
    "/absolute/path",
    "A" * 5000,
    "Berita " * 1000,
    "🎉🎉🎉 Selamat 🎉",
    "🎉🎉🎉",
    "مرحبا بالعالم",  # right-to-left text, nothing ASCII in it
    "\u202eelif.exe\u202c",  # the right-to-left override trick
    "NUL\x00byte",
    ".",
    "..",
    "-",
    "Café – Ünïcödé ©",
]


def make_record(title: str = "Judul Berita", post_id: int = 5297, **changes: Any) -> dict[str, Any]:
    text = changes.pop("text", "Jakarta – Isi berita yang sah.")
    record: dict[str, Any] = {
        "schema_version": 1,
        "id": f"lan.go.id:{post_id}",
        "source": "lan.go.id",
        "url": f"https://lan.go.id/?p={post_id}",
        "title": title,
        "published": "2021-03-29T10:15:00+07:00",
        "modified": "2021-03-29T16:42:00+07:00",
        "author": "Humas LAN",
        "categories": ["Berita"],
        "tags": [],
        "dateline": "Jakarta",
        "text": text,
        "images": [],
        "attachments": [],
        "language": "id",
        "word_count": word_count(text),
        "content_sha256": content_sha256(title, text),
        "fetched_at": "2026-11-29T12:00:00Z",
        "extraction": {"method": "profile:oceanwp", "version": "1.0", "warnings": []},
        "raw": None,
    }
    record.update(changes)
    return record


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_stay_inside_the_archive(tmp_path: Path, title: str) -> None:
    root = tmp_path / "archive"
    archive = Archive(root)
    record = make_record(title)
    assert archive.store(record) == "new"  # type: ignore[arg-type]
    files = [p for p in tmp_path.rglob("*.json") if p.is_file()]
    assert len(files) == 1
    written = files[0]
    assert written.resolve().is_relative_to(root.resolve())
    assert written.parent == root / "2021" / "03" / "29"
    assert len(written.name.encode()) <= 200
    assert written.name.startswith("5297-") and written.name.endswith(".json")
    assert set(written.stem.removeprefix("5297-")) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert json.loads(written.read_text(encoding="utf-8"))["title"] == title


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Dorong Kemajuan Daerah, LAN Jalin Kerjasama",
            "dorong-kemajuan-daerah-lan-jalin-kerjasama",
        ),
        ("../../etc/passwd", "etc-passwd"),
        ("Café – Ünïcödé", "cafe-unicode"),
        ("🎉🎉🎉", "post"),
        ("مرحبا", "post"),
        ("", "post"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_slug_is_cut_at_a_word_boundary() -> None:
    slug = slugify("Pelatihan Kepemimpinan Nasional " * 10)
    assert len(slug) <= 80
    assert not slug.endswith("-")
    assert slug.split("-")[-1] in {"pelatihan", "kepemimpinan", "nasional"}


def test_the_archive_refuses_a_record_that_breaks_the_schema(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    with pytest.raises(InvalidRecord, match="published"):
        archive.store(make_record(published="29 Maret 2021"))  # type: ignore[arg-type]
    with pytest.raises(InvalidRecord, match="extra"):
        archive.store(make_record(extra="?"))  # type: ignore[arg-type]
    assert not list(tmp_path.rglob("*.json"))


def test_record_path_refuses_a_record_without_a_date() -> None:
    with pytest.raises(ValueError, match="publication date"):
        record_path(make_record(published="kemarin"))  # type: ignore[arg-type]


def test_resolve_refuses_paths_outside_the_root(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive")
    with pytest.raises(ValueError, match="escapes"):
        archive.resolve(Path("../outside.json"))
    with pytest.raises(ValueError, match="escapes"):
        archive.resolve(Path("/etc/passwd"))


def test_record_json_form_is_fixed(tmp_path: Path) -> None:
    record = make_record()
    shuffled = dict(reversed(list(record.items())))
    text = to_json(shuffled)
    assert text == to_json(record)
    assert text.endswith("}\n")
    assert '\n  "schema_version": 1,\n  "id": "lan.go.id:5297",' in text
    assert "Jakarta – Isi" in text  # not ASCII-escaped
    assert schema_errors(record) == []


def test_unchanged_record_is_not_rewritten(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store(make_record())  # type: ignore[arg-type]
    path = tmp_path / "2021/03/29/5297-judul-berita.json"
    os.utime(path, (1_000_000, 1_000_000))
    again = Archive(tmp_path)  # a later run: reads the folder afresh
    later = make_record(fetched_at="2026-12-01T00:00:00Z")
    assert again.store(later) == "unchanged"  # type: ignore[arg-type]
    assert path.stat().st_mtime == 1_000_000
    assert json.loads(path.read_text())["fetched_at"] == "2026-11-29T12:00:00Z"


def test_a_changed_record_moves_and_its_earlier_version_is_kept(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    first = make_record()
    archive.store(first)  # type: ignore[arg-type]
    later = make_record("Judul Baru", fetched_at="2026-12-01T06:00:00Z")
    assert archive.store(later) == "changed"  # type: ignore[arg-type]
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json"))
    kept = f"history/5297/20261129T120000Z-{first['content_sha256'][:12]}.json"
    assert files == ["2021/03/29/5297-judul-baru.json", kept]
    assert json.loads((tmp_path / kept).read_text()) == first
    assert archive.versions("lan.go.id:5297") == [Path(kept)]
    # a third version keeps the second beside the first
    archive.store(make_record("Judul Ketiga", fetched_at="2026-12-02T06:00:00Z"))  # type: ignore[arg-type]
    assert len(archive.versions("lan.go.id:5297")) == 2


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    first, second = Archive(tmp_path), Archive(tmp_path)
    first.lock()
    with pytest.raises(ArchiveLocked, match=f"in use by pid {os.getpid()}"):
        second.lock()
    first.unlock()
    second.lock()
    second.unlock()


def test_withdrawn_posts_are_marked_not_deleted(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store(make_record())  # type: ignore[arg-type]
    assert not archive.mark_missing("lan.go.id:5297", "gone from the sitemaps", "2026-12-01", 2)
    assert archive.mark_missing("lan.go.id:5297", "gone from the sitemaps", "2026-12-02", 2)
    archive.save_state()
    again = Archive(tmp_path)
    state = again.withdrawn("lan.go.id:5297")
    assert state is not None
    assert state["first_missing"] == "2026-12-01" and state["withdrawn"] == "2026-12-02"
    assert again.read("lan.go.id:5297") is not None  # the record stays


def test_is_current_compares_lastmod_with_the_stored_modification(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store(make_record())  # type: ignore[arg-type]
    same = datetime(2021, 3, 29, 9, 42, tzinfo=UTC)  # 16:42 WIB
    later = datetime(2021, 4, 1, tzinfo=UTC)
    assert archive.is_current("lan.go.id:5297", same)
    assert not archive.is_current("lan.go.id:5297", later)
    assert archive.is_current("lan.go.id:5297", None)
    assert not archive.is_current("lan.go.id:1", None)


def test_atomic_write_leaves_no_temp_file_and_keeps_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a" / "record.json"
    write_atomic(target, b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["record.json"]


def test_corrupt_and_temp_files_are_skipped_by_the_scan(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store(make_record())  # type: ignore[arg-type]
    day = tmp_path / "2021/03/29"
    (day / "5298-rusak.json").write_text("{not json", encoding="utf-8")
    (day / ".5299-sementara.json.abc.tmp").write_text("{}", encoding="utf-8")
    rescanned = Archive(tmp_path)
    assert list(rescanned.entries) == ["lan.go.id:5297"]
    assert [p.name for p, _ in rescanned.unreadable] == ["5298-rusak.json"]


def test_run_names_sort_as_runs_started_even_within_one_second(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    now = datetime(2026, 11, 29, 20, 15, 0, 300_000, tzinfo=UTC)
    first = archive.new_run_id(now)
    archive.write_report(first, {"run_id": first})
    second = archive.new_run_id(now)
    assert (first, second) == ("20261129T201500Z", "20261129T201501Z")
