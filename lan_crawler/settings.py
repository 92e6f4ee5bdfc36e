"""Scrapy settings for unattended, polite runs against one government web server.

Every setting that bounds time, size, retries or memory is set here on purpose;
override any of them per run with `-s NAME=value`.
"""

from lan_crawler import __version__

BOT_NAME = "lan_crawler"
SPIDER_MODULES = ["lan_crawler.spiders"]
NEWSPIDER_MODULE = "lan_crawler.spiders"

# --- where records go ------------------------------------------------------------------
ARCHIVE_DIR = "archive"
# a collection: one archive per site, in COLLECTION_DIR/<site id>/ (ARCHIVE_DIR is then unused)
COLLECTION_DIR = ""
# a folder of more site declarations (<id>.toml) beside the packaged ones; "": $LAN_SITES_DIR
SITES_DIR = ""
# `scrapy crawl` with meaningful exit codes; it alone sets ARCHIVE_ENABLED (at command
# priority, so it is not set here), which the archive component needs: `scrapy parse`,
# `shell`, `check` and `bench` leave the archive untouched
COMMANDS_MODULE = "lan_crawler.commands"
EXTENSIONS = {
    "lan_crawler.archiving.ArchiveExtension": 500,  # the one writer of the archive
    # after the archive: a shared run's discoverer lets its helpers in once it has opened it
    "lan_crawler.distributed.SharedRun": 600,
}
ITEM_PIPELINES = {
    "lan_crawler.pipelines.DedupePipeline": 200,
    "lan_crawler.archiving.ArchivePipeline": 300,
}

# --- several workers, one site (lan_crawler.distributed) ---------------------------------
# a Redis URL (redis://127.0.0.1:6379/0) makes this crawl a worker of the shared run LAN_RUN
# (the same name for every worker of one run, a new one for each run); off when empty
ADDONS = {"lan_crawler.distributed.SharedCrawl": 0}
LAN_DISTRIBUTED = ""
LAN_RUN = ""
LAN_WORKERS = 1  # workers of a run: each gets this share of the site's politeness
# set by the add-on: this worker's number in the run (0: no shared run), and whether it
# is the one that discovers
LAN_WORKER = 0
LAN_DISCOVERS = False

# --- politeness: one government server, crawled every few hours --------------------------
USER_AGENT = (
    f"lan-crawler/{__version__} (+https://github.com/lan-crawler/lan-crawler; news archive)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
# CONCURRENT_REQUESTS_PER_DOMAIN and DOWNLOAD_DELAY come from the site's declaration
# (lan_crawler/sites/), at spider priority: `-s` still overrides them
DOWNLOAD_DELAY_JITTER = 0.5  # each delay varies by ±50%, so requests do not come in lockstep
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False  # news pages need no session; cookies only add state
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19's code-execution HTTP endpoint: never on a cron box

# --- time and size bounds ---------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30  # seconds; Scrapy's 180 would stall a run on one hung connection
DNS_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # no article page is bigger; cancel anything that is
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
CLOSESPIDER_TIMEOUT = 6 * 3600  # a run that has not finished in six hours is stopped
MAX_LISTING_PAGES = 2000  # pagination depth followed per listing when there is no sitemap
MAX_SITEMAPS_PER_RUN = 1000  # core lists 2,000 posts per sitemap, Yoast 1,000
MAX_POSTS_PER_RUN = 20000  # post pages requested per run, newest first; the rest next run
# an archived post's images and attachments from the site's own uploads are kept in the
# WARC beside its page, each once across runs and at most this big (0: none are kept)
MEDIA_MAXSIZE = 20 * 1024 * 1024

# --- faults -----------------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry; doubles with each one
RETRY_BACKOFF_MAX = 120.0
RETRY_AFTER_MAX = 600.0  # the longest Retry-After (429, 503) honoured
REDIRECT_MAX_TIMES = 5
DOWNLOADER_MIDDLEWARES = {
    # the stock offsite filter ignores ports; ours keeps a crawl on its own site
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "lan_crawler.middlewares.SiteOnlyMiddleware": 50,
    # after RobotsTxtMiddleware (100): the spider reads the robots.txt it fetched
    "lan_crawler.middlewares.RobotsTxtOnce": 110,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "lan_crawler.middlewares.BackoffRetryMiddleware": 550,
    # after RedirectMiddleware (600): a redirect it would follow into a silent drop fails
    "lan_crawler.middlewares.RedirectGuard": 610,
    # next to the downloader: sees every answer as it came, before decompression or retry
    "lan_crawler.archiving.WarcCapture": 950,
}

# --- archive upkeep and health ----------------------------------------------------------
EXTRACTION_FALLBACKS = True  # False: only a known site profile may give a record
WITHDRAWN_AFTER_RUNS = 3  # runs a post must be missing from every sitemap to be withdrawn
GONE_RETRY_AFTER_HOURS = 12  # a post that answered 404 is asked again after this, doubling
# with no surface giving modification times (no sitemap, no REST API), the posts on the home
# page's first listing page are fetched again once their copy is this old
RECHECK_AFTER_HOURS = 24
HEALTH_MAX_FAILURE_RATE = 0.2  # post requests failing by error (5xx, network, no article)
HEALTH_MAX_FALLBACK_RATE = 0.5  # records from fallbacks, above which a run is unhealthy
HEALTH_MIN_COUNT = 3  # rates are judged from this many failed (or fallback) pages on

# --- memory -----------------------------------------------------------------------------
MEMUSAGE_ENABLED = True
MEMUSAGE_CHECK_INTERVAL_SECONDS = 5  # Scrapy's 60 lets a burst pass the limit twice over
MEMUSAGE_WARNING_MB = 512
MEMUSAGE_LIMIT_MB = 1024
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"

# --- output -----------------------------------------------------------------------------
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
# `-o items.csv` writes the CSV of `lan-archive export --format csv`, not Scrapy's own dialect
FEED_EXPORTERS = {"csv": "lan_crawler.feeds.CsvItemExporter"}
