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


def _line_route(model: Model, line: str) -> int:
    return next(r.index for r in model.logistics.routes if r.line.id == line)


def test_a_line_suspended_to_the_end_of_the_run_is_expected_to_leave_only_after_it() -> None:
    """Madrid's trains suspended from the start to the end of the run, known from the start:
    the live state expects goods for them to leave after the run's end, not one usual interval
    from now (which sent orders to a line with no train), and live routing sends the Madrid
    orders of the first weeks that have no deadline by sea (the sea route is expected to
    deliver them sooner; festival goods may still take the cheaper rail, expected in time)."""
    days = 60
    overrides = [
        f"days={days}", "warmup_days=0", "logistics.mode_choice.rule=live",
        "disruptions=[{target: line, id: L01, start: 2025-10-01, end: 2025-11-29, "
        "trains_factor: 0}]",
    ]  # fmt: skip
    model = Model(load_scenario("scenarios/teaching_small.yaml", overrides))
    env = model.build()
    env.run(until=24.0 * 10 + 13.0)
    route = _line_route(model, "L01")
    assert model.view.next_departures(route, 1) == []
    ready = np.array([env.now + 24.0, env.now + 24.0 * 30])
    leave = model.view.expected_departures_h(route, ready)
    assert (leave >= days * 24.0).all(), leave
    assert [model.view._departure_one(route, float(t)) for t in ready] == leave.tolist()
    env.run(until=days * 24.0)
    orders = model.run().tables["orders"]
    early = (
        (np.asarray(orders["placed_h"]) < 24.0 * 15)
        & (np.asarray(orders["destination"]) == "MAD")
        & np.isnan(np.asarray(orders["deadline_h"]))
    )
    assert early.sum() > 20
    assert set(np.asarray(orders["line"])[early].tolist()) == {"S01"}
