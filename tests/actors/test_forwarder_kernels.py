"""sim.actors._forwarder_kernels: next fit over a cut-off's small orders, one Python step per
order, deciding every load at a threshold as one order at a time would; the containers' bounds
and closing orders; the packing order of goods ready at once."""

from __future__ import annotations

import numpy as np
import pytest

from sim.actors._forwarder_kernels import FULL, OVER, Fit, closers, packing_order
from sim.actors._forwarder_kernels import next_fit as _next_fit
from sim.actors.forwarders import plan_one_by_one
from tests.worlds import plan_containers


def _fit(sizes, ends, close_partial=False):
    fit = _next_fit(np.asarray(sizes, dtype=float).data, ends, close_partial)
    return fit.starts, fit.filled, fit.at_cutoff, fit.end


def test_next_fit_closes_on_the_order_that_fills_or_does_not_fit():
    assert _fit([0.5, 0.5, 0.2], [3]) == ([0], [0], [], 2)  # order 1 fills the first
    assert _fit([0.5, 0.4, 0.2], [3]) == ([0], [], [], 2)  # order 2 does not fit
    assert _fit([0.5, 0.4, 0.2], [2]) == ([], [], [], 0)  # still open
    assert _fit([0.5, 0.4, 0.2], [2], close_partial=True) == ([0], [], [0], 2)
    assert _fit([0.1] * 10, [10]) == ([0], [0], [], 10)  # 0.9999999999999999 is full
    # an order of exactly one TEU after a part-filled container: closes it, then fills its own
    assert _fit([0.3, 1.0, 0.2], [3]) == ([0, 1], [1], [], 2)
    # the open container carries over a cut-off unless it closes there
    assert _fit([0.6, 0.3, 0.3], [1, 3]) == ([0], [], [], 2)
    assert _fit([0.6, 0.3, 0.3], [1, 3], close_partial=True) == ([0, 1], [], [0, 1], 3)


THRESHOLD_SIZES = {
    "halves": [0.5],
    "quarters": [0.25],
    "thirds": [1 / 3],
    "tenths": [0.1],
    "fifths and tenths": [0.2, 0.1, 0.3],
    "just under and over a half": [0.5 - 5e-10, 0.5 + 5e-10, 0.5],
    "at FULL and OVER": [FULL, OVER - 1.0, 1.0, FULL - 0.5, 0.5],
    "near the thresholds": [0.7, 0.3 + 1e-10, 0.3 - 1e-10, 0.3 + 2e-9, 1e-10],
    "whole TEU and just over": [1.0, 1.0 + 1e-12, 1.0 + 1e-9, 2.0, 0.5],
}


@pytest.mark.parametrize("close_partial", [True, False])
@pytest.mark.parametrize("name", sorted(THRESHOLD_SIZES))
def test_loads_at_a_threshold_are_decided_as_one_order_at_a_time(name, close_partial):
    """Sums landing on (or within rounding of) 1 TEU: the plan is the reference's, whatever
    the cut-offs."""
    rng = np.random.default_rng(len(name))
    choices = THRESHOLD_SIZES[name]
    for n in (7, 60, 300):
        teu = rng.choice(choices, n)
        ready = np.sort(rng.uniform(0, 100, n).round(1))
        cutoffs = np.sort(rng.uniform(0, 110, 5))
        plan = plan_containers(ready, teu, cutoffs, close_partial)
        reference = plan_one_by_one(ready, teu, cutoffs, close_partial)
        for field in ("closed_h", "slots", "n_orders", "item_container", "closed_by_call"):
            assert np.array_equal(getattr(reference, field), getattr(plan, field)), field
        assert np.array_equal(reference.load_teu, plan.load_teu)


def test_closers_bound_each_container_and_name_the_order_that_closed_it():
    """Four containers back to back over orders 0..6: the first closed by order 2 not fitting
    (the next one's first), the second filled by its last order (3), the third closed at a
    cut-off (0: a placeholder), the last by order 6 not fitting; order 6 starts the open one."""
    fit = Fit(starts=[0, 2, 4, 5], filled=[1], at_cutoff=[2], cutoff=[0], end=6, loads=[])
    bounds, closer = closers(fit)
    assert bounds.tolist() == [0, 2, 4, 5, 6]
    assert closer.tolist() == [2, 3, 0, 6]
    plain = Fit(starts=[0, 3], filled=[], at_cutoff=[], cutoff=[], end=5, loads=[])
    assert closers(plain)[1].tolist() == [3, 5]  # every one closed by the next one's first


def test_goods_are_packed_by_ready_time_and_among_equal_times_by_order_id():
    ready = np.array([5.0, 1.0, 3.0, 2.0])
    assert packing_order(ready, np.array([0, 1, 2, 3])).tolist() == [1, 3, 2, 0]
    tied = np.array([2.0, 1.0, 2.0, 2.0])
    oid = np.array([30, 5, 10, 20])  # the ids, not the positions, decide a tie
    assert packing_order(tied, oid).tolist() == [1, 2, 3, 0]
