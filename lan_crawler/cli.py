"""`lan-archive`: the command line for the archive."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from lan_crawler.archive import Archive, ArchiveLocked
from lan_crawler.extract.article import ExtractionError, extract_article
from lan_crawler.extract.encoding import decode_html
from lan_crawler.record import to_json

ARCHIVE_OPTION = click.option(
    "--archive",
    "archive_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("archive"),
    show_default=True,
    help="Archive folder (the crawl's ARCHIVE_DIR).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lan-crawler")
def main() -> None:
    """Archive of LAN (lan.go.id) news: crawl, extract, browse."""


@main.command()
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="URL the page was saved from (sets id and links).")
def extract(page: Path, url: str) -> None:
    """Print the record extracted from a saved PAGE as JSON."""
    # a saved page has no HTTP header: its charset comes from BOM, <meta> or detection
    decoded, _ = decode_html(page.read_bytes())
    try:
        record = extract_article(decoded, url)
    except ExtractionError as error:
        raise click.ClickException(f"{page}: no article: {error.reason}") from error
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    sys.stdout.write(to_json(record))


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
        f"\nArchived [bold]{len(entries)}[/] articles ({new} new this run) "
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
@ARCHIVE_OPTION
def reprocess(archive_dir: Path) -> None:
    """Re-extract every article from the archive's WARC files (no network)."""
    from lan_crawler.reprocess import reprocess as run

    archive = Archive(archive_dir)
    if not any(archive.root.glob("warc/*.warc.gz")):
        raise click.ClickException(f"no WARC files in {archive_dir / 'warc'}: nothing to reprocess")
    try:
        archive.lock()
    except ArchiveLocked as locked:
        raise click.ClickException(str(locked)) from locked
    try:
        outcome = run(archive)
    finally:
        archive.unlock()
    counts = outcome.counts
    click.echo(
        f"Re-extracted {sum(counts.values())} articles from {outcome.warc_files} WARC files: "
        f"{counts['changed']} changed (earlier versions kept), {counts['new']} new, "
        f"{counts['unchanged']} unchanged, {len(outcome.failed)} failed."
    )
    for url, reason in outcome.failed:
        click.echo(f"  failed: {url}: {reason}", err=True)
    if outcome.failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
