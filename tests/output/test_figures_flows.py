"""sim.output.figures_flows: the report's figures of what moved (TEU and trains per week, load
factors, lead times, stages, buyers, orders)."""

from __future__ import annotations

import re


def test_the_last_part_of_a_week_gets_a_bar_as_wide_as_its_days():
    """The teaching world's 150 days are 21 weeks and 3 days. Its trains-per-week figure drew
    the last 3 days' 3 trains as a full week's bar, half the height of the others: a student
    read half the trains in the festival's last week. The bar now covers its 3 days only, and
    its tooltip gives the days it counts."""
    from datetime import date

    import numpy as np

    from sim.output.figures_flows import trains_per_week

    # two trains a day on each of 150 days from 1 October 2025: 14 a week, 6 in the last 3 days
    h = np.repeat(np.arange(150) * 24.0, 2) + 6.0
    deps = {"kind": np.array(["train"] * len(h)), "departed_h": h}
    svg = trains_per_week(deps, 150, date(2025, 10, 1))
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*><title>([^<]*)</title>',
                      svg)  # fmt: skip
    assert len(bars) == 22
    widths = [float(w) for _, w, _ in bars]
    assert abs(widths[-1] / widths[0] - 3 / 7) < 0.01  # 3 days of 7
    assert bars[0][2] == "1 Oct – 7 Oct: 14"
    assert bars[-1][2] == "25 Feb – 27 Feb: 6"
