"""sim.output.figures_deadlines: the report's figures of the deadlines (last safe order dates,
late orders by week, on time by destination)."""

from __future__ import annotations

import re

from sim.output.report import build_report


def test_delivered_by_destination_says_what_its_colours_mean_and_each_share_to_one_decimal(
    run_folder,
):
    """The bars of the on-time figure are blue at 90 % or more and orange below, with a key;
    each share is said to one decimal, as the key figures say it. The teaching world's Moscow
    goods arrive 89.8 % in time: the bar read "90 %" in the colour of those below 90 %, and
    the panel's 84.7 % read "85 %" beside the key figures' 84.7 %."""
    build_report(run_folder)
    svg = (run_folder / "figures" / "on_time.svg").read_text()
    assert "at least 90 % in time" in svg and "below 90 %" in svg
    shares = re.findall(r">(\d+(?:\.\d+)?) % of [\d,]+<", svg)
    assert shares and all(re.fullmatch(r"\d+\.\d", s) for s in shares), shares
    zh = build_report(run_folder, lang="zh")
    assert zh.exists()
    assert "至少 90% 准时" in (run_folder / "figures" / "on_time.svg").read_text()


def _orders():
    """Six orders of one category: Madrid's three delivered one in time (one late, one not
    delivered), Almaty's two in time; one order has no deadline and is not judged."""
    import numpy as np

    return {
        "placed_h": np.array([10.0, 20.0, 30.0, 40.0, 50.0, 200.0]),
        "deadline_h": np.array([500.0, 500.0, 500.0, 500.0, np.nan, 500.0]),
        "delivered_h": np.array([400.0, 600.0, np.nan, 450.0, 300.0, 480.0]),
        "category": np.array(["festival_goods"] * 6),
        "destination": np.array(["MAD", "MAD", "MAD", "ALA", "ALA", "ALA"]),
    }


def test_on_time_by_destination_judges_the_orders_whose_deadline_falls_in_the_run():
    from sim.output.figures_common import OK
    from sim.output.figures_deadlines import BELOW_MARK, on_time_by_destination

    svg = on_time_by_destination(_orders(), 0.0, 720.0)
    said = re.findall(r">([^<]*% of \d+)<", svg)
    assert said == ["festival_goods: 60.0 % of 5", "100.0 % of 2", "33.3 % of 3"]
    bars = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', svg)
    assert bars[:2] == [OK, BELOW_MARK]  # Almaty (all in time), then Madrid (a third)
    zh = on_time_by_destination(_orders(), 0.0, 720.0, "zh")
    assert "春节用品" in zh and "festival_goods" not in zh
    empty = on_time_by_destination(_orders(), 0.0, 400.0)  # every deadline after the end
    assert "No order has a deadline inside the run." in empty


def test_a_share_of_orders_reads_in_chinese_as_the_key_figures_say_it():
    """The Chinese figure said "60.0 % 共 5" (English order, a Chinese word) beside the key
    figures' "5 单中 60.0 %"; it says "5 单中 60.0 %" now."""
    from sim.output.figures_deadlines import on_time_by_destination

    svg = on_time_by_destination(_orders(), 0.0, 720.0, lang="zh")
    assert "5 单中 60.0 %" in svg and "2 单中 100.0 %" in svg and "3 单中 33.3 %" in svg, svg
    assert "共" not in svg
