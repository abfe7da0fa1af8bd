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
