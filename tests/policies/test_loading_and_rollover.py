"""Loading and roll-over policies on their own."""

from __future__ import annotations

import numpy as np

from sim.policies.loading import make_loading
from sim.policies.rollover import make_rollover
from sim.scenario import Consolidation, RollOver


class View:
    def __init__(self, now: float, arrival: dict[tuple[int, int], float] | None = None):
        self.now = now
        self.arrival = arrival or {}

    def expected_arrival_h(self, route: int, dest: int) -> float:
        return self.arrival[(route, dest)]


def test_fifo_keeps_the_queue_and_edf_puts_deadlines_first():
    closed = np.array([1.0, 2.0, 3.0, 4.0])
    deadline = np.array([np.nan, 900.0, np.nan, 500.0])
    spec = Consolidation()
    assert make_loading("fifo", spec).order(closed, deadline, 0, View(5)) is None
    edf = make_loading("earliest_deadline", spec).order(closed, deadline, 0, View(5))
    assert edf.tolist() == [3, 1, 0, 2]


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
