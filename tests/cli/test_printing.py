"""Lines, errors and intervals as the terminal shows them (sim.cli.printing)."""

from __future__ import annotations

from pathlib import Path


def test_a_small_difference_in_usd_millions_keeps_its_digits():
    """The comparison report shows a paired difference of 36,928 USD as 0.0369, not 0.04."""
    from sim.cli.printing import _ci

    d = {"mean": 36_928.0, "half_width": 10_515.0}
    assert _ci(d, 2, "emissions_cost.cost_usd_total") == "0.0369 ± 0.0105"
    big = {"mean": 2_928_670.0, "half_width": 225_276.0}
    assert _ci(big, 2, "emissions_cost.cost_usd_total") == "2.93 ± 0.23"


def test_an_error_whose_argument_is_no_text_is_still_one_line_in_chinese() -> None:
    from sim.cli.printing import _error_text
    from sim.errors import ResultsError

    assert _error_text(ResultsError(Path("/r/x")), "zh") == "错误：/r/x"
