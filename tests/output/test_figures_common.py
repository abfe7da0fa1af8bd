"""sim.output.figures_common: the pieces the report's figures share (names of modes and goods,
rows by name, a figure that says it has nothing to show)."""

from __future__ import annotations

from datetime import date

import numpy as np

from sim.output.figures_common import _cat, _date, _mode, _named, _no_data


def test_rows_by_name_come_in_sorted_order_with_only_the_names_present():
    """Sorted by name, from a table that keeps its codes or from plain text alike; a name
    none of the rows asked for holds is left out."""
    from sim.results.table import ColumnTable

    kept = ColumnTable()
    kept.set_text("destination", np.array([0, 1, 0, 2]), ["MAD", "ALA", "BEG"])
    assert [n for n, _ in _named(kept, "destination")] == ["ALA", "BEG", "MAD"]
    table = {"destination": np.array(["MAD", "ALA", "MAD", "BEG"])}
    named = _named(table, "destination")
    assert [n for n, _ in named] == ["ALA", "BEG", "MAD"]
    assert named[2][1].tolist() == [True, False, True, False]
    some = _named(table, "destination", np.array([True, False, True, False]))
    assert [n for n, _ in some] == ["MAD"]  # ALA and BEG are not among the rows asked for


def test_modes_goods_and_days_are_named_in_the_readers_language():
    assert _mode("sea", "zh") == "海运" and _mode("sea", "en") != "海运"
    assert _mode("hovercraft", "zh") == "hovercraft"  # unknown to the glossary: as written
    assert _cat("festival_goods", "en") == "festival_goods"
    assert _cat("festival_goods", "zh") == "春节用品"
    assert _date(date(2025, 10, 1), 61.9) == date(2025, 12, 1)  # the day a time falls in
    svg = _no_data("Border waits", "none waited")
    assert svg.startswith("<svg") and "none waited" in svg and "Border waits" in svg
