"""Consolidation: a forwarder packs its route's goods into containers and loads departures.

The packing rule is next fit in the order goods reach the consolidation point (ties: by order
id): goods join the open container; an order that does not fit closes it, and one that fills it
closes it at once; an order larger than one TEU ships alone in its own group of containers and
leaves the open container as it is. With ``close_partial`` the part-filled container closes at
the cut-off too.

Everything happens on the clock. Goods are handed to the forwarder when their order is booked
(they are *there* once ready); at each departure's cut-off the forwarder packs the goods ready by
then (:meth:`Forwarder.pack`, one numpy pass over the batch: :func:`plan_containers`, or one order
at a time in the per-actor reference, :func:`plan_one_by_one` — the same containers), the loading
policy ranks the closed containers waiting, and the departure takes them in that order while
they fit (:meth:`Forwarder.load`); the roll-over policy may then move containers left behind to
another route. Containers and their orders are typed records in :class:`ContainerBook`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.actors.records import Columns

FULL = 1.0 - 1e-9
"""A container this full closes at once (no order of at least 1e-6 TEU fits any more)."""

OVER = 1.0 + 1e-9
"""Loads above this do not fit in one container."""


NEAR = 1e-6
"""Loads this close to :data:`FULL` or :data:`OVER` (by prefix sums) are decided by adding the
container's orders one at a time, as a forwarder would: prefix-sum differences carry rounding
(at most 1.4e-10 TEU measured, on the last 30,000 containers of every route of a full-scale
year at 3x demand), and near a threshold that could tip the decision."""


def _next_fit_one_by_one(sizes: list[float], s: int, e: int) -> tuple[int, int]:
    """The container started at order ``s``, filled one order at a time from orders before
    ``e``: (the order that closed it, its end), or (-1, -1) if it is still open at ``e``."""
    load = 0.0
    for j in range(s, e):
        if load + sizes[j] > OVER:
            return j, j
        load += sizes[j]
        if load >= FULL:
            return j, j + 1
    return -1, -1


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


def plan_containers(
    ready_h: np.ndarray, teu: np.ndarray, cutoffs: np.ndarray, close_partial: bool
) -> ContainerPlan:
    """Plan the containers of goods ready at ``ready_h`` (sorted) packed at ``cutoffs`` (sorted).

    The cut-off calls each pack the goods ready by then. Next fit is a chain: from a container's
    first order ``s``, prefix sums of the small orders' sizes give, for every ``s`` at once, the
    order that makes the load reach :data:`FULL`; walking the chain is a Python loop over
    containers, not orders. Where a load comes within :data:`NEAR` of a threshold, that
    container is decided one order at a time, so the plan is the one the forwarder would make
    adding orders one by one, whatever the volume.
    """
    cut = np.asarray(cutoffs, dtype=float)
    ends = np.searchsorted(ready_h, cut, side="right")  # orders [0, ends[k]) packed by call k
    large = teu > 1.0
    small_idx = np.flatnonzero(~large)
    x = teu[small_idx]
    prefix = np.concatenate(([0.0], np.cumsum(x)))
    # fills[s]: the small order whose goods bring a container started at s to FULL; fits[s]:
    # it fits (else it closes the container without itself); near[s]: a load within NEAR of a
    # threshold, to be decided one order at a time
    fill = np.searchsorted(prefix, prefix[:-1] + FULL, side="left") - 1
    upto_fill = prefix[fill] - prefix[:-1]  # the load before order `fill`
    with_fill = prefix[np.minimum(fill + 1, x.size)] - prefix[:-1]
    beyond = fill >= x.size  # never filled: no load with the filling order
    fits = with_fill <= OVER
    near = (np.abs(upto_fill - FULL) < NEAR) | (
        ~beyond & ((np.abs(with_fill - FULL) < NEAR) | (np.abs(with_fill - OVER) < NEAR))
    )
    small_ends = np.searchsorted(small_idx, ends).tolist()
    # the walk is a Python step per container: measured faster than walking the chain in
    # numpy by pointer doubling for the few hundred orders a cut-off packs (x1.4 at 650)
    starts, stops, closer = _chain(x, fill, fits, near, small_ends, close_partial)
    return _assemble(ready_h, teu, cut, ends, large, small_idx, x, starts, stops, closer)


def _chain(
    x: np.ndarray,
    fill: np.ndarray,
    fits: np.ndarray,
    near: np.ndarray,
    small_ends: list[int],
    close_partial: bool,
) -> tuple[list[int], list[int], list[int]]:
    """The containers of next fit over several cut-offs, walked one container at a time:
    first order, end, and the small order that closed each (-1 - call: a cut-off)."""
    fills, fits_l, near_l = fill.tolist(), fits.tolist(), near.tolist()
    starts: list[int] = []
    stops: list[int] = []
    closer: list[int] = []  # small-order index that closed it, or -1 - call for a cut-off
    xs = x.tolist()
    s = 0
    for k, e in enumerate(small_ends):
        while s < e:
            f = fills[s]
            if near_l[s]:  # decide as one order at a time would (loads before e only)
                f, stop = _next_fit_one_by_one(xs, s, e)
            elif f >= e:
                f = stop = -1
            else:  # order f fills the container, or does not fit and closes it without itself
                stop = f + 1 if fits_l[s] else f
            if f < 0:  # still open after this cut-off's goods
                if close_partial:
                    starts.append(s)
                    stops.append(e)
                    closer.append(-1 - k)
                    s = e
                break
            starts.append(s)
            stops.append(stop)
            closer.append(f)
            s = stop
    return starts, stops, closer


def _assemble(
    ready_h: np.ndarray,
    teu: np.ndarray,
    cut: np.ndarray,
    ends: np.ndarray,
    large: np.ndarray,
    small_idx: np.ndarray,
    x: np.ndarray,
    starts: list[int],
    stops: list[int],
    closer: list[int],
) -> ContainerPlan:
    """The plan from the walked chain of small-order containers and the large orders."""
    n = int(ready_h.size)
    n_small = len(starts)
    st = np.asarray(starts, dtype=np.int64)
    sp = np.asarray(stops, dtype=np.int64)
    by = np.asarray(closer, dtype=np.int64)
    by_call = by < 0
    calls = -1 - by[by_call]
    # closing position in the order sequence, doubled: order i closes at 2i, the cut-off after
    # orders [0, e) at 2e - 1, so sorting gives the order in which containers closed
    small_key = 2 * small_idx[np.maximum(by, 0)]
    small_key[by_call] = 2 * ends[calls] - 1
    small_closed = ready_h[small_idx[np.maximum(by, 0)]]
    small_closed[by_call] = cut[calls]
    large_idx = np.flatnonzero(large)
    packed_until = int(ends[-1]) if ends.size else 0
    large_idx = large_idx[large_idx < packed_until]
    key = np.concatenate((small_key, 2 * large_idx))
    order = np.argsort(key, kind="stable")  # equal keys: two closed by one order, walk order
    position = np.empty(order.size, dtype=np.int64)
    position[order] = np.arange(order.size)
    item_container = np.full(n, -1, dtype=np.int64)
    item_container[small_idx[: int(sp[-1]) if n_small else 0]] = np.repeat(
        position[:n_small], sp - st
    )
    item_container[large_idx] = position[n_small:]
    # containers cover the small orders [0, sp[-1]) back to back
    load = np.add.reduceat(x[: int(sp[-1])], st) if n_small else np.zeros(0)
    large_teu = teu[large_idx]
    slots = np.concatenate(
        (np.ones(n_small, dtype=np.int64), np.ceil(large_teu - 1e-9).astype(np.int64))
    )
    return ContainerPlan(
        closed_h=np.concatenate((small_closed, ready_h[large_idx]))[order],
        slots=slots[order],
        load_teu=np.concatenate((load, large_teu))[order],
        n_orders=np.concatenate((sp - st, np.ones(large_idx.size, dtype=np.int64)))[order],
        item_container=item_container,
        closed_by_call=np.searchsorted(key[order], 2 * ends - 1, side="right"),
    )


def plan_one_by_one(
    ready_h: np.ndarray, teu: np.ndarray, cutoffs: np.ndarray, close_partial: bool
) -> ContainerPlan:
    """:func:`plan_containers` as a forwarder does it, one order after another (the readable
    reference; the per-actor engine uses it, and a test checks the two agree)."""
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
        total = 0.0  # added in order, as the batched plan's reduceat does
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
(measured: the numpy plan's fixed cost of about 90 µs equals some 50 orders in Python)."""

CONTAINER_COLUMNS = {
    "route": np.int64,  # the route it waits for (changes when rolled over)
    "closed_h": float,
    "slots": np.int64,  # container slots it takes on a departure: 1, more for a large order
    "load_teu": float,
    "n_orders": np.int64,
    "deadline_h": float,  # earliest deadline of its orders (NaN: none)
    "first": np.int64,  # its orders: members[first : first + n_orders]
    "departure": np.int64,  # first leg from Yiwu (-1: not yet)
    "sailing": np.int64,  # by sea: the sailing from the port (-1: not yet or rail)
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
        k = int(plan.closed_h.size)
        if k == 0:
            return np.zeros(0, dtype=np.int64)
        item = plan.item_container
        packed = np.flatnonzero(item >= 0)
        on = item[packed]
        if on.size > 1 and bool((on[1:] < on[:-1]).any()):  # a large order closed between
            packed = packed[np.argsort(on, kind="stable")]
        first_member = self.members.extend(oid=oids[packed])
        local_starts = np.concatenate(([0], np.cumsum(plan.n_orders)[:-1]))
        dl = deadline_h[packed]
        if np.isnan(dl).all():  # no deadline goods: the common case outside the seasons
            earliest = np.full(k, np.nan)
        else:
            key = np.minimum.reduceat(np.where(np.isnan(dl), np.inf, dl), local_starts)
            earliest = np.where(np.isinf(key), np.nan, key)
        first = self.cols.extend(
            closed_h=plan.closed_h, route=route, slots=plan.slots, load_teu=plan.load_teu,
            n_orders=plan.n_orders, deadline_h=earliest, first=first_member + local_starts,
            departure=-1, sailing=-1, rolled_h=np.nan,
        )  # fmt: skip
        return first + np.arange(k, dtype=np.int64)

    def orders_of(self, ids: np.ndarray) -> np.ndarray:
        """The orders in containers ``ids``."""
        first, n = self.cols["first"][ids], self.cols["n_orders"][ids]
        if not ids.size:
            return np.zeros(0, dtype=np.int64)
        idx = np.repeat(first - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))
        return self.members["oid"][idx]


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

    def receive(
        self, ready_h: np.ndarray, oid: np.ndarray, teu: np.ndarray, deadline_h: np.ndarray
    ) -> None:
        """Goods of orders ``oid`` (booked after every order handed over before) will be at
        the consolidation point at ``ready_h``."""
        if not oid.size:
            return
        self._incoming.append((ready_h, oid, teu, deadline_h))

    def _take_incoming(self) -> None:
        """Add the goods handed over since the last cut-off to the pool (kept unsorted: a
        cut-off sorts only the goods it packs)."""
        if not self._incoming:
            return
        ready, oid, teu, dl = (np.concatenate(c) for c in zip(*self._incoming, strict=True))
        self._incoming.clear()
        never = ~np.isfinite(ready)  # a category that never produces: kept aside
        if never.any():
            self.never_ready += int(never.sum())
            keep = ~never
            ready, oid, teu, dl = ready[keep], oid[keep], teu[keep], dl[keep]
        self.ready_h = np.concatenate((self.ready_h, ready))
        self.oid = np.concatenate((self.oid, oid))
        self.teu = np.concatenate((self.teu, teu))
        self.deadline_h = np.concatenate((self.deadline_h, dl))

    def pack(self, cutoff_h: float, close_partial: bool) -> np.ndarray:
        """The cut-off: pack the goods ready by ``cutoff_h`` in (ready, order id) order; returns
        the new containers' ids (they join the end of the queue)."""
        self._take_incoming()
        due = self.ready_h <= cutoff_h
        sel = np.flatnonzero(due)
        k = int(sel.size)
        if k == 0:
            return np.zeros(0, dtype=np.int64)
        sel = sel[np.lexsort((self.oid[sel], self.ready_h[sel]))]
        # a few orders are packed faster one by one than by numpy's fixed cost per call; both
        # give the same containers (tests/actors/test_forwarders.py)
        small = k < ONE_BY_ONE_BELOW
        planner = plan_one_by_one if self.one_by_one or small else plan_containers
        plan = planner(self.ready_h[sel], self.teu[sel], np.array([cutoff_h]), close_partial)
        ids = self.book.add(self.route, plan, self.oid[sel], self.deadline_h[sel])
        left = np.concatenate((sel[plan.item_container < 0], np.flatnonzero(~due)))
        self.ready_h, self.oid = self.ready_h[left], self.oid[left]
        self.teu, self.deadline_h = self.teu[left], self.deadline_h[left]
        self.join(ids, np.full(ids.size, -np.inf))
        return ids

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

    def remove(self, positions: np.ndarray) -> np.ndarray:
        """Take containers at queue ``positions`` out of the queue (rolled over elsewhere)."""
        ids = self.queue[positions]
        keep = np.ones(self.queue.size, dtype=bool)
        keep[positions] = False
        self.queue, self.queue_from_h = self.queue[keep], self.queue_from_h[keep]
        return ids

    def loose_teu(self, now: float = np.inf) -> float:
        """Goods at the consolidation point by ``now`` not yet packed. Goods of orders booked
        but not ready yet do not count: with the batched engine a day's orders are booked at
        its start, and a decision later that day must not see the goods of orders placed after
        it."""
        self._take_incoming()
        return float(self.teu[self.ready_h <= now].sum())

    def backlog_teu(self, now: float = np.inf) -> float:
        """Goods at the consolidation point by ``now`` (packed or not) that have not left Yiwu."""
        return self.loose_teu(now) + float(self.book.cols["load_teu"][self.queue].sum())

    def waiting_slots(self) -> int:
        """Slots of the closed containers waiting."""
        return int(self.book.cols["slots"][self.queue].sum())

    def not_loaded(self) -> int:
        """Orders whose goods have not left on a departure (waiting, packed or not)."""
        incoming = sum(c[1].size for c in self._incoming)
        queued = int(self.book.cols["n_orders"][self.queue].sum())
        return int(self.oid.size) + incoming + self.never_ready + queued
