"""Crawls spread over Scrapyd nodes: one `lan_news` job per site, each on the node with the
fewest jobs (or on each node in turn), none for a site whose crawl is already waiting or
running on some node.

Choosing is pure (`plan`, `least_busy`, `round_robin`, `active_sites`); talking to Scrapyd
(`survey`, `place`) is plain urllib against its JSON API: `daemonstatus.json` for how busy a
node is, `listjobs.json` for what it runs, `schedule.json` to add a job.

Which site a job crawls: Scrapyd (1.5+) lists a pending job's spider arguments, but not a
running one's. So each job we schedule gets an id that names its site
(`<site id>_<32 hex digits>`, site ids being host names without `_`), which Scrapyd lists for
running jobs too. A running job scheduled some other way, with an id of its own, is not seen.
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from lan_crawler.sites import DEFAULT_ID, with_slash

SPIDER = "lan_news"
PROJECT = "lan_crawler"  # the project name in scrapy.cfg's [deploy] target
PICKS = ("least-busy", "round-robin")
TIMEOUT = 10.0  # seconds a node has to answer one request
_JOB_ID = re.compile(r"(?P<site>[a-z0-9.-]+)_[0-9a-f]{32}")

State = Literal["planned", "already", "scheduled", "failed"]


@dataclass(frozen=True)
class Node:
    """A Scrapyd node as it answered (or did not)."""

    url: str  # as given
    busy: int | None  # running and pending jobs; None when it did not answer
    active: Mapping[str, str]  # site id -> id of its pending or running lan_news job
    problem: str = ""  # why it did not answer

    @property
    def answered(self) -> bool:
        return self.busy is not None


@dataclass(frozen=True)
class Placement:
    """What became of one site: a job planned or scheduled on a node, one already there,
    or a failure to schedule it."""

    site: str
    node: str
    state: State
    job: str = ""
    problem: str = ""


class NoNodeAnswered(Exception):
    def __init__(self, nodes: Sequence[Node]) -> None:
        why = "; ".join(f"{node.url}: {node.problem}" for node in nodes)
        super().__init__(f"no Scrapyd node answered ({why})")


class ScrapydError(Exception):
    """A node that answered with an error, or not at all."""


# --- choosing (pure) ----------------------------------------------------------------------


def least_busy(loads: Mapping[str, int]) -> str:
    """The node with the fewest jobs; of equals, the first given."""
    return min(loads, key=lambda node: loads[node])  # min keeps the first of equals


def round_robin(nodes: Sequence[str], turn: int) -> str:
    """The node whose turn it is, in the order given."""
    return nodes[turn % len(nodes)]


def plan(sites: Iterable[str], nodes: Sequence[Node], pick: str = "least-busy") -> list[Placement]:
    """Where each site's job goes: nowhere new when some node already has one for it, else
    the node `pick` chooses among those that answered. Each placed job counts towards its
    node's load, so jobs spread over idle nodes evenly."""
    if pick not in PICKS:
        raise ValueError(f"unknown way to pick a node: {pick!r}")
    live = [node for node in nodes if node.busy is not None]
    if not live:
        raise NoNodeAnswered(nodes)
    loads = {node.url: node.busy or 0 for node in live}
    running: dict[str, tuple[str, str]] = {}
    for node in live:
        for site, job in node.active.items():
            running.setdefault(site, (node.url, job))
    placements: list[Placement] = []
    turn = 0
    for site in dict.fromkeys(sites):
        if site in running:
            where, job = running[site]
            placements.append(Placement(site, where, "already", job))
            continue
        if pick == "least-busy":
            chosen = least_busy(loads)
        else:
            chosen = round_robin(list(loads), turn)
            turn += 1
        loads[chosen] += 1
        placements.append(Placement(site, chosen, "planned", job_id(site)))
    return placements


def job_id(site: str) -> str:
    """A new job id naming its site (Scrapyd lists running jobs by id only)."""
    return f"{site}_{uuid.uuid4().hex}"


def site_of_job(job: str) -> str | None:
    """The site a job id made by `job_id` names; None for any other id."""
    found = _JOB_ID.fullmatch(job)
    return found["site"] if found else None


def active_sites(listing: Mapping[str, Any]) -> dict[str, str]:
    """Sites with a lan_news job pending or running in a `listjobs.json` answer, with the
    job's id: from a pending job's `site` argument (Scrapyd 1.5+; a job given neither `site`
    nor `base_url` crawls lan.go.id), else from the job id."""
    found: dict[str, str] = {}
    for kind in ("pending", "running"):
        for job in listing.get(kind, []):
            if job.get("spider") != SPIDER:
                continue
            ident = str(job.get("id", ""))
            site = site_of_job(ident)
            args = job.get("args")
            if site is None and isinstance(args, dict):
                site = args.get("site") or (None if args.get("base_url") else DEFAULT_ID)
            if site:
                found.setdefault(site, ident)
    return found


def succeeded(placements: Iterable[Placement]) -> bool:
    """Whether every site was scheduled or already had a job."""
    return all(p.state in ("scheduled", "already") for p in placements)


# --- talking to Scrapyd -------------------------------------------------------------------


def call(
    node: str,
    endpoint: str,
    form: Sequence[tuple[str, str]] | None = None,
    timeout: float = TIMEOUT,
) -> dict[str, Any]:
    """One Scrapyd API call: a GET, or a POST of `form`; its JSON answer when `status` is
    ok, else ScrapydError. Credentials in the node's URL (`http://user:pass@host:6800/`)
    go as HTTP basic auth, as Scrapyd's `username` and `password` want."""
    parts = urllib.parse.urlsplit(with_slash(node))
    netloc = parts.netloc.rpartition("@")[2]
    url = urllib.parse.urljoin(parts._replace(netloc=netloc).geturl(), endpoint)
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data)
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        secret = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{secret}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise ScrapydError(f"HTTP {error.code} from {endpoint}") from None
    except urllib.error.URLError as error:
        raise ScrapydError(str(error.reason)) from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise ScrapydError(str(error) or type(error).__name__) from None
    if not isinstance(answer, dict):
        raise ScrapydError(f"{endpoint} gave no JSON object")
    if answer.get("status") != "ok":
        raise ScrapydError(str(answer.get("message", f"{endpoint} failed")).strip())
    return answer


def survey(node: str, project: str = PROJECT) -> Node:
    """How busy a node is and which sites it crawls or will; a node that does not answer,
    or has no such project, is one that did not answer, with why."""
    try:
        status = call(node, "daemonstatus.json")
        listing = call(node, "listjobs.json?" + urllib.parse.urlencode({"project": project}))
    except ScrapydError as error:
        return Node(node, None, {}, str(error))
    busy = int(status.get("running", 0)) + int(status.get("pending", 0))
    return Node(node, busy, active_sites(listing))


def place(placement: Placement, settings: Sequence[str], project: str = PROJECT) -> Placement:
    """Schedule a planned job on its node: `site=ID`, each `NAME=VALUE` setting, its job id."""
    form = [
        ("project", project),
        ("spider", SPIDER),
        ("jobid", placement.job),
        ("site", placement.site),
        *(("setting", setting) for setting in settings),
    ]
    try:
        answer = call(placement.node, "schedule.json", form)
    except ScrapydError as error:
        return replace(placement, state="failed", job="", problem=str(error))
    return replace(placement, state="scheduled", job=str(answer.get("jobid", placement.job)))


@dataclass(frozen=True)
class Dispatch:
    nodes: list[Node]
    placements: list[Placement]


def dispatch(
    sites: Sequence[str],
    nodes: Sequence[str],
    pick: str = "least-busy",
    settings: Sequence[str] = (),
    project: str = PROJECT,
) -> Dispatch:
    """Ask every node how it is, plan, then schedule each planned job on its node.
    NoNodeAnswered when none answered."""
    surveyed = [survey(node, project) for node in dict.fromkeys(nodes)]
    placements = [
        place(p, settings, project) if p.state == "planned" else p
        for p in plan(sites, surveyed, pick)
    ]
    return Dispatch(surveyed, placements)
