from datetime import date

import numpy as np
import pytest

import sim.actors.merchants as market_module
from sim.actors.merchants import Market
from sim.world.calendar import MarketCalendar
from sim.world.inputs import validate_data


def _market(tiny, **cat):
    tiny["market"]["categories"] = [
        {
            "name": "only",
            "share": 1.0,
            "stock_teu": 1.0,
            "max_stock_teu": 2.0,
            "production_teu_per_day": 0.5,
            "production_lead_days": 3,
            "handling_h": {"dist": "constant", "value": 10},
            **cat,
        }
    ]
    tiny["start"] = "2026-01-01"
    tiny["days"] = 90
    sc = validate_data(tiny, "test")
    cal = MarketCalendar(sc)
    return Market(sc, cal, np.random.default_rng(0)), cal


def test_merchant_counts_follow_shares_and_scale(tiny):
    sc = validate_data(tiny, "test")
    m = Market(sc, MarketCalendar(sc), np.random.default_rng(0))
    assert m.n_merchants == 100  # 2000 x scale 0.05
    assert [c.n_merchants for c in m.categories] == [50, 50]


def test_order_from_stock_is_ready_after_handling(tiny):
    m, _ = _market(tiny)
    ready, back = m.fulfil(0, 0, 0.6, 0.0)
    assert (ready, back) == (10.0, False)
    assert m.level[0] == pytest.approx(0.4)
    m.fulfil(0, 0, 0.0, 48.0)  # two days of production at 0.5 TEU/day
    assert m.level[0] == pytest.approx(1.4)


def test_backorder_waits_for_production_and_lead_time(tiny):
    m, _ = _market(tiny)
    m.fulfil(0, 0, 0.6, 0.0)  # level 0.4
    ready, back = m.fulfil(0, 0, 1.4, 0.0)  # level -1.0
    assert back
    # backlog 1.0 TEU at 0.5 TEU/day = 48 h, shorter than the 72 h lead time; then handling
    assert ready == pytest.approx(72 + 10)
    ready2, _ = m.fulfil(0, 0, 1.0, 0.0)  # backlog 2.0 TEU -> 96 h of production
    assert ready2 == pytest.approx(96 + 10)


def test_production_refills_up_to_the_cap(tiny):
    m, _ = _market(tiny)
    m.fulfil(0, 0, 1.0, 0.0)  # level 0
    m.fulfil(0, 0, 0.0, 24.0)  # one day later: +0.5
    assert m.level[0] == pytest.approx(0.5)
    m.fulfil(0, 0, 0.0, 24.0 * 30)
    assert m.level[0] == pytest.approx(2.0)  # capped


def test_no_production_or_handling_while_the_market_is_closed(tiny):
    m, cal = _market(tiny)
    closed = cal.hour_of(date(2026, 2, 20))
    ready, back = m.fulfil(0, 0, 0.1, closed)
    assert not back
    assert ready == cal.hour_of(date(2026, 2, 28)) + 10


def _random_orders(m, n, seed):
    rng = np.random.default_rng(seed)
    placed = np.sort(rng.uniform(0, 24 * 80, n))
    merchant = rng.integers(0, m.n_merchants, n)
    category = np.zeros(n, np.int64)
    teu = rng.exponential(0.4, n)
    return category, merchant, teu, placed, m.calendar.open_hours_until_many(placed)


@pytest.mark.parametrize("n", [1, 40, 3000])
def test_merchants_in_parallel_give_the_same_numbers_as_one_order_at_a_time(tiny, n, monkeypatch):
    a, _ = _market(tiny, handling_h={"dist": "exponential", "mean": 5})
    b, _ = _market(tiny, handling_h={"dist": "exponential", "mean": 5})
    cat, merchant, teu, _, open_h = _random_orders(a, n, seed=n)
    monkeypatch.setattr(market_module, "STEP_COST_IN_ORDERS", 0)  # always step by merchant
    by_step = a._take(cat, merchant, teu, open_h)
    one_by_one = b._take_in_turn(cat, merchant, teu, open_h)
    assert np.array_equal(by_step, one_by_one)  # bit for bit, not approximately
    assert np.array_equal(a.level, b.level) and np.array_equal(a.last_open_h, b.last_open_h)


def test_a_batch_answers_as_its_orders_would_one_by_one(tiny):
    a, _ = _market(tiny)
    b, _ = _market(tiny)
    cat, merchant, teu, placed, open_h = _random_orders(a, 500, seed=7)
    work = np.full(500, 10.0)
    ready, back = a.fulfil_batch(cat, merchant, teu, placed, open_h, work)
    singles = [b.fulfil(0, int(m), float(q), float(t)) for m, q, t in zip(merchant, teu, placed)]
    assert ready.tolist() == [r for r, _ in singles]
    assert back.tolist() == [k for _, k in singles]
    assert a.backorders == b.backorders == int(back.sum()) > 0


def test_backorders_stay_first_come_first_served_when_overtime_changes_the_clock(tiny):
    from sim.policies.production import ProductionClock

    m, cal = _market(tiny, stock_teu=0.0, production_lead_days=0)
    m.production = ProductionClock(np.ones(cal.n_days))
    ready1, back1 = m.fulfil(0, 0, 2.0, 0.0)  # 4 days of output owed
    m.production.set_factor(1, 4.0)  # overtime from day 1, decided after the first quote
    ready2, back2 = m.fulfil(0, 0, 0.1, 30.0)
    assert back1 and back2
    assert ready2 >= ready1


def test_a_batch_of_merchants_with_one_order_each_is_one_step(tiny, monkeypatch):
    a, _ = _market(tiny, handling_h={"dist": "exponential", "mean": 5})
    b, _ = _market(tiny, handling_h={"dist": "exponential", "mean": 5})
    cat, _, teu, _, open_h = _random_orders(a, 60, seed=3)
    merchant = np.random.default_rng(3).permutation(a.n_merchants)[:60]  # all different
    assert a._steps(merchant) == ([60], None)
    monkeypatch.setattr(market_module, "STEP_COST_IN_ORDERS", 0)
    assert np.array_equal(
        a._take(cat, merchant, teu, open_h), b._take_in_turn(cat, merchant, teu, open_h)
    )
    assert np.array_equal(a.level, b.level) and np.array_equal(a.last_open_h, b.last_open_h)


def test_steps_take_each_merchants_orders_in_time_order():
    merchant = np.array([5, 3, 5, 7, 3, 5, 9])
    steps, by_step = Market._steps(merchant)
    assert steps == [4, 2, 1]  # 5, 3, 7, 9 first; then 5 and 3 again; 5 a third time
    ranks = np.repeat(np.arange(len(steps)), steps)
    for m in (3, 5):
        mine = by_step[merchant[by_step] == m]
        assert mine.tolist() == sorted(mine.tolist())  # in time order
        assert ranks[merchant[by_step] == m].tolist() == list(range(mine.size))


def test_handling_draws_go_to_each_categorys_orders_in_batch_order(tiny):
    tiny["market"]["categories"][0]["handling_h"] = {"dist": "exponential", "mean": 5}
    tiny["market"]["categories"][1]["handling_h"] = {"dist": "lognormal", "mean": 30, "cv": 0.5}
    sc = validate_data(tiny, "test")
    m = Market(sc, MarketCalendar(sc), np.random.default_rng(11))
    category = np.random.default_rng(12).integers(0, 2, 500)
    got = m.draw_handling(category)
    rng = np.random.default_rng(11)  # one draw per category, in category order, as masks
    want = np.empty(500)
    for c in m.categories:
        mask = category == c.index
        want[mask] = c.spec.handling_h.sample(rng, int(mask.sum()))
    assert np.array_equal(got, want)


@pytest.mark.parametrize("seed", range(6))
def test_steps_by_a_count_over_the_market_are_those_by_a_sort(seed, monkeypatch):
    """A large batch finds its merchants with several orders by a count over the market, a
    small one by a sort: the same steps and the same order either way."""
    rng = np.random.default_rng(seed)
    n_merchants = int(rng.integers(50, 5000))
    merchant = rng.integers(0, n_merchants, int(rng.integers(1, 3000)))
    if seed == 0:
        merchant = rng.permutation(n_merchants)[: min(200, n_merchants)]  # none repeated
    by_sort = Market._steps(merchant)  # a market of unknown size: sorted
    monkeypatch.setattr(market_module, "MERCHANTS_PER_SORTED_ORDER", 10**9)  # always counted
    by_count = Market._steps(merchant, n_merchants)
    assert by_count[0] == by_sort[0]
    if by_sort[1] is None:
        assert by_count[1] is None
    else:
        assert np.array_equal(by_count[1], by_sort[1])
