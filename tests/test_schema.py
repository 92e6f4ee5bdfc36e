"""The shipped JSON Schema: itself valid, and strict about the record's shape."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from lan_crawler.record import FIELDS, OPTIONAL_FIELDS, schema, schema_errors
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
