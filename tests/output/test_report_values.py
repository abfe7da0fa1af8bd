"""How the reports write a value: freight cost in USD m as the command line prints it."""

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
