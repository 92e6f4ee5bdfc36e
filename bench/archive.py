"""The archive tools on a synthetic archive of 50,000 records (or `--records N`).

    python bench/archive.py [--records 50000] [--no-export] [--keep DIR]

Prints: `reindex` time; the index's size beside the records'; median and p95 latency
of `list` filters (with the count `list` shows), `stats` and `search` queries by kind
(common words, two words, phrases, rare words, with filters), and whether their hits
were ranked or newest first (the index's own calls, repeated); `export` throughput and
peak memory per format, for the whole archive and for a fifth of it (constant memory
shows as equal peaks). `--keep DIR` writes the records there (or reuses those already
there) instead of a temporary folder, for runs one after another.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from lan_crawler.archive import INDEX_NAME, Archive, record_path
from lan_crawler.index import Filters, Index, Row
from lan_crawler.record import content_sha256, to_json, word_count
from lan_crawler.sample_site.posts import expected_record, synthetic_posts

SEARCHES = {  # by kind: (query, filters)
    "common word": [(q, Filters()) for q in ("wisuda", "kebijakan", "pelatihan", "inovasi")],
    "two words": [
        (q, Filters())
        for q in (
            "kompetensi digital",
            "laboratorium inovasi",
            "pelatihan kepemimpinan",
            "manajemen talenta",
            "kerjasama daerah",
        )
    ],
    "phrase": [(q, Filters()) for q in ('"kompetensi digital"', '"Politeknik STIA LAN"')],
    "filtered": [
        ("kebijakan", Filters(category="Pengumuman")),
        ("kompetensi digital", Filters(since="2020-01-01", until="2020-12-31")),
        ("wisuda", Filters(category="Kajian Kebijakan", since="2015-01-01")),
    ],
}
LISTINGS = (
    Filters(),
    Filters(category="Pengumuman"),
    Filters(since="2020-01-01", until="2020-12-31"),
    Filters(category="Kajian Kebijakan", since="2015-01-01"),
)


# The written posts repeat every 43 records, so none of their words is rare. Each record
# gets a word of its own, and RARE_RECORDS records in all (whatever the archive's size) a
# word no other one has.
RARE_WORD = "wakatobi"
RARE_RECORDS = 8


def own_word(n: int) -> str:
    """The word only record `n` (0 the newest) holds."""
    return f"arsip{n:07d}"


def rare_searches(count: int) -> list[tuple[str, Filters]]:
    """Searches with one hit, a few, none, and a phrase of a few hits."""
    words = (own_word(1), own_word(count // 2), RARE_WORD, "zzyzx", f'"{RARE_WORD} nomor"')
    return [(q, Filters()) for q in words]


def build(root: Path, count: int) -> None:
    """Write `count` records (no fsync: this is set-up, not what is measured)."""
    every = max(count // RARE_RECORDS, 1)
    for n, post in enumerate(synthetic_posts(count)):
        record = expected_record(post, "https://lan.go.id/")
        rare = f" {RARE_WORD.title()} nomor {n // every + 1}." if n % every == 0 else ""
        text = f"{record['text']}\n\nNomor arsip: {own_word(n)}.{rare}"
        record["text"] = text
        record["word_count"] = word_count(text)
        record["content_sha256"] = content_sha256(record["title"], text)
        record["extraction"]["version"] = "bench"
        record["fetched_at"] = "2026-11-29T00:00:00Z"
        path = root / record_path(record)  # type: ignore[arg-type]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_json(record), encoding="utf-8")


def listing(index: Index, filters: Filters) -> None:
    """What `lan-archive list` asks the index: the newest 20, and the count when more."""
    if len(index.newest(filters, 20)) == 20:
        index.count(filters)


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
    return f"{name:<22} median {statistics.median(times):7.1f} ms, p95 {p95:7.1f} ms"


def size_mb(paths: object) -> float:
    return sum(p.stat().st_size for p in paths) / 2**20  # type: ignore[attr-defined]


# runs `lan-archive export` in a fresh process and reports that process's own peak memory,
# in kB (ru_maxrss would carry this bench's own peak across fork and exec)
_MEASURED_EXPORT = """
import sys
from lan_crawler.memory import peak_memory_kb
from lan_crawler.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    if done.code:
        raise
print(peak_memory_kb(), file=sys.stderr)
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


def evict(paths: Iterable[Path]) -> None:
    """Drop the files' pages from the page cache (written back first), for cold figures."""
    for path in paths:
        with path.open("rb") as file:
            os.fdatasync(file.fileno())
            os.posix_fadvise(file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def cold_ms(index: Index, call: Callable[[], list[Row]], rounds: int = 3) -> list[float]:
    """Each call timed after its index and record files left the page cache, on a
    connection opened for it."""
    files = [index.path, *(index.root / row.path for row in call())]
    times = []
    for _ in range(rounds):
        evict(files)
        index.close()  # and out of SQLite's own cache: each call opens the index, as a verb does
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--no-export", action="store_true", help="skip the export runs")
    parser.add_argument("--keep", type=Path, help="the records' folder, kept (reused if there)")
    parser.add_argument(
        "--no-reindex", action="store_true", help="with --keep: use the index already there"
    )
    parser.add_argument(
        "--cold", action="store_true", help="reindex and query with files out of the page cache"
    )
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        root = args.keep / "archive" if args.keep else Path(tmp) / "archive"
        if not root.exists():
            print(f"Writing {args.records} records ...")
            started = time.perf_counter()
            build(root, args.records)
            print(f"written:  in {time.perf_counter() - started:.0f} s")
        archive = Archive(root)
        if not (args.no_reindex and archive.index.exists()):
            if args.cold:
                started = time.perf_counter()
                evict(archive.record_files())
                print(f"evicted:  the record files in {time.perf_counter() - started:.0f} s")
            started = time.perf_counter()
            indexed = archive.rebuild_index()
            print(f"reindex:  {indexed} records in {time.perf_counter() - started:.1f} s")

        index = Archive(root).index
        indexed = index.count()
        records = size_mb(archive.record_files())
        indexed_mb = size_mb(root.glob(f"{INDEX_NAME}*"))
        print(f"index:    {indexed_mb:.0f} MB beside {records:.0f} MB of record files")
        lists = [timings_ms(lambda f=f: listing(index, f)) for f in LISTINGS]
        print(line("list", [t for times in lists for t in times]))
        print(line("stats", timings_ms(index.stats)))
        searches = SEARCHES | {"rare": rare_searches(indexed)}
        for kind, queries in searches.items():
            calls = [timings_ms(lambda q=q, f=f: index.search(q, f, 20)) for q, f in queries]
            orders = ["ranked" if index.search(q, f, 20).ranked else "newest" for q, f in queries]
            print(line(f"search {kind}", [t for times in calls for t in times]), *orders)
        if args.cold:
            cold = [cold_ms(index, partial(index.newest, f, 20)) for f in LISTINGS]
            print(line("cold list", [t for times in cold for t in times]))
            for kind, queries in searches.items():
                cold = [cold_ms(index, partial(index.search, q, f, 20)) for q, f in queries]
                print(line(f"cold search {kind}", [t for times in cold for t in times]))
        if args.no_export:
            return

        # a fifth of the archive, by date, against the whole: equal peaks mean constant memory
        sql = "SELECT day FROM articles ORDER BY rowid LIMIT 1 OFFSET ?"
        fifth = ["--until", index.db.execute(sql, (indexed // 5,)).fetchone()[0]]
        for fmt in ("jsonl", "csv", "parquet"):
            seconds, peak = export_run(root, fmt, Path(tmp) / f"all.{fmt}", [])
            _, small_peak = export_run(root, fmt, Path(tmp) / f"fifth.{fmt}", fifth)
            print(
                f"export {fmt:<8} {indexed / seconds:8.0f} records/s, peak {peak:.0f} MB "
                f"(a fifth of the archive: {small_peak:.0f} MB)"
            )


if __name__ == "__main__":
    main()
