"""Every article delivered exactly once, whatever happens to the runs: overlapping runs,
outputs that cannot be written, a full disk, a damaged state, signals, and a kill at every
step of the close sequence, each followed by a normal run (tests/delivery_faults.py)."""

from __future__ import annotations

import pytest

from tests.delivery_faults import SCENARIOS, Scenario, play


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.fault for s in SCENARIOS])
def test_every_article_is_delivered_exactly_once(scenario: Scenario, tmp_path):
    outcome = play(scenario, tmp_path)
    logs = "\n\n".join(f"--- {run.label} ({run.returncode})\n{run.log}" for run in outcome.runs)
    assert outcome.lost == 0, logs
    assert outcome.twice == 0, logs
    assert outcome.once == outcome.articles
    statuses = tuple(outcome.exit_statuses)
    expected = scenario.statuses
    assert statuses in expected if isinstance(expected, set) else statuses == expected, logs
    assert not outcome.crashes(), outcome.crashes()
    assert not outcome.leftovers  # no .part file is left behind
