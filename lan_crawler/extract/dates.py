"""Dates as Indonesian WordPress sites print them, to ISO 8601 in Asia/Jakarta.

Malformed or ambiguous input gives `(None, warning)`: a date is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

WIB = timezone(timedelta(hours=7), "WIB")  # Asia/Jakarta has kept +07:00 since 1964
_ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januari january jan",
        "februari february pebruari feb peb",
        "maret march mar",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agu agt agus ags aug",
        "september sept sep",
        "oktober october okt oct",
        "november nopember nov nop",
        "desember december des dec",
    ),
    start=1,
):
    MONTHS.update(dict.fromkeys(_names.split(), _number))

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "senin monday",
        "selasa tuesday",
        "rabu wednesday",
        "kamis thursday",
        "jumat jum'at jum’at friday",
        "sabtu saturday",
        "minggu ahad sunday",
    )
):
    WEEKDAYS.update(dict.fromkeys(_names.split(), _number))

# weekday names spelled out, so that scanning a whole body for dates stays fast
_WEEKDAY = "(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_TIME = (
    r"(?:[,\s]+(?:pukul\s+|jam\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"(?:\s*(?P<zone>WIB|WITA|WIT))?)?"
)
_ISO = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)",
    re.ASCII,
)
_DAY_MONTH_YEAR = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?P<day>\d{{1,2}})\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>\d{{4}}){_TIME}",
    re.IGNORECASE | re.ASCII,
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}}){_TIME}",
    re.IGNORECASE | re.ASCII,
)
_NUMERIC = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?P<day>\d{{1,2}})[/.-](?P<month>\d{{1,2}})[/.-](?P<year>\d{{4}}){_TIME}",
    re.IGNORECASE | re.ASCII,
)
_PARTIAL = re.compile(
    rf"(?:\b{_WEEKDAY}\s*)?\((?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})(?:/(?P<year>\d{{2}}|\d{{4}}))?\)",
    re.IGNORECASE | re.ASCII,
)


@dataclass(frozen=True)
class ParsedDate:
    """A calendar day, and the wall-clock time in Asia/Jakarta when the text gave one."""

    day: date
    time: time | None = None

    def to_datetime(self) -> datetime:
        """The moment in Asia/Jakarta; midnight when no time was given."""
        return datetime.combine(self.day, self.time or time(0), WIB)

    def isoformat(self) -> str:
        return self.to_datetime().isoformat() if self.time else self.day.isoformat()

    def day_in(self, zone: tzinfo) -> date:
        """The calendar day on the site's clock (a bare day is already the site's)."""
        return self.to_datetime().astimezone(zone).date() if self.time else self.day


def to_jakarta(moment: datetime, local: tzinfo = WIB) -> datetime:
    """The same instant in Asia/Jakarta; a naive time is taken as the site's `local` time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local)
    return moment.astimezone(WIB)


def jakarta_iso(moment: datetime) -> str:
    """ISO 8601 with the +07:00 offset, seconds precision: the record's date format."""
    return to_jakarta(moment).replace(microsecond=0).isoformat()


def parse_date(
    text: str, *, reference: date | None = None, local: tzinfo = WIB
) -> tuple[ParsedDate | None, str | None]:
    """Parse the first date in `text`; `(None, warning)` when it is absent or malformed.

    `reference` (the page's own date) resolves yearless body dates like `Senin (29/3)`;
    a time without offset or zone name is the site's `local` time.
    """
    text = " ".join(text.split())
    if not text:
        return None, "empty date"
    if match := _ISO.search(text):
        return _from_iso(match["iso"], local)
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC):
        if match := pattern.search(text):
            return _from_parts(match, None, local)
    if match := _PARTIAL.search(text):
        return _from_parts(match, reference, local)
    return None, f"no date in {text[:60]!r}"


def _from_iso(value: str, local: tzinfo) -> tuple[ParsedDate | None, str | None]:
    try:
        moment = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        return None, f"invalid date {value!r}"
    if "T" not in value and " " not in value:
        return ParsedDate(moment.date()), None
    jakarta = to_jakarta(moment, local)
    return ParsedDate(jakarta.date(), jakarta.time().replace(microsecond=0)), None


def _from_parts(
    match: re.Match[str], reference: date | None, local: tzinfo = WIB
) -> tuple[ParsedDate | None, str | None]:
    found = match[0]
    raw_month = match["month"]
    month = int(raw_month) if raw_month.isdigit() else MONTHS.get(raw_month.lower())
    if month is None:
        return None, f"unknown month {raw_month!r} in {found!r}"
    day_number = int(match["day"])
    weekday = (match["weekday"] or "").lower()
    raw_year = match["year"]
    if raw_year:
        years = [int(raw_year) + (2000 if len(raw_year) == 2 else 0)]
    elif reference is None:
        return None, f"yearless date {found!r} and no reference date"
    else:
        years = [reference.year - 1, reference.year, reference.year + 1]
    candidates = []
    for year in years:
        try:
            candidates.append(date(year, month, day_number))
        except ValueError:
            continue
    if reference and not raw_year:
        # a yearless day lies within half a year of the page's own date: take the nearest
        candidates = sorted(
            (d for d in candidates if abs(d - reference) <= timedelta(days=183)),
            key=lambda d: abs(d - reference),
        )[:1]
    if not candidates:
        return None, f"impossible date {found!r}"
    day = candidates[0]
    if weekday in WEEKDAYS and WEEKDAYS[weekday] != day.weekday():
        return None, f"weekday {match['weekday']!r} does not match {day} in {found!r}"
    if "hour" not in match.groupdict() or match["hour"] is None:
        return ParsedDate(day), None
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        return None, f"impossible time in {found!r}"
    zone = match["zone"]
    wall = datetime.combine(
        day, time(hour, minute), timezone(timedelta(hours=_ZONES[zone.upper()])) if zone else local
    )
    jakarta = wall.astimezone(WIB)
    return ParsedDate(jakarta.date(), jakarta.time()), None


def body_date_warnings(text: str, reference: date) -> list[str]:
    """Problems with the body's weekday-dated partial dates (`Senin (29/3)`) near `reference`.

    A weekday that fits no nearby day hints at a typo or at a page dated wrongly.
    """
    warnings = []
    for match in _PARTIAL.finditer(text):
        if (match["weekday"] or "").lower() in WEEKDAYS:
            _, problem = _from_parts(match, reference)
            if problem:
                warnings.append(f"body date: {problem}")
    return warnings
