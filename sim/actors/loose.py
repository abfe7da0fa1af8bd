"""Loose goods at the consolidation points, as the live state reads them.

Goods handed over to a route's forwarder are loose until a cut-off packs them. At every booking
slice the live state asks, for each route it weighs, how many TEU of its loose goods are ready
by now (goods booked but still in the workshop do not count): that is the backlog new goods
join. Asked route by route, the answer cost a pass over each route's goods at every slice.

:class:`LooseGoods` keeps the answer for every route at once and updates it on the events that
change it. Goods handed over wait in buckets by the day they will be ready (a calendar); when
the clock has moved on, the days now past are added to their routes' totals whole, and only the
current day's goods are looked at good by good, once per slice for every route. Goods ready
after the current day are filed in their buckets once a day, when a pass first reaches a later
day, not at every slice (no pass reads a later day's bucket before then). A cut-off that
packs sets its route's total to the goods it left loose and marks the goods handed over before
it and ready by then as taken (a pass drops them). Every question at the clock's time is then a
look-up. A route is followed from the first question about it, so a run whose policies never ask
(static ones) pays nothing.

Each good is written once, when a pass first sees it, into the ledger's columns (ready time,
TEU, route) at the next position: positions are given in hand-over order, so a good's position
says which goods were handed over before it, and filing, joining and splitting goods moves
their positions (one integer each), not their numbers. Full columns are compacted to the goods
not counted yet, which keep their order (:data:`COMPACT_FROM`).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from sim.actors.pending import PendingGoods

BUCKET_H = 24.0
"""Hours of goods' ready times per bucket: a pass looks good by good only at the goods of one
bucket, and a slice's goods (ready over the next week or so) are filed in a handful of buckets.
(Measured on the full-scale year with every live policy: 4, 12, 24 and 48 hours cost about the
same; a day keeps the filing shortest.)"""

COMPACT_FROM = 1 << 18
"""Goods written in the columns before they are compacted when full (keeping only the goods not
counted yet: at full scale a few ten thousand, about 6 MB of columns at most; a compaction
moves every kept good and rewrites every bucket, so it is done seldom)."""

TICKS_PER_H = 1200.0
"""Ticks of ready time per hour within a bucket (3 seconds: a day is 28,800 ticks, a 16-bit
number that numpy's radix sort ranks; a tick holds a good or two at full scale)."""


class LooseGoods:
    """Every followed route's loose goods: the TEU ready by the last time asked, and the goods
    not ready then, in buckets of :data:`BUCKET_H` hours of ready time.

    Parameters
    ----------
    n_routes
        How many routes (a route's index is its position).
    horizon_h
        The run's end (hours): how far ahead goods booked are kept by the hour they will be
        ready (:class:`sim.actors.pending.PendingGoods`).
    """

    def __init__(self, n_routes: int, horizon_h: float = 0.0) -> None:
        self.ready_teu = np.zeros(n_routes)
        self.asked_h = -math.inf  # the totals hold the goods ready by then
        self.valid_from_h = -math.inf  # questions about earlier times are not answered here
        self._followed = [False] * n_routes
        # the goods a route's last cut-off took: those at positions before ``_mark`` (handed
        # over before it) ready by ``_packed_to_h`` (packed, or counted in the route's total
        # as left loose)
        self._mark = np.zeros(n_routes, dtype=np.int64)
        self._packed_to_h = np.full(n_routes, -math.inf)
        self._handed = 0  # goods handed over so far (the next one's position)
        # routes whose total is known at their last cut-off's time without a pass (nothing
        # handed over since): the dispatch policy asks at the cut-off itself
        self._just_cut = [False] * n_routes
        # whether a cut-off came since the last pass: if not, no good due at the next one was
        # taken (a good ready by an earlier pass and handed over before it was counted then)
        self._cut_since = False
        # every good seen by a pass, at its position: ready time, TEU, route
        self._ready = np.zeros(0)
        self._teu = np.zeros(0)
        self._route = np.zeros(0, dtype=np.int64)
        self._stored = 0  # goods written in the columns (the rest wait in _new)
        self._buckets: dict[int, list[np.ndarray]] = {}  # positions of goods, ascending
        self._bucket_ids: list[int] = []  # a heap of the keys of _buckets
        # the current bucket's goods filed before it became current, ranked (:class:`_Today`)
        self._today: dict[int, _Today] = {}
        # goods handed over since the last pass: (ready times, TEU, route)
        self._new: list[tuple[np.ndarray, np.ndarray, int]] = []
        # goods handed over since the day of :attr:`_filed_day` began that are ready after it
        # (or never), in hand-over order (positions): filed in their buckets when a pass
        # reaches a later day, not at every pass (no pass reads a bucket before its day)
        self._unfiled: list[np.ndarray] = []
        self._filed_day: int | None = None
        # the same goods by the hour they will be ready (the backlog of goods ready later)
        self.pending = PendingGoods(n_routes, horizon_h)

    def follows(self, route: int) -> bool:
        """Whether the ledger follows ``route`` (from the first question about it)."""
        return self._followed[route]

    def follow(self, route: int, goods: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
        """Start following ``route``, whose loose goods are ``goods`` (ready times, TEU)."""
        self._forget(route)
        self._followed[route] = True
        for ready_h, teu in goods:
            self.hand_over(route, ready_h, teu)

    def hand_over(self, route: int, ready_h: np.ndarray, teu: np.ndarray) -> None:
        """Goods of ``route`` that will be at the consolidation point at ``ready_h``."""
        if ready_h.size and self._followed[route]:
            self._new.append((ready_h, teu, route))
            self.pending.add(route, ready_h, teu)
            self._handed += ready_h.size
            self._just_cut[route] = False

    def repacked(self, route: int, cutoff_h: float, left_teu: float) -> None:
        """A cut-off at ``cutoff_h`` packed ``route``'s goods ready by then but ``left_teu``
        TEU of them (the open container's)."""
        if not self._followed[route]:
            return
        if cutoff_h < self.asked_h:  # looked at after the cut-off (not in a run): start again
            self._followed[route] = False
            return
        self.ready_teu[route] = left_teu
        self._mark[route] = self._handed
        self._packed_to_h[route] = cutoff_h
        self._cut_since = True
        self.valid_from_h = max(self.valid_from_h, cutoff_h)
        self._just_cut[route] = True

    def ready_by(self, route: int, now: float) -> float:
        """TEU of ``route``'s loose goods ready by ``now`` (a followed route, ``now`` not before
        :attr:`valid_from_h`)."""
        if self._just_cut[route] and now == self._packed_to_h[route]:
            return float(self.ready_teu[route])  # what the cut-off left loose
        if now != self.asked_h or self._new:
            self._advance(now)
        return float(self.ready_teu[route])

    def _forget(self, route: int) -> None:
        """Drop what the ledger holds of ``route`` (it starts again from the goods)."""
        self.ready_teu[route] = 0.0
        self.pending.drop(route)
        self._gather()
        of = self._route
        for key, pieces in self._buckets.items():  # (only after a cut-off out of order)
            pieces = [*self._unsorted(key), *pieces]
            self._buckets[key] = [p.compress(of.take(p) != route) for p in pieces]

    def _store(self) -> np.ndarray:
        """Write the goods handed over since the last pass (emptied) in the columns; their
        positions (the next ones, in hand-over order)."""
        new = self._new
        sizes = [r.size for r, _, _ in new]
        a = self._stored
        b = a + sum(sizes)
        if b > self._ready.size:  # full
            kept = self._kept() if a >= COMPACT_FROM else None
            if kept is not None and 2 * kept.size < a:  # most are counted: keep the others
                self._compact(kept, b - a)
                a, b = self._stored, self._stored + b - a
            if b > self._ready.size:  # room for as many again
                for name in ("_ready", "_teu", "_route"):
                    old = getattr(self, name)
                    grown = np.empty(max(2 * b, 1024), dtype=old.dtype)
                    grown[:a] = old[:a]
                    setattr(self, name, grown)
        if len(new) == 1:
            self._ready[a:b] = new[0][0]
            self._teu[a:b] = new[0][1]
            self._route[a:b] = new[0][2]
        else:
            np.concatenate([r for r, _, _ in new], out=self._ready[a:b])
            np.concatenate([t for _, t, _ in new], out=self._teu[a:b])
            self._route[a:b] = np.repeat(np.array([k for _, _, k in new], dtype=np.int64), sizes)
        self._stored = b
        new.clear()
        return np.arange(a, b)

    def _kept(self) -> np.ndarray:
        """The positions of the goods still kept (filed, waiting to be filed, or of the
        current day's ranking), ascending: the columns at other positions are no longer read
        (goods counted, or never ready). A good is in one place only."""
        held = [p for pieces in self._buckets.values() for p in pieces]
        held += self._unfiled
        held += [today.at for today in self._today.values()]
        kept = np.concatenate(held) if held else np.zeros(0, dtype=np.int64)
        kept.sort()
        return kept

    def _compact(self, kept: np.ndarray, coming: int) -> None:
        """Keep only the goods at positions ``kept`` (ascending), in their order, at positions
        from 0 (in columns as long as before, or for ``coming`` goods more and as many again
        if longer: at least half of them free, so this is seldom done). Positions keep their
        order, so a good's new position is its rank among ``kept``; a cut-off's mark becomes
        the number of goods kept before it, plus, for one that counted goods not written yet
        (still in :attr:`_new`), those of them it counted. A bucket's pieces, and the goods
        waiting to be filed, are joined (in order: every reader joins them)."""
        n = kept.size
        rank = np.zeros(self._stored, dtype=np.int64)
        rank[kept] = np.arange(n)
        for name in ("_ready", "_teu", "_route"):
            old = getattr(self, name)
            fresh = np.empty(max(2 * (n + coming), old.size), dtype=old.dtype)
            fresh[:n] = old.take(kept)
            setattr(self, name, fresh)
        self._buckets = {k: [rank.take(_joined(pieces))] for k, pieces in self._buckets.items()}
        self._unfiled = [rank.take(_joined(self._unfiled))] if self._unfiled else []
        for today in self._today.values():
            today.at = rank.take(today.at)
        stored = self._stored
        self._mark = np.where(
            self._mark >= stored, self._mark - stored + n, kept.searchsorted(self._mark)
        )
        self._handed += n - stored
        self._stored = n

    def _gather(self, day: int | None = None) -> None:
        """File the goods handed over since the last pass in their buckets, for a pass on
        ``day`` (a bucket's key; None: file every good now). Goods ready after that day are
        filed only when a pass first reaches a later day: a pass reads the buckets up to its
        own day, whose goods are all filed by then, in the order they were handed over, so the
        buckets it reads hold what filing every good at every pass would put there."""
        if self._new:
            at: np.ndarray | None = self._store()
        elif day is not None and day == self._filed_day:
            return
        else:
            at = None
        if day is not None and day == self._filed_day:
            assert at is not None
            ready = self._ready[self._stored - at.size : self._stored]  # (the goods at ``at``)
            soon = ready < (day + 1) * BUCKET_H  # (the floor division's key <= day: exact)
            n = int(soon.sum())
            if n < ready.size:
                self._unfiled.append(at if not n else at.compress(~soon))
                if not n:
                    return
                at = at.compress(soon)
                ready = ready.compress(soon)
            first = float(ready.min())
            if first >= day * BUCKET_H:  # the usual case: all of today's
                pieces = self._buckets.get(day)
                if pieces is None:
                    pieces = self._buckets[day] = []
                    heapq.heappush(self._bucket_ids, day)
                pieces.append(at)
                today = self._today.get(day)
                if today is not None and first < today.later_h:
                    today.later_h = first
                return
        else:  # a new day (or every good now): what waited is filed first
            self._filed_day = day
            if self._unfiled:
                at = _joined([*self._unfiled, *([] if at is None else [at])])
                self._unfiled = []
            if at is None:
                return
        self._file(at)

    def _file(self, at: np.ndarray) -> None:
        """File goods (their positions, ascending) in their buckets (goods that will never be
        ready are left out)."""
        if not at.size:
            return
        ready = self._ready.take(at)
        finite = np.isfinite(ready)
        if not finite.all():
            at, ready = at.compress(finite), ready.compress(finite)
            if not at.size:
                return
        key = _day_of(ready)
        # (keys of 16 bits, days up to 89 years, are sorted by numpy's radix sort: the same
        # stable order, several times sooner than its merge sort of 64-bit keys)
        short = int(key.min()) >= -(2**15) and int(key.max()) < 2**15
        order = (key.astype(np.int16) if short else key).argsort(kind="stable")
        key, at = key.take(order), at.take(order)
        starts = [0, *((key[1:] != key[:-1]).nonzero()[0] + 1).tolist()]
        for k, (a, b) in zip(
            key[starts].tolist(), itertools.pairwise([*starts, int(key.size)]), strict=True
        ):
            pieces = self._buckets.get(k)
            if pieces is None:
                pieces = self._buckets[k] = []
                heapq.heappush(self._bucket_ids, k)
            pieces.append(at[a:b])
            if k in self._today:  # (the current bucket: its goods filed since are not known)
                self._today[k].later_h = -math.inf

    def _advance(self, now: float) -> None:
        """Move the goods ready by ``now`` into their routes' totals (those a cut-off took are
        dropped)."""
        current = int(now // BUCKET_H)  # (the floor division that files the goods)
        self._gather(current)
        self.asked_h = now
        self.valid_from_h = max(self.valid_from_h, now)
        ids, buckets = self._bucket_ids, self._buckets
        cut, self._cut_since = self._cut_since, False
        while ids and ids[0] <= current:
            k = ids[0]
            if k < current:  # a bucket now past: every good in it is ready
                heapq.heappop(ids)
                at = _joined([*self._unsorted(k), *buckets.pop(k)])
            else:  # the bucket of the current hours: the goods ready by now
                at = self._due_today(k, now)
            if at.size:
                route = self._route.take(at)
                weights = self._teu.take(at)
                if cut:  # (no cut-off since the last pass: nothing now ready was taken)
                    taken = (at < self._mark.take(route)) & (
                        self._ready.take(at) <= self._packed_to_h.take(route)
                    )
                    # what a cut-off took adds nothing: a running sum plus 0.0 is that sum,
                    # bit for bit (the sums start at +0.0 and add TEU, never -0.0), so the
                    # goods taken may stay in the sum as zeros
                    weights = np.where(taken, 0.0, weights)
                self.ready_teu += np.bincount(route, weights=weights, minlength=self.ready_teu.size)
            if k == current:
                break

    def _due_today(self, k: int, now: float) -> np.ndarray:
        """The goods (positions) of the current bucket ``k`` ready by ``now`` and not counted
        yet, in the order they were handed over (the order the totals add them in).

        A slice comes every hour or so, and the bucket holds a day of goods: instead of
        looking at every good of the day at every slice, the goods filed before the bucket
        became current are ranked once by their tick (:func:`_tick`: a few seconds of ready
        time, a 16-bit number, ranked by numpy's radix sort, in hand-over order within a
        tick), and each slice takes the next run of them (put back in hand-over order); goods
        filed since follow, looked at good by good.

        The tick never falls as the ready time grows, so goods of an earlier tick than
        ``now``'s are ready by then and goods of a later one are not; the few of ``now``'s own
        tick are looked at one by one, and those counted before the run reaches them are
        remembered (:class:`_Today`).
        """
        today = self._today.get(k)
        pieces = self._buckets[k]
        if today is None:  # the bucket has just become current: rank what it holds
            at = _joined(pieces)
            today = self._today[k] = _Today(at, self._ready.take(at), k * BUCKET_H)
            pieces = self._buckets[k] = []
        due = today.due(now)
        if not pieces or today.later_h > now:  # (none of the goods filed since is ready)
            return due
        later = _joined(pieces)  # filed after the ranking, in hand-over order
        ready = self._ready.take(later)
        ok = ready <= now
        wait = ~ok
        self._buckets[k] = [later.compress(wait)]
        ready = ready.compress(wait)
        today.later_h = float(ready.min()) if ready.size else math.inf
        ready_now = later.compress(ok)
        return np.concatenate((due, ready_now)) if due.size else ready_now

    def _unsorted(self, k: int) -> list[np.ndarray]:
        """The goods (positions) of bucket ``k`` ranked when it was current and not counted
        yet, in the order they were handed over (none if it was never current)."""
        today = self._today.pop(k, None)
        if today is None:
            return []
        return [today.rest()]


def _tick(ready_h: Any, base_h: float) -> Any:
    """The tick of ready times within the bucket that starts at ``base_h`` (a number or an
    array: the same operations in the same order, so the same result). Each step (a
    difference, a product, dropping the fraction) never falls as the time grows."""
    return (ready_h - base_h) * TICKS_PER_H


class _Today:
    """The current bucket's goods filed before it became current (``at``, their positions,
    ascending; ``ready``, their ready times), ranked by tick, and how far the slices have
    counted them: every good of the first ``done`` in rank, and those of ``part`` (ranks beyond
    ``done``, in the tick of the last question, looked at one by one)."""

    def __init__(self, at: np.ndarray, ready: np.ndarray, base_h: float) -> None:
        self.at = at
        self.ready = ready
        self.base_h = base_h
        ticks = _tick(ready, base_h).astype(np.int16)
        self.order = ticks.argsort(kind="stable")
        # (searched with Python ints: as 64-bit numbers, not cast again at every search)
        self.ticks = ticks.take(self.order).astype(np.int64)
        self.done = 0
        self.part: list[int] = []
        # no good filed in the bucket since (its other pieces) is ready before this
        self.later_h = math.inf

    def due(self, now: float) -> np.ndarray:
        """Positions (ascending) of the goods ready by ``now`` not counted yet; they are
        counted."""
        tick = int(_tick(now, self.base_h))
        ticks, order, done, part = self.ticks, self.order, self.done, self.part
        lo = int(ticks.searchsorted(tick, side="left"))  # earlier ticks: ready by now
        hi = int(ticks.searchsorted(tick, side="right"))  # now's tick: looked at one by one
        sure = order[done:lo] if lo > done else order[:0]
        if part and lo > done:  # counted at the last question, in its tick
            counted = np.zeros(lo - done, dtype=bool)
            counted[[i - done for i in part if i < lo]] = True
            sure = sure.compress(~counted)
        part = [i for i in part if i >= lo]
        extra = []
        if hi > lo:
            ready = self.ready
            for i in range(lo, hi):
                if i not in part and ready[order[i]] <= now:
                    part.append(i)
                    extra.append(int(order[i]))
        self.done = done if lo < done else lo
        self.part = part
        rank = np.concatenate((sure, np.array(extra, dtype=sure.dtype))) if extra else sure.copy()
        rank.sort()
        return self.at.take(rank)

    def rest(self) -> np.ndarray:
        """Positions (ascending) of the goods not counted yet."""
        rest = self.order[self.done :]
        if self.part:
            counted = np.zeros(rest.size, dtype=bool)
            counted[[i - self.done for i in self.part]] = True
            rest = rest.compress(~counted)
        else:
            rest = rest.copy()
        rest.sort()
        return self.at.take(rest)


def _joined(pieces: list[np.ndarray]) -> np.ndarray:
    """Goods' positions as one array, in order."""
    if len(pieces) == 1:
        return pieces[0]
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)


def _day_of(ready_h: np.ndarray) -> np.ndarray:
    """The bucket of each of ``ready_h`` (finite): ``ready_h // BUCKET_H``, the floor of the
    exact quotient (as Python's and numpy's floor division of floats give it), as integers.
    The quotient rounded may reach the next whole number just below a bucket's start; its
    product with :data:`BUCKET_H` (exact: a whole number of hours) then exceeds the time, and
    one is taken off. A division, a floor and a comparison cost a fraction of numpy's floor
    division, which works out a remainder for each time."""
    key = np.floor(ready_h / BUCKET_H)
    key -= key * BUCKET_H > ready_h
    return key.astype(np.int64)
