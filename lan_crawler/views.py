"""How `lan-archive` shows things to people: Rich tables, an article view, version diffs.

On a terminal, Rich renderables that wrap long cells and never cut a path; anywhere else
(a pipe, a file), plain lines: one record per line, tab-separated, nothing cut.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from rich import box
from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from lan_crawler.index import Row
from lan_crawler.stats import ArchiveStats
from lan_crawler.verify import Problem

COMPARED = (
    "title",
    "published",
    "modified",
    "author",
    "categories",
    "tags",
    "dateline",
    "images",
    "attachments",
)


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 article`, `2 articles`: the count with its noun (`words` for an irregular plural)."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def cell(value: object) -> str:
    """A value on one line: a plain line is one record, whatever its text holds."""
    return " ".join(str(value).split())


def plain_lines(rows: Sequence[tuple[object, ...]]) -> str:
    """Tab-separated lines, one per row, each value whole."""
    return "".join("\t".join(cell(value) for value in row) + "\n" for row in rows)


def article_list(rows: list[Row], title: str) -> Table:
    # the title column takes what the others leave and wraps; the categories go under it
    # rather than in a column of their own, which would squeeze it on a narrow terminal
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("published", no_wrap=True)
    table.add_column("id", no_wrap=True)
    table.add_column("title, categories", overflow="fold", ratio=1)
    for row in rows:
        text = Text(row.title)
        if row.categories:
            text.append("\n" + ", ".join(row.categories), style="dim")
        table.add_row(row.published[:10], row.id, text)
    return table


def article_lines(rows: list[Row]) -> str:
    """published, id, title, categories: one article per line."""
    return plain_lines([(r.published[:10], r.id, r.title, ", ".join(r.categories)) for r in rows])


def search_results(rows: list[Row], query: str, ranked: bool = True) -> Group:
    """The matches, numbered; `ranked`: best first, else newest first (a common word)."""
    count = f"{plural(len(rows), 'article')} {'matches' if len(rows) == 1 else 'match'} {query!r}"
    order = ", best first" if ranked else ", newest first"
    parts: list[Any] = [Text(count + (order if len(rows) > 1 else ""), style="bold")]
    for rank, row in enumerate(rows, 1):
        head = Text.assemble((f"{rank}. ", "dim"), (row.title, "bold"), f"  {row.published[:10]}  ")
        head.append(row.id, style="dim")
        parts += [head, Text.from_markup("   " + highlighted(row.snippet or ""))]
    return Group(*parts)


def search_lines(rows: list[Row]) -> str:
    """published, id, title, snippet: one match per line, best first."""
    return plain_lines([(r.published[:10], r.id, r.title, unmarked(r.snippet or "")) for r in rows])


def unmarked(snippet: str) -> str:
    """A search snippet without its hit markers."""
    return snippet.replace("\x02", "").replace("\x03", "")


def highlighted(snippet: str) -> str:
    """A search snippet as Rich markup, the matched words highlighted."""
    flat = " ".join(snippet.split())
    return escape(flat).replace("\x02", "[bold yellow]").replace("\x03", "[/bold yellow]")


def article(record: dict[str, Any], path: str, withdrawn: dict[str, Any] | None) -> Group:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column(overflow="fold")  # a path or URL wraps, never cut
    for name, value in article_facts(record, path):
        facts.add_row(name, escape(str(value)))
    if withdrawn:
        facts.add_row(
            "status",
            f"[bold red]withdrawn[/] since {withdrawn['withdrawn']} "
            f"(first missing {withdrawn['first_missing']}: {withdrawn['reason']})",
        )
    parts: list[Any] = [Text(record["title"], style="bold"), facts]
    if record["extraction"]["warnings"]:
        parts.append(
            Text("warnings: " + "; ".join(record["extraction"]["warnings"]), style="yellow")
        )
    parts.append(Panel(Text(record["text"]), border_style="dim"))
    return Group(*parts)


def article_facts(record: dict[str, Any], path: str) -> list[tuple[str, Any]]:
    return [
        ("id", record["id"]),
        ("published", record["published"]),
        ("modified", record.get("modified") or "-"),
        ("author", record.get("author") or "-"),
        ("categories", ", ".join(record["categories"]) or "-"),
        ("tags", ", ".join(record["tags"]) or "-"),
        ("url", record["url"]),
        ("file", path),
        ("fetched", record.get("fetched_at") or "-"),
        ("extraction", record["extraction"]["method"]),
    ]


def article_plain(record: dict[str, Any], path: str, withdrawn: dict[str, Any] | None) -> str:
    """title and each fact, tab-separated, one a line; a blank line; the text as stored."""
    rows: list[tuple[object, ...]] = [("title", record["title"]), *article_facts(record, path)]
    if withdrawn:
        rows.append(("withdrawn", f"{withdrawn['withdrawn']}: {withdrawn['reason']}"))
    rows += [("warning", warning) for warning in record["extraction"]["warnings"]]
    return f"{plain_lines(rows)}\n{record['text']}\n"


def as_text(record: Mapping[str, Any]) -> str:
    """The title, a date line, a blank line, the body text (a part the page lacks left out)."""
    head = "\n".join(line for line in (record["title"], record["published"]) if line)
    return f"{head}\n\n{record['text']}\n" if head else f"{record['text']}\n"


def as_markdown(record: Mapping[str, Any]) -> str:
    """`# title`, one list line per known fact, then the body's paragraphs."""
    facts = [
        ("Published", record["published"]),
        ("Modified", record["modified"]),
        ("Author", record["author"]),
        ("Categories", ", ".join(record["categories"])),
        ("Tags", ", ".join(record["tags"])),
        ("URL", record["url"]),
    ]
    blocks = [f"# {record['title']}"] if record["title"] else []
    if known := [f"- {name}: {value}" for name, value in facts if value]:
        blocks.append("\n".join(known))
    # a list's items and a table's rows are lines of one paragraph: hard breaks keep them so
    blocks += [paragraph.replace("\n", "\\\n") for paragraph in record["text"].split("\n\n")]
    return "\n\n".join(blocks) + "\n"


def versions(history: list[dict[str, Any]], current: dict[str, Any]) -> Group:
    """Each version, then what changed from the one before: fields, and the text as a diff."""
    chain = [*history, current]
    if not history:
        return Group(Text(f"{current['id']} has one version: it never changed", style="bold"))
    heading = f"{len(chain)} versions of {current['id']}, oldest first"
    parts: list[Any] = [Text(heading, style="bold")]
    for number, (before, after) in enumerate(pairwise(chain), 2):
        parts.append(
            Text(
                f"\nversion {number} (fetched {after.get('fetched_at')}) against "
                f"version {number - 1} (fetched {before.get('fetched_at')})",
                style="bold",
            )
        )
        changed = changes(before, after)
        if not changed:
            parts.append(Text("  no change in the fields shown", style="dim"))
        for name, old, new in changed:
            parts.append(
                Text.assemble(f"  {name}: ", (str(old), "red"), " -> ", (str(new), "green"))
            )
        diff = text_diff(before["text"], after["text"])
        if diff:
            parts.append(Text("  text:"))
            for line in diff:
                style = (
                    "green" if line.startswith("+") else "red" if line.startswith("-") else "dim"
                )
                parts.append(Text("    " + line, style=style))
    return Group(*parts)


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for every compared field that differs."""
    return [(f, before.get(f), after.get(f)) for f in COMPARED if before.get(f) != after.get(f)]


def text_diff(before: str, after: str) -> list[str]:
    """A unified diff of two texts, paragraph per line, without file headers."""
    lines = difflib.unified_diff(before.split("\n"), after.split("\n"), lineterm="", n=1)
    return [line for line in lines if not line.startswith(("---", "+++"))]


def stats_tables(stats: ArchiveStats, width: int) -> Group:
    """The figures, then per year and per category, then a bar per month (gaps included)."""
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="dim")
    summary.add_column()
    summary.add_row("articles", str(stats.articles))
    summary.add_row("first, last", f"{stats.first_day} .. {stats.last_day}")
    summary.add_row(
        "words", f"{stats.words_total} (mean {stats.words_mean}, median {stats.words_median})"
    )
    summary.add_row(
        "months with no article", ", ".join(stats.empty_months) if stats.empty_months else "none"
    )
    tables: list[Any] = [summary]
    for title, counts in (("per year", stats.per_year), ("per category", stats.per_category)):
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column(title.removeprefix("per "), overflow="fold")
        table.add_column("articles", justify="right")
        for key, value in counts.items():
            table.add_row(key, str(value))
        tables.append(table)
    tables += [Text("per month", style="italic"), month_chart(stats, width)]
    return Group(*tables)


BAR = "█"


def month_chart(stats: ArchiveStats, width: int) -> Text:
    """One line per month from the first to the last, a bar as long as its count allows."""
    months = {**dict.fromkeys(stats.empty_months, 0), **stats.per_month}
    most = max(months.values(), default=0)
    digits = len(str(most))
    room = max(1, min(40, width - len("2021-03 ") - digits - 1))  # the longest bar
    chart = Text()
    for month, count in sorted(months.items()):
        bar = BAR * (round(count * room / most) if count else 0)
        chart.append(f"{month} ")
        chart.append(bar, style="cyan")
        chart.append(f"{' ' if bar else ''}{count}\n", style="dim" if not count else "")
    chart.rstrip()
    return chart


def stats_lines(stats: ArchiveStats) -> str:
    """Every figure on a line of its own: name, [key,] value."""
    rows: list[tuple[object, ...]] = [
        ("articles", stats.articles),
        ("first_day", stats.first_day),
        ("last_day", stats.last_day),
        ("words_total", stats.words_total),
        ("words_mean", stats.words_mean),
        ("words_median", stats.words_median),
    ]
    rows += [("year", year, count) for year, count in stats.per_year.items()]
    rows += [("month", month, count) for month, count in stats.per_month.items()]
    rows += [("empty_month", month) for month in stats.empty_months]
    rows += [("category", name, count) for name, count in stats.per_category.items()]
    return plain_lines(rows)


def problems(found: list[Problem], checked: int) -> Group:
    """Each problem: its file's path whole on a line of its own, then what is wrong."""
    parts: list[Any] = [
        Text(f"{plural(len(found), 'problem')} in {plural(checked, 'record')}", style="bold")
    ]
    for problem in found:
        # a path is never cut: a line that does not fit is the terminal's to wrap
        parts.append(Text(problem.path, style="bold", no_wrap=True, overflow="ignore"))
        parts.append(Text("  " + problem.problem, style="red"))
    return Group(*parts)


def problem_lines(found: list[Problem]) -> str:
    """path, problem: one problem per line."""
    return plain_lines([(p.path, p.problem) for p in found])
