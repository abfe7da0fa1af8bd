"""One replication: the market, demand and logistics wired together on one SimPy clock.

``Model(scenario, seed).run()`` resolves the scenario, builds the calendar, the merchants, the
forwarders, trains and border crossings, starts the demand, runs the clock to the end of the
horizon, turns the records into tables, checks that every order is accounted for, and returns a
:class:`sim.output.results.RunResult`. It never writes files; :func:`sim.output.results.write_run`
does.
"""

from __future__ import annotations

import gc
import logging
import time
from itertools import pairwise
from typing import Any

import numpy as np
import simpy

from sim.actors.demand import OrderDesk, plan_demand
from sim.actors.logistics import Logistics
from sim.actors.merchants import Market
from sim.actors.recorder import Recorder
from sim.errors import ConservationError
from sim.output.analysis import STAGES, summarise
from sim.output.results import RunResult, build_manifest
from sim.policies.routing import ModeChooser
from sim.scenario import Scenario
from sim.world.calendar import MarketCalendar
from sim.world.inputs import resolve
from sim.world.network import Network, load_network
from sim.world.random_streams import RandomStreams

log = logging.getLogger(__name__)


def _events_scheduled(env: simpy.Environment) -> int:
    """Events SimPy scheduled, read from its event-id counter (no per-event overhead)."""
    eid = getattr(env, "_eid", None)
    try:
        return int(repr(eid)[len("count(") : -1])
    except (TypeError, ValueError):  # pragma: no cover - a SimPy without the counter
        return -1


class Model:
    """One replication of a scenario.

    Parameters
    ----------
    scenario
        A validated scenario (it is resolved against the network here).
    seed
        Overrides ``scenario.seed`` when given.
    network
        The network; default the shipped one.
    """

    def __init__(
        self, scenario: Scenario, seed: int | None = None, network: Network | None = None
    ) -> None:
        self.network = network or load_network()
        sc = scenario if seed is None else scenario.model_copy(update={"seed": int(seed)})
        self.scenario = resolve(sc, self.network)
        self.seed = self.scenario.seed

    def run(self, argv: list[str] | None = None) -> RunResult:
        """Simulate the horizon and return the tables, KPIs and manifest."""
        # Millions of live records make Python's cyclic garbage collector rescan the heap over
        # and over (it took 40 % of a full-scale year); nothing here needs it while running, so
        # it is paused, and the few cycles SimPy leaves are collected later in the normal way.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._run(argv)
        finally:
            if was_enabled:
                gc.enable()

    def _run(self, argv: list[str] | None) -> RunResult:
        t0 = time.perf_counter()
        sc, net = self.scenario, self.network
        env = simpy.Environment()
        streams = RandomStreams(self.seed)
        cal = MarketCalendar(sc)
        rec = Recorder()
        lg = Logistics(env, sc, net, cal, streams, rec)
        dest_ids = sorted(set(sc.buyers.destinations) | set(sc.online.destinations or {}))
        dest_index = {d: i for i, d in enumerate(dest_ids)}
        lg.set_destinations(dest_ids)
        chooser = ModeChooser(sc.logistics.mode_choice, lg, streams.get("mode_choice"))
        market = Market(sc, cal, streams.get("merchants"))
        desk = OrderDesk(
            sc, cal, market, lg, chooser, rec, streams.get("orders"), streams.get("last_mile")
        )
        plan = plan_demand(sc, cal, streams, dest_index)
        desk.add(plan)
        lg.start()
        horizon_h = sc.days * 24.0
        t_clock = time.perf_counter()
        env.run(until=horizon_h)
        clock_s = time.perf_counter() - t_clock
        events = _events_scheduled(env)
        tables = build_tables(rec, sc, lg, dest_ids)
        check_conservation(rec, tables, lg)
        meta = {
            "scenario": sc.name,
            "seed": self.seed,
            "start": sc.start.isoformat(),
            "days": sc.days,
            "scale": sc.scale,
        }
        summary = summarise(tables, days=sc.days, warmup_days=sc.warmup_days, meta=meta)
        wall = time.perf_counter() - t0
        manifest = build_manifest(sc, self.seed, wall, clock_s, events, argv)
        log.info(
            "%s seed %d: %d orders, %d events, %.2f s",
            sc.name,
            self.seed,
            rec.n_orders,
            events,
            wall,
        )
        return RunResult(sc, self.seed, tables, summary, manifest)


def order_stage_times(rec: Recorder, lg: Logistics) -> dict[str, np.ndarray]:
    """Every order's packed, departed, arrived and delivered times, from its container.

    An order follows its container: packed when the container closed, departed when its first
    departure from Yiwu left, arrived when its train reached the destination terminal (by sea:
    when the sailing reached the port, plus the truck), delivered after its last-mile time.
    NaN where that has not happened by the end of the run.
    """
    is_closed = lg.containers_closed()
    cont = rec.container_of(is_closed)  # -1 picks the NaN / -1 sentinel below
    closed = np.append(rec.container_closed_h(is_closed), np.nan)
    first = np.append(rec.container_departures(first_leg=True), -1)[cont]
    sailing = np.append(rec.container_departures(first_leg=False), -1)[cont]
    deps = rec.departures
    dep_time = np.append(np.asarray([d[3] for d in deps], dtype=float), np.nan)
    dep_arrived = np.append(np.asarray([d[5] for d in deps], dtype=float), np.nan)
    route = np.asarray(rec.route, dtype=np.int64)
    dest = np.asarray(rec.dest, dtype=np.int64)
    n_dest = max(len(lg.dest_ids), int(dest.max()) + 1 if dest.size else 1)
    onward = np.zeros((len(lg.routes), n_dest))
    for (ri, di), hours in lg.onward_h.items():
        onward[ri, di] = hours
    by_sea = (
        np.array([r.mode == "sea" for r in lg.routes], dtype=bool)[route]
        if route.size
        else np.zeros(0, bool)
    )
    leg = np.where(by_sea, sailing, first)
    arrived = dep_arrived[leg] + (onward[route, dest] if route.size else 0.0)
    last_mile = np.asarray(rec.last_mile_h, dtype=float)
    missing = np.nonzero(np.isnan(last_mile) & ~np.isnan(arrived))[0]
    if missing.size:  # orders added one by one (tests) draw their last mile here, in order
        last_mile = last_mile.copy()
        last_mile[missing] = [lg.last_mile() for _ in missing]
    return {
        "packed_h": closed[cont],
        "departed_h": dep_time[first],
        "departure_id": first,
        "arrived_h": arrived,
        "delivered_h": arrived + last_mile,
        "sailing_id": sailing,
    }


def build_tables(
    rec: Recorder, sc: Scenario, lg: Logistics, dest_ids: list[str]
) -> dict[str, dict[str, np.ndarray]]:
    """Convert the records to column arrays (once, at the end of the run)."""
    f = lambda xs: np.asarray(xs, dtype=float)  # noqa: E731
    routes = lg.routes
    cats = [c.name for c in sc.market.categories]
    route = np.asarray(rec.route, dtype=np.int64)
    dest = np.asarray(rec.dest, dtype=np.int64)
    category = np.asarray(rec.category, dtype=np.int64)
    teu = f(rec.teu)
    em, costs = sc.logistics.emissions, sc.logistics.costs
    # per (route, destination): kg CO2e and USD per TEU
    kg = np.zeros((len(routes), len(dest_ids)))
    usd = np.zeros((len(routes), len(dest_ids)))
    for r in routes:
        by_mode = r.line.km_by_mode()
        base_kg = (
            by_mode.get("rail", 0.0) * em.rail_kg_per_teu_km
            + by_mode.get("sea", 0.0) * em.sea_kg_per_teu_km
            + by_mode.get("road", 0.0) * em.road_kg_per_teu_km
        )
        for di in range(len(dest_ids)):
            road_km = lg.onward_km.get((r.index, di), 0.0)
            kg[r.index, di] = base_kg + road_km * em.road_kg_per_teu_km
            usd[r.index, di] = r.cost_usd_per_teu + road_km * costs.road_usd_per_teu_km
    values = np.array([c.value_cny_per_teu for c in sc.market.categories])
    stages = order_stage_times(rec, lg)
    orders = {
        "order_id": np.arange(len(rec.placed_h)),
        "channel": np.array(["buyer", "online"], dtype=str)[
            np.asarray(rec.channel, dtype=np.int64)
        ],
        "category": np.array(cats, dtype=str)[category],
        "merchant": np.asarray(rec.merchant, dtype=np.int64),
        "destination": np.array(dest_ids, dtype=str)[dest],
        "mode": np.array([r.mode for r in routes], dtype=str)[route],
        "line": np.array([r.line.id for r in routes], dtype=str)[route],
        "teu": teu,
        "value_cny": teu * values[category],
        "deadline_h": f(rec.deadline_h),
        "backordered": np.asarray(rec.backordered, dtype=np.int64),
        "placed_h": f(rec.placed_h),
        "ready_h": f(rec.ready_h),
        "packed_h": stages["packed_h"],
        "departed_h": stages["departed_h"],
        "arrived_h": stages["arrived_h"],
        "delivered_h": stages["delivered_h"],
        "departure_id": stages["departure_id"],
        "co2e_kg": teu * kg[route, dest] if len(route) else np.zeros(0),
        "cost_usd": teu * usd[route, dest] if len(route) else np.zeros(0),
    }
    # an order not yet at a stage has no stage time; hours beyond the horizon are kept: they are
    # the scheduled times of work already under way (analysis compares them with the horizon)
    deps = rec.departures
    wait_by_dep: dict[int, float] = {}
    for did, _b, arrive, start, _end in rec.crossings:
        if did >= 0:
            wait_by_dep[did] = wait_by_dep.get(did, 0.0) + (start - arrive)
    slots, goods, carried = rec.departure_loads()
    departures = {
        "departure_id": np.array([int(d[0]) for d in deps], dtype=np.int64),
        "line": np.array([routes[int(d[1])].line.id for d in deps], dtype=str),
        "kind": np.array([d[2] for d in deps], dtype=str),
        "departed_h": f([d[3] for d in deps]),
        "capacity_teu": np.array([int(d[4]) for d in deps], dtype=np.int64),
        "teu": slots.astype(float),
        "goods_teu": goods,
        "orders": carried,
        "arrived_h": f([d[5] for d in deps]),
        "border_wait_h": f([wait_by_dep.get(int(d[0]), 0.0) for d in deps]),
    }
    cr = rec.crossings
    crossings = {
        "departure_id": np.array([c[0] for c in cr], dtype=np.int64),
        "border": np.array([c[1] for c in cr], dtype=str),
        "arrive_h": f([c[2] for c in cr]),
        "start_h": f([c[3] for c in cr]),
        "end_h": f([c[4] for c in cr]),
        "wait_h": f([c[3] - c[2] for c in cr]),
    }
    buyers = {"arrival_h": f(rec.buyer_arrival_h)}
    return {"orders": orders, "departures": departures, "crossings": crossings, "buyers": buyers}


def check_conservation(rec: Recorder, tables: dict[str, Any], lg: Logistics) -> None:
    """Every placed order is in exactly one known stage, and every order that left is counted
    on exactly one departure (a container loaded twice on one leg stops the run at once).

    Raises
    ------
    ConservationError
        On any violation: it means a bug, and results are not written.
    """
    o = tables["orders"]
    problems = []
    departed = ~np.isnan(o["departed_h"])
    if np.any(departed != (o["departure_id"] >= 0)):
        problems.append("departure times and departures disagree")
    if np.any(~np.isnan(o["arrived_h"]) & (o["mode"] == "sea") & ~departed):
        problems.append("an order crossed the sea without leaving Yiwu")
    cols = ["placed_h", *(b for _, b in STAGES.values())]
    for a, b in pairwise(cols):
        va, vb = o[a], o[b]
        both = ~np.isnan(va) & ~np.isnan(vb)
        if np.any(vb[both] < va[both] - 1e-9):
            problems.append(f"{b} before {a} for some orders")
        if np.any(~np.isnan(vb) & np.isnan(va)):
            problems.append(f"{b} set but {a} missing for some orders")
    deps = tables["departures"]
    first_leg = deps["kind"] != "sailing"
    if int(deps["orders"][first_leg].sum()) != int(departed.sum()):
        problems.append("orders on departures from Yiwu do not match departed orders")
    if not np.isclose(deps["goods_teu"][first_leg].sum(), o["teu"][departed].sum()):
        problems.append("TEU on departures from Yiwu do not match TEU of departed orders")
    # goods still with forwarders must be exactly the orders not yet departed
    waiting = sum(r.forwarder.not_loaded() for r in lg.routes)
    if waiting != int((~departed).sum()):
        problems.append(
            f"{waiting} orders with forwarders but {int((~departed).sum())} not departed"
        )
    if problems:
        raise ConservationError("conservation check failed: " + "; ".join(problems))
