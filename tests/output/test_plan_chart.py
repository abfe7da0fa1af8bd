"""The plan's trade-off chart: the recommendation where its search runs put it and where all its
runs do, the numbers the answer above the chart gives."""

from __future__ import annotations

import re

from sim.output.plan_chart import _over_all_runs, _padded, _ringed, _svg, _tradeoff_note
from tests.output.plan_results import festival_plan


def _result(selection_runs: int) -> dict:
    pts = {"a": {"x": 663.0, "y": 0.9169, "decision": {}, "words": []},
           "b": {"x": 674.0, "y": 0.9180, "decision": {}, "words": []},
           "c": {"x": 690.0, "y": 0.9270, "decision": {}, "words": []}}  # fmt: skip
    t = {"x": "rail_departures", "y": "on_time.share", "goal_y": 0.92, "points": pts,
         "pareto": ["a", "b", "c"]}  # fmt: skip
    kpis = {"rail_departures": {"mean": 674.0}, "on_time.share": {"mean": 0.9220}}
    rec = {"id": "b", "search_runs": 2, "selection_runs": selection_runs, "kpis": kpis}
    return {"tradeoff": t, "recommended": {"id": "b"}, "candidates": [rec],
            "search": {"replications": 2}}  # fmt: skip


def test_the_recommendation_over_all_its_runs_is_drawn_beside_its_search_dot() -> None:
    """The ringed dot (2 search runs) sat under the goal line while the answer above said the
    same decision meets it over its 13 runs; the chart now shows both, and says which is
    which."""
    r = _result(selection_runs=11)
    svg = _svg(r, "en")
    assert "the recommendation over all its 13 runs" in svg
    diamond = re.search(r'<path d="M([\d.]+),([\d.]+) ', svg)
    ring = re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="9"', svg)
    assert diamond and ring
    # the same decision: the same x; above the ring, since 92.20 % > 91.80 %
    assert abs(float(diamond.group(1)) - float(ring.group(1))) < 0.1
    assert float(diamond.group(2)) + 7 < float(ring.group(2))
    assert "13 runs" in _tradeoff_note(r, "en") and "13 次" in _tradeoff_note(r, "zh")
    assert "推荐方案全部 13 次运行" in _svg(r, "zh")


def test_a_recommendation_with_its_search_runs_only_has_no_second_point() -> None:
    r = _result(selection_runs=0)
    svg = _svg(r, "en")
    assert "<path" not in svg and "over all its" not in svg
    assert "over all its" not in _tradeoff_note(r, "en")


def test_the_ring_marks_the_recommendation_or_else_the_closest_decision() -> None:
    assert _ringed(festival_plan()) == "b"
    assert _ringed(festival_plan(False)) == "c"  # the dot the answer names
    gone = festival_plan(False)
    del gone["tradeoff"]["points"]["c"]
    assert _ringed(gone) is None  # no dot to ring


def test_the_recommendations_means_over_all_its_runs_only_when_it_had_more() -> None:
    plan = festival_plan()
    assert _over_all_runs(plan, "b") == (665.0, 0.912, 7)
    assert _over_all_runs(plan, None) is None
    for c in plan["candidates"]:
        c["selection_runs"] = 0
    assert _over_all_runs(plan, "b") is None


def test_the_axes_leave_a_margin_round_the_points() -> None:
    assert _padded([10.0, 20.0]) == (9.4, 20.6)
    assert _padded([5.0, 5.0]) == (4.94, 5.06)  # one value: a span of 1
    svg = _svg(festival_plan(), "en")
    assert svg.count("<circle") == 3 + 1 and "L04 ×1.5" in svg  # three dots and the ring


def test_a_dots_hover_text_has_the_decimals_of_the_pareto_table() -> None:
    """Two decisions of the front, 672.6 and 673.4 departures, read "673, 92.30 %" and "673,
    92.31 %" in the chart's hover text (the default decimals): one looked dominated by the
    other. The hover text has the decimals of the Pareto table (:func:`front_places`)."""
    from sim.output.plan_values import front_places

    r = _result(selection_runs=11)
    r["tradeoff"]["points"] = {
        "a": {"x": 672.6, "y": 0.92301, "decision": {}, "words": []},
        "b": {"x": 673.4, "y": 0.92309, "decision": {}, "words": []},
    }
    r["tradeoff"]["pareto"] = ["a", "b"]
    r["recommended"] = {"id": "c"}
    assert front_places([(672.6, 0.92301), (673.4, 0.92309)],
                        ("rail_departures", "on_time.share")) == (1, None)  # fmt: skip
    titles = re.findall(r"<title>([^<]*)</title>", _svg(r, "en"))
    assert ": 672.6, 92.30 %" in titles[0] and ": 673.4, 92.31 %" in titles[1], titles
