"""Speed kernels of the run's summary: exact percentiles without a partial sort.

A full-scale year's summary takes the median and the 95th percentile of about 1.8 million lead
times three times over (by mode, by destination, overall). NumPy's ``percentile`` partially sorts
a copy each time (about 21 ms a pass); :func:`percentiles` finds the same order statistics from
a histogram of the values' bit patterns instead (about a third of that) and interpolates
between them exactly as NumPy's default ``linear`` method does, so the results are the same
floats, bit for bit (``tests/results/test_kernels.py`` compares them with NumPy's).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

BUCKET_BITS = 14
"""The histogram has at most ``2**BUCKET_BITS`` buckets (the values' span in bit patterns is
cut into that many)."""

MIN_SIZE = 4096
"""Below this many values NumPy's own ``percentile`` is as fast (and is used)."""

_FINITE_END = 0x7FF0000000000000
"""The bit pattern of +inf: a non-negative finite double's pattern, read as an int64, is below
it, and NaN's and inf's are at or above it."""


def percentiles(values: np.ndarray, qs: Sequence[float], overwrite: bool = False) -> list[float]:
    """``np.percentile(values, qs)`` (the ``linear`` method), as Python floats, equal bit for
    bit.

    For a large contiguous float64 array of finite non-negative values (lead times, waits),
    the order statistics are picked from a histogram of the values' bit patterns (a
    non-negative double's pattern, read as an integer, orders as the double does): one count
    of the buckets, then a sort of the few values in the buckets that hold the wanted ranks;
    ``values`` is not changed. Anything else goes to NumPy, which may reorder ``values`` in
    place when ``overwrite`` is set (instead of a copy).
    """
    v = values
    if (
        v.ndim != 1
        or v.dtype != np.float64
        or v.size < MIN_SIZE
        or not v.flags.c_contiguous
        or any(not 0 <= q <= 100 for q in qs)
    ):
        return [float(x) for x in np.percentile(v, list(qs), overwrite_input=overwrite)]
    bits = v.view(np.int64)
    lo, hi = int(bits.min()), int(bits.max())
    if lo < 0 or hi >= _FINITE_END:  # a negative value (or -0.0), an infinity or a NaN
        return [float(x) for x in np.percentile(v, list(qs), overwrite_input=overwrite)]
    n = v.size
    # NumPy's linear method: the virtual index (n - 1) * q / 100 and its floor and fraction
    quantiles = np.true_divide(np.asarray(qs, dtype=np.float64), 100)
    virtual = (n - 1) * quantiles
    below = np.floor(virtual)
    gamma = virtual - below
    first = below.astype(np.intp)
    ranks = sorted({int(k) for k in first} | {min(int(k) + 1, n - 1) for k in first})
    value_at = dict(zip(ranks, _order_statistics(v, bits, lo, hi, ranks), strict=True))
    out = []
    for k, g in zip(first.tolist(), gamma.tolist(), strict=True):
        a, b = value_at[k], value_at[min(k + 1, n - 1)]
        if k >= n - 1:  # NumPy takes the last value at the top (q = 100)
            a = b = value_at[n - 1]
        out.append(_lerp(a, b, g))
    return out


def _lerp(a: float, b: float, t: float) -> float:
    """NumPy's interpolation between neighbouring order statistics (``numpy.lib``'s
    ``_lerp``): from the lower one below the middle, from the upper one from it on."""
    diff = b - a
    if t >= 0.5:
        return b - diff * (1 - t)
    return a + diff * t


def _order_statistics(
    v: np.ndarray, bits: np.ndarray, lo: int, hi: int, ranks: list[int]
) -> list[float]:
    """The values of rank ``ranks`` (0-based, ascending) of ``v``, whose bit patterns
    ``bits`` lie in ``lo .. hi`` (all non-negative finite doubles).

    The buckets are worked out a block of values at a time, twice (to count them, then to
    pick the wanted ones' values): small arrays that stay in the cache, and no fresh memory
    the size of ``v``."""
    shift = max((hi - lo).bit_length() - BUCKET_BITS, 0)
    base = lo >> shift
    n_buckets = (hi >> shift) - base + 1
    counts = np.zeros(n_buckets, dtype=np.int64)
    for block in _blocks(v.size):
        counts += np.bincount(_buckets(bits[block], shift, base), minlength=n_buckets)
    ends = np.cumsum(counts)
    at = np.searchsorted(ends, ranks, side="right").tolist()  # the bucket holding each rank
    wanted = sorted(set(at))
    found: dict[int, list[np.ndarray]] = {b: [] for b in wanted}
    for block in _blocks(v.size):
        bucket = _buckets(bits[block], shift, base)
        for b in wanted:
            found[b].append(v[block][bucket == b])
    in_bucket = {b: np.sort(np.concatenate(found[b])) for b in wanted}  # a few values each
    return [
        float(in_bucket[b][r - int(ends[b] - counts[b])]) for r, b in zip(ranks, at, strict=True)
    ]


BLOCK = 1 << 18
"""Values bucketed at a time (2 MB of bit patterns)."""


def _blocks(n: int) -> list[slice]:
    return [slice(at, at + BLOCK) for at in range(0, n, BLOCK)]


def _buckets(bits: np.ndarray, shift: int, base: int) -> np.ndarray:
    """The bucket of each bit pattern (pointer-sized: what ``bincount`` counts without a
    copy)."""
    bucket = bits >> shift
    bucket -= base
    return bucket
