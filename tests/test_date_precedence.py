"""Which date wins when a page gives several, and when the sources' disagreement is reported."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from lan_crawler.extract.article import ExtractionFailed, extract_article
from tests.pages import BODY, PUBLISHED_META, URL, post_page


def ld(**properties: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **properties}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def published(page: str, **kwargs: object) -> tuple[str, list[str], str]:
    record = extract_article(page, URL, **kwargs)  # type: ignore[arg-type]
    return record["published"], record["extraction"]["warnings"], record["extraction"]["method"]


def test_head_metadata_gives_the_time_and_the_visible_date_agrees() -> None:
    value, warnings, _ = published(post_page())
    assert value == "2021-03-29T10:15:00+07:00"  # 03:15 UTC is 10:15 in Jakarta
    assert warnings == []


def test_visible_date_disagreeing_with_the_metadata_is_reported() -> None:
    value, warnings, _ = published(post_page(meta_date="30 Maret 2021"))
    assert value == "2021-03-29T10:15:00+07:00"
    assert any("published: sources disagree" in w and "2021-03-30" in w for w in warnings)


def test_json_ld_stands_in_for_missing_meta_tags() -> None:
    value, warnings, method = published(
        post_page(head=ld(datePublished="2021-03-29T10:15:00+07:00"))
    )
    assert method == "profile:oceanwp"  # the profile trusts JSON-LD as it trusts meta tags
    assert value == "2021-03-29T10:15:00+07:00"
    assert warnings == []


def test_json_ld_and_meta_tags_disagreeing_is_reported() -> None:
    head = PUBLISHED_META + ld(datePublished="2021-03-28T10:15:00+07:00")
    value, warnings, _ = published(post_page(head=head))
    assert value == "2021-03-29T10:15:00+07:00"  # meta tags come first
    assert any("sources disagree" in w for w in warnings)


def test_visible_date_alone_gives_midnight_wib_and_a_warning() -> None:
    value, warnings, _ = published(post_page(head=""))
    assert value == "2021-03-29T00:00:00+07:00"
    assert "published: no time of day given, midnight assumed" in warnings


@pytest.mark.parametrize(
    "visible",
    [
        "March 29, 2021",
        "Senin, 29 Maret 2021",
        "29 Mar 2021",
        "29/03/2021",
        "Monday, 29 March 2021",
    ],
)
def test_visible_dates_in_indonesian_and_english(visible: str) -> None:
    value, _, _ = published(post_page(head="", meta_date=visible))
    assert value == "2021-03-29T00:00:00+07:00"


def test_a_time_element_without_offset_is_read_as_wib() -> None:
    page = post_page(head="", meta_date='<time datetime="2021-03-29T10:15:00">29 Maret 2021</time>')
    page = page.replace("oceanwp-theme", "")  # generic sources: <time datetime> in the article
    value, _, method = published(page)
    assert value == "2021-03-29T10:15:00+07:00"
    assert "published=html-fallback" in method


def test_a_yearless_body_date_never_stands_in_for_a_missing_date() -> None:
    page = post_page(
        "<p>Jakarta – Acara dibuka Senin (29/3) oleh Kepala LAN di Jakarta.</p>",
        head="",
        meta_date="",
    )
    with pytest.raises(ExtractionFailed, match="no publication date"):
        extract_article(page, URL)


def test_a_yearless_body_date_never_overrides_a_full_one() -> None:
    body = "<p>Jakarta – Acara dibuka Senin (22/3) oleh Kepala LAN di Jakarta kemarin.</p>"
    value, warnings, _ = published(post_page(body))
    assert value == "2021-03-29T10:15:00+07:00"
    assert warnings == []


def test_a_related_posts_date_is_never_taken_for_the_posts() -> None:
    related = (
        '<section id="related-posts"><article class="related-post"><h3>Lain</h3>'
        '<time class="published" datetime="2020-01-01T08:00:00+07:00">1 Januari 2020</time>'
        "</article></section>"
    )
    page = post_page(head="", meta_date="").replace("</article>", "</article>" + related)
    with pytest.raises(ExtractionFailed, match="no publication date"):
        extract_article(page.replace("oceanwp-theme", ""), URL)


def test_malformed_visible_date_is_a_warning_not_a_guess() -> None:
    value, warnings, _ = published(post_page(meta_date="31 Februari 2021"))
    assert value == "2021-03-29T10:15:00+07:00"
    assert any("impossible date" in w for w in warnings)


def test_sitemap_lastmod_stands_in_for_a_modification_date_the_page_lacks() -> None:
    lastmod = datetime(2021, 4, 1, 2, 0, tzinfo=UTC)
    record = extract_article(post_page(), URL, lastmod=lastmod)
    assert record["modified"] == "2021-04-01T09:00:00+07:00"
    assert "modified=sitemap" in record["extraction"]["method"]
    assert extract_article(post_page(BODY), URL)["modified"] is None
