"""The bundled sample site: a LAN-like WordPress site (OceanWP theme) served on 127.0.0.1.

    with running(Faults.realistic(load_posts())) as server:
        crawl(server.base_url)

See README.md in this folder for its routes, faults and post format.
"""

from lan_crawler.sample_site.posts import Post, load_posts
from lan_crawler.sample_site.server import SampleServer, running
from lan_crawler.sample_site.site import SETUPS, Faults, SampleSite, Setup

__all__ = [
    "SETUPS",
    "Faults",
    "Post",
    "SampleServer",
    "SampleSite",
    "Setup",
    "load_posts",
    "running",
]
