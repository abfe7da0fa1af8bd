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
