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


def test_paired_differences_draw_a_panel_per_kpi_that_moved_and_list_those_that_did_not():
    """A KPI whose every difference is zero gets no panel: it is named under the figure. A
    difference whose interval excludes zero is marked ``*``."""
    from sim.output.figures_experiments import paired_differences

    moved = {"mean": -1.5, "ci_low": -2.0, "ci_high": -1.0, "half_width": 0.5,
             "distinguishable": True}  # fmt: skip
    still = {"mean": 0.0, "ci_low": 0.0, "ci_high": 0.0, "half_width": 0.0}
    kpis = [("lead time, days", "lead_time"), ("trains", "trains")]
    svg = paired_differences({"busy": {"lead_time": moved, "trains": still}}, kpis)
    assert ">lead time, days<" in svg and ">trains<" not in svg  # one panel
    assert "-1.5 ± 0.5 *" in svg
    assert "trains" in svg.split(">lead time, days<", 1)[1]  # named below as unchanged
    assert ">Nothing to show.<" in paired_differences({"busy": {}}, kpis)


def test_kpi_intervals_give_each_scenario_its_mean_and_interval_and_long_names_room():
    from sim.output.figures_experiments import kpi_intervals, label_room

    aggs = {
        "base": {"lead_time": {"mean": 28.2249, "ci_low": 27.7, "ci_high": 28.8,
                               "half_width": 0.5412}},
        "busy": {"lead_time": {"mean": 31.0, "ci_low": 30.0, "ci_high": 32.0, "half_width": 1.0}},
    }  # fmt: skip
    svg = kpi_intervals(aggs, [("lead time, days", "lead_time"), ("CO2e, t", "co2")])
    # one panel, one number of decimals (it read "31 ± 1" under "28.22 ± 0.54")
    assert ">28.22 ± 0.54<" in svg and ">31.00 ± 1.00<" in svg
    assert ">lead time, days<" in svg and "CO2e" not in svg  # no value: no panel
    assert label_room(["a"]) == 230.0
    assert label_room(["x" * 60]) > 230.0 and label_room(["中" * 30]) > label_room(["x" * 30])


def test_the_labels_of_a_panel_have_one_number_of_decimals():
    """A sweep's interval figure labelled the rail lead time of three points "19.4 ± 0.8",
    "19 ± 1" and "18.9 ± 1.1": a half-width of 1.04 lost its zero, and its mean its decimal,
    so the middle point read ten times less precise than its neighbours. A panel's labels now
    take the decimals the most precise of them needs; the paired differences' too."""
    from sim.output.figures_experiments import kpi_intervals, paired_differences

    def agg(mean: float, hw: float) -> dict:
        return {"rail": {"mean": mean, "ci_low": mean - hw, "ci_high": mean + hw,
                         "half_width": hw, "distinguishable": True}}  # fmt: skip

    points = {"L01=1": agg(19.4123, 0.8012), "L01=2": agg(18.9814, 1.0412),
              "L01=3": agg(18.8961, 1.1033)}  # fmt: skip
    svg = kpi_intervals(points, [("rail lead time mean, days", "rail")])
    for text in (">19.4 ± 0.8<", ">19.0 ± 1.0<", ">18.9 ± 1.1<"):
        assert text in svg, text
    assert ">19 ± 1<" not in svg
    diffs = {"L01=2": agg(-0.4312, 0.1623)["rail"], "L01=3": agg(-1.5012, 1.0312)["rail"]}
    svg = paired_differences({k: {"rail": v} for k, v in diffs.items()},
                             [("rail lead time mean, days", "rail")])  # fmt: skip
    assert ">-0.43 ± 0.16 *<" in svg and ">-1.50 ± 1.03 *<" in svg, svg


def test_a_difference_that_rounds_to_zero_is_labelled_without_a_minus_sign() -> None:
    """trial18: the comparison report's paired-differences figure labelled the lead time's
    p95 "-0.00 ± 0.17" (a mean of -0.0012 days), as its table did before; both say 0.00."""
    from sim.output.figures_experiments import mean_hw

    assert mean_hw(-0.0012, 0.174381) == "0.00 ± 0.17"
    assert mean_hw(-0.0012, 0.174381, 2) == "0.00 ± 0.17"
    assert mean_hw(-0.0012, 0.0) == "0 ± 0"
    assert mean_hw(-0.012, 0.174381) == "-0.01 ± 0.17"
