"""sim.output.report_values: how the report writes numbers, KPI values, intervals and dates
(freight cost in USD m as the command line prints it)."""

from __future__ import annotations

from typing import Any

import pytest

from sim.cli.printing import _ci
from sim.output.glossary import FREIGHT
from sim.output.report_values import _unit_interval


@pytest.mark.parametrize(
    ("d", "said"),
    [
        ({"mean": 3_841_100.0, "half_width": 19_500.0}, "3.8411 ± 0.0195"),
        ({"mean": 1_130_000.0, "half_width": 170_000.0}, "1.13 ± 0.17"),
        ({"mean": 36_928.0, "half_width": 10_515.0}, "0.0369 ± 0.0105"),
        ({"mean": 2_840_000.0}, "2.84"),
        ({"mean": 1_130_000.0, "half_width": 170_000.0, "n": 2}, "1.13 ± 0.17 (n 2/3)"),
    ],
)
def test_a_replication_reports_freight_cost_reads_as_the_command_line_prints_it(
    d: dict[str, Any], said: str
) -> None:
    """The replications' table printed "3.8411 ± 0.0195" and their report "3.84 ± 0.02": a
    half-width under USD 0.1 m takes four decimals in both, the mean the same."""
    assert _unit_interval(d, "m", 3) == said
    assert _ci(d, 2, FREIGHT, 3) == said


def test_a_count_over_one_replication_is_a_whole_number_and_over_several_as_the_command_writes_it():
    from sim.output.report_values import _unit_interval

    one = {"n": 1, "mean": 6.0, "sd": None, "half_width": None}
    assert _unit_interval(one, "n", 1) == "6"
    assert _unit_interval({**one, "mean": 601.0}, "n", 1) == "601"
    assert _unit_interval({**one, "mean": 12_345.0}, "n", 1) == "12,345"
    assert _unit_interval({**one, "mean": 177.25}, "n", 1) == "177.2"  # TEU: not a whole number
    several = {"n": 3, "mean": 6.0, "sd": 0.5, "half_width": 1.2}
    # a mean of several runs and its half-width to the same decimals, as the command prints
    # them (the page wrote "6.000 ± 1.2" and "3,183.1 ± 71.9" where the command wrote 3,183 ± 72)
    assert _unit_interval(several, "n", 3) == "6.0 ± 1.2"
    assert _unit_interval({**several, "mean": 3_183.1, "half_width": 71.9}, "n", 3) == "3,183 ± 72"
    assert _unit_interval({**one, "mean": 6.0}, "d", 1) == "6.0"  # days are not counts


def test_a_kpi_value_is_written_in_its_unit_and_a_missing_one_as_a_dash():
    """Shares as percentages, kilograms as tonnes, days to one decimal, counts with separators."""
    from sim.output.report_values import _unit

    assert _unit(0.8976, "%") == "89.8 %"
    assert _unit(1_234_567.0, "t") == "1,234.6"
    assert _unit(12_500_000.0, "m") == "12.50"
    assert _unit(28.26, "d") == "28.3"
    assert _unit(12345, "n") == "12,345"
    assert _unit(None, "%") == "–"


def test_a_day_of_the_run_is_a_calendar_date_in_either_language():
    from datetime import date

    from sim.output.report_values import _day, _get

    start = date(2025, 10, 1)
    assert _day(start, 61.4) == "Mon 01 Dec 2025"
    assert _day(start, 61.4, "zh") == "2025年12月1日"
    assert _day(start, None) == "–"
    assert _get({"a": {"b": {"c": 3}}}, "a.b.c") == 3
    assert _get({"a": {"b": 2}}, "a.b.c") is None  # a value where a section was expected


def test_a_value_that_rounds_to_zero_is_written_without_a_minus_sign():
    """A replication set's or a comparison's mean of -0.03 days read "-0.0": the sign of a
    number that rounds to zero says nothing but looks like a direction."""
    from sim.output.report_values import _unit, _unit_interval

    assert _unit(-0.03, "d") == "0.0"
    assert _unit(-0.0001, "%") == "0.0 %"
    assert _unit(-40.0, "t") == "0.0"
    assert _unit(-1_000.0, "m") == "0.00"
    assert _unit(-0.0001, "n") == "0.000"
    assert _unit(-0.3, "d") == "-0.3"  # a real difference keeps its sign
    assert _unit_interval({"mean": -0.002, "half_width": 0.4}, "d") == "0.00 ± 0.40"


def test_days_across_replications_are_written_to_the_hundredth_as_the_command_prints_them():
    """`run --replications 3` printed the lead time "25.84 ± 1.44" and `sweep` "28.39 ± 0.68",
    as the comparison page writes days; the set's page and the sweep's key figures wrote
    "25.8 ± 1.4" and "28.4 ± 0.7". Both pages now write days across replications to the
    hundredth; one run's days stay to the tenth, as its summary prints them."""
    from sim.cli.printing import _ci

    d = {"n": 3, "mean": 25.8449, "half_width": 1.4412}
    assert _unit_interval(d, "d", 3) == "25.84 ± 1.44" == _ci(d, 2, "lead_time_days.overall.mean")
    assert _unit_interval({"n": 1, "mean": 28.44, "half_width": None}, "d", 1) == "28.4"
    assert _unit_interval({"n": 3, "mean": 1.0, "half_width": 0.5}, "d", 3) == "1.00 ± 0.50"
