"""The generic path's own decisions around trafilatura, each on a page made to need it."""

from __future__ import annotations

from lan_crawler.extract.article import read_article

URL = "https://berita.example.org/2024/06/rapat-koordinasi/"
PROSE = [
    "Rapat koordinasi perencanaan tahunan dihadiri oleh seluruh kepala bidang dan pejabat "
    "fungsional dari lima kantor wilayah yang ada di provinsi tersebut.",
    "Dalam rapat itu dibahas target penyelesaian program prioritas serta rencana anggaran "
    "yang akan diajukan kepada pemerintah pusat pada bulan berikutnya.",
    "Kepala kantor menegaskan pentingnya koordinasi lintas unit agar setiap kegiatan dapat "
    "berjalan tepat waktu dan hasilnya terukur dengan jelas bagi masyarakat.",
]
TITLE = "Rapat Koordinasi Perencanaan Tahunan Digelar"


def page(body: str, head: str = "") -> str:
    return (
        f'<html lang="id"><head><meta charset="utf-8"><title>{TITLE}</title>{head}</head>'
        f"<body><main><article><h1>{TITLE}</h1>{body}</article></main></body></html>"
    )


def text_of(html: str) -> str:
    reading = read_article(html, URL)
    assert reading.body is not None and reading.body.layer == "generic:trafilatura"
    return reading.body.text


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def test_the_article_comes_whole_without_its_title_line() -> None:
    assert text_of(page(paragraphs(*PROSE))) == "\n\n".join(PROSE)


def test_a_photo_credit_element_is_left_out() -> None:
    credit = '<p class="photo-credit">Ahmad Fauzi/Humas Kantor Wilayah</p>'
    text = text_of(page(paragraphs(PROSE[0]) + credit + paragraphs(*PROSE[1:])))
    assert "Ahmad Fauzi" not in text
    assert text == "\n\n".join(PROSE)


def test_a_repeated_line_is_kept_once() -> None:
    notice = "Konten eksternal tidak dapat ditampilkan karena pengaturan privasi Anda."
    text = text_of(page(paragraphs(PROSE[0], notice, PROSE[1], notice, PROSE[2], notice)))
    assert text.split("\n\n").count(notice) == 1


def test_a_capitalised_pointer_to_another_post_is_left_out() -> None:
    linked = "Pelantikan Pejabat Baru di Lingkungan Kantor Wilayah"
    pointer = f'<p>BACA BERITA LAINNYA | <a href="/x">{linked}</a></p>'
    text = text_of(page(paragraphs(PROSE[0]) + pointer + paragraphs(*PROSE[1:])))
    assert "Pelantikan Pejabat Baru" not in text
    assert text == "\n\n".join(PROSE)


def test_the_standfirst_the_page_shows_above_the_article_comes_first() -> None:
    lead = "Lima kantor wilayah menyepakati target program prioritas untuk tahun depan."
    head = f'<meta property="og:description" content="{lead}">'
    html = page(paragraphs(*PROSE), head)
    html = html.replace(
        "<main>", f'<div class="post-header"><p class="teaser">{lead}</p></div><main>'
    )
    assert text_of(html).split("\n\n") == [lead, *PROSE]


def test_a_page_of_links_only_gives_no_generic_text() -> None:
    menu = "".join(
        f'<p><a href="/{n}">{title}</a></p>'
        for n, title in enumerate(
            [
                "Pelantikan Pejabat Baru di Lingkungan Kantor Wilayah Provinsi",
                "Sosialisasi Aturan Kepegawaian bagi Pegawai Baru Tahun Ini",
                "Evaluasi Kinerja Triwulan Pertama Seluruh Unit Kerja Daerah",
            ]
        )
    )
    reading = read_article(page(menu), URL)
    assert reading.body is None or reading.body.layer != "generic:trafilatura"
