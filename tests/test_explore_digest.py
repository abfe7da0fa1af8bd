"""Who waits and why, from a run's recorded tables (sim.explore.digest.waits)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.experiment.single import simulate
from sim.explore.digest import REASONS_CROSSING, REASONS_YARD, _daily_mean, waits
from sim.explore.engine import TEACHING
from sim.world.inputs import load_scenario
from sim.world.network import load_network

CLOSED = ('disruptions=[{target: node, id: MAL, start: 2025-12-20, end: 2026-01-02, '
          'servers_factor: 0}]')  # fmt: skip


@pytest.fixture(scope="module")
def run():
    net = load_network()
    sc = load_scenario(TEACHING, [CLOSED])
    result = simulate(sc, 42, network=net)
    return result, waits(result, net)


def test_a_closure_is_the_reason_trains_wait_there(run):
    result, w = run
    mal = w["crossings"]["MAL"]
    assert mal["gauge"] and mal["closed_h"] == [[80 * 24.0, 94 * 24.0]]
    reasons = {r[5] for r in mal["trains"]}
    assert reasons <= set(REASONS_CROSSING) and "closed" in reasons
    for did, _line, arrive, start, _end, why in mal["trains"]:
        if why == "closed":  # its wait overlaps the closure
            assert arrive < 94 * 24 and (start is None or start > 80 * 24), did
        elif why == "none":
            assert start - arrive <= 0.01
    # every crossing of the run, and every train's record from the crossings table
    cr = result.tables["crossings"]
    assert sum(len(c["trains"]) for c in w["crossings"].values()) == len(cr["border"])
    # the daily queue is the time-average of trains between arrival and service
    assert max(mal["queue_day"][80:95]) > 0.5 and max(mal["queue_day"][:70]) < 0.5


def test_the_yard_holds_every_container_once(run):
    result, w = run
    o = result.tables["orders"]
    days = result.scenario.days
    has = ~np.isnan(o["departed_h"])
    total = _daily_mean(o["ready_h"][has], o["departed_h"][has], o["teu"][has], days)
    by_reason = sum(np.array(y[k]) for y in w["yard"].values() for k in REASONS_YARD)
    assert np.allclose(by_reason, total, atol=0.05)  # box, departure and full cover it once
    assert sum(sum(y["full"]) for y in w["yard"].values()) > 0  # some trains left goods behind
    assert sum(w["yard"]["S01"]["full"]) == 0  # sailings: feeder times differ, not judged


def test_daily_mean_is_a_time_average():
    # one TEU for 12 hours of day 0 and all of day 1; a missing end counts to the run's end
    out = _daily_mean(np.array([0.0, 24.0]), np.array([12.0, np.nan]), np.array([1.0, 2.0]), 3)
    assert out.tolist() == [0.5, 2.0, 2.0]


def test_an_on_time_share_of_zero_is_a_kpi_of_zero_and_no_deadline_is_none(run):
    """digest's on-time KPI is the summary's share in %: 0.0 when every order judged was
    late (it was None, shown as a dash), None only when no order had a deadline."""
    from sim.explore.digest import digest
    from tests.conftest import fresh_result

    result = fresh_result(run[0])
    result.summary["on_time"]["share"] = 0.0
    assert digest(result)["kpis"]["on_time_pct"] == 0.0
    result.summary["on_time"]["share"] = None
    assert digest(result)["kpis"]["on_time_pct"] is None
