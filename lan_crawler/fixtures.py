"""Golden fixtures: a stored page next to the record it must give. One folder holds either kind:

    <id>.html     + <id>.expected.json   from the sample site (tests/golden/regenerate.py):
                                         the page as saved, and its expected record
    <id>.html.gz  + <id>.fixture.json    from a crawl's WARC file (`lan-archive fixture`): the
                                         page as received, and {url, fetched_at, content_type,
                                         site, expected}, the record for a person to correct

`load_fixtures` reads both kinds, `differences` is the golden check, `from_response` and
`write_fixture` make the second kind from an archived response.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lan_crawler.archive import Archive
from lan_crawler.page import FetchedPage, record_from_page
from lan_crawler.record import ArticleRecord, to_json
from lan_crawler.reprocess import newest_posts
from lan_crawler.sites import DEFAULT_SITE, SiteDeclaration, get_site
from lan_crawler.warc import StoredResponse, read_response_at

SAVED_PAGE, SAVED_EXPECTED = ".html", ".expected.json"
WARC_PAGE, WARC_JSON = ".html.gz", ".fixture.json"
# not held to a fixture: the extractor's version moves on with every fix, and a fixture's
# page is no longer where the archive's `raw` points
UNCHECKED = ("raw",)
UNCHECKED_EXTRACTION = ("version",)
FIXTURE_KEYS = ("url", "fetched_at", "content_type", "site", "expected")  # of a .fixture.json


class FixtureError(ValueError):
    """A fixture folder that does not follow the layout, or no page to make a fixture of."""


@dataclass(frozen=True)
class Fixture:
    name: str  # `<folder>/<id>`
    body: bytes  # the page as received
    url: str
    fetched_at: datetime | None
    content_type: str
    site: SiteDeclaration
    expected: dict[str, Any]

    def page(self) -> FetchedPage:
        return FetchedPage(self.url, self.body, self.content_type, self.fetched_at)

    def record(self) -> ArticleRecord:
        """The record the page gives now, as the crawl would make it."""
        return record_from_page(self.page(), self.site)


def differences(
    record: Mapping[str, Any], expected: Mapping[str, Any]
) -> dict[str, tuple[Any, Any]]:
    """(got, expected) for every field of `expected` the record does not match."""
    found: dict[str, tuple[Any, Any]] = {}
    for field, want in expected.items():
        if field == "extraction":
            for part in ("method", "warnings"):
                got = record["extraction"][part]
                if got != want.get(part):
                    found[f"extraction.{part}"] = (got, want.get(part))
        elif record.get(field) != want:
            found[field] = (record.get(field), want)
    return found


def expected_of(record: ArticleRecord) -> dict[str, Any]:
    """A record as a fixture expects it: its archive JSON form, unchecked parts left out."""
    expected: dict[str, Any] = json.loads(to_json(record))
    for field in UNCHECKED:
        del expected[field]
    for part in UNCHECKED_EXTRACTION:
        del expected["extraction"][part]
    return expected


def from_response(response: StoredResponse, site: SiteDeclaration, name: str) -> Fixture:
    """The fixture of an archived response: its record as extraction gives it now.

    Raises ExtractionError when the page gives no record.
    """
    assert response.body is not None
    made = Fixture(
        name, response.body, response.url, response.fetched_at, response.content_type, site, {}
    )
    return replace(made, expected=expected_of(made.record()))


def newest_response(
    archive: Archive, post_id: int, source: str | None, max_size: int
) -> StoredResponse:
    """The newest 200 HTML response the archive's WARC files hold for a post (of `source`,
    else of whichever source has it); FixtureError when none or several sources do."""
    known = {
        key: where
        for key, where in newest_posts(archive, max_size).items()
        if where.post_id == post_id and source in (None, key.rpartition(":")[0])
    }
    if not known:
        name = f"{source}:{post_id}" if source else f"post {post_id}"
        raise FixtureError(f"no stored page of {name} in {archive.root / 'warc'}")
    if len(known) > 1:
        raise FixtureError(f"post {post_id} is in several sources: {', '.join(sorted(known))}")
    (where,) = known.values()
    return read_response_at(where.path, where.relative, where.offset)


def write_fixture(fixture: Fixture, folder: Path, stem: str, *, force: bool = False) -> list[Path]:
    """Write `<stem>.html.gz` and `<stem>.fixture.json`; FileExistsError unless `force`, so
    that a reviewed fixture is not overwritten by accident."""
    page, about = folder / f"{stem}{WARC_PAGE}", folder / f"{stem}{WARC_JSON}"
    for path in (page, about):
        if path.exists() and not force:
            raise FileExistsError(path)
    data = {
        "url": fixture.url,
        "fetched_at": _utc(fixture.fetched_at) if fixture.fetched_at else None,
        "content_type": fixture.content_type,  # its charset decides how the page is decoded
        "site": fixture.site.id,
        "expected": fixture.expected,
    }
    folder.mkdir(parents=True, exist_ok=True)
    page.write_bytes(gzip.compress(fixture.body, mtime=0))  # mtime 0: same page, same bytes
    about.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [page, about]


def load_fixtures(root: Path) -> list[Fixture]:
    """Every fixture in the folders under `root`, of both kinds, sorted by name."""
    found: list[Fixture] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "__pycache__"):
        for page_suffix, json_suffix, read in (
            (SAVED_PAGE, SAVED_EXPECTED, _saved),
            (WARC_PAGE, WARC_JSON, _from_warc),
        ):
            pages = _stems(folder, page_suffix)
            jsons = _stems(folder, json_suffix)
            if lone := sorted(pages ^ jsons):
                raise FixtureError(
                    f"{folder}: {', '.join(lone)}: {page_suffix} or {json_suffix} missing"
                )
            for stem in sorted(pages):
                found.append(read(folder, stem))
    return sorted(found, key=lambda f: f.name)


def _stems(folder: Path, suffix: str) -> set[str]:
    return {p.name.removesuffix(suffix) for p in folder.iterdir() if p.name.endswith(suffix)}


def _saved(folder: Path, stem: str) -> Fixture:
    expected = _json(folder / f"{stem}{SAVED_EXPECTED}", "url")
    body = (folder / f"{stem}{SAVED_PAGE}").read_bytes()
    # saved from the sample site as if from lan.go.id: no Content-Type, no fetch time
    return Fixture(f"{folder.name}/{stem}", body, expected["url"], None, "", DEFAULT_SITE, expected)


def _from_warc(folder: Path, stem: str) -> Fixture:
    data = _json(folder / f"{stem}{WARC_JSON}", *FIXTURE_KEYS)
    body = gzip.decompress((folder / f"{stem}{WARC_PAGE}").read_bytes())
    fetched = datetime.fromisoformat(data["fetched_at"]) if data["fetched_at"] else None
    site = get_site(data["site"])
    name = f"{folder.name}/{stem}"
    return Fixture(name, body, data["url"], fetched, data["content_type"], site, data["expected"])


def _json(path: Path, *keys: str) -> dict[str, Any]:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise FixtureError(f"{path}: not JSON ({error})") from error
    if not isinstance(data, dict):
        raise FixtureError(f"{path}: not a JSON object")
    if missing := [k for k in keys if k not in data]:
        raise FixtureError(f"{path}: no {', '.join(missing)}")
    return data


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
