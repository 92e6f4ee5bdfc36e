"""The article record (schema version 1): its fields, their order, its JSON form.

The shipped JSON Schema (`schema/article-v1.schema.json`) is the one declaration of
the record's shape: the field order, the CSV columns, the Parquet schema and the
index's columns are derived from it, and `ArticleRecord` (which mypy needs
written out) is held to it by a test.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any, TypedDict

import jsonschema

SCHEMA_VERSION = 1


class Image(TypedDict):
    url: str
    caption: str | None
    alt: str | None


class Attachment(TypedDict):
    url: str
    title: str


class Extraction(TypedDict):
    method: str
    version: str
    warnings: list[str]


class Raw(TypedDict):
    """Where the response a record came from is kept: a WARC file under the archive."""

    warc: str  # path relative to the archive root
    offset: int  # byte offset of the WARC response record
    record_id: str  # its WARC-Record-ID


class ArticleRecord(TypedDict):
    schema_version: int
    id: str
    source: str
    url: str
    title: str
    published: str
    modified: str | None
    author: str | None
    categories: list[str]
    tags: list[str]
    dateline: str | None
    text: str
    images: list[Image]
    attachments: list[Attachment]
    language: str
    word_count: int
    content_sha256: str
    fetched_at: str | None
    extraction: Extraction
    raw: Raw | None  # optional in the schema: records written before it existed lack it


def content_sha256(title: str, text: str) -> str:
    """The hash that defines "changed": title and text, joined by a blank line."""
    return hashlib.sha256(f"{title}\n\n{text}".encode()).hexdigest()


def word_count(text: str) -> int:
    return len(text.split())


def to_json(record: ArticleRecord | dict[str, Any]) -> str:
    """The archive's byte form: UTF-8 text, fixed key order, 2-space indent, final newline."""
    ordered = {key: record.get(key) for key in FIELDS}
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema shipped in the package (lan_crawler/schema/article-v1.schema.json)."""
    text = (
        resources.files("lan_crawler").joinpath("schema/article-v1.schema.json").read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def resolve(spec: dict[str, Any]) -> dict[str, Any]:
    """A schema node with its `$ref` (to the schema's `$defs`) followed."""
    while "$ref" in spec:
        spec = schema()["$defs"][spec["$ref"].rpartition("/")[2]]
    return spec


def value_kind(spec: dict[str, Any]) -> tuple[str, bool]:
    """(JSON type, whether null is allowed) of a schema node: `{"type": ["string", "null"]}`
    and `{"oneOf": [{...string...}, {"type": "null"}]}` both give ("string", True)."""
    spec = resolve(spec)
    if "oneOf" in spec:
        kinds = [value_kind(option) for option in spec["oneOf"]]
        others = [kind for kind, _ in kinds if kind != "null"]
        if len(others) != 1:
            raise ValueError(f"a schema node of several types: {spec}")
        return others[0], any(kind == "null" or nullable for kind, nullable in kinds)
    kind = spec["type"]
    if isinstance(kind, list):
        others = [k for k in kind if k != "null"]
        return (others[0] if others else "null"), "null" in kind
    return kind, kind == "null"


def time_zone(spec: dict[str, Any]) -> str | None:
    """The IANA zone a date-time node's values are written in (its `x-time-zone`), or None
    for a node that is no date-time; a value-or-null node gives its value's zone."""
    spec = resolve(spec)
    options = [resolve(option) for option in spec.get("oneOf", [spec])]
    zones = [o["x-time-zone"] for o in options if o.get("format") == "date-time"]
    return zones[0] if zones else None


def field_spec(name: str) -> dict[str, Any]:
    """The schema node of one top-level field."""
    return resolve(schema()["properties"][name])


FIELDS: tuple[str, ...] = tuple(schema()["properties"])  # in the order of the JSON form
OPTIONAL_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f not in schema()["required"])


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def schema_errors(record: Any) -> list[str]:
    """Every way `record` breaks the schema, as `path: message` lines; empty when valid."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(record)'}: {error.message}"
        for error in sorted(_validator().iter_errors(record), key=lambda e: list(map(str, e.path)))
    ]
