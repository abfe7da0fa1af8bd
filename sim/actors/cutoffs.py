"""Each route's timetable as it runs: the departures' cut-offs, one after another.

Before the clock starts every route's departures are fixed as rows (cut-off, departure,
capacity in slots: :meth:`CutOffs._cutoffs`), from the timetable published before the season
(:mod:`sim.actors.timetables`), or, on a line whose disruption is told after cut-offs it
touches, as its forwarder meets them (:meth:`CutOffs._told_rows`, :mod:`sim.actors.late_cuts`).
A timetable process per route (:meth:`CutOffs._timetable`) then sleeps until each cut-off and
takes the departure through it (:meth:`CutOffs._at_cutoff`): the route's forwarder packs the
goods ready into containers (:mod:`sim.actors.forwarders`), the loading policy ranks the closed
containers waiting and the departure takes them while they fit, the dispatch and roll-over
policies act (:mod:`sim.actors.cutoff_decisions`), and the journey starts
(:mod:`sim.actors.journeys`). Rows may be added while the clock runs (extra trains), after the
current one.

The cut-offs and the announcements of disruptions are the moments at which what a booking can
know changes at once (:meth:`CutOffs.decision_times_h`): the demand books no slice of orders
across one (:mod:`sim.actors.demand`).

:class:`CutOffs` is the part of :class:`sim.actors.logistics.Logistics` that runs the
timetables; in the per-actor engine each cut-off is a process of its own
(:mod:`sim.actors.train_process`), through the same :meth:`CutOffs._at_cutoff`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import numpy as np

from sim.actors.borders import Window
from sim.actors.cutoff_decisions import CutOffDecisions
from sim.actors.journeys import Journey, Route, Trip
from sim.actors.late_cuts import LateCuts, told_rows
from sim.actors.sailings import Carriers
from sim.actors.timetables import schedule
from sim.policies.loading import LoadingPolicy
from sim.world.calendar import MarketCalendar
from sim.world.random_streams import RandomStreams, stream_key

_NO_IDS = np.zeros(0, dtype=np.int64)
"""No containers (a departure without room takes none)."""

CutOffProcess = Callable[
    [Any, Route, list[tuple[float, float, int]], int, Journey], Generator[Any, Any, None]
]
"""A departure's cut-off as a process (the per-actor engine): logistics (the run's
:class:`sim.actors.logistics.Logistics`, typed loosely: that module builds on this one), route,
the route's departures, the departure's row, how its journey starts."""


class CutOffs(CutOffDecisions):
    """Every route's timetable and its cut-offs (a part of
    :class:`sim.actors.logistics.Logistics`, which sets every attribute below)."""

    cal: MarketCalendar
    _streams: RandomStreams
    close_partial: bool
    sea: Carriers
    loading: LoadingPolicy | None
    rows: dict[int, list[tuple[float, float, int]]]
    next_row: dict[int, int]
    cutoff_process: CutOffProcess | None

    # ----------------------------------------------------------------- the timetable

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

        A Poisson line's departures outside its windows are drawn as
        :meth:`sim.actors.logistics.Logistics.start` draws them, from a fresh copy of the
        departures stream after the lines before it, which draw the same numbers whatever their
        disruptions (:func:`schedule`); inside ``known`` windows from the line's own stream.
        (A stream of the line's own, as this once drew from, showed other trains than the line
        runs: an unannounced disruption changed quotes and routes before anyone knew of it.)
        The same at every call; the run's draws do not move."""
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
        cut-off and every disruption's announcement, and of its end when that is told later
        (clock hours, sorted, unique)."""
        cuts = [c for rows in self.rows.values() for c, _, cap in rows if cap > 0]
        cal = self.cal
        told = [cal.hour_at(d.announced or d.start) for d in self.sc.disruptions]
        ends = [d.end_known_at for d in self.sc.disruptions]
        told += [cal.hour_at(known) for known in ends if known is not None]
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
