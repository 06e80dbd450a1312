"""`scrapy view`, as Scrapy's, without what only a crawl does: see
newscrawler.commands.as_a_look."""

from scrapy.commands.view import Command as ScrapyViewCommand

from newscrawler.commands import LookCommand


class Command(LookCommand, ScrapyViewCommand):
    pass
