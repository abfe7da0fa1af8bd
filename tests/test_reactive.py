"""Behaviours that react to the network: detours around closed crossings, background trains on
paths, surge capacity after a closure, and the closure's figures from a run's tables."""

from __future__ import annotations

import numpy as np
import pytest
import simpy

from sim.actors.borders import BorderCrossing, Window
from sim.scenario import BorderSpec, Disruption
from sim.world.inputs import resolve, validate_data
from sim.world.network import load_network
from sim.world.paths import detour, nominal_hours
from tests.worlds import LogisticsWorld

CONST = {"dist": "constant", "value": 2}


def _madrid_world(tiny, train_routing, disruptions=(), flows=(), calibrated=False):
    tiny["buyers"]["destinations"] = {"MAD": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L01"],
        "lines": {"L01": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": 100}},
        "consolidation": {"cutoff_h": 0},
        "train_routing": train_routing,
        "background_flows": list(flows),
    }
    tiny["scale"] = 1.0
    tiny["disruptions"] = list(disruptions)
    return LogisticsWorld(resolve(validate_data(tiny, "t")), ["MAD"], calibrated=calibrated)


CLOSED = {"target": "node", "id": "BRE", "start": "2025-09-01", "end": "2025-09-29",
          "servers_factor": 0.0}  # fmt: skip


def test_a_train_detours_around_a_closed_crossing_with_the_detours_times_and_crossings(tiny):
    w = _madrid_world(tiny, "avoid_closed", [CLOSED])
    oid = w.order(ready_h=0.0, teu=0.5)
    w.start()
    w.env.run(until=24 * 29)
    borders = [b for d, b, *_ in w.crossings if d == 0]
    assert "BRE" not in borders and "MAL" not in borders
    assert borders[borders.index("KEN") :] == ["KEN", "MCK", "IRN"]
    assert w.departures[0][2] == "train"
    assert w.lg.departures["rerouted"][0] == 1
    # the detour from Minsk: its running hours and the crossings on it, as the data say
    path = detour(w.net, "MSQ", "MAD", {"BRE", "MAL"})
    assert [e.dst for e in path][:4] == ["KEN", "VNO", "MCK", "WAW"]
    assert nominal_hours(w.net, path) > 0
    assert not np.isnan(w.stage_times()["arrived_h"][oid])


def test_with_fixed_paths_the_train_waits_for_the_reopening(tiny):
    w = _madrid_world(tiny, "fixed", [CLOSED])
    w.order(ready_h=0.0, teu=0.5)
    w.start()
    w.env.run(until=24 * 60)
    bre = [c for c in w.crossings if c[0] == 0 and c[1] == "BRE"]
    assert len(bre) == 1
    _, _, arrive, start, _ = bre[0]
    assert start == pytest.approx(28 * 24 + 24)  # served when the window ends (29 Sep + 1 day)
    assert arrive < start


def test_a_background_train_queues_once_at_each_crossing_on_its_path(tiny):
    flow = {"name": "eu", "trains_per_day": 4, "path": ["KRS", "MSQ", "BRE", "MAL", "WAW"]}
    w = _madrid_world(tiny, "fixed", flows=[flow])
    w.start()
    w.env.run(until=24 * 20)
    bg = [c for c in w.crossings if c[0] == -1]
    count = {b: sum(1 for c in bg if c[1] == b) for b in ("KRS", "BRE", "MAL")}
    # every train that left Brest entered Malaszewicze next: the same trains, not new streams
    assert count["KRS"] >= count["BRE"] >= count["MAL"] > 20
    bre_end = sorted(c[4] for c in bg if c[1] == "BRE")
    mal_arrive = sorted(c[2] for c in bg if c[1] == "MAL")
    edge_h = load_network(calibrated=False).edge("BRE", "MAL", "rail").hours
    k = len(mal_arrive)  # the crossings table holds the trains served by the end of the run
    assert mal_arrive == pytest.approx([t + edge_h for t in bre_end[:k]])


def test_surge_adds_servers_after_the_closure_for_its_days():
    env = simpy.Environment()
    spec = BorderSpec(servers=2, service_h=CONST)
    d = Disruption(target="node", id="BRE", start="2025-09-01", end="2025-09-01",
                   servers_factor=0.0, surge_factor=2.0, surge_days=1)  # fmt: skip
    border = BorderCrossing(env, "BRE", spec, np.random.default_rng(0), [Window(0.0, 10.0, d)])
    for i in range(8):
        env.timeout(1.0).callbacks.append(lambda _, i=i: border.join(i, lambda w: None))
    env.run(until=11.0)
    assert border.servers == 4 and border.busy == 4  # four trains served at once after 10 h
    env.run(until=60.0)
    assert border.servers == 2  # the surge is over after one day
    starts = sorted(s for _, _, _, s, _ in border.log)
    assert starts == pytest.approx([10, 10, 10, 10, 12, 12, 12, 12])


def test_live_rollover_moves_a_rail_container_to_sea_when_the_line_is_expected_late(tiny):
    tiny["buyers"]["destinations"] = {"MAD": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L01", "S01"],
        "lines": {"L01": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": 1}},
        "consolidation": {"cutoff_h": 0, "rollover": {"rule": "live", "threshold_h": 0}},
    }
    tiny["scale"] = 1.0
    tiny["disruptions"] = [dict(CLOSED, end="2025-10-30")]  # Brest shut for two months
    w = LogisticsWorld(resolve(validate_data(tiny, "t")), ["MAD"])
    rail, sea = int(w.options.rail[0]), int(w.options.sea[0])
    first = w.order(ready_h=0.0, teu=1.0, route=rail)
    second = w.order(ready_h=0.0, teu=1.0, route=rail)
    w.start()
    w.env.run(until=24 * 5)
    st = w.stage_times()
    assert st["route"][first] == rail  # on the train before anything was decided about it
    assert st["route"][second] == sea and st["rerouted"][second]


@pytest.mark.parametrize("engine", ["batched", "per_actor"])
def test_buyers_place_elsewhere_orders_no_route_can_deliver_in_time(tiny, engine):
    from sim.model import Model

    tiny["engine"] = engine  # per actor, a buyer decides alone at each order's own time
    tiny["days"] = 20
    tiny["market"]["categories"][0]["deadline"] = {"kind": "days_after_order", "days": 5}
    tiny["buyers"]["reaction"] = "lost_sale"
    r = Model(validate_data(tiny, "t")).run()
    lost = r.summary["lost_sales"]
    # no route reaches Almaty or Rotterdam within five days: every deadline order is lost
    assert lost["by_category"] == {"festival": lost["orders"]} and lost["orders"] > 0
    assert set(r.tables["orders"]["category"].tolist()) == {"everyday"}
    tiny["buyers"]["reaction"] = "none"
    kept = Model(validate_data(tiny, "t")).run()
    assert "festival" in set(kept.tables["orders"]["category"].tolist())


def test_workshops_work_overtime_when_the_backlog_is_long(tiny):
    from sim.model import Model

    tiny["days"] = 40
    for cat in tiny["market"]["categories"]:  # slow workshops, little stock: backlogs build
        cat.update(production_teu_per_day=0.02, stock_teu=0.0, max_stock_teu=1.0)
    base = Model(validate_data(tiny, "t")).run()
    tiny["market"]["production"] = {"overtime_share": 0.5, "overtime_backlog_days": 1}
    busy = Model(validate_data(tiny, "t")).run()
    assert busy.summary["production"]["overtime_days"] > 0
    ready_base = np.nanmean(
        base.tables["orders"]["ready_h"][base.tables["orders"]["backordered"] == 1]
    )
    o = busy.tables["orders"]
    ready_busy = np.nanmean(o["ready_h"][o["backordered"] == 1])
    assert ready_busy < ready_base  # backorders are made up sooner with overtime


def test_decisions_see_only_goods_at_the_consolidation_point(tiny):
    tiny["buyers"]["destinations"] = {"ALA": 1.0}
    tiny["logistics"] = {"only_lines": ["L12"], "consolidation": {"cutoff_h": 0}}
    tiny["scale"] = 1.0
    w = LogisticsWorld(resolve(validate_data(tiny, "t")), ["ALA"])
    w.order(ready_h=0.0, teu=0.5)
    w.order(ready_h=30.0, teu=0.7)  # booked at the day's start, its goods ready later
    fw = w.lg.routes[0].forwarder
    assert fw.backlog_teu(now=0.0) == pytest.approx(0.5)
    assert fw.backlog_teu(now=30.0) == pytest.approx(1.2)


def test_a_suspended_sea_line_is_not_expected_to_deliver_within_the_run(tiny):
    tiny["buyers"]["destinations"] = {"MAD": 1.0}
    tiny["logistics"] = {"only_lines": ["L01", "S01"]}
    tiny["scale"] = 1.0
    tiny["disruptions"] = [{"target": "line", "id": "S01", "start": "2025-09-01",
                            "end": "2025-09-30", "trains_factor": 0.0}]  # fmt: skip
    w = LogisticsWorld(resolve(validate_data(tiny, "t")), ["MAD"])
    w.start()
    sea = int(w.options.sea[0])
    assert w.view.expected_arrival_h(sea, 0) > w.lg.horizon_h


def test_a_train_rerouted_at_yiwu_keeps_its_lines_journey_dwell(tiny):
    """The line's first leg carries its journey dwell (terminal handling, marshalling): a train
    sent round a closure before it leaves Yiwu spends it too, on the detour's first leg, and
    reaches the detour's first crossing that much later than the bare running hours."""
    shut = dict(CLOSED, end="2026-06-30")  # Brest closed all run, known from the start
    w = _madrid_world(tiny, "avoid_closed", [shut], calibrated=True)
    w.order(ready_h=0.0, teu=0.5)
    w.start()
    w.env.run(until=24 * 60)
    assert w.lg.departures["rerouted"][0] == 1
    line = w.lg.routes[0].line
    assert line.journey_dwell_h > 0
    _, first, arrive, _, _ = next(c for c in w.crossings if c[0] == 0)
    path = detour(w.net, "YIW", "MAD", {"BRE", "MAL"})
    hops = [e.dst for e in path]
    running = sum(e.hours for e in path[: hops.index(first) + 1])
    departed = w.lg.departures["departed_h"][0]
    assert arrive == pytest.approx(departed + line.journey_dwell_h + running)
