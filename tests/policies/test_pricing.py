"""Prices that answer back: live quotes move with the state, a cost-aware policy reads them,
and each order pays what it was quoted when it was booked."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from sim.model import Model
from sim.policies.pricing import make_pricing
from sim.scenario.schema import Pricing
from sim.world.inputs import load_scenario, validate_data
from tests.conftest import ROOT

COST = np.array([[3000.0], [2000.0]])  # route 0 rail, route 1 sea; one destination


class View:
    def __init__(self, wait_h=0.0, sea_delay_h=0.0, booked_out=False):
        self.now = 100.0
        self.wait_h, self.delay_h, self.full = wait_h, sea_delay_h, booked_out

    def expected_wait_h(self, node, at_h):
        return self.wait_h

    def route_crossings(self, route):
        return ["MAL"]

    def sea_delay_h(self, route, at_h):
        return self.delay_h

    def booked_out(self, route):
        return self.full


def _pricing(rule="live", **kw):
    return make_pricing(
        Pricing(rule=rule, **kw), COST, np.array([0.0, 1250.0]), np.array([True, False]),
        175.0, 72.0,
    )  # fmt: skip


def test_fixed_rates_never_move():
    p = _pricing("fixed")
    assert p.quote(0, 0, View(wait_h=500, booked_out=True)) == 3000.0
    assert p.quote(1, 0, View(sea_delay_h=300)) == 2000.0


def test_live_rail_quote_adds_the_surcharge_and_the_booked_out_premium():
    p = _pricing(rail_premium_share=0.1)
    assert p.quote(0, 0, View()) == 3000.0
    assert p.quote(0, 0, View(wait_h=71.9)) == 3000.0
    assert p.quote(0, 0, View(wait_h=72.0)) == 3175.0
    assert p.quote(0, 0, View(booked_out=True)) == pytest.approx(3300.0)


def test_live_sea_quote_rises_with_an_announced_longer_passage():
    p = _pricing(sea_rate_per_extra_day=0.25)
    assert p.quote(1, 0, View()) == 2000.0
    # twelve days round the Cape: the sea freight (1,250 of the 2,000) times 1 + 0.25 x 12
    assert p.quote(1, 0, View(sea_delay_h=12 * 24.0)) == pytest.approx(2000.0 + 1250 * 3.0)


class _SailingView(View):
    """A view whose sea passage is 12 days longer for ships leaving from hour 500 (announced),
    and whose goods sail 100 hours after they are ready."""

    def sea_delay_known(self, route):
        return True

    def sea_delay_h(self, route, at_h):
        return 12 * 24.0 if at_h >= 500.0 else 0.0

    def expected_sailing_h(self, route, ready_h):
        return ready_h + 100.0

    def expected_sailings_h(self, route, ready_h):
        return np.asarray(ready_h) + 100.0


def test_a_live_sea_quote_prices_the_sailing_the_goods_will_take():
    """Booked now (hour 100, a ship leaving now takes the usual passage), goods ready at hour
    450 sail at 550, round the Cape: their quote carries the longer passage; goods ready at
    hour 300 sail at 400 and are quoted the usual rate, one by one and several at once."""
    p = _pricing(sea_rate_per_extra_day=0.25)
    view = _SailingView()
    assert p.quote(1, 0, view) == 2000.0  # a ship leaving now
    assert p.quote_ready(1, 0, 300.0, view) == 2000.0
    assert p.quote_ready(1, 0, 450.0, view) == pytest.approx(2000.0 + 1250 * 3.0)
    now = np.array([3000.0, 2000.0, 2000.0, 2000.0])  # a rail order, then three by sea
    many = p.quotes_ready(
        np.array([0, 1, 1, 1]), np.zeros(4, dtype=int), np.array([450.0, 300.0, 450.0, 300.0]),
        now, view,
    )  # fmt: skip
    assert many.tolist() == [3000.0, 2000.0, p.quote_ready(1, 0, 450.0, view), 2000.0]
    assert now.tolist() == [3000.0, 2000.0, 2000.0, 2000.0]  # the quotes now are not written
    assert p.quote_ready(0, 0, 450.0, view) is None  # rail: the route's quote now
    assert _pricing("fixed").quote_ready(1, 0, 450.0, view) is None


def _madrid(pricing: str) -> dict:
    raw = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").model_dump(mode="json")
    start = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").start
    raw["days"] = 60
    raw["buyers"]["destinations"] = {"MAD": 1.0}
    raw["online"]["destinations"] = None
    raw["logistics"]["only_lines"] = ["L01", "S01"]
    raw["logistics"]["lines"] = {"L01": {"trains_per_week": 14}}
    raw["logistics"]["mode_choice"] = {"rule": "live", "rail_share": 0.5, "safety_margin_h": 0}
    # rail a little cheaper than sea to Madrid (sea 1,250 + inland 450 + the truck from
    # Rotterdam), and deadlines that both routes meet even behind a closure
    raw["logistics"]["costs"] = {"rail_usd_per_teu": 3800}
    raw["logistics"]["pricing"] = {"rule": pricing}
    for c in raw["market"]["categories"]:
        c["deadline"] = {"kind": "days_after_order", "days": 90}
    # closed from day 30 to 45, told on day 18: the trains of orders of days 18 to 25 reach
    # Malaszewicze (about ten days from Yiwu) while it is closed
    raw["disruptions"] = [
        {"target": "node", "id": "MAL", "start": str(start + timedelta(days=30)),
         "end": str(start + timedelta(days=45)), "servers_factor": 0.0,
         "announced": str(start + timedelta(days=18))}
    ]  # fmt: skip
    return raw


def test_a_moving_price_is_seen_by_live_routing_and_charged_to_the_order():
    fixed = Model(validate_data(_madrid("fixed"), "t"), seed=3).run().tables["orders"]
    live = Model(validate_data(_madrid("live"), "t"), seed=3).run().tables["orders"]
    placed = live["placed_h"]
    # booked once the closure is told, for trains that will reach the crossing while closed
    during = (placed >= 18 * 24.0) & (placed < 26 * 24.0)
    before = placed < 17 * 24.0
    rail_f = np.asarray(fixed["mode"]) == "rail"
    rail_l = np.asarray(live["mode"]) == "rail"
    # fixed rates: rail stays the cheaper route through the closure
    assert rail_f[during].mean() > 0.95
    # live rates: before the closure rail quotes its base and is taken ...
    assert rail_l[before].mean() > 0.95
    assert np.allclose(live["quoted_usd_per_teu"][before & rail_l], 3800.0)
    # ... while its trains would wait the closure the surcharge makes rail dearer: sea is taken
    assert rail_l[during].mean() < 0.05
    # and every order pays what it was quoted when booked
    assert np.allclose(live["cost_usd"], live["teu"] * live["quoted_usd_per_teu"], rtol=1e-6)


class _RouteView(View):
    """A view whose routes differ: each rail route its own crossing wait and booking."""

    def __init__(self, waits, full, delay_h):
        super().__init__(sea_delay_h=delay_h)
        self.waits, self.fulls = waits, full

    def route_crossings(self, route):
        return [f"X{route}"]

    def expected_wait_h(self, node, at_h):
        return self.waits[int(node[1:])]

    def booked_out(self, route):
        return self.fulls[route]


@pytest.mark.parametrize("rule", ["live", "fixed"])
@pytest.mark.parametrize("seed", range(5))
def test_quotes_of_several_routes_at_once_are_each_routes_quotes(rule, seed):
    """The table a slice reads (one call for the routes not quoted yet) holds, bit for bit,
    each route's own quotes: surcharges, premiums and sea extras on random rates."""
    rng = np.random.default_rng(seed)
    n_routes, n_dest = 7, 5
    cost = rng.uniform(500, 5000, (n_routes, n_dest))
    rail = rng.random(n_routes) < 0.6
    sea_usd = np.where(rail, 0.0, rng.uniform(500, 2000, n_routes))
    p = make_pricing(
        Pricing(rule=rule, rail_premium_share=float(rng.uniform(0, 0.3)),
                sea_rate_per_extra_day=float(rng.uniform(0, 0.3))),
        cost, sea_usd, rail, float(rng.uniform(50, 300)), 72.0,
    )  # fmt: skip
    view = _RouteView(rng.uniform(0, 150, n_routes), rng.random(n_routes) < 0.5,
                      float(rng.uniform(0, 400)))  # fmt: skip
    routes = rng.permutation(n_routes)[:5].tolist()
    table = p.quotes_many(routes, view)
    assert len(table) == len(routes)
    for i, r in enumerate(routes):
        assert np.array_equal(table[i], p.quotes(r, view)), (r, rule)
        assert [p.quote(r, d, view) for d in range(n_dest)] == table[i].tolist()


def test_a_routes_quotes_kept_for_its_terms_follow_the_terms_as_they_change():
    """One policy asked slice after slice while waits, bookings and the sea's delay move:
    each route's row (kept for the terms it was worked out for) is bit for bit the route's
    quotes worked out afresh, and a row handed out earlier is never written."""
    rng = np.random.default_rng(3)
    n_routes, n_dest = 6, 4
    cost = rng.uniform(500, 5000, (n_routes, n_dest))
    rail = np.array([True, True, True, True, False, False])
    sea_usd = np.where(rail, 0.0, rng.uniform(500, 2000, n_routes))
    p = make_pricing(
        Pricing(rule="live", rail_premium_share=0.15, sea_rate_per_extra_day=0.1),
        cost, sea_usd, rail, 150.0, 72.0,
    )  # fmt: skip
    handed = []
    for _ in range(60):
        view = _RouteView(rng.choice([10.0, 100.0], n_routes), rng.random(n_routes) < 0.4,
                          float(rng.choice([0.0, 96.0, 240.0])))  # fmt: skip
        routes = rng.permutation(n_routes)[:4].tolist()
        for r, row in zip(routes, p.quotes_many(routes, view), strict=True):
            assert np.array_equal(row, p.quotes(r, view)), r
            handed.append((row, row.copy()))
    assert all(np.array_equal(row, then) for row, then in handed)
    assert len({id(row) for row, _ in handed}) < len(handed)  # rows were kept and reused


def test_a_subclass_that_sets_its_own_rate_is_asked_for_every_route():
    """A user's policy deriving from the built-in rules and overriding ``quote`` (fixed) or
    ``quotes`` (live) is asked, not bypassed, when the live state quotes a slice's routes."""
    from sim.policies.pricing import FixedRates, LiveRates

    class Doubled(FixedRates):
        def quote(self, route, dest, view):
            return 2.0 * float(self.cost_usd[route, dest])

    class Flat(LiveRates):
        def quotes(self, route, view):
            return np.full(self.cost_usd.shape[1], 99.0)

    base = _pricing("fixed")
    args = (base.spec, COST, base.sea_usd, base.is_rail, 175.0, 72.0)
    assert [r.tolist() for r in Doubled(*args).quotes_many([0, 1], View())] == [[6000.0], [4000.0]]
    assert Doubled(*args).quotes(1, View()).tolist() == [4000.0]
    assert [r.tolist() for r in Flat(*args).quotes_many([0, 1], View())] == [[99.0], [99.0]]


@pytest.mark.parametrize("engine", ["batched", "per_actor"])
def test_the_congestion_surcharge_is_judged_for_the_orders_own_train(engine):
    """Małaszewicze closed from 6 October to 10 November, announced on 2 October at 13:00: an
    order booked between the two rides a train that will wait the closure, but the surcharge
    was judged for a train at the crossing now (open, no queue): none of the 17 Madrid orders
    of those days paid it, though their trains were held 481-544 h. It is now judged for each
    order's own train when it gets there (a closure announced by now and not over), in both
    engines; before the announcement nothing is known, and nothing is charged."""
    closed = ("disruptions=[{target: node, id: MAL, start: 2025-10-06, end: 2025-11-10, "
              "announced: '2025-10-02T13:00', servers_factor: 0}]")  # fmt: skip
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml",
                       ["days=12", f"engine={engine}", "logistics.pricing.rule=live",
                        "logistics.pricing.rail_premium_share=0", closed])  # fmt: skip
    o = Model(sc).run().tables["orders"]
    madrid = np.asarray(o["line"]) == "L01"
    rate = o["quoted_usd_per_teu"]
    told = madrid & (o["placed_h"] >= 37.0) & (o["placed_h"] < 120.0)
    assert told.sum() >= 10
    assert np.all(rate[told] > 3250.0), rate[told]  # the surcharge on every one of them
    before = madrid & (o["placed_h"] < 37.0)
    assert before.sum() > 0 and np.all(rate[before] == rate[before].min())


def test_a_pricing_class_of_ones_own_is_charged_alike_by_both_engines():
    """A class that defines only the one-order ``quote_ready`` was asked it by the per-actor
    engine and ignored by the batched one (1,060 against 3,250); a ``live`` subclass with a fee
    of its own lost it while a closure was told (charged the built-in sums). The batched
    default asks ``quote_ready`` order by order, and a subclass's own rate stays its own."""
    from sim.policies.pricing import FixedRates, LiveRates

    class Cheap(FixedRates):
        def quote_ready(self, route, dest, ready_h, view):
            return 1060.0 if ready_h > 200.0 else None

    cheap = Cheap(Pricing(rule="fixed"), COST, np.array([0.0, 1250.0]), np.array([True, False]),
                  175.0, 72.0)  # fmt: skip
    view = View()
    got = cheap.quotes_ready(np.array([0, 0, -1]), np.zeros(3, dtype=int),
                             np.array([100.0, 300.0, 300.0]), np.array([3000.0, 3000.0, np.nan]),
                             view)  # fmt: skip
    assert got[:2].tolist() == [3000.0, cheap.quote_ready(0, 0, 300.0, view)] and np.isnan(got[2])

    class Fee(LiveRates):
        def quote(self, route, dest, view):
            return super().quote(route, dest, view) + 50.0

    fee = Fee(Pricing(rule="live"), COST, np.array([0.0, 1250.0]), np.array([True, False]),
              175.0, 72.0)  # fmt: skip
    closing = View()
    closing.crossing_waits_vary = lambda route: True  # a closure told on every line
    closing.varying_wait_routes = lambda: [0]
    assert fee.quote_ready(0, 0, 300.0, closing) is None  # its rate now: base and fee
    now = np.array([3050.0])
    assert fee.quotes_ready(np.array([0]), np.zeros(1, dtype=int), np.array([300.0]), now,
                            closing).tolist() == [3050.0]  # fmt: skip


def test_a_quote_for_goods_by_no_route_is_none():
    """Route -1 (the routing options' "no route") read the last route's rate; it is NaN, as the
    batched quotes for goods say it."""
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml",
                       ["days=10", "logistics.pricing.rule=live"])  # fmt: skip
    model = Model(sc)
    model.build().run(until=48.0)
    assert np.isnan(model.view.quote_for_goods_usd_per_teu(-1, 0, 60.0))
    assert model.view.quote_for_goods_usd_per_teu(0, 0, 60.0) > 0
