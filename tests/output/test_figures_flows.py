"""The report's flow figures (sim/output/figures_flows.py)."""

from __future__ import annotations

import pytest

from sim.output.figures_flows import load_factor_by_line

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
