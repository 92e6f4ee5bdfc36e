"""Figures about the archive for archivists: counts by period and category, gaps, word counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ArchiveStats:
    articles: int
    first_day: str | None
    last_day: str | None
    per_year: dict[str, int]
    per_month: dict[str, int]  # YYYY-MM, only months with articles
    per_category: dict[str, int]  # most articles first
    empty_months: list[str]  # months between the first and the last with no article
    words_total: int
    words_mean: float
    words_median: float


def compute(facts: list[tuple[str, list[str], int]]) -> ArchiveStats:
    """Statistics from (day, categories, word count) of every record."""
    days = [day for day, _, _ in facts]
    return summarize(
        Counter(day[:7] for day in days),
        Counter(name for _, names, _ in facts for name in names),
        Counter(count for _, _, count in facts),
        min(days, default=None),
        max(days, default=None),
    )


def summarize(
    per_month: Mapping[str, int],
    per_category: Mapping[str, int],
    word_counts: Mapping[int, int],
    first_day: str | None,
    last_day: str | None,
) -> ArchiveStats:
    """Statistics from counts: articles per month (YYYY-MM) and per category, articles per
    word count, and the first and last day."""
    articles = sum(per_month.values())
    months = sorted(per_month.items())
    per_year: dict[str, int] = {}
    for month, count in months:  # in order: the years come sorted
        per_year[month[:4]] = per_year.get(month[:4], 0) + count
    words_total = sum(words * n for words, n in word_counts.items())
    return ArchiveStats(
        articles=articles,
        first_day=first_day,
        last_day=last_day,
        per_year=per_year,
        per_month=dict(months),
        per_category=dict(sorted(per_category.items(), key=lambda kv: (-kv[1], kv[0]))),
        empty_months=[m for m in months_between(first_day[:7], last_day[:7]) if m not in per_month]
        if first_day and last_day
        else [],
        words_total=words_total,
        # as statistics.mean and .median give them, without a list of a million counts
        words_mean=round(words_total / articles, 1) if articles else 0.0,
        words_median=_median(word_counts, articles),
    )


def _median(counts: Mapping[int, int], total: int) -> float:
    """The median of `total` values given as value -> how many times."""
    if not total:
        return 0.0
    wanted = sorted({(total - 1) // 2, total // 2})  # the middle one, or the middle two
    found: list[int] = []
    seen = 0
    for value, n in sorted(counts.items()):
        seen += n
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
        if not wanted:
            break
    return float(sum(found) / len(found)) if len(found) == 2 else float(found[0])


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), both included."""
    start, end = int(first[:4]), int(last[:4])
    # whole years, then the months before `first` and after `last` cut off (a list of
    # strings made this way costs a quarter of one built month by month)
    names = [f"{year:04d}" + month for year in range(start, end + 1) for month in _MONTHS]
    return names[int(first[5:7]) - 1 : len(names) - 12 + int(last[5:7])]


_MONTHS = [f"-{month:02d}" for month in range(1, 13)]
