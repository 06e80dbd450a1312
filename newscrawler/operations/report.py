"""The run report (`scrapy report`): one self-contained HTML file of the last runs, from
the stats file each run leaves (NEWSCRAWLER_STATS_FILE) and the crawl state.

Four charts, each with its numbers in a table below it:

- articles in the crawl state by hour of publication (UTC), a bar per site;
- records per run: new, updated, unchanged;
- rejected pages per run, by reason;
- fields taken from structured data per run (``newscrawler/fallback/<field>``): when a
  site changes its template under a spider's selectors, the counts step up.

The charts are SVG drawn by pygal and written into the page itself: no script, style
sheet or font is fetched, so the file opens offline and can be mailed as it is.
"""

from __future__ import annotations

import html
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pygal
from lxml import etree
from pygal.style import CleanStyle

from newscrawler.operations.statsfile import SPIDER_STAT

STATS_SUFFIX = ".stats.json"
RECORD_KINDS = {
    "new": ("newscrawler/state/new",),
    "updated": ("newscrawler/state/updated",),
    "unchanged": ("newscrawler/state/unchanged", "newscrawler/discovery/unchanged"),
}
REJECTED = "newscrawler/rejected/"
FALLBACK = "newscrawler/fallback/"


@dataclass(frozen=True)
class Run:
    spider: str
    started: datetime
    stats: Mapping[str, Any]

    @property
    def label(self) -> str:
        return f"{self.spider} {self.started:%Y-%m-%d %H:%M}"

    def count(self, *names: str) -> int:
        return sum(int(self.stats.get(name, 0)) for name in names)

    def under(self, prefix: str) -> dict[str, int]:
        return {
            name.removeprefix(prefix): int(value)
            for name, value in self.stats.items()
            if name.startswith(prefix)
        }


@dataclass(frozen=True)
class Chart:
    title: str
    labels: list[str]  # along the x axis
    series: dict[str, list[int]]  # a value per label


def read_runs(folder: Path, last: int) -> list[Run]:
    """The last runs whose stats files are under folder, oldest first."""
    runs = []
    for path in folder.rglob(f"*{STATS_SUFFIX}"):
        try:
            stats = json.loads(path.read_text("utf-8"))
            started = datetime.fromisoformat(stats["start_time"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a stats file of a run that started
        spider = stats.get(SPIDER_STAT) or path.parent.name
        runs.append(Run(spider, started, stats))
    return sorted(runs, key=lambda run: run.started)[-last:]


def articles_by_hour(state_file: Path) -> dict[str, list[int]]:
    """Per site, the articles in the crawl state by hour of publication (UTC)."""
    if not state_file.is_file():
        return {}
    with sqlite3.connect(f"{state_file.resolve().as_uri()}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT source, published FROM articles").fetchall()
    hours: dict[str, Counter[int]] = defaultdict(Counter)
    for source, published in rows:
        try:
            when = datetime.fromisoformat(published)
        except (TypeError, ValueError):
            continue
        if when.tzinfo is not None:  # a date without a time has none: taken as UTC
            when = when.astimezone(UTC)
        hours[source][when.hour] += 1
    return {
        source: [counts[hour] for hour in range(24)] for source, counts in sorted(hours.items())
    }


def charts(runs: Sequence[Run], hours: Mapping[str, list[int]]) -> list[Chart]:
    labels = [run.label for run in runs]
    return [
        Chart("Articles by hour of publication (UTC)", [f"{h:02d}h" for h in range(24)], {**hours}),
        Chart(
            "Records per run",
            labels,
            {kind: [run.count(*names) for run in runs] for kind, names in RECORD_KINDS.items()},
        ),
        Chart("Rejected pages per run, by reason", labels, _per_run(runs, REJECTED)),
        Chart("Fields from structured data per run (a step: the template changed)", labels,
              _per_run(runs, FALLBACK)),
    ]  # fmt: skip


def _per_run(runs: Sequence[Run], prefix: str) -> dict[str, list[int]]:
    names = sorted({name for run in runs for name in run.under(prefix)})
    return {name: [run.under(prefix).get(name, 0) for run in runs] for name in names}


def render_svg(chart: Chart, line: bool = False) -> str:
    kind = pygal.Line if line else pygal.StackedBar
    drawing = kind(
        title=None,  # the section heading above the chart names it
        x_labels=chart.labels,
        x_label_rotation=30,
        style=CleanStyle,
        width=900,
        height=420,
        js=(),  # pygal's tooltips load a script from the web: none, the report stays offline
        disable_xml_declaration=True,
        show_legend=True,
        legend_at_bottom=True,
        no_data_text="none in these runs",
    )
    for name, values in chart.series.items():
        drawing.add(name, values)
    svg = drawing.render_tree()
    # pygal writes its tooltip settings as a script even with no script to read them.
    for script in svg.xpath("//*[local-name()='script']"):
        script.getparent().remove(script)
    return etree.tostring(svg, encoding="unicode")


def render_table(chart: Chart) -> str:
    head = "".join(f"<th>{html.escape(label)}</th>" for label in chart.labels)
    rows = "".join(
        f"<tr><th>{html.escape(name)}</th>{''.join(f'<td>{value}</td>' for value in values)}</tr>"
        for name, values in chart.series.items()
    )
    return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>"


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }}
section {{ margin-bottom: 3em; }}
svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; font-size: 0.8em; }}
th, td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: right; }}
details {{ margin-top: 0.5em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{about}</p>
{sections}
</body>
</html>
"""


def render_report(runs: Sequence[Run], hours: Mapping[str, list[int]]) -> str:
    sections = []
    for index, chart in enumerate(charts(runs, hours)):
        line = index == 3  # fallbacks: a line per field shows a step best
        sections.append(
            f'<section class="chart" data-chart="{index}">\n<h2>{html.escape(chart.title)}</h2>\n'
            f"{render_svg(chart, line)}\n"
            f"<details><summary>The numbers</summary>{render_table(chart)}</details>\n</section>"
        )
    span = f"{runs[0].label} to {runs[-1].label}" if runs else "no run yet"
    about = (
        f"{len(runs)} runs ({span}); {sum(map(sum, hours.values()))} articles in the crawl state."
    )
    return PAGE.format(
        title="newscrawler run report", about=html.escape(about), sections="\n".join(sections)
    )


def write_report(path: Path, runs: Iterable[Run], hours: Mapping[str, list[int]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(list(runs), hours), "utf-8")
