"""The closed loop: actors are SimPy processes that decide when the clock reaches the decision,
policies read the live state, and the per-actor reference engine agrees with the batched one."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from sim.model import Model
from sim.policies.base import register
from sim.policies.routing import Bookings, RoutingPolicy, make_routing
from sim.world.inputs import load_scenario, resolve, validate_data
from tests.conftest import ROOT
from tests.worlds import LogisticsWorld


def _tables_equal(a: dict, b: dict) -> list[str]:
    diffs = []
    for name in a:
        for col in a[name]:
            x, y = a[name][col], b[name][col]
            same = x.shape == y.shape and (
                np.array_equal(x, y, equal_nan=True)
                if x.dtype.kind == "f"
                else np.array_equal(x, y)
            )
            if not same:
                diffs.append(f"{name}.{col}")
    return diffs


def test_orders_are_placed_fulfilled_and_packed_only_as_the_clock_reaches_them(tiny):
    tiny["days"] = 20
    model = Model(validate_data(tiny, "test"))
    env = model.build()
    desk, lg = model.desk, model.logistics
    assert desk.orders.n == 0 and lg.book.n == 0  # nothing decided before the clock starts
    seen_days: set[int] = set()
    while env.peek() < 20 * 24.0:
        env.step()
        now = env.now
        placed = desk.orders["placed_h"]
        # the demand process books a day's orders at the day's start, never a later day's
        assert placed.size == 0 or placed.max() < 24.0 * (math.floor(now / 24.0) + 1) + 1e-9
        seen_days.add(int(now // 24))
        closed = lg.book.cols["closed_h"]
        assert closed.size == 0 or closed.max() <= now + 1e-9  # containers close at cut-offs
        deps = lg.departures["departed_h"]
        assert deps.size == 0 or deps.max() <= now + 1e-9
    assert desk.orders.n > 0 and lg.book.n > 0
    assert len(seen_days) >= 19


def test_per_actor_reference_and_batched_engine_give_identical_tables():
    path = ROOT / "scenarios" / "teaching_small.yaml"
    overrides = ["days=60", "warmup_days=7"]
    batched = Model(load_scenario(path, overrides)).run()
    per_actor = Model(load_scenario(path, [*overrides, "engine=per_actor"])).run()
    assert per_actor.manifest["events"] > 2 * batched.manifest["events"]  # really per actor
    assert _tables_equal(batched.tables, per_actor.tables) == []


@pytest.mark.parametrize(
    "overrides",
    [
        ["days=170"],  # the workshops stop for the 2026 festival closure and start again
        [
            "days=90",
            "logistics.train_routing=avoid_closed",
            "logistics.dispatch.rule=demand",
            "market.production.rule=ramp",
            "disruptions=[{target: node, id: MAL, start: 2025-11-10, end: 2025-11-24, "
            "servers_factor: 0.0, announced: 2025-11-05}]",
        ],
    ],
    ids=["festival", "closure, detours, demand-driven trains, ramp"],
)
def test_per_actor_reference_is_identical_over_the_festival_and_around_a_closure(overrides):
    """Workshops, cut-offs and trains as processes of their own: with static routing the
    tables are the batched engine's, bit for bit, through a festival closure and a border
    closure that sends trains round it."""
    path = ROOT / "scenarios" / "teaching_small.yaml"
    batched = Model(load_scenario(path, overrides)).run()
    per_actor = Model(load_scenario(path, [*overrides, "engine=per_actor"])).run()
    assert _tables_equal(batched.tables, per_actor.tables) == []
    if len(overrides) > 1:
        assert per_actor.tables["departures"]["rerouted"].sum() > 0


def test_per_actor_engine_agrees_with_earliest_deadline_loading_too(tiny):
    tiny["days"] = 40
    tiny["logistics"]["consolidation"] = {"loading": "earliest_deadline", "close_partial": False}
    a = Model(validate_data(tiny, "t")).run()
    tiny["engine"] = "per_actor"
    b = Model(validate_data(tiny, "t")).run()
    assert _tables_equal(a.tables, b.tables) == []


def _live_world(tiny, closure=None):
    tiny = copy.deepcopy(tiny)
    tiny["buyers"]["destinations"] = {"MAD": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L01", "S01"],
        "mode_choice": {"rule": "live", "safety_margin_h": 0},
    }
    if closure:
        tiny["disruptions"] = [closure]
    sc = resolve(validate_data(tiny, "t"))
    dests = ["MAD"]
    w = LogisticsWorld(sc, dests)
    w.start()  # the timetable published, as in a run (the state reads it)
    policy = make_routing(sc.logistics.mode_choice, w.options)
    return w, policy


def test_live_routing_changes_its_decision_when_the_state_changes(tiny):
    closure = {"target": "node", "id": "MAL", "start": "2025-09-01", "end": "2025-10-30",
               "servers_factor": 0.0}  # fmt: skip
    open_world, policy = _live_world(tiny)
    closed_world, closed_policy = _live_world(tiny, closure)
    rail = int(open_world.options.rail[0])
    sea = int(open_world.options.sea[0])
    # the same order: a deadline 30 days out, a draw that would take rail
    order = Bookings(np.array([0]), np.array([0.0]), np.array([30 * 24.0]), np.array([0.0]))
    assert policy.choose(order, open_world.view)[0] == rail  # rail is in time and ...
    assert open_world.view.expected_arrival_h(rail, 0) < 30 * 24
    # ... with Małaszewicze closed for two months, rail cannot make it; sea is the faster way
    assert closed_world.view.expected_arrival_h(rail, 0) > closed_world.view.expected_arrival_h(
        sea, 0
    )
    assert closed_policy.choose(order, closed_world.view)[0] == sea


def test_live_routing_reads_the_backlog_at_the_consolidation_point(tiny):
    w, _ = _live_world(tiny)
    rail = int(w.options.rail[0])
    before = w.view.expected_departure_h(rail)
    for _ in range(400):  # a backlog of many trains' worth of goods ahead
        w.order(ready_h=0.0, teu=1.0, route=rail)
    after = w.view.expected_departure_h(rail)
    assert after > before + 24.0


def test_earliest_deadline_loading_boards_the_festival_container_first(tiny):
    tiny["buyers"]["destinations"] = {"ALA": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L12"],
        "lines": {"L12": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": 1}},
        "consolidation": {"cutoff_h": 0, "loading": "earliest_deadline"},
    }
    tiny["scale"] = 1.0
    w = LogisticsWorld(resolve(validate_data(tiny, "t")), ["ALA"])
    everyday = w.order(ready_h=0.0, teu=1.0)  # closed first, no deadline
    festival = w.order(ready_h=1.0, teu=1.0, deadline_h=24 * 60.0)
    w.start()
    w.env.run(until=24 * 8)
    st = w.stage_times()
    assert st["departed_h"][festival] == 10.0  # the first train takes the festival goods
    assert st["departed_h"][everyday] == 178.0
    # first closed, first loaded would have done the opposite
    tiny["logistics"]["consolidation"]["loading"] = "fifo"
    w = LogisticsWorld(resolve(validate_data(tiny, "t")), ["ALA"])
    everyday = w.order(ready_h=0.0, teu=1.0)
    festival = w.order(ready_h=1.0, teu=1.0, deadline_h=24 * 60.0)
    w.start()
    w.env.run(until=24 * 8)
    assert w.stage_times()["departed_h"][everyday] == 10.0


def test_rollover_to_sea_moves_a_left_behind_container_after_its_wait(tiny):
    tiny["buyers"]["destinations"] = {"MAD": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L01", "S01"],
        "lines": {"L01": {"capacity_teu": 1, "timetable": [{"weekday": 0, "hour": 10}]}},
        "consolidation": {"cutoff_h": 0, "rollover": {"rule": "sea", "after_h": 5}},
    }
    tiny["scale"] = 1.0
    w = LogisticsWorld(resolve(validate_data(tiny, "t")), ["MAD"])
    rail = int(w.options.rail[0])
    sea = int(w.options.sea[0])
    first = w.order(ready_h=0.0, teu=1.0, route=rail)
    second = w.order(ready_h=0.0, teu=1.0, route=rail)
    w.start()
    w.env.run(until=24 * 10)
    st = w.stage_times()
    assert st["departed_h"][first] == 10.0 and st["route"][first] == rail
    # left behind by the h 10 train, 10 h after it closed (>= 5 h): moved to the sea route,
    # where it leaves on a feeder train once re-booked (24 h), well before the next train
    assert st["route"][second] == sea and st["rerouted"][second]
    assert 10.0 + 24.0 <= st["departed_h"][second] < 178.0


def test_a_user_policy_registers_and_a_scenario_can_name_it(tiny):
    @register("routing", "always_sea_test")
    class AlwaysSea(RoutingPolicy):
        def choose(self, batch, view):
            return self.pick_sea_where_possible(batch)

    tiny["logistics"]["mode_choice"] = {"rule": "always_sea_test"}
    r = Model(validate_data(tiny, "t")).run()
    o = r.tables["orders"]
    assert set(o["mode"][o["destination"] == "RTM"].tolist()) == {"sea"}


def test_an_unknown_policy_name_is_refused_with_the_choices(tiny):
    from sim.errors import ScenarioError

    tiny["logistics"]["consolidation"] = {"loading": "random"}
    with pytest.raises(ScenarioError, match=r"loading.*earliest_deadline"):
        validate_data(tiny, "t")


KPIS = (
    ("orders", "placed_after_warmup"),
    ("orders", "delivered_after_warmup"),
    ("lead_time_days", "overall", "mean"),
    ("lead_time_days", "overall", "p95"),
    ("on_time", "share"),
    ("stage_days_mean", "waiting_for_departure"),
    ("emissions_cost", "cost_usd_total"),
    ("emissions_cost", "co2e_kg_total"),
)


def _kpi(summary: dict, path: tuple[str, ...]) -> float:
    x = summary
    for k in path:
        x = x[k]
    return float(x)


LIVE_WORLDS = {
    "live routing, live roll-over, earliest deadline": [
        "logistics.mode_choice.rule=live",
        "logistics.consolidation.loading=earliest_deadline",
        "logistics.consolidation.rollover.rule=live",
    ],
    "a closure with live prices and demand-driven trains": [
        "logistics.mode_choice.rule=live",
        "logistics.pricing.rule=live",
        "logistics.dispatch.rule=demand",
        "logistics.train_routing=avoid_closed",
        "disruptions=[{target: node, id: MAL, start: 2025-11-10, end: 2025-11-24, "
        "servers_factor: 0.0, announced: 2025-11-05}]",
    ],
}


@pytest.mark.slow
@pytest.mark.parametrize("world", list(LIVE_WORLDS))
def test_with_live_policies_the_batched_engine_lies_within_the_references_interval(world):
    """The per-actor reference decides each order alone at its moment; the batched engine
    decides a slice of orders on the state at the slice's first order. Over replications
    (common seeds) every KPI's batched mean lies within the reference's 95 % interval
    (docs/model.md states the bound)."""
    from scipy import stats

    path = ROOT / "scenarios" / "teaching_small.yaml"
    base = list(LIVE_WORLDS[world])
    seeds = range(1, 9)
    ref = {k: [] for k in KPIS}
    bat = {k: [] for k in KPIS}
    for seed in seeds:
        a = Model(load_scenario(path, [*base, "engine=per_actor"]), seed=seed).run().summary
        b = Model(load_scenario(path, base), seed=seed).run().summary
        for k in KPIS:
            ref[k].append(_kpi(a, k))
            bat[k].append(_kpi(b, k))
    n = len(seeds)
    t = stats.t.ppf(0.975, n - 1)
    for k in KPIS:
        r = np.array(ref[k])
        half = t * r.std(ddof=1) / math.sqrt(n)
        got = float(np.mean(bat[k]))
        assert abs(got - r.mean()) <= max(half, 1e-9 * abs(r.mean())), (k, got, r.mean(), half)
