"""Loading policies on their own (:mod:`sim.policies.loading`)."""

from __future__ import annotations

import numpy as np

from sim.policies.loading import make_loading
from sim.scenario import Consolidation


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
