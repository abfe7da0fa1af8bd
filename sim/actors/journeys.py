"""Departures on their way: each journey over the rail graph, leg by leg, and its record.

A departure from Yiwu (a train of a line, or a sea route's feeder train to Ningbo) is a
:class:`Trip`: it boards its containers at its time, runs its legs one timeout each, queues at
each border crossing it reaches (:mod:`sim.actors.borders`), and hands over at its end: a
train to the terminal's unloading and its arrival, a feeder train to the port, where its
containers wait for a sailing (:mod:`sim.actors.sailings`). Before each leg, when a crossing
that a disruption closes lies ahead, the train-routing policy may send the train round it (a
detour over the network's graph, :meth:`Journeys.legs_for`). Other operators' trains on the
clock are trips without a departure (:mod:`sim.actors.background_flows`).

:class:`Journeys` is the part of :class:`sim.actors.logistics.Logistics` that starts these
trips and keeps what every departure leaves behind while the clock runs (one row each, its
arrival, its detours, each route's recent transit time); the tables built from those rows at
the end are in :mod:`sim.actors.departure_tables`.

See Also
--------
sim.actors.logistics : the run's logistics, built from this and its sibling parts.
sim.actors.cutoffs : the timetable process that starts a journey at each cut-off.
sim.actors.train_process : the per-actor engine, which runs the same :class:`Trip` as a process.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from simpy.events import Timeout

from sim.actors.borders import BorderCrossing, Train, Window, edge_hours, timeout_at
from sim.actors.forwarders import ContainerBook, Forwarder
from sim.actors.late_cuts import LateCuts
from sim.actors.records import Columns
from sim.policies.base import NetworkView
from sim.policies.train_routing import Ahead, TrainRoutingPolicy
from sim.scenario import LineSpec
from sim.world.network import Line, Network

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


Leg = tuple[float, tuple[Window, ...], BorderCrossing | None, str, float]
"""A stretch of a journey: nominal hours, its disruption windows, the border crossing at its end
(or None), the node it ends at and its length in km."""


def after_last_crossing(legs: list[Leg]) -> int:
    """How many of ``legs`` a background train runs: up to the last crossing's (nothing that
    happens to it after its last crossing is recorded or seen by anyone)."""
    return max((k + 1 for k, leg in enumerate(legs) if leg[2] is not None), default=0)


class Journeys:
    """Departures' journeys and their record (a part of :class:`sim.actors.logistics.Logistics`,
    which sets every attribute below)."""

    env: simpy.Environment
    net: Network
    book: ContainerBook
    borders: dict[str, BorderCrossing]
    edge_windows: dict[tuple[str, str], list[Window]]
    terminal_h: float
    port_dwell: Callable[[], float]
    port: dict[int, list[list[Any]]]
    _port_seq: int
    _line_legs: dict[int, list[Leg]]
    launch: Callable[[Trip, float], None]
    boxes: Any
    late: LateCuts | None
    closable: set[str]
    train_routing: TrainRoutingPolicy | None
    view: NetworkView | None
    rerouted_trains: int
    recent_transit_h: dict[int, float]
    _dep_rows: list[tuple[int, int, float, int]]
    _dep_arrived: list[float]
    _dep_detour_km: dict[int, float]

    # ----------------------------------------------------------------- the record

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

    # ----------------------------------------------------------------- legs

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

    # ----------------------------------------------------------------- starting

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


Journey = Callable[[Route, float, int, np.ndarray], "Trip"]
"""Starts a departure's journey: route, departure hour, capacity in slots, containers; returns
its record."""


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
        lg: Journeys,
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

    eastbound = False
    """Whether the trip runs the network's edges backwards, towards Yiwu (its detours are
    searched so: :class:`sim.actors.containers.EastTrip`)."""

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
            Ahead(here, tuple(ahead), tuple(hours_to), ahead[-1], fixed, self.eastbound), lg.view
        )
        if path is not None:
            new = self._detour_legs(path)
            if fixed and new:
                hours, windows, border, node, km = new[0]
                new[0] = (hours + fixed, windows, border, node, km)
            self.legs = legs[:i] + new
            # a train with an end of its own runs to it; a background train leaves after its
            # last crossing
            self.stop = (
                len(self.legs) if self.finish is not None else after_last_crossing(self.legs)
            )
            self._detoured(sum(leg[4] for leg in new) - sum(leg[4] for leg in legs[i:]))
            self.rerouted = True

    def _detour_legs(self, path: list[Any]) -> list[Leg]:
        """The legs of a detour over ``path`` (the policy's edges, in the order run)."""
        return self.lg.legs_for(path)

    def _detoured(self, extra_km: float) -> None:
        """Record a detour that added ``extra_km`` (a departure's, not a background train's)."""
        lg = self.lg
        did = self.departure
        if did >= 0:
            if not self.rerouted:
                lg.rerouted_trains += 1
            lg._dep_detour_km[did] = lg._dep_detour_km.get(did, 0.0) + extra_km

    def arrive(self, _: object = None) -> None:
        self.lg._arrive(self.departure)
