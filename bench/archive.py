"""The archive tools on a synthetic archive of 50,000 records (or `--records N`).

    python bench/archive.py [--records 50000] [--no-export]

Prints: `reindex` time; the index's size beside the records'; median and p95 latency
of `list` filters, `stats` and `search` queries, common and rare words apart (the
index's own calls, repeated); `export` throughput and peak memory per format, for the
whole archive and for a fifth of it (constant memory shows as equal peaks).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lan_crawler.archive import INDEX_NAME, Archive, record_path
from lan_crawler.index import Filters
from lan_crawler.record import to_json
from lan_crawler.sample_site.posts import expected_record, synthetic_posts
from lan_crawler.stats import compute as compute_stats

RARE = ("Tanimbar", "aktualisasi terbaik", "zzyzx")  # few hits, or none
QUERIES = (
    "kompetensi digital",
    "wisuda",
    "laboratorium inovasi",
    "pelatihan kepemimpinan",
    "kebijakan",
    "Politeknik STIA LAN",
    "manajemen talenta",
    "kerjasama daerah",
)
LISTINGS = (
    Filters(),
    Filters(category="Pengumuman"),
    Filters(since="2020-01-01", until="2020-12-31"),
    Filters(category="Kajian Kebijakan", since="2015-01-01"),
)


def build(root: Path, count: int) -> None:
    """Write `count` records (no fsync: this is set-up, not what is measured)."""
    for post in synthetic_posts(count):
        record = expected_record(post, "https://lan.go.id/")
        record["extraction"]["version"] = "bench"
        record["fetched_at"] = "2026-11-29T00:00:00Z"
        path = root / record_path(record)  # type: ignore[arg-type]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_json(record), encoding="utf-8")


def timings_ms(call: object, rounds: int = 15) -> list[float]:
    assert callable(call)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def line(name: str, times: list[float]) -> str:
    """`name: median X ms, p95 Y ms` over every call of every query."""
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return f"{name:<16} median {statistics.median(times):7.1f} ms, p95 {p95:7.1f} ms"


def size_mb(paths: object) -> float:
    return sum(p.stat().st_size for p in paths) / 2**20  # type: ignore[attr-defined]


# runs `lan-archive export` in a fresh process and reports that process's own peak memory
_MEASURED_EXPORT = """
import resource, sys
from lan_crawler.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    if done.code:
        raise
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def export_run(root: Path, fmt: str, out: Path, extra: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one `lan-archive export` process."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEASURED_EXPORT,
            "export",
            "--archive",
            str(root),
            "--format",
            fmt,
            "--out",
            str(out),
            *extra,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--no-export", action="store_true", help="skip the export runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        print(f"Writing {args.records} records ...")
        build(root, args.records)
        archive = Archive(root)
        started = time.perf_counter()
        indexed = archive.rebuild_index()
        print(f"reindex:  {indexed} records in {time.perf_counter() - started:.1f} s")

        index = Archive(root).index
        records = size_mb(archive.record_files())
        indexed_mb = size_mb(root.glob(f"{INDEX_NAME}*"))
        print(f"index:    {indexed_mb:.0f} MB beside {records:.0f} MB of record files")
        print(
            line("list", [t for f in LISTINGS for t in timings_ms(lambda f=f: index.newest(f, 20))])
        )
        print(line("stats", timings_ms(lambda: compute_stats(index.facts()), rounds=5)))
        for name, queries in (("search common", QUERIES), ("search rare", RARE)):
            calls = [timings_ms(lambda q=q: index.search(q, Filters(), 20)) for q in queries]
            print(line(name, [t for times in calls for t in times]))
        if args.no_export:
            return

        # a fifth of the archive, by date, against the whole: equal peaks mean constant memory
        days = sorted(r.published[:10] for r in index.newest(Filters()))
        fifth = ["--until", days[len(days) // 5]]
        for fmt in ("jsonl", "csv", "parquet"):
            seconds, peak = export_run(root, fmt, Path(tmp) / f"all.{fmt}", [])
            _, small_peak = export_run(root, fmt, Path(tmp) / f"fifth.{fmt}", fifth)
            print(
                f"export {fmt:<8} {indexed / seconds:8.0f} records/s, peak {peak:.0f} MB "
                f"(a fifth of the archive: {small_peak:.0f} MB)"
            )


if __name__ == "__main__":
    main()
