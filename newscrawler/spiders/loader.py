"""The project's spider loader (SPIDER_LOADER_CLASS). Scrapy's imports every module of
SPIDER_MODULES at every start, and with them the generic spider's text-extraction
libraries (trafilatura, numpy under py3langid: most of a second of start-up, 20 MiB) that
a site spider's crawl never uses. This one imports the module named as the spider
(``newscrawler/spiders/yonhap.py`` for ``yonhap``) and only that one; for a spider named
otherwise, for listing the spiders and for finding one by URL, it walks every module as
Scrapy's does."""

from __future__ import annotations

from functools import cached_property
from importlib import import_module

from scrapy import Request, Spider
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.spider import iter_spider_classes


class OwnModuleSpiderLoader:
    def __init__(self, settings: BaseSettings) -> None:
        self._settings = settings
        self._packages: list[str] = settings.getlist("SPIDER_MODULES")
        self._loaded: dict[str, type[Spider]] = {}

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> OwnModuleSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        if spider_name not in self._loaded:
            spidercls = self._from_own_module(spider_name) or self._every_module.load(spider_name)
            self._loaded[spider_name] = spidercls
        return self._loaded[spider_name]

    def list(self) -> list[str]:
        return self._every_module.list()

    def find_by_request(self, request: Request) -> list[str]:
        return self._every_module.find_by_request(request)

    def _from_own_module(self, name: str) -> type[Spider] | None:
        if not name.isidentifier():
            return None
        for package in self._packages:
            try:
                module = import_module(f"{package}.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"{package}.{name}":
                    raise  # the spider's module is there, something it imports is not
                continue
            for spidercls in iter_spider_classes(module):
                if spidercls.name == name:
                    return spidercls
        return None

    @cached_property
    def _every_module(self) -> SpiderLoader:
        return SpiderLoader.from_settings(self._settings)
