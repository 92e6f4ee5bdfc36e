"""`lan-archive`: the command line for the archive.

Every verb takes `--archive DIR`, before or after the verb (default: $LAN_ARCHIVE, else
./archive); `list`, `show`, `search`, `stats` and `export` take several, or a collection
folder (one archive per site). Verbs that show records take `--json` for machines.
Exit status: 0 done (an empty result included), 1 an error or, for `verify`, problems
found; 2 a usage error.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TaskID
from rich.table import Table

from lan_crawler import settings, views
from lan_crawler.archive import Archive, ArchiveLocked
from lan_crawler.collection import Collection, archive_folders
from lan_crawler.discovery import NotAnApiAnswer, parse_lastmod, read_api_post
from lan_crawler.dispatch import PICKS, PROJECT, NoNodeAnswered, dispatch, succeeded
from lan_crawler.export import (
    FORMATS,
    PARTITIONS,
    ExportError,
    check_export,
    write_export,
    write_stream,
)
from lan_crawler.extract.article import ExtractionError
from lan_crawler.index import Filters, Row, SearchSyntaxError
from lan_crawler.page import FetchedPage, best_effort_record
from lan_crawler.record import schema_errors, to_json
from lan_crawler.sites import DEFAULT_SITE, DeclarationError, SiteDeclaration, declared, get_site
from lan_crawler.static_site import build_site
from lan_crawler.urls import Site
from lan_crawler.verify import verify as run_verify
from lan_crawler.wacz import write_wacz
from lan_crawler.wordpress import parse_post_id

DEFAULT_ARCHIVE = Path("archive")
ARCHIVE_HELP = "Archive folder (the crawl's ARCHIVE_DIR)  [default: $LAN_ARCHIVE, else ./archive]"


def _archive_dir(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    """The verb's --archive, else the one before the verb or LAN_ARCHIVE, else ./archive."""
    if value is not None:
        return value
    given = ctx.parent.params.get("archive_dir") if ctx.parent else None
    return given if isinstance(given, Path) else DEFAULT_ARCHIVE


ARCHIVE_OPTION = click.option(
    "--archive",
    "archive_dir",
    type=click.Path(file_okay=False, path_type=Path),
    callback=_archive_dir,
    help=ARCHIVE_HELP,
)
ARCHIVES_OPTION = click.option(
    "--archive",
    "archive_dirs",
    type=click.Path(file_okay=False, path_type=Path),
    multiple=True,
    callback=lambda ctx, param, value: value or (_archive_dir(ctx, param, None),),
    help=f"{ARCHIVE_HELP}; repeat it, or give a collection folder, to read several",
)


JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
MAX_LIMIT = 1_000_000  # rows a listing or a search shows at the most
SHOWN = 20  # rows a listing or a search shows to a person without --limit; --json gives all
LIMIT_OPTION = click.option(
    "--limit",
    type=click.IntRange(min=1, max=MAX_LIMIT),
    help=f"Show at most this many  [default: {SHOWN}; with --json, all]",
)


def _declared_site(_ctx: click.Context, param: click.Parameter, value: str) -> SiteDeclaration:
    try:
        return get_site(value)
    except ValueError as error:  # an unknown id, or a bad file in LAN_SITES_DIR
        raise click.BadParameter(str(error), param=param) from error


SITE_OPTION = click.option(
    "--site",
    "site",
    default=DEFAULT_SITE.id,
    show_default=True,
    callback=_declared_site,
    help="Declared site the pages come from (its templates and chrome; see `sites`).",
)
FALLBACKS_OPTION = click.option(
    "--fallbacks/--no-fallbacks",
    default=settings.EXTRACTION_FALLBACKS,
    show_default=True,
    help="Accept text from generic layers when no template of the site matches "
    "(the crawl's EXTRACTION_FALLBACKS).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lan-crawler")
@click.option(
    "--archive",
    "archive_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LAN_ARCHIVE",
    show_envvar=True,
    help="Archive folder for every verb (the crawl's ARCHIVE_DIR); a verb's own --archive wins.",
)
def main(archive_dir: Path | None) -> None:
    """Archive of LAN (lan.go.id) news: crawl, extract, browse."""


EXTRACT_FORMATS: dict[str, Callable[[dict[str, Any]], str]] = {
    "json": to_json,
    "text": views.as_text,
    "markdown": views.as_markdown,
}


@main.command()
@click.argument(
    "page", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)
)
@click.option("--url", required=True, help="URL the page was saved from (sets id and links).")
@click.option("--lastmod", help="The sitemap's lastmod for the post (W3C datetime).")
@click.option(
    "--api",
    "api_post",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The post as the REST API gives it (JSON): its content checks the page's text.",
)
@click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=settings.DOWNLOAD_MAXSIZE,
    show_default=True,
    help="Refuse a page bigger than this many bytes (the crawl's DOWNLOAD_MAXSIZE).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXTRACT_FORMATS)),
    default="json",
    show_default=True,
    help="The record as JSON; text: title, date, body; markdown: heading, facts, body.",
)
@SITE_OPTION
@FALLBACKS_OPTION
def extract(
    page: Path,
    url: str,
    lastmod: str | None,
    api_post: Path | None,
    max_size: int,
    fmt: str,
    site: SiteDeclaration,
    fallbacks: bool,
) -> None:
    """Print what a saved PAGE (- for standard input) gives: its record, as JSON by default.

    A page that is no post (of any site) gives its best article: id and url null, and why
    in extraction.warnings. A crawl stores no such record.
    """
    modified = parse_lastmod(lastmod)
    if lastmod and modified is None:
        raise click.BadParameter(f"not a W3C datetime: {lastmod}", param_hint="--lastmod")
    body = read_page(page, max_size)
    # a saved page has no HTTP header: its charset comes from BOM, <meta> or detection
    try:
        asked_for = Site.from_url(url).post_id(url)  # `?p=ID`: the post it was saved as
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    fetched = FetchedPage(url, body, lastmod=modified, post_id=asked_for)
    if api_post:
        try:
            api = read_api_post(api_post.read_bytes())
        except NotAnApiAnswer as error:
            raise click.BadParameter(f"{api_post}: {error}", param_hint="--api") from error
        fetched = replace(fetched, lastmod=api.modified, lastmod_from="rest-api")
        fetched = replace(fetched, api_content=api.content)
    try:
        record = best_effort_record(fetched, site, fallbacks=fallbacks)
    except ExtractionError as error:
        raise click.ClickException(f"{page_name(page)}: no article: {error.reason}") from error
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if fmt != "json":  # the JSON carries its warnings; the other forms say them on stderr
        for warning in record["extraction"]["warnings"]:
            click.echo(f"warning: {warning}", err=True)
    sys.stdout.write(EXTRACT_FORMATS[fmt](record))


def page_name(page: Path) -> str:
    return "standard input" if str(page) == "-" else str(page)


def read_page(page: Path, max_size: int) -> bytes:
    """The bytes of a page file, or of standard input for `-`; an error past `max_size`."""
    body: bytes
    if str(page) == "-":
        body = sys.stdin.buffer.read(max_size + 1)
    else:
        with page.open("rb") as file:
            body = file.read(max_size + 1)  # no more: a huge file is not read whole
    if len(body) > max_size:
        raise click.ClickException(
            f"{page_name(page)} is more than --max-size {max_size} bytes: a crawl would refuse it"
        )
    return body


@main.command()
@ARCHIVE_OPTION
@click.option("--verbose", is_flag=True, help="Show the crawl's full log, not only warnings.")
def demo(archive_dir: Path, verbose: bool) -> None:
    """Serve the bundled sample site, crawl it into the archive, summarise."""
    from lan_crawler.demo import run_demo  # starts servers: imported only when used

    console = Console()
    console.print(f"Crawling the bundled sample site into [bold]{archive_dir}[/] ...")
    result = run_demo(archive_dir, log_level="INFO" if verbose else "WARNING")
    entries = result.archive.entries
    if result.exit_code != 0:
        raise click.ClickException(f"the crawl failed (exit code {result.exit_code})")
    new = len(entries) - result.before
    console.print(
        f"\nArchived [bold]{views.plural(len(entries), 'article')}[/] ({new} new this run) "
        f"in [bold]{archive_dir.resolve()}[/]"
    )
    console.print(
        "The sample site served realistic faults on purpose (a 500, a 429, a dropped "
        "connection, a 404, a PDF, a wrong charset, redirects, tracking links, an off-site "
        "link); the warnings above show how each was handled.\n"
    )
    newest = sorted(entries.values(), key=lambda e: e.path.parts[:3], reverse=True)[:5]
    table = Table("published", "title", box=None)
    for entry in newest:
        record = result.archive.read_path(entry.path)
        table.add_row(record["published"][:10], record["title"])
    console.print(table)
    if newest:
        console.print(f"\nOne record: {archive_dir / newest[0].path}")


@main.command()
@click.option(
    "--sites-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of more declarations (<id>.toml)  [default: $LAN_SITES_DIR]",
)
@JSON_OPTION
def sites(sites_dir: Path | None, as_json: bool) -> None:
    """List the declared sites: the packaged ones and those of LAN_SITES_DIR.

    `scrapy crawl lan_news -a site=ID` crawls one; a bad declaration is named, with its
    field, and the exit status is 1.
    """
    try:
        found = declared(sites_dir)
    except DeclarationError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        _emit_json([site.table for site in found.values()])
        return
    rows = [
        (
            site.id,
            site.name,
            site.base_url,
            ", ".join(t.name for t in site.extraction.templates),
            site.extraction.time_zone,
        )
        for site in found.values()
    ]
    if not on_terminal():
        sys.stdout.write(views.plain_lines(rows))
        return
    table = Table("id", "name", "base URL", "templates", "time zone", box=None)
    for row in rows:
        table.add_row(*row)
    Console().print(table)


@main.command()
@ARCHIVE_OPTION
@SITE_OPTION
@FALLBACKS_OPTION
def reprocess(archive_dir: Path, site: SiteDeclaration, fallbacks: bool) -> None:
    """Re-extract every article from the archive's WARC files (no network)."""
    from lan_crawler.reprocess import reprocess as run

    archive = Archive(archive_dir)
    if not archive.warc_files():
        raise click.ClickException(f"no WARC files in {archive_dir}: nothing to reprocess")
    try:
        archive.lock()
    except ArchiveLocked as locked:
        raise click.ClickException(str(locked)) from locked
    try:
        with progress_bar() as update:
            outcome = run(
                archive,
                site,
                fallbacks=fallbacks,
                max_size=settings.DOWNLOAD_MAXSIZE,
                progress=update,
            )
    finally:
        archive.unlock()
    counts = outcome.counts
    click.echo(
        f"Re-extracted {views.plural(sum(counts.values()), 'article')} from "
        f"{views.plural(outcome.warc_files, 'WARC file')}: "
        f"{counts['changed']} changed (earlier versions kept), {counts['new']} new, "
        f"{counts['unchanged']} unchanged, {len(outcome.failed)} failed."
    )
    for url, reason in outcome.failed:
        click.echo(f"  failed: {url}: {reason}", err=True)
    if outcome.failed:
        sys.exit(1)


@main.command()
@ARCHIVE_OPTION
@click.argument("ref")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Fixture folder (tests/golden/<name>/).",
)
@click.option("--force", is_flag=True, help="Replace a fixture of the same post.")
@SITE_OPTION
def fixture(archive_dir: Path, ref: str, out: Path, force: bool, site: SiteDeclaration) -> None:
    """Make a golden fixture of a post's newest stored page, for review.

    REF is its id (lan.go.id:5297), post id, URL or record file. Writes <id>.html.gz and
    <id>.fixture.json, whose expected record is what extraction gives now: correct it.
    """
    from lan_crawler import fixtures

    if not archive_dir.is_dir():
        raise click.ClickException(f"no archive at {archive_dir}")
    archive = Archive(archive_dir, readonly=True)
    source, post_id = post_of(archive, ref)
    try:
        response = fixtures.newest_response(archive, post_id, source, settings.DOWNLOAD_MAXSIZE)
    except fixtures.FixtureError as error:
        raise click.ClickException(str(error)) from error
    try:
        made = fixtures.from_response(response, site, f"{out.name}/{post_id}")
    except ExtractionError as error:
        raise click.ClickException(f"{response.url}: no article: {error.reason}") from error
    try:
        page, about = fixtures.write_fixture(made, out, str(post_id), force=force)
    except FileExistsError as error:
        raise click.ClickException(f"{error} exists: --force replaces it") from error
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from error
    click.echo(f"Wrote {page} and {about.name}: review its expected record.")


def post_of(archive: Archive, ref: str) -> tuple[str | None, int]:
    """(source, post id) of a record id, post id, post URL or record file; source None
    when a bare post id does not say."""
    if ref.endswith(".json") and Path(ref).is_file():
        ref = read_record(Path(ref))["id"]
    if (post_id := parse_post_id(ref)) is not None:
        return None, post_id
    if ref.startswith(("http://", "https://")):
        try:
            site = Site.from_url(ref)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        post_id = site.post_id(ref) or archive.aliases.get(site.relative(ref))
        if not isinstance(post_id, int):
            raise click.ClickException(f"not a post URL the archive knows: {ref}")
        return site.source, post_id
    source, _, number = ref.rpartition(":")
    if source and (post_id := parse_post_id(number)) is not None:
        return source, post_id
    raise click.ClickException(f"not a record id, post id, URL or record file: {ref}")


# --- browsing, searching, exporting, checking ----------------------------------------------


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--since, --until, --category: the filters `list`, `search` and `export` share."""
    day = click.DateTime(formats=["%Y-%m-%d"])
    command = click.option("--category", help="Only articles in this category.")(command)
    command = click.option("--until", type=day, help="Published on or before (YYYY-MM-DD).")(
        command
    )
    return click.option("--since", type=day, help="Published on or after (YYYY-MM-DD).")(command)


def as_filters(since: datetime | None, until: datetime | None, category: str | None) -> Filters:
    return Filters(
        f"{since:%Y-%m-%d}" if since else None, f"{until:%Y-%m-%d}" if until else None, category
    )


def open_archive(archive_dir: Path) -> Archive:
    """The archive for reading, its index built first if it has none.

    An archive this user may not write is read as it is: its index opened read-only, or
    made in memory when there is none; nothing is written.
    """
    if not archive_dir.is_dir():
        raise click.ClickException(
            f"no archive at {archive_dir}: run a crawl first (scrapy crawl lan_news) "
            "or give --archive DIR"
        )
    writable = os.access(archive_dir, os.W_OK)
    archive = Archive(archive_dir, readonly=not writable)
    try:
        if not archive.index.exists() or archive.index.outdated():
            why = "first use" if not archive.index.exists() else "its layout is older"
            click.echo(f"Building the index of {archive_dir} ({why}) ...", err=True)
            if writable:
                archive.rebuild_index()
            else:
                archive.index_in_memory()
        archive.index.count()  # opens it: a corrupt index shows here
    except sqlite3.DatabaseError as error:
        raise click.ClickException(
            f"unreadable index {archive.index.path} ({error}): run `lan-archive reindex`"
        ) from error
    return archive


def open_collection(archive_dirs: tuple[Path, ...]) -> Collection:
    """The archives the folders name (a collection folder names its members), for reading."""
    return Collection([open_archive(folder) for folder in archive_folders(list(archive_dirs))])


def existing_archives(archive_dirs: tuple[Path, ...]) -> list[Path]:
    """The archives the folders name, for verbs that open them as they are; a clear error
    for a folder that is not there."""
    folders = archive_folders(list(archive_dirs))
    for folder in folders:
        if not folder.is_dir():
            raise click.ClickException(f"no archive at {folder}")
    return folders


def where(archive_dirs: tuple[Path, ...]) -> str:
    """The folders as a person gave them, for messages."""
    return ", ".join(str(folder) for folder in archive_dirs)


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """Progress bars on stderr, on a terminal only: `update(what, done, total)`."""
    console = Console(stderr=True)
    columns = (*Progress.get_default_columns(), MofNCompleteColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as bars:
        tasks: dict[str, TaskID] = {}

        def update(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bars.add_task(what, total=total)
            bars.update(tasks[what], completed=done, total=total)

        yield update


MAX_NAMED = 10  # unreadable files named on stderr; `verify` names them all


def skipped_unreadable(archive: Archive | Collection) -> int:
    """Say on stderr which record files the index left out (the first few); their count."""
    files = archive.unreadable() if isinstance(archive, Collection) else archive.index.unreadable()
    for path, why in files[:MAX_NAMED]:
        click.echo(f"skipped unreadable {path}: {why}", err=True)
    if files:
        click.echo(
            f"{views.plural(len(files), 'unreadable record file')} skipped (see verify)", err=True
        )
    return len(files)


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _row_json(row: Row) -> dict[str, Any]:
    data = {k: v for k, v in asdict(row).items() if v is not None}
    if row.snippet is not None:
        data["snippet"] = views.cell(views.unmarked(row.snippet))
    return data


def on_terminal() -> bool:
    """Whether standard output is a terminal (as Rich sees it: TTY_COMPATIBLE and
    FORCE_COLOR count); anywhere else the verbs print plain lines."""
    return Console().is_terminal


def say_more(shown: int, total: int | None) -> None:
    """Tell on stderr that the default limit hid rows (stdout keeps only the rows)."""
    if total is None or total > shown:
        seen = f"{shown} of {total} shown" if total is not None else f"{shown} shown, more match"
        click.echo(f"{seen}: --limit N shows more", err=True)


@main.command(name="list")
@ARCHIVES_OPTION
@filter_options
@LIMIT_OPTION
@JSON_OPTION
def list_articles(
    archive_dirs: tuple[Path, ...],
    since: datetime | None,
    until: datetime | None,
    category: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """List articles, newest first."""
    books = open_collection(archive_dirs)
    filters = as_filters(since, until, category)
    rows = books.newest(filters, limit or (None if as_json else SHOWN))
    skipped_unreadable(books)
    if as_json:
        _emit_json([_row_json(r) for r in rows])
        return
    if not rows:
        click.echo(
            "No article matches." if books.count() else f"{where(archive_dirs)} holds no articles."
        )
        return
    total = books.count(filters) if len(rows) == (limit or SHOWN) else len(rows)
    if not on_terminal():
        sys.stdout.write(views.article_lines(rows))
        if limit is None:
            say_more(len(rows), total)
        return
    title = (
        f"{len(rows)} newest of {total} articles"
        if total > len(rows)
        else f"{views.plural(total, 'article')}, newest first"
    )
    Console().print(views.article_list(rows, title))


@main.command()
@ARCHIVES_OPTION
@click.argument("ref")
@JSON_OPTION
@click.option("--versions", is_flag=True, help="Show every version and what changed.")
def show(archive_dirs: tuple[Path, ...], ref: str, as_json: bool, versions: bool) -> None:
    """Show one article: REF is its id (lan.go.id:5297), post id, URL or file."""
    books = open_collection(archive_dirs)
    path = resolve(books, ref)
    record = read_record(path)
    archive = books.holding(record["id"]) or books.archives[0]
    withdrawn = archive.withdrawn(record["id"])
    history = [read_record(archive.root / p) for p in archive.versions(record["id"])]
    if as_json and versions:
        _emit_json({"current": record, "versions": history, "withdrawn": withdrawn})
    elif as_json:
        sys.stdout.write(to_json(record))
    elif versions:
        console = Console(soft_wrap=not on_terminal())  # a pipe gets whole lines
        if withdrawn:
            console.print(
                f"[bold red]withdrawn[/] since {withdrawn['withdrawn']}: {withdrawn['reason']}"
            )
        console.print(views.versions(history, record))
    else:
        relative = (
            path.resolve().relative_to(archive.root.resolve())
            if path.resolve().is_relative_to(archive.root.resolve())
            else path
        )
        if on_terminal():
            Console().print(views.article(record, str(relative), withdrawn))
        else:
            sys.stdout.write(views.article_plain(record, str(relative), withdrawn))


def read_record(path: Path) -> dict[str, Any]:
    """An article record from its file; a clear error for anything else."""
    try:
        record: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise click.ClickException(f"{path}: not readable as JSON ({error})") from error
    if errors := schema_errors(record):
        raise click.ClickException(f"{path}: not an article record ({errors[0]})")
    checked: dict[str, Any] = record
    return checked


def resolve(books: Collection, ref: str) -> Path:
    """The record file an id, post id, URL or path names; a clear error when none."""
    as_path = Path(ref)
    if as_path.suffix == ".json" and as_path.is_file():
        return as_path
    record_id = ref
    if (post_id := parse_post_id(ref)) is not None:
        found = books.find(post_id)
        if len(found) > 1:
            raise click.ClickException(f"post {ref} is in several sources: {', '.join(found)}")
        record_id = found[0] if found else ref
    elif ref.startswith(("http://", "https://")):
        try:
            site = Site.from_url(ref)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        post_id = site.post_id(ref)
        if post_id is None:
            raise click.ClickException(f"not a post URL (?p=<id>): {ref}")
        record_id = site.record_id(post_id)
    archive = books.holding(record_id)
    relative = archive.index.path_of(record_id) if archive else None
    if archive is None or relative is None:
        folders = ", ".join(str(a.root) for a in books.archives)
        raise click.ClickException(f"no article {ref} in {folders}")
    return archive.root / relative


@main.command()
@ARCHIVES_OPTION
@click.argument("query")
@filter_options
@LIMIT_OPTION
@JSON_OPTION
def search(
    archive_dirs: tuple[Path, ...],
    query: str,
    since: datetime | None,
    until: datetime | None,
    category: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Full-text search of titles and bodies, best matches first (newest first when more
    than 1,000 articles match).

    QUERY: words (all must match), "exact phrases", OR between two words (either),
    -word (none may match), prefix* (words beginning so). Case and accents are ignored.
    """
    books = open_collection(archive_dirs)
    shown = limit or (None if as_json else SHOWN)
    # one row more than shown tells whether the default limit hid any
    try:
        found = books.search(
            query, as_filters(since, until, category), shown + 1 if shown else None
        )
    except SearchSyntaxError as error:
        raise click.BadParameter(str(error), param_hint="QUERY") from error
    ranked, more, rows = found.ranked, len(found) > (shown or len(found)), found[:shown]
    skipped_unreadable(books)
    if as_json:
        _emit_json([_row_json(r) for r in rows])
    elif not books.count():
        click.echo(f"{where(archive_dirs)} holds no articles.")
    elif not on_terminal():
        sys.stdout.write(views.search_lines(rows))
        if more and limit is None:
            say_more(len(rows), None)
    else:
        Console().print(views.search_results(rows, query, ranked))
        if more and limit is None:
            click.echo(f"More match: --limit N shows more than {len(rows)}.")


@main.command()
@ARCHIVES_OPTION
@JSON_OPTION
def stats(archive_dirs: tuple[Path, ...], as_json: bool) -> None:
    """Articles per year, month and category; word counts; months with no article."""
    books = open_collection(archive_dirs)
    figures = books.stats()
    unreadable = skipped_unreadable(books)
    if as_json:
        _emit_json({**asdict(figures), "skipped_unreadable": unreadable})
    elif not figures.articles:
        click.echo(f"{where(archive_dirs)} holds no articles.")
    elif on_terminal():
        console = Console()
        console.print(views.stats_tables(figures, console.width))
    else:
        sys.stdout.write(views.stats_lines(figures))


@main.command()
@ARCHIVES_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option(
    "--out",
    type=click.Path(path_type=Path, allow_dash=True),
    required=True,
    help="File to write; - is standard output. A name ending .gz, .bz2 or .xz is "
    "compressed so (jsonl, csv). Parquet is compressed inside (zstd): give it no such ending.",
)
@click.option(
    "--partition-by",
    type=click.Choice(PARTITIONS),
    help="Parquet only: --out is a new folder of year=YYYY/ folders (Hive style).",
)
@filter_options
@JSON_OPTION
def export(
    archive_dirs: tuple[Path, ...],
    fmt: str,
    out: Path,
    partition_by: str | None,
    since: datetime | None,
    until: datetime | None,
    category: str | None,
    as_json: bool,
) -> None:
    """Write the records, oldest first (archive by archive), as JSON Lines, CSV or Parquet."""
    to_stdout = str(out) == "-"
    try:
        check_export(fmt, None if to_stdout else out, partition_by)
    except ExportError as error:
        raise click.UsageError(str(error)) from error
    if not to_stdout and out.is_dir() and partition_by is None:
        raise click.UsageError(f"{out} is a folder: give a file name")
    books = open_collection(archive_dirs)
    filters = as_filters(since, until, category)
    total = books.count(filters)
    skipped: list[str] = []

    def records() -> Iterator[dict[str, Any]]:
        with Progress(
            *Progress.get_default_columns(), MofNCompleteColumn(), console=Console(stderr=True)
        ) as progress:
            name = "standard output" if to_stdout else out.name
            task = progress.add_task(f"Exporting to {name}", total=total)
            for path, name in books.paths(filters):  # streamed: memory stays flat
                try:
                    yield json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as error:
                    skipped.append(f"{name}: {error}")
                progress.advance(task)

    try:
        if to_stdout:
            count = write_stream(records(), fmt, sys.stdout.buffer)
            sys.stdout.flush()
        else:
            count = write_export(records(), fmt, out, partition_by)
    except OSError as error:
        where = "standard output" if to_stdout else out
        raise click.ClickException(f"cannot write {where}: {error.strerror or error}") from error
    for problem in skipped:
        click.echo(f"skipped unreadable {problem}", err=True)
    unreadable = skipped_unreadable(books) + len(skipped)
    # with the records on standard output, what is said of them goes to stderr
    if as_json:
        summary = {"exported": count, "out": str(out), "format": fmt}
        if partition_by:
            summary["partition_by"] = partition_by
        text = json.dumps(
            {**summary, "skipped": skipped, "skipped_unreadable": unreadable},
            ensure_ascii=False,
            indent=2,
        )
        click.echo(text, err=to_stdout)
    else:
        where = "standard output" if to_stdout else out
        click.echo(f"Exported {views.plural(count, 'article')} to {where} ({fmt}).", err=to_stdout)


@main.command(name="verify")
@ARCHIVES_OPTION
@JSON_OPTION
def verify_archive(archive_dirs: tuple[Path, ...], as_json: bool) -> None:
    """Check every record, the history and the index; change nothing. Exit 1 on problems."""
    folders = existing_archives(archive_dirs)
    checked, found = 0, []
    for folder in folders:
        count, problems = run_verify(Archive(folder))
        checked += count
        if len(folders) > 1:  # each path names its archive
            problems = [replace(p, path=(folder / p.path).as_posix()) for p in problems]
        found += problems
    if as_json:
        _emit_json({"records": checked, "problems": [asdict(p) for p in found]})
    elif found and on_terminal():
        Console().print(views.problems(found, checked), crop=False)  # paths are never cut
    elif found:
        sys.stdout.write(views.problem_lines(found))
    elif checked:
        click.echo(f"{views.plural(checked, 'record')} checked: no problem.")
    else:
        click.echo(f"{where(archive_dirs)} holds no records: nothing to check.")
    if found:
        sys.exit(1)


@main.command()
@ARCHIVES_OPTION
@JSON_OPTION
def reindex(archive_dirs: tuple[Path, ...], as_json: bool) -> None:
    """Rebuild the index from the record files (of every archive of a collection)."""
    folders = existing_archives(archive_dirs)
    done, locked = [], []
    for folder in folders:
        archive = Archive(folder)
        try:
            archive.lock()
        except ArchiveLocked as error:  # a crawl is writing it: the others are still done
            click.echo(f"Error: {error}", err=True)
            locked.append(str(folder))
            continue
        try:
            with progress_bar() as update:
                count = archive.rebuild_index(lambda n, total: update("Indexing", n, total))
        finally:
            archive.unlock()
        skipped_unreadable(archive)
        unreadable = [{"path": str(p), "problem": why} for p, why in archive.unreadable]
        done.append({"indexed": count, "index": str(archive.index.path), "unreadable": unreadable})
        if not as_json:
            click.echo(f"Indexed {views.plural(count, 'article')} in {archive.index.path}.")
    if as_json:
        _emit_json(done[0] if len(folders) == 1 and done else {"archives": done, "locked": locked})
    if locked:
        sys.exit(1)


@main.command()
@ARCHIVE_OPTION
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The .wacz file."
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only the runs started on or after this day (UTC, YYYY-MM-DD).",
)
def wacz(archive_dir: Path, out: Path, since: datetime | None) -> None:
    """Package the archive's WARC files, with a pages list, as a WACZ file."""
    archive = open_archive(archive_dir)
    try:
        with progress_bar() as update:
            day = since.replace(tzinfo=UTC) if since else None
            package = write_wacz(archive, out, day, progress=update)
    except (ValueError, RuntimeError, OSError) as error:
        raise click.ClickException(str(error)) from error
    runs, pages = views.plural(package.warcs, "run"), views.plural(package.pages, "page")
    click.echo(f"Wrote {package.path}: {runs}, {pages}.")


@main.command(name="site")
@ARCHIVE_OPTION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder of the site (made if missing; files whose content is unchanged are kept).",
)
@click.option("--no-search", is_flag=True, help="Skip Pagefind's search index.")
def static_site(archive_dir: Path, out: Path, no_search: bool) -> None:
    """Write the archive as a static HTML site: open OUT/index.html or serve OUT."""
    archive = open_archive(archive_dir)
    try:
        with progress_bar() as update:
            built = build_site(archive, out, search=not no_search, progress=update)
    except (OSError, RuntimeError) as error:
        raise click.ClickException(str(error)) from error
    articles, written = (
        views.plural(built.articles, "article"),
        views.plural(len(built.written), "file"),
    )
    click.echo(f"Site of {articles} in {out}: {written} written, {built.unchanged} unchanged.")


# --- schedule: one crawl per site over several Scrapyd nodes ------------------------------


def _setting(_ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    for value in values:
        if "=" not in value or not value.split("=", 1)[0]:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param=param)
    return list(values)


@main.command()
@click.option(
    "--node",
    "nodes",
    multiple=True,
    required=True,
    metavar="URL",
    help="A Scrapyd node (http://host:6800/, user:password@ for its basic auth); repeat it.",
)
@click.option(
    "--site",
    "site_ids",
    multiple=True,
    metavar="ID",
    help="A declared site to crawl; repeat it  [default: every declared site]",
)
@click.option(
    "--pick",
    type=click.Choice(PICKS),
    default=PICKS[0],
    show_default=True,
    help="Each job's node: the one with the fewest running and pending jobs, or each in turn.",
)
@click.option(
    "-s",
    "--set",
    "crawl_settings",
    multiple=True,
    metavar="NAME=VALUE",
    callback=_setting,
    help="A crawl setting for every job (as `scrapy crawl -s`); repeat it. SITES_DIR also "
    "says where this command reads the declarations (else $LAN_SITES_DIR).",
)
@click.option("--project", default=PROJECT, show_default=True, help="The project on the nodes.")
@JSON_OPTION
def schedule(
    nodes: tuple[str, ...],
    site_ids: tuple[str, ...],
    pick: str,
    crawl_settings: list[str],
    project: str,
    as_json: bool,
) -> None:
    """Schedule one lan_news crawl per site over several Scrapyd nodes.

    A site that has a crawl pending or running on any node is left to it. Prints a line per
    site: its id, node, job id and what happened (on stderr when it failed, like a node that
    did not answer). Exit status 0 when every site was scheduled or already had a crawl,
    1 otherwise.
    """
    given = dict(setting.split("=", 1) for setting in crawl_settings)
    folder = Path(given["SITES_DIR"]) if given.get("SITES_DIR") else None
    try:
        known = declared(folder)
    except DeclarationError as error:
        raise click.ClickException(str(error)) from error
    unknown = [site for site in site_ids if site not in known]
    if unknown:
        raise click.BadParameter(
            f"no site {unknown[0]!r} is declared; known: {', '.join(known)}", param_hint="--site"
        )
    try:
        done = dispatch(list(site_ids or known), nodes, pick, crawl_settings, project)
    except NoNodeAnswered as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        _emit_json(
            {
                "nodes": [
                    {"node": n.url, "answered": n.answered, "busy": n.busy, "problem": n.problem}
                    for n in done.nodes
                ],
                "sites": [asdict(p) for p in done.placements],
            }
        )
    else:
        for node in done.nodes:
            if not node.answered:
                click.echo(f"skipped {node.url}: {node.problem}", err=True)
        for p in done.placements:
            failed = p.state == "failed"  # on stderr: what cron mails with stdout sent away
            what = f"failed: {p.problem}" if failed else p.state
            click.echo("\t".join((p.site, p.node, p.job or "-", what)), err=failed)
    if not succeeded(done.placements):
        sys.exit(1)


if __name__ == "__main__":
    main()
