"""sim.actors.records: growable record columns, appended to in batches past their capacity,
blank rows by kind, and live views that write through."""

from __future__ import annotations

import numpy as np

from sim.actors.records import Columns


def test_rows_appended_past_the_capacity_keep_every_earlier_row():
    cols = Columns({"t_h": float, "route": np.int64}, capacity=2)
    assert cols.extend(t_h=np.array([1.0, 2.0]), route=np.array([4, 5])) == 0
    assert cols.extend(t_h=np.array([3.0, 4.0, 5.0]), route=7) == 2  # a scalar on every row
    assert cols.extend(t_h=6.0, route=8) == 5  # one row
    assert cols.n == 6
    assert cols["t_h"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert cols["route"].tolist() == [4, 5, 7, 7, 7, 8]
    assert cols["route"].dtype == np.int64


def test_rows_grown_to_are_blank_nan_for_numbers_minus_one_for_counts_and_zero_else():
    cols = Columns({"t_h": float, "slot": np.int32, "late": bool}, capacity=1)
    cols.extend(t_h=np.array([1.5]), slot=3, late=True)
    cols.grow_to(4)
    assert cols.n == 4
    assert np.isnan(cols["t_h"][1:]).all() and cols["t_h"][0] == 1.5
    assert cols["slot"].tolist() == [3, -1, -1, -1]
    assert cols["late"].tolist() == [True, False, False, False]
    cols.grow_to(2)  # never shrinks
    assert cols.n == 4


def test_a_column_is_a_live_view_and_frozen_gives_the_filled_rows():
    cols = Columns({"t_h": float})
    cols.extend(t_h=np.array([1.0, 2.0]))
    cols["t_h"][1] = 9.0  # writes go through
    assert cols["t_h"].tolist() == [1.0, 9.0]
    frozen = cols.frozen()
    assert list(frozen) == ["t_h"] and frozen["t_h"].tolist() == [1.0, 9.0]
