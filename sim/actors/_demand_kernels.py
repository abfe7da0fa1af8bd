"""Speed kernels of the demand: numpy routines that make a day's draws and sorting cheap
without changing a single value (each is held to the plain numpy call it replaces by
tests/actors/test_demand.py). A reader of :mod:`sim.actors.demand` need not open this file."""

from __future__ import annotations

from typing import Literal

import numpy as np


def mix_cdf(mix: dict[str, float], dest_index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Destination ids and the cumulative probabilities :meth:`numpy.random.Generator.choice`
    computes from the shares p (``cdf = p.cumsum(); cdf /= cdf[-1]``), once.

    ``rng.choice(ids, size=n, p=p)`` (with replacement) draws ``rng.random(n)`` and takes
    ``ids[np.searchsorted(cdf, u, side="right")]``: the demand draws destinations that way,
    the same draws from the stream and the same values without checking and accumulating
    ``p`` on every call (``test_destination_draws_are_rng_choice`` holds it to NumPy's)."""
    ids = np.array([dest_index[d] for d in mix], dtype=np.int64)
    p = np.array(list(mix.values()), dtype=float)
    cdf = (p / p.sum()).cumsum()
    cdf /= cdf[-1]
    return ids, cdf


class UniformLookup:
    """``np.searchsorted(edges, u, side)`` for uniform draws ``u`` in [0, 1), without a
    binary search.

    On a day's thousands of random draws a binary search mispredicts a branch at almost
    every step; instead, [0, 1) is cut into ``BUCKETS`` equal buckets (a power of two, so
    that ``u * BUCKETS`` is exact and its integer part is u's bucket), each knowing how many
    edges lie below it. Where no bucket holds more than one edge, u's index is that count
    plus one comparison with the next edge: the same integers. Otherwise (edges closer than
    a bucket) the binary search is used.

    Parameters
    ----------
    edges
        Sorted values (cumulative probabilities).
    side
        As for :func:`numpy.searchsorted`.
    """

    BUCKETS = 4096

    def __init__(self, edges: np.ndarray, side: Literal["left", "right"]) -> None:
        self.edges, self.side = np.asarray(edges, dtype=float), side
        k = self.BUCKETS
        starts = np.arange(k + 1) / k  # exact
        below = np.searchsorted(self.edges, starts, side="left")  # edges < each start
        self.exact = bool((np.diff(below) <= 1).all())  # at most one edge in each bucket
        self.below = below[:-1]
        self.next_edge = np.append(self.edges, np.inf)  # the first edge >= each bucket's start

    def __call__(self, u: np.ndarray) -> np.ndarray:
        if not self.exact:
            return np.searchsorted(self.edges, u, side=self.side)
        i = self.below[(u * self.BUCKETS).astype(np.intp)]
        # the bucket's edge, if u is past it (side "right": or on it), counts too
        edge = self.next_edge[i]
        return i + (u > edge if self.side == "left" else u >= edge)


def time_order(t: np.ndarray) -> np.ndarray:
    """``np.argsort(t, kind="stable")``, the same permutation in less time for a day's orders.

    numpy's stable sort of floats is a merge sort (timsort), fast on data already nearly in
    order; of 16-bit integers it is a radix sort. So the times are first put in order by a
    16-bit bucket of the day's span (radix), then sorted exactly (timsort, on runs already
    nearly in order). Equal times fall in one bucket, so the first pass keeps them in their
    original order and the second keeps that: the result is the stable sort's, whatever the
    buckets; they only make it faster.
    """
    if t.size < 256:  # too few for two passes to pay
        return np.argsort(t, kind="stable")
    lo = t.min()
    span = t.max() - lo
    if not 0.0 < span < np.inf:  # one time only, or not finite (NaN): no buckets
        return np.argsort(t, kind="stable")
    bucket = ((t - lo) * (65535.0 / span)).astype(np.uint16)  # 0 .. 65535, never beyond
    rough = np.argsort(bucket, kind="stable")
    return rough[np.argsort(t[rough], kind="stable")]
