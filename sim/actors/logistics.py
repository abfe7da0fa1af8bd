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

:class:`Logistics` is built here (its routes, crossings and policies) from parts, one module
each, whose classes it inherits (methods, not wrappers: a step of a train or a cut-off calls
the method itself):

- :mod:`sim.actors.cutoffs`: each route's timetable as it runs, its cut-offs (packing and
  loading), and the moments at which what a booking can know changes;
- :mod:`sim.actors.cutoff_decisions`: the dispatch and roll-over policies at a cut-off;
- :mod:`sim.actors.journeys`: each departure's journey over the network (:class:`Trip`, its
  legs, crossings and detours) and its record while the clock runs;
- :mod:`sim.actors.background_flows`: other operators' trains through the crossings;
- :mod:`sim.actors.departure_tables`: the departures and crossings tables built at the end.

The names of those modules that others read through this one (:class:`Trip`, :class:`Route`,
:data:`Leg`, :data:`KINDS` ...) are kept here too.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import simpy

from sim.actors.background import BackgroundTraffic
from sim.actors.background_flows import BackgroundFlows
from sim.actors.borders import BorderCrossing, Window, windows_for
from sim.actors.cutoffs import CutOffProcess, CutOffs
from sim.actors.departure_tables import DepartureTables
from sim.actors.forwarders import ContainerBook, Forwarder
from sim.actors.journeys import (
    DEPARTURE_COLUMNS,
    KINDS,
    RECENT_WEIGHT,
    Journey,
    Leg,
    Route,
    Trip,
    after_last_crossing,
)
from sim.actors.late_cuts import LateCuts
from sim.actors.loose import LooseGoods
from sim.actors.sailings import Carriers
from sim.actors.timetables import schedule
from sim.policies.base import NetworkView
from sim.policies.dispatch import DispatchPolicy, FixedTimetable
from sim.policies.loading import LoadingPolicy
from sim.policies.rollover import RollOverPolicy
from sim.policies.sailings import FixedSailings, SailingsPolicy
from sim.policies.train_routing import TrainRoutingPolicy
from sim.scenario import LineSpec, Scenario
from sim.world.calendar import MarketCalendar
from sim.world.demand import expected_orders
from sim.world.network import Network
from sim.world.random_streams import RandomStreams
from sim.world.routes import freight_usd_per_teu, onward_road_km, rail_nominal_h

__all__ = [
    "DEPARTURE_COLUMNS",
    "KINDS",
    "RECENT_WEIGHT",
    "CutOffProcess",
    "Journey",
    "Leg",
    "Logistics",
    "Route",
    "Trip",
    "after_last_crossing",
]


class Logistics(CutOffs, BackgroundFlows, DepartureTables):
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
        # every route's loose goods, for the live state
        self.loose = LooseGoods(len(lg.lines), self.horizon_h)
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
        if self.boxes is not None:  # and their eastbound trains, once the routing is known
            self.boxes.start_east_flows()
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
