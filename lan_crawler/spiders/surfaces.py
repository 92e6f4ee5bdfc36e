"""How the `lan_news` spider reads each discovery surface: robots.txt, the REST API,
sitemaps, the feed, the listings. What it asks for comes from `lan_crawler.discovery`;
what becomes of each post URL found, from `posts.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from scrapy import Request
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from lan_crawler import discovery, signals
from lan_crawler.spiders.posts import PostSpider

logger = logging.getLogger(__name__)

API_PAGE = 100  # posts per REST API request, the most WordPress gives
API_ERRORS = [400, 401, 403, 404]  # answers whose JSON says why (`rest_cannot_access`)


class SurfaceSpider(PostSpider):
    """A spider's reading of the site's discovery surfaces."""

    max_listing_pages: int
    max_sitemaps: int  # MAX_SITEMAPS_PER_RUN
    max_size: int

    # --- robots.txt and the REST API -----------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        agent = self.settings["USER_AGENT"]
        robots = discovery.read_robots(response.body, response.url, self.site.root, agent)
        self.surface("robots.txt", response.url, len(robots.sitemaps))
        if robots.disallows_site:
            logger.warning("robots.txt at %s disallows the whole site", response.url)
            self.crawler.stats.set_value("lan/robots_disallow_all", True)
            self.progress.phase = "done"  # nor any other surface
            return
        self.progress.named_sitemaps = [u for u in robots.sitemaps if self.site.contains(u)]
        yield from self.api_request(1)

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        self.note_failure(failure)
        yield from self.api_request(1)

    def api_request(self, page: int) -> Iterator[Request]:
        """A page of the REST API's posts, most recently changed first (ids, links, times)."""
        if not self.declaration.discovery.rest_api:
            return
        fields = "id,link,modified_gmt"
        query = {"per_page": API_PAGE, "page": page, "orderby": "modified", "_fields": fields}
        url = f"{self.site.root}?rest_route=/wp/v2/posts&{urlencode(query)}"
        meta = {"api_page": page, "handle_httpstatus_list": API_ERRORS}
        yield Request(url, self.parse_api, errback=self.api_failed, meta=meta)

    def parse_api(self, response: Response) -> Iterator[Request]:
        """Posts that need fetching get their content from the API first (`parse_api_content`).

        Paging stops at the first page on which every post is archived and current and
        every link already known: the older ones are then too.
        """
        try:
            posts, skipped = discovery.read_api_posts(response.body)
        except discovery.NotAnApiAnswer as problem:
            self.surface("rest-api", response.url, 0, f"HTTP {response.status} {problem}")
            return
        for reason in skipped:  # the other posts go on
            self.tell(signals.entry_skipped, surface="rest-api", url=response.url, reason=reason)
        self.surface("rest-api", response.url, len(posts))
        self.progress.api_entries += len(posts)
        self.discovered(len(posts), "api")
        wanted, learned = {}, False
        for post in posts:
            if self.site.contains(post.link) and self.site.post_id(post.link) != post.id:
                alias = self.site.relative(post.link)
                learned |= self.archive.post_id_of(alias) != post.id
                self.tell(signals.alias_found, alias=alias, post_id=post.id)
            if self.is_due(post.id, post.modified):
                # a mirror's API may give the original site's links: then `?p=ID` here
                link = post.link if self.site.contains(post.link) else self.site.post_url(post.id)
                wanted[post.id] = (link, post.modified)
        if wanted:
            query = {"include": ",".join(map(str, wanted)), "per_page": API_PAGE}
            url = f"{self.site.root}?rest_route=/wp/v2/posts&{urlencode(query)}"
            url += "&_fields=id,content"
            yield Request(
                url, self.parse_api_content, errback=self.api_failed, meta={"posts": wanted}
            )
        pages = int(response.headers.get("X-WP-TotalPages") or 0)
        page = response.meta["api_page"]
        if (wanted or learned) and page < pages:
            yield from self.api_request(page + 1)

    def parse_api_content(self, response: Response) -> Iterator[Request]:
        try:
            contents = discovery.read_api_content(response.body)
        except discovery.NotAnApiAnswer as problem:
            self.surface("rest-api", response.url, 0, f"HTTP {response.status} {problem}")
            contents = {}
        for post_id, (link, modified) in response.meta["posts"].items():
            content = contents.get(post_id)
            yield from self.post_request(post_id, link, modified, "rest-api", content)

    def api_failed(self, failure: Failure) -> None:
        url = failure.request.url  # type: ignore[attr-defined]
        self.surface("rest-api", url, 0, self.failure_reason(failure))

    # --- sitemaps ------------------------------------------------------------------

    def sitemap_requests(
        self, urls: Iterable[str], named_by: str, probe: bool = False
    ) -> Iterator[Request]:
        """Requests for sitemaps, at most MAX_SITEMAPS_PER_RUN of them; a `probe` is a guess
        that may well be absent."""
        progress, left = self.progress, 0
        for url in urls:
            if progress.sitemaps_requested >= self.max_sitemaps:
                left += 1
                continue
            progress.sitemaps_requested += 1
            meta = {"probe": probe, "revisit": True}
            yield Request(url, self.parse_sitemap, errback=self.sitemap_failed, meta=meta)
        if left:  # what they list is unknown: absence proves nothing this run
            progress.sitemaps_failed = True
            problem = f"{left} sitemaps past MAX_SITEMAPS_PER_RUN ({self.max_sitemaps}) not read"
            self.surface("sitemap", named_by, 0, problem)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        max_size = response.meta.get("download_maxsize", self.max_size)
        try:
            sitemap = discovery.read_sitemap(response.body, max_size)
        except discovery.NotASitemap as problem:
            self.sitemap_unread(response.url, response.meta["probe"], str(problem))
            return
        if sitemap.is_index:
            self.surface("sitemap", response.url, 0)
            # the newest first, should MAX_SITEMAPS_PER_RUN cut: by lastmod, else the last
            # listed (core and Yoast list their post sitemaps oldest first)
            ordered = sorted(
                enumerate(sitemap.entries), key=lambda e: (e[1].newest_first(), e[0]), reverse=True
            )
            locs = (entry.loc for _, entry in ordered)
            posts = (u for u in locs if self.site.contains(u) and discovery.is_post_sitemap(u))
            yield from self.sitemap_requests(posts, response.url)  # no guess: the index names it
            return
        self.surface("sitemap", response.url, len(sitemap.entries))
        self.progress.sitemap_entries += len(sitemap.entries)
        self.discovered(len(sitemap.entries), "sitemap")
        for entry in sitemap.entries:  # held until every sitemap is read: the newest first
            yield from self.article_request(
                entry.loc, entry.lastmod, listed=True, surface="sitemap", hold=True
            )

    def sitemap_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.sitemap_unread(request.url, request.meta["probe"], self.failure_reason(failure))

    def sitemap_unread(self, url: str, probe: bool, reason: str) -> None:
        """A sitemap gave nothing: a note for a guess; for a named one, a failure that
        also stops absence from the sitemaps counting as withdrawal this run."""
        self.surface("sitemap", url, 0, reason)
        if not probe:
            self.progress.sitemaps_failed = True
            self.record_failure(url, f"unreadable sitemap: {reason}", "sitemap")

    # --- feed and listings ---------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[Request]:
        links = list(discovery.feed_links(response.body, lambda u: bool(self.site.post_id(u))))
        self.surface("feed", response.url, len(links))
        self.discovered(len(links), "feed")
        for url in links:
            yield from self.article_request(url, surface="feed")

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A home, category or archive page: its posts, its categories, its next page.

        Paging stops at the first page whose entries are all archived (the newest come
        first), unless the run is a full one.
        """
        assert isinstance(response, TextResponse)
        templates = self.declaration.extraction.templates
        listing = discovery.read_listing(response.text, response.url, templates)
        self.surface("listing", response.url, len(listing.entries))
        self.discovered(len(listing.entries), "listing")
        posts = [url for url in listing.links if self.site.post_id(url)]
        # no surface gives modification times: the newest posts are fetched again now and
        # then, to see edits (RECHECK_AFTER_HOURS)
        recheck = response.meta["home"] and response.meta["listing_page"] == 1
        for url in dict.fromkeys(listing.entries + posts):
            yield from self.article_request(url, recheck=recheck and url in listing.entries)
        known = sum(self.is_archived(url) for url in set(listing.entries))
        if response.meta["home"]:
            for url in filter(self.site.contains, listing.categories()):
                yield self.follow(url, self.parse_listing, listing_page=1, home=False)
        if listing.entries and known == len(set(listing.entries)) and not self.full:
            logger.info("Listing %s holds only archived posts: not paging further", response.url)
            return
        page, following = response.meta["listing_page"], listing.next_page
        if following and page < self.max_listing_pages and self.site.contains(following):
            yield self.follow(following, self.parse_listing, listing_page=page + 1, home=False)
