"""Merchants' workshops as processes (the per-actor reference): they work on open days, stop
over the festival closure, and the stock they feed is what the batched engine's formula gives,
to the last bit."""

import copy

import numpy as np
import pytest
import simpy

from sim.actors.merchants import Market
from sim.actors.workshops import Workshop, open_stretches, open_workshops, workshop
from sim.model import Model
from sim.world.calendar import MarketCalendar
from sim.world.inputs import validate_data
from tests.test_closed_loop import _tables_equal


def _world(tiny, **cat):
    """90 days from 2026-01-01: the 2026 Spring Festival (17 February) closure inside."""
    tiny["market"]["categories"] = [
        {
            "name": "only",
            "share": 1.0,
            "stock_teu": 1.0,
            "max_stock_teu": 2.0,
            "production_teu_per_day": 0.37,
            "production_lead_days": 3,
            "handling_h": {"dist": "constant", "value": 10},
            **cat,
        }
    ]
    tiny["start"] = "2026-01-01"
    tiny["days"] = 90
    sc = validate_data(tiny, "test")
    return sc, MarketCalendar(sc)


def test_the_calendar_has_one_closure_in_the_test_world(tiny):
    _, cal = _world(tiny)
    stretches = open_stretches(cal, 90 * 24.0)
    assert len(stretches) == 2  # open, festival closure, open again
    (a, closes), (reopens, _) = stretches
    assert a == 0 and 40 < closes < reopens < 70
    assert not any(cal.open_day[closes:reopens]) and all(cal.open_day[a:closes])


def test_a_workshop_process_works_open_days_and_stops_over_the_closure(tiny):
    _, cal = _world(tiny)
    env = simpy.Environment()
    shop = Workshop(0)
    env.process(workshop(env, shop, open_stretches(cal, 90 * 24.0)))
    (_, closes), (reopens, _) = open_stretches(cal, 90 * 24.0)
    seen = []
    for t in [0.5, 5.5, 24.0 * closes - 0.25, 24.0 * closes + 30.0, 24.0 * reopens + 7.75]:
        env.run(until=t)
        seen.append((shop.working, shop.hours_worked(env.now)))
    assert [w for w, _ in seen] == [True, True, True, False, True]
    # the hours stand still while the market is closed: the workers are away
    assert seen[3][1] == 24.0 * closes
    assert seen[2][1] == 24.0 * closes - 0.25
    assert seen[4][1] == 24.0 * closes + 7.75


def test_hours_worked_are_the_calendars_open_hours_to_the_last_bit(tiny):
    _, cal = _world(tiny)
    env = simpy.Environment()
    (shop,) = open_workshops(env, cal, 1, 90 * 24.0)
    times = np.sort(np.random.default_rng(3).uniform(0, 90 * 24.0, 400))
    times = np.concatenate((times, 24.0 * np.arange(1, 90)))  # and every midnight
    for t in np.sort(times).tolist():
        env.run(until=t)
        assert shop.hours_worked(t) == cal.open_hours_until_one(t), t


def _orders(cal, n=300, seed=5):
    """Orders of one merchant over the 90 days, placed only while the market is open."""
    rng = np.random.default_rng(seed)
    t = np.sort(rng.uniform(0, 90 * 24.0, n))
    t = t[[cal.is_open(x) for x in t.tolist()]]
    teu = rng.choice([0.05, 0.2, 0.5, 1.3], t.size)
    hand = rng.uniform(2.0, 40.0, t.size)
    return t, teu, hand


def test_the_stock_the_workshop_feeds_is_the_batched_formula_over_a_festival_closure(tiny):
    sc, cal = _world(tiny)
    t, teu, hand = _orders(cal)
    # the batched engine: the day's orders at once, production read off the calendar
    batched = Market(sc, cal, np.random.default_rng(0))
    m0 = np.zeros(t.size, dtype=np.int64)
    ready_b, back_b = batched.fulfil_batch(m0, m0, teu, t, cal.open_hours_until_many(t), hand)
    level_b = batched.level.copy()
    # the reference: the merchant's workshop a process, orders one by one as the clock
    # reaches them (what the merchant is told as open hours is ignored: it asks its workshop)
    env = simpy.Environment()
    ref = Market(sc, cal, np.random.default_rng(0))
    ref.workshops = open_workshops(env, cal, ref.n_merchants, 90 * 24.0)
    got = []
    for i, ti in enumerate(t.tolist()):
        env.run(until=ti)
        got.append(ref.fulfil_one(0, 0, float(teu[i]), ti, -1e9, float(hand[i])))
    ready_r = np.array([r for r, _ in got])
    back_r = np.array([b for _, b in got])
    assert back_b.any() and (~back_b).any()  # both stock and backorders
    (_, closes), _ = open_stretches(cal, 90 * 24.0)
    waits = (ready_b > 24.0 * closes) & (t < 24.0 * closes)
    assert waits.any()  # some goods wait out the closure
    assert np.array_equal(ready_r, ready_b) and np.array_equal(back_r, back_b)
    assert np.array_equal(ref.level, level_b)


def test_without_its_process_the_workshop_makes_nothing(tiny):
    """The stock really reads the process: a workshop whose process never ran made nothing,
    so the merchant is short where the batched formula had stock."""
    sc, cal = _world(tiny, stock_teu=0.0)
    ref = Market(sc, cal, np.random.default_rng(0))
    ref.workshops = [Workshop(m) for m in range(ref.n_merchants)]  # no process started
    _, back = ref.fulfil_one(0, 0, 0.3, 24.0 * 10, cal.open_hours_until_one(240.0), 1.0)
    batched = Market(sc, cal, np.random.default_rng(0))
    _, back_b = batched.fulfil_one(0, 0, 0.3, 24.0 * 10, cal.open_hours_until_one(240.0), 1.0)
    assert back and not back_b


def test_the_per_actor_engine_runs_one_workshop_process_per_merchant(tiny):
    tiny["days"] = 20
    tiny["engine"] = "per_actor"
    model = Model(validate_data(tiny, "t"))
    model.build()
    assert model.desk is not None
    shops = model.desk.market.workshops
    assert shops is not None and len(shops) == model.desk.market.n_merchants
    tiny["engine"] = "batched"
    batched = Model(validate_data(tiny, "t"))
    batched.build()
    assert batched.desk is not None and batched.desk.market.workshops is None


def test_with_a_production_plan_the_hours_are_the_production_clocks_to_the_last_bit(tiny):
    from sim.policies.production import ProductionClock, RampAfterClosure
    from sim.scenario import Production

    _, cal = _world(tiny)
    open_day = np.asarray(cal.open_day, dtype=bool)
    plan = RampAfterClosure(Production(rule="ramp", restart_share=0.3, ramp_days=7))
    clock = ProductionClock(plan.daily_output(open_day))
    env = simpy.Environment()
    (shop,) = open_workshops(env, cal, 1, 90 * 24.0, clock.output)
    rng = np.random.default_rng(8)
    for day in range(89):
        # the day's overtime, decided as the day starts (as the demand process does)
        clock.set_factor(day, 1.5 if day % 4 == 0 else 1.0)
        for t in np.sort(24.0 * day + rng.uniform(0, 24.0, 3)).tolist():
            env.run(until=t)
            assert shop.hours_worked(t) == clock.hours_until_many(np.array([t]))[0], t
            later = t + float(rng.uniform(0, 400))
            want = clock.time_at_hours_many(np.array([later]), np.array([t]))[0]
            assert clock.time_at_hours_one(later, t) == want


def _stocked_world(engine, production):
    """Merchants with little stock and slow workshops (most orders are backorders), over the
    2026 festival closure."""
    from tests.conftest import TINY

    t = copy.deepcopy(TINY)
    t["start"], t["days"], t["engine"] = "2026-01-01", 90, engine
    t["market"]["categories"] = [
        {"name": "festival", "share": 0.5, "stock_teu": 0.2, "max_stock_teu": 1.0,
         "production_teu_per_day": 0.02, "production_lead_days": 2},
        {"name": "everyday", "share": 0.5, "stock_teu": 0.5, "production_teu_per_day": 0.05},
    ]  # fmt: skip
    t["market"]["production"] = production
    return Model(validate_data(t, "t")).run()


@pytest.mark.parametrize(
    "production",
    [
        {"rule": "calendar"},
        {"rule": "ramp", "restart_share": 0.3, "ramp_days": 10},
        {"rule": "ramp", "overtime_share": 0.5, "overtime_backlog_days": 0.5},
    ],
    ids=["calendar", "ramp", "ramp and overtime"],
)
def test_workshop_processes_give_the_batched_engines_tables_with_any_production_plan(production):
    a = _stocked_world("batched", production)
    b = _stocked_world("per_actor", production)
    back = a.tables["orders"]["backordered"]
    assert 0.3 < back.mean() < 0.9  # the workshops' output matters
    if production.get("overtime_share"):
        assert a.summary["production"]["overtime_days"] > 10
    assert _tables_equal(a.tables, b.tables) == []
