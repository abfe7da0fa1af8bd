"""Expected arrivals of a whole booking slice in one pass over every route it weighs.

Live routing weighs, for each order of a slice, its rail and its sea route. Asked route by
route (:meth:`NetworkState.expected_arrivals_many`), each route costs about ten numpy calls
and, for a few orders, a Python loop: fixed costs that a full-scale year pays some 30,000
times. :class:`SliceArrivals` answers every (order, route) pair of a slice at once:

- **Departures** come from one table of every route's departures with room, kept between
  slices as a single sorted array of (route, cut-off) pairs and rebuilt only when a route's
  timetable changes (a departure added or cancelled, an announcement, :meth:`_timetable`). The
  pairs are complex numbers (route as the real part, cut-off as the imaginary part), which
  numpy orders lexicographically, so one ``searchsorted`` finds each order's first cut-off on
  its own route without any arithmetic on the times: the same position as a search of the
  route's own cut-offs. The backlog ahead (the first departure with room behind it) and the
  formula beyond the timetable are per-route numbers, gathered per order.
- **Journeys** add the same terms in the same order as :meth:`NetworkState._journey`: each
  route's legs and crossings, then the terminal (rail) or the port's dwell, the next sailing
  and the sea passage (sea). When every pair leaves on the timetable (the usual case), each
  departure present is followed once, in Python (a slice's few hundred pairs leave on a few
  dozen departures), and its arrival gathered per pair; otherwise the terms are rows of a
  matrix added over the pairs (padded with zeros, an exact no-op). Routes whose terms depend
  on when the train gets there (a disruption window on their edges or crossings, a slower sea
  passage) are followed one departure at a time, as before.

Every number is the one the route-by-route path gives (``tests/actors/test_slice_arrivals.py``
compares them on random timetables, also after a timetable changes).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

import numpy as np

from sim.actors.pending import column
from sim.actors.state_backlog import TYPICAL_FILL


class SliceArrivals:
    """The per-slice look-up of expected arrivals for :class:`NetworkState` (its helper: it
    reads the state's per-route answers, which the state keeps for the slice).

    Parameters
    ----------
    state
        The live state whose routes, timetables and journeys are read
        (:class:`sim.actors.state.NetworkState`, which owns this helper; not imported here,
        since it imports this module).
    """

    def __init__(self, state: Any) -> None:
        self.state = state
        n = len(state.lg.routes)
        self._n_routes = n
        # the table: each route's cut-off array as the state last built it (identity tells a
        # rebuild), and the routes' concatenation as (route + cut-off i) with their departures
        self._cut_of: dict[int, np.ndarray] = {}
        self._dep_of: dict[int, np.ndarray] = {}
        self._keys = np.zeros(0, dtype=np.complex128)
        self._cum_keys = self._keys
        self._deps = np.zeros(0)
        self._base = np.zeros(n, dtype=np.int64)
        self._base_of = [0] * n  # (the same, as a list)
        self._sorted: dict[int, bool] = {}  # whether a route's cut-offs ascend (else: alone)
        # a sea route's known sailings as last read, as a list and as an array
        self._sailings: dict[int, tuple[list[float], np.ndarray]] = {}
        self.rebuilds = 0  # how often the table was built (read by the tests)
        lg = state.lg
        self._is_rail = np.array([r.mode == "rail" for r in lg.routes])
        self._rail = self._is_rail.tolist()  # (the same, for one route at a time)
        # road hours from each route's port to each destination (0 for rail: an exact no-op)
        self._onward = np.zeros((n, max(len(lg.dest_ids), 1)))
        for r in range(n):
            if not self._is_rail[r]:
                self._onward[r, : len(lg.dest_ids)] = [
                    lg.onward_h.get((r, d), 0.0) for d in range(len(lg.dest_ids))
                ]

    # ----------------------------------------------------------------- the departure table

    def _table(self, routes: list[int]) -> None:
        """Make the table hold the current timetable of every route in ``routes`` (a route's
        arrays are rebuilt by the state when its timetable changes: a new array object)."""
        tables = self.state._tables
        stale = False
        for r in routes:
            cut = tables[r][1][0]
            if self._cut_of.get(r) is not cut:
                self._cut_of[r] = cut
                self._dep_of[r] = tables[r][1][1]
                self._sorted[r] = bool(cut.size < 2 or (cut[1:] >= cut[:-1]).all())
                stale = True
        if not stale:
            return
        self.rebuilds += 1
        order = sorted(self._cut_of)
        sizes = [self._cut_of[r].size for r in order]
        keys = np.empty(sum(sizes), dtype=np.complex128)
        keys.real = np.repeat(np.array(order, dtype=float), sizes)
        keys.imag = np.concatenate([self._cut_of[r] for r in order]) if order else 0.0
        self._keys = keys
        self._deps = np.concatenate([self._dep_of[r] for r in order]) if order else self._deps
        # the same with each route's cumulative room (the slots ahead of goods: one search)
        cum_keys = np.empty(keys.size, dtype=np.complex128)
        cum_keys.real = keys.real
        cum_keys.imag = np.concatenate([tables[r][1][2] for r in order]) if order else 0.0
        self._cum_keys = cum_keys
        # per position of the table: its route and its departure, for the journeys of a slice
        # whose goods all leave on the table (followed once per departure, in Python)
        self._route_at = np.repeat(np.array(order, dtype=np.int64), sizes).tolist()
        self._dep_list = self._deps.tolist()
        self._ends = np.empty(self._deps.size)
        starts = np.cumsum([0, *sizes[:-1]]).tolist() if order else []
        for r, at in zip(order, starts, strict=True):
            self._base[r] = at
        self._base_of = self._base.tolist()

    # ----------------------------------------------------------------- a slice's arrivals

    def arrivals(self, route: np.ndarray, dest: np.ndarray, ready_h: np.ndarray) -> np.ndarray:
        """Expected arrival at ``dest`` of goods ready at ``ready_h`` going by ``route``
        (every pair of the slice at once; routes are valid indices); the numbers of
        :meth:`NetworkState.expected_arrivals_many` asked route by route."""
        st = self.state
        if st._memo is None or not route.size:  # outside a slice: route by route
            return self._route_by_route(route, dest, ready_h)
        now = st.now
        n = self._n_routes
        present = np.bincount(route, minlength=n).nonzero()[0].tolist()
        # per route (a list by route index, gathered per pair): its first coming departure
        # in the table, the room of its departures before it, the end of its departures
        firsts, befores, sizes = [0] * n, [0.0] * n, [0] * n
        for r in present:  # (the state's timetables first: the table follows them)
            _, dep, _, k, before = st._coming(r)
            firsts[r], befores[r], sizes[r] = k, before, dep.size
        self._table(present)
        base = self._base_of
        for r in present:
            firsts[r] += base[r]
            sizes[r] += base[r]
        ready = np.maximum(ready_h, now)
        # each pair's first cut-off not before its goods: one search of every route's table
        keys = np.empty(route.size, dtype=np.complex128)
        keys.real = route
        keys.imag = ready
        # (each pair's departure: a position in the table)
        j = self._keys.searchsorted(keys, side="left")
        ahead = self._aheads(present, route, ready, j, firsts, befores) + 1
        before = np.array(befores).take(route)
        # the first departure with room behind the slots ahead: the cumulative room reaches
        # them plus the room before the first coming one (one search of every route's table)
        keys.imag = ahead + before
        j_room = self._cum_keys.searchsorted(keys, side="left")
        np.maximum(j_room, np.array(firsts, dtype=np.int64).take(route), out=j_room)
        np.maximum(j, j_room, out=j)
        alone = [r for r in present if not self._sorted[r]]  # cut-offs that do not ascend
        inside = j < np.array(sizes, dtype=np.int64).take(route)
        if bool(inside.all()):  # the usual case: every pair leaves on the timetable
            out = self._journeys_from(j)
        else:  # beyond the timetable: after its last departure, at the usual interval
            top = max(self._deps.size - 1, 0)
            on_table = self._deps[np.minimum(j, top)] if self._deps.size else ready
            last = [0.0] * n
            for r in present:
                last[r] = st._last_departure(r, st._coming(r)[1])
            # the departures still needed after the last, each pair behind its own backlog
            out_at = np.flatnonzero(~inside).tolist()
            beyond = np.zeros(route.size)
            routes_out, ahead_out = route.take(out_at).tolist(), ahead.take(out_at).tolist()
            for i, r, a in zip(out_at, routes_out, ahead_out, strict=True):
                beyond[i] = st._beyond_h(r, a, st._room_after_next(r))
            after = np.maximum(ready, np.array(last).take(route)) + beyond
            leave = np.where(inside, on_table, after)
            out = self._journeys(present, route, leave)
        # the road from the port: one gather from the flat table (the numbers of [route, dest])
        out += self._onward.ravel().take(route * self._onward.shape[1] + dest)
        for r in alone:  # (never in a run, whose cut-offs ascend: a plug-in's timetable gets
            # the route-by-route numbers)
            at = np.flatnonzero(route == r)
            out[at] = st.expected_arrivals_many(r, dest[at], ready_h[at])
        return out

    def _aheads(
        self, present: list[int], route: np.ndarray, ready: np.ndarray, j_ready: np.ndarray,
        firsts: list[int], befores: list[float],
    ) -> np.ndarray:  # fmt: skip
        """Each pair's slots ahead of its goods (ready at ``ready``, not before now; their
        first cut-off at position ``j_ready`` of the table): the numbers of
        :meth:`NetworkState.goods_ahead` asked route by route, found for every route present
        at once (``firsts``: each route's first coming departure in the table; ``befores``:
        each route's room of its departures before it)."""
        st = self.state
        now = st.now
        n = self._n_routes
        waiting, loose = np.zeros(n), np.zeros(n)
        for r in present:
            waiting[r], loose[r] = st._backlog_now(r)
        pending = st.lg.loose.pending.cumulative(present, now, float(ready.max()))
        width = pending.shape[1]
        seg_of = np.zeros(n, dtype=np.int64)  # each route's row of ``pending`` (its segment)
        seg_of[present] = np.arange(len(present))
        row = seg_of * width
        flat = pending.ravel()
        at_ready = flat.take(row.take(route) + column(ready, now, width))
        ahead = waiting.take(route) + np.ceil((loose.take(route) + at_ready) / TYPICAL_FILL)
        # the room the coming departures before each pair's goods leave unused: per route,
        # its departures from the first coming one up to the last any pair's goods reach
        first = np.array(firsts, dtype=np.int64)
        top = first.copy()
        np.maximum.at(top, route, j_ready)
        lens = (top - first).take(present)
        total = int(lens.sum())
        if not total:
            return ahead
        starts = first.take(present)
        seg = np.repeat(np.arange(len(present)), lens)
        offset = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
        pos = starts.take(seg) + offset  # positions in the table
        of = np.array(present, dtype=np.int64).take(seg)  # their routes
        cut = self._keys.imag.take(pos)
        on_time = flat.take(row.take(of) + column(cut, now, width))
        short = (
            waiting.take(of)
            + np.ceil((loose.take(of) + on_time) / TYPICAL_FILL)
            - (self._cum_keys.imag.take(pos) - np.array(befores).take(of))
        )
        lowest = np.zeros((len(present), int(lens.max())))
        lowest[seg, offset] = np.minimum(short, 0.0)
        np.minimum.accumulate(lowest, axis=1, out=lowest)
        at = j_ready - first.take(route) - 1
        has = at >= 0
        lost = lowest[seg_of.take(route), np.maximum(at, 0)]
        ahead -= np.where(has, lost, 0.0)
        return ahead

    def _route_by_route(
        self, route: np.ndarray, dest: np.ndarray, ready_h: np.ndarray
    ) -> np.ndarray:
        """:meth:`arrivals` asked of the state one route at a time."""
        out = np.empty(route.size)
        for r in dict.fromkeys(route.tolist()):
            at = (route == r).nonzero()[0]
            out[at] = self.state.expected_arrivals_many(r, dest[at], ready_h[at])
        return out

    def _shape(self) -> None:
        """The routes' journeys as far as they do not change during a run: per route whose
        terms never depend on the time (no disruption window on its legs from Yiwu, on its
        crossings or, by sea, on the passage and the crossings beyond), its legs' hours in
        order with a place for each crossing's hours, and what it adds at the line's end (the
        terminal, or the port's dwell before the next sailing)."""
        st = self.state
        lg = st.lg
        n = self._n_routes
        terms: list[list[float] | None] = []
        rows, cols, nodes = [], [], []
        self._nodes: list[str] = []
        # a sea route's crossings beyond its port, in order
        self._beyond_port = {
            r: [e.dst for e in lg.routes[r].line.edges[1:] if e.dst in lg.borders]
            for r in range(n)
            if not self._is_rail[r]
        }
        for r in range(n):
            legs = st._legs(r)
            plain = all(
                e is None and (node is None or not lg.borders[node].windows)
                for e, _, node in legs
            ) and (self._is_rail[r] or self._plain_sea(r))  # fmt: skip
            if not plain:
                terms.append(None)
                continue
            row: list[float] = []
            for _, hours, node in legs:
                row.append(hours)
                if node is not None:
                    if node not in self._nodes:
                        self._nodes.append(node)
                    rows.append(r)
                    cols.append(len(row))
                    nodes.append(self._nodes.index(node))
                    row.append(0.0)  # the crossing's hours, at each slice
            terms.append(row)
        width = max((len(t) for t in terms if t is not None), default=0)
        self._lengths = [len(t) if t is not None else 0 for t in terms]
        self._rows_of: dict[int, list[float]] = {}
        self._cross_pos: dict[int, list[tuple[int, int]]] = {}
        for r, c, node in zip(rows, cols, nodes, strict=True):
            self._cross_pos.setdefault(r, []).append((c, node))
        self._plain = [t is not None for t in terms]
        self._hours = np.zeros((width, n))
        self._tail = np.zeros(n)
        for r, terms_of in enumerate(terms):
            if terms_of is not None:
                self._hours[: len(terms_of), r] = terms_of
                self._tail[r] = lg.terminal_h if self._is_rail[r] else st._port_dwell_h
        self._cross_at = (np.array(cols, dtype=np.int64), np.array(rows, dtype=np.int64))
        self._cross_node = np.array(nodes, dtype=np.int64)

    def _journeys(self, present: list[int], route: np.ndarray, leave: np.ndarray) -> np.ndarray:
        """Each pair's expected arrival at its line's end (before the road from a port) for
        goods leaving Yiwu at ``leave``: the terms of :meth:`NetworkState._journey`, each
        route's in its order (a padding of zeros adds nothing)."""
        st = self.state
        if not hasattr(self, "_plain"):
            self._shape()
        hours = self._hours  # [term, route]: a term of every pair is one contiguous row
        if self._cross_node.size:  # each crossing's hours now (the same all slice long)
            cross = np.array(st.plain_crossings_h(self._nodes))
            hours = hours.copy()
            hours[self._cross_at] = cross[self._cross_node]
        t = leave.copy()
        for term in np.take(hours, route, axis=1):
            t += term
        t += self._tail[route]
        for r in present:
            if not self._plain[r]:  # one departure at a time, as the state follows them
                at = np.flatnonzero(route == r)
                uniq, which = np.unique(leave[at], return_inverse=True)
                ends = [st._arrival_after(r, -1, x) for x in uniq.tolist()]
                t[at] = np.asarray(ends)[which.reshape(-1)]
            elif not self._is_rail[r]:
                at = np.flatnonzero(route == r)
                t[at] = self._by_sea(r, t[at])
        return t

    def _journeys_from(self, at: np.ndarray) -> np.ndarray:
        """Each pair's expected arrival at its line's end (before the road from a port) for
        goods leaving on the departure at position ``at`` of the table: the terms of
        :meth:`NetworkState._journey` added in Python once per departure present (a slice's
        few hundred pairs leave on a few dozen departures), then gathered per pair. The same
        additions in the same order as :meth:`_journeys` makes over the pairs, so the same
        numbers."""
        st = self.state
        if not hasattr(self, "_plain"):
            self._shape()
        terms: dict[int, list[float]] = {}  # each route's hours this slice (plain routes)
        # a sea route's known sailings and the hours of the crossings beyond its port, this
        # slice
        seas: dict[int, tuple[list[float], list[float]]] = {}
        # each crossing's hours now, read once a slice as :meth:`_journeys` reads them
        cross = st.plain_crossings_h(self._nodes) if self._cross_node.size else []
        route_at, dep_at, ends = self._route_at, self._dep_list, self._ends
        plain, rail = self._plain, self._rail
        for k in np.bincount(at).nonzero()[0].tolist():
            r = route_at[k]
            t = dep_at[k]
            if not plain[r]:  # one departure at a time, as the state follows it
                ends[k] = st._arrival_after(r, -1, t)
                continue
            row = terms.get(r)
            if row is None:
                row = terms[r] = self._terms_of(r, cross)
            for x in row:
                t += x
            if not rail[r]:
                sea = seas.get(r)
                if sea is None:
                    sea = seas[r] = (
                        st._known_sailings(r),
                        [st.expected_crossing_h(node, 0.0) for node in self._beyond_port[r]],
                    )
                t = self._sea_one(r, t, *sea)
            ends[k] = t
        return ends.take(at)

    def _terms_of(self, route: int, cross: list[float]) -> list[float]:
        """The plain route's terms this slice, in order: its legs' hours and its crossings'
        hours now (``cross``, per node of :attr:`_nodes`), then what it adds at the line's
        end (the terminal, or the port's dwell)."""
        row = self._rows_of.get(route)
        if row is None:
            n = int(self._lengths[route])
            row = self._rows_of[route] = self._hours[:n, route].tolist()
        row = list(row)
        for pos, node in self._cross_pos.get(route, ()):
            row[pos] = cross[node]
        row.append(float(self._tail[route]))
        return row

    def _sea_one(self, route: int, t: float, sailings: list[float], beyond: list[float]) -> float:
        """:meth:`_by_sea` of one time ``t`` at the port (after the dwell), in Python: the
        same comparisons and sums (``sailings``, the route's known sailings, and ``beyond``,
        the hours of the crossings beyond its port, as the slice reads them)."""
        st = self.state
        k = bisect_left(sailings, t)
        if k < len(sailings):
            t = sailings[k]
        else:
            gap = st._gap_h(route)
            last = sailings[-1] if sailings else st.lg.horizon_h
            t = max(t, max(last, st._resumes_h(route) - gap)) + gap
        t = t + st._sea_h
        for x in beyond:  # (no windows: the same at any time)
            t = t + x
        return t

    def _plain_sea(self, route: int) -> bool:
        """Whether the sea route's passage and the crossings beyond its port hold goods the
        same hours whenever they get there (no disruption windows on them)."""
        lg = self.state.lg
        line = lg.routes[route].line
        sea_leg = line.edges[1]
        if lg.edge_windows.get((sea_leg.src, sea_leg.dst)):
            return False
        return not any(e.dst in lg.borders and lg.borders[e.dst].windows for e in line.edges[1:])

    def _by_sea(self, route: int, t: np.ndarray) -> np.ndarray:
        """From the port (goods there at ``t``, after the dwell): the next sailing with room,
        the sea passage and the crossings beyond, as :meth:`NetworkState._journey` adds them."""
        st = self.state
        lg = st.lg
        sailings = st._known_sailings(route)
        hit = self._sailings.get(route)
        if hit is not None and hit[0] == sailings:  # the same times as the last slice's
            known = hit[1]
        else:
            known = np.asarray(sailings, dtype=float)
            self._sailings[route] = (list(sailings), known)
        k = np.searchsorted(known, t, side="left")
        if known.size and int(k.max()) < known.size:  # the usual case: every one sails in the run
            t = known[k]
        else:
            inside = k < known.size
            # no sailing left in the run: one usual interval after the last (or the run's
            # end), and after an announced suspension that outlasts the run
            gap = st._gap_h(route)
            last = sailings[-1] if sailings else lg.horizon_h
            after = np.maximum(t, max(last, st._resumes_h(route) - gap)) + gap
            t = np.where(inside, known[np.minimum(k, max(known.size - 1, 0))], after) \
                if known.size else after  # fmt: skip
        t = t + st._sea_h
        for node in self._beyond_port[route]:  # (no windows: the same at any time)
            t = t + st.expected_crossing_h(node, 0.0)
        return t
