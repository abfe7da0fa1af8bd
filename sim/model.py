"""One replication: the market, demand and logistics wired together on one SimPy clock.

``Model(scenario, seed).run()`` resolves the scenario, builds the calendar, the merchants, the
forwarders, trains and border crossings and the live view of the network, chooses the policies
the scenario names, starts the demand process and the timetables, runs the clock to the end of
the horizon, has each component build its tables, checks that every order is accounted for, and
returns a :class:`sim.results.run.RunResult`. It never writes files.

Every decision is taken on the clock (see :mod:`sim.actors.demand` and
:mod:`sim.actors.logistics`); the engine (``engine: batched`` or ``per_actor``) only changes how
many processes carry them.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import numpy as np
import simpy

from sim.actors.booking import OrderDesk
from sim.actors.containers import BoxPools
from sim.actors.demand import Demand, DemandSource
from sim.actors.logistics import Logistics
from sim.actors.merchants import Market
from sim.actors.monitors import monitors_table
from sim.actors.state import NetworkState
from sim.actors.train_process import run_as_processes
from sim.actors.workshops import open_workshops
from sim.errors import ConservationError
from sim.policies.dispatch import make_dispatch
from sim.policies.loading import make_loading
from sim.policies.pricing import PricingPolicy, make_pricing
from sim.policies.production import ProductionClock, make_production
from sim.policies.repositioning import make_repositioning
from sim.policies.rollover import make_rollover
from sim.policies.routing import RouteOptions, make_routing
from sim.policies.sailings import make_sailings
from sim.policies.train_routing import make_train_routing
from sim.results.analysis import STAGES, in_service_at_end, summarise
from sim.results.costs import add_costs
from sim.results.planning_answers import dated_categories
from sim.results.run import RunResult, build_manifest
from sim.results.table import ROW_BLOCK as BLOCK
from sim.results.table import ColumnTable, gather
from sim.scenario import Scenario
from sim.world.calendar import MarketCalendar
from sim.world.inputs import resolve
from sim.world.network import Network, load_network
from sim.world.random_streams import RandomStreams
from sim.world.routes import route_options

log = logging.getLogger(__name__)


class CountingEnvironment(simpy.Environment):
    """A SimPy environment that counts the events it schedules (for the manifest and the
    benchmarks), through SimPy's public ``schedule`` rather than its private counters."""

    def __init__(self, initial_time: float = 0) -> None:
        super().__init__(initial_time)
        self.events_scheduled = 0

    def schedule(self, event: Any, priority: Any = 1, delay: Any = 0) -> None:
        self.events_scheduled += 1
        # SimPy's own method called directly: every event of the run passes here, and a
        # zero-argument ``super()`` looks the class up again each time
        _simpy_schedule(self, event, priority, delay)


_simpy_schedule = simpy.Environment.schedule


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
        self.env: CountingEnvironment | None = None
        self.logistics: Logistics | None = None
        self.desk: OrderDesk | None = None

    def build(self) -> CountingEnvironment:
        """Wire the replication and start its processes; the clock has not moved yet (a test
        may step it: ``model.env.step()``)."""
        sc, net = self.scenario, self.network
        env = CountingEnvironment()
        streams = RandomStreams(self.seed)
        cal = MarketCalendar(sc)
        lg = Logistics(env, sc, net, cal, streams, one_by_one=sc.engine == "per_actor")
        if sc.engine == "per_actor":  # a process per departure's cut-off and per train
            run_as_processes(lg)
        dest_ids = sorted(set(sc.buyers.destinations) | set(sc.online.destinations or {}))
        dest_index = {d: i for i, d in enumerate(dest_ids)}
        lg.set_destinations(dest_ids)
        options = route_table(sc, net, lg, dest_ids)
        production = make_production(sc.market.production)
        open_day = np.asarray(cal.open_day, dtype=bool)
        output = production.daily_output(open_day)
        if output is None and production.decides_daily:  # overtime needs a production clock
            output = open_day.astype(float)
        market = Market(
            sc, cal, streams.get("merchants"), None if output is None else ProductionClock(output)
        )
        if sc.engine == "per_actor":  # a process per merchant's workshop
            market.workshops = open_workshops(
                env, cal, market.n_merchants, sc.days * 24.0,
                None if market.production is None else market.production.output,
            )  # fmt: skip
        view = NetworkState(lg)
        lg.dispatch = make_dispatch(sc.logistics.dispatch)
        lg.sailings = make_sailings(sc.logistics.sailings)
        if sc.logistics.containers.pools_teu is not None:  # boxes as a finite resource
            lg.boxes = BoxPools(lg, make_repositioning(sc.logistics.repositioning))
        routing = make_routing(sc.logistics.mode_choice, options)
        cons = sc.logistics.consolidation
        lg.start(
            make_loading(cons.loading, cons),
            make_rollover(
                cons.rollover, options.sea, np.array([r.mode == "rail" for r in lg.routes])
            ),
            view,
            make_train_routing(sc.logistics.train_routing, sc.logistics, net),
        )
        desk = OrderDesk(sc, cal, market, lg, routing, view, streams)
        view.pricing = desk.pricing = pricing_for(sc, lg, options)
        source = DemandSource(sc, cal, streams, dest_index)
        self.demand = Demand(env, sc, source, desk, production)
        env.process(self.demand.run())
        self.env, self.logistics, self.desk, self.view = env, lg, desk, view
        self.dest_ids = dest_ids
        return env

    def run(
        self,
        argv: list[str] | None = None,
        on_tables: Callable[[dict[str, dict[str, np.ndarray]]], None] | None = None,
    ) -> RunResult:
        """Simulate the horizon and return the tables, KPIs and manifest.

        ``on_tables`` is called with the tables as soon as they are built, before they are
        checked and before the summary is worked out (a writer starts on them then:
        :class:`sim.output.results.RunWriter`, which the caller stops if the check fails);
        the tables it was given do not change afterwards (the named monitors' table may be
        added to the dict)."""
        t0 = time.perf_counter()
        sc = self.scenario
        env = self.build()
        t_clock = time.perf_counter()
        env.run(until=sc.days * 24.0)
        clock_s = time.perf_counter() - t_clock
        assert self.logistics is not None and self.desk is not None
        tables = build_tables(self.desk, sc, self.logistics, self.dest_ids)
        if on_tables is not None:  # (a writer that starts now is stopped if the check fails)
            on_tables(tables)
        check_conservation(tables, self.logistics)
        if sc.reporting.monitors:  # the named monitors, from the run's recorded timestamps
            tables["monitors"] = monitors_table(self.view)
        meta = {
            "scenario": sc.name,
            "seed": self.seed,
            "start": sc.start.isoformat(),
            "days": sc.days,
            "scale": sc.scale,
        }
        summary = summarise(
            tables,
            days=sc.days,
            warmup_days=sc.warmup_days,
            meta=meta,
            safe_order_share=sc.reporting.safe_order_share,
            dated_categories=dated_categories(sc),
        )
        if sc.buyers.reaction == "lost_sale":
            summary["lost_sales"] = lost_sales(self.desk, sc)
        if sc.logistics.dispatch.rule != "fixed":
            summary["dispatch"] = dispatch_summary(self.logistics, sc.warmup_days * 24.0)
        if self.logistics.sailings.active:
            summary["sailings"] = self.logistics.sea.summary(sc.warmup_days * 24.0)
        if self.logistics.boxes is not None:
            summary["containers"] = containers_summary(tables, self.logistics, sc)
        if sc.market.production.overtime_share > 0:
            summary["production"] = {"overtime_days": self.demand.overtime_days}
        # trains still waiting for a server at the end are in no table (the borders table
        # holds the crossings finished): those a closure holds apart from those queued at an
        # open crossing (a reopening's backlog), so that a reader can tell the two
        held = waiting_at_end(self.logistics, sc.days * 24.0, closed=True)
        if held:
            summary["held_at_end"] = held
        queued = waiting_at_end(self.logistics, sc.days * 24.0, closed=False)
        if queued:
            summary["queued_at_end"] = queued
        # and every Yiwu train that left and has not arrived (those two's and the ones on a
        # leg), from the trains table: departures = arrivals + these
        waiting = {"held_at_end": held, "queued_at_end": queued}
        moving = in_service_at_end(tables["departures"], sc.days * 24.0, waiting)
        if moving:
            summary["in_service_at_end"] = moving
        wall = time.perf_counter() - t0
        events = env.events_scheduled
        manifest = build_manifest(sc, self.seed, wall, clock_s, events, argv)
        log.info("%s seed %d: %d events, %.2f s", sc.name, self.seed, events, wall)
        return RunResult(sc, self.seed, tables, summary, manifest)


def route_table(sc: Scenario, net: Network, lg: Logistics, dest_ids: list[str]) -> RouteOptions:
    """The routes each destination can take, with nominal hours and costs per TEU."""
    by_id = {r.line.id: r.index for r in lg.routes}
    rail = np.full(len(dest_ids), -1, dtype=np.int64)
    sea = np.full(len(dest_ids), -1, dtype=np.int64)
    for di, d in enumerate(dest_ids):
        rail_id, sea_id = route_options(sc, net, d)
        rail[di] = by_id.get(rail_id or "", -1)
        sea[di] = by_id.get(sea_id or "", -1)
    road = sc.logistics.costs.road_usd_per_teu_km
    nominal = np.zeros((len(lg.routes), len(dest_ids)))
    cost = np.zeros((len(lg.routes), len(dest_ids)))
    for r in lg.routes:
        for di in range(len(dest_ids)):
            nominal[r.index, di] = r.nominal_h + lg.onward_h.get((r.index, di), 0.0)
            cost[r.index, di] = r.cost_usd_per_teu + road * lg.onward_km.get((r.index, di), 0.0)
    return RouteOptions(rail, sea, nominal, cost)


def pricing_for(sc: Scenario, lg: Logistics, options: RouteOptions) -> PricingPolicy:
    """The scenario's pricing policy over the run's routes and base rates."""
    costs = sc.logistics.costs
    is_rail = np.array([r.mode == "rail" for r in lg.routes], dtype=bool)
    return make_pricing(
        sc.logistics.pricing,
        options.cost_usd,
        np.where(is_rail, 0.0, costs.sea_usd_per_teu),
        is_rail,
        costs.congestion_usd_per_teu,
        costs.congestion_wait_h,
    )


def order_stage_times(o: dict[str, np.ndarray], lg: Logistics) -> dict[str, np.ndarray]:
    """Every order's route taken, packed, departed, arrived and delivered times, from its
    container's records (NaN where that has not happened by the end of the run)."""
    book = lg.book
    n = o["placed_h"].size
    k = book.n
    # each order's container; the orders not yet in one at the end (a few) get a container
    # ``k`` past the last, whose values are the missing ones, so that each order-level column
    # is one gather from a per-container column, with no pass to blank the unpacked orders
    # (at full scale every order-level array is 16 MB of fresh memory: fewer is faster)
    cont = np.full(n, k, dtype=np.int32)  # fewer than 2**31 containers
    cols = book.cols
    # the book lists each container's orders back to back, containers in id order (a block
    # of containers at a time: no order-level array of the container ids in the book's order)
    oids, n_orders = book.members["oid"], cols["n_orders"]
    member = 0
    for first in range(0, k, BLOCK // 4):
        ids = np.arange(first, min(first + BLOCK // 4, k), dtype=np.int32)
        counts = n_orders[first : first + ids.size]
        end = member + int(counts.sum())
        cont[oids[member:end]] = np.repeat(ids, counts)
        member = end

    def per_container(values: np.ndarray, missing: float, dtype: Any = None) -> np.ndarray:
        # the column as each order gets it (in the order's own type: a gather into it, with
        # no second pass to convert two million values)
        out = np.empty(k + 1, dtype=values.dtype if dtype is None else dtype)
        out[:k] = values
        out[k] = missing
        return out

    dep = lg.departures.frozen()
    dep_time = np.append(dep["departed_h"], np.nan)
    # per container, the leg that reaches the line's end (the sailing by sea, else the train;
    # -1: none yet, whose times are the NaN appended to the departures') and when it arrived
    by_sea = np.array([r.mode == "sea" for r in lg.routes], dtype=bool)
    c_leg = np.where(by_sea[cols["route"]], cols["sailing"], cols["departure"])
    rolled = ~np.isnan(cols["rolled_h"])
    per_cont = {
        # the container's route (a rolled-over one moved); as booked for an order not packed
        # (narrow, as recorded: it lives until the costs, the last of the tables' columns)
        "route": per_container(cols["route"], 0, np.result_type(cols["route"], o["route"])),
        "departure_id": per_container(cols["departure"], -1, np.int64),
        "arrived_h": per_container(np.append(dep["arrived_h"], np.nan)[c_leg], np.nan),
        "rerouted": per_container(rolled, 0, np.int64),
        "packed_h": per_container(cols["closed_h"], np.nan),
    }
    if not rolled.any():  # no container rolled over: every order's flag is 0, no gather
        del per_cont["rerouted"]
    out = {name: np.empty(n, dtype=v.dtype) for name, v in per_cont.items()}
    out.setdefault("rerouted", np.zeros(n, dtype=np.int64))
    out["departed_h"] = np.empty(n, dtype=dep_time.dtype)
    out["delivered_h"] = np.empty(n, dtype=np.result_type(float, o["last_mile_h"]))
    n_dest = max(len(lg.dest_ids), 1)
    onward = np.zeros(len(lg.routes) * n_dest)  # road hours from the port, by sea (rail: 0)
    for (ri, di), hours in lg.onward_h.items():
        onward[ri * n_dest + di] = hours
    # a block of orders at a time (each order's values as whole columns would give them): the
    # container ids widened to pointer-sized indices a block at a time (NumPy would widen
    # them for the whole column in every gather), and no order-level temporaries; the ids
    # are in range, and "wrap" (-1: the last, as in indexing) has ``take`` write straight
    # into the column (by default it first copies the block it writes over, which faults in
    # each fresh page twice)
    for start in range(0, n, BLOCK):
        rows = slice(start, start + BLOCK)
        c = cont[rows].astype(np.intp)
        for name, values in per_cont.items():
            np.take(values, c, out=out[name][rows], mode="wrap")
        route, arrived = out["route"][rows], out["arrived_h"][rows]
        unpacked = np.flatnonzero(c == k)
        if unpacked.size:
            route[unpacked] = o["route"][rows][unpacked]
        np.take(dep_time, out["departure_id"][rows], out=out["departed_h"][rows], mode="wrap")
        if lg.onward_h:  # the orders by sea: (route, destination) as one index
            at = np.flatnonzero(by_sea[route])
            arrived[at] += onward[route[at].astype(np.intp) * n_dest + o["dest"][rows][at]]
        np.add(arrived, o["last_mile_h"][rows], out=out["delivered_h"][rows])
    return {name: out[name] for name in STAGE_COLUMNS}


STAGE_COLUMNS = ("route", "rerouted", "packed_h", "departed_h", "departure_id", "arrived_h",
                 "delivered_h")  # fmt: skip
"""The columns of :func:`order_stage_times`, in its order."""


def build_tables(
    desk: OrderDesk, sc: Scenario, lg: Logistics, dest_ids: list[str]
) -> dict[str, dict[str, np.ndarray]]:
    """Each component's records as column tables (once, at the end of the run). A run with
    container pools adds, in memory only (not written to a results folder), ``eastbound`` (the
    eastbound services), ``boxes`` (every change of a pool's level) and ``east_crossings``
    (every eastbound train served at a crossing: ``service`` 1 for a Yiwu line's eastbound
    service, 0 for a background train; ``border``, ``arrive_h``, ``start_h``, ``end_h``,
    ``wait_h``)."""
    routes = lg.routes
    cats = [c.name for c in sc.market.categories]
    o = desk.table()
    stages = order_stage_times(o, lg)
    route, dest, category, teu = stages["route"], o["dest"], o["category"], o["teu"]
    values = np.array([c.value_cny_per_teu for c in sc.market.categories])
    # text columns are spelled out from their codes, which the table keeps for grouping and
    # for writing them as dictionary columns
    value_cny = gather(values, category)
    value_cny *= teu  # (teu * value, formed in the gathered array)
    orders = ColumnTable(order_id=np.arange(teu.size, dtype=np.int64))
    orders.set_text("channel", o["channel"], ["buyer", "online"])
    orders.set_text("category", category, cats)
    orders["merchant"] = o["merchant"].astype(np.int64)
    orders.set_text("destination", dest, dest_ids)
    orders.set_text("mode", route, [r.mode for r in routes])
    orders.set_text("line", route, [r.line.id for r in routes])
    orders.update(
        teu=teu,
        value_cny=value_cny,
        deadline_h=o["deadline_h"],
        backordered=o["backordered"].astype(np.int64),
        quoted_usd_per_teu=o["quoted_usd_per_teu"],
        placed_h=o["placed_h"],
        ready_h=o["ready_h"],
        packed_h=stages["packed_h"],
        departed_h=stages["departed_h"],
        arrived_h=stages["arrived_h"],
        delivered_h=stages["delivered_h"],
        departure_id=stages["departure_id"],
        rerouted=stages["rerouted"],
    )
    departures = lg.departures_table()
    lines = [r.line.id for r in routes]
    add_costs(orders, departures, sc, lg.net, lines, dest_ids, route, dest, o["route"])
    # the columns in the results' order (costs come last, as they always have)
    order_cols = [*(k for k in orders if k not in ("co2e_kg", "cost_usd")), "co2e_kg", "cost_usd"]
    orders = orders.reordered(order_cols)
    # an order not yet at a stage has no stage time; hours beyond the horizon are kept: they are
    # the scheduled times of work already under way (analysis compares them with the horizon)
    arrivals = desk.buyer_arrival_h
    buyers = {"arrival_h": np.concatenate(arrivals) if arrivals else np.zeros(0)}
    tables = {
        "orders": orders,
        "departures": departures,
        "crossings": lg.crossings_table(),
        "buyers": buyers,
    }
    if lg.boxes is not None:  # the container pools: box waits, eastbound services, levels
        wait = lg.boxes.wait_h(lg.book, sc.days * 24.0)
        cont = np.full(teu.size, -1, dtype=np.int64)
        cont[lg.book.members["oid"]] = np.repeat(np.arange(lg.book.n), lg.book.cols["n_orders"])
        orders["box_wait_h"] = np.where(cont >= 0, wait[cont] if wait.size else 0.0, 0.0)
        tables["eastbound"] = lg.boxes.east_table()
        tables["boxes"] = lg.boxes.levels_table()
        # every eastbound train served at each crossing (services and background), for
        # what a closure did on the other side of a border (scripts/closure_figures.py)
        tables["east_crossings"] = lg.boxes.east_crossings_table()
    return tables


def lost_sales(desk: OrderDesk, sc: Scenario) -> dict[str, Any]:
    """Orders placed elsewhere because no route was expected to meet their deadline (after the
    warm-up), overall and by category."""
    lost = desk.lost.frozen()
    after = lost["placed_h"] >= sc.warmup_days * 24.0
    names = [c.name for c in sc.market.categories]
    by_cat = np.bincount(lost["category"][after], minlength=len(names))
    return {
        "orders": int(after.sum()),
        "teu": round(float(lost["teu"][after].sum()), 4),
        "by_category": {n: int(k) for n, k in zip(names, by_cat.tolist(), strict=True) if k},
    }


def waiting_at_end(lg: Logistics, end_h: float, closed: bool) -> dict[str, dict[str, Any]]:
    """The trains waiting for a server when the run ends, by crossing: at a crossing that a
    disruption leaves without a server then (``closed``: the summary's ``held_at_end``), or
    at one that has a server, all of them busy (``closed=False``: ``queued_at_end``, such as
    the backlog a reopening leaves).

    Each entry: how many (``trains``, and Yiwu's, ``yiwu_trains``), the mean and longest hours
    waited so far, and each train in the order it joined the line (first come, first served):
    ``departure_ids`` (-1: another operator's train) and ``arrive_h`` (hours from the start);
    at a closed crossing also ``reopens_h``, when the window ends (None: not within the known
    windows). These trains are in no table (the borders table holds the crossings finished),
    so a closure running past the end, or a backlog at the end, would show no wait and no
    queue there; the arrivals let a reader draw them waiting up to the end.
    """
    out: dict[str, dict[str, Any]] = {}
    for node, b in lg.borders.items():
        reopens = b.closed_until_h(math.nextafter(end_h, -math.inf))  # in force at the end
        if (reopens is None) == closed:
            continue
        dep, arrive = b.waiting()
        if not dep.size:
            continue
        waited = end_h - arrive
        entry: dict[str, Any] = {
            "trains": int(dep.size),
            "yiwu_trains": int((dep >= 0).sum()),
            "waited_h_mean": round(float(waited.mean()), 1),
            "waited_h_max": round(float(waited.max()), 1),
        }
        if reopens is not None:
            entry["reopens_h"] = None if math.isinf(reopens) else round(float(reopens), 1)
        entry["departure_ids"] = [int(d) for d in dep.tolist()]
        entry["arrive_h"] = [round(float(a), 2) for a in arrive.tolist()]
        out[node] = entry
    return out


def dispatch_summary(lg: Logistics, from_h: float = 0.0) -> dict[str, Any]:
    """Departures the dispatch policy added and cancelled, overall and by line: those due
    from ``from_h`` on (the warm-up's end, as every other count of trains), by the added
    train's departure and the cancelled one's scheduled departure."""
    lines = [r.line.id for r in lg.routes]
    added = [row for row in lg.extra_departures if row[1] >= from_h]
    cancelled = [row for row in lg.cancelled_departures if row[1] >= from_h]

    def by_line(rows: list[tuple[int, float]]) -> dict[str, int]:
        out: dict[str, int] = {}
        for route, _ in rows:
            out[lines[route]] = out.get(lines[route], 0) + 1
        return dict(sorted(out.items()))

    return {
        "trains_added": len(added),
        "trains_cancelled": len(cancelled),
        "added_by_line": by_line(added),
        "cancelled_by_line": by_line(cancelled),
    }


def containers_summary(tables: dict[str, Any], lg: Logistics, sc: Scenario) -> dict[str, Any]:
    """The container balance after the warm-up: load factors both ways, waits for a box,
    empties moved and their TEU-km, leases and their cost, each pool's level at the end."""
    boxes = lg.boxes
    assert boxes is not None
    from_h = sc.warmup_days * 24.0
    o, deps, east = tables["orders"], tables["departures"], tables["eastbound"]
    west = (deps["kind"] == "train") & (deps["departed_h"] >= from_h)
    cap_w = float(deps["capacity_teu"][west].sum())
    since = east["departed_h"] >= from_h
    after = since & (east["kind"] == "train")  # eastbound trains; ships bring empties only
    cap_e = float(east["capacity_teu"][after].sum())
    imports = float(east["import_teu"][after].sum())
    empties = float(east["empty_teu"][after].sum())
    rates = sc.logistics.repositioning
    by_sea = float(east["empty_teu"][since & ~after].sum())
    moving_empties = empties * rates.empty_rail_usd_per_teu + by_sea * rates.empty_sea_usd_per_teu
    # the orders packed after the warm-up (still waiting at the end: waited until then)
    packed = o["packed_h"] >= from_h
    waited = o["box_wait_h"][packed]
    still = packed & np.isnan(o["departed_h"]) & (o["box_wait_h"] > 0)
    n_west = int(west.sum())

    def share(a: float, b: float) -> float | None:
        return round(a / b, 4) if b > 0 else None

    return {
        "westbound_trains": n_west,
        "eastbound_trains": int(after.sum()),
        "return_ratio": share(float(after.sum()), n_west),
        "westbound_load_factor": share(float(deps["teu"][west].sum()), cap_w),
        "eastbound_load_factor": share(imports + empties, cap_e),
        "eastbound_loaded_share": share(imports, imports + empties),
        "import_teu": round(imports, 4),
        "empty_teu_returned": round(empties, 4),
        "empty_teu_returned_by_sea": round(by_sea, 4),
        "empty_teu_km": round(float((east["empty_teu"] * east["km"])[since].sum()), 1),
        "box_wait_days_mean": round(float(waited.mean()) / 24.0, 4) if waited.size else None,
        "orders_waited_for_box": int((waited > 0).sum()),
        "orders_waiting_for_box_at_end": int(still.sum()),
        "teu_days_waited_for_box": round(float((waited * o["teu"][packed]).sum()) / 24.0, 4),
        "leased_teu": boxes.leased,
        "lease_usd": round(boxes.leased * boxes.lease_usd_per_teu, 2),
        "repositioning_usd": round(moving_empties, 2),
        "box_cost_usd": round(boxes.leased * boxes.lease_usd_per_teu + moving_empties, 2),
        "withdrawn_teu": boxes.withdrawn,
        "pools_end_teu": dict(sorted(boxes.level.items())),
        "boxes_owned_teu": boxes.initial + boxes.leased - boxes.withdrawn,
        "eastbound_border_wait_h_mean": east_waits(tables["east_crossings"], from_h),
    }


def east_waits(crossings: dict[str, np.ndarray], from_h: float) -> dict[str, float]:
    """Mean hours eastbound trains (services and background) waited at each crossing, for the
    crossings that served any after ``from_h``."""
    out = {}
    after = crossings["arrive_h"] >= from_h
    for node in sorted(set(crossings["border"].tolist())):
        m = after & (crossings["border"] == node)
        if m.any():
            out[node] = round(float(crossings["wait_h"][m].mean()), 4)
    return out


def check_conservation(tables: dict[str, Any], lg: Logistics) -> None:
    """Every placed order is in exactly one known stage, and every order that left is counted
    on exactly one departure (a container loaded twice on one leg stops the run at once).

    Raises
    ------
    ConservationError
        On any violation: it means a bug, and results are not written.
    """
    o = tables["orders"]
    problems = []
    cols = ["placed_h", *(b for _, b in STAGES.values())]
    missing = {c: np.isnan(o[c]) for c in cols}  # each stage's test once (each is in two pairs)
    departed = ~missing["departed_h"]
    if np.any(departed != (o["departure_id"] >= 0)):
        problems.append("departure times and departures disagree")
    not_left = np.flatnonzero(missing["departed_h"])
    if np.any(~missing["arrived_h"][not_left] & (o["mode"][not_left] == "sea")):
        problems.append("an order crossed the sea without leaving Yiwu")
    for a, b in pairwise(cols):
        if np.any(o[b] < o[a] - 1e-9):  # a comparison with NaN (a stage not reached) is false
            problems.append(f"{b} before {a} for some orders")
        if np.any(missing[a] > missing[b]):  # a missing (True) where b is set (False)
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
    sea = lg.sea.problem()  # every box a feeder brought to a port sailed or still waits
    if sea is not None:
        problems.append(sea)
    if lg.boxes is not None and lg.boxes.balance() != 0:  # every box somewhere, none made
        problems.append(f"boxes not conserved: {lg.boxes.balance():+d} TEU, {lg.boxes.where()}")
    if problems:
        raise ConservationError("conservation check failed: " + "; ".join(problems))
