"""The archive README's examples run as written, on exports of a crawled archive, and count
months as `lan-archive stats` does."""

from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from lan_crawler.archive import Archive, guides
from lan_crawler.cli import main as lan_archive
from lan_crawler.sample_site import Faults, load_posts, running
from tests.conftest import PROJECT_ROOT, run_crawl
from tests.test_exports import RECORDS as BOUNDARY_RECORDS

README = guides()["README.md"].decode()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


def lan_archive_ok(*args: str) -> str:
    result = CliRunner().invoke(lan_archive, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder holding `archive/` and the exports the README's examples read: the sample site
    crawled (its items also as a Scrapy CSV feed), then records published near month ends
    stored through the archive, whose month in Jakarta is not their month in UTC."""
    folder = tmp_path_factory.mktemp("readme")
    with running(Faults()) as server:
        crawled = run_crawl(server.base_url, folder / "archive", "-o", str(folder / "feed.csv"))
        assert crawled.returncode == 0
    archive = Archive(folder / "archive")
    for record in BOUNDARY_RECORDS:
        archive.store(record)  # type: ignore[arg-type]
    archive.index.close()
    cwd = Path.cwd()
    os.chdir(folder)
    for fmt in ("parquet", "jsonl", "csv"):
        lan_archive_ok("export", "--archive", "archive", "--format", fmt, "--out", f"lan.{fmt}")
    lan_archive_ok(
        "export",
        "--archive",
        "archive",
        "--format",
        "parquet",
        "--out",
        "lan",
        "--partition-by",
        "year",
    )
    yield folder
    os.chdir(cwd)


@pytest.fixture(scope="module")
def stats(exports: Path) -> dict[str, Any]:
    figures: dict[str, Any] = json.loads(lan_archive_ok("stats", "--archive", "archive", "--json"))
    return figures


def test_the_archive_readme_in_the_repository_is_the_one_archives_get() -> None:
    assert (PROJECT_ROOT / "archive" / "README.md").read_text() == README


def test_the_boundary_records_tell_jakarta_months_from_utc_ones(stats: dict[str, Any]) -> None:
    utc = Counter(
        datetime.fromisoformat(r["published"]).astimezone(UTC).strftime("%Y-%m")
        for r in BOUNDARY_RECORDS
    )
    local = Counter(r["published"][:7] for r in BOUNDARY_RECORDS)
    assert utc != local  # a recipe grouping by UTC would fail the tests below
    assert stats["articles"] == len(load_posts()) + len(BOUNDARY_RECORDS)


def test_the_python_examples_count_months_as_stats_does(
    exports: Path, stats: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    examples = blocks("python")
    counted = 0
    for code in examples:
        names: dict[str, Any] = {}
        exec(compile(code, "archive/README.md", "exec"), names)
        if "per_month" in names:
            assert {k: int(v) for k, v in names["per_month"].items()} == stats["per_month"]
            counted += 1
    assert counted == 2  # from the Parquet export and from the record files
    printed = capsys.readouterr().out
    assert "2021" in printed and "Berita" in printed


def test_the_spark_example_counts_months_as_stats_does(
    exports: Path, stats: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    (code,) = blocks("python spark")
    names: dict[str, Any] = {}
    try:
        exec(compile(code, "archive/README.md", "exec"), names)
    finally:
        if "spark" in names:
            names["spark"].stop()
    assert names["per_month"] == stats["per_month"]
    assert "Berita" in capsys.readouterr().out  # the categories it shows


def test_the_duckdb_examples_count_months_and_years_as_stats_does(
    exports: Path, stats: dict[str, Any]
) -> None:
    statements = [s.strip() for block in blocks("sql") for s in block.split(";") if s.strip()]
    kinds: Counter[str] = Counter()
    for statement in statements:
        result = duckdb.sql(statement)
        rows = result.fetchall()
        assert rows
        key = result.columns[0]
        if key in ("month", "year"):
            assert {str(row[0]): row[1] for row in rows} == stats[f"per_{key}"], statement
            kinds[key] += 1
    assert kinds == {"month": 2, "year": 1}


def test_a_scrapy_csv_feed_is_the_export_s_csv(exports: Path) -> None:
    def rows(path: Path) -> list[list[str]]:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.reader(handle))

    feed, export = rows(exports / "feed.csv"), rows(exports / "lan.csv")
    assert feed[0] == export[0]
    crawled = {row[1]: row for row in export[1:] if row[1].startswith("127.0.0.1:")}
    assert sorted(feed[1:]) == sorted(crawled.values())
    assert len(crawled) == len(load_posts())


def test_a_crawl_puts_the_readme_and_the_schema_into_the_archive(exports: Path) -> None:
    for name, data in guides().items():
        assert (exports / "archive" / name).read_bytes() == data
