"""sim.output.figures_flows: the report's figures of what moved (TEU and trains per week, load
factors, lead times, stages, buyers, orders)."""

from __future__ import annotations

import re

import pytest

from sim.output.figures_flows import load_factor_by_line


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


@pytest.mark.parametrize("per_week", [6, 1, 14, 40])
def test_the_trains_axis_is_ticked_in_whole_trains(per_week):
    """The teaching world's six trains a week were ticked "0, 2.5, 5.0" trains: half a train
    on an axis of counts. Its ticks are whole trains."""
    from datetime import date

    import numpy as np

    from sim.output.figures_flows import trains_per_week

    h = np.concatenate([np.linspace(0, 7 * 24 - 1, per_week) + 7 * 24 * w for w in range(10)])
    svg = trains_per_week({"kind": np.array(["train"] * len(h)), "departed_h": h}, 70,
                          date(2025, 10, 1))  # fmt: skip
    # the y ticks: right-aligned labels left of the panel (x = 56)
    ticks = re.findall(r'<text x="56\.0" y="[\d.]+"[^>]*>([^<]+)</text>', svg)
    assert len(ticks) >= 2 and ticks[0] == "0", ticks
    assert all(re.fullmatch(r"[\d,]+", t) for t in ticks), ticks


SUMMARY = {
    "lines": {
        "L01": {"load_factor": 0.86, "departures": 40},
        "S01:feeder": {"load_factor": 0.078, "departures": 429},
        "S01:sailing": {"load_factor": 0.082, "departures": 82},
    }
}


def test_a_sea_routes_legs_are_said_in_chinese_and_its_sailings_are_not_counted_as_trains():
    """The Chinese load-factor chart labelled the sea route's rows ``S01:feeder`` and
    ``S01:sailing`` and counted 82 sailings as "82 班列" (trains)."""
    svg = load_factor_by_line(SUMMARY, "zh")
    assert "S01 海铁联运" in svg and "S01 海运航次" in svg
    assert "feeder" not in svg and "sailing" not in svg
    assert "82 航次" in svg and "429 班列" in svg and "40 班列" in svg


@pytest.mark.parametrize("key", ["S01:feeder", "S01:sailing"])
def test_english_keeps_the_summarys_keys(key):
    svg = load_factor_by_line(SUMMARY, "en")
    assert key in svg and "82 departures" in svg


def _departures(extra: list[bool]) -> dict:
    import numpy as np

    n = len(extra)
    return {
        "kind": np.array(["train"] * n, dtype=object),
        "departed_h": np.array([5.0, 35.0, 200.0, 230.0, 260.0, 300.0])[:n],  # weeks 0, 0, 1, ...
        "extra": np.array(extra),
    }


@pytest.mark.parametrize(("lang", "words"), [("en", "extra trains (dispatch policy)"),
                                             ("zh", "加开班列（调度策略）")])  # fmt: skip
def test_the_trains_a_dispatch_policy_added_are_stacked_in_their_own_colour(lang, words):
    """The weekly trains figure drew the dispatch policy's extra trains like the timetable's:
    a planner could not see when the line needed more than its timetable."""
    from datetime import date

    from sim.output.figures_flows import EXTRA_TRAINS, trains_per_week

    svg = trains_per_week(_departures([False, True, False, False, True, True]), 14,
                          date(2025, 10, 1), lang)  # fmt: skip
    assert words in svg and EXTRA_TRAINS in svg
    assert svg.count(f'fill="{EXTRA_TRAINS}"') == 3  # two weeks with extras, and the key
    plain = trains_per_week(_departures([False] * 6), 14, date(2025, 10, 1), lang)
    assert words not in plain and EXTRA_TRAINS not in plain
