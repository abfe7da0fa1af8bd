"""Faults found reviewing the sixth round (line cuts told late, the live state kept between
slices, the engines' tie rules): each test failed before its fix."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.test_invariants_round6 import _fifo_loading, check_run, run

# Moscow's line (L10) on Thursdays 15:30 with one slot a train, a 30-hour cut-off and extra
# trains when goods pile up; every other Thursday train from 26 February 2026 (trains_factor
# 0.5), told at 00:30 that day, after the cut-off of that day's trains (25 February 09:30).
LATE_HALF = [
    "start=2026-01-26", "days=44", "scale=0.05", "buyers.in_scope_share=0.2",
    "logistics.consolidation.cutoff_h=30",
    'logistics.lines={"L10": {"timetable": [{"weekday": 3, "hour": 15.5}], "capacity_teu": 2}}',
    "disruptions=" + json.dumps([{"target": "line", "id": "L10", "start": "2026-02-26",
                                  "end": "2026-03-02", "trains_factor": 0.5,
                                  "announced": "2026-02-26T00:30"}]),
    "logistics.dispatch.rule=demand", "logistics.dispatch.add_when_backlog_trains=1.0",
    "logistics.dispatch.lead_h=24", "logistics.dispatch.max_extra_per_week=3",
    "logistics.mode_choice.rule=fastest",
]  # fmt: skip


@pytest.mark.parametrize("engine", ["batched", "per_actor"])
def test_a_train_cut_off_at_an_announcement_that_leaves_first_takes_the_older_goods(engine):
    """At the announcement (26 February 00:30, h 744.5) the published 15:30 train is
    cancelled and the extra train loaded with it at 25 February 09:30 stands; the line now runs
    a train at 07:19 (h 751.3) that no timetable showed, cut off at the announcement. It left
    with younger goods than the extra train leaving after it: first closed was no longer
    first gone, as ``fifo`` promises. The route's trains not gone are now loaded again together
    when a departure cut off later leaves sooner."""
    model, r = run([*LATE_HALF, f"engine={engine}"])
    d = r.tables["departures"]
    l10 = np.asarray(d["line"]) == "L10"
    leave = d["departed_h"][l10]
    assert ((leave > 744.5) & (leave < 759.5)).any() and (leave == 759.5).any()  # the case
    assert _fifo_loading(model, r.tables["orders"]) == []
    assert check_run(model, r) == []
