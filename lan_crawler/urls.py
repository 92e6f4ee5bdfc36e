"""URLs of a WordPress site with plain permalinks: post ids, canonical forms, site bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lan_crawler.wordpress import NOT_POST_QUERY_KEYS, parse_post_id

# query parameters that only say where a click came from
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|ref|amp)$"
)
_DOC_EXTENSIONS = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|odt|ods|odp|rtf|csv|zip|rar|7z)$", re.I)


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters and fragment."""
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def is_document_url(url: str) -> bool:
    """Whether the URL names a downloadable document (PDF, Office file, archive)."""
    try:
        return bool(_DOC_EXTENSIONS.search(urlsplit(url).path))
    except ValueError:  # `http://[x/`: no URL at all
        return False


def absolute_url(base: str, link: str) -> str | None:
    """A page's link made absolute; None when it is no URL (`http://[x/`, a bad port)."""
    try:
        url = urljoin(base, link)
        urlsplit(url).port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return None
    return url


def post_id_in(url: str) -> int | None:
    """The post id a plain-permalink URL (`?p=123`) names, on whatever site it is."""
    try:
        return Site.from_url(url).post_id(url)
    except ValueError:  # no http(s) URL
        return None


@dataclass(frozen=True)
class Site:
    """One crawled WordPress site, given by its base URL (`https://lan.go.id/`)."""

    root: str  # scheme://host[:port]/path/ with a trailing slash

    @classmethod
    def from_url(cls, url: str) -> Site:
        """The site a URL belongs to: its scheme, host, port and WordPress directory."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        try:
            parts.port  # noqa: B018 - raises on a port that is no number
        except ValueError:
            raise ValueError(f"not a port number in {url!r}") from None
        path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
        if re.search(r"/\d{4}/\d{2}/(\d{2}/)?[^/]+/$", path):  # an old pretty permalink
            path = path[: re.search(r"/\d{4}/", path).start() + 1]  # type: ignore[union-attr]
        return cls(urlunsplit((parts.scheme, parts.netloc.lower(), path, "", "")))

    @property
    def host(self) -> str:
        return urlsplit(self.root).hostname or ""

    @property
    def source(self) -> str:
        """The record's `source`: the host name without port."""
        return self.host

    def url(self, relative: str) -> str:
        return urljoin(self.root, relative)

    def post_url(self, post_id: int) -> str:
        return f"{self.root}?p={post_id}"

    def record_id(self, post_id: int) -> str:
        return f"{self.source}:{post_id}"

    def contains(self, url: str) -> bool:
        """Whether the URL is on this site: same host and port, http or https alike."""
        parts = urlsplit(url)
        own = urlsplit(self.root)
        try:
            port = _port(parts.scheme, parts.port)
        except ValueError:  # a port that is not a number
            return False
        return (
            parts.scheme in ("http", "https")
            and _bare_host(parts.hostname) == _bare_host(own.hostname)
            and port == _port(own.scheme, own.port)
            and parts.path.startswith(own.path)
        )

    def is_upload(self, url: str) -> bool:
        """Whether `url` is a file of this site's media library (`wp-content/uploads/`)."""
        return self.contains(url) and self.relative(url).startswith("wp-content/uploads/")

    def relative(self, url: str) -> str:
        """A site URL without scheme, host and port (`2021/03/29/slug/`, `?p=5`): mirror-proof."""
        parts = urlsplit(url)
        path = parts.path.removeprefix(urlsplit(self.root).path)
        return path + (f"?{parts.query}" if parts.query else "")

    def post_id(self, url: str) -> int | None:
        """The post id of a plain-permalink post URL (`?p=123`), else None."""
        if not self.contains(url):
            return None
        parts = urlsplit(url)
        if parts.path not in (urlsplit(self.root).path, urlsplit(self.root).path + "index.php"):
            return None
        query = dict(parse_qsl(parts.query))
        if NOT_POST_QUERY_KEYS & query.keys():
            return None
        return parse_post_id(query.get("p"))

    def is_listing_or_page(self, url: str) -> bool:
        """Whether a site URL is plainly not a post: the home page, a page, archive, feed,
        search, file."""
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        home = parts.path in ("", urlsplit(self.root).path) and not query
        return (
            home
            or bool(NOT_POST_QUERY_KEYS & query.keys())
            or is_document_url(url)
            or "/wp-" in url
        )


def _port(scheme: str, port: int | None) -> int | None:
    """An explicit port, None for the scheme's default one."""
    return None if port == {"http": 80, "https": 443}.get(scheme) else port


def _bare_host(host: str | None) -> str:
    return (host or "").removeprefix("www.")
