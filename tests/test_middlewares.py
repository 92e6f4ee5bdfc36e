"""How long a server asks a crawler to wait (`Retry-After`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy.http import Response

from lan_crawler.middlewares import _retry_after


def answer(value: str | None) -> Response:
    headers = {"Retry-After": value} if value is not None else {}
    return Response("https://lan.go.id/?p=1", status=429, headers=headers)


def test_retry_after_in_seconds() -> None:
    assert _retry_after(answer("120")) == 120.0


def test_retry_after_as_an_http_date() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    assert _retry_after(answer(later)) == pytest.approx(90, abs=2)
    earlier = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    assert _retry_after(answer(earlier)) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "-5"])
def test_no_usable_retry_after(value: str | None) -> None:
    assert _retry_after(answer(value)) is None
