"""The shipped JSON Schema: itself valid, and strict about the record's shape."""

from __future__ import annotations

import sqlite3
import types
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lan_crawler import index
from lan_crawler.export import parquet_schema, write_export
from lan_crawler.record import (
    FIELDS,
    OPTIONAL_FIELDS,
    ArticleRecord,
    field_spec,
    resolve,
    schema,
    schema_errors,
    value_kind,
)
from tests.test_archive import make_record


def test_schema_is_valid_and_lists_every_field_in_order() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["required"] + list(OPTIONAL_FIELDS) == list(FIELDS)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"published": "2021-03-29T10:15:00"}, "published"),  # no offset
        ({"published": "2021-03-29T03:15:00+00:00"}, "published"),  # not Asia/Jakarta
        ({"id": "5297"}, "id"),
        ({"url": "https://lan.go.id/?p=5297&utm_source=x"}, "url"),
        ({"text": ""}, "text"),
        ({"content_sha256": "abc"}, "content_sha256"),
        ({"fetched_at": "29/11/2026"}, "fetched_at"),
        ({"images": [{"url": "foto.jpg", "caption": None, "alt": None}]}, "images/0/url"),
        ({"extra": 1}, "(record)"),
        ({"schema_version": 2}, "schema_version"),
    ],
)
def test_schema_rejects_malformed_records(change: dict[str, Any], field: str) -> None:
    errors = schema_errors(make_record(**change))
    assert errors
    assert errors[0].startswith(field)


def test_schema_accepts_a_record_extracted_from_a_file() -> None:
    assert schema_errors(make_record(fetched_at=None, modified=None, author=None)) == []


# --- one declaration of the record's shape: the JSON Schema; the rest derived or checked ---


def annotation_kind(annotation: Any) -> tuple[str, bool]:
    """(JSON type, nullable) of a Python annotation of the record's TypedDicts."""
    options = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else ()
    if options:
        others = [o for o in options if o is not type(None)]
        return annotation_kind(others[0])[0], len(others) < len(options)
    origin = typing.get_origin(annotation) or annotation
    if origin is list:
        return "array", False
    if typing.is_typeddict(annotation):
        return "object", False
    return {str: "string", int: "integer", bool: "boolean"}[origin], False


def shape_drift(typed: Any, spec: dict[str, Any], where: str = "record") -> list[str]:
    """Every way a TypedDict and a schema object node disagree: fields, order, types."""
    hints = typing.get_type_hints(typed)
    properties = resolve(spec)["properties"]
    if list(hints) != list(properties):
        return [f"{where}: fields {list(hints)} in Python, {list(properties)} in the schema"]
    found = []
    for name, annotation in hints.items():
        node = resolve(properties[name])
        if annotation_kind(annotation) != value_kind(node):
            found.append(f"{where}.{name}: {annotation} against {node}")
            continue
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) is list:
            if typing.is_typeddict(inner[0]):
                found += shape_drift(inner[0], node["items"], f"{where}.{name}[]")
        elif typing.is_typeddict(inner[0] if inner else annotation):
            options = [resolve(o) for o in node.get("oneOf", [node])]
            target = next(o for o in options if value_kind(o)[0] == "object")
            found += shape_drift(inner[0] if inner else annotation, target, f"{where}.{name}")
    return found


def test_the_python_type_of_the_record_is_the_schema_s() -> None:
    assert shape_drift(ArticleRecord, schema()) == []


def test_a_field_added_in_one_place_only_is_drift() -> None:
    class Longer(ArticleRecord):
        summary: str

    assert shape_drift(Longer, schema()) != []
    wider = {**schema(), "properties": {**schema()["properties"], "summary": {"type": "string"}}}
    assert shape_drift(ArticleRecord, wider) != []
    retyped = {
        **schema(),
        "properties": {**schema()["properties"], "word_count": {"type": "string"}},
    }
    assert shape_drift(ArticleRecord, retyped) == [
        f"record.word_count: {int} against {{'type': 'string'}}"
    ]


def test_exports_and_index_take_their_columns_from_the_schema(tmp_path: Path) -> None:
    import pyarrow as pa

    arrow = parquet_schema()
    assert arrow.names == list(FIELDS)
    assert arrow.field("images").type == pa.list_(
        pa.struct([("url", pa.string()), ("caption", pa.string()), ("alt", pa.string())])
    )
    raw = arrow.field("raw").type
    assert [raw.field(i).name for i in range(raw.num_fields)] == list(
        schema()["properties"]["raw"]["oneOf"][1]["properties"]
    )
    out = tmp_path / "records.csv"
    write_export([make_record()], "csv", out)
    assert out.read_text(encoding="utf-8").splitlines()[0].split(",") == list(FIELDS)
    db = sqlite3.connect(":memory:")
    db.executescript(index.SCHEMA)
    columns = {row[1]: (row[2], bool(row[3])) for row in db.execute("PRAGMA table_info(articles)")}
    for name in index.INDEXED:
        kind, nullable = value_kind(field_spec(name))
        assert columns[name] == ("INTEGER" if kind == "integer" else "TEXT", not nullable), name
