"""`lan-archive extract` and `lan-archive demo`, run as users run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lan_crawler.sample_site import load_posts
from lan_crawler.sample_site.site import SampleSite

GOLDEN = Path(__file__).parent / "golden" / "oceanwp"
# the console script installed next to this interpreter (the venv's bin/)
LAN_ARCHIVE = str(Path(sys.executable).parent / "lan-archive")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LAN_ARCHIVE, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def test_extract_prints_the_record_as_json() -> None:
    done = run("extract", str(GOLDEN / "5297.html"), "--url", "https://lan.go.id/?p=5297")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    expected = json.loads((GOLDEN / "5297.expected.json").read_text(encoding="utf-8"))
    assert record["id"] == "lan.go.id:5297"
    assert record["text"] == expected["text"]
    assert record["fetched_at"] is None
    assert done.stdout.startswith('{\n  "schema_version": 1,\n  "id": "lan.go.id:5297"')


def test_extract_decodes_a_page_saved_in_another_charset(tmp_path: Path) -> None:
    html = (GOLDEN / "5297.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="UTF-8">', '<meta charset="windows-1252">')
    saved = tmp_path / "page.html"
    saved.write_bytes(html.encode("windows-1252"))
    done = run("extract", str(saved), "--url", "https://lan.go.id/?p=5297")
    assert done.returncode == 0, done.stderr
    assert "Jakarta – Disparitas" in json.loads(done.stdout)["text"]


def test_extract_gives_a_static_page_s_text_and_says_it_would_not_be_archived(
    tmp_path: Path,
) -> None:
    page = tmp_path / "profil.html"
    page.write_bytes(SampleSite("https://lan.go.id/").respond("/?page_id=2").body)
    done = run("extract", str(page), "--url", "https://lan.go.id/?page_id=2")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["id"] is None and record["url"] is None
    assert record["extraction"]["warnings"][0] == "not archived: static page"
    assert record["title"] and record["text"]


# A page of no WordPress site: a news page as another CMS prints it
OTHER_CMS = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Pelatihan Kepemimpinan Angkatan IV Dibuka - Portal Berita Daerah</title>
<meta property="og:site_name" content="Portal Berita Daerah">
<meta name="author" content="Redaksi Portal">
</head><body><header><nav><a href="/">Beranda</a> <a href="/berita">Berita</a>
<a href="/kontak">Kontak</a></nav></header>
<main><h1>Pelatihan Kepemimpinan Angkatan IV Dibuka</h1>
<p class="tanggal"><time datetime="2024-05-14T09:30:00+07:00">14 Mei 2024</time></p>
<p>Sebanyak empat puluh pejabat pengawas dari tiga kabupaten mengikuti pembukaan pelatihan
kepemimpinan angkatan keempat yang digelar di aula kantor bupati pada Selasa pagi.</p>
<p>Kepala badan kepegawaian daerah menyampaikan bahwa pelatihan berlangsung selama empat
bulan dengan pola pembelajaran campuran, tatap muka dan daring, serta proyek perubahan.</p>
<p>Para peserta diminta menyusun rencana aksi yang dapat langsung diterapkan di unit kerja
masing-masing untuk mempercepat pelayanan kepada masyarakat.</p></main>
<footer><p>Hak cipta Portal Berita Daerah. Semua hak dilindungi.</p></footer>
</body></html>"""


def test_extract_reads_a_page_of_any_site_from_standard_input_in_each_format() -> None:
    url = "https://berita.example.go.id/2024/05/pelatihan-kepemimpinan"

    def extract(*options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [LAN_ARCHIVE, "extract", "-", "--url", url, *options],
            input=OTHER_CMS,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    done = extract()
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["id"] is None and record["url"] is None
    assert record["title"] == "Pelatihan Kepemimpinan Angkatan IV Dibuka"  # no site name
    assert record["published"] == "2024-05-14T09:30:00+07:00"
    assert record["author"] == "Redaksi Portal"
    assert record["text"].startswith("Sebanyak empat puluh pejabat")
    assert record["text"].endswith("kepada masyarakat.")
    assert "Beranda" not in record["text"] and "Hak cipta" not in record["text"]
    warnings = record["extraction"]["warnings"]
    assert warnings[0] == "not archived: not a post page"
    assert any(w.startswith("not archived: no post id") for w in warnings)

    text = extract("--format", "text")
    assert text.returncode == 0, text.stderr
    assert text.stdout == (f"{record['title']}\n{record['published']}\n\n{record['text']}\n")
    assert "warning: not archived: not a post page" in text.stderr  # JSON carries them

    markdown = extract("--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    lines = markdown.stdout.split("\n")
    assert lines[0] == f"# {record['title']}"
    assert f"- Published: {record['published']}" in lines
    assert "- Author: Redaksi Portal" in lines
    assert markdown.stdout.endswith(record["text"].split("\n\n")[-1] + "\n")


def test_extract_says_why_a_page_gives_no_text(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Beranda</a></nav></body></html>")
    done = run("extract", str(page), "--url", "https://lan.go.id/?p=1")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no article: no article text" in done.stderr


def test_extract_rejects_a_url_that_is_not_http(tmp_path: Path) -> None:
    done = run("extract", str(GOLDEN / "5297.html"), "--url", "file:///tmp/x")
    assert done.returncode == 1
    assert "not an http(s) URL" in done.stderr


def test_demo_crawls_the_sample_site_into_an_archive(tmp_path: Path) -> None:
    done = run("demo", "--archive", str(tmp_path / "demo-archive"))
    assert done.returncode == 0, done.stderr
    posts = load_posts()
    assert f"Archived {len(posts)} articles ({len(posts)} new this run)" in done.stdout
    assert posts[0].title[:30] in done.stdout  # the newest article is listed
    files = list((tmp_path / "demo-archive").glob("[0-9]*/*/*/*.json"))
    assert len(files) == len(posts)
    again = run("demo", "--archive", str(tmp_path / "demo-archive"))
    assert f"Archived {len(posts)} articles (0 new this run)" in again.stdout
