"""Decisions in the planner's words: line names, departures a week and in the window."""

from __future__ import annotations

from pathlib import Path

from sim.experiment.plan_words import base_value, decision_words, describe, label
from sim.scenario import read_scenario_file

ROOT = Path(__file__).resolve().parents[2]
FESTIVAL = read_scenario_file(ROOT / "scenarios" / "plan_festival_2026.yaml")


def test_a_trains_factor_reads_as_departures_of_a_named_line() -> None:
    d = describe(FESTIVAL, "disruptions.2.trains_factor", 2.0)
    assert d["target"] == "London (L03)" and d["what"] == "departures"
    assert d["window"] == "2025-12-01 - 2026-01-31"
    tpw = d["per_week"] / 2.0  # the line's timetable, doubled in the window
    weeks = 62 / 7  # 1 Dec - 31 Jan, both days included
    assert d["extra"] == round(tpw * weeks)
    assert label(FESTIVAL, "disruptions.2.trains_factor").startswith("London (L03) departures")


def test_changed_marks_only_what_differs_from_the_scenario() -> None:
    words = decision_words(
        FESTIVAL, {"disruptions.0.trains_factor": 1.0, "disruptions.1.trains_factor": 1.5}
    )
    assert [w["changed"] for w in words] == [False, True]
    assert base_value(FESTIVAL, "disruptions.0.trains_factor") == 1.0
    assert base_value(FESTIVAL, "no.such.path") is None


def test_trains_per_week_and_unknown_paths() -> None:
    d = describe(FESTIVAL, "logistics.lines.L01.trains_per_week", 3)
    assert d["target"] == "Madrid (L01)" and d["season"] == round(3 * FESTIVAL["days"] / 7)
    other = describe(FESTIVAL, "logistics.mode_choice.rule", "live")
    assert other["target"] == "logistics.mode_choice.rule" and other["value"] == "live"


def test_a_lines_trains_in_the_run_say_published_under_demand_dispatch() -> None:
    """With demand dispatch the operator runs more trains than the timetable's count: the
    plan's "(21 in the 150-day run)" says it counts the published ones."""
    from sim.output.plan_report import _one

    path = "logistics.lines.L01.trains_per_week"
    fixed = describe(FESTIVAL, path, 3)
    assert "published" not in fixed and "published" not in _one(fixed, "en")
    demand = {**FESTIVAL, "logistics": {**FESTIVAL.get("logistics", {}),
                                        "dispatch": {"rule": "demand"}}}  # fmt: skip
    d = describe(demand, path, 3)
    assert f"({d['season']} published in the" in _one(d, "en")
    assert "时刻表" in _one(d, "zh")


def test_a_plan_that_decides_the_dispatch_rule_says_published_where_it_is_demand() -> None:
    """``--decide logistics.dispatch.rule=fixed,demand`` beside a line's trains: the words
    read the base scenario's rule, so a decision with demand dispatch said "(21 in the 150-day
    run)" and one with the timetable fixed, in a demand base, said "published"."""
    from sim.experiment.plan_words import decision_words

    path = "logistics.lines.L01.trains_per_week"
    rule = "logistics.dispatch.rule"
    demand = {**FESTIVAL, "logistics": {**FESTIVAL.get("logistics", {}),
                                        "dispatch": {"rule": "demand"}}}  # fmt: skip
    for base in (FESTIVAL, demand):
        on = decision_words(base, {rule: "demand", path: 3})[1]
        off = decision_words(base, {rule: "fixed", path: 3})[1]
        assert on.get("published") is True and "published" not in off, (on, off)


def test_the_base_decision_on_the_chart_is_a_timetable_only_for_trains() -> None:
    """The plan chart labelled the scenario's own dispatch cap "today's timetable"."""
    from sim.output.plan_report import _short

    trains = describe(FESTIVAL, "logistics.lines.L01.trains_per_week", 3)
    cap = describe(FESTIVAL, "logistics.dispatch.max_extra_per_week", 2)
    assert _short({"words": [{**trains, "changed": False}]}) == "today's timetable"
    assert _short({"words": [{**cap, "changed": False}]}) == "as in the scenario"
    assert _short({"words": [{**cap, "changed": False}]}, "zh") == "情景原设定"


def test_a_sea_routes_capacity_is_not_called_a_trains_in_chinese() -> None:
    """``--decide logistics.lines.S01.capacity_teu=...`` read "宁波—鹿特丹（海运）（S01） 列车容量"
    (a train's capacity) for the space booked on each sailing."""
    from sim.output.plan_report import _one

    sea = _one(describe(FESTIVAL, "logistics.lines.S01.capacity_teu", 60), "zh")
    assert "列车" not in sea and "容量（TEU）：60" in sea, sea


def test_a_shares_goal_and_indifference_say_its_unit_once() -> None:
    """The goal said "festival goods on time, % at least 90.00 %" and a share's indifference
    zone "0.50 % (festival goods on time, %)", a per cent where it is percentage points."""
    from sim.output.plan_report import _delta_text, _goal_text

    share = "on_time.by_category.festival_goods.share"
    result = {"constraints": [{"kpi": share, "sense": ">=", "bound": 0.9, "tolerance": 0.002}],
              "objectives": [{"sense": "min", "kpi": "rail_departures"}],
              "selection": {"indifference_zone": 0.005, "indifference_unit": share}}  # fmt: skip
    assert _goal_text(result, "en").startswith(
        "festival goods on time at least 90.00 % (tolerance 0.2 points)"
    )
    assert _goal_text(result, "zh").startswith("春节用品 准时率至少 90.00 %")
    assert _delta_text(result, "en") == "0.5 points (festival goods on time)"
    assert _delta_text(result, "zh") == "0.5 个百分点（春节用品 准时率）"


def test_a_crossing_the_file_does_not_list_has_the_networks_servers_as_its_base_value() -> None:
    """The teaching world lists no crossings: Malaszewicze has the node data's 2 servers. A
    decision of 2 changes nothing (the plan's tie rule prefers it), and the plan's words say so;
    the base value was None, so every value of the decision counted as a change."""
    small = read_scenario_file(ROOT / "scenarios" / "teaching_small.yaml")
    assert base_value(small, "logistics.borders.MAL.servers") == 2
    words = decision_words(small, {"logistics.borders.MAL.servers": 2})
    assert [w["changed"] for w in words] == [False]
