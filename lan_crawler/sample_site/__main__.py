"""Serve the sample site: `python -m lan_crawler.sample_site --port 8000`, or the whole
family of sites at once: `python -m lan_crawler.sample_site --family --port 8000`."""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from lan_crawler.sample_site.posts import load_posts
from lan_crawler.sample_site.server import running, running_family
from lan_crawler.sample_site.site import SETUPS, TEMPLATES, Faults


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the LAN-like sample WordPress site.")
    parser.add_argument(
        "--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free port)"
    )
    parser.add_argument(
        "--family",
        action="store_true",
        help="serve every site of the family, each on its own 127.0.0.x, its own setup, no faults",
    )
    parser.add_argument(
        "--no-sitemaps", action="store_true", help="no Sitemap line, every sitemap a 404"
    )
    parser.add_argument(
        "--no-faults", action="store_true", help="serve without the realistic faults"
    )
    parser.add_argument(
        "--template", choices=TEMPLATES, default="oceanwp", help="how single posts are rendered"
    )
    parser.add_argument(
        "--setup", choices=SETUPS, default="plain-core", help="permalinks and sitemaps"
    )
    parser.add_argument("--no-rest", action="store_true", help="the REST API answers 401")
    args = parser.parse_args()
    if args.family:
        serve_family(args.port)
        return
    faults = Faults() if args.no_faults else Faults.realistic(load_posts())
    if args.no_sitemaps:
        faults = replace(faults, sitemaps=False)
    setup = replace(SETUPS[args.setup], rest=not args.no_rest)
    with running(faults, port=args.port, template=args.template, setup=setup) as server:
        print(
            f"Sample site at {server.base_url} ({len(server.site.posts)} posts). Ctrl-C stops it."
        )
        _wait()


def serve_family(port: int) -> None:
    with running_family(port=port) as servers:
        for host, server in servers.items():
            site = server.site
            print(
                f"{host} at {server.base_url} ({len(site.posts)} posts, "
                f"{site.template}, {site.identity.setup})."
            )
        print("Ctrl-C stops them.")
        _wait()


def _wait() -> None:
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
