"""Scrapy settings of newscrawler. Every one can be overridden with -s NAME=VALUE."""

import warnings

# Spidermon 1.27 logs through Spider.log(), deprecated in Scrapy 2.19: a warning in every
# crawl's log that says nothing about the crawl.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", module="spidermon")

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["newscrawler.spiders"]
NEWSPIDER_MODULE = "newscrawler.spiders"
# A crawl imports its own spider's module only, not every spider's libraries.
SPIDER_LOADER_CLASS = "newscrawler.spiders.loader.OwnModuleSpiderLoader"
COMMANDS_MODULE = "newscrawler.commands"

# A polite crawler that says who it is.
USER_AGENT = "newscrawler/0.1 (+https://github.com/newscrawler/newscrawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# The spiders read public pages, which need no cookies (Scrapy's advice for broad crawls):
# a site's cookies would make one page's record depend on the pages fetched before it, and
# a site setting many would grow every request until the server refuses it (431).
COOKIES_ENABLED = False

# -- faults --------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024  # also the limit on decompressed size
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_TIMES = 3
REDIRECT_MAX_TIMES = 5
NEWSCRAWLER_RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry, doubled each time
NEWSCRAWLER_RETRY_BACKOFF_MAX = 60.0
NEWSCRAWLER_RETRY_AFTER_MAX = 300.0  # a site asking to wait longer is given up on this run
NEWSCRAWLER_RETRY_SEED = None  # seeds the backoff jitter (tests)
# Requests go only to public addresses; tests against a local server open loopback.
TWISTED_DNS_RESOLVER = "newscrawler.network.resolver.PublicAddressResolver"
NEWSCRAWLER_ALLOW_LOOPBACK = False

# -- logs --------------------------------------------------------------------------------
# INFO: what a person reading a cron log needs; -s LOG_LEVEL=DEBUG shows every request.
LOG_LEVEL = "INFO"
# Records are named in the log, never printed whole: they are in the feed.
LOG_FORMATTER = "newscrawler.operations.logformatter.RecordLogFormatter"
# Scrapy's in-memory stats, without a Python hook on every read of the collector.
STATS_CLASS = "newscrawler.operations.statscollector.PlainStatsCollector"

# Nothing listens for commands from outside the process (and their extensions are not
# even imported: newscrawler.operations.offswitch, in ADDONS).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# -- replay ------------------------------------------------------------------------------
# -s REPLAY_DIR=<store> answers every request from a replay store (README: Replay stores).
REPLAY_DIR = None
DOWNLOADER_MIDDLEWARES = {
    # Before the offsite filter: no request to a private address, even a redirected one.
    "newscrawler.network.middlewares.AddressGuardMiddleware": 40,
    # After the offsite filter and robots.txt (which a replay crawl reads from the store
    # and obeys, as a live one does), before everything that talks to the network.
    "newscrawler.network.middlewares.ReplayMiddleware": 110,
    # Scrapy's robots.txt, read as RFC 9309 does where it cannot be fetched (the site
    # forbidden for the run, a warning, a reject per page), and cut at 500 KiB. Below the
    # retries and decompression, which are done with a robots.txt before it sees it.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawler.network.robots.RobotsTxtGuardMiddleware": 100,
    # Scrapy's retries, spaced out by Retry-After or an exponential backoff.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawler.network.middlewares.BackoffRetryMiddleware": 550,
    # Scrapy's redirects, HTTP and meta refresh, each checked before it is followed.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawler.network.middlewares.GuardedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawler.network.middlewares.GuardedMetaRefreshMiddleware": 580,
    # Scrapy's decompression, a body that does not decode refused with that reason.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawler.network.middlewares.CheckedDecompressionMiddleware": 590,
    # After decompression (590), before the meta refresh and the spiders read the text.
    "newscrawler.network.middlewares.EncodingRepairMiddleware": 585,
    # Just above the download handler (Scrapy's stats 850, HTTP cache 900): every response
    # as transferred, before decompression (590), redirects (600) and retries (550).
    "newscrawler.archives.capture.WarcCaptureMiddleware": 950,
}

# -- web archives (newscrawler.archives) ---------------------------------------------------
# -s NEWSCRAWLER_WARC_DIR=<folder> writes every response fetched as WARC 1.1 records there.
NEWSCRAWLER_WARC_DIR = None
NEWSCRAWLER_WARC_MAX_SIZE = 1024**3  # bytes a WARC file holds before the next is begun
# `scrapy record` (or -s NEWSCRAWLER_RECORD_DIR=<store>) saves every response into a
# replay store, and a golden record to check for every article.
NEWSCRAWLER_RECORD_DIR = None
NEWSCRAWLER_RECORD_GOLDEN_DIR = None  # default: tests/golden/fixtures/<store folder name>


# -- records ---------------------------------------------------------------------------
ITEM_PIPELINES = {
    "newscrawler.pipelines.text.TextPipeline": 100,
    "newscrawler.pipelines.wirecopy.WireCopyPipeline": 200,
    "newscrawler.pipelines.headline.HeadlinePipeline": 300,
    "newscrawler.pipelines.dates.DatesPipeline": 400,
    "newscrawler.pipelines.dateline.DatelinePipeline": 500,
    "newscrawler.pipelines.related.RelatedPipeline": 600,
    "newscrawler.pipelines.validation.ValidationPipeline": 900,
    "newscrawler.pipelines.incremental.IncrementalPipeline": 950,
    # Every record exported is checked against the package's JSON Schema.
    "newscrawler.pipelines.schema.SchemaValidationPipeline": 990,
}
# An exception in any pipeline becomes a parse_error reject, not a traceback and a lost item.
ITEM_PROCESSOR = "newscrawler.pipelines.RejectingPipelineManager"
# Every stage above is synchronous: running a callback's output through them 100 at a time
# (Scrapy's default) buys nothing and starts 100 asyncio tasks for every page's one record.
CONCURRENT_ITEMS = 1

# -- scheduled, incremental runs ---------------------------------------------------------
# Every article exported is remembered here (SQLite, created on first use), so that the next
# run exports only new and changed ones. Empty: no state, every record is "new".
NEWSCRAWLER_STATE_FILE = "%(output_dir)s/state.sqlite"
# Exported articles a run keeps in memory; each time it has this many, it stages them in
# the crawl state until its commit point.
NEWSCRAWLER_STAGE_EVERY = 1000
# One run at a time per crawl state: how many seconds a run waits for the one that holds
# the state's lock before it exits with status 75 (0: at once).
NEWSCRAWLER_LOCK_WAIT = 0
# Feeds and sitemaps larger than this (decompressed) are not read.
NEWSCRAWLER_MAX_LISTING_BYTES = 50 * 1024 * 1024
# How far back "latest news" listings are paged for -a since.
NEWSCRAWLER_MAX_LISTING_PAGES = 500
# An article page of more elements than this is rejected as too_large before it is read:
# the largest real article pages hold a few thousand, and a spider's extraction costs time
# that grows with the page (one just under the limit: about 2 s).
NEWSCRAWLER_MAX_PAGE_ELEMENTS = 100_000
# A listed page that proved to be no article is fetched again after this many days even
# when its listing says it has not changed: a page misjudged once is not lost for good.
NEWSCRAWLER_NON_ARTICLE_RECHECK_DAYS = 7

# -- several workers, one crawl (newscrawler.distributed) ---------------------------------
# A Redis URL shares the crawl's frontier, hop counts and crawl state between workers:
# every `scrapy crawl` given the same URL works on one crawl (README, "Several machines").
NEWSCRAWLER_REDIS_URL = None
NEWSCRAWLER_REDIS_PREFIX = "newscrawler"  # of every key the crawl keeps in Redis
# A worker that has not renewed its lease for this long is taken for dead: the requests it
# had taken go back to the queue.
NEWSCRAWLER_REDIS_LEASE_SECONDS = 30.0
ADDONS = {
    "newscrawler.distributed.addon.DistributedCrawl": 0,
    "newscrawler.operations.offswitch.OffExtensionsUnlisted": 0,
}

EXTENSIONS = {
    # The run's delivery: lock, output checks, commit of feeds and state, recovery.
    "newscrawler.delivery.run.CrawlRun": 100,
    "newscrawler.delivery.rejects.RejectsFeed": 500,
    "newscrawler.operations.statsfile.StatsFile": 510,
    "newscrawler.operations.monitors.CrawlChecks": 520,  # Spidermon
    "newscrawler.operations.summary.CrawlSummary": 530,
    "newscrawler.archives.recording.FixtureRecorder": 540,
    # In place of Scrapy's "Crawled N pages" line: records, rejects, queue, rate, the end.
    "scrapy.extensions.logstats.LogStats": None,
    "newscrawler.operations.progress.CrawlProgress": 550,
    # What start-up built is left out of the garbage collector's full walks.
    "newscrawler.operations.heap.FrozenStartupHeap": 560,
}
# While the crawl runs, the collector's youngest generation is collected after this many
# net new objects (Python: 700; 0 keeps Python's): see newscrawler.operations.heap.
NEWSCRAWLER_GC_YOUNG_THRESHOLD = 2000
# While the crawl runs, glibc's malloc merges each small freed block at once rather than
# keeping it in a fast bin (True keeps glibc's fast bins): see newscrawler.operations.heap.
NEWSCRAWLER_MALLOC_FASTBINS = False
# Seconds between two progress lines in the log (0: none).
NEWSCRAWLER_PROGRESS_INTERVAL = 60.0
# The crawl's stats as JSON when it closes, a file per run (what `scrapy report` charts);
# off when empty.
NEWSCRAWLER_STATS_FILE = "%(output_dir)s/%(name)s/%(run)s.stats.json"

# -- feeds -----------------------------------------------------------------------------
# A crawl whose FEEDS, -o and -O name no feed writes one JSON Lines file per spider and run
# here, under NEWSCRAWLER_OUTPUT_DIR; with -o/-O it writes only where they say.
NEWSCRAWLER_OUTPUT_DIR = "output"
# %(run)s is the run's id, its start time and a random part: two runs never share a file.
NEWSCRAWLER_DEFAULT_FEED = "%(output_dir)s/%(name)s/%(run)s.jsonl"
NEWSCRAWLER_REJECTS_FILE = "%(output_dir)s/%(name)s/%(run)s.rejects.jsonl"
FEED_URI_PARAMS = "newscrawler.delivery.run.feed_uri_params"
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {
    "jsonlines": "newscrawler.delivery.exporters.RecordJsonLinesItemExporter",
    "jsonl": "newscrawler.delivery.exporters.RecordJsonLinesItemExporter",
    "jl": "newscrawler.delivery.exporters.RecordJsonLinesItemExporter",
    "json": "newscrawler.delivery.exporters.RecordJsonItemExporter",
    "wiretext": "newscrawler.delivery.exporters.WireTextItemExporter",
    "csv": "newscrawler.delivery.exporters.ArticleCsvItemExporter",
}
FEED_STORE_EMPTY = True
# Local feed files are written under a temporary name and moved into place when the run
# commits (newscrawler.delivery.run), so a killed run leaves no half feed behind.
FEED_STORAGES = {
    "": "newscrawler.delivery.feedstorage.AtomicFileFeedStorage",
    "file": "newscrawler.delivery.feedstorage.AtomicFileFeedStorage",
}

# -- monitoring (newscrawler.operations.monitors) ---------------------------------------
# A failed monitor makes `scrapy crawl` exit with status 1 and the summary say why.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # a page given up on is a reject, not an error
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawler.operations.monitors.CrawlMonitors"]
# An object path, not a file path: deployed to Scrapyd, the package is a zipped egg.
SPIDERMON_VALIDATION_SCHEMAS = ["newscrawler.schema.ARTICLE_SCHEMA"]
NEWSCRAWLER_MIN_ARTICLES = 1
# The share of a site spider's article pages that may match none of its templates (and be
# extracted generically) before the run fails: more says the site has a new template.
NEWSCRAWLER_MAX_TEMPLATE_FALLBACK = 0.2
SPIDERMON_MAX_ERRORS = 0
SPIDERMON_MAX_ITEM_VALIDATION_ERRORS = 0
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]
SPIDERMON_UNWANTED_HTTP_CODES = {"500": 20, "502": 20, "503": 20, "504": 20, "403": 10, "429": 20}
SPIDERMON_ADD_FIELD_COVERAGE = True
SPIDERMON_FIELD_COVERAGE_SKIP_FALSY = True  # an empty list or null is not coverage
SPIDERMON_FIELD_COVERAGE_SKIP_IF_NO_ITEM = True  # a quiet incremental run exports nothing
SPIDERMON_FIELD_COVERAGE_RULES = {
    "ArticleItem/url": 1.0,
    "ArticleItem/headline": 1.0,
    "ArticleItem/published": 1.0,
    "ArticleItem/body": 1.0,
    "ArticleItem/language": 1.0,
    "ArticleItem/fetched_at": 0.0,
}
