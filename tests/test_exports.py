"""Exports analysts load without fixing: typed Parquet, one CSV dialect, streams, compression."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result
from scrapy.utils.misc import load_object

from lan_crawler import settings
from lan_crawler.archive import Archive, file_mode, guides
from lan_crawler.cli import main as lan_archive
from lan_crawler.export import parquet_schema, write_export
from lan_crawler.feeds import CsvItemExporter
from lan_crawler.record import FIELDS, field_spec, schema, time_zone
from tests.test_archive import make_record

# times near month and year ends: their month in Asia/Jakarta is not their month in UTC
MOMENTS = [
    "2021-01-31T23:30:00+07:00",
    "2021-02-01T03:00:00+07:00",
    "2021-03-29T10:15:00+07:00",
    "2021-12-31T22:00:00+07:00",
    "2022-01-01T00:30:00+07:00",
    "2022-06-30T12:00:00+07:00",
    "2023-07-01T06:59:59+07:00",
    "2023-07-01T07:00:00+07:00",
]


def synthetic_records() -> list[dict[str, Any]]:
    """Records of every shape the schema allows: nulls, nested lists, raw or not."""
    records = []
    for number, published in enumerate(MOMENTS, 1):
        records.append(
            make_record(
                f'Berita {number}: kerja sama, "kutipan"\nbaris baru',
                post_id=1000 + number,
                published=published,
                modified=None if number % 3 == 0 else published,
                fetched_at=None if number == 4 else f"2026-11-{number:02d}T12:00:{number:02d}Z",
                categories=["Berita", "Kajian Kebijakan"][: number % 3],
                tags=[f"tag-{number}"],
                images=[
                    {"url": f"https://lan.go.id/foto-{number}.jpg", "caption": None, "alt": "Foto"}
                ]
                * (number % 2),
                attachments=[{"url": f"https://lan.go.id/dok-{number}.pdf", "title": "Dokumen"}]
                * (number % 3 == 1),
                raw=None
                if number % 2
                else {
                    "warc": "warc/20261129T120000Z.warc.gz",
                    "offset": 512 * number,
                    "record_id": f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>",
                },
            )
        )
    return records


RECORDS = synthetic_records()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exports") / "archive"
    written = Archive(root)
    for record in RECORDS:
        written.store(record)  # type: ignore[arg-type]
    written.index.close()
    return root


def export(archive: Path, *args: str) -> Result:
    return CliRunner().invoke(lan_archive, ["export", "--archive", str(archive), *args])


def from_arrow(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row as the JSON record it came from: timestamps back to the record's text."""

    def text(value: Any) -> Any:
        if not isinstance(value, datetime):
            return value
        if value.utcoffset() == UTC.utcoffset(None):
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.isoformat()

    return {name: text(value) for name, value in row.items()}


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


# --- Parquet --------------------------------------------------------------------------------


def test_parquet_has_zoned_timestamps_and_typed_lists(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "lan.parquet"
    assert export(archive, "--format", "parquet", "--out", str(out)).exit_code == 0
    table = pq.read_table(out)
    assert table.schema.field("published").type == pa.timestamp("us", tz="Asia/Jakarta")
    assert table.schema.field("modified").type == pa.timestamp("us", tz="Asia/Jakarta")
    assert table.schema.field("fetched_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("categories").type == pa.list_(pa.string())
    assert table.schema.field("attachments").type == pa.list_(
        pa.struct([("url", pa.string()), ("title", pa.string())])
    )
    rows = table.to_pylist()
    first = next(r for r in rows if r["id"] == "lan.go.id:1001")
    # the instant, exactly: 23:30 in Jakarta is 16:30 UTC
    assert first["published"] == datetime(2021, 1, 31, 16, 30, tzinfo=UTC)
    assert by_id([from_arrow(r) for r in rows]) == by_id(RECORDS)


def test_parquet_timestamps_are_the_schema_s_date_times() -> None:
    zoned = {name: time_zone(field_spec(name)) for name in FIELDS if time_zone(field_spec(name))}
    assert zoned == {"published": "Asia/Jakarta", "modified": "Asia/Jakarta", "fetched_at": "UTC"}
    arrow = parquet_schema()
    timestamps = {f.name: f.type.tz for f in arrow if pa.types.is_timestamp(f.type)}
    assert timestamps == zoned


def test_parquet_partitioned_by_year(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "lan-by-year"
    result = export(archive, "--format", "parquet", "--out", str(out), "--partition-by", "year")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["year=2021", "year=2022", "year=2023"]
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp folder left
    per_year = {p.name: pq.read_table(p / "part-0.parquet").to_pylist() for p in out.iterdir()}
    assert {name: len(rows) for name, rows in per_year.items()} == {
        f"year={year}": count
        for year, count in Counter(r["published"][:4] for r in RECORDS).items()
    }
    everything = pq.read_table(out)  # the Hive folder names give a year column back
    assert sorted(everything.column("year").to_pylist()) == sorted(
        int(r["published"][:4]) for r in RECORDS
    )
    read_back = [from_arrow(r) for rows in per_year.values() for r in rows]
    assert by_id(read_back) == by_id(RECORDS)
    again = export(archive, "--format", "parquet", "--out", str(out), "--partition-by", "year")
    assert again.exit_code == 2  # an existing folder is never replaced
    csv_by_year = export(
        archive, "--format", "csv", "--out", str(tmp_path / "x"), "--partition-by", "year"
    )
    assert csv_by_year.exit_code == 2


# --- standard output and compression --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_out_dash_streams_what_a_file_holds(archive: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"lan.{fmt}"
    assert export(archive, "--format", fmt, "--out", str(out)).exit_code == 0
    streamed = export(archive, "--format", fmt, "--out", "-", "--json")
    assert streamed.exit_code == 0
    if fmt == "parquet":  # the same rows (a file's metadata may differ by its writer)
        assert pq.read_table(io.BytesIO(streamed.stdout_bytes)) == pq.read_table(out)
    else:
        assert streamed.stdout_bytes == out.read_bytes()
    summary = streamed.stderr[streamed.stderr.index("{") :]  # after the progress bar
    assert json.loads(summary)["exported"] == len(RECORDS)  # the summary aside


@pytest.mark.parametrize(
    ("suffix", "unpack"),
    [(".gz", gzip.decompress), (".bz2", bz2.decompress), (".xz", lzma.decompress)],
)
def test_compression_by_suffix(archive: Path, tmp_path: Path, suffix: str, unpack: Any) -> None:
    for fmt in ("jsonl", "csv"):
        plain, packed = tmp_path / f"lan.{fmt}", tmp_path / f"lan.{fmt}{suffix}"
        assert export(archive, "--format", fmt, "--out", str(plain)).exit_code == 0
        assert export(archive, "--format", fmt, "--out", str(packed)).exit_code == 0
        assert unpack(packed.read_bytes()) == plain.read_bytes()
    refused = export(archive, "--format", "parquet", "--out", str(tmp_path / f"x.parquet{suffix}"))
    assert refused.exit_code == 2
    assert not (tmp_path / f"x.parquet{suffix}").exists()


# --- one CSV dialect -------------------------------------------------------------------------


def feed_csv(items: list[dict[str, Any]]) -> bytes:
    """What `scrapy crawl -o x.csv` writes for these items: the exporter it is configured with."""
    exporter_class = load_object(settings.FEED_EXPORTERS["csv"])
    assert exporter_class is CsvItemExporter
    file = io.BytesIO()
    exporter = exporter_class(file, encoding="latin-1", fields_to_export=["id"])
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return file.getvalue()


def test_scrapy_feeds_write_the_csv_of_export(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "lan.csv"
    assert export(archive, "--format", "csv", "--out", str(out)).exit_code == 0
    stored = [
        json.loads(line)
        for line in export(archive, "--format", "jsonl", "--out", "-").stdout.splitlines()
    ]
    # items come from the spider in their own key order: the columns do not follow it
    items = [dict(reversed(record.items())) for record in stored]
    assert feed_csv(items) == out.read_bytes()
    assert out.read_bytes().split(b"\r\n")[0].decode() == ",".join(FIELDS)
    empty = tmp_path / "empty.csv"
    write_export([], "csv", empty)
    assert feed_csv([]) == empty.read_bytes() == ",".join(FIELDS).encode() + b"\r\n"


# --- the archive documents itself -----------------------------------------------------------


def test_the_readme_and_schema_are_written_where_missing_or_outdated(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    assert Archive(root).write_guides() == ["README.md", "article-v1.schema.json"]
    for name, data in guides().items():
        assert (root / name).read_bytes() == data
        assert (root / name).stat().st_mode & 0o777 == file_mode()
    assert json.loads((root / "article-v1.schema.json").read_text()) == schema()
    readme = root / "README.md"
    readme.write_text("an older README\n")
    schema_file = root / "article-v1.schema.json"
    before = schema_file.stat()
    assert Archive(root).write_guides() == ["README.md"]
    assert readme.read_bytes() == guides()["README.md"]
    after = schema_file.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert Archive(root).write_guides() == []
    assert sorted(p.name for p in root.iterdir()) == ["README.md", "article-v1.schema.json"]


def test_a_read_only_archive_gets_no_readme(archive: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    root.mkdir()
    (root / "README.md").write_text("a README of its own\n")
    assert Archive(root, readonly=True).write_guides() == []
    assert [p.name for p in root.iterdir()] == ["README.md"]
    assert (root / "README.md").read_text() == "a README of its own\n"
    # the read verbs open an archive for reading: they write no README either
    assert not (archive / "README.md").exists()
    assert export(archive, "--format", "jsonl", "--out", str(tmp_path / "a.jsonl")).exit_code == 0
    assert not (archive / "README.md").exists()
