"""Bulk exports of the archive's records: JSON Lines, CSV, Parquet. Streaming, constant memory.

Records are read one file at a time and written as they come (Parquet in row
groups of BATCH records); the output appears under its name only once complete.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from lan_crawler.archive import file_mode
from lan_crawler.record import FIELDS, field_spec, resolve, value_kind

FORMATS = ("jsonl", "csv", "parquet")
BATCH = 1000


def write_export(records: Iterable[dict[str, Any]], fmt: str, out: Path) -> int:
    """Write every record to `out` in format `fmt`; returns how many were written."""
    writer = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt]
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.fchmod(fd, file_mode())
    os.close(fd)
    try:
        count = writer(records, Path(tmp))
        Path(tmp).replace(out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def _jsonl(records: Iterable[dict[str, Any]], path: Path) -> int:
    return _lines(records, path, lambda r, f: f.write(json.dumps(r, ensure_ascii=False) + "\n"))


def _csv(records: Iterable[dict[str, Any]], path: Path) -> int:
    """One row per record; lists and objects as JSON text in their cell."""
    writer: Any = None

    def row(record: dict[str, Any], handle: IO[str]) -> None:
        nonlocal writer
        if writer is None:
            writer = csv.writer(handle)
            writer.writerow(FIELDS)
        writer.writerow(
            json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
            for v in (record.get(name) for name in FIELDS)
        )

    return _lines(records, path, row)


def _lines(
    records: Iterable[dict[str, Any]], path: Path, write: Callable[[dict[str, Any], IO[str]], Any]
) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for record in records:
            write(record, handle)
            count += 1
    return count


def parquet_schema() -> Any:
    """The record's Arrow schema, derived from its JSON Schema: nested lists and structs."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(field_spec(name))) for name in FIELDS])


def _arrow_type(spec: dict[str, Any]) -> Any:
    import pyarrow as pa

    spec = resolve(spec)
    options = [resolve(o) for o in spec.get("oneOf", ())]
    if options:  # a value or null: Arrow columns are nullable anyway
        spec = next(o for o in options if value_kind(o)[0] != "null")
    kind, _ = value_kind(spec)
    if kind == "array":
        return pa.list_(_arrow_type(spec["items"]))
    if kind == "object":
        return pa.struct([(name, _arrow_type(sub)) for name, sub in spec["properties"].items()])
    return {"string": pa.string(), "integer": pa.int64()}[kind]


def _parquet(records: Iterable[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for record in records:
            batch.append({name: record.get(name) for name in FIELDS})
            count += 1
            if len(batch) == BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
