"""The archive README's examples run as written, on exports of a crawled archive."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from lan_crawler.cli import main as lan_archive
from lan_crawler.sample_site import Faults, load_posts, running
from tests.conftest import PROJECT_ROOT, run_crawl

README = (PROJECT_ROOT / "archive" / "README.md").read_text()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder holding `archive/` and the exports the README's examples read."""
    folder = tmp_path_factory.mktemp("readme")
    with running(Faults()) as server:
        assert run_crawl(server.base_url, folder / "archive").returncode == 0
    for fmt in ("parquet", "jsonl", "csv"):
        result = CliRunner().invoke(
            lan_archive,
            [
                "export",
                "--archive",
                str(folder / "archive"),
                "--format",
                fmt,
                "--out",
                str(folder / f"lan.{fmt}"),
            ],
        )
        assert result.exit_code == 0, result.output
    cwd = Path.cwd()
    os.chdir(folder)
    yield folder
    os.chdir(cwd)


def test_the_python_examples_run(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = blocks("python")
    assert len(examples) >= 2
    for code in examples:
        exec(compile(code, "archive/README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "2021" in printed and "Berita" in printed


def test_the_duckdb_examples_run(exports: Path) -> None:
    statements = [s.strip() for block in blocks("sql") for s in block.split(";") if s.strip()]
    assert len(statements) >= 3
    years = duckdb.sql(statements[0]).fetchall()
    assert sum(row[1] for row in years) == len(load_posts())
    for statement in statements[1:]:
        assert duckdb.sql(statement).fetchall()
