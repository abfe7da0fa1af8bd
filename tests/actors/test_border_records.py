"""A crossing's records (:mod:`sim.actors.border_records`): one row per train served, merged
across the crossings of a run in the order their services ended, as SimPy would end them."""

from __future__ import annotations

import numpy as np
import pytest
import simpy

from sim.actors.borders import BorderCrossing
from sim.scenario import BorderSpec


def test_services_ending_together_at_two_crossings_are_merged_in_the_order_they_started():
    """Each service's end, as an event, was scheduled as the service started, so of two ends
    at one time the one that started first comes first, whichever train arrived first: the
    run's crossings table merges its crossings' records in that order."""
    import itertools

    from sim.actors.border_records import in_end_order

    env = simpy.Environment()
    sequence = itertools.count()

    def crossing(hours):
        spec = BorderSpec(servers=1, service_h={"dist": "constant", "value": hours})
        return BorderCrossing(env, "HRG", spec, np.random.default_rng(0), [], sequence)

    a, b = crossing(6.0), crossing(9.0)

    def train(border, did, at):
        yield env.timeout(at)
        yield border.cross(did)

    env.process(train(a, 0, 0.0))  # served 0-6 h
    env.process(train(a, 1, 1.0))  # waits: served 6-12 h (decided at 1 h)
    env.process(train(b, 2, 3.0))  # served 3-12 h (decided at 3 h, started first)
    env.run()
    rec = np.concatenate([a.records(), b.records()])
    assert rec[in_end_order(rec), 1].tolist() == [0, 2, 1]


@pytest.mark.parametrize("seed", range(6))
def test_the_end_order_is_the_order_by_end_then_start_then_decision(seed):
    """Sorted by the end alone when no two ends are equal, by all three keys otherwise: the
    same order either way, for records merged from several crossings."""
    from sim.actors.border_records import in_end_order

    rng = np.random.default_rng(seed)
    n = 3000
    # few distinct times in some draws (many equal ends and starts), continuous in others
    times = rng.integers(0, 40, (n, 2)) if seed % 2 else rng.uniform(0, 500, (n, 2))
    start = times.min(axis=1).astype(float)
    end = times.max(axis=1).astype(float) + 0.5
    rec = np.column_stack([rng.permutation(n), np.zeros(n), start - 1.0, start, end])
    runs = np.array_split(np.arange(n), 5)  # each crossing's records in its own end order
    merged = np.concatenate(
        [run[np.lexsort((rec[run, 0], rec[run, 3], rec[run, 4]))] for run in runs]
    )
    rec = rec[merged]
    expected = np.lexsort((rec[:, 0], rec[:, 3], rec[:, 4]))
    assert np.array_equal(in_end_order(rec), expected)
