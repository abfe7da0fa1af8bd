"""The summary's percentiles are NumPy's, bit for bit, however they are found."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.results import _kernels
from sim.results._kernels import percentiles


def _same(a: list[float], b: np.ndarray) -> bool:
    return [np.float64(x).tobytes() for x in a] == [np.float64(x).tobytes() for x in b]


def _samples(rng: np.random.Generator, n: int) -> list[np.ndarray]:
    ties = np.round(rng.exponential(5, n), 1)
    zeros_and_wide = np.concatenate([np.zeros(n // 2), rng.exponential(1e10, n - n // 2)])
    rng.shuffle(zeros_and_wide)
    return [
        rng.lognormal(3, 0.6, n),  # lead times in days
        ties,  # many equal values, the wanted ranks inside a run of them
        np.full(n, 7.25),
        rng.uniform(0, 1e-300, n),  # subnormal and tiny
        zeros_and_wide,
        rng.integers(0, 3, n).astype(float),
    ]


@pytest.mark.parametrize("n", [_kernels.MIN_SIZE, 5000, 65_537, 200_003])
@pytest.mark.parametrize("qs", [[50, 95], [0, 1, 37.5, 99.99, 100]])
def test_percentiles_equal_numpys_on_large_arrays(n: int, qs: list[float]) -> None:
    rng = np.random.default_rng(n)
    for v in _samples(rng, n):
        before = v.copy()
        assert _same(percentiles(v, qs), np.percentile(v, qs))
        assert np.array_equal(v, before)  # the values are left as they were


def test_percentiles_of_other_arrays_are_numpys() -> None:
    rng = np.random.default_rng(1)
    big = rng.lognormal(3, 0.6, 10_000)
    negative = big - 20.0
    with_nan = big.copy()
    with_nan[5] = np.nan
    with_inf = big.copy()
    with_inf[7] = np.inf
    minus_zero = np.abs(big)
    minus_zero[3] = -0.0
    for v in (big[::2], big.astype(np.float32), negative, with_inf, minus_zero, big[:10]):
        assert _same(percentiles(v, [50, 95]), np.percentile(v, [50, 95]))
    assert all(np.isnan(x) for x in percentiles(with_nan, [50, 95]))  # NumPy's answer


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(_kernels.MIN_SIZE, 20_000),
    seed=st.integers(0, 2**32 - 1),
    scale=st.sampled_from([1e-3, 1.0, 24.0, 1e6]),
    q=st.floats(0, 100),
)
def test_percentiles_equal_numpys_property(n: int, seed: int, scale: float, q: float) -> None:
    rng = np.random.default_rng(seed)
    v = np.round(rng.gamma(2.0, scale, n), int(rng.integers(0, 6)))
    assert _same(percentiles(v, [q, 50, 95]), np.percentile(v, [q, 50, 95]))
