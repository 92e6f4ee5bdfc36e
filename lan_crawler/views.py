"""How `lan-archive` shows things to people: Rich tables, an article view, version diffs."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

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


def article_list(rows: list[Row], title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("published", no_wrap=True)
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("categories")
    for row in rows:
        table.add_row(row.published[:10], row.id, row.title, ", ".join(row.categories))
    return table


def search_results(rows: list[Row], query: str) -> Group:
    parts: list[Any] = [Text(f"{len(rows)} articles match {query!r}, best first", style="bold")]
    for rank, row in enumerate(rows, 1):
        head = Text.assemble((f"{rank}. ", "dim"), (row.title, "bold"), f"  {row.published[:10]}  ")
        head.append(row.id, style="dim")
        parts += [head, Text.from_markup("   " + highlighted(row.snippet or ""))]
    return Group(*parts)


def highlighted(snippet: str) -> str:
    """A search snippet as Rich markup, the matched words highlighted."""
    flat = " ".join(snippet.split())
    return escape(flat).replace("\x02", "[bold yellow]").replace("\x03", "[/bold yellow]")


def article(record: dict[str, Any], path: str, withdrawn: dict[str, Any] | None) -> Group:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    for name, value in (
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
    ):
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


def stats_tables(stats: ArchiveStats) -> Group:
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
    for title, counts in (
        ("per year", stats.per_year),
        ("per category", stats.per_category),
        ("per month", stats.per_month),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column(title.removeprefix("per "))
        table.add_column("articles", justify="right")
        for key, value in counts.items():
            table.add_row(key, str(value))
        tables.append(table)
    return Group(*tables)


def problems(found: list[Problem]) -> Table:
    table = Table(title=f"{len(found)} problems", title_justify="left")
    table.add_column("file")
    table.add_column("problem")
    for problem in found:
        table.add_row(problem.path, escape(problem.problem))
    return table
