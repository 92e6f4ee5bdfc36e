"""The run report: what a crawl did, and whether it was healthy. Pure functions of the run's
account and its stats; the archive component writes the report under the archive.

A run is unhealthy (and `scrapy crawl lan_news` exits with ExitCode.UNHEALTHY) when it
stopped before its end, when post requests failed (server or network errors, pages with no
article) beyond a threshold, when more records than a threshold came from fallbacks (the
template changed), when errors were logged, when robots.txt forbids the whole site, when no
request succeeded, or when a finished run discovered no post. A write error is a problem of
its own (ExitCode.ARCHIVE_UNWRITABLE).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scrapy.settings import BaseSettings


@dataclass(frozen=True)
class Thresholds:
    max_failure_rate: float  # post requests failed by error / post requests made
    max_fallback_rate: float  # records from fallback layers / records extracted
    min_count: int  # a rate is judged only past this many pages: one odd post is no alarm

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Thresholds:
        return cls(
            settings.getfloat("HEALTH_MAX_FAILURE_RATE"),
            settings.getfloat("HEALTH_MAX_FALLBACK_RATE"),
            settings.getint("HEALTH_MIN_COUNT"),
        )


@dataclass
class RunAccount:
    """What a run did beyond its stats: who it was, what failed, what it withdrew."""

    run_id: str
    started_at: str  # UTC, seconds precision
    failures: list[dict[str, str]]  # {url, reason} of every page that gave no record
    withdrawn: list[str]  # record ids this run found withdrawn
    # per discovery surface: requests, post URLs named, whether it worked, URLs, problems
    surfaces: dict[str, dict[str, Any]] = field(default_factory=dict)
    # entries of discovery surfaces that are no usable URL: how many, and the first ones
    skipped_entries: dict[str, Any] = field(default_factory=lambda: {"count": 0, "first": []})
    # records whose page named another post than the one asked for
    conflicts: list[dict[str, str]] = field(default_factory=list)
    # a worker of a shared run (lan_crawler.distributed): {run, worker, discovers}
    shared: dict[str, Any] | None = None


def assess(stats: dict[str, Any], reason: str, thresholds: Thresholds) -> list[str]:
    """Why a run is unhealthy, from its stats and finish reason; empty when it is healthy."""
    problems = []
    # a helper of a shared run discovers nothing itself: another worker does
    discovers = stats.get("lan/shared/discovers", True)
    if write_error := stats.get("lan/write_error"):
        problems.append(write_error)
    elif reason != "finished":
        problems.append(f"the run stopped before its end ({reason})")
    if stats.get("lan/stale_jobdir"):
        problems.append("JOBDIR holds a crawl that already finished: give each run its own")
    if stats.get("lan/robots_disallow_all"):
        problems.append("robots.txt disallows the whole site")
    requests = stats.get("downloader/request_count", 0)
    answered = sum(
        count
        for key, count in stats.items()
        if key.startswith("downloader/response_status_count/") and int(key.rsplit("/", 1)[1]) < 500
    )
    if requests and not answered:
        problems.append(f"no request succeeded ({requests} made)")
    elif reason == "finished" and not problems and not stats.get("lan/discovered") and discovers:
        problems.append("no post discovered: no sitemap, API, feed or listing named one")
    posts, failed = stats.get("lan/post_requests", 0), stats.get("lan/post_errors", 0)
    if failed >= thresholds.min_count and failed / posts > thresholds.max_failure_rate:
        problems.append(
            f"{failed} of {posts} post requests gave no article "
            f"(more than {thresholds.max_failure_rate:.0%}): is the site down, or its template new?"
        )
    extracted = stats.get("lan/extracted", 0)
    fallback = stats.get("lan/extracted/fallback", 0)
    if fallback >= thresholds.min_count and fallback / extracted > thresholds.max_fallback_rate:
        problems.append(
            f"{fallback} of {extracted} articles came from fallback extraction "
            f"(more than {thresholds.max_fallback_rate:.0%}): the site profile no longer matches"
        )
    if errors := stats.get("lan/errors_logged", 0):
        first = stats.get("lan/first_error", "")
        problems.append(f"{errors} errors logged, the first: {first}")
    return problems


POST_OUTCOMES = ("new", "changed", "unchanged", "duplicate", "invalid", "unwritten")


def post_account(stats: dict[str, Any]) -> dict[str, int]:
    """What became of the run's post requests; the counts add up to `requested`."""
    outcomes = {name: stats.get(f"lan/records/{name}", 0) for name in POST_OUTCOMES}
    outcomes["failed"] = stats.get("lan/post_failed", 0)
    requested = stats.get("lan/post_requests", 0)
    # requests still queued or in flight when the run stopped early
    outcomes["not_answered"] = max(0, requested - sum(outcomes.values()))
    deferred = stats.get("lan/post_deferred", 0)  # past MAX_POSTS_PER_RUN: the next run's
    return {"requested": requested, **outcomes, "left_for_next_run": deferred}


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def running_report(run: RunAccount, archive: str, warc: str) -> dict[str, Any]:
    """The report a run leaves while it goes on (and if it is killed)."""
    report = {
        "run_id": run.run_id,
        "status": "running",
        "archive": archive,
        "started_at": run.started_at,
        "warc": warc,
    }
    return report | ({"shared_run": run.shared} if run.shared else {})


def finished_report(
    run: RunAccount,
    archive: str,
    warc: str,
    stats: dict[str, Any],
    reason: str,
    problems: list[str],
    now: datetime,
) -> dict[str, Any]:
    """The finished run's report, from its account and the crawl stats."""
    started = datetime.fromisoformat(run.started_at.replace("Z", "+00:00"))
    by_status = {
        key.rsplit("/", 1)[1]: value
        for key, value in sorted(stats.items())
        if key.startswith("downloader/response_status_count/")
    }
    return {
        "run_id": run.run_id,
        "status": "finished" if reason == "finished" else "stopped",
        "site": stats.get("lan/site"),
        "archive": archive,
        "started_at": run.started_at,
        "finished_at": utc_stamp(now),
        "duration_seconds": round((now - started).total_seconds(), 1),
        "finish_reason": reason,
        "healthy": not problems,
        "problems": problems,
        "requests": stats.get("downloader/request_count", 0),
        "responses_by_status": by_status,
        "bytes_received": stats.get("downloader/response_bytes", 0),
        "peak_memory_mb": stats.get("lan/peak_memory_mb"),
        "warc": warc,
        # the posts' own images and attachments kept beside them (a failure is in `failed`);
        # surfaces unchanged since their last capture, written as revisit records
        "media": {
            "requested": stats.get("lan/media_requests", 0),
            "kept": stats.get("lan/media_kept", 0),
        },
        "revisits": stats.get("lan/warc/revisits", 0),
        "surfaces": run.surfaces,
        "skipped_entries": run.skipped_entries,
        "identity_conflicts": run.conflicts,
        "posts": post_account(stats),
        "articles": {
            "discovered": stats.get("lan/discovered", 0),
            "new": stats.get("lan/records/new", 0),
            "changed": stats.get("lan/records/changed", 0),
            "unchanged": stats.get("lan/records/unchanged", 0),
            "skipped_current": stats.get("lan/skipped/current", 0),
            "from_fallbacks": stats.get("lan/extracted/fallback", 0),
            "withdrawn": run.withdrawn,
            "failed": run.failures,
        },
    } | (_shared_part(run.shared, stats) if run.shared else {})


def _shared_part(shared: dict[str, Any], stats: dict[str, Any]) -> dict[str, Any]:
    """A shared run's worker: which it was, and the post requests it left to any worker
    (counted in `posts` by the worker that answered each)."""
    return {"shared_run": {**shared, "posts_queued": stats.get("lan/shared/posts_queued", 0)}}


def summary_line(report: dict[str, Any]) -> str:
    """The one log line a run ends with."""
    articles = report["articles"]
    problems = report["problems"]
    return (
        f"Run {report['run_id']} {'healthy' if not problems else 'UNHEALTHY'} in "
        f"{report['duration_seconds'] or 0:.0f} s: {articles['new']} new, "
        f"{articles['changed']} changed, {articles['unchanged']} unchanged, "
        f"{articles['skipped_current']} skipped as current, {len(articles['failed'])} failed, "
        f"{report['requests']} requests" + ("" if not problems else " - " + "; ".join(problems))
    )
