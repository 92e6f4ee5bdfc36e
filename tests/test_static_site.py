"""`lan-archive site` built from real crawls of the sample site (one post edited, one
published later), checked in headless Chromium (Debian's, driven by Selenium): pages
render, links resolve, an image is shown, a version's changes are marked, search finds an
article by a word of its body; a rebuild after one new article rewrites only what shows it."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from lan_crawler.archive import Archive
from lan_crawler.cli import main as lan_archive
from lan_crawler.sample_site import Faults, load_posts, running
from tests.conftest import run_crawl

POSTS = load_posts()
LATE = POSTS[0]  # the newest post: published after the first site was built
EDITED = next(p for p in POSTS[1:] if p.featured)  # a post with a photo


@dataclass(frozen=True)
class Sites:
    archive: Path
    site: Path
    first_build: list[str]  # files the first build wrote
    rebuild: list[str]  # files the rebuild after LATE's publication wrote


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    root = tmp_path_factory.mktemp("site")
    archive, site = root / "archive", root / "site"
    with running(Faults(), posts=tuple(p for p in POSTS if p.id != LATE.id)) as server:
        assert run_crawl(server.base_url, archive).returncode == 0
        server.site.edit_post(EDITED.id, title=EDITED.title + " (Revisi)")
        assert run_crawl(server.base_url, archive).returncode == 0
        before = snapshot(site, archive)
        server.site.publish(LATE)
        assert run_crawl(server.base_url, archive).returncode == 0
        after = snapshot(site, archive)
    return Sites(archive, site, before, after)


def snapshot(site: Path, archive: Path) -> list[str]:
    """Build the site; the files the build wrote (new or changed), relative to the site;
    Pagefind's index (`pagefind/`) aside, which every build makes anew."""
    mtimes = {p: p.stat().st_mtime_ns for p in site.rglob("*")} if site.exists() else {}
    done = CliRunner().invoke(lan_archive, ["site", "--archive", str(archive), "--out", str(site)])
    assert done.exit_code == 0, done.output
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file()
        and not p.relative_to(site).as_posix().startswith("pagefind/")
        and mtimes.get(p) != p.stat().st_mtime_ns
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def served(sites: Sites) -> Iterator[str]:
    """The site over HTTP (search needs it: browsers keep file:// pages from fetching)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(sites.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def page_of(sites: Sites, post_id: int) -> Path:
    record = Archive(sites.archive).read(f"127.0.0.1:{post_id}")
    assert record is not None
    path = Archive(sites.archive).get(record["id"])
    assert path is not None
    return sites.site / path.path.with_suffix(".html")


def test_every_link_of_the_home_page_and_an_article_resolves(
    sites: Sites, browser: webdriver.Chrome
) -> None:
    for page in (sites.site / "index.html", page_of(sites, EDITED.id)):
        browser.get(page.as_uri())
        links = [a.get_attribute("href") or "" for a in browser.find_elements(By.CSS_SELECTOR, "a")]
        local = [unquote(urlsplit(h).path) for h in links if h.startswith("file://")]
        assert local and all(Path(p).is_file() for p in local), [
            p for p in local if not Path(p).is_file()
        ]
    browser.get((sites.site / "index.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Arsip Berita")
    months = browser.find_elements(By.CSS_SELECTOR, "main ul li a[href*='/index.html']")
    months[0].click()
    assert "artikel" in browser.find_element(By.CSS_SELECTOR, "main p").text


def test_an_article_shows_its_captured_image_and_its_provenance(
    sites: Sites, browser: webdriver.Chrome
) -> None:
    record = Archive(sites.archive).read(f"127.0.0.1:{EDITED.id}")
    assert record is not None and record["images"]
    browser.get(page_of(sites, EDITED.id).as_uri())
    image = browser.find_element(By.CSS_SELECTOR, "article img")
    assert (
        browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image)
        > 0
    )
    assert image.get_attribute("src").startswith((sites.site / "media").as_uri())
    facts = browser.find_element(By.TAG_NAME, "main").text
    assert record["url"] in facts and record["raw"]["record_id"] in facts


def test_the_edited_articles_earlier_version_has_its_changes_marked(
    sites: Sites, browser: webdriver.Chrome
) -> None:
    browser.get(page_of(sites, EDITED.id).as_uri())
    assert [e.text for e in browser.find_elements(By.CSS_SELECTOR, "li ins")] == ["(Revisi)"]
    assert browser.find_element(By.TAG_NAME, "h1").text == EDITED.title + " (Revisi)"


def test_search_finds_an_article_by_a_word_of_its_body(
    sites: Sites, served: str, browser: webdriver.Chrome
) -> None:
    record = Archive(sites.archive).read(f"127.0.0.1:{LATE.id}")
    assert record is not None
    word = max(record["text"].split(), key=len).strip(".,;:()“”\"'")
    browser.get(f"{served}search.html?q={word}")
    WebDriverWait(browser, 20).until(lambda b: b.find_element(By.ID, "count").text)
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#results a")]
    assert record["title"] in titles


def test_a_rebuild_after_one_new_article_rewrites_only_the_pages_that_show_it(sites: Sites) -> None:
    record = Archive(sites.archive).read(f"127.0.0.1:{LATE.id}")
    assert record is not None
    month = record["published"][:7].replace("-", "/")
    article = page_of(sites, LATE.id).relative_to(sites.site).as_posix()
    assert article not in sites.first_build
    wanted = {"index.html", f"{month}/index.html", article}
    assert wanted <= set(sites.rebuild)
    rest = set(sites.rebuild) - wanted
    assert all(p.startswith(("kategori/", "media/")) for p in rest), rest
    assert len(sites.rebuild) < len(sites.first_build) / 4
