"""Roll-over policies on their own (:mod:`sim.policies.rollover`): after the wait, rail containers
move to sea; the live rule compares expected arrivals with the rebooking."""

from __future__ import annotations

import numpy as np

from sim.policies.rollover import make_rollover
from sim.scenario import RollOver
from tests.policies.test_loading import View


def test_rollover_to_sea_after_the_wait_and_only_from_rail():
    sea_of_dest = np.array([1, -1])
    is_rail = np.array([True, False])
    policy = make_rollover(RollOver(rule="sea", after_h=100), sea_of_dest, is_rail)
    target = policy.move(0, np.array([0.0, 50.0, 0.0]), np.array([0, 0, 1]), View(120.0))
    assert target.tolist() == [1, -1, -1]  # waited 120 h; 70 h; no sea route for dest 1
    assert policy.move(1, np.array([0.0]), np.array([0]), View(500.0)) is None
    assert (
        make_rollover(RollOver(), sea_of_dest, is_rail).move(
            0, np.array([0.0]), np.array([0]), View(1e6)
        )
        is None
    )


def test_live_rollover_compares_expected_arrivals_with_the_rebooking():
    policy = make_rollover(
        RollOver(rule="live", threshold_h=72, switch_h=24), np.array([1]), np.array([True, False])
    )
    late = View(0.0, {(0, 0): 1000.0, (1, 0): 900.0})  # rail 100 h later, 76 with re-booking
    assert policy.move(0, np.array([0.0]), np.array([0]), late).tolist() == [1]
    close = View(0.0, {(0, 0): 1000.0, (1, 0): 950.0})
    assert policy.move(0, np.array([0.0]), np.array([0]), close) is None
