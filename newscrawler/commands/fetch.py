"""`scrapy fetch`, as Scrapy's, without what only a crawl does: see
newscrawler.commands.as_a_look."""

from scrapy.commands.fetch import Command as ScrapyFetchCommand

from newscrawler.commands import LookCommand


class Command(LookCommand, ScrapyFetchCommand):
    pass
