"""The spider loader: a crawl imports its own spider's module only, and finds every spider
Scrapy's own loader finds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from newscrawler.spiders.loader import OwnModuleSpiderLoader
from tests.crawling import ROOT, read_jsonl, scrapy_command


def test_every_spider_is_found_as_scrapys_loader_finds_it():
    settings = get_project_settings()
    scrapys = SpiderLoader.from_settings(settings)
    ours = OwnModuleSpiderLoader.from_settings(settings)
    assert sorted(ours.list()) == sorted(scrapys.list())
    for name in scrapys.list():
        assert OwnModuleSpiderLoader.from_settings(settings).load(name) is scrapys.load(name)
    with pytest.raises(KeyError):
        ours.load("nosuchspider")


def printed_by(program: str, cwd: Path | None = None) -> str:
    """What a Python program printed, run in a process of its own with the project's
    settings (a module loaded by an earlier test would hide a load)."""
    _, env = scrapy_command([])
    run = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, cwd=cwd
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip()


def test_a_site_spiders_crawl_loads_no_generic_extraction_library():
    program = (
        "import sys\n"
        "from scrapy.spiderloader import get_spider_loader\n"
        "from scrapy.utils.project import get_project_settings\n"
        "get_spider_loader(get_project_settings()).load('yonhap')\n"
        "print(sorted({'trafilatura', 'py3langid', 'newscrawler.spiders.wire'} & set(sys.modules)))"
    )
    assert printed_by(program) == "[]"


def test_a_crawl_command_loads_the_spider_modules_only_to_show_its_help():
    """Scrapy builds `scrapy crawl`'s parser, description included, on every run."""
    sites = "{'newscrawler.spiders.' + name for name in ('yonhap', 'apnews', 'reuters', 'wire')}"
    program = (
        "import sys\n"
        "from newscrawler.commands.crawl import Command\n"
        "Command().long_desc()\n"
        f"print(sorted({sites} & set(sys.modules)))"
    )
    assert printed_by(program) == "[]"


def test_a_site_crawl_loads_no_library_it_does_not_use(tmp_path):
    """Start-up is most of what a crawl costs beyond bare Scrapy: its crawl state is SQLite
    (no Redis client), a site spider's pages name their own host (no public suffix list;
    tldextract itself is Scrapy's import), its templates fit (no generic extraction), the
    remote control is off (no aiohttp) and no report is charted (no pygal)."""
    output = tmp_path / "out"
    arguments = [
        "scrapy", "crawl", "yonhap", "-a", "url=https://en.yna.co.kr/view/AEN20211023001800325",
        "-s", f"REPLAY_DIR={ROOT / 'fixtures' / 'yonhap'}",
        "-s", f"NEWSCRAWLER_OUTPUT_DIR={output}", "-O", f"{output / 'feed.jsonl'}",
    ]  # fmt: skip
    unused = ["redis", "aiohttp", "pygal", "newscrawler.extraction.generic"]
    program = (
        "import atexit, sys\n"
        "from scrapy.cmdline import execute\n"
        "def loaded():\n"
        "    urls = sys.modules['newscrawler.extraction.urls']\n"
        "    suffixes = urls._public_suffixes.cache_info().currsize\n"
        f"    print('loaded', [name for name in {unused!r} if name in sys.modules], suffixes)\n"
        "atexit.register(loaded)\n"
        f"execute({arguments!r})\n"
    )
    assert printed_by(program, cwd=tmp_path).splitlines()[-1] == "loaded [] 0"
    assert len(read_jsonl(output / "feed.jsonl")) == 1


def test_the_dateline_patterns_are_compiled_by_the_first_dateline_read(tmp_path):
    """Not at import (0.05-0.1 s): a run that reads no dateline, as one whose listings say
    nothing changed, never compiles them."""
    program = (
        "import newscrawler.pipelines.dateline, newscrawler.pipelines.wirecopy\n"
        "import newscrawler.spiders.yonhap, newscrawler.spiders.reuters\n"
        "from newscrawler.extraction import datelines\n"
        "def compiled():\n"
        "    return [f.cache_info().currsize for f in (datelines._dateline_re,"
        " datelines._lead_date)]\n"
        "print(compiled())\n"
        "datelines.split_dateline('SEOUL, May 1 (Yonhap) -- North Korea fired a missile.')\n"
        "print(compiled())\n"
    )
    assert printed_by(program, cwd=tmp_path).splitlines() == ["[0, 0]", "[1, 0]"]
