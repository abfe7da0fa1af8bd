"""The live state of the network: what a decision may know at the current time.

:class:`NetworkState` implements :class:`sim.policies.base.NetworkView` over the running actors:
goods and containers waiting per route, the coming departures and their slots, trains queueing
and recent waits per crossing, recent transit times per route, and announced closures with their
end. It only reads; policies get it and nothing else of the actors. Estimates are simple and
stated: a forwarder's rule of thumb, not a second simulation. The network's shape and the
monitors are read in :mod:`sim.actors.state_shape`, the crossings in
:mod:`sim.actors.state_crossings`, the departures as known now in
:mod:`sim.actors.state_timetables`; a booking slice's expected arrivals are
found in one pass over every route in :mod:`sim.actors.slice_arrivals`.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from sim.actors.borders import Window, edge_hours, told_windows
from sim.actors.logistics import Logistics
from sim.actors.slice_arrivals import SliceArrivals
from sim.actors.state_backlog import BacklogAhead
from sim.actors.state_crossings import CrossingsView
from sim.policies.pricing import PricingPolicy, charged_quote, charged_quotes

FEW_ORDERS = 12
"""Up to this many orders of one route, :meth:`NetworkState.expected_arrivals_many` finds
their departures one by one in Python (same numbers as the numpy path, tested): a slice of a
small scenario has a handful of orders per route, where numpy's fixed cost per call dominates."""


class NetworkState(CrossingsView, BacklogAhead):
    """Read-only view of the network at the clock's time (see :class:`NetworkView`)."""

    def __init__(self, logistics: Logistics) -> None:
        self.lg = logistics
        sc = logistics.sc
        self._service_h = {n: b.spec.service_h.mean() for n, b in logistics.borders.items()}
        self._port_dwell_h = sc.logistics.sea.port_dwell_h.mean()
        self._sea_h = sc.logistics.sea.transit_days.mean() * 24.0
        self.pricing: PricingPolicy | None = None  # set by the model
        self._memo: dict[Any, Any] | None = None  # what a booking slice has worked out
        self._route_legs: dict[int, list[tuple[Any, float, str | None]]] = {}
        self._onward_by_route: dict[int, np.ndarray | None] = {}
        self._slice: SliceArrivals | None = None  # a slice's arrivals in one pass
        self._closure_spans: list[list[tuple[float, float]]] | None = None  # per route
        # the quotes of every route as last asked (a row each, rewritten when the policy's
        # row changes; :meth:`quote_table` says which rows a slice has asked), and the rows
        self._quotes: np.ndarray | None = None
        self._quoted_rows: list[Any] = []
        self._gaps: dict[int, float] = {}  # each route's usual interval (_gap_h)
        # per route: its departures with room as arrays (rebuilt when the timetable changes)
        self._tables: dict[int, tuple[Any, tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
        self._row_index: dict[int, np.ndarray] = {}
        self._crossings_of: dict[int, list[str]] = {}
        self._lists: dict[int, tuple[list[float], list[float], list[float], list[int]]] = {}
        self._all_told_h: dict[int, float] = {}  # per route: when its last line disruption is told
        # per route with line disruptions not yet announced: which, their windows, and the
        # departures the timetable published without them shows there
        self._published: dict[
            int, tuple[tuple[int, ...], list[tuple[float, float]], list[tuple[float, float]]]
        ] = {}

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """While a slice of orders is booked nothing in the network moves, so what the view
        works out (each route's backlog ahead, each journey's expected arrival, each quote)
        is kept for the slice instead of worked out again for every (route, destination).
        The same holds for a decision at a cut-off (the roll-over policy's). Within a snapshot,
        another is the same one."""
        if self._memo is not None:
            yield
            return
        self._memo = {}
        try:
            yield
        finally:
            self._memo = None

    # ----------------------------------------------------------------- Yiwu

    def backlog_teu(self, route: int) -> float:
        return self.lg.routes[route].forwarder.backlog_teu(self.now)

    def waiting_slots(self, route: int) -> int:
        return self.lg.routes[route].forwarder.waiting_slots()

    def expected_departure_h(self, route: int, extra_slots: int = 1) -> float:
        return float(self.expected_departures_h(route, np.array([self.now]), extra_slots)[0])

    def expected_departures_h(
        self, route: int, ready_h: np.ndarray, extra_slots: int = 1
    ) -> np.ndarray:
        """When goods ready at the consolidation point at each of ``ready_h`` would leave:
        the first departure whose cut-off is not before they are ready and that has room
        behind the slots ahead of them (closed containers waiting, loose goods ready now and
        goods booked that will be ready before them, at a typical fill:
        :mod:`sim.actors.state_backlog`)."""
        now = self.now
        ready = np.maximum(np.asarray(ready_h, dtype=float), now)
        cut, dep, ahead, j_room, room_last = self._behind_backlog(route, extra_slots, ready)
        # not before the goods: the first cut-off at or after they are ready
        j_ready = np.searchsorted(cut, ready, side="left")
        j = np.maximum(j_ready, j_room)
        out = np.empty(ready.size)
        inside = j < cut.size
        out[inside] = dep[j[inside]]
        if not inside.all():
            outside = ~inside
            after = np.maximum(ready[outside], self._last_departure(route, dep))
            out[outside] = after + self._beyond_many(route, ahead[outside], room_last)
        return out

    def _departure_one(self, route: int, ready_h: float) -> float:
        """:meth:`expected_departures_h` of one order (``extra_slots`` 1), in plain Python:
        the same comparisons and sums on the same numbers, so the same departure."""
        now = self.now
        ready = ready_h if ready_h > now else now
        ahead, j_room = self._behind_backlog_one(route, ready)
        cut_list, dep_list = self._timetable_lists(route)
        j = bisect_left(cut_list, ready)
        if j < j_room:
            j = j_room
        if j < len(cut_list):
            return dep_list[j]
        _, dep, _ = self._timetable(route)
        last = self._last_departure(route, dep)
        room_last = self._room_after_next(route)
        return (ready if ready > last else last) + self._beyond_h(route, ahead, room_last)

    def _last_departure(self, route: int, dep: np.ndarray) -> float:
        """The latest of now, the route's last departure with room and one usual interval
        before the run's end, or before the end of an announced suspension that outlasts the
        run (:meth:`_resumes_h`): the timetable holds every departure until the end, so goods
        it cannot take leave after the end, and no sooner than the line runs again (as a sea
        route's sailings, :meth:`_journey`)."""
        now = self.now
        last = float(dep[-1]) if dep.size else now
        if not self.lg.line_windows.get(route):  # (then it runs again at the run's end)
            return max(last, now, self.lg.horizon_h - self._gap_h(route))
        return max(last, now, self._resumes_h(route) - self._gap_h(route))

    def _resumes_h(self, route: int) -> float:
        """When the route runs again after the run's end, as known now: the end, or the end
        of the line disruptions announced by now that leave it no departure with room (no
        trains, or none with space) and are in force then, one after another."""
        t = self.lg.horizon_h
        windows = self.lg.line_windows.get(route)
        if not windows:
            return t
        now, cap = self.now, self.lg.routes[route].capacity
        stops = [
            w for w in windows
            if w.announced_h <= now
            and (w.d.trains_factor == 0 or round(cap * (w.d.capacity_factor or 1.0)) <= 0)
        ]  # fmt: skip
        moved = True
        while moved:  # windows may follow one another
            moved = False
            for w in stops:
                if w.start_h <= t < w.end_h:
                    t, moved = w.end_h, True
        return t

    def _gap_h(self, route: int) -> float:
        """The route's usual interval between departures, hours (fixed: worked out once)."""
        gap = self._gaps.get(route)
        if gap is None:
            gap = self._gaps[route] = 168.0 / max(self.lg.routes[route].spec.weekly_rate(), 1e-9)
        return gap

    def _beyond_h(self, route: int, ahead: int, room_last: float) -> float:
        """Beyond the timetable: the departures still needed, at the route's usual interval."""
        r = self.lg.routes[route]
        short = ahead - room_last
        trains = math.ceil(max(short, 1) / max(r.capacity, 1))
        return self._gap_h(route) * trains

    def _beyond_many(self, route: int, ahead: np.ndarray, room_last: float) -> np.ndarray:
        """:meth:`_beyond_h` of several orders, each with its own slots ahead."""
        return np.array([self._beyond_h(route, int(a), room_last) for a in ahead.tolist()])

    def booked_out(self, route: int) -> bool:
        """Whether a trainload or more of goods is waiting for the route at Yiwu (closed
        containers, and loose goods ready now at a typical fill)."""
        return self._slots_ahead(route) >= self.lg.routes[route].capacity

    def _sea_windows(self, route: int) -> list[Window]:
        """The disruption windows of the sea route's passage announced by now (none for a
        rail route)."""
        r = self.lg.routes[route]
        if r.mode != "sea":
            return []
        leg = r.line.edges[1]
        now = self.now
        return told_windows(self.lg.edge_windows.get((leg.src, leg.dst), ()), now)

    def sea_delay_h(self, route: int, at_h: float) -> float:
        """Hours announced disruptions add to the sea passage of a ship of ``route`` leaving
        at ``at_h`` (0 for rail, or with nothing announced)."""
        known = self._sea_windows(route)
        if not known:
            return 0.0
        return edge_hours(self._sea_h, known, at_h) - self._sea_h

    def sea_delay_known(self, route: int) -> bool:
        """Whether an announced disruption changes the sea route's passage at some time
        (False: :meth:`sea_delay_h` is 0 whenever the ship leaves)."""
        return bool(self._sea_windows(route))

    def quote_usd_per_teu(self, route: int, dest: int) -> float:
        """The freight per TEU ``route`` quotes now to destination ``dest`` (the pricing
        policy's rate: what an order booked now pays)."""
        assert self.pricing is not None, "the model sets the pricing policy"
        if self._memo is None:
            return self.pricing.quote(route, dest, self)
        return float(self.quotes_usd_per_teu(route)[dest])

    def quotes_usd_per_teu(self, route: int) -> np.ndarray:
        """:meth:`quote_usd_per_teu` of ``route`` to every destination (kept for a slice)."""
        assert self.pricing is not None, "the model sets the pricing policy"
        if self._memo is None:
            return self.pricing.quotes(route, self)
        table = self.quote_table([route])
        assert table is not None
        return table[route].copy()  # (the table is rewritten at later slices)

    def quote_for_goods_usd_per_teu(self, route: int, dest: int, ready_h: float) -> float:
        """The rate an order booked now for goods ready at ``ready_h`` pays (what it is
        charged: :func:`sim.policies.pricing.charged_quote`; NaN for route -1, none)."""
        assert self.pricing is not None, "the model sets the pricing policy"
        return charged_quote(self.pricing, route, dest, ready_h, self)

    def quotes_for_goods(
        self, route: np.ndarray, dest: np.ndarray, ready_h: np.ndarray
    ) -> np.ndarray:
        """:meth:`quote_for_goods_usd_per_teu` of each order (route -1: none, NaN), as the
        orders are charged (:func:`sim.policies.pricing.charged_quotes`)."""
        assert self.pricing is not None, "the model sets the pricing policy"
        return charged_quotes(self.pricing, route, dest, ready_h, self)

    def quote_table(self, routes: list[int]) -> np.ndarray | None:
        """Within a slice, the rates per TEU quoted now as a [route, destination] table whose
        rows ``routes`` are filled (the pricing policy's quotes, asked once for the routes
        not quoted yet in the slice: :meth:`PricingPolicy.quotes_many`); None outside a
        slice."""
        memo = self._memo
        if memo is None:
            return None
        filled = memo.get("quoted")
        if filled is None:
            filled = memo["quoted"] = set()
        table = self._quotes
        if table is None:
            assert self.pricing is not None, "the model sets the pricing policy"
            width = self.pricing.cost_usd.shape[1]
            table = self._quotes = np.zeros((len(self.lg.routes), width))
            # a built-in policy's row for the same terms is the same array, never written
            # (a plug-in's may be a buffer it fills again: always copied)
            own = type(self.pricing).__module__.startswith("sim.policies.")
            self._quoted_rows = [None] * len(self.lg.routes) if own else []
        missing = [r for r in routes if r not in filled]
        if missing:
            assert self.pricing is not None, "the model sets the pricing policy"
            rows = self._quoted_rows
            for r, row in zip(missing, self.pricing.quotes_many(missing, self), strict=True):
                if not rows:
                    table[r] = row
                elif row is not rows[r]:
                    table[r] = row
                    rows[r] = row
            filled.update(missing)
        return table

    def recent_transit_h(self, route: int) -> float | None:
        return self.lg.recent_transit_h.get(route)

    # ----------------------------------------------------------------- door to door

    def expected_arrival_h(self, route: int, dest: int) -> float:
        return float(self.expected_arrivals_h(route, dest, np.array([self.now]))[0])

    def expected_arrival_at_h(self, route: int, dest: int, ready_h: float) -> float:
        """The expected arrival of one order's goods ready at ``ready_h``, worked out as a
        forwarder would for one booking: walk the coming departures until one has room behind
        the backlog and a cut-off not before the goods are ready, then follow the journey."""
        now = self.now
        ready = max(ready_h, now)
        ahead = self.goods_ahead_one(route, ready) + 1
        rows, k, _ = self._known_rows(route)
        dep = None
        for cutoff, dep_h, cap in rows[k:]:
            if cap <= 0:
                continue
            ahead -= cap
            if ahead <= 0 and cutoff >= ready:
                dep = dep_h
                break
        if dep is None:  # beyond the timetable: after the run's end (or a suspension's), as
            # the batched engine expects it (the walk's last train may be long past)
            dep = self._departure_one(route, ready)
        return self._arrival_after(route, dest, dep)

    def expected_arrivals_many(
        self, route: int, dest: np.ndarray, ready_h: np.ndarray
    ) -> np.ndarray:
        """:meth:`expected_arrivals_h` of orders to several destinations by one route: the
        departures are found once for all, each journey followed once, and the road from
        the port added per destination."""
        onward = self._onward(route)
        if ready_h.size <= FEW_ORDERS:  # a few orders: one by one beats numpy's fixed costs
            out = np.empty(ready_h.size)
            for i, (t, d) in enumerate(zip(ready_h.tolist(), dest.tolist(), strict=True)):
                one = self._arrival_after(route, -1, self._departure_one(route, t))
                out[i] = one if onward is None else one + onward[d]
            return out
        ready = np.maximum(ready_h, self.now)
        cut, dep, _, j_room, _ = self._behind_backlog(route, 1, ready)
        j = np.searchsorted(cut, ready, side="left")
        np.maximum(j, j_room, out=j)
        hi = int(j.max()) if j.size else cut.size
        if hi < cut.size:  # within the timetable: each departure present followed once
            lo = int(j.min())
            if lo == hi:  # the usual case: one departure
                end = np.full(j.size, self._arrival_after(route, -1, float(dep[lo])))
            else:
                at = np.zeros(hi - lo + 1)
                for k in np.bincount(j - lo).nonzero()[0].tolist():
                    at[k] = self._arrival_after(route, -1, float(dep[lo + k]))
                end = at[j - lo]
            return end + onward[dest] if onward is not None else end
        deps = self.expected_departures_h(route, ready_h)
        first = float(deps[0]) if deps.size else 0.0
        if deps.size and bool((deps == first).all()):  # the usual case: one departure
            end = np.full(deps.size, self._arrival_after(route, -1, first))
        else:
            uniq, which = np.unique(deps, return_inverse=True)
            at = np.array([self._arrival_after(route, -1, t) for t in uniq.tolist()])
            end = at[which.reshape(-1)]
        return end + onward[dest] if onward is not None else end

    def expected_arrivals_pairs(
        self, route: np.ndarray, dest: np.ndarray, ready_h: np.ndarray
    ) -> np.ndarray:
        """:meth:`expected_arrivals_many` of orders each with its own route, in one pass
        over every route present (:class:`sim.actors.slice_arrivals.SliceArrivals`)."""
        if self._slice is None:
            self._slice = SliceArrivals(self)
        return self._slice.arrivals(route, dest, ready_h)

    def _onward(self, route: int) -> np.ndarray | None:
        """Road hours from the route's port to each destination (None: a rail route)."""
        if route not in self._onward_by_route:
            lg = self.lg
            if lg.routes[route].mode != "sea":
                self._onward_by_route[route] = None
            else:
                self._onward_by_route[route] = np.array(
                    [lg.onward_h.get((route, d), 0.0) for d in range(len(lg.dest_ids))]
                )
        return self._onward_by_route[route]

    def expected_arrivals_h(self, route: int, dest: int, ready_h: np.ndarray) -> np.ndarray:
        """:meth:`expected_arrival_h` of goods ready at the consolidation point at each of
        ``ready_h`` (a handful of departures serve them: each is followed once)."""
        return self.expected_arrivals_many(route, np.full(np.size(ready_h), dest), ready_h)

    def _edge_h(self, e: Any, t: float) -> float:
        """Running hours of edge ``e`` entered at ``t``, with the edge disruptions announced
        by now (a slower sea passage round the Cape, a feeder line's works)."""
        windows = self.lg.edge_windows.get((e.src, e.dst))
        if not windows:
            return float(e.hours)
        now = self.now
        return edge_hours(e.hours, told_windows(windows, now), t)

    def _arrival_after(self, route: int, dest: int, t: float) -> float:
        """Expected arrival at destination ``dest`` of goods leaving Yiwu by ``route`` at
        ``t``: the journey with the crossings' current waits, announced closures and
        announced edge disruptions, sea included."""
        memo = self._memo
        key = ("arrival", route, t)
        if memo is not None and key in memo:
            end = float(memo[key])
        else:
            end = self._journey(route, t)
            if memo is not None:
                memo[key] = end
        return end + self.lg.onward_h.get((route, dest), 0.0)

    def _legs(self, route: int) -> list[tuple[Any, float, str | None]]:
        """The legs a route's goods run from Yiwu (a sea route's: its feeder): the edge if a
        disruption touches it (else None), its hours, and the crossing it ends at (else
        None)."""
        legs = self._route_legs.get(route)
        if legs is None:
            lg = self.lg
            r = lg.routes[route]
            edges = r.line.edges if r.mode == "rail" else r.line.edges[:1]
            legs = [
                (e if (e.src, e.dst) in lg.edge_windows else None, e.hours,
                 e.dst if e.dst in lg.borders else None)
                for e in edges
            ]  # fmt: skip
            self._route_legs[route] = legs
        return legs

    def _steps(self, route: int) -> list[float] | None:
        """Within a slice, the hours a route's legs and crossings add to a journey, in order,
        when none depends on the time (no disruption window on its edges or crossings): the
        same terms the journey adds one by one, found once a slice instead of once for every
        departure followed (None: some term depends on when the train gets there)."""
        memo = self._memo
        if memo is None:
            return None
        key = ("steps", route)
        if key in memo:
            steps: list[float] | None = memo[key]
            return steps
        borders = self.lg.borders
        steps = []
        for e, hours, node in self._legs(route):
            if e is not None or (node is not None and borders[node].windows):
                steps = None
                break
            steps.append(hours)
            if node is not None:
                steps.append(self.expected_crossing_h(node, 0.0))
        memo[key] = steps
        return steps

    def _from_yiwu(self, route: int, t: float) -> float:
        """Goods leaving Yiwu at ``t`` by ``route``: when its legs from Yiwu and their
        crossings bring them to the line's end (rail) or to the port (sea, its feeder)."""
        steps = self._steps(route)
        if steps is not None:
            for x in steps:  # the very sums of the walk below
                t += x
        else:
            for e, hours, node in self._legs(route):
                t += hours if e is None else self._edge_h(e, t)
                if node is not None:
                    t += self.expected_crossing_h(node, t)
        return t

    def _closures_by_route(self) -> list[list[tuple[float, float]]]:
        """Per route, when each closure on its crossings is told and until when it is not
        known to be over (:attr:`Window.thought_on_until_h`); the run's windows do not change:
        worked out once."""
        spans = self._closure_spans
        if spans is None:
            borders = self.lg.borders
            spans = self._closure_spans = [
                [
                    (w.announced_h, w.thought_on_until_h)
                    for node in self.route_crossings(r.index)
                    for w in borders[node].windows
                    if w.d.closes(borders[node].spec.servers)
                ]
                for r in self.lg.routes
            ]
        return spans

    def crossing_waits_vary(self, route: int) -> bool:
        """Whether the wait a train is expected to meet at a crossing of ``route`` depends on
        when it gets there: a closure announced by now and not over lies on one, or the line
        ahead at one with disruption windows is longer than its ordinary wait and drains
        (:meth:`line_drains`)."""
        now = self.now
        if any(a <= now < e for a, e in self._closures_by_route()[route]):
            return True
        return any(self.line_drains(n) for n in self.route_crossings(route))

    def varying_wait_routes(self) -> list[int]:
        """The routes of :meth:`crossing_waits_vary` now (none in a run without disruption
        windows on its crossings: the prices of a slice's orders ask once, not route by
        route)."""
        spans = self._closures_by_route()
        if not any(spans) and not any(b.windows for b in self.lg.borders.values()):
            return []
        return [r for r in range(len(spans)) if self.crossing_waits_vary(r)]

    def crossing_arrivals_h(self, route: int, departure_h: float) -> list[tuple[str, float]]:
        """When a train of ``route`` leaving at ``departure_h`` reaches each crossing on its
        way (node, hours): the walk of :meth:`_from_yiwu`, stopping at each crossing (kept for
        a slice: the prices of a slice's orders ask it once per departure)."""
        memo = self._memo
        key = ("at_crossings", route, departure_h)
        if memo is not None and key in memo:
            return list(memo[key])
        t, out = departure_h, []
        for e, hours, node in self._legs(route):
            t += hours if e is None else self._edge_h(e, t)
            if node is not None:
                out.append((node, t))
                t += self.expected_crossing_h(node, t)
        if memo is not None:
            memo[key] = tuple(out)
        return out

    def _sailing_from(self, route: int, t: float) -> float:
        """The sea route's first known sailing with room for goods at the port, past its
        dwell, at ``t`` (after the run's end when none is left in it)."""
        sailings = self._known_sailings(route)
        k = bisect_left(sailings, t)
        if k < len(sailings):
            return sailings[k]
        # no sailing left in the run (the line is suspended, or the run ends first): after the
        # run's end, and after an announced suspension that outlasts it
        gap = self._gap_h(route)
        last = sailings[-1] if sailings else self.lg.horizon_h
        return max(t, max(last, self._resumes_h(route) - gap)) + gap

    def expected_sailing_h(self, route: int, ready_h: float) -> float:
        """When goods ready at the consolidation point at ``ready_h`` would sail from the
        port by sea route ``route``: their feeder's departure behind the backlog, the feeder,
        the port's dwell, then the first known sailing with room."""
        t = self._from_yiwu(route, self._departure_one(route, ready_h))
        return self._sailing_from(route, t + self._port_dwell_h)

    def expected_sailings_h(self, route: int, ready_h: np.ndarray) -> np.ndarray:
        """:meth:`expected_sailing_h` of goods ready at each of ``ready_h`` (each departure
        present followed once)."""
        deps = self.expected_departures_h(route, np.asarray(ready_h, dtype=float))
        uniq, which = np.unique(deps, return_inverse=True)
        dwell = self._port_dwell_h
        at = [self._sailing_from(route, self._from_yiwu(route, t) + dwell) for t in uniq.tolist()]
        return np.asarray(at, dtype=float)[which.reshape(-1)]

    def _journey(self, route: int, t: float) -> float:
        """:meth:`_arrival_after` up to the line's end (the port, for a sea route)."""
        lg = self.lg
        r = lg.routes[route]
        t = self._from_yiwu(route, t)
        if r.mode == "rail":
            return t + lg.terminal_h
        t = self._sailing_from(route, t + self._port_dwell_h)
        sea_leg = r.line.edges[1]
        windows = lg.edge_windows.get((sea_leg.src, sea_leg.dst))
        if windows:
            now = self.now
            t += edge_hours(self._sea_h, told_windows(windows, now), t)
        else:
            t += self._sea_h
        for e in r.line.edges[1:]:
            if e.dst in lg.borders:
                t += self.expected_crossing_h(e.dst, t)
        return t
