"""The bundled sample sites: the LAN family of WordPress sites, served on loopback addresses.

    with running(Faults.realistic(load_posts())) as server:   # lan.go.id on 127.0.0.1
        crawl(server.base_url)
    with running_family() as servers:                         # every site, by host
        crawl(servers["lombokutarakab.go.id"].base_url)

See README.md in this folder for its routes, faults and post format.
"""

from lan_crawler.sample_site.identity import FAMILY, LAN, LOMBOK_UTARA, STIALAN, SiteIdentity
from lan_crawler.sample_site.posts import Post, load_posts
from lan_crawler.sample_site.server import SampleServer, running, running_family
from lan_crawler.sample_site.site import SETUPS, Faults, SampleSite, Setup

__all__ = [
    "FAMILY",
    "LAN",
    "LOMBOK_UTARA",
    "SETUPS",
    "STIALAN",
    "Faults",
    "Post",
    "SampleServer",
    "SampleSite",
    "Setup",
    "SiteIdentity",
    "load_posts",
    "running",
    "running_family",
]
