"""Site declarations: TOML files checked against their schema, found by themselves, one
per site; a folder of more beside the packaged ones; `lan-archive sites` lists them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lan_crawler.cli import main
from lan_crawler.extract.profile import BLOCK_THEME, ELEMENTOR, OCEANWP
from lan_crawler.sites import (
    DEFAULT_SITE,
    DeclarationError,
    declared,
    get_site,
    site_for,
    undeclared,
)

MINIMAL = (
    'id = "bkpsdm.example.go.id"\nname = "BKPSDM"\nbase_url = "https://bkpsdm.example.go.id/"\n'
)


def folder_with(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "sites"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_packaged_declarations_are_read_from_their_files() -> None:
    sites = declared()
    assert list(sites) == ["lan.go.id", "lombokutarakab.go.id", "stialan.ac.id"]
    lan = sites["lan.go.id"]
    assert lan == DEFAULT_SITE and lan.declared
    assert lan.extraction.templates == (OCEANWP, ELEMENTOR, BLOCK_THEME)
    assert lan.extraction.chrome_phrases == ("Kami menggunakan cookie", "Hak Cipta Dilindungi")
    assert (lan.politeness.concurrency, lan.politeness.delay) == (2, 1.0)
    lombok = sites["lombokutarakab.go.id"]
    assert lombok.extraction.time_zone == "Asia/Makassar"
    assert lombok.categories.refuses(["Berita", "Pengadaan"]) == "category 'pengadaan' is skipped"
    assert lombok.categories.refuses(["Berita"]) is None


def test_a_minimal_declaration_takes_the_schema_defaults(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "bkpsdm.example.go.id.toml", MINIMAL)
    site = get_site("bkpsdm.example.go.id", folder)
    assert site.base_url == "https://bkpsdm.example.go.id/" and site.permalinks == "plain"
    assert site.discovery.rest_api and site.discovery.feed == "?feed=rss2"
    assert site.discovery.sitemaps == ("?sitemap=index", "wp-sitemap.xml", "sitemap_index.xml")
    assert site.extraction.templates == (OCEANWP, ELEMENTOR, BLOCK_THEME)
    assert site.extraction.time_zone == "Asia/Jakarta"
    assert (site.politeness.concurrency, site.politeness.delay) == (2, 1.0)
    assert site.categories.refuses(["Apa saja"]) is None


def test_keep_archives_only_posts_in_a_kept_category(tmp_path: Path) -> None:
    text = MINIMAL + '[categories]\nkeep = ["Berita"]\nskip = ["Lowongan"]\n'
    site = get_site(
        "bkpsdm.example.go.id", folder_with(tmp_path, "bkpsdm.example.go.id.toml", text)
    )
    assert site.categories.refuses(["berita"]) is None  # names compare without case
    assert site.categories.refuses(["Pengumuman"]) == "no category to keep"
    assert site.categories.refuses(["Berita", "Lowongan"]) == "category 'lowongan' is skipped"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (MINIMAL + "[politeness]\nconcurrency = 0\n", "politeness.concurrency: 0 is less than"),
        (
            MINIMAL.replace('.go.id/"', '.go.id"'),
            "base_url: 'https://bkpsdm.example.go.id' is not an http(s) URL ending with a slash",
        ),
        (MINIMAL + 'time_zone = "Mars/Olympus"\n', "time_zone: unknown zone 'Mars/Olympus'"),
        (MINIMAL + '[extraction]\ntemplates = ["astra"]\n', "extraction.templates.0: 'astra'"),
        (MINIMAL + "colour = 'blue'\n", "top level: Additional properties are not allowed"),
        (MINIMAL.replace("name", "nama"), "Additional properties are not allowed ('nama' was"),
        (MINIMAL.replace('name = "BKPSDM"\n', ""), "top level: 'name' is a required property"),
        ('id = "bkpsdm.example.go.id\n', "Illegal character"),
    ],
)
def test_a_bad_declaration_is_refused_naming_its_file_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    folder = folder_with(tmp_path, "bkpsdm.example.go.id.toml", text)
    with pytest.raises(DeclarationError) as refused:
        declared(folder)
    assert str(refused.value).startswith(f"{folder / 'bkpsdm.example.go.id.toml'}: ")
    assert message in str(refused.value)


def test_a_file_must_be_named_after_its_site_and_a_site_declared_once(tmp_path: Path) -> None:
    with pytest.raises(DeclarationError, match=r"must be named bkpsdm\.example\.go\.id\.toml"):
        declared(folder_with(tmp_path, "bkpsdm.toml", MINIMAL))
    text = MINIMAL.replace("bkpsdm.example.go.id", "lan.go.id")
    with pytest.raises(DeclarationError, match=r"site lan\.go\.id is declared twice"):
        declared(folder_with(tmp_path / "again", "lan.go.id.toml", text))


def test_a_crawl_finds_its_site_by_name_by_host_or_crawls_an_undeclared_one() -> None:
    assert site_for("", "") == DEFAULT_SITE  # no argument: lan.go.id
    mirror = "http://127.0.0.1:8000/"
    assert site_for("lan.go.id", mirror) == DEFAULT_SITE  # the site, elsewhere
    assert site_for("", "https://stialan.ac.id") == get_site("stialan.ac.id")  # by its host
    other = site_for("", "https://berita.example.org/news")
    assert other == undeclared("https://berita.example.org/news/")
    assert (other.id, other.base_url, other.declared) == (
        "berita.example.org",
        "https://berita.example.org/news/",
        False,
    )
    assert other.extraction.templates == (OCEANWP, ELEMENTOR, BLOCK_THEME)
    with pytest.raises(ValueError, match=r"no site 'lan\.example' is declared; known: lan\.go\.id"):
        site_for("lan.example", mirror)


def test_lan_archive_sites_lists_them_and_names_a_bad_file(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "bkpsdm.example.go.id.toml", MINIMAL)
    listed = CliRunner().invoke(main, ["sites", "--json"], env={"LAN_SITES_DIR": str(folder)})
    assert listed.exit_code == 0, listed.output
    sites = {site["id"]: site for site in json.loads(listed.stdout)}
    assert list(sites) == [
        "bkpsdm.example.go.id",
        "lan.go.id",
        "lombokutarakab.go.id",
        "stialan.ac.id",
    ]
    assert sites["stialan.ac.id"]["extraction"]["templates"] == ["block-theme"]
    assert sites["bkpsdm.example.go.id"]["politeness"] == {"concurrency": 2, "delay": 1.0}
    plain = CliRunner().invoke(main, ["sites", "--sites-dir", str(folder)])
    assert plain.stdout.splitlines()[0].split("\t") == [
        "bkpsdm.example.go.id",
        "BKPSDM",
        "https://bkpsdm.example.go.id/",
        "oceanwp, elementor, block-theme",
        "Asia/Jakarta",
    ]
    (folder / "bkpsdm.example.go.id.toml").write_text(MINIMAL + "[discovery]\nfeed = 12\n")
    bad = CliRunner().invoke(main, ["sites", "--sites-dir", str(folder)])
    assert bad.exit_code == 1 and bad.stdout == ""
    assert "bkpsdm.example.go.id.toml: discovery.feed: 12 is not of type 'string'" in bad.stderr
