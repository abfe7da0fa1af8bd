"""Forwarders' departures, trains and the sea route (border crossings: :mod:`sim.actors.borders`).

The flow after a merchant: goods wait at the consolidation point of their route (a rail line or a
sea route). At each departure's cut-off the route's forwarder packs the goods ready then into
containers (:mod:`sim.actors.forwarders`), the loading policy ranks the closed containers waiting
and the departure takes them while they fit; the roll-over policy may then move containers left
behind to another route. A train runs its line edge by edge; at each border crossing it queues
for one of the crossing's servers (gauge change, customs) and is served for a random time. At the
destination the containers are unloaded at the terminal (``terminal_h``) and released to the
buyer after the last-mile time. The sea route runs sea-rail feeder trains from Yiwu to Ningbo, a
port dwell, sailings with a booked capacity (:mod:`sim.actors.sailings`: the carriers may blank
or add sailings), the crossing, and a truck to the destination.

Processes: one per route's timetable (its cut-offs) and one per sea route's sailings; a
departure's journey (:class:`Trip`) and the background trains at crossings run on event
callbacks, each wait of a train one public SimPy timeout with the train's next step as its
callback. The per-actor reference engine runs each cut-off and each train or feeder train as
its own process instead (:mod:`sim.actors.train_process`), through the same steps
(:meth:`Logistics._at_cutoff`, the same :class:`Trip` record). Every decision (packing,
loading, roll-over) is taken when the clock reaches it, on the timetable known then: a line cut
told after the cut-off of a departure it touches is settled when it is told, or at the
departure (:mod:`sim.actors.late_cuts`).

Simultaneous events are handled in the order they were scheduled (SimPy's FIFO rule for equal
times); timetable processes start line by line in line order, so ties are deterministic.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections import Counter
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from simpy.events import Event, Timeout

from sim.actors.background import BackgroundTraffic, BackgroundTrip
from sim.actors.borders import (
    BorderCrossing,
    Train,
    Window,
    edge_hours,
    in_end_order,
    timeout_at,
    windows_for,
)
from sim.actors.forwarders import ContainerBook, Forwarder
from sim.actors.late_cuts import LateCuts, told_rows
from sim.actors.loose import LooseGoods
from sim.actors.records import Columns
from sim.actors.sailings import Carriers
from sim.actors.timetables import added_room, schedule
from sim.policies.base import NetworkView
from sim.policies.dispatch import CutOff, DispatchPolicy, FixedTimetable
from sim.policies.loading import LoadingPolicy
from sim.policies.rollover import RollOverPolicy
from sim.policies.sailings import FixedSailings, SailingsPolicy
from sim.policies.train_routing import Ahead, TrainRoutingPolicy
from sim.scenario import LineSpec, Scenario
from sim.world.calendar import MarketCalendar
from sim.world.checks import CONTAINER_FILL, expected_orders
from sim.world.network import Line, Network
from sim.world.random_streams import RandomStreams, stream_key
from sim.world.routes import freight_usd_per_teu, onward_road_km, rail_nominal_h

KINDS = ("train", "feeder", "sailing")
"""Departure kinds, by code."""

DEPARTURE_COLUMNS = {
    "route": np.int64,
    "rerouted": np.int64,  # 1: took a detour around a closed crossing
    "detour_km": float,  # km added by its detours
    "kind": np.int64,  # index into KINDS
    "departed_h": float,
    "capacity_slots": np.int64,
    "arrived_h": float,
}

_NO_IDS = np.zeros(0, dtype=np.int64)
"""No containers (a departure without room takes none)."""

RECENT_WEIGHT = 0.3
"""Weight of the newest observation in the exponentially weighted 'recent' figures of the live
state (transit times here, waits at crossings): about the last three trains count."""


@dataclass
class Route:
    """A line of the scenario (rail) or a sea route, with what a run needs of it."""

    index: int
    line: Line
    spec: LineSpec
    capacity: int  # container slots per departure, after scale
    forwarder: Forwarder
    nominal_h: float  # typical hours from goods ready to arrival at the line's end
    cost_usd_per_teu: float

    @property
    def mode(self) -> str:
        return self.line.mode


class Logistics:
    """Everything after the merchant: forwarders, departures, crossings, delivery.

    Parameters
    ----------
    env, scenario, net, cal, streams
        The clock, the resolved scenario, the network, the calendar, the random streams.
    loading, rollover
        The loading and roll-over policies.
    one_by_one
        Forwarders pack one order at a time (the per-actor reference engine).
    """

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        net: Network,
        cal: MarketCalendar,
        streams: RandomStreams,
        one_by_one: bool = False,
    ) -> None:
        self.env = env
        self.sc = scenario
        self.net = net
        self.cal = cal
        self.horizon_h = scenario.days * 24.0
        lg = scenario.logistics
        self.cutoff_h = lg.consolidation.cutoff_h
        self.close_partial = lg.consolidation.close_partial
        self.terminal_h = lg.terminal_h
        self.port_dwell = lg.sea.port_dwell_h.sampler(streams.get("port_dwell"))
        self.book = ContainerBook(int(1.1 * expected_orders(scenario)))
        # the departures as plain rows while the clock runs (a row costs a list append, not a
        # numpy write per column); :attr:`departures` gives them as columns
        self._dep_rows: list[tuple[int, int, float, int]] = []  # route, kind, departed_h, slots
        self._dep_arrived: list[float] = []
        self._dep_detour_km: dict[int, float] = {}  # the rerouted departures: km added
        sequence = itertools.count()  # one record order for every crossing of the run
        # other operators' trains, served at the crossings without events of their own
        self.traffic = BackgroundTraffic()
        self.borders = {
            node: BorderCrossing(
                env,
                node,
                spec,
                streams.get(f"border:{node}"),
                windows_for(scenario.disruptions, "node", node, cal),
                sequence,
                self.traffic,
            )
            for node, spec in lg.borders.items()
        }
        self.edge_windows: dict[tuple[str, str], list[Window]] = {}
        for d in scenario.disruptions:
            if d.target == "edge":
                a, b = d.id.split("-")
                self.edge_windows.setdefault((a, b), []).extend(windows_for([d], "edge", d.id, cal))
        self.routes: list[Route] = []
        self.loose = LooseGoods(len(lg.lines))  # every route's loose goods, for the live state
        for i, (lid, spec) in enumerate(lg.lines.items()):
            line = net.lines[lid]
            cap = max(1, round((spec.capacity_teu or line.capacity_teu) * scenario.scale))
            gap_h = 168.0 / max(spec.weekly_rate(), 1e-9)
            if line.mode == "rail":
                nominal = rail_nominal_h(net, line, spec.weekly_rate())
            else:
                feeder_gap = 24.0 / lg.sea.feeder_trains_per_day
                nominal = (
                    feeder_gap / 2
                    + line.edges[0].hours
                    + lg.sea.port_dwell_h.mean()
                    + gap_h / 2
                    + lg.sea.transit_days.mean() * 24.0
                )
            fw = Forwarder(i, self.book, one_by_one, loose=self.loose)
            cost = freight_usd_per_teu(scenario, line)
            self.routes.append(Route(i, line, spec, cap, fw, nominal, cost))
        # per sea route, the feeders' loads waiting at the port: a heap of [available_h, seq,
        # container ids, position of the first not yet on a sailing]
        self.port: dict[int, list[list[Any]]] = {
            r.index: [] for r in self.routes if r.mode == "sea"
        }
        self._port_seq = 0
        # each route's line as journey legs (a sea route's first leg is its feeder's journey)
        self._line_legs = {
            r.index: self._legs(r.line.edges if r.mode == "rail" else r.line.edges[:1])
            for r in self.routes
        }
        # crossings that some disruption closes: only trains with one of them ahead ask the
        # train-routing policy about a detour
        self.closable = {n for n, b in self.borders.items() if b.closures}
        self.train_routing: TrainRoutingPolicy | None = None
        self.rerouted_trains = 0
        self._sched_rng = streams.get("departures")
        self._streams = streams
        # per route: its departures from Yiwu as (cut-off, departure, capacity), and how many
        # have had their cut-off (the live state reads the coming ones)
        self.rows: dict[int, list[tuple[float, float, int]]] = {}
        # each route's line disruptions (for what the timetable says before they are announced)
        self.line_windows: dict[int, list[Window]] = {}
        # per sea route: the times of its sailings with room not known to be blanked (what
        # the live state counts on); the sailings themselves, and the carriers' policy
        self.sailing_times: dict[int, list[float]] = {}
        self.sea = Carriers(self, streams)
        self.sailings: SailingsPolicy = FixedSailings(scenario.logistics.sailings)
        self.next_row: dict[int, int] = {}
        self.timetable_version: dict[int, int] = {}  # bumped when a route's rows change
        self.dispatch: DispatchPolicy = FixedTimetable(scenario.logistics.dispatch)
        self.extra_departures: list[tuple[int, float]] = []  # (route, departure hour)
        self.cancelled_departures: list[tuple[int, float]] = []
        self._decision_h = np.zeros(0)
        self.recent_transit_h: dict[int, float] = {}
        self.dest_ids: list[str] = []  # filled by the model: index -> destination node id
        self.dest_of_order: np.ndarray = np.zeros(0, np.int64)  # set by the model (live view)
        self.onward_h: dict[tuple[int, int], float] = {}  # (route, dest) -> road hours from port
        self.onward_km: dict[tuple[int, int], float] = {}
        self.loading: LoadingPolicy | None = None
        self.rollover: RollOverPolicy | None = None
        self.view: NetworkView | None = None
        # the container pools, sim.actors.containers.BoxPools (None: boxes never short); typed
        # loosely, since that module builds on this one (its eastbound trips are Trips)
        self.boxes: Any = None
        # how departures run: in the batched engine a timetable process per route and each
        # journey on callbacks; the per-actor engine installs a process per cut-off and per
        # train (sim.actors.train_process.run_as_processes, which builds on this module)
        self.one_by_one = one_by_one
        self.cutoff_process: CutOffProcess | None = None
        self.launch: Callable[[Trip, float], None] = self._start
        # the routes whose line disruptions are told after cut-offs they touch: their trains
        # are loaded as published and settled when the cut is felt (None: no such route)
        self.late: LateCuts | None = None

    # ----------------------------------------------------------------- set-up

    def set_destinations(self, dest_ids: list[str]) -> None:
        """Fix the destination index and the road legs from each sea port."""
        self.dest_ids = dest_ids
        sea = self.sc.logistics.sea
        for r in self.routes:
            if r.mode != "sea":
                continue
            port = r.line.destination
            for di, d in enumerate(dest_ids):
                km = onward_road_km(self.sc, self.net, port, d)
                self.onward_km[(r.index, di)] = km
                self.onward_h[(r.index, di)] = km / sea.onward_road_kmh

    def start(
        self,
        loading: LoadingPolicy,
        rollover: RollOverPolicy,
        view: NetworkView,
        train_routing: TrainRoutingPolicy | None = None,
    ) -> None:
        """Start the background traffic (per crossing, and flows through several) and every
        route's timetable."""
        self.loading, self.rollover, self.view = loading, rollover, view
        self.train_routing = train_routing if train_routing and train_routing.active else None
        env = self.env
        for node in sorted(self.borders):
            self.borders[node].start_background(self.horizon_h)
        self.start_background_flows(self._streams)
        sea = self.sc.logistics.sea
        weekday = self.sc.start.weekday()  # a timetable's weekday 0 is a Monday
        for r in self.routes:
            windows = windows_for(self.sc.disruptions, "line", r.line.id, self.cal)
            if windows:
                self.line_windows[r.index] = windows
            deps = schedule(r.spec, r.index, self.horizon_h, self._sched_rng, windows, weekday,
                            self._window_rng(r.line.id))  # fmt: skip
            if r.mode == "rail":
                rows = self._cutoffs(deps, r.capacity)
                told = self._told_rows(r, windows, deps) if windows else None
                if told is not None:  # a cut told after cut-offs it touches
                    rows = told
                env.process(self._timetable(r, rows, self._train))
            else:
                feeder = LineSpec(trains_per_week=sea.feeder_trains_per_day * 7)
                feeders = schedule(feeder, r.index + 101, self.horizon_h, self._sched_rng, [])
                rows = self._cutoffs(
                    feeders, max(1, round(sea.feeder_capacity_teu * self.sc.scale))
                )
                env.process(self._timetable(r, rows, self._feeder))
                self.sea.start(r, deps)  # its sailings from the port (sim.actors.sailings)
            self.rows[r.index] = rows
            self.next_row[r.index] = 0
        self._decision_h = self._decision_moments()
        if self.late is not None:
            self.late.start()

    def _told_rows(
        self, r: Route, windows: list[Window], deps: list[tuple[float, float]]
    ) -> list[tuple[float, float, int]] | None:
        """The rail route's departures as its forwarder meets them when a line disruption on
        it is told after the run's start (:func:`sim.actors.late_cuts.told_rows`), else None."""
        out = told_rows(
            r.index, windows, deps, lambda known: self.published_departures(r.index, known),
            r.capacity, self.cutoff_h, self.env.now,
        )  # fmt: skip
        if out is None:
            return None
        if self.late is None:
            self.late = LateCuts(self)
        self.late.add(out[1])
        return out[0]

    def _window_rng(self, line_id: str) -> np.random.Generator:
        """A fresh generator of the stream a Poisson line draws from inside its disruptions'
        windows (``departures:<line>``), from its first draw."""
        seq = np.random.SeedSequence(
            entropy=self._streams.seed, spawn_key=(stream_key(f"departures:{line_id}"),)
        )
        return np.random.Generator(np.random.PCG64(seq))

    def published_departures(self, route: int, known: list[Window]) -> list[tuple[float, float]]:
        """The route's departures (times, capacity factors) as the timetable published with
        only the line disruptions ``known`` shows them: what a forwarder expects before a
        disruption is announced, the departures the line runs without the others.

        A Poisson line's departures outside its windows are drawn as :meth:`start` draws them,
        from a fresh copy of the departures stream after the lines before it, which draw the
        same numbers whatever their disruptions (:func:`schedule`); inside ``known`` windows
        from the line's own stream. (A stream of the line's own, as this once drew from, showed
        other trains than the line runs: an unannounced disruption changed quotes and routes
        before anyone knew of it.) The same at every call; the run's draws do not move."""
        weekday = self.sc.start.weekday()
        rng = np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(entropy=self._streams.seed,
                                                   spawn_key=(stream_key("departures"),)))
        )  # fmt: skip
        for r in self.routes[:route]:  # their draws outside windows, in route order
            if r.spec.poisson_per_week is not None:
                schedule(r.spec, r.index, self.horizon_h, rng, [], weekday)
        r = self.routes[route]
        window_rng = self._window_rng(r.line.id)
        return schedule(r.spec, r.index, self.horizon_h, rng, known, weekday, window_rng)

    def _decision_moments(self) -> np.ndarray:
        """The moments at which what a booking can know changes at once: every departure's
        cut-off and every disruption's announcement (clock hours, sorted, unique)."""
        cuts = [c for rows in self.rows.values() for c, _, cap in rows if cap > 0]
        cal = self.cal
        told = [cal.hour_at(d.announced or d.start) for d in self.sc.disruptions]
        return np.unique(np.asarray(cuts + told + self.sea.moments, dtype=float))

    def add_decision_moment(self, at_h: float) -> None:
        """A moment added while the clock runs (an extra sailing): no booking slice spans it."""
        self._decision_h = np.unique(np.append(self._decision_h, at_h))

    def decision_times_h(self, lo: float, hi: float) -> np.ndarray:
        """Cut-offs and announcements in [``lo``, ``hi``): the demand books no slice of
        orders across one (:mod:`sim.actors.demand`)."""
        t = self._decision_h
        a, b = np.searchsorted(t, (lo, hi), side="left").tolist()
        return t[a:b]

    def _cutoffs(
        self, deps: list[tuple[float, float]], capacity: int
    ) -> list[tuple[float, float, int]]:
        """Each departure's cut-off, time and capacity in slots (0: no room, no cut-off)."""
        out = []
        now = self.env.now
        for dep_h, cap_factor in deps:
            now = max(dep_h - self.cutoff_h, now)
            out.append((now, dep_h, max(0, round(capacity * cap_factor))))
        return out

    # ----------------------------------------------------------------- forwarders at a cut-off

    def _timetable(
        self,
        r: Route,
        rows: list[tuple[float, float, int]],
        journey: Callable[[Route, float, int, np.ndarray], Trip],
    ) -> Generator[Any, Any, None]:
        """At each departure's cut-off, pack the goods ready, load by the loading policy, let
        the roll-over policy act on what is left, ask the dispatch policy (rail), then start
        the journey. ``rows`` may grow while the clock runs: extra departures are inserted
        after the current one. In the per-actor engine this is the first departure's cut-off
        process (:attr:`cutoff_process`: :func:`sim.actors.train_process.cutoff`), and each
        cut-off starts the next."""
        env = self.env
        if self.cutoff_process is not None:  # per-actor: this is the first cut-off's process
            if rows:
                yield from self.cutoff_process(self, r, rows, 0, journey)
            return
        k = 0
        while k < len(rows):
            cut = rows[k][0]
            if cut > env.now:
                yield env.timeout(cut - env.now)
            self._at_cutoff(r, rows, k, journey)
            k += 1

    def _at_cutoff(
        self,
        r: Route,
        rows: list[tuple[float, float, int]],
        k: int,
        journey: Callable[[Route, float, int, np.ndarray], Trip],
    ) -> None:
        """Departure ``k`` of route ``r`` at its cut-off (the clock's time now): pack, load,
        let the dispatch policy cancel it or add one after it (rail), let the roll-over policy
        act on what is left, and start its journey unless cancelled."""
        env = self.env
        fw = r.forwarder
        assert self.loading is not None and self.view is not None
        dispatch = self.dispatch if (self.dispatch.active and r.mode == "rail") else None
        row, extra = rows[k], False
        late = self.late
        if late is not None:  # (an extra called off when a cut was told: no cut-off)
            settled = late.settle(r.index, rows, k)
            if settled is None:
                self.next_row[r.index] = k + 1
                return
            row, extra = settled
        cutoff_h, dep_h, cap = row
        k += 1
        self.next_row[r.index] = k
        ids = _NO_IDS
        if cap > 0:
            new = fw.pack(cutoff_h, self.close_partial)
            if self.boxes is not None:  # closed containers take boxes, if there are any
                self.boxes.at_cutoff(r, new, env.now)
            if fw.queue.size:
                c = self.book.cols
                rank = self.loading.order(
                    c["closed_h"][fw.queue], c["deadline_h"][fw.queue], r.index, self.view
                )
                ids = fw.load(cap, env.now, rank)
            if dispatch is not None and self._dispatch(r, rows, k, dep_h, cap, ids):
                fw.put_back(ids, env.now)
                self._roll_over(r)
                return  # cancelled: no journey
            self._roll_over(r)
        if self.boxes is not None:
            self.boxes.depart(self.book, ids)
        trip = journey(r, dep_h, cap, ids)
        if late is not None:  # held while a cut on it is not told
            late.loaded(r.index, row, trip, extra)

    def _dispatch(
        self,
        r: Route,
        rows: list[tuple[float, float, int]],
        k: int,
        dep_h: float,
        cap: int,
        ids: np.ndarray,
    ) -> bool:
        """Ask the dispatch policy at a rail cut-off; add the extra departure it asks for
        (after row ``k - 1``); returns whether this departure is cancelled."""
        fw = r.forwarder
        c = self.book.cols
        loaded = int(c["slots"][ids].sum()) if ids.size else 0
        left = int(c["slots"][fw.queue].sum()) if fw.queue.size else 0
        left += math.ceil(fw.loose_teu(self.env.now) / CONTAINER_FILL)
        assert self.view is not None
        decision = self.dispatch.at_cutoff(CutOff(r.index, dep_h, cap, loaded, left), self.view)
        # a train the run would not see leave is not added (the timetable ends there too)
        at = None if decision.add_at_h is None else float(decision.add_at_h)
        room = None  # none inside a suspension of the line; under a capacity cut, its share
        late = self.late if self.late is not None and r.index in self.late.routes else None
        if at is not None and at < self.horizon_h:
            if late is not None:  # as known now
                room = late.extra_room(r.index, at)
            else:
                room = added_room(r.capacity, self.line_windows.get(r.index, ()), at)
        if at is not None and room is not None:
            row = (max(at - self.cutoff_h, self.env.now), at, room)
            # in cut-off order, and among cut-offs at one moment (clamped to the clock: the
            # run's start, a cut told late) in departure order: the train that leaves first
            # loads first, so under ``fifo`` the oldest goods take it, not a later train's
            where = bisect.bisect_right([x[:2] for x in rows], row[:2], lo=k)
            rows.insert(max(where, k), row)
            if late is not None:
                late.extra_added(r.index, row)
            self.timetable_version[r.index] = self.timetable_version.get(r.index, 0) + 1
            self._decision_h = np.unique(np.append(self._decision_h, row[0]))
            self.extra_departures.append((r.index, at))
        if decision.cancel:
            self.cancelled_departures.append((r.index, dep_h))
        return decision.cancel

    def _roll_over(self, r: Route) -> None:
        """Ask the roll-over policy about the containers the departure left behind."""
        fw = r.forwarder
        if not fw.queue.size or self.rollover is None or self.view is None:
            return
        c = self.book.cols
        first = c["first"][fw.queue]
        dest = self.dest_of_order[self.book.members["oid"][first]]
        target = self.rollover.move(r.index, c["closed_h"][fw.queue], dest, self.view)
        if target is None:
            return
        moving = np.flatnonzero(target >= 0)
        boxless = fw.queue_from_h[moving] == math.inf  # waiting for a box: still waiting there
        ids = fw.remove(moving)
        now = self.env.now
        switch = self.sc.logistics.consolidation.rollover.switch_h
        for to in np.unique(target[moving]).tolist():
            going = target[moving] == to
            sel = ids[going]
            c["route"][sel] = to
            c["rolled_h"][sel] = now
            from_h = np.full(sel.size, now + switch)
            if self.boxes is not None:
                from_h[boxless[going]] = math.inf
                self.boxes.moved(sel[boxless[going]], to)
            self.routes[to].forwarder.join(sel, from_h)

    def _board(self, did: int, ids: np.ndarray, first_leg: bool) -> None:
        """Containers ``ids`` leave on departure ``did`` (their orders follow them)."""
        if ids.size:
            self.book.cols["departure" if first_leg else "sailing"][ids] = did

    def _new_departure(self, route: int, kind: int, cap: int, now: float) -> int:
        """Record a departure leaving at ``now`` (the clock's time); returns its id."""
        rows = self._dep_rows
        rows.append((route, kind, now, cap))
        self._dep_arrived.append(math.nan)
        return len(rows) - 1

    @property
    def departures(self) -> Columns:
        """The departures so far, one row each, as columns (:data:`DEPARTURE_COLUMNS`): a
        snapshot built on each access from the rows the run keeps (writes to it do not reach
        the run)."""
        cols = Columns(DEPARTURE_COLUMNS, capacity=max(len(self._dep_rows), 1))
        rows = self._dep_rows
        n = len(rows)
        rerouted = np.zeros(n, dtype=np.int64)
        detour_km = np.zeros(n)
        if self._dep_detour_km:
            did = np.fromiter(self._dep_detour_km, dtype=np.int64)
            rerouted[did] = 1
            detour_km[did] = list(self._dep_detour_km.values())
        route, kind, departed, slots = zip(*rows, strict=True) if rows else ((), (), (), ())
        cols.extend(
            route=np.array(route, dtype=np.int64), rerouted=rerouted, detour_km=detour_km,
            kind=np.array(kind, dtype=np.int64), departed_h=np.array(departed, dtype=float),
            capacity_slots=np.array(slots, dtype=np.int64),
            arrived_h=np.array(self._dep_arrived, dtype=float),
        )  # fmt: skip
        return cols

    def _legs(self, edges: Iterable[Any]) -> list[Leg]:
        """The legs of a journey over ``edges``: nominal hours, the disruption windows of the
        edge, the border crossing at its end (if any) and the node it ends at. Consecutive
        edges of one mode without a crossing or a disruption between them run as one leg (one
        timeout): a train decides again (train routing) and queues only at the end of a leg."""
        out: list[Leg] = []
        mode = None
        for e in edges:
            windows = tuple(self.edge_windows.get((e.src, e.dst), ()))
            border = self.borders.get(e.dst)
            if out and mode == e.mode and not windows and not out[-1][1] and out[-1][2] is None:
                hours, _, _, _, km = out[-1]
                out[-1] = (hours + e.hours, (), border, e.dst, km + e.km)
            else:
                out.append((e.hours, windows, border, e.dst, e.km))
            mode = e.mode
        return out

    def legs_for(self, edges: Iterable[Any]) -> list[Leg]:
        """Journey legs over ``edges`` (a detour), creating the crossings it passes that the
        scenario did not list, with the data's dwell (as scenario resolution does)."""
        edges = list(edges)
        for e in edges:
            if e.dst not in self.borders and self.net.nodes[e.dst].kind == "border":
                raise KeyError(f"detour through {e.dst}, a crossing the scenario did not resolve")
        return self._legs(edges)

    def background_on_clock(self) -> bool:
        """Whether the westbound background trains run on the clock, an event per crossing:
        when a crossing ahead may close and a train-routing policy is on, each may be sent
        round the closure, a decision that reads the state at its moment. Otherwise nothing
        they do reads the state, and they are served without events
        (:mod:`sim.actors.background`)."""
        return bool(self.closable) and self.train_routing is not None

    def start_background_flows(self, streams: RandomStreams) -> None:
        """Other China-Europe trains: each flow's Poisson arrivals enter at its first crossing
        and run its path, queueing once at each crossing on it (no departure records; their
        crossings are in the crossings table with departure -1)."""
        horizon = self.horizon_h
        names = [flow.name for flow in self.sc.logistics.background_flows]
        for flow in self.sc.logistics.background_flows:
            rate_per_h = flow.trains_per_day / 24.0
            if rate_per_h <= 0:
                continue
            entry = self.borders[flow.path[0]]
            edges = [self.net.edge(a, b, "rail") for a, b in zip(flow.path, flow.path[1:])]
            legs = self._legs(edges)
            rng = streams.get(f"background:{flow.name}")
            batch = 1 if names.count(flow.name) > 1 else 4096  # a shared stream: as drawn
            self._flow_arrivals(entry, legs, rate_per_h, rng, horizon, flow.path[0], batch)

    def _flow_arrivals(
        self,
        entry: BorderCrossing,
        legs: list[Leg],
        rate_per_h: float,
        rng: np.random.Generator,
        horizon_h: float,
        at: str,
        batch: int = 4096,
        kind: type[Trip] | None = None,
    ) -> None:
        """A flow's Poisson arrivals at its first crossing ``entry`` until ``horizon_h``, each
        a train over ``legs``.

        When no decision of theirs reads the state (:meth:`background_on_clock`), each is a
        :class:`~sim.actors.background.BackgroundTrip` whose arrivals are moments of the run's
        :class:`~sim.actors.background.BackgroundTraffic` (no event); otherwise each is a
        :class:`Trip` (of class ``kind``: an eastbound flow's are
        :class:`sim.actors.containers.EastTrip`, which never take a detour) whose arrival is
        one timeout carrying the trip.

        The gaps are drawn ``batch`` at a time: the same numbers as one draw per arrival, as
        long as no other flow draws from ``rng`` in between (a stream shared by two flows is
        drawn one gap at a time).
        """
        empty = np.zeros(0, dtype=np.int64)
        stop = after_last_crossing(legs)
        env = self.env
        make = Trip if kind is None else kind
        traffic = None if kind is None and self.background_on_clock() else self.traffic
        gaps: list[float] = []
        i = 0

        def arrive(event: Event) -> None:
            trip: Trip = event.value  # type: ignore[assignment]  # what the timeout carries
            now = trip.t  # read first: a train served at once has its end of service as t
            entry.arrive_on_clock(trip, now)
            next_arrival(now)

        def arrive_at(trip: BackgroundTrip, now: float) -> None:
            entry.arrive_at(trip, now)
            next_arrival(now)

        def next_arrival(now: float) -> None:
            nonlocal gaps, i
            if i == len(gaps):
                gaps = rng.exponential(1.0 / rate_per_h, batch).tolist()
                i = 0
            gap = gaps[i]
            i += 1
            if now + gap >= horizon_h:
                return
            if traffic is not None:
                lazy = BackgroundTrip(-1, now + gap, legs, stop, traffic)
                traffic.at(lazy.t, arrive_at, lazy)
            else:
                trip = make(self, None, -1, 0, empty, legs, None, at, stop)
                trip.departure = -1  # a background train (an eastbound trip says otherwise)
                trip.t = now + gap  # the sum SimPy schedules it at
                Timeout(env, gap, trip).callbacks.append(arrive)

        next_arrival(self.env.now)

    def _start(self, trip: Trip, dep_h: float) -> None:
        now = self.env.now
        if dep_h > now:
            trip.t = now + (dep_h - now)  # the sum SimPy schedules it at
            Timeout(self.env, dep_h - now).callbacks.append(trip.depart)
        else:
            trip.t = now
            trip.depart()

    # ----------------------------------------------------------------- rail

    def _train(self, r: Route, dep_h: float, cap: int, ids: np.ndarray) -> Trip:
        """A train leaves at ``dep_h`` with containers ``ids`` and runs its line."""
        trip = Trip(self, r, 0, cap, ids, self._line_legs[r.index], self._train_in)
        self.launch(trip, dep_h)
        return trip

    def _train_in(self, trip: Trip) -> None:
        if self.boxes is not None:  # the boxes join the terminal's pool; the set may turn round
            self.boxes.train_in(trip, self.terminal_h)
        if self.terminal_h > 0:  # unloading at the destination terminal
            trip.t += self.terminal_h  # the sum SimPy schedules it at
            Timeout(self.env, self.terminal_h).callbacks.append(trip.arrive)
        else:
            trip.arrive()

    def _arrive(self, did: int) -> None:
        """Departure ``did`` has arrived (its orders' arrival times follow after the run)."""
        now = self.env.now
        self._dep_arrived[did] = now
        route, kind, departed, _ = self._dep_rows[did]
        if kind != 1:  # trains and sailings: the route's recent transit time
            took = now - departed
            old = self.recent_transit_h.get(route)
            self.recent_transit_h[route] = (
                took if old is None else old + RECENT_WEIGHT * (took - old)
            )

    # ----------------------------------------------------------------- sea

    def _feeder(self, r: Route, dep_h: float, cap: int, ids: np.ndarray) -> Trip:
        """A sea-rail feeder leaves at ``dep_h`` with containers ``ids`` for Ningbo."""
        trip = Trip(self, r, 1, cap, ids, self._line_legs[r.index], self._feeder_in)
        self.launch(trip, dep_h)
        return trip

    def _feeder_in(self, trip: Trip) -> None:
        """At the port: the containers wait for the port dwell, then for a sailing."""
        trip.arrive()
        available = self.env.now + self.port_dwell()
        if trip.ids.size and trip.route is not None:
            self._port_seq += 1
            heapq.heappush(self.port[trip.route.index], [available, self._port_seq, trip.ids, 0])

    # ----------------------------------------------------------------- tables

    def departures_table(self) -> dict[str, np.ndarray]:
        """One row per departure (train, feeder, sailing): what it carried and its waits."""
        cols = self.departures
        d = cols.frozen()
        c = self.book.cols
        n = cols.n
        slots, goods, orders = np.zeros(n), np.zeros(n), np.zeros(n)
        for col in ("departure", "sailing"):
            # the containers' departures shifted by one, as the index type once: a container
            # on none (-1) counts in bin 0, which is dropped, so no selection of the rows on
            # one (each departure's containers are added in the same order as before)
            did = c[col].astype(np.intp)
            did += 1
            for total, values in ((slots, "slots"), (goods, "load_teu"), (orders, "n_orders")):
                total += np.bincount(did, weights=c[values], minlength=n + 1)[1:]
        # (whole numbers summed as doubles: exact far beyond any run's counts)
        orders = orders.astype(np.int64)
        wait = np.zeros(n)
        for b in self.borders.values():
            did, waits = b.own_waits()
            if did.size:
                wait += np.bincount(did, weights=waits, minlength=n)
        table = {
            "departure_id": np.arange(n, dtype=np.int64),
            # text as objects, the routes' own names (the rule of sim.results.table)
            "line": np.array([r.line.id for r in self.routes], dtype=object)[d["route"]],
            "kind": np.array(KINDS, dtype=object)[d["kind"]],
            "departed_h": d["departed_h"],
            "capacity_teu": d["capacity_slots"],
            "teu": slots,
            "goods_teu": goods,
            "orders": orders,
            "arrived_h": d["arrived_h"],
            "border_wait_h": wait,
            "rerouted": d["rerouted"],
            "detour_km": d["detour_km"],
            "extra": self._is_extra(d["route"], d["kind"], d["departed_h"]).astype(np.int64),
        }
        if self.sailings.active:  # which sailings the carriers blanked
            table["blanked"] = self.sea.blanked_column(n)
        return table

    def _is_extra(self, route: np.ndarray, kind: np.ndarray, departed: np.ndarray) -> np.ndarray:
        """Whether each departure was added by the dispatch policy (a train) or the sailings
        policy (an extra loader), not in the timetable. An extra may leave at the hour of a
        published departure of its route (the dispatch policy's ``lead_h`` equal to the
        cut-off): of the departures of a route at one hour, as many are flagged as were added
        there, the last ones (an extra is inserted after the departure whose cut-off asked for
        it, so it leaves after it)."""
        out = np.zeros(route.size, dtype=bool)
        _flag_last(out, Counter(self.extra_departures), route, kind == 0, departed)
        loaders = self.sea.added()
        if loaders:
            sailed = (kind == 2) & ~np.isin(np.arange(route.size), list(self.sea.blanked))
            _flag_last(out, loaders, route, sailed, departed)
        return out

    def crossings_table(self) -> dict[str, np.ndarray]:
        """One row per border crossing served (Yiwu's departures and background trains), in
        the order the crossings ended."""
        logs = [b.records() for b in self.borders.values()]
        rec = np.concatenate(logs) if logs else np.zeros((0, 5))
        nodes = np.repeat(
            np.array([b.node for b in self.borders.values()], dtype=object), [len(x) for x in logs]
        )
        order = in_end_order(rec)  # each crossing's records are in order: merged
        rec, nodes = rec[order], nodes[order]
        return {
            "departure_id": rec[:, 1].astype(np.int64),
            "border": nodes,
            "arrive_h": rec[:, 2].copy(),
            "start_h": rec[:, 3].copy(),
            "end_h": rec[:, 4].copy(),
            "wait_h": rec[:, 3] - rec[:, 2],
        }


Journey = Callable[[Route, float, int, np.ndarray], "Trip"]
"""Starts a departure's journey: route, departure hour, capacity in slots, containers; returns
its record."""

CutOffProcess = Callable[
    [Logistics, Route, list[tuple[float, float, int]], int, Journey], Generator[Any, Any, None]
]
"""A departure's cut-off as a process (the per-actor engine): logistics, route, the route's
departures, the departure's row, how its journey starts."""

Leg = tuple[float, tuple[Window, ...], BorderCrossing | None, str, float]
"""A stretch of a journey: nominal hours, its disruption windows, the border crossing at its end
(or None), the node it ends at and its length in km."""


def after_last_crossing(legs: list[Leg]) -> int:
    """How many of ``legs`` a background train runs: up to the last crossing's (nothing that
    happens to it after its last crossing is recorded or seen by anyone)."""
    return max((k + 1 for k, leg in enumerate(legs) if leg[2] is not None), default=0)


class Trip(Train):
    """A departure on its way: boards at its time, then runs its legs one timeout each, queues
    at each border crossing, and hands over to ``finish`` at the end (None: a background
    train, which leaves the model after its last crossing). A background train is a trip
    without a departure (``departure`` -1) that starts in the line at its first crossing, and
    ends after its last crossing (``stop``: the legs it runs).

    Driven by event callbacks rather than a SimPy process: a journey is a straight line of
    waits, so a process (its start and end events, a generator resumed at every leg, an event
    per crossing) only added cost. Each of its waits is one public timeout whose callback is
    the trip's next step (see :class:`sim.actors.borders.Train`). A crossing decides the
    train's service when it arrives and the trip schedules its next leg from the end of that
    service at once (:meth:`onward`), or, when something must be decided then, the crossing
    calls :meth:`served` (:meth:`go`) at that end. Before each leg, if a crossing that a
    disruption closes lies ahead, the train-routing policy may send the train another way
    (:meth:`_maybe_reroute`).
    """

    __slots__ = ("at", "cap", "finish", "ids", "kind", "leg", "legs", "lg", "rerouted", "route",
                 "stop")  # fmt: skip

    def __init__(
        self,
        lg: Logistics,
        route: Route | None,
        kind: int,
        cap: int,
        ids: np.ndarray,
        legs: list[Leg],
        finish: Callable[[Trip], None] | None,
        at: str = "YIW",
        stop: int | None = None,
    ) -> None:
        self.departure = -1
        self.lg, self.route, self.kind, self.cap = lg, route, kind, cap
        self.ids = ids
        self.legs, self.leg, self.finish = legs, 0, finish
        self.stop = len(legs) if stop is None else stop
        self.at = at  # the node the trip starts from
        self.rerouted = False

    def depart(self, _: object = None) -> None:
        """Leave Yiwu with its containers (at ``t``, the clock's time), unless a line cut not
        told at its cut-off cancels it now or earlier (:mod:`sim.actors.late_cuts`)."""
        lg = self.lg
        assert self.route is not None
        if lg.late is not None and not lg.late.departs(self):
            return
        self.departure = lg._new_departure(self.route.index, self.kind, self.cap, self.t)
        lg._board(self.departure, self.ids, first_leg=True)
        self.go()

    def go(self, wait: object = None) -> None:
        """Run the next leg (or finish): one timeout, then the border at its end, if any (as
        the callback of a leg's end, ``wait`` is its timeout; from a crossing, the hours it
        waited there)."""
        i = self.leg
        if i == self.stop:
            if self.finish is not None:
                self.finish(self)
            return
        lg = self.lg
        if lg.closable and lg.train_routing is not None:
            self._maybe_reroute(i)
        hours, windows, border, _, _ = self.legs[i]
        self.leg = i + 1
        t = self.t
        if windows:  # most edges have none: no call on the commonest path of a journey
            hours = edge_hours(hours, windows, t)
        self.t = end = t + hours  # the sum SimPy schedules it at
        env = lg.env
        now = env.now
        if now != t:
            # from a crossing, the leg starts at the end of a service decided before the
            # clock got there (see onward): a timeout that lands on that very sum (nearly
            # always ``end - now`` itself, tried here first: this is the commonest step of
            # a background train; timeout_at finds the delay when it is not)
            d = end - now
            if border is None:
                if now + d == end:
                    Timeout(env, d).callbacks.append(self.go)
                else:
                    timeout_at(env, end, None, self.go)
            elif now + d == end:
                Timeout(env, d, self).callbacks.append(border.reach)
            else:
                timeout_at(env, end, self, border.reach)
        elif border is None:
            Timeout(env, hours).callbacks.append(self.go)
        else:  # the crossing takes the train from the timeout's value
            Timeout(env, hours, self).callbacks.append(border.reach)

    served = go  # leaving a crossing: on to the next leg

    def onward(self) -> bool:
        """A crossing has decided the train's service (``t`` is its end): the next leg is
        scheduled from that end at once, unless something must be decided at the end itself
        (a detour, by the train-routing policy reading the network then; the journey's end).
        A background train leaves the model after its last crossing: nothing follows."""
        if self.leg == self.stop:
            return self.finish is None
        lg = self.lg
        if lg.closable and lg.train_routing is not None:
            return False
        self.go()
        return True

    def _maybe_reroute(self, i: int) -> None:
        lg = self.lg
        legs = self.legs
        ahead = [leg[3] for leg in legs[i:]]
        if lg.closable.isdisjoint(ahead) or lg.view is None or lg.train_routing is None:
            return
        hours_to = []  # hours until the train reaches each node ahead (before its service)
        total = 0.0
        for hours, _, border, _, _ in legs[i:]:
            total += hours
            hours_to.append(total)
            total += border.spec.service_h.mean() if border is not None else 0.0
        here = legs[i - 1][3] if i > 0 else self.at
        # at its origin a line's train has the journey dwell ahead (its first leg carries it):
        # the same on a detour, whose graph edges do not carry it
        fixed = self.route.line.journey_dwell_h if i == 0 and self.route is not None else 0.0
        path = lg.train_routing.reroute(
            Ahead(here, tuple(ahead), tuple(hours_to), ahead[-1], fixed), lg.view
        )
        if path is not None:
            new = lg.legs_for(path)
            if fixed and new:
                hours, windows, border, node, km = new[0]
                new[0] = (hours + fixed, windows, border, node, km)
            self.legs = legs[:i] + new
            self.stop = len(self.legs) if self.route is not None else after_last_crossing(self.legs)
            did = self.departure
            if did >= 0:
                if not self.rerouted:
                    lg.rerouted_trains += 1
                extra = sum(leg[4] for leg in new) - sum(leg[4] for leg in legs[i:])
                lg._dep_detour_km[did] = lg._dep_detour_km.get(did, 0.0) + extra
            self.rerouted = True

    def arrive(self, _: object = None) -> None:
        self.lg._arrive(self.departure)


def _flag_last(
    out: np.ndarray,
    added: Counter[tuple[int, float]],
    route: np.ndarray,
    eligible: np.ndarray,
    departed: np.ndarray,
) -> None:
    """Flag in ``out``, for each (route, hour) added ``n`` times, the last ``n`` eligible
    departures of that route at that hour (in departure order)."""
    if not added:
        return
    seen: dict[tuple[int, float], list[int]] = {}
    for i in np.flatnonzero(eligible).tolist():
        key = (int(route[i]), float(departed[i]))
        if key in added:
            seen.setdefault(key, []).append(i)
    for key, rows in seen.items():
        for i in rows[len(rows) - added[key] :] if added[key] < len(rows) else rows:
            out[i] = True
