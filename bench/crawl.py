"""A full crawl of a 5,000-post sample site, its second run, and `scrapy bench` beside it.

    python bench/crawl.py [--posts 5000]

Prints: pages per second and per minute of the full crawl (politeness off), the
crawl's peak memory, the requests of an immediate second run (which should not
grow with the number of posts), and `scrapy bench`'s pages per minute on the
same machine, the framework's own ceiling.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lan_crawler.demo import crawl_command, crawl_env
from lan_crawler.sample_site import Faults, running
from lan_crawler.sample_site.posts import synthetic_posts

FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "ERROR",
}


def crawl(base_url: str, archive: Path) -> tuple[float, int]:
    """Run one crawl; its wall time and the largest resident size a child reached (kB)."""
    started = time.perf_counter()
    subprocess.run(crawl_command(base_url, archive, FAST), env=crawl_env(), check=True)
    elapsed = time.perf_counter() - started
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def scrapy_bench() -> float:
    """`scrapy bench`'s best pages per minute (run outside the project, with its defaults)."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    with tempfile.TemporaryDirectory() as empty:
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", "bench", "-s", "CLOSESPIDER_TIMEOUT=15"],
            cwd=empty,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    rates = [int(r) for r in re.findall(r"at (\d+) pages/min", done.stderr)]
    return float(max(rates))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    args = parser.parse_args()
    posts = synthetic_posts(args.posts)
    with tempfile.TemporaryDirectory() as tmp, running(Faults(), posts=posts) as server:
        print(f"Rendering {len(posts)} posts before the clock starts ...")
        for post in posts:  # the server's cache, so the crawl does not wait on rendering
            server.site.respond(f"/?p={post.id}")
        archive = Path(tmp) / "archive"
        server.log.clear()
        elapsed, peak_kb = crawl(server.base_url, archive)
        first_requests = len(server.log.entries)
        archived = len(list(archive.glob("[0-9]*/*/*/*.json")))
        server.log.clear()
        crawl(server.base_url, archive)
        second_requests = len(server.log.entries)
    rate = first_requests / elapsed
    ceiling = scrapy_bench()
    print(f"full crawl:    {archived} articles, {first_requests} requests in {elapsed:.1f} s")
    print(f"               {rate:.1f} pages/s = {rate * 60:.0f} pages/min")
    print(f"peak memory:   {peak_kb / 1024:.0f} MB (largest crawl process)")
    print(f"second run:    {second_requests} requests ({len(posts)} posts on the site)")
    print(
        f"scrapy bench:  {ceiling:.0f} pages/min; the crawl runs at {rate * 60 / ceiling:.2f} of it"
    )


if __name__ == "__main__":
    main()
