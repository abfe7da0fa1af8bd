"""Consolidation: a forwarder packs its route's goods into containers and loads departures.

The packing rule is next fit in the order goods reach the consolidation point (ties: by order
id): goods join the open container; an order that does not fit closes it, and one that fills it
closes it at once; an order larger than one TEU ships alone in its own group of containers and
leaves the open container as it is. With ``close_partial`` the part-filled container closes at
the cut-off too.

Everything happens on the clock. Goods are handed to the forwarder when their order is booked
(they are *there* once ready); at each departure's cut-off the forwarder packs the goods ready by
then (:meth:`Forwarder.pack`: a Python step per order for next fit and numpy for the rest, or
one order at a time in the per-actor reference, :func:`plan_one_by_one` — the same
containers), the loading policy ranks the closed containers waiting, and the departure takes
them in that order while they fit (:meth:`Forwarder.load`); the roll-over policy may then move
containers left behind to another route. Containers and their orders are typed records in
:class:`ContainerBook`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from sim.actors._forwarder_kernels import FULL, OVER, closers, next_fit, packing_order
from sim.actors.loose import LooseGoods
from sim.actors.records import Columns


@dataclass(frozen=True)
class ContainerPlan:
    """Every container one route will close, in closing order (index = local container id).

    Attributes
    ----------
    closed_h
        When each container closes: the ready time of the order that filled it or did not fit,
        the order's own ready time for a large order's group, the cut-off for a part-filled one.
    slots
        Container slots (TEU) each takes on a departure: 1, or more for a large order's group.
    load_teu
        Goods in each container.
    n_orders
        Orders in each container.
    item_container
        For each order in the forwarder's (ready, order id) order: its container, or -1 when it
        is not in a closed container by the last cut-off (not ready yet, or in the open one).
    closed_by_call
        Containers closed by the end of each cut-off (cumulative counts, one per cut-off).
    """

    closed_h: np.ndarray
    slots: np.ndarray
    load_teu: np.ndarray
    n_orders: np.ndarray
    item_container: np.ndarray
    closed_by_call: np.ndarray


def plan_one_by_one(
    ready_h: np.ndarray, teu: np.ndarray, cutoffs: np.ndarray, close_partial: bool
) -> ContainerPlan:
    """Next fit as a forwarder does it, one order after another, over cut-offs ``cutoffs``
    (the readable reference; the per-actor engine uses it, and tests check that the batched
    packing and :func:`tests.worlds.plan_containers` agree with it)."""
    n = int(ready_h.size)
    closed_h: list[float] = []
    slots: list[int] = []
    load_teu: list[float] = []
    members: list[list[int]] = []
    closed_by_call: list[int] = []
    item_container = np.full(n, -1, dtype=np.int64)
    open_items: list[int] = []
    load = 0.0

    def goods_in(items: list[int]) -> float:
        total = 0.0  # added in order, as the batched plan's kernel adds them (Fit.loads)
        for i in items:
            total += float(teu[i])
        return total

    def close(items: list[int], at: float, n_slots: int, goods: float) -> None:
        for i in items:
            item_container[i] = len(closed_h)
        closed_h.append(at)
        slots.append(n_slots)
        load_teu.append(goods)
        members.append(items)

    i = 0
    for cut in np.asarray(cutoffs, dtype=float).tolist():
        while i < n and ready_h[i] <= cut:
            x = float(teu[i])
            if x > 1.0:  # a large order ships alone in its own group
                close([i], float(ready_h[i]), int(np.ceil(x - 1e-9)), x)
            else:
                if load + x > OVER:  # does not fit: the open container closes without it
                    close(open_items, float(ready_h[i]), 1, goods_in(open_items))
                    open_items, load = [], 0.0
                open_items.append(i)
                load += x
                if load >= FULL:
                    close(open_items, float(ready_h[i]), 1, goods_in(open_items))
                    open_items, load = [], 0.0
            i += 1
        if close_partial and open_items:
            close(open_items, cut, 1, goods_in(open_items))
            open_items, load = [], 0.0
        closed_by_call.append(len(closed_h))
    return ContainerPlan(
        closed_h=np.asarray(closed_h, dtype=float),
        slots=np.asarray(slots, dtype=np.int64),
        load_teu=np.asarray(load_teu, dtype=float),
        n_orders=np.asarray([len(m) for m in members], dtype=np.int64),
        item_container=item_container,
        closed_by_call=np.asarray(closed_by_call, dtype=np.int64),
    )


ONE_BY_ONE_BELOW = 48
"""Below this many orders at a cut-off, the batched engine packs one order at a time too
(measured when set: the numpy plan's fixed cost of about 90 µs equals some 50 orders in
Python). Both paths give the same containers with the same goods to the last bit (the kernel
adds a container's goods one order after another, as the reference does), so the value is a
matter of speed alone."""

CONTAINER_COLUMNS = {
    # integers as narrow as they can be (counts and ids below 2**31): a full-scale year closes
    # some 650,000 containers, written into fresh memory as they close
    "route": np.int16,  # the route it waits for (changes when rolled over)
    "closed_h": float,
    "slots": np.int32,  # container slots it takes on a departure: 1, more for a large order
    "load_teu": float,
    "n_orders": np.int32,
    "deadline_h": float,  # earliest deadline of its orders (NaN: none)
    "first": np.int64,  # its orders: members[first : first + n_orders]
    "departure": np.int32,  # first leg from Yiwu (-1: not yet)
    "sailing": np.int32,  # by sea: the sailing from the port (-1: not yet or rail)
    "rolled_h": float,  # when it was moved to another route (NaN: never)
}


class ContainerBook:
    """Every container of the run, by global id, and the orders in each (typed records)."""

    def __init__(self, expected_orders: int = 0) -> None:
        # sized for the orders the run is expected to place (at most one container each)
        self.cols = Columns(CONTAINER_COLUMNS, capacity=max(1024, expected_orders // 2))
        self.members = Columns({"oid": np.int64}, capacity=max(1024, expected_orders))

    @property
    def n(self) -> int:
        return self.cols.n

    def add(
        self, route: int, plan: ContainerPlan, oids: np.ndarray, deadline_h: np.ndarray
    ) -> np.ndarray:
        """Record the containers of ``plan`` (orders ``oids`` in the planned item order, with
        their deadlines); returns their global ids."""
        if not plan.closed_h.size:
            return np.zeros(0, dtype=np.int64)
        item = plan.item_container
        packed = np.flatnonzero(item >= 0)
        on = item[packed]
        if on.size > 1 and bool((on[1:] < on[:-1]).any()):  # a large order closed between
            packed = packed[np.argsort(on, kind="stable")]
        local_starts = np.concatenate(([0], np.cumsum(plan.n_orders)[:-1]))
        return self.record(
            route, plan.closed_h, plan.slots, plan.load_teu, plan.n_orders, local_starts,
            oids[packed], deadline_h[packed],
        )  # fmt: skip

    def record(
        self,
        route: int,
        closed_h: np.ndarray,
        slots: np.ndarray | int,
        load_teu: np.ndarray,
        n_orders: np.ndarray,
        local_starts: np.ndarray,
        oids: np.ndarray,
        deadline_h: np.ndarray,
    ) -> np.ndarray:
        """Record containers closed at ``closed_h`` (in closing order), their orders ``oids``
        container by container (each container's at ``local_starts``, ``n_orders`` of them)
        with the orders' deadlines; returns their global ids."""
        k = int(closed_h.size)
        first_member = self.members.extend(oid=oids)
        # fmin ignores NaN: NaN only when no order has a deadline, the common case outside the
        # seasons (one numpy call where isnan().all() takes two)
        if math.isnan(np.fmin.reduce(deadline_h)):
            earliest: np.ndarray | float = np.nan
        else:  # NaN for none, and (as ever) for an infinite one
            key = np.fmin.reduceat(deadline_h, local_starts)
            earliest = np.where(np.isinf(key), np.nan, key)
        first = self.cols.extend(
            closed_h=closed_h, route=route, slots=slots, load_teu=load_teu, n_orders=n_orders,
            deadline_h=earliest, first=first_member + local_starts, departure=-1, sailing=-1,
            rolled_h=np.nan,
        )  # fmt: skip
        return np.arange(first, first + k, dtype=np.int64)

    def orders_of(self, ids: np.ndarray) -> np.ndarray:
        """The orders in containers ``ids``."""
        first, n = self.cols["first"][ids], self.cols["n_orders"][ids]
        if not ids.size:
            return np.zeros(0, dtype=np.int64)
        idx = np.repeat(first - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))
        return self.members["oid"][idx]


class DayGoods(NamedTuple):
    """A day's goods for the forwarders, grouped by route (each route's in order id order):
    when each is ready, its order, TEU and deadline."""

    ready_h: np.ndarray
    oid: np.ndarray
    teu: np.ndarray
    deadline_h: np.ndarray

    def rows(self, lo: int, hi: int) -> tuple[np.ndarray, ...]:
        """Rows ``lo`` to ``hi`` of each column (views)."""
        return (self.ready_h[lo:hi], self.oid[lo:hi], self.teu[lo:hi], self.deadline_h[lo:hi])


@dataclass
class Forwarder:
    """Consolidation for one route: goods handed over -> containers at each cut-off ->
    departures by the loading policy.

    Parameters
    ----------
    route
        The route's index.
    book
        The run's container book.
    one_by_one
        Pack one order at a time (the per-actor reference) instead of in one numpy pass.
    loose
        The run's ledger of loose goods (:class:`sim.actors.loose.LooseGoods`), shared by its
        forwarders; None: one of the forwarder's own.
    """

    route: int
    book: ContainerBook
    one_by_one: bool = False
    # goods handed over and not yet packed (in no particular order)
    ready_h: np.ndarray = field(default_factory=lambda: np.zeros(0))
    oid: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    teu: np.ndarray = field(default_factory=lambda: np.zeros(0))
    deadline_h: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # closed containers waiting for a departure, in the order they joined the queue
    queue: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # earliest time each queued container may leave (a rolled-over one after re-booking)
    queue_from_h: np.ndarray = field(default_factory=lambda: np.zeros(0))
    never_ready: int = 0  # orders whose goods will never be ready (no production)
    _incoming: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    # the loose goods of every route as the live state reads them (shared by the run's
    # forwarders; one of its own if none is given)
    loose: LooseGoods | None = None
    # the chunk of a day's goods being widened by receive_rows, not yet in _incoming: the
    # goods and its rows (None: none)
    _run: tuple[DayGoods, int, int] | None = None
    # the queue the slots waiting were last counted for, and their count
    _waiting: tuple[np.ndarray | None, int] = (None, 0)

    def receive(
        self, ready_h: np.ndarray, oid: np.ndarray, teu: np.ndarray, deadline_h: np.ndarray
    ) -> None:
        """Goods of orders ``oid`` (booked after every order handed over before) will be at
        the consolidation point at ``ready_h``."""
        if not oid.size:
            return
        self._close_run()
        self._incoming.append((ready_h, oid, teu, deadline_h))
        self._ledger().hand_over(self.route, ready_h, teu)

    def receive_rows(self, goods: DayGoods, lo: int, hi: int) -> None:
        """:meth:`receive` the goods of rows ``lo`` to ``hi`` of ``goods`` (a day's orders
        grouped by route, in order id order within each). Rows that continue the chunk last
        received from the same goods widen it: a day's slices hand a route one chunk, which a
        cut-off gathers in one piece, not one per slice (its rows are taken out of the goods
        only when the goods handed over are read: :meth:`_close_run`)."""
        run = self._run
        if run is not None and run[0] is goods and run[2] == lo:
            self._run = (goods, run[1], hi)
        else:
            self._close_run()
            self._run = (goods, lo, hi)
        loose = self.loose  # (a static run's ledger follows no route: no views to make)
        if loose is not None and loose.follows(self.route):
            loose.hand_over(self.route, goods.ready_h[lo:hi], goods.teu[lo:hi])

    def _close_run(self) -> None:
        """The chunk of a day's goods being widened (:meth:`receive_rows`) joins the goods
        handed over, as its rows' columns; the next rows start another."""
        run = self._run
        if run is not None:
            self._incoming.append(run[0].rows(run[1], run[2]))
            self._run = None

    def _ledger(self) -> LooseGoods:
        """The ledger of loose goods this forwarder reports to."""
        if self.loose is None:
            self.loose = LooseGoods(self.route + 1)
        return self.loose

    def _take_incoming(self) -> None:
        """Add the goods handed over since the last cut-off to the pool (kept unsorted: a
        cut-off sorts only the goods it packs)."""
        self._close_run()
        if not self._incoming:
            return
        # pool and new goods in one concatenation per column; the pool holds no never-ready
        # goods, so filtering the whole leaves the pool's order as it was
        ready, oid, teu, dl = (
            np.concatenate(c)
            for c in zip(
                (self.ready_h, self.oid, self.teu, self.deadline_h), *self._incoming, strict=True
            )
        )
        self._incoming.clear()
        never = ~np.isfinite(ready)  # a category that never produces: kept aside
        if never.any():
            self.never_ready += int(never.sum())
            keep = ~never
            ready, oid, teu, dl = ready[keep], oid[keep], teu[keep], dl[keep]
        self.ready_h, self.oid, self.teu, self.deadline_h = ready, oid, teu, dl

    def pack(self, cutoff_h: float, close_partial: bool) -> np.ndarray:
        """The cut-off: pack the goods ready by ``cutoff_h`` in (ready, order id) order; returns
        the new containers' ids (they join the end of the queue)."""
        self._take_incoming()
        due = self.ready_h <= cutoff_h
        sel = due.nonzero()[0]  # (np.flatnonzero's wrapper costs a microsecond more)
        k = int(sel.size)
        if k == 0:
            return np.zeros(0, dtype=np.int64)
        sel = sel[packing_order(self.ready_h[sel], self.oid[sel])]
        # a few orders are packed faster one by one than by numpy's fixed cost per call; both
        # give the same containers (tests/actors/test_forwarders.py)
        if self.one_by_one or k < ONE_BY_ONE_BELOW:
            plan = plan_one_by_one(self.ready_h[sel], self.teu[sel], np.array([cutoff_h]),
                                   close_partial)  # fmt: skip
            ids = self.book.add(self.route, plan, self.oid[sel], self.deadline_h[sel])
            unpacked = sel[plan.item_container < 0]
        else:
            ids, unpacked = self._pack_sorted(sel, cutoff_h, close_partial)
        left = (~due).nonzero()[0]
        if unpacked.size:  # the open container's goods first, as before
            left = np.concatenate((unpacked, left))
        self.ready_h, self.oid = self.ready_h[left], self.oid[left]
        self.teu, self.deadline_h = self.teu[left], self.deadline_h[left]
        if self.loose is not None and self.loose.follows(self.route):
            # the open container's goods stay loose (summed only for a route followed)
            self.loose.repacked(self.route, cutoff_h, float(self.teu[: unpacked.size].sum()))
        self.join(ids, np.full(ids.size, -np.inf))
        return ids

    def _pack_sorted(
        self, sel: np.ndarray, cutoff_h: float, close_partial: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pack goods ``sel`` (pool positions, in packing order) at one cut-off and record the
        containers: their ids, and the pool positions of the goods left in the open container.

        The containers the general plan over several cut-offs
        (:func:`tests.worlds.plan_containers`, with :meth:`ContainerBook.add`) makes, bit for bit
        (tests/actors/test_forwarders.py), in fewer numpy calls: at a single cut-off only the
        last container can close part-filled, the containers go to the book in closing order
        as they are assembled (no plan, no container of each order), and each large order's
        group is placed among them by a binary search instead of an argsort of every
        container.
        """
        teu = self.teu[sel]
        large = teu > 1.0
        lpos = large.nonzero()[0]  # the large orders (some at most cut-offs)
        n_large = int(lpos.size)
        small = (~large).nonzero()[0] if n_large else lpos  # (unused without large orders)
        x = teu[small] if n_large else teu
        fit = next_fit(x.data, [x.size], close_partial)  # (.data: a memoryview of x)
        n_small, end = len(fit.starts), fit.end
        if not n_small and not n_large:  # everything is in the open container
            return np.zeros(0, dtype=np.int64), sel
        bounds, closer = closers(fit)
        st = bounds[:-1]
        counts = bounds[1:] - st
        # each container's goods as the kernel added them, one order after another (the
        # reference's sums to the last bit: both engines' departures carry the same goods)
        # (np.fromiter: half np.array's time on a list of floats, the same numbers)
        load = np.fromiter(fit.loads, float, len(fit.loads)) if n_small else x[:0]
        if not n_large:  # small orders only: they are the goods in packing order
            closed_h = self.ready_h[sel[closer]]
            if fit.at_cutoff:  # only the last container can close at the cut-off
                closed_h[-1] = cutoff_h
            items = sel[:end]
            ids = self.book.record(
                self.route, closed_h, 1, load, counts, st, self.oid[items],
                self.deadline_h[items],
            )  # fmt: skip
            return ids, sel[end:]
        key = small[closer]  # the position of each small container's closing order
        closed_s = self.ready_h[sel[key]]
        if fit.at_cutoff:
            closed_s[-1] = cutoff_h
            key[-1] = sel.size  # after every order
        # a large order's group closes with the order, after the small containers closed
        # before it (an order is small or large: no key is equal to a large one's position)
        at = np.searchsorted(key, lpos) + np.arange(n_large)
        n = n_small + n_large
        is_large = np.zeros(n, dtype=bool)
        is_large[at] = True
        on_small = ~is_large
        big = teu[lpos]
        closed_h = np.empty(n)
        closed_h[on_small] = closed_s
        closed_h[at] = self.ready_h[sel[lpos]]
        load_teu = np.empty(n)
        load_teu[on_small] = load
        load_teu[at] = big
        slots = np.ones(n, dtype=np.int64)
        slots[at] = np.ceil(big - 1e-9)
        n_orders = np.ones(n, dtype=np.int64)
        n_orders[on_small] = counts
        local_starts = np.cumsum(n_orders) - n_orders
        # the orders container by container: each large one at its group's place, the small
        # ones in packing order around them
        lstart = local_starts[at]
        members = np.empty(end + n_large, dtype=np.int64)
        large_member = np.zeros(members.size, dtype=bool)
        large_member[lstart] = True
        members[~large_member] = small[:end]
        members[lstart] = lpos
        items = sel[members]
        ids = self.book.record(
            self.route, closed_h, slots, load_teu, n_orders, local_starts, self.oid[items],
            self.deadline_h[items],
        )  # fmt: skip
        return ids, sel[small[end:]]

    def join(self, ids: np.ndarray, from_h: np.ndarray) -> None:
        """Containers ``ids`` join the end of the queue, free to leave from ``from_h``."""
        self.queue = np.concatenate((self.queue, ids))
        self.queue_from_h = np.concatenate((self.queue_from_h, from_h))

    def load(self, capacity: int, now: float, rank: np.ndarray | None) -> np.ndarray:
        """Take waiting containers in ``rank`` order (positions in the queue; None: queue
        order) while they fit in ``capacity`` slots; the first goes even if it is larger.
        Containers not yet free to leave at ``now`` are skipped. Returns the ids taken."""
        q = self.queue
        if not q.size or capacity <= 0:
            return np.zeros(0, dtype=np.int64)
        order = np.arange(q.size) if rank is None else rank
        order = order[self.queue_from_h[order] <= now]
        if not order.size:
            return np.zeros(0, dtype=np.int64)
        slots = self.book.cols["slots"][q[order]]
        cum = np.cumsum(slots)
        n = int(np.searchsorted(cum, capacity, side="right"))
        n = max(n, 1)  # a group larger than the whole departure still goes, alone
        taken = order[:n]
        ids = q[taken]
        keep = np.ones(q.size, dtype=bool)
        keep[taken] = False
        self.queue, self.queue_from_h = q[keep], self.queue_from_h[keep]
        return ids

    def put_back(self, ids: np.ndarray, now: float) -> None:
        """Containers ``ids`` taken by a departure that was then cancelled go back to the head
        of the queue, free to leave on the next departure."""
        if ids.size:
            self.queue = np.concatenate((ids, self.queue))
            self.queue_from_h = np.concatenate((np.full(ids.size, now), self.queue_from_h))

    def remove(self, positions: np.ndarray) -> np.ndarray:
        """Take containers at queue ``positions`` out of the queue (rolled over elsewhere)."""
        ids = self.queue[positions]
        keep = np.ones(self.queue.size, dtype=bool)
        keep[positions] = False
        self.queue, self.queue_from_h = self.queue[keep], self.queue_from_h[keep]
        return ids

    def loose_teu(self, now: float = np.inf) -> float:
        """Goods at the consolidation point by ``now`` not yet packed (goods booked but not
        ready yet do not count). At the clock's time this is a look-up in the run's ledger of
        loose goods (:class:`sim.actors.loose.LooseGoods`); another time (``now`` infinite:
        every loose good) is worked out from the goods themselves."""
        ledger = self.loose
        # the usual question, at the clock's time of a followed route: the ledger's total
        route = self.route
        if ledger is not None and ledger.follows(route) and ledger.valid_from_h <= now < math.inf:
            return ledger.ready_by(route, now)
        ledger = self._ledger()
        if math.isinf(now) or now < ledger.valid_from_h:
            return self._loose_directly(now)
        if not ledger.follows(self.route):
            self._close_run()
            pool = [(self.ready_h, self.teu), *((c[0], c[2]) for c in self._incoming)]
            ledger.follow(self.route, pool)
        return ledger.ready_by(self.route, now)

    def _loose_directly(self, now: float) -> float:
        """:meth:`loose_teu` from the pool and the goods handed over, without the ledger."""
        self._close_run()
        teu = [self.teu[self.ready_h <= now].sum()]
        teu += [c[2][c[0] <= now].sum() for c in self._incoming]
        return float(sum(teu))

    def backlog_teu(self, now: float = np.inf) -> float:
        """Goods at the consolidation point by ``now`` (packed or not) that have not left Yiwu."""
        return self.loose_teu(now) + float(self.book.cols["load_teu"][self.queue].sum())

    def waiting_slots(self) -> int:
        """Slots of the closed containers waiting (worked out again only when the queue
        changes: every change replaces the queue's array, and a container's slots are fixed)."""
        queue, slots = self._waiting
        if queue is not self.queue:
            slots = int(self.book.cols["slots"][self.queue].sum())
            self._waiting = (self.queue, slots)
        return slots

    def not_loaded(self) -> int:
        """Orders whose goods have not left on a departure (waiting, packed or not)."""
        self._close_run()
        incoming = sum(c[1].size for c in self._incoming)
        queued = int(self.book.cols["n_orders"][self.queue].sum())
        return int(self.oid.size) + incoming + self.never_ready + queued
