"""Speed kernels of the forwarders' packing: next fit over a cut-off's small orders in one
Python step per order, and the numpy bookkeeping around it. Each gives the containers of the
one-order-at-a-time reference (:func:`sim.actors.forwarders.plan_one_by_one`) bit for bit
(tests/actors/test_forwarders.py, tests/actors/test_forwarder_kernels.py); a reader of
:mod:`sim.actors.forwarders` need not open it."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

FULL = 1.0 - 1e-9
"""A container this full closes at once (no order of at least 1e-6 TEU fits any more)."""

OVER = 1.0 + 1e-9
"""Loads above this do not fit in one container."""


class Fit(NamedTuple):
    """The containers of next fit over small orders (indices among the small orders)."""

    starts: list[int]
    """The first order of each closed container, in closing order; they lie back to back, so a
    container ends where the next starts (the last at ``end``)."""
    filled: list[int]
    """The containers closed by an order that filled them (it is their last). Any other was
    closed by an order that did not fit (the next container's first), or at a cut-off."""
    at_cutoff: list[int]
    """The containers closed part-filled at a cut-off."""
    cutoff: list[int]
    """The cut-off each of those closed at."""
    end: int
    """The first order not in a closed container (the open container starts there)."""
    loads: list[float]
    """The goods in each closed container (TEU), in closing order: the running load as the
    reference adds it, one order after another from 0.0, so the two engines' containers hold
    the same goods to the last bit (numpy's ``reduceat`` adds a segment's first value to the
    sum of the rest, which rounds differently)."""


def next_fit(
    sizes: memoryview, ends: list[int], close_partial: bool, full: float = FULL, over: float = OVER
) -> Fit:
    """Next fit over the small orders of ``sizes`` (TEU, in packing order), cut-off ``k``
    packing the orders before ``ends[k]``.

    One Python step per order, adding each order's goods to the load exactly as the reference
    (:func:`plan_one_by_one`) does, so a load at a threshold (0.5 + 0.5, three thirds) is
    decided as the reference decides it: there is no rounding to guard against. Measured on
    the cut-offs of 120 days of a full-scale year (913 cut-offs, 629 orders at the median):
    30 µs a cut-off on their own, about twice that in a run (the orders' sizes are not in the
    cache any more). Walking containers instead (numpy finds every possible start's filling
    order by prefix sums, some 20 calls, then a Python step per container) took about 50 µs
    even before re-deciding the loads within rounding of a threshold, and scipy's
    breadth-first order over that chain 28 µs for building the graph and searching alone.
    ``sizes`` is a memoryview: iterating it makes the Python floats without building a list
    first (4 µs less than ``tolist``). The thresholds are arguments (``full``, ``over``) and
    the order's index a counter, not ``enumerate``: local names and no tuple per order, 12 %
    less time.
    """
    starts: list[int] = []
    filled: list[int] = []
    at_cutoff: list[int] = []
    cutoff: list[int] = []
    loads: list[float] = []
    add_start = starts.append  # the common case: the container closes, the order starts one
    add_load = loads.append
    load = 0.0
    s = done = 0
    for k, e in enumerate(ends):
        j = done  # the order's index
        for x in sizes[done:e]:
            before = load  # what the container holds without order j
            load = before + x  # the load with order j, as the reference adds it
            if load >= full:  # (about one order in three) above ``over`` is above ``full`` too
                if load > over:  # does not fit: the open container closes without it
                    add_start(s)
                    add_load(before)
                    s, load = j, 0.0 + x  # it starts the next one
                    if load < full:
                        j += 1
                        continue
                filled.append(len(starts))  # filled: it closes with it
                add_start(s)
                add_load(load)
                s, load = j + 1, 0.0
            j += 1
        done = e
        if close_partial and s < e:
            at_cutoff.append(len(starts))
            cutoff.append(k)
            add_start(s)
            add_load(load)
            s, load = e, 0.0
    return Fit(starts, filled, at_cutoff, cutoff, s, loads)


def closers(fit: Fit) -> tuple[np.ndarray, np.ndarray]:
    """The small containers' boundaries (``bounds[c]`` to ``bounds[c + 1]``) and the order that
    closed each (0 for one closed at a cut-off: a placeholder)."""
    bounds = np.array([*fit.starts, fit.end], dtype=np.int64)
    closer = bounds[1:]  # most close on an order that does not fit: the next one's first
    if fit.filled or fit.at_cutoff:  # (an empty fancy index still costs two microseconds)
        closer = closer.copy()
        if fit.filled:
            closer[fit.filled] -= 1
        if fit.at_cutoff:
            closer[fit.at_cutoff] = 0
    return bounds, closer


def packing_order(ready_h: np.ndarray, oid: np.ndarray) -> np.ndarray:
    """The order that sorts goods ready at ``ready_h`` by ready time, then order id ``oid``.

    Ready times are continuous, so ties are rare: numpy's default (vectorised) argsort of the
    one key, checked for ties, took 58 ms where ``lexsort`` of both keys took 103 ms over the
    cut-offs of a full-scale year. With a tie the ids decide, by ``lexsort``.
    """
    order = np.argsort(ready_h)
    ranked = ready_h[order]
    if (ranked[1:] == ranked[:-1]).any():
        return np.lexsort((oid, ready_h))
    return order
