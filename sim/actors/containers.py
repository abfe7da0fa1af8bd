"""The container pools: boxes as a finite resource, and the eastbound services that bring them
back to Yiwu.

Every box is somewhere at every moment (:meth:`BoxPools.where`): in the pool of a location
(Yiwu, a European terminal, a sea port), packed with goods at Yiwu and waiting for a departure,
loaded on a westbound departure (a train, a feeder, the port, a ship), or on an eastbound
service (with import goods or empty). Leased boxes join Yiwu's pool and are counted in
:attr:`BoxPools.leased`; boxes withdrawn from Yiwu (a shortage what-if) in
:attr:`BoxPools.withdrawn`.

A forwarder packs goods into containers at each cut-off as before
(:mod:`sim.actors.forwarders`); a closed container then needs boxes (its slots, in TEU) from
Yiwu's pool before it may be loaded. Containers take boxes in the order they closed; those
without wait in the forwarder's queue (not free to leave) until boxes come back, which is the
stage *waiting for a box* of their orders (:meth:`BoxPools.wait_h`). The repositioning policy
(:mod:`sim.policies.repositioning`) may lease the boxes short, or send empties back on
eastbound services.

An eastbound service is a westbound train set turning round at its line's terminal after
``turnround_h`` (a share ``return_share`` of the sets return as services); it loads import goods
for Yiwu's imported-goods market in ``import_load_factor`` of its slots (as far as the
terminal's pool has boxes), empties in free slots as the policy says, runs the line backwards
through the same crossings (queueing with the westbound trains: the sources give crossing
capacities for both directions together), and its boxes join Yiwu's pool after unloading.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
from simpy.events import Timeout

from sim.actors.border_records import in_end_order
from sim.actors.borders import BorderCrossing
from sim.actors.logistics import Trip
from sim.errors import ScenarioError
from sim.policies.repositioning import RepositioningPolicy

if TYPE_CHECKING:
    from sim.actors.forwarders import ContainerBook, Forwarder
    from sim.actors.journeys import Journeys
    from sim.actors.logistics import Leg, Logistics, Route
    from sim.world.network import Edge

YIWU = "YIW"
NO_IDS = np.zeros(0, dtype=np.int64)
EAST_SERVICE = -2
"""The departure an eastbound crossing records for an eastbound service (-1: background)."""

EAST_COLUMNS = (
    "line", "kind", "departed_h", "arrived_h", "capacity_teu", "import_teu", "empty_teu", "km",
    "rerouted", "detour_km",
)  # fmt: skip
"""The eastbound services' table (``tables["eastbound"]``): one row per service, ``kind`` "train"
(a train set back to Yiwu) or "sailing" (a ship's empties back to Ningbo and on to Yiwu);
``km`` the km it runs (its detours' included), ``rerouted`` 1 when it went round a closed
crossing (``train_routing: avoid_closed``) and ``detour_km`` the km its detours added."""
KM, REROUTED, DETOUR_KM = 7, 8, 9
"""Where a service's row keeps its km, whether it was rerouted and the km its detours added."""


class BoxPools:
    """The boxes of a run by where they are, and the eastbound services.

    Parameters
    ----------
    lg
        The run's logistics (clock, scenario, routes, crossings).
    policy
        The repositioning policy.
    """

    def __init__(self, lg: Logistics, policy: RepositioningPolicy) -> None:
        spec = lg.sc.logistics.containers
        assert spec.pools_teu is not None
        self.lg = lg
        self.env = lg.env
        self.policy = policy
        self.east_spec = spec.eastbound
        self.lease_usd_per_teu = lg.sc.logistics.repositioning.lease_usd_per_teu
        self.level: dict[str, int] = {YIWU: 0}
        unknown = sorted(set(spec.pools_teu) - set(lg.net.nodes))
        if unknown:
            raise ScenarioError(
                [f"logistics.containers.pools_teu: unknown location {unknown[0]!r}; allowed: "
                 "node ids of the network (yiwu-sim network), e.g. YIW, DUI, RTM"]
            )  # fmt: skip
        scale = lg.sc.scale  # pools are given at full scale, like capacities
        self.level.update({loc: round(teu * scale) for loc, teu in sorted(spec.pools_teu.items())})
        for r in lg.routes:  # every place goods go has a pool (empty unless listed)
            self.level.setdefault(r.line.destination, 0)
        self.initial = sum(self.level.values())
        self.packed = 0  # boxed containers at Yiwu waiting for a departure
        self.loaded = 0  # on westbound departures, at the port, at sea
        self.east = 0  # on eastbound services
        self.leased = 0
        self.withdrawn = 0
        self.log: list[tuple[float, str, int]] = [(0.0, k, v) for k, v in self.level.items()]
        self._since: dict[int, float] = {}  # container -> when it started waiting for a box
        self._waited: dict[int, float] = {}  # container -> hours it waited
        self._unboxed: dict[int, list[int]] = {}  # route -> containers without a box, in order
        self._returns: dict[int, float] = {}  # route -> share of a return owed (return_share)
        self.east_rows: list[list[Any]] = []
        self.empty_teu_km = 0.0
        # the crossings for eastbound trains: their own queues (capacities are given per
        # direction, "pairs of trains a day", and an eastbound train changes gauge in the yards
        # on the other side), closed by the same disruptions, with eastbound background traffic
        self.east_borders: dict[str, BorderCrossing] = {}
        if self.east_spec.enabled:
            sequence = itertools.count()
            share = self.east_spec.background_share
            for node, b in sorted(lg.borders.items()):
                rate = self.east_spec.background_trains_per_day.get(
                    node, share * b.spec.background_trains_per_day
                )
                spec_e = b.spec.model_copy(update={"background_trains_per_day": rate})
                rng = lg._streams.get(f"border_east:{node}")
                east = BorderCrossing(self.env, node, spec_e, rng, b.windows, sequence, lg.traffic)
                east.start_background(lg.horizon_h)
                self.east_borders[node] = east
        if spec.withdraw_on is not None and spec.withdraw_teu > 0:
            at = lg.cal.hour_at(spec.withdraw_on)
            if at < lg.horizon_h:
                teu = round(spec.withdraw_teu * scale)
                Timeout(self.env, max(0.0, at - self.env.now), teu).callbacks.append(self._withdraw)

    def start_east_flows(self) -> None:
        """Start the background flows' eastbound trains (when the run starts, once the
        train-routing policy is known: whether they may go round a closure decides how they
        run, :meth:`_east_flow`)."""
        if not self.east_spec.enabled:
            return
        lg = self.lg
        share = self.east_spec.background_share
        names = [flow.name for flow in lg.sc.logistics.background_flows]
        for flow in lg.sc.logistics.background_flows:
            # gaps drawn 4096 at a time: the same numbers as one draw per train, unless
            # two flows share a name (and so a stream): then drawn as they come
            batch = 1 if names.count(flow.name) > 1 else 4096
            self._east_flow(flow.name, flow.path, share * flow.trains_per_day, batch)

    # ----------------------------------------------------------------- bookkeeping

    def where(self) -> dict[str, int]:
        """Every box by where it is now (the pools by location, then the other states)."""
        out = {f"pool:{k}": v for k, v in self.level.items()}
        out.update(packed=self.packed, westbound=self.loaded, eastbound=self.east)
        return out

    def balance(self) -> int:
        """Boxes accounted for minus boxes owned: 0 at every moment (boxes are conserved)."""
        held = sum(self.level.values()) + self.packed + self.loaded + self.east
        return held - (self.initial + self.leased - self.withdrawn)

    def _add(self, loc: str, teu: int) -> None:
        level = self.level[loc] + teu
        self.level[loc] = level
        self.log.append((self.env.now, loc, level))

    def _withdraw(self, event: Any) -> None:
        """Boxes leave Yiwu's pool for other origins: as many as asked, of those there."""
        take = min(int(event.value), self.level[YIWU])
        self.withdrawn += take
        self._add(YIWU, -take)

    # ----------------------------------------------------------------- at Yiwu

    def at_cutoff(self, r: Route, new_ids: np.ndarray, now: float) -> None:
        """A cut-off on route ``r`` packed containers ``new_ids`` (the end of its forwarder's
        queue): they wait for boxes behind the route's containers already waiting, then the
        waiting containers take boxes from Yiwu's pool in order while there are enough (the
        repositioning policy may lease what is short first)."""
        fw = r.forwarder
        waiting = self._unboxed.setdefault(r.index, [])
        if new_ids.size:
            if not waiting:  # the common case: boxes for all at once, nothing to remember
                teu = int(fw.book.cols["slots"][new_ids].sum())
                if teu > self.level[YIWU]:
                    self._lease(teu - self.level[YIWU])
                if teu <= self.level[YIWU]:
                    self._take(teu)
                    return
            fw.queue_from_h[fw.queue.size - new_ids.size :] = math.inf
            waiting.extend(new_ids.tolist())
            for c in new_ids.tolist():
                self._since[c] = now
        if waiting:
            self._box(fw, waiting, now)

    def _lease(self, short: int) -> None:
        """Ask the policy about ``short`` TEU missing at Yiwu; add what it leases."""
        lease = min(self.policy.lease(short, self.lg.view), short)
        if lease > 0:
            self.leased += lease
            self._add(YIWU, lease)

    def _take(self, teu: int) -> None:
        """``teu`` boxes leave Yiwu's pool for containers packed there."""
        self.packed += teu
        self._add(YIWU, -teu)

    def _box(self, fw: Forwarder, waiting: list[int], now: float) -> None:
        """The waiting containers ``waiting`` (in closing order) take boxes while there are
        enough; the ones boxed are free to leave from ``now``."""
        slots = fw.book.cols["slots"][waiting]
        need = int(slots.sum())
        if need > self.level[YIWU]:
            self._lease(need - self.level[YIWU])
        cum = np.cumsum(slots)
        k = int(np.searchsorted(cum, self.level[YIWU], side="right"))  # no overtaking
        if not k:
            return
        took = waiting[:k]
        del waiting[:k]
        self._take(int(cum[k - 1]))
        pos = np.flatnonzero(np.isin(fw.queue, took))
        fw.queue_from_h[pos] = now
        for c in took:
            wait = now - self._since.pop(c)
            if wait > 0:
                self._waited[c] = wait

    def moved(self, ids: np.ndarray, to: int) -> None:
        """Containers ``ids`` were rolled over to route ``to``: the unboxed ones wait there."""
        for c in ids.tolist():
            if c in self._since:
                for waiting in self._unboxed.values():
                    if c in waiting:
                        waiting.remove(c)
                self._unboxed.setdefault(to, []).append(c)

    def depart(self, book: ContainerBook, ids: np.ndarray) -> None:
        """Containers ``ids`` leave Yiwu (their boxes with them)."""
        if ids.size:
            teu = int(book.cols["slots"][ids].sum())
            self.packed -= teu
            self.loaded += teu

    def put_back(self, book: ContainerBook, ids: np.ndarray) -> None:
        """Containers ``ids`` loaded for a train are taken off it before it leaves (a line cut
        told after its cut-off): their boxes stay packed at Yiwu."""
        if ids.size:
            teu = int(book.cols["slots"][ids].sum())
            self.packed += teu
            self.loaded -= teu

    # ----------------------------------------------------------------- arrivals

    def unload(self, loc: str, book: ContainerBook, ids: np.ndarray) -> None:
        """Containers ``ids`` are unloaded at ``loc``: their boxes join its pool."""
        if ids.size:
            teu = int(book.cols["slots"][ids].sum())
            self.loaded -= teu
            self._add(loc, teu)

    def ship_in(self, r: Route, cap: int) -> None:
        """A ship of sea route ``r`` is in port: under a policy that returns empties, it takes
        the port's empties back in its ``cap`` slots; they reach Yiwu after the mean passage,
        the port dwell and the feeder (nominal: no draw, so the run's random numbers stay)."""
        loc = r.line.destination
        empties = self.policy.empties(cap, self.level[loc], self.lg.view) if cap else 0
        empties = max(0, min(empties, cap, self.level[loc]))
        if not empties:
            return
        sea = self.lg.sc.logistics.sea
        feeder = r.line.edges[0]
        hours = sea.transit_days.mean() * 24.0 + sea.port_dwell_h.mean() + feeder.hours
        km = sum(e.km for e in r.line.edges)
        self._add(loc, -empties)
        self.east += empties
        self.empty_teu_km += empties * km
        row = [r.line.id, "sailing", self.env.now, math.nan, cap, 0, empties, km, 0, 0.0]
        self.east_rows.append(row)
        Timeout(self.env, hours).callbacks.append(lambda _: self._east_in(row, empties))

    def train_in(self, trip: Trip, terminal_h: float) -> None:
        """A westbound train reached its terminal: its boxes join the pool after unloading, and
        its set may turn round as an eastbound service."""
        lg = self.lg
        r = trip.route
        assert r is not None
        loc = r.line.destination
        ids = trip.ids
        book = lg.book
        if terminal_h > 0:
            Timeout(self.env, terminal_h).callbacks.append(lambda _: self.unload(loc, book, ids))
        else:
            self.unload(loc, book, ids)
        if not self.east_spec.enabled:
            return
        owed = self._returns.get(r.index, 0.0) + self.east_spec.return_share
        if owed >= 1.0 - 1e-9:  # this set returns as a service, after unloading and turning
            owed -= 1.0
            turn = terminal_h + self.east_spec.turnround_h
            Timeout(self.env, turn, (r, trip.cap)).callbacks.append(self._east_departs)
        self._returns[r.index] = owed

    # ----------------------------------------------------------------- eastbound

    def _east_flow(self, name: str, path: list[str], per_day: float, batch: int = 1) -> None:
        """A background flow's eastbound trains: Poisson arrivals at the last crossing of its
        path, each running the path back and queueing once at every eastbound crossing up to
        the first one (as the westbound flows' trains: moments of the background traffic, no
        event, unless they run on the clock, a timeout per leg).

        When they may be sent round a closure (the westbound flows' trains are on the clock:
        :meth:`sim.actors.background_flows.BackgroundFlows.background_on_clock`), each also
        runs the stretch of the path beyond its last crossing first, from the path's end
        (``lead``), timed to reach that crossing at its drawn arrival: it decides before that
        stretch, as a westbound train decides before each of its own, and can go round the
        crossing its flow enters by (Brest - Malaszewicze, from Warsaw by Mockava and Kena)."""
        lg = self.lg
        crossings = [k for k, n in enumerate(path) if n in self.east_borders]
        if per_day <= 0 or not crossings:
            return
        net = lg.net
        last = crossings[-1]
        # the data's edges of the path, from its last crossing back to its first
        edges = [net.edge(a, b, "rail") for a, b in itertools.pairwise(path[: last + 1])]
        legs = legs_backwards(lg, reversed(edges), self.east_borders)
        tail = [net.edge(a, b, "rail") for a, b in itertools.pairwise(path[last:])]
        lead = legs_backwards(lg, reversed(tail), self.east_borders) if tail else []
        entry = self.east_borders[path[last]]
        rng = lg._streams.get(f"background_east:{name}")
        # arrivals as the westbound flows have theirs, each an eastbound trip
        lg._flow_arrivals(entry, legs, per_day / 24.0, rng, lg.horizon_h, path[last], batch,
                          EastTrip, lead, path[-1])  # fmt: skip

    def _east_departs(self, event: Any) -> None:
        r, cap = event.value
        lg = self.lg
        loc = r.line.destination
        imports = min(round(cap * self.east_spec.import_load_factor), self.level[loc])
        empties = self.policy.empties(cap - imports, self.level[loc] - imports, lg.view)
        empties = max(0, min(empties, cap - imports, self.level[loc] - imports))
        if imports + empties:
            self._add(loc, -(imports + empties))
            self.east += imports + empties
        legs = east_legs(lg, r, self.east_borders)
        km = sum(leg[4] for leg in legs)
        row = [r.line.id, "train", self.env.now, math.nan, cap, imports, empties, km, 0, 0.0]
        self.east_rows.append(row)
        teu = imports + empties
        trip = EastTrip(lg, None, -1, 0, NO_IDS, legs, lambda _: self._east_in(row, teu), loc)
        trip.row, trip.empty_teu = row, empties
        self.empty_teu_km += empties * km  # (a detour adds its km when the train takes it)
        trip.t = self.env.now
        trip.go()

    def _east_in(self, row: list[Any], teu: int) -> None:
        """An eastbound service reached Yiwu: its boxes join the pool after unloading."""
        row[3] = self.env.now
        terminal_h = self.lg.terminal_h

        def unload(_: object = None) -> None:
            self.east -= teu
            self._add(YIWU, teu)

        if terminal_h > 0:
            Timeout(self.env, terminal_h).callbacks.append(unload)
        else:
            unload()

    # ----------------------------------------------------------------- results

    def wait_h(self, book: ContainerBook, horizon_h: float) -> np.ndarray:
        """Hours each container of the book waited for a box (one still waiting: until the
        end of the run)."""
        out = np.zeros(book.n)
        if self._waited:
            out[np.fromiter(self._waited, np.int64)] = list(self._waited.values())
        if self._since:
            out[np.fromiter(self._since, np.int64)] = [horizon_h - t for t in self._since.values()]
        return out

    def east_table(self) -> dict[str, np.ndarray]:
        """One row per eastbound service (:data:`EAST_COLUMNS`)."""
        rows = self.east_rows
        cols = list(zip(*rows, strict=True)) if rows else [()] * len(EAST_COLUMNS)
        out: dict[str, np.ndarray] = {}
        for name, values in zip(EAST_COLUMNS, cols, strict=True):
            # text as objects: the routes' own names (the rule of sim.results.table)
            kind = object if name in ("line", "kind") else np.int64 if name == "rerouted" else float
            out[name] = np.array(values, dtype=kind)
        return out

    def east_crossings_table(self) -> dict[str, np.ndarray]:
        """Eastbound crossings served, in order: ``service`` 1 for an eastbound service from a
        Yiwu line, 0 for a background train."""
        logs = [b.records() for b in self.east_borders.values()]
        rec = np.concatenate(logs) if logs else np.zeros((0, 5))
        nodes = np.repeat(np.array(list(self.east_borders), dtype=str), [len(x) for x in logs])
        order = in_end_order(rec)
        rec, nodes = rec[order], nodes[order]
        return {
            "service": (rec[:, 1] == EAST_SERVICE).astype(np.int64),
            "border": nodes,
            "arrive_h": rec[:, 2].copy(),
            "start_h": rec[:, 3].copy(),
            "end_h": rec[:, 4].copy(),
            "wait_h": rec[:, 3] - rec[:, 2],
        }

    def levels_table(self) -> dict[str, np.ndarray]:
        """Every change of a pool's level: time, location, level after (in order)."""
        t, loc, level = zip(*self.log, strict=True)
        return {
            "t_h": np.array(t, dtype=float),
            "location": np.array(loc, dtype=object),
            "level_teu": np.array(level, dtype=np.int64),
        }


def east_legs(lg: Logistics, r: Route, borders: dict[str, BorderCrossing]) -> list[Leg]:
    """Route ``r``'s line run backwards from its terminal to Yiwu: one leg per edge, each
    ending at the eastbound crossing (if any) of the node it reaches."""
    return legs_backwards(lg, reversed(r.line.edges), borders)


def legs_backwards(
    lg: Journeys, edges: Iterable[Edge], borders: dict[str, BorderCrossing]
) -> list[Leg]:
    """Journey legs over the data's ``edges``, each run backwards (from its ``dst`` to its
    ``src``) in the order given: one per edge, each ending at the eastbound crossing (if any)
    of the node it reaches, merged as westbound journeys' are (:func:`merged`)."""
    legs: list[Leg] = []
    for e in edges:
        windows = tuple(lg.edge_windows.get((e.src, e.dst), ()))
        legs.append((e.hours, windows, borders.get(e.src), e.src, e.km))
    return merged(legs)


def merged(legs: list[Leg]) -> list[Leg]:
    """Consecutive legs with no crossing or disruption between them as one (one timeout), as
    westbound journeys run (:meth:`sim.actors.logistics.Logistics._legs`)."""
    out: list[Leg] = []
    for leg in legs:
        if out and not leg[1] and not out[-1][1] and out[-1][2] is None:
            hours, _, _, _, km = out[-1]
            out[-1] = (hours + leg[0], (), leg[2], leg[3], km + leg[4])
        else:
            out.append(leg)
    return out


class EastTrip(Trip):
    """An eastbound train on its way: a service of a Yiwu line to Yiwu (``row``, its row of
    the eastbound table; ``empty_teu``, the empties it carries), or another operator's
    train running a background flow back (``row`` None). Under ``train_routing:
    avoid_closed`` it goes round a crossing announced closed as a westbound train does
    (:meth:`Trip._maybe_reroute`), on the network's edges run backwards and through the
    crossings' eastbound servers."""

    __slots__ = ("empty_teu", "row")

    eastbound = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.departure = EAST_SERVICE  # as the crossings record it
        self.row: list[Any] | None = None
        self.empty_teu = 0

    def _detour_legs(self, path: list[Any]) -> list[Leg]:
        """The legs of an eastbound detour over ``path`` (the data's edges, each run
        backwards), through the crossings' eastbound servers; a crossing the scenario did
        not resolve is an error, as for a westbound detour."""
        lg = self.lg
        borders = lg.boxes.east_borders
        for e in path:
            if e.src not in borders and lg.net.nodes[e.src].kind == "border":
                raise KeyError(f"detour through {e.src}, a crossing the scenario did not resolve")
        return legs_backwards(lg, path, borders)

    def _detoured(self, extra_km: float) -> None:
        """A service's detour: its km (and its empties' TEU-km) grow by ``extra_km``."""
        row = self.row
        if row is None:
            return
        row[KM] += extra_km
        row[REROUTED] = 1
        row[DETOUR_KM] += extra_km
        boxes = self.lg.boxes
        assert boxes is not None
        boxes.empty_teu_km += self.empty_teu * extra_km
