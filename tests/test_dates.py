"""Indonesian dates to ISO 8601: full, partial, English, and malformed (None + warning)."""

from __future__ import annotations

from datetime import date

import pytest

from lan_crawler.extract.dates import parse_date

REF = date(2021, 3, 30)  # the page's own date, for yearless body dates

VALID = [
    ("29 Maret 2021", None, "2021-03-29"),
    ("Senin, 29 Maret 2021", None, "2021-03-29"),
    ("senin 29 maret 2021", None, "2021-03-29"),
    ("29 Maret 2021 10:15 WIB", None, "2021-03-29T10:15:00+07:00"),
    ("29 Maret 2021 pukul 11.15 WITA", None, "2021-03-29T10:15:00+07:00"),
    ("29 Maret 2021, 12:15 WIT", None, "2021-03-29T10:15:00+07:00"),
    ("Jum'at, 3 Desember 2021", None, "2021-12-03"),
    ("3 Des 2021", None, "2021-12-03"),
    ("17 Agt 2023", None, "2023-08-17"),
    ("17 Agu 2023", None, "2023-08-17"),
    ("17 Agustus 2023", None, "2023-08-17"),
    ("5 Sept 2023", None, "2023-09-05"),
    ("10 Okt 2023", None, "2023-10-10"),
    ("7 Nop 2024", None, "2024-11-07"),
    ("7 Nov 2024", None, "2024-11-07"),
    ("1 Pebruari 2022", None, "2022-02-01"),
    ("March 29, 2021", None, "2021-03-29"),
    ("Monday, 29 March 2021", None, "2021-03-29"),
    ("29/03/2021", None, "2021-03-29"),
    ("Kamis (14/10/2021)", None, "2021-10-14"),
    ("Senin (29/3)", REF, "2021-03-29"),
    ("di Jakarta, Senin (29/3). Hadir pula", REF, "2021-03-29"),
    ("Rabu (30/12)", date(2021, 1, 4), "2020-12-30"),  # yearless, just before New Year
    ("Senin (3/1)", date(2021, 12, 20), "2022-01-03"),  # an announcement looking ahead
    ("2021-03-29T03:15:00+00:00", None, "2021-03-29T10:15:00+07:00"),
    ("2021-03-29T10:15:00+07:00", None, "2021-03-29T10:15:00+07:00"),
    ("2021-03-28T20:00:00Z", None, "2021-03-29T03:00:00+07:00"),  # crosses midnight in Jakarta
    ("2021-03-29 10:15:00", None, "2021-03-29T10:15:00+07:00"),  # no offset: WIB
    ("2021-03-29", None, "2021-03-29"),
]

MALFORMED = [
    ("", None, "empty"),
    ("   ", None, "empty"),
    ("kemarin sore", None, "no date"),
    ("29 Maretz 2021", None, "unknown month"),
    ("31 Februari 2021", None, "impossible date"),
    ("29 Maret 2021 25:10 WIB", None, "impossible time"),
    ("Selasa, 29 Maret 2021", None, "weekday"),  # 29 March 2021 was a Monday
    ("Selasa (29/3)", REF, "weekday"),
    ("Senin (29/3)", None, "no reference"),  # yearless, and nothing to resolve it against
    ("Senin (31/2)", REF, "impossible date"),
    ("2021-13-45T10:00:00", None, "invalid date"),
]


@pytest.mark.parametrize(("text", "reference", "expected"), VALID)
def test_valid_dates(text: str, reference: date | None, expected: str) -> None:
    parsed, warning = parse_date(text, reference=reference)
    assert warning is None
    assert parsed is not None
    assert parsed.isoformat() == expected


@pytest.mark.parametrize(("text", "reference", "why"), MALFORMED)
def test_malformed_dates_give_none_and_a_warning(
    text: str, reference: date | None, why: str
) -> None:
    parsed, warning = parse_date(text, reference=reference)
    assert parsed is None
    assert warning is not None
    assert why in warning
