"""The archive as a static HTML site, for people and for long-term keeping.

Plain HTML and one stylesheet, relative links only, so it reads the same from `file://`
and from any web server; no tracking, no script but search (Pagefind, run over the
article pages). Pages: a home page (years, months, categories, articles per month as a
chart), one page per month and per category, one per article (its text, facts, the images
and attachments the archive captured, provenance, earlier versions with their changes
marked, withdrawal), and a search page. A rebuild rewrites only the files whose content
changed, so adding one article touches its page and the lists that show it.
"""

from __future__ import annotations

import difflib
import json
import mimetypes
import os
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any

from lan_crawler.archive import Archive, slugify
from lan_crawler.warc import read_response_at

MONTHS = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()
STYLE = """body{font:17px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
body{color:#1b1b1b}
a{color:#0b4f9c}nav.crumbs{font:14px sans-serif;margin-bottom:1rem}
.facts{font:14px sans-serif;color:#444}.facts dt{font-weight:bold;float:left;clear:left;width:9rem}
.facts dd{margin-left:9.5rem}figure{margin:1.5rem 0}figure img{max-width:100%;height:auto}
figcaption{font:14px sans-serif;color:#444}.withdrawn{background:#fff3cd;padding:.5rem 1rem}
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}
.chart rect{fill:#0b4f9c}.chart text{font:10px sans-serif;fill:#444}
ul.articles li{margin:.3rem 0}.small{font:13px sans-serif;color:#555}
"""


@dataclass
class Built:
    """What a build did: files written (new or changed) and left as they were."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    articles: int = 0


@dataclass(frozen=True)
class Article:
    record: dict[str, Any]
    page: str  # the article's page, relative to the site's root
    versions: list[dict[str, Any]]  # earlier versions, oldest first
    withdrawn: dict[str, Any] | None


def build_site(
    archive: Archive,
    out: Path,
    search: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> Built:
    """Write the site of `archive` under `out`; with `search`, Pagefind's index too.
    `progress(what, done, total)` hears of each article page."""
    built = Built()
    articles = sorted(_articles(archive), key=lambda a: a.record["published"], reverse=True)
    built.articles = len(articles)
    media = _captures(archive)
    _write(out / "style.css", STYLE, built)
    for done, article in enumerate(articles, 1):
        _write(out / article.page, _article_page(article, archive, media, out, built), built)
        if progress:
            progress("Article pages", done, len(articles))
    by_month: dict[str, list[Article]] = defaultdict(list)
    by_category: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_month[article.record["published"][:7]].append(article)
        for category in article.record["categories"]:
            by_category[category].append(article)
    for month, listed in by_month.items():
        title = f"{MONTHS[int(month[5:]) - 1]} {month[:4]}"
        _write(out / _month_page(month), _list_page(title, listed, _month_page(month)), built)
    for category, listed in by_category.items():
        page = _category_page(category)
        _write(out / page, _list_page(f"Kategori: {category}", listed, page), built)
    _write(out / "index.html", _home_page(articles, by_month, by_category), built)
    _write(out / "search.html", _search_page(), built)
    if search and articles:
        _pagefind(out)
    return built


def _articles(archive: Archive) -> Iterable[Article]:
    for path in archive.record_files():
        relative = path.relative_to(archive.root)
        try:
            record: dict[str, Any] = dict(archive.read_path(relative))
        except (OSError, ValueError):
            continue  # `verify` names unreadable files; the site shows what can be read
        versions = []
        for version in archive.versions(record["id"]):
            try:
                versions.append(dict(archive.read_path(version)))
            except (OSError, ValueError):
                continue
        page = relative.with_suffix(".html").as_posix()
        yield Article(record, page, versions, archive.withdrawn(record["id"]))


def _captures(archive: Archive) -> dict[str, tuple[str, int, str]]:
    """Every file the WARCs hold whole, by URL: (WARC file, offset, media type), from the
    CDXJ indexes written beside them."""
    found: dict[str, tuple[str, int, str]] = {}
    for index in sorted(archive.root.glob("warc/*.cdxj")):
        for line in index.read_text(encoding="utf-8").splitlines():
            fields = json.loads(line.split(" ", 2)[2])
            if fields.get("status") == "200" and fields.get("mime") != "warc/revisit":
                warc = f"warc/{fields['filename']}"
                found[fields["url"]] = (warc, int(fields["offset"]), fields.get("mime", ""))
    return found


def _write(path: Path, text: str | bytes, built: Built) -> None:
    """Write a file only if its content changed: a rebuild leaves the rest untouched."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if path.read_bytes() == data:
            built.unchanged += 1
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.tmp")
    part.write_bytes(data)
    part.replace(path)
    built.written.append(path.as_posix())


def _kept_file(
    url: str, archive: Archive, media: dict[str, tuple[str, int, str]], out: Path, built: Built
) -> str | None:
    """The site-relative path of the archive's own copy of `url`, written once; None when
    the archive did not capture it."""
    if url not in media:
        return None
    warc, offset, mime = media[url]
    name = Path(url.split("?", 1)[0]).name or "file"
    suffix = Path(name).suffix or mimetypes.guess_extension(mime) or ""
    relative = f"media/{warc.rsplit('/', 1)[-1].split('.')[0]}-{offset}{suffix}"
    if not (out / relative).exists():
        body = read_response_at(archive.resolve(Path(warc)), warc, offset).body or b""
        _write(out / relative, body, built)
    return relative


def _link(target: str, here: str) -> str:
    """A relative link from page `here` to `target` (both relative to the site's root)."""
    return escape(os.path.relpath(target, Path(here).parent))


def _frame(title: str, here: str, body: str, crumbs: list[tuple[str, str]]) -> str:
    trail = " › ".join(f'<a href="{_link(page, here)}">{escape(name)}</a>' for name, page in crumbs)
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Arsip Berita LAN</title>"
        f'<link rel="stylesheet" href="{_link("style.css", here)}"></head><body>'
        f'<nav class="crumbs" aria-label="Breadcrumb"><a href="{_link("index.html", here)}">'
        f"Arsip Berita LAN</a>{' › ' + trail if trail else ''} · "
        f'<a href="{_link("search.html", here)}">Cari</a></nav>'
        f"<main>{body}</main></body></html>\n"
    )


def _month_page(month: str) -> str:
    return f"{month[:4]}/{month[5:]}/index.html"


def _category_page(category: str) -> str:
    return f"kategori/{slugify(category)}.html"


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    return f"{int(iso[8:10])} {MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"


def _article_page(
    article: Article,
    archive: Archive,
    media: dict[str, tuple[str, int, str]],
    out: Path,
    built: Built,
) -> str:
    record, here = article.record, article.page
    parts = [f"<h1>{escape(record['title'])}</h1>"]
    if article.withdrawn:
        parts.append(
            '<p class="withdrawn" role="note">Ditarik dari situs sejak '
            f"{escape(str(article.withdrawn['withdrawn']))} "
            f"({escape(str(article.withdrawn.get('reason') or ''))}).</p>"
        )
    categories = ", ".join(
        f'<a href="{_link(_category_page(c), here)}">{escape(c)}</a>' for c in record["categories"]
    )
    facts = [
        (
            "Terbit",
            escape(_day(record["published"]))
            + f" <span class=small>{escape(record['published'])}</span>",
        ),
        ("Diubah", escape(record["modified"] or "")),
        ("Penulis", escape(record["author"] or "")),
        ("Kategori", categories),
        ("Tag", escape(", ".join(record["tags"]))),
    ]
    parts.append(_facts(facts))
    images = []
    for image in record["images"]:
        kept = _kept_file(image["url"], archive, media, out, built)
        if kept:
            caption = image.get("caption") or ""
            alt = escape(image.get("alt") or caption)
            below = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
            images.append(f'<figure><img src="{_link(kept, here)}" alt="{alt}">{below}</figure>')
    body = "".join(
        f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in record["text"].split("\n\n")
    )
    lead, rest = "".join(images[:1]), "".join(images[1:])  # the featured image comes first
    parts.append(f"<article data-pagefind-body>{lead}{body}{rest}</article>")
    attachments = []
    for attachment in record["attachments"]:
        kept = _kept_file(attachment["url"], archive, media, out, built)
        href = _link(kept, here) if kept else escape(attachment["url"])
        note = "" if kept else " <span class=small>(tidak tersimpan di arsip)</span>"
        name = escape(attachment.get("title") or attachment["url"])
        attachments.append(f'<li><a href="{href}">{name}</a>{note}</li>')
    if attachments:
        parts.append(f"<h2>Lampiran</h2><ul>{''.join(attachments)}</ul>")
    raw = record.get("raw") or {}
    provenance = [
        ("Sumber", f'<a href="{escape(record["url"])}">{escape(record["url"])}</a>'),
        ("Diambil", escape(record.get("fetched_at") or "")),
        (
            "Rekaman WARC",
            escape(f"{raw.get('warc', '')} @ {raw.get('offset', '')} {raw.get('record_id', '')}"),
        ),
        ("Ekstraksi", escape(record["extraction"]["method"])),
        ("ID", escape(record["id"])),
    ]
    parts.append(f"<h2>Asal-usul</h2>{_facts(provenance)}")
    if article.versions:
        parts.append(_versions(article.versions, record))
    crumbs = [
        (
            MONTHS[int(record["published"][5:7]) - 1] + " " + record["published"][:4],
            _month_page(record["published"][:7]),
        )
    ]
    return _frame(record["title"], here, "".join(parts), crumbs)


def _facts(facts: list[tuple[str, str]]) -> str:
    rows = "".join(f"<dt>{escape(name)}</dt><dd>{value}</dd>" for name, value in facts if value)
    return f'<dl class="facts">{rows}</dl>'


def _versions(earlier: list[dict[str, Any]], current: dict[str, Any]) -> str:
    """Each earlier version, newest first, with what the next one changed marked."""
    chain = [*earlier, current]
    items = []
    for older, newer in reversed(list(pairwise(chain))):
        when = escape(older.get("modified") or older.get("fetched_at") or "")
        title = (
            ""
            if older["title"] == newer["title"]
            else f"<p>Judul: {_diff(older['title'], newer['title'])}</p>"
        )
        items.append(
            f"<li><p>Versi {when} (diambil {escape(older.get('fetched_at') or '')}); "
            f"perubahan sesudahnya:</p>{title}<p>{_diff(older['text'], newer['text'])}</p></li>"
        )
    return f"<h2>Versi sebelumnya</h2><ol>{''.join(items)}</ol>"


def _diff(old: str, new: str) -> str:
    """`new` with the words it took from `old` struck (<del>) and those it added marked (<ins>)."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return " ".join(out)


def _list_page(title: str, articles: list[Article], here: str) -> str:
    items = "".join(
        f'<li><a href="{_link(a.page, here)}">{escape(a.record["title"])}</a> '
        f'<span class="small">{escape(_day(a.record["published"]))}'
        f"{' · ditarik' if a.withdrawn else ''}</span></li>"
        for a in articles
    )
    count = f"{len(articles)} artikel"
    return _frame(
        title, here, f"<h1>{escape(title)}</h1><p>{count}</p><ul class=articles>{items}</ul>", []
    )


def _home_page(
    articles: list[Article],
    by_month: dict[str, list[Article]],
    by_category: dict[str, list[Article]],
) -> str:
    here = "index.html"
    per_month = {month: len(listed) for month, listed in sorted(by_month.items())}
    years: dict[str, list[str]] = defaultdict(list)
    for month in per_month:
        years[month[:4]].append(month)
    year_list = "".join(
        f"<li><strong>{year}</strong>: "
        + ", ".join(
            f'<a href="{_link(_month_page(m), here)}">{MONTHS[int(m[5:]) - 1]}</a> ({per_month[m]})'
            for m in months
        )
        + "</li>"
        for year, months in sorted(years.items(), reverse=True)
    )
    categories = Counter({c: len(listed) for c, listed in by_category.items()})
    category_list = "".join(
        f'<li><a href="{_link(_category_page(c), here)}">{escape(c)}</a> ({n})</li>'
        for c, n in sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    latest = "".join(
        f'<li><a href="{_link(a.page, here)}">{escape(a.record["title"])}</a> '
        f'<span class="small">{escape(_day(a.record["published"]))}</span></li>'
        for a in articles[:10]
    )
    body = (
        "<h1>Arsip Berita Lembaga Administrasi Negara</h1>"
        f"<p>{len(articles)} artikel.</p>"
        f"<h2>Artikel per bulan</h2>{_chart(per_month)}"
        f"<h2>Tahun dan bulan</h2><ul>{year_list}</ul>"
        f"<h2>Kategori</h2><ul>{category_list}</ul>"
        f"<h2>Terbaru</h2><ul class=articles>{latest}</ul>"
    )
    return _frame("Beranda", here, body, [])


def _chart(per_month: dict[str, int]) -> str:
    """Articles per month as bars of an inline SVG (no script), with a text alternative."""
    if not per_month:
        return "<p>Belum ada artikel.</p>"
    top = max(per_month.values())
    width, height = 14, 80
    bars = "".join(
        f'<rect x="{i * width}" y="{height - height * n / top:.1f}" width="{width - 2}" '
        f'height="{height * n / top:.1f}"><title>{m}: {n}</title></rect>'
        for i, (m, n) in enumerate(per_month.items())
    )
    months = list(per_month)
    label = f"Artikel per bulan, {months[0]} sampai {months[-1]}, paling banyak {top} dalam sebulan"
    return (
        f'<svg class="chart" role="img" aria-label="{escape(label)}" width="{len(months) * width}" '
        f'height="{height + 14}"><title>{escape(label)}</title>{bars}'
        f'<text x="0" y="{height + 12}">{months[0]}</text></svg>'
    )


def _search_page() -> str:
    """Pagefind's own script answers `?q=` (search needs a web server: browsers keep
    `file://` pages from loading the index)."""
    script = """
<script type="module">
const form = document.querySelector("form"), list = document.querySelector("#results");
const query = new URLSearchParams(location.search).get("q") || "";
form.q.value = query;
if (query) {
  const pagefind = await import("./pagefind/pagefind.js");
  const found = await pagefind.search(query);
  const pages = await Promise.all(found.results.slice(0, 50).map(r => r.data()));
  list.innerHTML = "";
  for (const page of pages) {
    const item = document.createElement("li"), link = document.createElement("a");
    link.href = page.url; link.textContent = page.meta.title || page.url;
    const snippet = document.createElement("p"); snippet.innerHTML = page.excerpt;
    item.append(link, snippet); list.append(item);
  }
  document.querySelector("#count").textContent = `${pages.length} hasil untuk “${query}”`;
}
</script>"""
    body = (
        '<h1>Cari</h1><form role="search"><label for="q">Kata</label> '
        '<input id="q" name="q" type="search"> <button>Cari</button></form>'
        '<p id="count" aria-live="polite"></p><ol id="results"></ol>' + script
    )
    return _frame("Cari", "search.html", body, [])


def _pagefind(out: Path) -> None:
    """Pagefind's index of the article pages (their `data-pagefind-body`), in `pagefind/`."""
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"pagefind failed: {(done.stderr or done.stdout).strip()[-500:]}")
