"""Which way each KPI improves, and the verdict and colour of a paired difference."""

from __future__ import annotations

import pytest

from sim.output import verdicts
from sim.output.figures import paired_differences
from sim.output.verdicts import HIGHER, LOWER, NEITHER, better_direction, verdict


@pytest.mark.parametrize(
    ("key", "direction"),
    [
        ("on_time.share", HIGHER),
        ("on_time.by_category.festival_goods.share", HIGHER),
        ("on_time.by_category.festival_goods.late", LOWER),
        ("on_time.orders", NEITHER),
        ("on_time.safe_order_share", NEITHER),
        ("lead_time_days.overall.mean", LOWER),
        ("lead_time_days.by_mode.rail.p95", LOWER),
        ("lead_time_days.by_mode.rail.n", NEITHER),
        ("orders.backordered_share", LOWER),
        ("orders.delivered_after_warmup", HIGHER),
        ("orders.placed_after_warmup", NEITHER),
        ("orders.at_end.delivered", NEITHER),
        ("emissions_cost.co2e_kg_total", LOWER),
        ("emissions_cost.cost_usd_total", LOWER),
        ("emissions_cost.by_mode.rail.cost_usd", NEITHER),
        ("borders.MAL.wait_h_mean", LOWER),
        ("borders.MAL.yiwu_trains", NEITHER),
        ("lines.L01.load_factor", NEITHER),
        ("lines.L01.transit_days_mean", LOWER),
        ("stage_days_mean.waiting_for_departure", LOWER),
        ("lost_sales.orders", LOWER),
        ("dispatch.trains_added", NEITHER),
        ("on_time.last_safe_order.festival_goods.lines.L01.all.day", HIGHER),
        ("on_time.last_safe_order.festival_goods.lines.L01.all.days_before_deadline", LOWER),
        ("on_time.last_safe_order.festival_goods.lines.L01.all.share", NEITHER),
        ("a.key.nobody.knows", NEITHER),
    ],
)
def test_each_kpi_improves_one_way_or_neither(key: str, direction: int) -> None:
    assert better_direction(key) == direction


def test_a_difference_is_better_worse_changed_or_unclear() -> None:
    up = {"mean": 2.0, "distinguishable": True}
    down = {"mean": -2.0, "distinguishable": True}
    assert verdict("on_time.share", up) == "better"
    assert verdict("on_time.share", down) == "worse"
    assert verdict("lead_time_days.overall.mean", up) == "worse"
    assert verdict("lead_time_days.overall.mean", down) == "better"
    assert verdict("orders.placed_after_warmup", up) == "changed"
    assert verdict("on_time.share", {"mean": 2.0, "distinguishable": False}) == "unclear"
    assert verdict("on_time.share", None) == "unclear"
    assert verdict("on_time.share", {"mean": None, "distinguishable": True}) == "unclear"


def test_the_paired_figure_draws_better_green_and_worse_red() -> None:
    """A shorter lead time is good news: it was drawn in the red of late orders."""
    diffs = {
        "faster": {
            "lead_time_days.overall.mean": {
                "mean": -3.0, "ci_low": -4.0, "ci_high": -2.0, "half_width": 1.0,
                "distinguishable": True,
            },
            "on_time.share": {
                "mean": -0.1, "ci_low": -0.15, "ci_high": -0.05, "half_width": 0.05,
                "distinguishable": True,
            },
        }
    }  # fmt: skip
    kpis = [("lead time", "lead_time_days.overall.mean"), ("on time", "on_time.share")]
    svg = paired_differences(diffs, kpis, "en")
    lead, on_time = svg.split("on time", 1)[0], svg.split("on time", 1)[1]
    assert verdicts.COLOUR["better"] in lead and verdicts.COLOUR["worse"] not in lead
    assert verdicts.COLOUR["worse"] in on_time
    assert "Green: better than the baseline" in svg
    assert "绿色：优于基准" in paired_differences(diffs, kpis, "zh")
