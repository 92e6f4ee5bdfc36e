"""Each fallback layer takes over when the layer above it is taken away, and says so."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from lxml import html

from lan_crawler.extract import layers
from lan_crawler.extract.article import ExtractionFailed, extract_article
from lan_crawler.extract.hints import SiteHints
from lan_crawler.extract.profile import PROFILES
from lan_crawler.fidelity import shingle_scores
from lan_crawler.sample_site import Faults, SampleSite, load_posts
from lan_crawler.sample_site.posts import expected_text

BASE = "http://127.0.0.1:8000/"
SEED = next(p for p in load_posts() if p.id == 5297)  # paragraphs only: no table, list, image


def page_of(template: str) -> html.HtmlElement:
    site = SampleSite(BASE, Faults(), template=template)
    return html.document_fromstring(site.respond(f"/?p={SEED.id}").body.decode())


def no_profile(doc: html.HtmlElement) -> None:
    body = doc.find(".//body")
    body.set("class", body.get("class", "").replace("oceanwp-theme", ""))
    for element in doc.xpath("//*[@data-elementor-type]"):
        del element.attrib["data-elementor-type"]


def no_entry_content(doc: html.HtmlElement) -> None:
    for element in doc.xpath("//*[contains(@class, 'entry-content')]"):
        element.set("class", "isi")


def no_article(doc: html.HtmlElement) -> None:
    for element in doc.iter("article"):
        element.tag = "div"


def no_json_ld(doc: html.HtmlElement) -> None:
    for script in doc.xpath("//script[@type='application/ld+json']"):
        script.drop_tree()


def no_paragraphs(doc: html.HtmlElement) -> None:
    """Text in <div>s only, no <p>, <li> or headings: nothing for a density count to weigh."""
    for element in doc.iter("p", "li", "h1", "h2", "h3", "blockquote", "td"):
        element.tag = "div"


def extract(doc: html.HtmlElement) -> dict[str, object]:
    return dict(extract_article(html.tostring(doc, encoding="unicode"), f"{BASE}?p={SEED.id}"))


STEPS: list[tuple[str, str, list[Callable[[html.HtmlElement], None]]]] = [
    ("oceanwp", "profile:oceanwp", []),
    ("oceanwp", "generic:trafilatura", [no_profile]),
    ("elementor", "generic:trafilatura", [no_profile, no_paragraphs, no_json_ld]),
]
# Below trafilatura, for the pages it finds nothing in: each taken with trafilatura away
STRUCTURAL: list[tuple[str, str, list[Callable[[html.HtmlElement], None]]]] = [
    ("oceanwp", "fallback:entry-content", [no_profile]),
    ("oceanwp", "fallback:article", [no_profile, no_entry_content]),
    ("elementor", "fallback:densest-block", [no_profile]),
    ("elementor", "json-ld", [no_profile, no_paragraphs]),
]


@pytest.fixture
def without_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = tuple(step for step in layers.LAYERS if step[0] != "generic:trafilatura")
    monkeypatch.setattr(layers, "LAYERS", kept)


@pytest.mark.parametrize(("template", "layer", "removals"), STEPS, ids=[s[1] for s in STEPS])
def test_each_layer_takes_over_when_the_one_above_is_gone(
    template: str, layer: str, removals: list[Callable[[html.HtmlElement], None]]
) -> None:
    check_layer(template, layer, removals)


@pytest.mark.parametrize(
    ("template", "layer", "removals"), STRUCTURAL, ids=[s[1] for s in STRUCTURAL]
)
@pytest.mark.usefixtures("without_trafilatura")
def test_each_structural_layer_takes_over_when_the_one_above_is_gone(
    template: str, layer: str, removals: list[Callable[[html.HtmlElement], None]]
) -> None:
    check_layer(template, layer, removals)


def check_layer(
    template: str, layer: str, removals: list[Callable[[html.HtmlElement], None]]
) -> None:
    doc = page_of(template)
    for remove in removals:
        remove(doc)
    record = extract(doc)
    extraction = record["extraction"]
    assert isinstance(extraction, dict)
    assert extraction["method"].split(";")[0] == layer
    expected = expected_text(SEED)
    if layer.startswith(("profile:", "fallback:", "json-ld")):
        assert record["text"] == expected
    else:  # trafilatura lays text out its own way: the words must still all be there
        assert shingle_scores(expected, str(record["text"])).f1 >= 0.97
    assert record["title"] == SEED.title
    if layer.startswith("profile:"):
        assert extraction["warnings"] == []
    else:
        assert "no site profile matches this page's template" in extraction["warnings"]


def test_a_broken_profile_still_gives_the_article_and_warns() -> None:
    broken = SiteHints(tuple(replace(p, content=".renamed-container") for p in PROFILES))
    site = SampleSite(BASE, Faults())
    for post in load_posts()[:10]:
        record = extract_article(
            site.respond(f"/?p={post.id}").body.decode(), f"{BASE}?p={post.id}", site=broken
        )
        assert shingle_scores(expected_text(post), record["text"]).f1 >= 0.97
        assert record["extraction"]["method"].startswith("generic:trafilatura")
        assert "text: profile:oceanwp: nothing found" in record["extraction"]["warnings"]


def test_without_fallbacks_an_unknown_template_gives_no_record() -> None:
    doc = page_of("oceanwp")
    no_profile(doc)
    with pytest.raises(ExtractionFailed, match="no article text"):
        extract_article(html.tostring(doc, encoding="unicode"), BASE, fallbacks=False)


def test_a_chrome_only_page_never_becomes_a_record() -> None:
    for template in ("oceanwp", "block-theme"):
        site = SampleSite(BASE, Faults(broken_post=SEED.id), template=template)
        page = site.respond(f"/?p={SEED.id}").body.decode()
        with pytest.raises(ExtractionFailed) as failure:
            extract_article(page, f"{BASE}?p={SEED.id}")
        # every layer was tried and each one's reason is given
        assert re.search(r"profile:[\w-]+: no text", failure.value.reason)
        assert "generic:trafilatura" in failure.value.reason


def test_a_body_trafilatura_reads_from_json_ld_keeps_its_paragraphs() -> None:
    site = SampleSite(BASE, Faults(broken_post=SEED.id), template="elementor")
    record = extract_article(site.respond(f"/?p={SEED.id}").body.decode(), f"{BASE}?p={SEED.id}")
    assert record["text"] == expected_text(SEED)
    assert record["extraction"]["method"].startswith("generic:trafilatura")
    assert "text: profile:elementor: no text" in record["extraction"]["warnings"]
