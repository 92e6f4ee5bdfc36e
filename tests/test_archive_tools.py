"""`lan-archive` verbs on an archive built by a real crawl of the sample site."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from lan_crawler.cli import main as lan_archive
from lan_crawler.sample_site import Faults, load_posts, running
from lan_crawler.sample_site.posts import expected_text
from lan_crawler.stats import months_between
from tests.conftest import run_crawl
from tests.test_exports import from_arrow

POSTS = load_posts()
EDITED, GONE = POSTS[1], POSTS[20]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Crawled twice: between the runs one post is edited and one deleted."""
    archive = tmp_path_factory.mktemp("built") / "archive"
    with running(Faults()) as server:
        assert run_crawl(server.base_url, archive).returncode == 0
        server.site.edit_post(EDITED.id, title=EDITED.title + " (Revisi)")
        server.site.delete_post(GONE.id, stale_sitemap=True)
        assert run_crawl(server.base_url, archive).returncode == 0
    yield archive


@pytest.fixture
def archive(built: Path, tmp_path: Path) -> Path:
    """A copy of the built archive, for a test to damage."""
    copy = tmp_path / "archive"
    shutil.copytree(built, copy)
    return copy


def cli(*args: str) -> Result:
    # a wide terminal, so that table cells do not wrap the phrases the tests look for
    return CliRunner(env={"COLUMNS": "300"}).invoke(lan_archive, list(args), catch_exceptions=False)


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(*args: str, columns: int = 120, env: dict[str, str] | None = None) -> Result:
    """The verb as a person sees it on a terminal this wide (styles stripped from output)."""
    runner = CliRunner(env={"COLUMNS": str(columns), "TTY_COMPATIBLE": "1", **(env or {})})
    result = runner.invoke(lan_archive, list(args), catch_exceptions=False)
    result.stdout_bytes = ANSI.sub("", result.stdout).encode()
    return result


def as_json(*args: str) -> Any:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def file_records(archive: Path) -> dict[str, dict[str, Any]]:
    return {
        r["id"]: r for r in (json.loads(p.read_text()) for p in archive.glob("[0-9]*/*/*/*.json"))
    }


# --- list ---------------------------------------------------------------------------------


def test_list_is_newest_first_with_a_limit(built: Path) -> None:
    rows = as_json("list", "--archive", str(built), "--limit", "5")
    assert [r["id"] for r in rows] == [f"127.0.0.1:{p.id}" for p in POSTS[:5]]
    assert rows[1]["title"] == EDITED.title + " (Revisi)"
    table = cli("list", "--archive", str(built), "--limit", "2").output
    assert f"127.0.0.1:{POSTS[0].id}" in table and f"127.0.0.1:{POSTS[2].id}" not in table


def test_list_filters(built: Path) -> None:
    rows = as_json(
        "list",
        "--archive",
        str(built),
        "--since",
        "2022-01-01",
        "--until",
        "2022-12-31",
        "--category",
        "pengumuman",
        "--limit",
        "100",
    )
    expected = [p for p in POSTS if p.published.year == 2022 and "Pengumuman" in p.categories]
    assert [r["id"] for r in rows] == [f"127.0.0.1:{p.id}" for p in expected]
    assert rows and all("Pengumuman" in r["categories"] for r in rows)


def test_list_of_an_empty_or_missing_archive(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("list", "--archive", str(empty))
    assert result.exit_code == 0 and "holds no articles" in result.output
    missing = cli("list", "--archive", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1 and "no archive at" in missing.output


# --- show ---------------------------------------------------------------------------------


def test_show_finds_an_article_by_id_post_id_url_and_path(built: Path) -> None:
    post = POSTS[5]
    record_id = f"127.0.0.1:{post.id}"
    path = next(built.glob(f"[0-9]*/*/*/{post.id}-*.json"))
    url = json.loads(path.read_text())["url"]
    for ref in (record_id, str(post.id), url, str(path)):
        result = cli("show", "--archive", str(built), ref)
        assert result.exit_code == 0, result.output
        assert post.title[:30] in result.output
        assert expected_text(post).split(".")[0][:40] in " ".join(result.output.split())
    raw = cli("show", "--archive", str(built), record_id, "--json")
    assert raw.stdout == path.read_text()


def test_show_versions_says_what_changed_and_that_a_post_was_withdrawn(built: Path) -> None:
    edited = cli("show", "--archive", str(built), str(EDITED.id), "--versions").output
    assert "2 versions" in edited
    assert f"title: {EDITED.title} -> {EDITED.title} (Revisi)" in " ".join(edited.split())
    data = as_json("show", "--archive", str(built), str(EDITED.id), "--versions")
    assert data["versions"][0]["title"] == EDITED.title
    assert data["current"]["title"] == EDITED.title + " (Revisi)"
    gone = as_json("show", "--archive", str(built), str(GONE.id), "--versions")
    assert gone["withdrawn"]["reason"] == "HTTP 404"
    assert "withdrawn" in cli("show", "--archive", str(built), str(GONE.id)).output


def test_show_of_an_unknown_article_is_a_clear_error(built: Path) -> None:
    for ref in ("127.0.0.1:424242", "424242", "http://127.0.0.1:1/?p=424242"):
        result = cli("show", "--archive", str(built), ref)
        assert result.exit_code == 1
        assert f"no article {ref}" in result.output
    assert "not a post URL" in cli("show", "--archive", str(built), "http://x.org/a").output


# --- search -------------------------------------------------------------------------------


def title_word() -> tuple[str, int]:
    """A word in exactly one title that several bodies also use, and that post's id."""
    for post in POSTS:
        for word in post.title.lower().split():
            if len(word) < 6 or not word.isalpha():
                continue
            in_titles = [p for p in POSTS if word in p.title.lower().split()]
            in_bodies = [p for p in POSTS if word in expected_text(p).lower()]
            if len(in_titles) == 1 and len(in_bodies) >= 3:
                return word, post.id
    raise AssertionError("no suitable word")


def test_search_ranks_the_title_match_first_with_snippets(built: Path) -> None:
    word, post_id = title_word()
    rows = as_json("search", "--archive", str(built), word)
    assert rows[0]["id"] == f"127.0.0.1:{post_id}"
    assert len(rows) >= 3
    assert all(word in r["snippet"].lower() or word in r["title"].lower() for r in rows)
    human = on_terminal("search", "--archive", str(built), word).stdout
    assert "best first" in human and "1. " in human


def test_search_ignores_case_and_accents_and_takes_filters(built: Path) -> None:
    plain = as_json("search", "--archive", str(built), "kompetensi digital")
    shouted = as_json("search", "--archive", str(built), "KOMPETÉNSI Digital")
    assert [r["id"] for r in plain] == [r["id"] for r in shouted] and plain
    only_2021 = as_json(
        "search", "--archive", str(built), "kompetensi digital", "--until", "2021-12-31"
    )
    assert only_2021 and all(r["published"] < "2022" for r in only_2021)
    assert as_json("search", "--archive", str(built), "AND NOT NEAR * ^") == []  # plain words


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ('"kompetensi digital', 'unbalanced quote: the phrase "kompetensi digital has no end'),
        (
            "NEAR(kompetensi digital)",
            "parentheses are not part of the search syntax, in NEAR(kompetensi:",
        ),
        ("kompetensi OR", "OR needs a word on each side"),
    ],
)
def test_a_search_the_syntax_refuses_is_one_clear_error_line(
    built: Path, query: str, why: str
) -> None:
    for extra in ((), ("--json",)):
        result = cli("search", "--archive", str(built), query, *extra)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.splitlines()[-1].startswith(f"Error: Invalid value for QUERY: {why}")
        assert "sqlite" not in result.stderr.lower() and "fts5" not in result.stderr


def test_search_phrases_or_exclusions_and_prefixes(built: Path) -> None:
    def ids(query: str) -> set[str]:
        return {row["id"] for row in as_json("search", "--archive", str(built), query)}

    assert ids('"kompetensi digital"') <= ids("kompetensi digital")
    either = ids("kompetensi OR inovasi")
    assert either == ids("kompetensi") | ids("inovasi") and len(either) > len(ids("kompetensi"))
    assert ids("kompetensi -digital") == ids("kompetensi") - ids("digital")
    assert ids("kompet*") >= ids("kompetensi") | ids("kompeten")


# --- stats --------------------------------------------------------------------------------


def test_stats_match_a_hand_count(built: Path) -> None:
    figures = as_json("stats", "--archive", str(built))
    days = sorted(f"{p.published:%Y-%m-%d}" for p in POSTS)
    assert figures["articles"] == len(POSTS)
    assert figures["first_day"] == days[0] and figures["last_day"] == days[-1]
    assert figures["per_year"] == dict(sorted(Counter(d[:4] for d in days).items()))
    assert figures["per_category"] == dict(Counter(c for p in POSTS for c in p.categories))
    months = {d[:7] for d in days}
    assert figures["empty_months"] == [
        m for m in months_between(days[0][:7], days[-1][:7]) if m not in months
    ]
    assert figures["words_total"] == sum(r["word_count"] for r in file_records(built).values())


# --- export -------------------------------------------------------------------------------


def test_jsonl_and_parquet_exports_read_back_equal_to_the_records(
    built: Path, tmp_path: Path
) -> None:
    records = file_records(built)
    jsonl, parquet = tmp_path / "all.jsonl", tmp_path / "all.parquet"
    assert (
        cli("export", "--archive", str(built), "--format", "jsonl", "--out", str(jsonl)).exit_code
        == 0
    )
    lines = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert {r["id"]: r for r in lines} == records
    assert [r["published"] for r in lines] == sorted(r["published"] for r in lines)
    assert (
        cli(
            "export", "--archive", str(built), "--format", "parquet", "--out", str(parquet)
        ).exit_code
        == 0
    )
    rows = [from_arrow(row) for row in pq.read_table(parquet).to_pylist()]
    assert {r["id"]: r for r in rows} == records


def test_csv_export_with_filters(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "pengumuman.csv"
    result = cli(
        "export",
        "--archive",
        str(built),
        "--format",
        "csv",
        "--out",
        str(out),
        "--category",
        "Pengumuman",
    )
    assert result.exit_code == 0
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = {f"127.0.0.1:{p.id}" for p in POSTS if "Pengumuman" in p.categories}
    assert {r["id"] for r in rows} == expected
    assert all("Pengumuman" in json.loads(r["categories"]) for r in rows)
    assert f"Exported {len(expected)} articles" in result.output


# --- verify and reindex ------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_verify_passes_a_sound_archive_and_changes_nothing(archive: Path) -> None:
    before = snapshot(archive)
    result = cli("verify", "--archive", str(archive))
    assert result.exit_code == 0, result.output
    assert f"{len(POSTS)} records checked: no problem." in result.output
    assert snapshot(archive) == before


def one_record(archive: Path, post_id: int) -> Path:
    return next(archive.glob(f"[0-9]*/*/*/{post_id}-*.json"))


def damage_json(archive: Path) -> str:
    path = one_record(archive, POSTS[3].id)
    path.write_text('{"id": "127.0.0.1:', encoding="utf-8")
    return path.relative_to(archive).as_posix()


def damage_schema(archive: Path) -> str:
    path = one_record(archive, POSTS[4].id)
    record = json.loads(path.read_text())
    record["published"] = "29 Maret 2021"
    path.write_text(json.dumps(record))
    return path.relative_to(archive).as_posix()


def damage_path(archive: Path) -> str:
    path = one_record(archive, POSTS[6].id)
    moved = archive / "1999" / "01" / "01" / path.name
    moved.parent.mkdir(parents=True)
    path.rename(moved)
    return moved.relative_to(archive).as_posix()


def damage_duplicate(archive: Path) -> str:
    path = one_record(archive, POSTS[7].id)
    copy = path.with_name(path.stem + "-copy.json")
    shutil.copy(path, copy)
    return copy.relative_to(archive).as_posix()


def damage_index(archive: Path) -> str:
    path = one_record(archive, POSTS[8].id)
    record = json.loads(path.read_text())
    record["text"] += "\n\nParagraf tambahan."
    record["content_sha256"] = "f" * 64
    path.write_text(json.dumps(record, ensure_ascii=False))
    return path.relative_to(archive).as_posix()


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (damage_json, "unreadable JSON"),
        (damage_schema, "schema: published"),
        (damage_path, "wrong path"),
        (damage_duplicate, "duplicate id"),
        (damage_index, "stale index"),
    ],
    ids=["bad-json", "schema", "wrong-path", "duplicate-id", "stale-index"],
)
def test_verify_catches_each_kind_of_damage(archive: Path, damage: Any, problem: str) -> None:
    damaged = damage(archive)
    before = snapshot(archive)
    result = as_json_failing(archive)
    assert any(
        damaged in (p["path"], p["problem"].rsplit(" ", 1)[-1]) and problem in p["problem"]
        for p in result["problems"]
    ), result
    assert snapshot(archive) == before  # verify never writes
    human = cli("verify", "--archive", str(archive))
    assert human.exit_code == 1 and problem.split(":")[0] in " ".join(human.output.split())


def as_json_failing(archive: Path) -> dict[str, Any]:
    result = cli("verify", "--archive", str(archive), "--json")
    assert result.exit_code == 1
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_reindex_repairs_a_stale_index_and_names_unreadable_files(archive: Path) -> None:
    damage_index(archive)
    broken = damage_json(archive)
    assert cli("verify", "--archive", str(archive)).exit_code == 1
    result = cli("reindex", "--archive", str(archive))
    assert result.exit_code == 0
    assert f"Indexed {len(POSTS) - 1} articles" in result.output
    assert f"skipped unreadable {broken}" in result.output
    problems = as_json_failing(archive)["problems"]
    assert [p["path"] for p in problems] == [broken]  # only the broken file is left to fix
    listed = as_json("list", "--archive", str(archive), "--limit", "100")
    assert len(listed) == len(POSTS) - 1  # the rest goes on


def test_a_missing_index_is_built_on_first_use(archive: Path) -> None:
    (archive / "index.sqlite").unlink()
    result = cli("list", "--archive", str(archive), "--limit", "1")
    assert result.exit_code == 0
    assert "Building the index" in result.stderr
    assert cli("verify", "--archive", str(archive)).exit_code == 0


def test_export_and_reindex_report_in_json(archive: Path, tmp_path: Path) -> None:
    broken = damage_json(archive)
    exported = as_json(
        "export", "--archive", str(archive), "--format", "jsonl", "--out", str(tmp_path / "a.jsonl")
    )
    assert exported["exported"] == len(POSTS) - 1
    assert exported["skipped"][0].startswith(broken)
    reindexed = as_json("reindex", "--archive", str(archive))
    assert reindexed["indexed"] == len(POSTS) - 1
    assert reindexed["unreadable"][0]["path"] == str(archive / broken)


# --- for people: where the archive is, tables at any width, plain lines in a pipe ----------


def test_archive_is_taken_before_or_after_the_verb_or_from_lan_archive(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def ids(*args: str, env: dict[str, str | None]) -> list[str]:
        result = CliRunner(env=env).invoke(lan_archive, [*args, "--json"])
        assert result.exit_code == 0, result.output
        return [row["id"] for row in json.loads(result.stdout)]

    everything = [f"127.0.0.1:{p.id}" for p in POSTS]
    nowhere = str(tmp_path / "nowhere")
    unset: dict[str, str | None] = {"LAN_ARCHIVE": None}
    assert ids("--archive", str(built), "list", env=unset) == everything
    assert ids("list", "--archive", str(built), env=unset) == everything
    assert ids("list", env={"LAN_ARCHIVE": str(built)}) == everything
    # an option beats the variable; the verb's own option beats the one before it
    assert ids("list", "--archive", str(built), env={"LAN_ARCHIVE": nowhere}) == everything
    assert ids("--archive", str(built), "list", env={"LAN_ARCHIVE": nowhere}) == everything
    assert ids("--archive", nowhere, "list", "--archive", str(built), env=unset) == everything
    monkeypatch.chdir(tmp_path)
    missing = CliRunner(env=unset).invoke(lan_archive, ["list"])
    assert missing.exit_code == 1 and "no archive at archive" in missing.output
    (tmp_path / "archive").symlink_to(built)  # the default, ./archive
    assert ids("list", env=unset) == everything


def titles_in(output: str) -> str:
    return " ".join(output.split())


@pytest.mark.parametrize("columns", [60, 120])
def test_list_wraps_titles_and_keeps_ids_whole_at_any_width(built: Path, columns: int) -> None:
    result = on_terminal("list", "--archive", str(built), "--limit", "8", columns=columns)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "…" not in result.stdout
    flat = titles_in(result.stdout)
    for post in POSTS[2:8]:  # POSTS[1] was retitled
        assert f"127.0.0.1:{post.id}" in flat  # the id, whole
        assert post.title in flat  # each title whole, its lines read in order
        assert ", ".join(post.categories) in flat
    assert lines[0].strip() == f"8 newest of {len(POSTS)} articles"


def test_list_and_search_through_a_pipe_print_one_whole_record_per_line(built: Path) -> None:
    rows = as_json("list", "--archive", str(built))
    assert len(rows) == len(POSTS)  # --json gives all without --limit
    piped = cli("list", "--archive", str(built), "--limit", str(len(POSTS)))
    expected = [
        "\t".join((r["published"][:10], r["id"], r["title"], ", ".join(r["categories"])))
        for r in rows
    ]
    assert piped.stdout.splitlines() == expected
    default = cli("list", "--archive", str(built))
    assert default.stdout.splitlines() == expected[:20]
    assert default.stderr == f"20 of {len(POSTS)} shown: --limit N shows more\n"

    matches = as_json("search", "--archive", str(built), "administrasi")
    assert len(matches) > 20  # --json gives all without --limit
    lines = cli("search", "--archive", str(built), "administrasi", "--limit", "1000").stdout
    assert [line.split("\t") for line in lines.splitlines()] == [
        [r["published"][:10], r["id"], r["title"], r["snippet"]] for r in matches
    ]
    assert len(as_json("search", "--archive", str(built), "administrasi", "--limit", "3")) == 3
    cut = cli("search", "--archive", str(built), "administrasi")
    assert len(cut.stdout.splitlines()) == 20
    assert cut.stderr == "20 shown, more match: --limit N shows more\n"


def test_show_through_a_pipe_prints_its_facts_and_the_whole_text(built: Path) -> None:
    post = POSTS[5]
    record = json.loads(one_record(built, post.id).read_text())
    out = cli("show", "--archive", str(built), str(post.id)).stdout
    facts, text = out.split("\n\n", 1)
    assert facts.splitlines()[0] == f"title\t{record['title']}"
    assert f"file\t{one_record(built, post.id).relative_to(built)}" in facts.splitlines()
    assert text == record["text"] + "\n"


@pytest.mark.parametrize("columns", [60, 120])
def test_verify_prints_every_path_whole(archive: Path, columns: int) -> None:
    damaged = [damage_json(archive), damage_schema(archive)]
    human = on_terminal("verify", "--archive", str(archive), columns=columns)
    assert human.exit_code == 1
    lines = human.stdout.splitlines()
    assert lines[0] == f"2 problems in {len(POSTS)} records"
    for path in damaged:
        assert path in lines  # a line of its own, not cut, wider than the terminal or not
    problems = as_json_failing(archive)["problems"]
    piped = cli("verify", "--archive", str(archive))
    assert piped.stdout.splitlines() == [f"{p['path']}\t{p['problem']}" for p in problems]


def test_counts_of_one_are_singular_and_an_empty_archive_says_it_is_empty(
    built: Path, tmp_path: Path
) -> None:
    single = tmp_path / "single"
    record = one_record(built, POSTS[5].id)
    (single / record.parent.relative_to(built)).mkdir(parents=True)
    shutil.copy(record, single / record.relative_to(built))
    assert cli("reindex", "--archive", str(single)).stdout.startswith("Indexed 1 article in ")
    assert cli("verify", "--archive", str(single)).stdout == "1 record checked: no problem.\n"
    assert on_terminal("list", "--archive", str(single)).stdout.splitlines()[0].strip() == (
        "1 article, newest first"
    )
    found = on_terminal("search", "--archive", str(single), POSTS[5].title.split()[0])
    assert found.stdout.splitlines()[0] == f"1 article matches {POSTS[5].title.split()[0]!r}"
    broken = tmp_path / "broken"
    shutil.copytree(single, broken)
    (broken / record.relative_to(built)).write_text("{")
    assert on_terminal("verify", "--archive", str(broken)).stdout.startswith("1 problem in ")

    empty = tmp_path / "empty"
    empty.mkdir()
    for verb in (["stats"], ["list"], ["search", "kompetensi"]):
        for run in (cli, on_terminal):
            result = run(*verb, "--archive", str(empty))
            assert result.exit_code == 0, result.output
            assert result.stdout == f"{empty} holds no articles.\n", verb
    assert cli("verify", "--archive", str(empty)).stdout == (
        f"{empty} holds no records: nothing to check.\n"
    )
    assert as_json("stats", "--archive", str(empty))["first_day"] is None  # JSON keeps its keys


def test_stats_draw_a_bar_per_month_on_a_terminal_and_lines_in_a_pipe(built: Path) -> None:
    figures = as_json("stats", "--archive", str(built))
    shown = on_terminal("stats", "--archive", str(built), columns=60).stdout
    assert "None" not in shown
    bars = {}
    for line in shown.splitlines():
        if re.fullmatch(r"\d{4}-\d\d (█* )?\d+", line):
            month, *bar, count = line.split(" ")
            bars[month] = (len(bar[0]) if bar else 0, int(count))
    months = months_between(figures["first_day"][:7], figures["last_day"][:7])
    assert list(bars) == months  # every month, the empty ones too
    assert {m: c for m, (_, c) in bars.items() if c} == figures["per_month"]
    most = max(figures["per_month"].values())
    for length, count in bars.values():
        assert length == round(count * 40 / most)  # the busiest month's bar is 40 long
    piped = cli("stats", "--archive", str(built)).stdout.splitlines()
    assert f"articles\t{len(POSTS)}" in piped
    assert [line.split("\t")[1:] for line in piped if line.startswith("month\t")] == [
        [m, str(c)] for m, c in figures["per_month"].items()
    ]


def test_reindex_and_reprocess_show_progress_on_a_terminal_only(archive: Path) -> None:
    total = f"{len(POSTS)}/{len(POSTS)}"
    shown = on_terminal("reindex", "--archive", str(archive))
    assert shown.exit_code == 0
    assert "Indexing" in shown.stderr and total in ANSI.sub("", shown.stderr)
    assert shown.stdout.startswith(f"Indexed {len(POSTS)} articles in ")
    piped = cli("reindex", "--archive", str(archive))
    assert piped.stderr == "" and piped.stdout == shown.stdout

    shown = on_terminal("reprocess", "--archive", str(archive))
    assert shown.exit_code == 0, shown.output
    progress = ANSI.sub("", shown.stderr)
    assert "Reading WARC files" in progress and "Re-extracting" in progress
    assert total in progress.rsplit("Re-extracting", 1)[1]  # the last state: all of them
    piped = cli("reprocess", "--archive", str(archive))
    assert piped.stderr == "" and f"{len(POSTS)} unchanged" in piped.stdout
