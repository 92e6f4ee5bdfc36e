"""Lembaga Administrasi Negara, https://lan.go.id/: WordPress with OceanWP and Yoast SEO.

Its news sections may move to other templates in a redesign (an Elementor
section, a block-theme announcement page), so all three profiles are declared.
"""

from __future__ import annotations

from lan_crawler.extract.hints import SiteHints
from lan_crawler.extract.profile import BLOCK_THEME, ELEMENTOR, OCEANWP
from lan_crawler.sites import Discovery, Politeness, SiteDeclaration

LAN = SiteDeclaration(
    id="lan.go.id",
    name="Lembaga Administrasi Negara",
    base_url="https://lan.go.id/",
    # public links show both ?p=<id> and slug URLs: whichever it runs, the crawl copes
    permalinks="plain",
    discovery=Discovery(
        rest_api=True,
        # core's index under plain and pretty permalinks, then Yoast SEO's
        sitemaps=("?sitemap=index", "wp-sitemap.xml", "sitemap_index.xml"),
        feed="?feed=rss2",
        listings=True,
    ),
    extraction=SiteHints(
        templates=(OCEANWP, ELEMENTOR, BLOCK_THEME),
        # the cookie notice and the footer's copyright line
        chrome_phrases=("Kami menggunakan cookie", "Hak Cipta Dilindungi"),
        # the footer's address, which a news item about the head office may well quote
        suspect_phrases=("Jl. Veteran No. 10",),
        time_zone="Asia/Jakarta",
    ),
    # one government server, crawled every few hours
    politeness=Politeness(concurrency=2, delay=1.0),
)
