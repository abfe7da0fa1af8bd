"""The live state's two ways of finding when goods would leave and arrive: numpy for many orders
of a route, plain Python for a few. Both must give the same numbers on the same state, or the
batched engine's decisions would depend on how many orders a slice happens to hold."""

from __future__ import annotations

import numpy as np
import pytest

from sim.actors.state import FEW_ORDERS
from sim.model import Model
from sim.world.inputs import load_scenario


@pytest.mark.parametrize("day", [20, 45, 70])
def test_one_by_one_departures_and_arrivals_are_the_numpy_ones(day: int) -> None:
    sc = load_scenario(
        "scenarios/teaching_small.yaml",
        ["days=90", "logistics.mode_choice.rule=live", "logistics.pricing.rule=live"],
    )
    model = Model(sc)
    env = model.build()
    env.run(until=24.0 * day + 13.5)  # mid-afternoon: goods waiting, trains on their way
    view = model.view
    rng = np.random.default_rng(day)
    n_dest = len(model.dest_ids)
    for route in range(len(model.logistics.routes)):
        # ready times from now to beyond the timetable's end, and exactly on cut-offs
        cut, _, _ = view._timetable(route)
        ready = np.concatenate(
            (env.now + rng.uniform(-24, 24 * 200, 3 * FEW_ORDERS), cut[:FEW_ORDERS], [np.inf])
        )
        dest = rng.integers(0, n_dest, ready.size)
        many = view.expected_departures_h(route, ready)
        one = np.array([view._departure_one(route, float(t)) for t in ready])
        assert np.array_equal(many, one), f"route {route}"
        assert ready.size > FEW_ORDERS  # the numpy path
        arrivals = view.expected_arrivals_many(route, dest, ready)
        few = np.concatenate(
            [
                view.expected_arrivals_many(
                    route, dest[i : i + FEW_ORDERS], ready[i : i + FEW_ORDERS]
                )
                for i in range(0, ready.size, FEW_ORDERS)
            ]
        )
        assert np.array_equal(arrivals, few), f"route {route}"
