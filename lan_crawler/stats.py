"""Figures about the archive for archivists: counts by period and category, gaps, word counts."""

from __future__ import annotations

import statistics
from collections import Counter
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
    days = sorted(day for day, _, _ in facts)
    words = [count for _, _, count in facts]
    per_month = Counter(day[:7] for day in days)
    categories = Counter(name for _, names, _ in facts for name in names)
    return ArchiveStats(
        articles=len(facts),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        per_year=dict(sorted(Counter(day[:4] for day in days).items())),
        per_month=dict(sorted(per_month.items())),
        per_category=dict(sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))),
        empty_months=[m for m in months_between(days[0][:7], days[-1][:7]) if m not in per_month]
        if days
        else [],
        words_total=sum(words),
        words_mean=round(statistics.mean(words), 1) if words else 0.0,
        words_median=float(statistics.median(words)) if words else 0.0,
    )


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), both included."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    found = []
    while (year, month) <= end:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found
