import math

import numpy as np
import pytest

from sim.model import Model
from sim.world.inputs import validate_data


def _run(tiny):
    return Model(validate_data(tiny, "test")).run()


def test_buyer_arrivals_follow_the_daily_rate(tiny):
    tiny["days"] = 60
    tiny["buyers"]["in_scope_share"] = 1.0
    r = _run(tiny)
    arrivals = r.tables["buyers"]["arrival_h"]
    expected = 400 * 0.05 * 60  # visits x scale x days
    assert abs(arrivals.size - expected) < 4 * math.sqrt(expected)
    hours = arrivals % 24
    assert hours.min() >= 9.0 and hours.max() <= 17.5  # opening hours


def test_no_buyers_while_the_market_is_closed(tiny):
    tiny.update(start="2026-02-01", days=40)
    r = _run(tiny)
    days = np.floor(r.tables["buyers"]["arrival_h"] / 24).astype(int)
    closed = set(range(13, 27))  # 14 Feb (lunar 12/27) .. 27 Feb 2026
    assert not closed & set(days.tolist())
    assert r.tables["buyers"]["arrival_h"].size > 0


def test_online_orders_also_arrive_while_closed_and_wait_for_reopening(tiny):
    tiny.update(start="2026-02-01", days=40)
    tiny["buyers"]["visits_per_day"] = 0
    tiny["online"] = {"orders_per_day": 400}
    o = _run(tiny).tables["orders"]
    placed_day = np.floor(o["placed_h"] / 24)
    during = (placed_day >= 13) & (placed_day <= 26)
    assert during.any()
    assert (o["ready_h"][during] >= 27 * 24).all()  # ready only after reopening on 28 Feb
    assert set(o["channel"].tolist()) == {"online"}


def test_festival_goods_carry_the_festival_as_deadline(tiny):
    o = _run(tiny).tables["orders"]
    fest = o["category"] == "festival"
    festival_h = (np.datetime64("2026-02-17") - np.datetime64("2025-09-01")).astype(int) * 24
    assert (o["deadline_h"][fest] == festival_h).all()
    assert np.isnan(o["deadline_h"][~fest]).all()


def test_a_visit_ships_to_one_destination_and_orders_follow_the_mix(tiny):
    tiny["days"] = 60
    o = _run(tiny).tables["orders"]
    share_ala = (o["destination"] == "ALA").mean()
    assert share_ala == pytest.approx(0.6, abs=0.06)


# ------------------------------------------------- the day's draws and sorts, bit for bit


def test_one_sort_of_carried_and_fresh_orders_is_the_two_sorts():
    from sim.actors._demand_kernels import time_order as _time_order
    from sim.actors.booking import DayOrders

    rng = np.random.default_rng(7)

    def orders(t, visit0):
        n = t.size
        return DayOrders(t, rng.integers(0, 5, n), rng.random(n), visit0 + np.arange(n))

    carried = orders(np.sort(np.round(rng.uniform(24, 30, 400), 1)), 0)
    fresh = orders(np.round(rng.uniform(24, 48, 3000), 1), 1000)  # ties with the carried
    by_day = fresh.take(np.argsort(fresh.placed_h, kind="stable"))
    two = DayOrders.join(carried, by_day)
    two = two.take(np.argsort(two.placed_h, kind="stable"))
    one = DayOrders.join(carried, fresh)
    one = one.take(_time_order(one.placed_h))
    assert np.array_equal(one.visit, two.visit)
