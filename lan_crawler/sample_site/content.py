"""What every theme of the sample site shares: the site's URLs, the post body HTML, Yoast's head.

The post body is what WordPress stores for a post (classic editor before 2022,
blocks after), so it is the same in every theme; themes only wrap it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from lan_crawler.sample_site.identity import LAN, SiteIdentity, StaticPage
from lan_crawler.sample_site.posts import (
    INLINE,
    Block,
    Post,
    inline_text,
    table_rows,
    wp_slug,
)

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

# WordPress's wptexturize prints typographic characters as numeric entities.
_ENTITIES = {"–": "&#8211;", "—": "&#8212;", "“": "&#8220;", "”": "&#8221;", "‘": "&#8216;"}
_ENTITIES |= {"’": "&#8217;", "…": "&#8230;"}
_ENTITY_RE = re.compile("|".join(_ENTITIES))


@dataclass(frozen=True)
class Context:
    """What every page of the site needs to know about the rest of it, its URLs first.

    Every link a template prints comes from these methods: they give WordPress's URL
    of the thing under the site's permalink setting, plain (`?p=5297`) or pretty
    (`/%postname%/`, `/category/<slug>/`).
    """

    base_url: str
    posts: tuple[Post, ...]  # newest first
    pages: tuple[StaticPage, ...]
    tracking_links: bool = False
    pretty: bool = False  # pretty permalinks (post name), else plain ones
    site: SiteIdentity = LAN  # which install of the family: its name, terms, clock, chrome

    def post_url(self, post_id: int) -> str:
        """The post's permalink (get_permalink)."""
        post = self.post(post_id)
        if self.pretty and post is not None:
            return f"{self.base_url}{post.slug}/"
        return self.shortlink(post_id)

    def shortlink(self, post_id: int) -> str:
        """wp_get_shortlink: `?p=ID` whatever the permalink setting."""
        return f"{self.base_url}?p={post_id}"

    def page_url(self, page_id: int) -> str:
        page = next((p for p in self.pages if p.id == page_id), None)
        if not self.pretty or page is None:
            return f"{self.base_url}?page_id={page_id}"
        parent = next((p for p in self.pages if p.id == page.parent), None)
        path = f"{wp_slug(parent.title)}/" if parent else ""
        return f"{self.base_url}{path}{wp_slug(page.title)}/"

    def category_url(self, name: str) -> str:
        if self.pretty:
            return f"{self.base_url}category/{wp_slug(name)}/"
        return f"{self.base_url}?cat={self.site.category_ids[name]}"

    def tag_url(self, name: str) -> str:
        if self.pretty:
            return f"{self.base_url}tag/{wp_slug(name)}/"
        return f"{self.base_url}?tag={wp_slug(name)}"

    def author_url(self) -> str:
        if self.pretty:
            return f"{self.base_url}author/{self.site.author_slug}/"
        return f"{self.base_url}?author=2"

    def date_url(self, year: int, month: int, day: int | None = None) -> str:
        if self.pretty:
            return f"{self.base_url}{year}/{month:02d}/" + (f"{day:02d}/" if day else "")
        return f"{self.base_url}?m={year}{month:02d}" + (f"{day:02d}" if day else "")

    def feed_url(self, comments: bool = False) -> str:
        if self.pretty:
            return f"{self.base_url}{'comments/' if comments else ''}feed/"
        return f"{self.base_url}?feed={'comments-rss2' if comments else 'rss2'}"

    def search_url(self, words: str = "") -> str:
        return f"{self.base_url}?s={words}"

    def listing_page(self, first_page: str, number: int) -> str:
        """Page `number` of the listing whose first page is `first_page` (paginate_links)."""
        if number == 1:
            return first_page
        if self.pretty:
            return f"{first_page}page/{number}/"
        return f"{first_page}{'&' if '?' in first_page else '?'}paged={number}"

    def rest_url(self, route: str) -> str:
        """A REST API route (`/wp/v2/posts`): `/wp-json/...`, or `?rest_route=` when plain."""
        if self.pretty:
            return f"{self.base_url}wp-json{route}"
        return f"{self.base_url}?rest_route={route}"

    def listed_url(self, post: Post, medium: str) -> str:
        """A post link as listings and widgets print it (with tracking when that fault is on)."""
        url = self.post_url(post.id)
        if self.tracking_links:
            url += f"&utm_source={medium}&utm_medium=referral&utm_campaign={post.slug[:30]}"
        return url

    def post(self, post_id: int) -> Post | None:
        """The post with that id, or None once it has been deleted."""
        return next((p for p in self.posts if p.id == post_id), None)

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """The previous (older) and next (newer) post, as single-post navigation links them."""
        index = self.posts.index(post)
        newer = self.posts[index - 1] if index > 0 else None
        older = self.posts[index + 1] if index + 1 < len(self.posts) else None
        return older, newer

    def menu(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """The main menu: (label, URL, submenu of (label, URL)), as every theme prints it."""
        profile = [(p.title, self.page_url(p.id)) for p in self.pages if p.parent == 2]
        news = [(name, self.category_url(name)) for name, _ in self.site.categories]
        return [
            ("Beranda", self.base_url, []),
            ("Profil", self.page_url(2), profile),
            ("Berita", self.category_url(self.site.categories[0][0]), news),
            ("PPID", self.page_url(20), []),
            ("Layanan", self.site.services_url, []),
            ("Kontak", self.page_url(22), []),
        ]

    def related(self, post: Post, count: int = 3) -> list[Post]:
        """Other posts of the post's last category, newest first."""
        same = [
            p for p in self.posts if p.id != post.id and p.categories[-1] == post.categories[-1]
        ]
        return same[:count]


def text(value: str) -> str:
    """Escape text for HTML the way WordPress prints post content."""
    return _ENTITY_RE.sub(lambda m: _ENTITIES[m[0]], escape(value, quote=False))


def attr(value: str) -> str:
    return escape(value, quote=True)


def visible_date(moment: datetime) -> str:
    """The date as the site shows it (WordPress date format `j F Y`, Indonesian)."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


# --- post content ----------------------------------------------------------------


def inline_html(ctx: Context, post: Post, markup: str) -> str:
    out: list[str] = []
    last = 0
    for m in INLINE.finditer(markup):
        out.append(text(markup[last : m.start()]))
        if m["b"]:
            out.append(f"<strong>{text(m['b'])}</strong>")
        elif m["i"]:
            out.append(f"<em>{text(m['i'])}</em>")
        else:
            url = m["u"]
            extra = ""
            if url.startswith("?p="):
                url = ctx.base_url + url
            elif url.startswith("files/"):
                url = post.upload_url(ctx.base_url, url.removeprefix("files/"))
            else:
                extra = ' target="_blank" rel="noopener"'
            out.append(f'<a href="{attr(url)}"{extra}>{text(m["t"])}</a>')
        last = m.end()
    out.append(text(markup[last:]))
    return "".join(out)


def content_html(ctx: Context, post: Post) -> str:
    """The post body as the editor saved it: classic editor before 2022, blocks after."""
    classic = post.published.year < 2022
    html = [_block_html(ctx, post, block, i, classic) for i, block in enumerate(post.blocks)]
    if classic:
        html.append("<p>&nbsp;</p>")  # the classic editor's habitual trailing empty paragraph
    return "\n".join(html)


def _block_html(ctx: Context, post: Post, block: Block, index: int, classic: bool) -> str:
    def inline(markup: str) -> str:
        return inline_html(ctx, post, markup)

    kind, lines = block.kind, block.lines
    if kind == "paragraph":
        return f"<p>{inline(lines[0])}</p>"
    if kind == "heading":
        return (
            f"<h3>{inline(lines[0])}</h3>"
            if classic
            else (f'<h2 class="wp-block-heading">{inline(lines[0])}</h2>')
        )
    if kind == "quote":
        inner = "".join(f"<p>{inline(line)}</p>" for line in lines)
        return (
            f"<blockquote>{inner}</blockquote>"
            if classic
            else (f'<blockquote class="wp-block-quote is-layout-flow">{inner}</blockquote>')
        )
    if kind in ("ul", "ol"):
        items = "".join(f"<li>{inline(item)}</li>" for item in lines)
        return (
            f"<{kind}>{items}</{kind}>"
            if classic
            else (f'<{kind} class="wp-block-list">{items}</{kind}>')
        )
    if kind == "table":
        return _table_html(table_rows(block), inline, classic)
    if kind == "image":
        figure = _image_html(ctx, post, block, index, classic)
        # editors of the classic era typed a photo credit under each photo
        credit = f"\n<p><em>(Foto: {text(ctx.site.photo_credit)})</em></p>"
        return figure + credit if classic else figure
    if kind == "file":
        url = attr(post.upload_url(ctx.base_url, lines[0]))
        anchor = f"wp-block-file_{post.id}_{index}"
        return (
            f'<div class="wp-block-file"><a id="{anchor}" href="{url}">{text(lines[1])}</a>'
            f'<a href="{url}" class="wp-block-file__button wp-element-button" download '
            f'aria-describedby="{anchor}">Unduh</a></div>'
        )
    if kind == "baca":
        target_id = int(lines[0])
        target = ctx.post(target_id)
        title = target.title if target else "Berita terkait"  # a link left to a deleted post
        link = f'<a href="{attr(ctx.post_url(target_id))}">{text(title)}</a>'
        if classic:
            return f"<p><strong>Baca juga:</strong> {link}</p>"
        return f'<p class="has-background">Baca Juga: {link}</p>'
    raise ValueError(f"unknown block kind {kind!r}")


def _table_html(rows: list[list[str]], inline: Callable[[str], str], classic: bool) -> str:
    head, body = rows[0], rows[1:]
    if classic:  # the classic editor has no header row: bold cells instead
        cells = "".join(f"<td><strong>{inline(c)}</strong></td>" for c in head)
        trs = [f"<tr>{cells}</tr>"]
        trs += ["<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>" for row in body]
        return f'<table style="border-collapse: collapse; width: 100%;" border="1"><tbody>{"".join(trs)}</tbody></table>'
    th = "".join(f"<th>{inline(c)}</th>" for c in head)
    tds = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>" for row in body)
    return (
        f'<figure class="wp-block-table"><table class="has-fixed-layout"><thead><tr>{th}</tr>'
        f"</thead><tbody>{tds}</tbody></table></figure>"
    )


def _image_html(ctx: Context, post: Post, block: Block, index: int, classic: bool) -> str:
    file_name, caption, alt = block.lines
    url = attr(post.upload_url(ctx.base_url, file_name))
    attachment_id = post.id + index + 1
    small = attr(post.upload_url(ctx.base_url, file_name.replace(".", "-300x200.", 1)))
    srcset = f"{url} 1024w, {small} 300w"
    if classic:
        return (
            f'<div id="attachment_{attachment_id}" style="width: 1034px" class="wp-caption aligncenter">'
            f'<img aria-describedby="caption-attachment-{attachment_id}" decoding="async" '
            f'class="size-large wp-image-{attachment_id}" src="{url}" alt="{attr(alt)}" '
            f'width="1024" height="683" srcset="{srcset}" sizes="(max-width: 1024px) 100vw, 1024px" />'
            f'<p id="caption-attachment-{attachment_id}" class="wp-caption-text">{text(caption)}</p></div>'
        )
    return (
        f'<figure class="wp-block-image size-large"><img decoding="async" loading="lazy" '
        f'width="1024" height="683" src="{url}" alt="{attr(alt)}" class="wp-image-{attachment_id}" '
        f'srcset="{srcset}" sizes="(max-width: 1024px) 100vw, 1024px" />'
        f'<figcaption class="wp-element-caption">{text(caption)}</figcaption></figure>'
    )


def post_class(post: Post, extra: tuple[str, ...] = ()) -> str:
    """get_post_class() (wp-includes/post-template.php): the extra classes, then the id,
    type, status, format, `has-post-thumbnail`, `hentry`, one class per category and tag."""
    classes = [*extra, f"post-{post.id}", "post", "type-post", "status-publish", "format-standard"]
    if post.featured:
        classes.append("has-post-thumbnail")
    classes.append("hentry")
    classes += [f"category-{wp_slug(c)}" for c in post.categories]
    classes += [f"tag-{wp_slug(t)}" for t in post.tags]
    return " ".join(classes)


def raw_word_count(post: Post) -> int:
    """Words in the stored body, captions and file titles included (what Yoast counts)."""
    return sum(len(inline_text(line).split()) for block in post.blocks for line in block.lines)


def excerpt(post: Post, words: int = 30) -> str:
    """WordPress's automatic excerpt: the first words of the text, then [&hellip;]."""
    first = next(b for b in post.blocks if b.kind == "paragraph")
    plain = inline_text(first.lines[0])
    return " ".join(plain.split()[:words])


# --- head metadata (Yoast SEO, WordPress core) --------------------------------------

WP_VERSION = "6.6.2"
YOAST_VERSION = "23.5"
LOCALE = "id_ID"  # WordPress's locale
LANGUAGE = "id-ID"  # get_bloginfo('language'): <html lang> and Yoast's inLanguage
_ROBOTS = "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"


def yoast_title(ctx: Context, title: str) -> str:
    """Yoast's default title template: `%%title%% %%page%% %%sep%% %%sitename%%` (sep `-`)."""
    return f"{title} - {ctx.site.name}"


def auto_excerpt(post: Post) -> str:
    """wp_trim_excerpt(): the first 55 words of the text, then ` [&hellip;]`."""
    words = " ".join(expected_text_words(post)[:55])
    return f"{words} [&hellip;]"


def expected_text_words(post: Post) -> list[str]:
    """The words of the post's text blocks (what wp_strip_all_tags keeps of paragraphs)."""
    return [
        word
        for block in post.blocks
        if block.kind not in ("image", "file", "baca")
        for line in block.lines
        for word in inline_text(line).split()
    ]


def reading_minutes(post: Post) -> int:
    """Yoast's estimated reading time: words at 200 a minute, rounded up (at least 1)."""
    return max(1, -(-raw_word_count(post) // 200))


def person_id(ctx: Context, author: str) -> str:
    """Yoast's Person @id: `#/schema/person/` and a wp_hash() of the user (32 hex digits)."""
    digest = hashlib.md5(f"{author}2".encode()).hexdigest()
    return f"{ctx.base_url}#/schema/person/{digest}"


def _website_and_organization(ctx: Context) -> list[dict[str, object]]:
    """The WebSite and Organization nodes Yoast puts in every page's graph."""
    b, site = ctx.base_url, ctx.site
    logo_id = f"{b}#/schema/logo/image/"
    return [
        {
            "@type": "WebSite",
            "@id": f"{b}#website",
            "url": b,
            "name": site.name,
            "description": site.tagline,
            "publisher": {"@id": f"{b}#organization"},
            "potentialAction": [
                {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": ctx.search_url("{search_term_string}"),
                    },
                    "query-input": {
                        "@type": "PropertyValueSpecification",
                        "valueRequired": True,
                        "valueName": "search_term_string",
                    },
                }
            ],
            "inLanguage": LANGUAGE,
        },
        {
            "@type": "Organization",
            "@id": f"{b}#organization",
            "name": site.name,
            "url": b,
            "logo": {
                "@type": "ImageObject",
                "inLanguage": LANGUAGE,
                "@id": logo_id,
                "url": f"{b}{site.logo}",
                "contentUrl": f"{b}{site.logo}",
                "width": 260,
                "height": 64,
                "caption": site.name,
            },
            "image": {"@id": logo_id},
            "sameAs": [site.facebook],
        },
    ]


def _breadcrumb(url: str, trail: list[tuple[str, str | None]]) -> dict[str, object]:
    """Yoast's BreadcrumbList: each crumb but the last with its `item` URL."""
    items: list[dict[str, object]] = []
    for position, (name, item) in enumerate(trail, start=1):
        crumb: dict[str, object] = {"@type": "ListItem", "position": position, "name": name}
        if item is not None and position < len(trail):
            crumb["item"] = item
        items.append(crumb)
    return {"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": items}


def _schema_script(graph: list[dict[str, object]]) -> str:
    data = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return f'<script type="application/ld+json" class="yoast-schema-graph">{data}</script>'


def _yoast_block(robots: str, lines: list[str]) -> str:
    """Yoast's output in wp_head: core's robots tag (Yoast fills it), then its own block."""
    body = "\n".join(f"\t{line}" for line in lines)
    return (
        f"<meta name='robots' content='{robots}' />\n"
        f"\t<!-- This site is optimized with the Yoast SEO plugin v{YOAST_VERSION} - "
        "https://yoast.com/wordpress/plugins/seo/ -->\n"
        f"{body}\n\t<!-- / Yoast SEO plugin. -->"
    )


def post_head(ctx: Context, post: Post) -> str:
    """What Yoast SEO prints in a single post's head, in its presenters' order.

    Follows Yoast SEO's src/presenters (title, canonical, Open Graph, article times,
    image, author, Twitter and Slack labels, schema) and src/generators/schema
    (Article, WebPage, ImageObject, BreadcrumbList, WebSite, Organization, Person
    with Yoast's `@id`s). No meta description: none is set, so only og:description
    (the automatic excerpt) is printed. `article:modified_time` only when the post
    was edited; comments are closed, so no CommentAction.
    """
    url = ctx.post_url(post.id)
    b = ctx.base_url
    title = yoast_title(ctx, post.title)
    published, modified = utc_iso(post.published), utc_iso(post.modified)
    image = post.upload_url(b, post.featured[0]) if post.featured else None
    author_id = person_id(ctx, post.author)
    article: dict[str, object] = {
        "@type": "Article",
        "@id": f"{url}#article",
        "isPartOf": {"@id": url},
        "author": {"name": post.author, "@id": author_id},
        "headline": post.title,
        "datePublished": published,
        "dateModified": modified,
        "mainEntityOfPage": {"@id": url},
        "wordCount": raw_word_count(post),
        "publisher": {"@id": f"{b}#organization"},
    }
    webpage: dict[str, object] = {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": title,
        "isPartOf": {"@id": f"{b}#website"},
    }
    if image:
        article["image"] = {"@id": f"{url}#primaryimage"}
        article["thumbnailUrl"] = image
        webpage["primaryImageOfPage"] = {"@id": f"{url}#primaryimage"}
        webpage["image"] = {"@id": f"{url}#primaryimage"}
        webpage["thumbnailUrl"] = image
    if post.tags:
        article["keywords"] = list(post.tags)
    article["articleSection"] = list(post.categories)
    article["inLanguage"] = LANGUAGE
    webpage |= {
        "datePublished": published,
        "dateModified": modified,
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
        "inLanguage": LANGUAGE,
        "potentialAction": [{"@type": "ReadAction", "target": [url]}],
    }
    graph: list[dict[str, object]] = [article, webpage]
    if image and post.featured:
        graph.append(
            {
                "@type": "ImageObject",
                "inLanguage": LANGUAGE,
                "@id": f"{url}#primaryimage",
                "url": image,
                "contentUrl": image,
                "width": 1024,
                "height": 683,
            }
        )
    graph.append(_breadcrumb(url, [("Beranda", b), (post.title, None)]))
    graph += _website_and_organization(ctx)
    graph.append(
        {"@type": "Person", "@id": author_id, "name": post.author, "url": ctx.author_url()}
    )
    description = attr(auto_excerpt(post))
    lines = [
        f"<title>{text(title)}</title>",
        f'<link rel="canonical" href="{attr(url)}" />',
        f'<meta property="og:locale" content="{LOCALE}" />',
        '<meta property="og:type" content="article" />',
        f'<meta property="og:title" content="{attr(title)}" />',
        f'<meta property="og:description" content="{description}" />',
        f'<meta property="og:url" content="{attr(url)}" />',
        f'<meta property="og:site_name" content="{ctx.site.name}" />',
        f'<meta property="article:publisher" content="{ctx.site.facebook}" />',
        f'<meta property="article:published_time" content="{published}" />',
    ]
    if post.modified != post.published:
        lines.append(f'<meta property="article:modified_time" content="{modified}" />')
    if image:
        lines += [
            f'<meta property="og:image" content="{attr(image)}" />',
            '<meta property="og:image:width" content="1024" />',
            '<meta property="og:image:height" content="683" />',
            '<meta property="og:image:type" content="image/jpeg" />',
        ]
    minutes = reading_minutes(post)
    lines += [
        f'<meta name="author" content="{attr(post.author)}" />',
        '<meta name="twitter:card" content="summary_large_image" />',
        '<meta name="twitter:label1" content="Ditulis oleh" />',
        f'<meta name="twitter:data1" content="{attr(post.author)}" />',
        '<meta name="twitter:label2" content="Estimasi waktu membaca" />',
        f'<meta name="twitter:data2" content="{minutes} menit" />',
        _schema_script(graph),
    ]
    return _yoast_block(_ROBOTS, lines)


def page_head(
    ctx: Context,
    *,
    title: str,
    url: str,
    kind: str,
    trail: list[tuple[str, str | None]],
    robots: str = _ROBOTS,
) -> str:
    """Yoast's head on a page that is not a post: a static page (`WebPage`), a listing
    (`CollectionPage`), search results (`SearchResultsPage`, noindex) or the 404 page
    (no canonical, no graph but WebSite and Organization)."""
    b = ctx.base_url
    graph: list[dict[str, object]] = []
    if kind != "404":
        graph.append(
            {
                "@type": kind,
                "@id": url,
                "url": url,
                "name": title,
                "isPartOf": {"@id": f"{b}#website"},
                "breadcrumb": {"@id": f"{url}#breadcrumb"},
                "inLanguage": LANGUAGE,
            }
        )
        graph.append(_breadcrumb(url, trail))
    graph += _website_and_organization(ctx)
    lines = [f"<title>{text(title)}</title>"]
    if kind not in ("404", "SearchResultsPage"):
        lines.append(f'<link rel="canonical" href="{attr(url)}" />')
    lines += [
        f'<meta property="og:locale" content="{LOCALE}" />',
        f'<meta property="og:type" content="{"article" if kind == "WebPage" else "website"}" />',
        f'<meta property="og:title" content="{attr(title)}" />',
    ]
    if kind != "404":
        lines.append(f'<meta property="og:url" content="{attr(url)}" />')
    lines += [
        f'<meta property="og:site_name" content="{ctx.site.name}" />',
        '<meta name="twitter:card" content="summary_large_image" />',
        _schema_script(graph),
    ]
    return _yoast_block(robots, lines)


def core_head_links(ctx: Context, shortlink_id: int | None = None, rest_route: str = "") -> str:
    """What WordPress core prints in wp_head at priority 10, in default-filters.php order:
    rest_output_link_wp_head (the API root, and the queried resource's JSON), rsd_link,
    wp_generator, wp_shortlink_wp_head (singular pages only)."""
    lines = [
        f'<link rel="https://api.w.org/" href="{attr(ctx.rest_url("/"))}" />'
        + (
            f'<link rel="alternate" title="JSON" type="application/json" '
            f'href="{attr(ctx.rest_url(rest_route))}" />'
            if rest_route
            else ""
        )
        + f'<link rel="EditURI" type="application/rsd+xml" title="RSD" '
        f'href="{ctx.base_url}xmlrpc.php?rsd" />',
        f'<meta name="generator" content="WordPress {WP_VERSION}" />',
    ]
    if shortlink_id is not None:
        lines.append(f"<link rel='shortlink' href='{attr(ctx.shortlink(shortlink_id))}' />")
    return "\n".join(lines)
