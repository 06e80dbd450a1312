"""`scrapy shell`, as Scrapy's, without what only a crawl does: see
newscrawler.commands.as_a_look."""

from scrapy.commands.shell import Command as ScrapyShellCommand

from newscrawler.commands import LookCommand


class Command(LookCommand, ScrapyShellCommand):
    pass
