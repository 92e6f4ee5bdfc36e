"""Bulk exports of the archive's records: JSON Lines, CSV, Parquet. Streaming, constant memory.

Records are read one file at a time and written as they come (Parquet in row
groups of BATCH records); a file, or a partitioned folder, appears under its name
only once complete. Every column comes from the record's declaration (record.py):
Parquet's timestamps from its date-time fields, its lists and structs from its
arrays and objects. The CSV dialect is the project's one (`CsvRecords`), which
`scrapy crawl -o x.csv` writes too (feeds.py).
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import IO, Any, cast

from lan_crawler.archive import file_mode
from lan_crawler.record import FIELDS, field_spec, resolve, time_zone, value_kind

FORMATS = ("jsonl", "csv", "parquet")
PARTITIONS = ("year",)
BATCH = 1000
PARQUET_COMPRESSION = "zstd"
# text exports are compressed as their file name says; Parquet compresses its own pages
COMPRESSORS = (".gz", ".bz2", ".xz")

Records = Iterable[dict[str, Any]]


def _compressor(raw: IO[bytes], suffix: str) -> IO[bytes]:
    packed: io.BufferedIOBase
    if suffix == ".gz":
        packed = gzip.GzipFile(fileobj=raw, mode="wb")
    elif suffix == ".bz2":
        packed = bz2.BZ2File(raw, "wb")
    else:
        packed = lzma.LZMAFile(raw, "wb")  # noqa: SIM115 (the caller closes it)
    return cast(IO[bytes], packed)  # a binary file, as typeshed does not say


class ExportError(ValueError):
    """An export that cannot be made as asked; the message says why, in one line."""


def check_export(fmt: str, out: Path | None, partition_by: str | None = None) -> None:
    """Raise ExportError for a combination no export can honour (`out` None: standard output)."""
    if fmt == "parquet" and out is not None and out.suffix in COMPRESSORS:
        raise ExportError(
            f"Parquet compresses itself ({PARQUET_COMPRESSION}): name the file without {out.suffix}"
        )
    if partition_by is None:
        return
    if fmt != "parquet":
        raise ExportError("--partition-by is for Parquet only")
    if out is None:
        raise ExportError("a partitioned export is a folder: give --out DIR, not -")
    if out.exists():
        raise ExportError(f"{out} exists: a partitioned export needs a new folder")


def write_export(records: Records, fmt: str, out: Path, partition_by: str | None = None) -> int:
    """Write every record to `out` in format `fmt` (compressed as its suffix says), or into the
    folder `out`, one Hive-style folder per year (`year=2021/`); returns how many were written."""
    check_export(fmt, out, partition_by)
    out.parent.mkdir(parents=True, exist_ok=True)
    if partition_by is not None:
        return _write_by_year(records, out)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, file_mode())
        with os.fdopen(fd, "wb") as raw:
            if out.suffix in COMPRESSORS:
                with _compressor(raw, out.suffix) as packed:
                    count = write_stream(records, fmt, packed)
            else:
                count = write_stream(records, fmt, raw)
            raw.flush()
            os.fsync(raw.fileno())
        Path(tmp).replace(out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def write_stream(records: Records, fmt: str, handle: IO[bytes]) -> int:
    """Write every record to a binary stream (standard output, say) in format `fmt`; the count."""
    if fmt == "parquet":
        return _parquet(records, handle)
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    try:
        count = 0
        rows = CsvRecords(text) if fmt == "csv" else None
        for record in records:
            if rows is None:
                text.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                rows.write(record)
            count += 1
        text.flush()
    finally:
        text.detach()  # the caller's stream stays open
    return count


# --- CSV: one dialect for `lan-archive export` and Scrapy's feeds ---------------------------


def csv_cells(record: dict[str, Any]) -> list[Any]:
    """A record's CSV row: its fields in FIELDS order; lists and objects as JSON text, null
    as an empty cell."""
    return [
        json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
        for value in (record.get(name) for name in FIELDS)
    ]


class CsvRecords:
    """The project's CSV: UTF-8 without BOM, RFC 4180 quoting and CRLF line ends (the csv
    module's excel dialect), a header row of FIELDS first, even with no record after it."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle)
        self._writer.writerow(FIELDS)

    def write(self, record: dict[str, Any]) -> None:
        self._writer.writerow(csv_cells(record))


# --- Parquet: the schema and the values, derived from the record's declaration --------------


def parquet_schema() -> Any:
    """The record's Arrow schema, derived from its JSON Schema: timestamps with their time zone,
    nested lists and structs."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(field_spec(name))) for name in FIELDS])


def _value_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The node of a value-or-null node's value (Arrow columns are nullable anyway)."""
    spec = resolve(spec)
    options = [resolve(o) for o in spec.get("oneOf", ())]
    return next((o for o in options if value_kind(o)[0] != "null"), spec)


def _arrow_type(spec: dict[str, Any]) -> Any:
    import pyarrow as pa

    spec = _value_spec(spec)
    if zone := time_zone(spec):
        return pa.timestamp("us", tz=zone)  # stored in UTC, shown in `zone`: the instant exact
    kind, _ = value_kind(spec)
    if kind == "array":
        return pa.list_(_arrow_type(spec["items"]))
    if kind == "object":
        return pa.struct([(name, _arrow_type(sub)) for name, sub in spec["properties"].items()])
    return {"string": pa.string(), "integer": pa.int64()}[kind]


Convert = Callable[[Any], Any]


def _converter(spec: dict[str, Any]) -> Convert | None:
    """How a JSON value of `spec` becomes the Python value Arrow takes (None: as it is)."""
    spec = _value_spec(spec)
    if time_zone(spec):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    kind, _ = value_kind(spec)
    if kind == "array" and (inner := _converter(spec["items"])):
        return lambda v: None if v is None else [inner(item) for item in v]
    if kind == "object":
        parts = {name: _converter(sub) for name, sub in spec["properties"].items()}
        changed = {name: convert for name, convert in parts.items() if convert}
        if changed:
            return lambda v: (
                None if v is None else {**v, **{n: c(v.get(n)) for n, c in changed.items()}}
            )
    return None


def _row_maker() -> Callable[[dict[str, Any]], dict[str, Any]]:
    converters = [(name, _converter(field_spec(name))) for name in FIELDS]
    return lambda record: {
        name: convert(record.get(name)) if convert else record.get(name)
        for name, convert in converters
    }


class _ParquetBatches:
    """One Parquet file written BATCH rows at a time."""

    def __init__(self, where: Any) -> None:
        import pyarrow.parquet as pq

        self.schema = parquet_schema()
        self.writer = pq.ParquetWriter(where, self.schema, compression=PARQUET_COMPRESSION)
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) == BATCH:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows.clear()

    def close(self) -> None:
        if self.rows:
            self.flush()
        self.writer.close()


def _parquet(records: Records, handle: IO[bytes]) -> int:
    row = _row_maker()
    batches = _ParquetBatches(handle)
    count = 0
    try:
        for record in records:
            batches.add(row(record))
            count += 1
        if count == 0:
            batches.flush()  # an empty export still has its columns
    finally:
        batches.close()
    return count


def _write_by_year(records: Records, out: Path) -> int:
    """`out/year=YYYY/part-0.parquet` per publication year (Asia/Jakarta, as `stats` counts),
    built in a temp folder beside `out` and renamed once complete."""
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    row = _row_maker()
    # mkdtemp makes it 0700: give it a folder's mode under the umask (searchable where readable)
    folder_mode = file_mode() | (file_mode() & 0o444) >> 2
    years: dict[str, _ParquetBatches] = {}
    count = 0
    try:
        tmp.chmod(folder_mode)
        try:
            for record in records:
                year = str(record["published"])[:4]  # the local year, as the record says it
                if year not in years:
                    (tmp / f"year={year}").mkdir()  # as the umask allows
                    years[year] = _ParquetBatches(str(tmp / f"year={year}" / "part-0.parquet"))
                years[year].add(row(record))
                count += 1
        finally:
            for batches in years.values():
                batches.close()
        tmp.replace(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count
