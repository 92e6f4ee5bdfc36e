"""Site declarations: everything about one crawled site, in one TOML file per site.

A declaration says where the site is, which discovery surfaces it offers, which
template profiles its pages use, which categories to archive, what its own chrome
looks like, which clock it keeps and how gently to crawl it. Its shape, defaults
included, is `schema/site-v1.schema.json`; the files of this package are the
project's sites, and a folder of more (`LAN_SITES_DIR`, the crawl's `SITES_DIR`)
adds others without touching code. What WordPress itself prints lives in
`lan_crawler.wordpress` and `lan_crawler.extract`.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jsonschema

from lan_crawler.extract.hints import SiteHints
from lan_crawler.extract.profile import PROFILES

DEFAULT_ID = "lan.go.id"  # what `scrapy crawl lan_news` crawls when told nothing else
FOLDER_VARIABLE = "LAN_SITES_DIR"  # a folder of more declarations, beside the packaged ones
_TEMPLATES = {profile.name: profile for profile in PROFILES}


@dataclass(frozen=True)
class Discovery:
    """The surfaces that list the site's posts, besides robots.txt's `Sitemap:` lines."""

    rest_api: bool  # ask WordPress's REST API (`?rest_route=/wp/v2/posts`) first
    sitemaps: tuple[str, ...]  # tried when robots.txt's give nothing (relative to the base URL)
    feed: str | None  # the RSS feed, read after the sitemaps
    listings: bool  # page through the home and category listings when nothing else lists posts


@dataclass(frozen=True)
class Politeness:
    concurrency: int  # requests to the site at a time
    delay: float  # seconds between requests (AutoThrottle may lengthen it)


@dataclass(frozen=True)
class Categories:
    """Which posts to archive, by the category names the site shows."""

    keep: frozenset[str] = frozenset()  # lower-cased; empty: every post
    skip: frozenset[str] = frozenset()

    def refuses(self, categories: list[str]) -> str | None:
        """Why a post in `categories` is not archived, or None when it is."""
        names = {name.casefold() for name in categories}
        if names & self.skip:
            return f"category {sorted(names & self.skip)[0]!r} is skipped"
        if self.keep and not names & self.keep:
            return "no category to keep"
        return None


@dataclass(frozen=True)
class SiteDeclaration:
    id: str
    name: str
    base_url: str  # scheme://host/path/, with the trailing slash
    permalinks: Literal["plain", "pretty"]
    discovery: Discovery
    extraction: SiteHints
    politeness: Politeness
    categories: Categories = field(default_factory=Categories)
    declared: bool = True  # False: a site nobody declared, crawled with the defaults
    # the declaration as written, the schema's defaults filled in (what `sites --json` shows)
    table: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"site {self.id}: base_url is not an http(s) URL: {self.base_url}")
        if not self.base_url.endswith("/"):
            raise ValueError(f"site {self.id}: base_url must end with a slash")

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""


class DeclarationError(ValueError):
    """A site file that is not a valid declaration; the message names the file and the field."""


@cache
def schema() -> dict[str, Any]:
    text = resources.files("lan_crawler").joinpath("schema/site-v1.schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _with_defaults(value: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """`value` with every property its schema gives a default filled in, nested objects too."""
    filled = dict(value)
    for name, prop in spec.get("properties", {}).items():
        if prop.get("type") == "object":
            filled[name] = _with_defaults(filled.get(name, {}), prop)
        elif name not in filled and "default" in prop:
            filled[name] = prop["default"]
    return filled


def parse(data: dict[str, Any], origin: str) -> SiteDeclaration:
    """The declaration in `data` (a TOML file's table); DeclarationError naming `origin`."""
    problem = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema()).iter_errors(data)
    )
    if problem is not None:
        where = ".".join(str(part) for part in problem.absolute_path) or "top level"
        message = problem.message
        if problem.validator == "pattern":  # the pattern says less than its description
            message = f"{problem.instance!r} is not {problem.schema.get('description', 'valid')}"
        raise DeclarationError(f"{origin}: {where}: {message}")
    d = _with_defaults(data, schema())
    disc, extraction, polite, cats = (
        d["discovery"],
        d["extraction"],
        d["politeness"],
        d["categories"],
    )
    try:
        ZoneInfo(d["time_zone"])  # an unknown zone fails here, not in the middle of a crawl
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        raise DeclarationError(f"{origin}: time_zone: unknown zone {d['time_zone']!r}") from None
    try:
        hints = SiteHints(
            templates=tuple(_TEMPLATES[name] for name in extraction["templates"]),
            chrome_phrases=tuple(extraction["chrome_phrases"]),
            suspect_phrases=tuple(extraction["suspect_phrases"]),
            time_zone=d["time_zone"],
        )
        return SiteDeclaration(
            id=d["id"],
            name=d["name"],
            base_url=d["base_url"],
            permalinks=d["permalinks"],
            discovery=Discovery(
                rest_api=disc["rest_api"],
                sitemaps=tuple(disc["sitemaps"]),
                feed=disc["feed"] or None,
                listings=disc["listings"],
            ),
            extraction=hints,
            politeness=Politeness(polite["concurrency"], float(polite["delay"])),
            categories=Categories(
                frozenset(name.casefold() for name in cats["keep"]),
                frozenset(name.casefold() for name in cats["skip"]),
            ),
            table=d,
        )
    except ValueError as error:  # what SiteDeclaration checks itself
        raise DeclarationError(f"{origin}: {error}") from None


def read(path: Path | Traversable) -> SiteDeclaration:
    """The declaration in a TOML file, which must be named after the site's id."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DeclarationError(f"{path}: {error}") from None
    site = parse(data, str(path))
    if path.name != f"{site.id}.toml":
        raise DeclarationError(f"{path}: a declaration of {site.id} must be named {site.id}.toml")
    return site


def _packaged() -> list[Traversable]:
    """The project's own declarations (read as package data: an egg is a zip file)."""
    files = resources.files(__name__).iterdir()
    return sorted((f for f in files if f.name.endswith(".toml")), key=lambda f: f.name)


def extra_folder() -> Path | None:
    """The folder of more declarations that LAN_SITES_DIR names, if any."""
    value = os.environ.get(FOLDER_VARIABLE, "")
    return Path(value) if value else None


def declared(folder: Path | None = None) -> dict[str, SiteDeclaration]:
    """Every declared site by id: the packaged ones, then those of `folder` (or LAN_SITES_DIR)."""
    files: list[Path | Traversable] = [*_packaged()]
    more = folder or extra_folder()
    if more is not None:
        if not more.is_dir():
            raise DeclarationError(f"{more}: no such folder of site declarations")
        files += sorted(more.glob("*.toml"))
    found: dict[str, SiteDeclaration] = {}
    for path in files:
        site = read(path)
        if site.id in found:
            raise DeclarationError(f"{path}: site {site.id} is declared twice")
        found[site.id] = site
    return dict(sorted(found.items()))


DEFAULT_SITE = read(resources.files(__name__).joinpath(f"{DEFAULT_ID}.toml"))


def undeclared(base_url: str) -> SiteDeclaration:
    """A WordPress site nobody declared, at `base_url`: the schema's defaults, every template."""
    host = urlsplit(base_url).hostname or ""
    site = parse({"id": host, "name": host, "base_url": base_url}, base_url)
    return replace(site, declared=False)


def get_site(site_id: str, folder: Path | None = None) -> SiteDeclaration:
    """The declaration of `site_id`; a ValueError naming the known ones when there is none."""
    sites = declared(folder)
    try:
        return sites[site_id]
    except KeyError:
        raise ValueError(f"no site {site_id!r} is declared; known: {', '.join(sites)}") from None


def site_for(site_id: str, base_url: str, folder: Path | None = None) -> SiteDeclaration:
    """What a crawl told `-a site=` and `-a base_url=` crawls: the named site (at `base_url`
    when given), else the declared site at that host, else an undeclared one there."""
    if site_id or not base_url:
        return get_site(site_id or DEFAULT_ID, folder)
    base_url = with_slash(base_url)
    host = urlsplit(base_url).hostname
    same_host = [s for s in declared(folder).values() if s.host == host]
    return same_host[0] if same_host else undeclared(base_url)


def with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
