"""Boilerplate of Indonesian WordPress sites never reaches `text`; sentences with its words stay."""

from __future__ import annotations

import pytest

from lan_crawler.extract.article import extract_article
from lan_crawler.extract.chrome import drop_label_lines, is_label_line
from tests.pages import URL, post_page

PROSE = [
    "Jakarta – Pemerintah daerah akan membagikan modul pelatihan kepada seluruh peserta.",
    "Peserta diminta baca juga modul kedua sebelum kelas daring dimulai pekan depan.",
    "Bagikan pengalaman Anda dalam forum diskusi yang disediakan panitia, ujar Rina.",
    "Terkait hal itu, LAN akan menyusun pedoman baru bagi instansi pemerintah daerah.",
    "Menu layanan digital itu dapat dibuka dari beranda aplikasi milik pemerintah kota.",
    "Foto bersama seluruh peserta dilakukan usai penutupan kegiatan di aula utama.",
    "Sumber: Laporan Kajian Pemetaan Kompetensi Digital ASN, LAN 2021.",
    "Tinggalkan kebiasaan lama, kata narasumber, dan mulailah belajar dari data.",
]

CHROME = {
    "jetpack, english": (
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>'
        '<ul><li><a href="#">Facebook</a></li></ul></div>'
        "<div class='sharedaddy sd-block sd-like'><h3 class=\"sd-title\">Like this:</h3>"
        "<span>Loading...</span></div>"
        "<div id='jp-relatedposts' class='jp-relatedposts'><h3><em>Related</em></h3></div>"
    ),
    "jetpack, indonesian": (
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Bagikan ini:</h3></div>'
        "<div class='sharedaddy sd-block sd-like'><h3 class=\"sd-title\">Suka ini:</h3></div>"
    ),
    "baca juga, inline": '<p><strong>Baca juga:</strong> <a href="/?p=5">Berita lain</a></p>',
    "baca juga, capitalised": '<p>Baca Juga: <a href="/?p=6">Judul berita lain</a></p>',
    "baca juga, box": (
        '<div class="baca-juga-box"><strong>Baca Juga:</strong><ul>'
        '<li><a href="/?p=5">Satu</a></li><li><a href="/?p=6">Dua</a></li></ul></div>'
    ),
    "baca juga, unknown plugin": (
        '<div class="some-plugin"><span>Baca juga</span> '
        '<a href="/?p=7">Judul berita yang lain</a></div>'
    ),
    "photo credit": "<p><em>(Foto: Humas LAN)</em></p>",
    "photo credit, plain": "<p>Dok. Biro Hukum dan Humas</p>",
    "share label": "<p>Bagikan:</p>",
    "reply form": '<div id="respond"><h3>Tinggalkan Balasan</h3><h3>Leave a Reply</h3></div>',
    "source box": '<div class="post-source">Sumber: <a href="/">Biro Hukum dan Humas LAN</a></div>',
    "tags label": "<p>Tags:</p>",
}


@pytest.mark.parametrize("name", list(CHROME))
def test_chrome_never_reaches_text_and_prose_stays(name: str) -> None:
    middle = len(PROSE) // 2
    content = (
        "".join(f"<p>{p}</p>" for p in PROSE[:middle])
        + CHROME[name]
        + "".join(f"<p>{p}</p>" for p in PROSE[middle:])
    )
    record = extract_article(post_page(content), URL)
    assert record["text"] == "\n\n".join(PROSE)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Share this:", True),
        ("Bagikan ini:", True),
        ("Like this:", True),
        ("Related", True),
        ("Tinggalkan Balasan", True),
        ("Leave a Reply", True),
        ("Baca juga: Judul berita lain yang terkait", True),
        ("(Foto: Humas LAN)", True),
        ("Foto: Dok. LAN", True),
        ("Bagikan pengalaman Anda dalam forum diskusi.", False),
        ("Baca juga modul kedua sebelum kelas dimulai.", False),
        ("Foto bersama dilakukan usai penutupan.", False),
        ("Sumber: Laporan Kajian LAN 2021.", False),
        ("Terkait hal itu, LAN menyusun pedoman.", False),
    ],
)
def test_label_lines_are_told_from_sentences(line: str, label: bool) -> None:
    assert is_label_line(line) is label


def test_label_lines_are_dropped_from_plain_text_fallbacks() -> None:
    text = "Paragraf pertama berita ini.\n\nShare this:\nFacebook\n\nLike this:\n\nParagraf kedua."
    kept, dropped = drop_label_lines(text)
    assert kept == "Paragraf pertama berita ini.\n\nFacebook\n\nParagraf kedua."
    assert dropped == ["Share this:", "Like this:"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Dokumentasi kegiatan tersedia di laman resmi LAN.",
        "Foto-foto kegiatan dapat diunduh pada tautan yang tersedia.",
    ],
)
def test_sentences_about_photos_are_not_credits(sentence: str) -> None:
    assert not is_label_line(sentence)
