"""Fixtures shared by the tests of the live state's parts and of the monitors."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import Model
from sim.world.inputs import load_scenario
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def busy_run():
    """The teaching world with other trains at Alashankou, so queues form there."""
    sc = load_scenario(
        ROOT / "scenarios" / "teaching_small.yaml",
        ["days=40", "warmup_days=5",
         "logistics.borders.AKS={servers: 1, service_h: {dist: constant, value: 4}, "
         "background_trains_per_day: 5}"],
    )  # fmt: skip
    model = Model(sc)
    result = model.run()
    return model, result


def live_teaching_at(hours: float, extra: list[str] | None = None) -> Model:
    """The teaching world with live routing (90 days), its clock run to ``hours``."""
    sc = load_scenario(
        ROOT / "scenarios" / "teaching_small.yaml",
        ["days=90", "logistics.mode_choice.rule=live", *(extra or [])],
    )
    model = Model(sc)
    model.build().run(until=hours)
    return model


def wave_of_goods(model: Model) -> tuple[int, list[float]]:
    """A rail route's coming departures replaced by 16 daily ones with room for 1,000 slots
    (cut-offs at 12 h of each day from now), and 3,400 TEU of goods (4,000 slots at the
    typical fill) booked ready 6 h after the fifth cut-off: the route and the cut-offs."""
    lg = model.logistics
    route = next(r.index for r in lg.routes if r.mode == "rail")
    now = float(lg.env.now)
    cuts = [now + 24.0 * i + 12.0 for i in range(16)]
    lg.rows[route] = [(c, c + lg.cutoff_h, 1000) for c in cuts]
    lg.next_row[route] = 0
    lg.timetable_version[route] = lg.timetable_version.get(route, 0) + 1
    n = 3400
    lg.routes[route].forwarder.receive(
        np.full(n, cuts[4] + 6.0), np.arange(10**7, 10**7 + n), np.ones(n), np.full(n, np.nan)
    )
    return route, cuts
