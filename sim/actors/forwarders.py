"""Consolidation: a forwarder packs its route's goods into containers and loads departures.

The packing rule is next fit in the order goods reach the consolidation point (ties: by order
id): goods join the open container; an order that does not fit closes it, and one that fills it
closes it at once; an order larger than one TEU ships alone in its own group of containers and
leaves the open container as it is. At each departure's cut-off, goods ready by then are packed
and, with ``close_partial``, the part-filled container closes too; the closed containers are
then loaded first closed, first loaded, up to the departure's capacity (a group larger than a
whole departure still goes, alone, so nothing is stranded).

Every order's goods are handed over before the clock starts (merchants answer every order in
advance, and nothing later feeds back into them) and every cut-off of a route is known from its
timetable, so the whole season's containers are planned before the clock, in numpy
(:func:`plan_containers`); while the clock runs, a cut-off only marks the containers it closes
and a departure takes the next ones, each a contiguous range of container ids. That keeps
per-order work out of SimPy's event loop: a cut-off costs the same for 5 orders as for 5,000.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

import numpy as np

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
    n = int(ready_h.size)
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
    fills, fits_l, near_l = fill.tolist(), fits.tolist(), near.tolist()
    small_ends = np.searchsorted(small_idx, ends).tolist()
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


@dataclass
class Forwarder:
    """Consolidation for one route: ready goods -> containers -> departures.

    Goods are handed over before the clock starts (:meth:`receive`); :meth:`plan` fixes the
    containers for the route's cut-offs; then each cut-off calls :meth:`pack` and each
    departure :meth:`load`. Container ids are global: this forwarder's run from ``first_id``.
    """

    route: int
    # goods in (ready_h, order id) order
    ready_h: np.ndarray = field(default_factory=lambda: np.zeros(0))
    oid: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    teu: np.ndarray = field(default_factory=lambda: np.zeros(0))
    containers: ContainerPlan | None = None
    first_id: int = 0
    calls: int = 0  # cut-offs passed
    closed: int = 0  # containers closed so far
    loaded: int = 0  # containers loaded on a departure so far
    _closed_by_call: list[int] = field(default_factory=list)
    _cum_slots: list[int] = field(default_factory=list)
    _cum_orders: list[int] = field(default_factory=list)

    def receive(self, ready_h: np.ndarray, oid: np.ndarray, teu: np.ndarray) -> None:
        """Goods of orders ``oid`` reach the consolidation point at ``ready_h``."""
        if self.containers is not None:
            raise RuntimeError(f"route {self.route}: goods handed over after planning")
        ready = np.concatenate((self.ready_h, ready_h))
        ids = np.concatenate((self.oid, oid))
        size = np.concatenate((self.teu, teu))
        order = np.lexsort((ids, ready))
        self.ready_h, self.oid, self.teu = ready[order], ids[order], size[order]

    def add(self, ready_h: float, oid: int, teu: float) -> None:
        """Goods of one order reach the consolidation point at ``ready_h``."""
        self.receive(np.array([ready_h]), np.array([oid]), np.array([teu]))

    def plan(self, cutoffs: np.ndarray, close_partial: bool, first_id: int) -> ContainerPlan:
        """Plan the containers for these cut-offs (the departures with room, in order); their
        global ids start at ``first_id``."""
        plan = plan_containers(self.ready_h, self.teu, cutoffs, close_partial)
        self.containers, self.first_id = plan, first_id
        self._closed_by_call = plan.closed_by_call.tolist()
        self._cum_slots = [0, *accumulate(plan.slots.tolist())]
        self._cum_orders = [0, *accumulate(plan.n_orders.tolist())]
        return plan

    def pack(self) -> None:
        """The next cut-off: the containers planned to close by then are closed."""
        self.closed = self._closed_by_call[self.calls]
        self.calls += 1

    def take(self, a: int, b: int, room: int, alone: bool) -> int:
        """End of the longest run of containers from ``a`` (before ``b``) within ``room``
        slots; with ``alone``, at least the first, however large."""
        cum = self._cum_slots
        j = bisect_right(cum, cum[a] + room, a + 1, b + 1) - 1
        return a + 1 if j == a and alone and a < b else j

    def load(self, capacity: int) -> tuple[int, int]:
        """Take closed containers, first closed first loaded, up to ``capacity`` slots:
        returns the range of local container ids taken."""
        a = self.loaded
        self.loaded = self.take(a, self.closed, capacity, alone=True)
        return a, self.loaded

    def slots(self, a: int, b: int) -> int:
        """Container slots of local containers ``[a, b)``."""
        return self._cum_slots[b] - self._cum_slots[a]

    def not_loaded(self) -> int:
        """Orders whose goods have not left on a departure (waiting, packed or not)."""
        return int(self.ready_h.size) - (self._cum_orders[self.loaded] if self._cum_orders else 0)
