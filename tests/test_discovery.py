"""Discovery on Scrapy's machinery: size-capped sitemaps, each template's listing selectors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from lan_crawler import discovery
from lan_crawler.commands.crawl import ExitCode
from lan_crawler.extract.profile import BLOCK_THEME, ELEMENTOR, OCEANWP, PROFILES
from lan_crawler.sample_site import Faults, load_posts, running
from lan_crawler.sample_site.site import GZIP_BOMB
from tests.conftest import run_crawl

POSTS = load_posts()
URL = "https://lan.go.id/"


def test_a_gzipped_sitemap_inflating_past_the_size_cap_is_refused_and_the_crawl_goes_on(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "archive"
    with running(Faults(gzip_bomb_mb=160)) as server:  # 160 MB in a file of under 0.5 MB
        done = run_crawl(server.base_url, archive)
    assert done.returncode == ExitCode.HEALTHY, done.log[-3000:]
    report = json.loads(next((archive / "runs").glob("*.json")).read_text())
    assert report["articles"]["failed"] == [
        {
            "url": f"{server.base_url}{GZIP_BOMB}",
            "reason": "unreadable sitemap: gzipped sitemap inflates past 16777216 bytes",
        }
    ]
    assert len(list(archive.glob("[0-9]*/*/*/*.json"))) == len(POSTS)
    assert report["peak_memory_mb"] < 330  # a crawl takes about 260 MB: inflating adds 160


def test_the_peak_memory_reported_is_the_crawls_own_not_its_parents(tmp_path: Path) -> None:
    ballast = bytearray(500 * 1024 * 1024)  # this process, the crawl's parent, holds 500 MB
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched: resident, not just reserved
    with running(Faults()) as server:
        done = run_crawl(server.base_url, tmp_path / "archive")
    del ballast
    assert done.returncode == ExitCode.HEALTHY, done.log[-3000:]
    report = json.loads(next((tmp_path / "archive" / "runs").glob("*.json")).read_text())
    assert 30 < report["peak_memory_mb"] < 400


def test_read_sitemap_caps_what_it_inflates() -> None:
    body = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    body += b"<url><loc>https://lan.go.id/?p=5</loc></url>" * 1000 + b"</urlset>"
    packed = gzip.compress(body)
    assert [e.loc for e in discovery.read_sitemap(packed, len(body)).entries][:1] == [
        "https://lan.go.id/?p=5"
    ]
    with pytest.raises(discovery.NotASitemap, match="inflates past"):
        discovery.read_sitemap(packed, len(body) // 2)
    with pytest.raises(discovery.NotASitemap, match="corrupt gzip"):
        discovery.read_sitemap(packed[:20], len(body))
    with pytest.raises(discovery.NotASitemap, match="no sitemap"):
        discovery.read_sitemap(b"<rss><channel/></rss>", len(body))


# A listing page in each template's markup: Elementor Pro's Posts widget, the Query Loop
# block of a block theme, OceanWP's blog entries.
LISTINGS = {
    ELEMENTOR.name: """<div class="elementor-posts-container">
      <article class="elementor-post"><div class="elementor-post__text">
      <h3 class="elementor-post__title"><a href="https://lan.go.id/?p=11">Satu</a></h3></div></article>
      <article class="elementor-post"><div class="elementor-post__text">
      <h3 class="elementor-post__title"><a href="https://lan.go.id/?p=12">Dua</a></h3></div></article>
      </div><nav class="elementor-pagination"><span class="page-numbers current">1</span>
      <a class="page-numbers next" href="https://lan.go.id/?paged=2">Berikutnya</a></nav>""",
    BLOCK_THEME.name: """<div class="wp-block-query"><ul class="wp-block-post-template">
      <li class="wp-block-post"><h2 class="wp-block-post-title">
      <a href="https://lan.go.id/?p=11">Satu</a></h2></li>
      <li class="wp-block-post"><h2 class="wp-block-post-title">
      <a href="https://lan.go.id/?p=12">Dua</a></h2></li></ul>
      <nav class="wp-block-query-pagination"><a class="wp-block-query-pagination-next"
      href="https://lan.go.id/?paged=2">Berikutnya</a></nav></div>""",
    OCEANWP.name: """<div id="blog-entries" class="entries">
      <article class="blog-entry"><h2 class="blog-entry-title entry-title">
      <a href="https://lan.go.id/?p=11">Satu</a></h2></article>
      <article class="blog-entry"><h2 class="blog-entry-title entry-title">
      <a href="https://lan.go.id/?p=12">Dua</a></h2></article></div>
      <div class="oceanwp-pagination"><ul class="page-numbers"><li>
      <a class="next page-numbers" href="https://lan.go.id/?paged=2">&gt;</a></li></ul></div>""",
}


@pytest.mark.parametrize("template", list(LISTINGS))
def test_each_template_s_listing_selectors_find_its_posts_and_next_page(template: str) -> None:
    page = (
        "<html><body><nav><a href='https://lan.go.id/?cat=3'>Berita</a>"
        "<a href='https://lan.go.id/?p=99'>Populer</a></nav>"
        f"{LISTINGS[template]}</body></html>"
    )
    listing = discovery.read_listing(page, URL, PROFILES)
    assert listing.entries == ["https://lan.go.id/?p=11", "https://lan.go.id/?p=12"]
    assert listing.next_page == "https://lan.go.id/?paged=2"
    assert listing.categories() == ["https://lan.go.id/?cat=3"]


def test_held_sitemap_posts_keep_the_newest_and_say_what_was_left() -> None:
    progress = discovery.Progress()
    day = [discovery.parse_lastmod(f"2024-01-{d:02d}") for d in range(1, 6)]
    left = [
        progress.hold("https://lan.go.id/?p=3", day[2], 3, room=2),
        progress.hold("https://lan.go.id/?p=1", day[0], 1, room=2),
        progress.hold("https://lan.go.id/?p=5", day[4], 5, room=2),  # pushes out post 1
        progress.hold("https://lan.go.id/2024/slug/", day[1], None, room=2),  # itself left
    ]
    assert left == [False, False, True, True]
    assert progress.release() == [
        ("https://lan.go.id/?p=5", day[4]),
        ("https://lan.go.id/?p=3", day[2]),
    ]
    assert progress.release() == []
    # a URL of unknown post left for later: absence from the sitemaps proves nothing now
    progress.sitemap_entries = 4
    assert not progress.sitemaps_complete
