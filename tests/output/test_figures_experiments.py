"""sim.output.figures_experiments: the report's figures of experiments (paired differences,
KPI intervals)."""

from __future__ import annotations


def test_a_figures_mean_is_written_to_its_half_widths_decimals() -> None:
    """The comparison's interval figure read "28 ± 0.54" and "90 ± 0.38" for a mean lead
    time of 28.22 days and an on-time share of 90.4 %."""
    from sim.output.figures import mean_hw

    assert mean_hw(28.2249, 0.5412) == "28.22 ± 0.54"
    assert mean_hw(39080.0, 308.1) == "39,080 ± 308"
    assert mean_hw(6.83, 2.79) == "6.8 ± 2.8"
    assert mean_hw(5.0, None) == "5"
