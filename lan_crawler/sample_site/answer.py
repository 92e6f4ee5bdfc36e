"""What the sample site answers to a request: status, body, headers; a few common kinds."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "text/html; charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


def redirect(location: str, status: int = 301) -> Answer:
    """WordPress's redirect_canonical (and plugins') answer: no body, a Location."""
    return Answer(status, b"", headers={"Location": location})


def xml(body: str) -> Answer:
    return Answer(
        200,
        ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode(),
        content_type="application/xml; charset=UTF-8",
    )


def json_answer(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    """As WordPress's REST server sends JSON: compact, slashes escaped, UTF-8."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")
    return Answer(
        status,
        body.encode(),
        content_type="application/json; charset=UTF-8",
        headers=headers or {},
    )
