"""Routing policies on a hand-made table of routes, with a stand-in for the live state."""

from __future__ import annotations

import numpy as np
import pytest

from sim.policies.routing import Bookings, OneBooking, RouteOptions, make_routing
from sim.scenario import ModeChoice

# destination 0: rail route 0 or sea route 1; destination 1: rail route 2 only
OPTIONS = RouteOptions(
    rail=np.array([0, 2]),
    sea=np.array([1, -1]),
    nominal_h=np.array([[400.0, 0.0], [900.0, 0.0], [0.0, 300.0]]),
    cost_usd=np.array([[3250.0, 0.0], [1700.0, 0.0], [0.0, 3250.0]]),
)


class View:
    """A live state where each (route, destination) is expected at a set hour."""

    def __init__(self, arrival: dict[tuple[int, int], float]) -> None:
        self.arrival = arrival
        self.now = 0.0

    def expected_arrival_h(self, route: int, dest: int) -> float:
        return self.arrival[(route, dest)]

    def expected_arrivals_h(self, route: int, dest: int, ready_h: np.ndarray) -> np.ndarray:
        return np.full(ready_h.size, self.arrival[(route, dest)])

    def expected_arrival_at_h(self, route: int, dest: int, ready_h: float) -> float:
        return self.arrival[(route, dest)]

    def expected_arrivals_many(self, route: int, dest: np.ndarray, ready_h: np.ndarray):
        return np.array([self.arrival[(route, int(d))] for d in dest])

    def quote_usd_per_teu(self, route: int, dest: int) -> float:
        return float(OPTIONS.cost_usd[route, dest])


def _orders(deadline: float, u: float = 0.9, dest: int = 0) -> Bookings:
    return Bookings(np.array([dest]), np.array([0.0]), np.array([deadline]), np.array([u]))


@pytest.mark.parametrize(
    ("rule", "deadline", "u", "want"),
    [
        ("share", np.nan, 0.2, 0),  # u < rail_share 0.3: rail
        ("share", np.nan, 0.9, 1),
        ("fastest", np.nan, 0.9, 0),
        ("cheapest", np.nan, 0.1, 1),
        ("deadline", 1000.0, 0.1, 1),  # sea (cheapest) meets it
        ("deadline", 500.0, 0.1, 0),  # only rail does
        ("deadline", 100.0, 0.1, 0),  # none does: the fastest
    ],
)
def test_static_rules(rule, deadline, u, want):
    policy = make_routing(ModeChoice(rule=rule, rail_share=0.3), OPTIONS)
    assert policy.choose(_orders(deadline, u), View({})).tolist() == [want]


def test_a_destination_with_one_route_always_takes_it():
    policy = make_routing(ModeChoice(rule="cheapest"), OPTIONS)
    assert policy.choose(_orders(np.nan, dest=1), View({})).tolist() == [2]


def test_live_rule_reads_the_expected_arrivals():
    policy = make_routing(ModeChoice(rule="live", safety_margin_h=0), OPTIONS)
    normal = View({(0, 0): 400.0, (1, 0): 900.0})
    closed = View({(0, 0): 1200.0, (1, 0): 900.0})  # rail backlog behind a closed crossing
    order = _orders(deadline=950.0)
    assert policy.choose(order, normal).tolist() == [1]  # sea is cheaper and in time
    tight = _orders(deadline=600.0)
    assert policy.choose(tight, normal).tolist() == [0]  # only rail makes it
    assert policy.choose(tight, closed).tolist() == [1]  # neither does: the one expected first
    # without a deadline: the drawn route unless the other is a week sooner
    drawn_rail = _orders(np.nan, u=0.1)
    assert policy.choose(drawn_rail, normal).tolist() == [0]
    late = View({(0, 0): 1100.0 + 170, (1, 0): 1100.0})
    assert policy.choose(drawn_rail, late).tolist() == [1]


def test_share_rule_on_a_batch_is_the_rule_order_by_order():
    options = RouteOptions(
        rail=np.array([0, 2, -1, -1]),  # destinations: both, rail only, sea only, none
        sea=np.array([1, -1, 3, -1]),
        nominal_h=np.zeros((4, 4)),
        cost_usd=np.zeros((4, 4)),
    )
    policy = make_routing(ModeChoice(rule="share", rail_share=0.3), options)
    rng = np.random.default_rng(1)
    dest, u = rng.integers(0, 4, 1000), rng.random(1000)
    batch = Bookings(dest, np.zeros(1000), np.full(1000, np.nan), u)
    want = [
        (r if x < 0.3 else s) if r >= 0 and s >= 0 else (r if s < 0 else s)
        for r, s, x in zip(options.rail[dest].tolist(), options.sea[dest].tolist(), u.tolist())
    ]
    assert policy.choose(batch, View({})).tolist() == want


@pytest.mark.parametrize("rule", ["share", "fastest", "cheapest", "deadline", "live"])
def test_each_rule_decides_one_order_in_plain_python_as_it_decides_a_batch(rule):
    """The per-actor reference's scalar decisions (choose_one) are the batch's, order by
    order: deadlines around both routes' times, none, and every destination kind."""
    policy = make_routing(ModeChoice(rule=rule, rail_share=0.4, safety_margin_h=10), OPTIONS)
    view = View({(0, 0): 420.0, (1, 0): 880.0, (2, 1): 310.0})
    rng = np.random.default_rng(5)
    n = 400
    dest = rng.integers(0, 2, n)
    ready = rng.uniform(0, 200, n)
    deadline = np.where(rng.random(n) < 0.2, np.nan, ready + rng.uniform(200, 1200, n))
    u = rng.random(n)
    batch = Bookings(dest, np.zeros(n), deadline, u, ready)
    want = policy.choose(batch, view).tolist()
    got = [
        policy.choose_one(OneBooking(int(d), 0.0, float(dl), float(x), float(r)), view)
        for d, dl, x, r in zip(dest, deadline, u, ready)
    ]
    assert got == want


@pytest.mark.parametrize("engine", ["batched", "per_actor"])
def test_a_users_policy_answering_a_route_that_does_not_serve_the_order_stops_in_one_line(
    engine: str,
) -> None:
    """A plug-in sending every order on route 0 (the Madrid line, whatever the destination):
    the run stops naming the key, the class and what is wrong, in both engines, rather than
    shipping Almaty's goods to Madrid or failing later with a traceback."""
    from sim.errors import SimError
    from sim.model import Model
    from sim.world.inputs import load_scenario

    sc = load_scenario(
        "scenarios/teaching_small.yaml",
        ["days=10", "warmup_days=0", f"engine={engine}",
         "logistics.mode_choice.rule=tests.policies.plugins:MadridLineForAll"],
    )  # fmt: skip
    with pytest.raises(SimError) as err:
        Model(sc).run()
    text = str(err.value)
    assert text.startswith(
        "logistics.mode_choice.rule: the routing policy 'tests.policies.plugins:MadridLineForAll'"
        " answered route 0 for an order that route does not serve"
    ), text


@pytest.mark.parametrize("engine", ["batched", "per_actor"])
def test_live_routing_compares_the_rate_the_order_will_pay_not_a_ship_leaving_now(engine):
    """Ships round the Cape from 1 November, announced on 20 October: between the two, a ship
    leaving now still goes by Suez at the normal rate, but goods booked then sail after the
    diversion starts and pay the Cape rate. Live routing compared the rate now: 134 orders went
    by sea "cheaply" and paid the Cape rate, 271,719 USD against 146,066 by rail, which met the
    festival too. It now compares what each route will charge (both engines)."""
    from sim.model import Model
    from sim.world.inputs import validate_data

    cape = {"start": "2025-11-01", "end": "2026-03-31", "announced": "2025-10-20T15:00",
            "extra_h": 288}  # fmt: skip
    data = {
        "name": "dui-cape", "start": "2025-10-01", "days": 45, "seed": 9, "scale": 0.1,
        "engine": engine,
        "market": {"categories": [{"name": "festival_goods", "share": 1.0,
                                   "deadline": {"kind": "spring_festival"}}]},
        "buyers": {"in_scope_share": 0.05, "destinations": {"DUI": 1.0}},
        "logistics": {"only_lines": ["L02", "S01", "S02"], "lines": {"L02": {"trains_per_week": 4}},
                      "mode_choice": {"rule": "live"}, "pricing": {"rule": "live"}},
        "disruptions": [{"target": "edge", "id": edge, **cape} for edge in ("NGB-RTM", "NGB-HAM")],
    }  # fmt: skip
    o = Model(validate_data(data, "t")).run().tables["orders"]
    told = (o["placed_h"] >= 19.625 * 24) & (o["placed_h"] < 31 * 24)
    by_sea = told & (np.asarray(o["mode"]) == "sea")
    cape_rate = o["quoted_usd_per_teu"] > 3250.0  # the rail rate to Duisburg
    assert told.sum() > 100
    assert not (by_sea & cape_rate).any(), int((by_sea & cape_rate).sum())
    # those whose goods sail after the diversion starts went by rail; the sea orders left
    # sail before it, at the normal rate
    assert (told & (np.asarray(o["mode"]) == "rail")).sum() > 100
    assert by_sea.sum() > 100 and np.all(o["quoted_usd_per_teu"][by_sea] < 3250.0)


def test_a_view_declared_as_a_network_view_routes_live_in_both_engines():
    """A view of one's own declared as a subclass of the protocol (for a type checker)
    inherits its empty bodies for what it leaves out, which answer None: live routing takes
    the way round them (the quotes now, one route at a time), as for a view without them."""
    from sim.policies.base import NetworkView

    class TypedView(View, NetworkView):
        now = 0.0  # (the protocol's is a property)

    policy = make_routing(ModeChoice(rule="live", safety_margin_h=0), OPTIONS)
    view = TypedView({(0, 0): 400.0, (1, 0): 900.0})
    assert policy.choose(_orders(deadline=950.0), view).tolist() == [1]
    assert policy.choose(_orders(deadline=600.0), view).tolist() == [0]
    one = OneBooking(dest=0, placed_h=0.0, deadline_h=950.0, u=0.9, ready_h=0.0)
    assert policy.choose_one(one, view) == 1
