"""sim.figures.experiments: the paper figures of experiments (KPI intervals, paired
differences, KPIs against a swept value), drawn from statistics."""

from __future__ import annotations

import pytest


def test_a_paper_figure_of_a_sweep_says_which_rule_each_point_sets() -> None:
    """``yiwu-sim figures`` named a sweep's points by the last part of each key:
    "rule=fixed, rule=live" for ``logistics.dispatch.rule`` and ``logistics.pricing.rule``."""
    import matplotlib.pyplot as plt

    from sim.figures.experiments import kpi_vs_parameter

    points = [{"logistics.dispatch.rule": d, "logistics.pricing.rule": p}
              for d in ("fixed", "demand") for p in ("fixed", "live")]  # fmt: skip
    stats = {"lead_time_days.overall.mean": {"mean": 26.0, "half_width": 1.0}}
    fig = kpi_vs_parameter(points, [stats] * 4, ["lead_time_days.overall.mean"])
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    plt.close(fig)
    assert ticks[1] == "dispatch.rule=fixed, pricing.rule=live", ticks


def test_a_paper_figure_draws_a_shares_interval_within_0_and_100_percent() -> None:
    """A backordered share of 0.25 % ± 0.8 was drawn down to -0.55 %."""
    import matplotlib.pyplot as plt

    from sim.figures.experiments import kpi_intervals, kpi_vs_parameter

    stats = {"orders.backordered_share": {"mean": 0.0025, "half_width": 0.008}}
    for fig in (
        kpi_vs_parameter([{"a.b": "x"}, {"a.b": "y"}], [stats, stats],
                         ["orders.backordered_share"]),
        kpi_intervals({"one": stats, "two": stats}, ["orders.backordered_share"]),
    ):  # fmt: skip
        ys = [y for line in fig.axes[0].get_lines() for y in line.get_ydata()]
        ys += [
            v
            for coll in fig.axes[0].collections
            for seg in coll.get_segments()  # type: ignore[attr-defined]
            for v in seg[:, 1]
        ]
        plt.close(fig)
        assert min(ys) >= 0.0, min(ys)
        assert max(ys) == pytest.approx(0.25 + 0.8)


def test_a_sweeps_keys_are_named_by_their_shortest_ending_no_other_shares() -> None:
    from sim.figures.experiments import KPIS, kpi_label, short_keys

    assert short_keys(["logistics.dispatch.rule", "logistics.pricing.rule"]) == {
        "logistics.dispatch.rule": "dispatch.rule",
        "logistics.pricing.rule": "pricing.rule",
    }
    assert short_keys(["logistics.lines.L01.trains_per_week"]) == {
        "logistics.lines.L01.trains_per_week": "trains_per_week"
    }
    key, text, factor = KPIS[0]
    assert kpi_label(key) == (text, factor)
    assert kpi_label(key, "zh")[0] != text and kpi_label(key, "zh")[1] == factor
    assert kpi_label("lines.L01.load_factor") == ("lines.L01.load_factor", 1.0)


def test_paired_differences_colour_a_difference_by_whether_its_interval_excludes_zero() -> None:
    """Hollow grey where the interval holds zero; filled, in the verdict's colour, where not
    (2 days longer lead times: worse, red)."""
    import matplotlib.pyplot as plt

    from sim.figures.experiments import GREY, paired_differences
    from sim.output import verdicts

    key = "lead_time_days.overall.mean"
    clear = {"mean": 2.0, "half_width": 0.5, "ci_low": 1.5, "ci_high": 2.5,
             "distinguishable": True}  # fmt: skip
    unclear = {"mean": 0.2, "half_width": 0.5, "ci_low": -0.3, "ci_high": 0.7,
               "distinguishable": False}  # fmt: skip
    fig = paired_differences({"slow": {key: clear}, "same": {key: unclear}}, "base", [key])
    ax = fig.axes[0]
    marks = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert [ln.get_color() for ln in marks] == [verdicts.COLOUR["worse"], GREY]
    assert [ln.get_markerfacecolor() for ln in marks] == [verdicts.COLOUR["worse"], "white"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["slow", "same"]
    assert "base" in fig.get_suptitle()
    plt.close(fig)
