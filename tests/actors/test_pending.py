"""Goods booked and not yet ready, by the hour they will be ready (:mod:`sim.actors.pending`)."""

from __future__ import annotations

import numpy as np

from sim.actors.pending import AHEAD_H, FLUSH_EVERY, PendingGoods, column, column_one


def test_goods_are_counted_from_the_hour_after_now_up_to_each_hour() -> None:
    pending = PendingGoods(2)
    pending.add(0, np.array([10.2, 10.9, 11.0, 13.5, np.inf]), np.array([1.0, 2.0, 4.0, 8.0, 16.0]))
    pending.add(1, np.array([12.0]), np.array([32.0]))
    cum = pending.cumulative([0, 1], now_h=10.5, upto_h=14.0)
    # columns: within 10.5's hour, then hours 11, 12, 13, 14
    assert cum.tolist() == [[0.0, 4.0, 4.0, 12.0, 12.0], [0.0, 0.0, 32.0, 32.0, 32.0]]
    t = [10.7, 11.0, 12.99, 13.0, 99.0]
    col = column(np.array(t), 10.5, cum.shape[1])
    assert col.tolist() == [0, 1, 2, 3, 4] == [column_one(x, 10.5, cum.shape[1]) for x in t]


def test_a_question_beyond_the_last_good_or_the_hours_kept_is_every_good() -> None:
    pending = PendingGoods(1)  # (a run of no hours)
    pending.add(0, np.array([5.0, 2.0e9]), np.array([1.0, 2.0]))
    cum = pending.cumulative([0], now_h=0.0, upto_h=np.inf)
    assert cum[0, 5] == 1.0 and cum[0, -1] == 3.0  # (the far good at the last hour kept)
    assert column_one(np.inf, 0.0, cum.shape[1]) == cum.shape[1] - 1
    assert pending.cumulative([0], now_h=3.0, upto_h=20.0)[0].tolist()[-1] == 1.0
    assert pending.max_hour == AHEAD_H  # (a run of no hours: a year ahead)


def test_goods_count_to_the_end_of_a_long_run() -> None:
    """Goods are kept to a year after the run's end, however long the run: at a fixed four
    years from its start they dropped out of every question after it (review14)."""
    horizon = 24.0 * 3660
    pending = PendingGoods(1, horizon_h=horizon)
    now = horizon - 100.5
    pending.add(0, np.array([now + 5.0, now + 30.0]), np.array([1.0, 2.0]))
    assert pending.cumulative([0], now, now + 48.0)[0, -1] == 3.0


def test_goods_handed_over_with_no_question_are_added_in_batches() -> None:
    """A run that follows goods but never asks for the slots ahead (demand-driven dispatch
    alone) kept every hand-over in a list to its end (review14)."""
    pending = PendingGoods(2, horizon_h=24.0 * 100)
    for i in range(5 * FLUSH_EVERY):
        pending.add(i % 2, np.array([100.0 + i % 50]), np.array([0.5]))
    assert len(pending._new) < FLUSH_EVERY
    assert pending.cumulative([0, 1], 0.0, 200.0)[:, -1].tolist() == [320.0, 320.0]


def test_goods_two_weeks_ahead_and_more_are_counted_by_the_day() -> None:
    """By the hour over the next two weeks (to the first midnight 14 days after the next
    hour), by the whole day beyond: the same totals as summing the goods by hand with that
    rule, at every time asked, in numpy and in plain Python."""
    rng = np.random.default_rng(3)
    ready = rng.uniform(0.0, 24.0 * 60, 400)
    teu = rng.uniform(0.1, 2.0, 400)
    pending = PendingGoods(1)
    pending.add(0, ready, teu)
    now = 30.4
    cum = pending.cumulative([0], now_h=now, upto_h=24.0 * 50)[0]
    edge = 24 * -(-(31 + 24 * 14) // 24)  # the first midnight 14 days after hour 31
    for t in [*rng.uniform(now, 24.0 * 50, 200).tolist(), edge - 0.5, edge, edge + 23.9]:
        h = np.floor(ready)
        if np.floor(t) < edge:
            want = teu[(h > 30) & (h <= np.floor(t))]
        else:
            want = teu[(h > 30) & (np.floor(h / 24) <= np.floor(t) // 24)]
        got = cum[column(np.array([t]), now, cum.size)[0]]
        assert got == np.rint(want * 1e6).astype(np.int64).sum() / 1e6  # (whole millionths)
        assert column_one(t, now, cum.size) == column(np.array([t]), now, cum.size)[0]


def test_a_route_dropped_starts_again_empty() -> None:
    pending = PendingGoods(2)
    pending.add(0, np.array([5.0]), np.array([1.0]))
    pending.add(1, np.array([5.0]), np.array([2.0]))
    pending.cumulative([0, 1], 0.0, 6.0)  # (added)
    pending.add(0, np.array([6.0]), np.array([4.0]))  # (not yet added)
    pending.drop(0)
    assert pending.cumulative([0, 1], 0.0, 6.0)[:, -1].tolist() == [0.0, 2.0]
