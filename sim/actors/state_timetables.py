"""The coming departures as the live state knows them now (:class:`sim.actors.state.NetworkState`
inherits it): each route's timetable rows from Yiwu (cut-off, departure, slots), the first whose
cut-off has not passed, and its departures with room as arrays, rebuilt only when the timetable
changes; a sea route's sailings likewise.

What is known is not always what runs: a line disruption not yet announced is not known, so over
its window the timetable shows the departures published without it (the trains still run as
disrupted), and the sailings a suspension not yet announced will stop are shown as published.
Extra trains the dispatch policy added are known from the moment they were added.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.actors.state_shape import NetworkShape


def _by_time(row: tuple[float, float, int]) -> tuple[float, float]:
    """A timetable row's order: by departure time, then cut-off."""
    return row[1], row[0]


class KnownTimetables(NetworkShape):
    """The departures and sailings of the running network as known now (a part of the live
    state: :class:`sim.actors.state.NetworkState` sets every attribute below)."""

    _memo: dict[Any, Any] | None
    _all_told_h: dict[int, float]
    _published: dict[
        int, tuple[tuple[int, ...], list[tuple[float, float]], list[tuple[float, float]]]
    ]
    _tables: dict[int, tuple[Any, tuple[np.ndarray, np.ndarray, np.ndarray]]]
    _row_index: dict[int, np.ndarray]
    _lists: dict[int, tuple[list[float], list[float], list[float], list[int]]]

    def next_departures(self, route: int, n: int) -> list[tuple[float, int]]:
        rows, k, _ = self._known_rows(route)
        return [(dep, cap) for _, dep, cap in rows[k : k + n]]

    def _hidden_windows(self, route: int) -> list[int]:
        """The route's line disruptions not announced yet (positions in its list)."""
        windows = self.lg.line_windows.get(route)
        if not windows:
            return []
        now = self.now
        if now >= self._all_told_h.setdefault(route, max(w.announced_h for w in windows)):
            return []  # every one announced (the usual case once the run is under way)
        return [i for i, w in enumerate(windows) if w.announced_h > now and w.end_h > now]

    def _unannounced(
        self, route: int
    ) -> tuple[list[tuple[float, float]], list[tuple[float, float]]] | None:
        """The windows of the route's line disruptions not announced yet, and the departures
        (times, capacity factors) the timetable published without them shows inside those
        windows; None when every one is announced. Worked out once per set of unannounced
        disruptions (it changes only at an announcement)."""
        if route not in self.lg.line_windows:  # (no line disruption: nothing hidden)
            return None
        hidden = tuple(self._hidden_windows(route))
        if not hidden:
            return None
        hit = self._published.get(route)
        if hit is None or hit[0] != hidden:
            windows = self.lg.line_windows[route]
            spans = [(windows[i].start_h, windows[i].end_h) for i in hidden]
            known = [w for i, w in enumerate(windows) if i not in hidden]
            inside = [
                (t, f) for t, f in self.lg.published_departures(route, known)
                if any(a <= t < b for a, b in spans)
            ]  # fmt: skip
            hit = (hidden, spans, inside)
            self._published[route] = hit
        return hit[1], hit[2]

    def _known_rows(self, route: int) -> tuple[list[tuple[float, float, int]], int, Any]:
        """The route's departures as known now (cut-off, time, slots), the position of the
        first whose cut-off has not passed, and a key that changes when they do. A line
        disruption not yet announced is not known: over its window the timetable shows the
        departures published without it (the trains still run as disrupted)."""
        memo = self._memo
        if memo is not None:  # nothing moves within a booking slice
            known = memo.get(("rows", route))
            if known is None:
                memo[("rows", route)] = known = self._find_known_rows(route)
            return known
        return self._find_known_rows(route)

    def _find_known_rows(self, route: int) -> tuple[list[tuple[float, float, int]], int, Any]:
        """:meth:`_known_rows`, worked out."""
        lg = self.lg
        rows = lg.rows.get(route, [])
        k = lg.next_row.get(route, 0)
        version = lg.timetable_version.get(route, 0)
        # (a sea route's rows are its feeders: its line disruptions hold up the sailings)
        unannounced = self._unannounced(route) if lg.routes[route].mode == "rail" else None
        if unannounced is None:
            return rows, k, (id(rows), len(rows), version)
        spans, published = unannounced
        now = self.now
        # (an extra train added in the window is known: its room as known when it was added)
        news = lg.late.routes.get(route) if lg.late else None
        extras = [*news.extras, *news.cut_off] if news is not None else ()

        def known(row: tuple[float, float, int]) -> bool:
            return not any(a <= row[1] < b for a, b in spans) or any(row is x for x in extras)

        cap = lg.routes[route].capacity
        # a published departure's cut-off as the timetable sets it: not before the start of the
        # run or of the timetable now in force (the last announcement, when it first showed);
        # the timetable's departures cut off by now are the forwarder's own (loaded as
        # published while a cut on them is hidden): at that very moment, those already done
        lo = max([0.0, *(b for b in (news.bounds if news is not None else ()) if b <= now)])
        gone: dict[float, int] = {}
        for row in rows[:k]:
            if not known(row):
                gone[row[1]] = gone.get(row[1], 0) + 1

        def passed(t: float) -> bool:
            cut = max(t - lg.cutoff_h, lo)
            if cut != now:
                return cut < now
            if gone.get(t, 0) > 0:
                gone[t] -= 1
                return True
            return False

        is_past = [passed(t) for t, _ in published]
        past = [row for row in rows[:k] if known(row)] + [
            (max(t - lg.cutoff_h, lo), t, max(0, round(cap * f)))
            for (t, f), p in zip(published, is_past, strict=True)
            if p
        ]
        # the published departures' cut-offs as the timetable sets them, those not yet passed
        told = lg._cutoffs([x for x, p in zip(published, is_past, strict=True) if not p], cap)
        coming = [row for row in rows[k:] if known(row)] + told
        out = sorted(past, key=_by_time) + sorted(coming, key=_by_time)
        key = ("published", self._published[route][0], k, len(rows), version, now)
        return out, len(past), key

    def _known_sailings(self, route: int) -> list[float]:
        """The sea route's sailings with room as known now (a suspension not yet announced
        is not known: its window shows the sailings published without it)."""
        sailings = self.lg.sailing_times.get(route, [])
        unannounced = self._unannounced(route)
        if unannounced is None:
            return sailings
        spans, published = unannounced
        cap = self.lg.routes[route].capacity
        outside = [t for t in sailings if not any(a <= t < b for a, b in spans)]
        return sorted(outside + [t for t, f in published if round(cap * f) > 0])

    def _timetable(self, route: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The route's departures with room from Yiwu (cut-offs, departure times, cumulative
        slots), as arrays, rebuilt when its timetable changes."""
        rows, _, key = self._known_rows(route)
        hit = self._tables.get(route)
        if hit is not None and hit[0] == key:
            return hit[1]
        with_room = [(c, d, n) for c, d, n in rows if n > 0]
        cut = np.array([c for c, _, _ in with_room], dtype=float)
        dep = np.array([d for _, d, _ in with_room], dtype=float)
        cum = np.cumsum(np.array([n for _, _, n in with_room], dtype=float))
        index = np.array([i for i, (_, _, n) in enumerate(rows) if n > 0], dtype=np.int64)
        self._tables[route] = (key, (cut, dep, cum))
        self._row_index[route] = index
        self._lists[route] = (cut.tolist(), dep.tolist(), cum.tolist(), index.tolist())
        return cut, dep, cum

    def _timetable_lists(self, route: int) -> tuple[list[float], list[float]]:
        """:meth:`_timetable`'s cut-offs and departures as Python lists (for one order)."""
        self._timetable(route)
        cut, dep, _, _ = self._lists[route]
        return cut, dep

    def _first_coming(self, route: int) -> int:
        """Position, among the route's departures with room, of the first whose cut-off has
        not passed."""
        _, k, _ = self._known_rows(route)
        return int(np.searchsorted(self._row_index[route], k))
