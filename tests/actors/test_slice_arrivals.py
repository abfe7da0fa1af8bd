"""A slice's expected arrivals in one pass over every route (:class:`SliceArrivals`) against the
live state asked route by route: the same numbers on random timetables, and again after a
timetable changes (the table of every route's cut-offs kept between slices must be rebuilt)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import Model
from tests.actors.conftest import live_teaching_at, wave_of_goods


def _model_at(hours: float, extra: list[str] | None = None) -> Model:
    return live_teaching_at(hours, extra)


def _pairs(model: Model, rng: np.random.Generator, n: int) -> tuple[np.ndarray, ...]:
    """Random (route, destination, ready time) pairs, ready from before now to beyond the
    timetables' end, some exactly on cut-offs."""
    lg = model.logistics
    route = rng.integers(0, len(lg.routes), n)
    dest = rng.integers(0, len(model.dest_ids), n)
    now = float(lg.env.now)
    ready = now + rng.uniform(-24.0, 24.0 * 120, n)
    for i in range(0, n, 5):  # exactly on a cut-off of the pair's route
        rows = lg.rows.get(int(route[i]), [])
        if rows:
            ready[i] = rows[int(rng.integers(0, len(rows)))][0]
    return route, dest, ready


def _route_by_route(model: Model, route: np.ndarray, dest: np.ndarray, ready: np.ndarray):
    out = np.empty(route.size)
    for r in np.unique(route).tolist():
        at = np.flatnonzero(route == r)
        out[at] = model.view.expected_arrivals_many(r, dest[at], ready[at])
    return out


def _random_timetable(model: Model, route: int, rng: np.random.Generator) -> None:
    """Replace a route's coming departures by random ones (some without room), as a dispatch
    policy might leave them, and tell the state as the run does (a new version)."""
    lg = model.logistics
    now = float(lg.env.now)
    n = int(rng.integers(0, 12))
    cut = np.sort(now + rng.uniform(-48.0, 24.0 * 60, n))
    cap = rng.integers(0, 3, n) * int(rng.integers(1, 60))
    k = int(np.searchsorted(cut, now))  # the first whose cut-off has not passed
    lg.rows[route] = [(float(c), float(c) + lg.cutoff_h, int(s)) for c, s in zip(cut, cap)]
    lg.next_row[route] = k
    lg.timetable_version[route] = lg.timetable_version.get(route, 0) + 1


DISRUPTED = [
    "disruptions=[{target: node, id: MAL, start: 2025-11-01, end: 2025-11-20, servers_factor: 0.5},"
    " {target: edge, id: NGB-RTM, start: 2025-11-05, end: 2025-12-30, announced: 2025-10-20,"
    " extra_h: 288}]"
]
"""A crossing with fewer servers for a while and a slower sea passage: journeys through them
depend on when the goods get there (followed one departure at a time)."""


@pytest.mark.parametrize(("seed", "extra"), [(1, []), (2, []), (3, DISRUPTED), (4, DISRUPTED)])
def test_one_pass_over_every_route_is_route_by_route(seed: int, extra: list[str]) -> None:
    rng = np.random.default_rng(seed)
    model = _model_at(24.0 * (20 + 10 * seed) + 13.5, extra)
    view = model.view
    for round_ in range(4):
        with view.snapshot():
            route, dest, ready = _pairs(model, rng, 300)
            got = view.expected_arrivals_pairs(route, dest, ready)
            want = _route_by_route(model, route, dest, ready)
        assert np.array_equal(got, want), f"round {round_}"
        # the timetables change between slices: a random one for a few routes
        for r in rng.choice(len(model.logistics.routes), 3, replace=False).tolist():
            _random_timetable(model, r, rng)


def test_the_table_is_rebuilt_when_a_timetable_changes() -> None:
    """An extra departure added to a route (as demand-driven dispatch adds one) moves that
    route's orders to it at once; the table of cut-offs is built again for it, and only then."""
    model = _model_at(24.0 * 30 + 10.0)
    view, lg = model.view, model.logistics
    route = next(r.index for r in lg.routes if r.mode == "rail")
    dest = np.zeros(40, dtype=np.int64)
    now = float(lg.env.now)
    ready = np.full(40, now + 1.0)
    rail = np.full(40, route)
    with view.snapshot():
        before = view.expected_arrivals_pairs(rail, dest, ready)
    builds = view._slice.rebuilds
    with view.snapshot():  # nothing changed: no rebuild, same answer
        assert np.array_equal(view.expected_arrivals_pairs(rail, dest, ready), before)
    assert view._slice.rebuilds == builds
    # a train with plenty of room just after the goods are ready
    k = lg.next_row[route]
    at = now + 2.0
    lg.rows[route].insert(k, (at, at + lg.cutoff_h, 10_000))
    lg.timetable_version[route] = lg.timetable_version.get(route, 0) + 1
    with view.snapshot():
        after = view.expected_arrivals_pairs(rail, dest, ready)
        want = _route_by_route(model, rail, dest, ready)
    assert view._slice.rebuilds == builds + 1
    assert np.array_equal(after, want)
    assert (after < before).all()


def test_outside_a_slice_it_asks_route_by_route() -> None:
    model = _model_at(24.0 * 40 + 9.0)
    route, dest, ready = _pairs(model, np.random.default_rng(7), 50)
    got = model.view.expected_arrivals_pairs(route, dest, ready)
    assert np.array_equal(got, _route_by_route(model, route, dest, ready))


def test_a_sailing_added_or_dropped_in_place_is_seen_at_the_next_slice():
    """The sea route's sailings are kept as an array between slices; a sailing inserted into
    (or removed from) the very list the run keeps, as the sailings policy does, is read at
    the next slice."""
    model = _model_at(24.0 * 30 + 10.0)
    view, lg = model.view, model.logistics
    sea = next(r.index for r in lg.routes if r.mode == "sea")
    dest = np.full(30, len(model.dest_ids) - 1)
    ready = np.full(30, float(lg.env.now)) + np.linspace(0.0, 24.0 * 20, 30)
    route = np.full(30, sea)
    for change in ("add", "drop"):
        with view.snapshot():
            before = view.expected_arrivals_pairs(route, dest, ready)
        times = lg.sailing_times[sea]
        if change == "add":  # a sailing each day of the coming three weeks
            for day in range(1, 22):
                times.append(float(lg.env.now) + 24.0 * day + 30.0)
            times.sort()
        else:
            del times[: len(times) // 2]
        with view.snapshot():
            after = view.expected_arrivals_pairs(route, dest, ready)
            want = _route_by_route(model, route, dest, ready)
        assert np.array_equal(after, want), change
        assert not np.array_equal(after, before), change


def test_a_wave_of_goods_booked_ahead_is_counted_as_route_by_route() -> None:
    """Goods booked ready after some coming departures' cut-offs (a wave of 4,000 slots
    between two daily departures with room for 1,000): the departures before it cannot carry
    it, in the one pass as route by route (:mod:`sim.actors.state_backlog`)."""
    model = _model_at(24.0 * 30 + 10.0)
    lg = model.logistics
    view = model.view
    rail, cuts = wave_of_goods(model)
    now = float(lg.env.now)
    rng = np.random.default_rng(5)
    route, dest, ready = _pairs(model, rng, 200)
    route[::3] = rail
    ready[::3] = now + rng.uniform(0.0, 24.0 * 10, ready[::3].size)
    with view.snapshot():
        got = view.expected_arrivals_pairs(route, dest, ready)
        want = _route_by_route(model, route, dest, ready)
    assert np.array_equal(got, want)
    late = (route == rail) & (ready > cuts[4] + 6.0) & (ready < cuts[5])
    assert late.any() and (got[late] > cuts[9]).all()
