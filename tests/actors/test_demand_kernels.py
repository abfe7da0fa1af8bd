"""The demand's kernels (:mod:`sim.actors._demand_kernels`): numpy's sort, search and choice done
faster, with the very same answers."""

from __future__ import annotations

import numpy as np


def test_time_order_is_the_stable_argsort():
    from sim.actors._demand_kernels import time_order as _time_order

    rng = np.random.default_rng(5)
    cases = [np.zeros(0), rng.uniform(0, 24, 10), np.full(1000, 7.5)]
    for n in (300, 6000):
        t = 4800.0 + rng.uniform(0, 48, n)
        cases += [t, np.round(t, 1), np.sort(t), t[::-1].copy()]  # ties, in order, reversed
    mixed = np.round(rng.uniform(-1, 1, 2000), 0)  # 0.0 and -0.0 compare equal
    cases += [mixed * 0.0, np.append(t, [np.nan, np.inf, -np.inf])]
    for t in cases:
        assert np.array_equal(_time_order(t), np.argsort(t, kind="stable"))


def test_uniform_lookup_is_searchsorted():
    from sim.actors._demand_kernels import UniformLookup

    rng = np.random.default_rng(6)
    k = UniformLookup.BUCKETS
    for edges in (
        np.cumsum([0.06, 0.08, 0.2, 0.3, 0.22, 0.14]),
        np.cumsum(rng.dirichlet(np.ones(18))),
        np.array([0.25, 0.5, 0.5, 1.0]),  # two edges in one bucket: the binary search
        np.array([0.1, 0.1 + 1e-6, 1.0]),
    ):
        # uniform draws, the edges themselves and the values next to them, bucket starts
        u = np.concatenate(
            [
                rng.random(5000),
                edges[edges < 1],
                np.nextafter(edges[edges < 1], 0),
                np.nextafter(edges[edges < 1], 1),
                np.arange(k) / k,
                [np.nextafter(1.0, 0)],
            ]
        )
        for side in ("left", "right"):
            got = UniformLookup(edges, side=side)(u)
            assert np.array_equal(got, np.searchsorted(edges, u, side=side))
    assert not UniformLookup(np.array([0.25, 0.5, 0.5, 1.0]), side="left").exact


def test_destination_draws_are_rng_choice():
    from sim.actors._demand_kernels import UniformLookup
    from sim.actors._demand_kernels import mix_cdf as _mix

    mix = {"A": 0.1, "B": 0.04, "C": 0.12, "D": 0.5, "E": 0.24}
    ids, cdf = _mix(mix, {d: 10 + i for i, d in enumerate(mix)})
    p = np.array(list(mix.values()))
    for seed, n in ((1, 0), (2, 1), (3, 1700), (4, 800)):
        a, b = np.random.default_rng(seed), np.random.default_rng(seed)
        want = a.choice(ids, size=n, p=p / p.sum())
        got = ids[UniformLookup(cdf, side="right")(b.random(n))]
        assert np.array_equal(got, want) and got.dtype == want.dtype
        assert a.random() == b.random()  # the stream is where it would be
