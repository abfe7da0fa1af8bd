"""The backlog new goods join at Yiwu (:mod:`sim.actors.state_backlog`): goods booked earlier and
ready before an order's goods are packed ahead of them, and departures that leave before goods
are ready cannot carry them. Checked against a forwarder's walk over the departures, one at a
time, on the running teaching world with random timetables."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.actors.state_backlog import TYPICAL_FILL
from sim.model import Model
from tests.actors.conftest import live_teaching_at, wave_of_goods


def _model_at(hours: float, extra: list[str] | None = None) -> Model:
    return live_teaching_at(hours, extra)


def _walk(model: Model, route: int, ready: float) -> float:
    """When goods ready at ``ready`` leave, worked out departure by departure: each coming
    departure takes the slots ready by its cut-off (closed containers, loose goods and goods
    booked, by the whole hour they will be ready, at a typical fill) up to its room; the new
    goods (one slot) are behind every slot ready by their own time. NaN: beyond the
    timetable."""
    lg = model.logistics
    fw = lg.routes[route].forwarder
    now = float(lg.env.now)
    fw._take_incoming()
    loose = fw.loose_teu(now)
    later = fw.ready_h > now
    hours, teu = np.floor(fw.ready_h[later]), fw.teu[later]

    # by the hour over the next two weeks (to the first midnight 14 days after the next
    # hour), by the whole day beyond (:mod:`sim.actors.pending`)
    edge = 24 * -(-(math.floor(now) + 1 + 24 * 14) // 24)

    def slots_by(t: float) -> int:
        # (summed in the order the ledger adds them: by hour, then a running sum)
        by_hour: dict[float, float] = {}
        for h, x in zip(hours.tolist(), teu.tolist(), strict=True):
            by_hour[h] = by_hour.get(h, 0.0) + x
        total = 0.0
        for h in sorted(by_hour):
            counted = h <= math.floor(t) if math.floor(t) < edge else h // 24 <= math.floor(t) // 24
            if math.floor(now) < h and counted:
                total += by_hour[h]
        return fw.waiting_slots() + math.ceil((loose + total) / TYPICAL_FILL)

    rows, k, _ = model.view._known_rows(route)
    ready = max(ready, now)
    mine = slots_by(ready) + 1
    taken = 0.0
    for cutoff, dep, cap in rows[k:]:
        if cap <= 0:
            continue
        if cutoff < ready:  # leaves before the goods: takes what is ready by its cut-off
            taken = min(taken + cap, slots_by(cutoff))
            continue
        taken += cap
        if taken >= mine:
            return dep
    return math.nan


def _random_timetable(model: Model, route: int, rng: np.random.Generator) -> None:
    """Replace a route's coming departures by random ones (some without room), and tell the
    state as the run does (a new version)."""
    lg = model.logistics
    now = float(lg.env.now)
    n = int(rng.integers(3, 15))
    cut = np.sort(now + rng.uniform(-48.0, 24.0 * 20, n))
    cap = rng.integers(0, 3, n) * int(rng.integers(1, 40))
    lg.rows[route] = [(float(c), float(c) + lg.cutoff_h, int(s)) for c, s in zip(cut, cap)]
    lg.next_row[route] = int(np.searchsorted(cut, now))
    lg.timetable_version[route] = lg.timetable_version.get(route, 0) + 1


@pytest.mark.parametrize(("day", "busy"), [(20, False), (45, True), (70, True)])
def test_the_departure_expected_is_the_walk_over_the_departures(day: int, busy: bool) -> None:
    extra = ["buyers.visits_per_day=2400"] if busy else []
    model = _model_at(24.0 * day + 13.5, extra)
    view = model.view
    rng = np.random.default_rng(day)
    now = float(model.logistics.env.now)
    booked_ahead = 0
    for route in range(len(model.logistics.routes)):
        if route % 2:
            _random_timetable(model, route, rng)
        with view.snapshot():
            ready = now + rng.uniform(-12.0, 24.0 * 30, 40)
            got = view.expected_departures_h(route, ready)
            one = [view._departure_one(route, float(t)) for t in ready]
            want = [_walk(model, route, float(t)) for t in ready]
            ahead = view.goods_ahead(route, ready)
        inside = ~np.isnan(want)
        assert np.array_equal(got[inside], np.array(want)[inside]), f"route {route}"
        assert np.array_equal(got, np.array(one)), f"route {route}"
        booked_ahead += int((ahead > view._slots_ahead(route)).sum())
    assert booked_ahead, "no order had goods booked ahead of it: the test checks nothing new"


def test_goods_booked_earlier_and_ready_first_delay_an_order() -> None:
    """Three trainloads booked now and ready tomorrow go before an order whose goods are
    ready in three days: the order is expected to leave later than without them; the same
    goods ready after the order's goods change nothing for it."""
    model = _model_at(24.0 * 30 + 10.0)
    view = model.view
    lg = model.logistics
    route = next(r.index for r in lg.routes if r.mode == "rail")
    fw = lg.routes[route].forwarder
    now = float(lg.env.now)
    ready = np.array([now + 72.0])
    with view.snapshot():
        before = view.expected_departures_h(route, ready)[0]
    n = 3 * lg.routes[route].capacity
    fw.receive(np.full(n, now + 24.0), np.arange(10**7, 10**7 + n), np.ones(n), np.full(n, np.nan))
    with view.snapshot():
        after = view.expected_departures_h(route, ready)[0]
        later = view.expected_departures_h(route, np.array([now + 12.0]))[0]
    assert after > before
    fw.receive(np.full(n, now + 200.0), np.arange(2 * 10**7, 2 * 10**7 + n), np.ones(n),
               np.full(n, np.nan))  # fmt: skip
    with view.snapshot():
        assert view.expected_departures_h(route, ready)[0] == after
        assert view.expected_departures_h(route, np.array([now + 12.0]))[0] == later


def test_one_order_at_a_time_reads_the_same_backlog() -> None:
    """The per-actor reference's walk (:meth:`expected_arrival_at_h`) and the batched path
    count the same slots ahead."""
    model = _model_at(24.0 * 40 + 15.25, ["buyers.visits_per_day=2400"])
    view = model.view
    rng = np.random.default_rng(7)
    now = float(model.logistics.env.now)
    for route in range(len(model.logistics.routes)):
        ready = now + rng.uniform(0.0, 24.0 * 20, 20)
        with view.snapshot():
            many = view.goods_ahead(route, ready)
            arrivals = view.expected_arrivals_h(route, 0, ready)
        for t, a, e in zip(ready.tolist(), many.tolist(), arrivals.tolist(), strict=True):
            with view.snapshot():
                assert view.goods_ahead_one(route, t) == a
                assert view.expected_arrival_at_h(route, 0, t) == e


def test_departures_that_leave_before_the_goods_are_ready_cannot_carry_them() -> None:
    """Daily departures with room for a thousand slots; four thousand slots of goods booked
    ready just before an order's goods: the departures that leave before the wave are ready
    go with what is ready for them, and the wave fills the four after it. The order's goods,
    behind the wave, leave on the fifth after its own ready time (counting the room of the
    earlier departures as if the wave could use it sent them on the first)."""
    model = _model_at(24.0 * 30 + 10.0)
    view = model.view
    lg = model.logistics
    route, cuts = wave_of_goods(model)
    ready = cuts[4] + 8.0  # after the wave, before the fifth cut-off
    with view.snapshot():
        dep = view.expected_departures_h(route, np.array([ready]))[0]
        one = view._departure_one(route, ready)
    assert dep == one == _walk(model, route, ready)
    assert dep == cuts[9] + lg.cutoff_h  # the wave on the 5th to 8th, the order on the 9th
