"""A plan's decisions in the planner's words (:mod:`sim.output.plan_decisions`): line names,
departures a week and in the window, in English and Chinese."""

from __future__ import annotations

from pathlib import Path

from sim.experiment.plan_words import describe
from sim.output.plan_decisions import (
    KEPT_SAID,
    _decision,
    _one,
    _short,
    _target,
    _window_words,
)
from sim.scenario import read_scenario_file
from tests.output.plan_results import festival_plan

ROOT = Path(__file__).resolve().parents[2]
FESTIVAL = read_scenario_file(ROOT / "scenarios" / "plan_festival_2026.yaml")


def test_a_lines_target_and_window_read_in_the_pages_language() -> None:
    assert _target("Liege (L04)", "en") == "Liege (L04)"
    assert _target("Liege (L04)", "zh") == "列日（L04）"
    assert _target("Nowhere (XYZ)", "zh") == "Nowhere (XYZ)"  # not a place of the network
    assert _target("logistics.mode_choice.rule", "zh") == "logistics.mode_choice.rule"
    window = "2025-12-01 - 2026-01-31"
    assert _window_words(window, "zh") == "2025年12月1日至2026年1月31日"
    assert _window_words(window, "en") == window


def test_one_value_says_its_departures_and_its_window_unless_the_caller_does() -> None:
    _, rec, _ = festival_plan()["candidates"]
    w = rec["words"][0]
    assert _one(w, "en") == (
        "Liege (L04) departures (2025-12-01 - 2026-01-31) ×1.5: 0.75 a week, "
        "+2 departures in the window"
    )
    assert _one(w, "en", window=False).startswith("Liege (L04) departures ×1.5: ")
    assert _one({**w, "value": 1.0, "extra": 0}, "en").endswith(": today's timetable")


def test_a_decision_says_what_it_changes_and_its_shared_window_once() -> None:
    rec = festival_plan()["candidates"][1]
    assert _decision(rec, "en") == (
        "2025-12-01 - 2026-01-31: Liege (L04) departures ×1.5: 0.75 a week, "
        "+2 departures in the window"
    )
    assert _decision(rec, "zh").startswith("2025年12月1日至2026年1月31日：列日（L04）发车 ×1.5")
    warsaw = {**rec["words"][0], "path": "disruptions.5.trains_factor", "target": "Warsaw (L06)",
              "value": 1.0, "extra": 0, "changed": False}  # fmt: skip
    two = {"words": [rec["words"][0], warsaw]}
    assert _decision(two, "en").endswith("; everything else as in the scenario")
    assert _decision(two, "en", changed_only=False).endswith(
        "; Warsaw (L06) departures: today's timetable"
    )
    assert _decision({"decision": {"x.y": 2}}, "en") == "x.y = 2"  # plan.json without words


def test_the_scenarios_own_decision_is_no_change_needed_only_where_recommended() -> None:
    today = festival_plan()["candidates"][0]
    said = "2025-12-01 - 2026-01-31: Liege (L04) departures: today's timetable"
    assert _decision(today, "en") == said
    assert _decision(today, "en", recommended=True) == "no change needed: " + said
    assert _decision(today, "zh", recommended=True).startswith("无需改变：2025年12月1日至")


def test_the_scenarios_own_decision_says_the_values_it_keeps() -> None:
    """trial17: "every decision as in the scenario (no change needed)" did not say that it
    keeps 2 trains a week, which the plan's --set then named as if it were a change."""
    w = {**describe(FESTIVAL, "logistics.lines.L01.trains_per_week", 2), "changed": False}
    assert _decision({"words": [w]}, "en", recommended=True).startswith(
        "no change needed: Madrid (L01) trains per week: 2 a week, as in the scenario ("
    )
    assert "每周 2 列，与情景相同（" in _decision({"words": [w]}, "zh")
    cap = {"path": "x.cap", "target": "MAL", "what": "capacity", "value": 3, "changed": False}
    assert _decision({"words": [cap]}, "en") == "MAL capacity: 3, as in the scenario"
    # more kept values than a sentence carries (the festival's seven lines): said at once
    many = [{**w, "path": f"p{i}"} for i in range(KEPT_SAID + 1)]
    assert _decision({"words": many}, "en") == "every decision as in the scenario"
    assert _decision({"words": many}, "zh", recommended=True) == "所有决策保持情景设定（无需改变）"
    # a changed decision says only its change, the kept ones in a word, as before
    assert _decision({"words": [{**w, "changed": True}, cap]}, "en").endswith(
        "; everything else as in the scenario"
    )


def test_a_chart_label_names_the_changed_values_by_code() -> None:
    today, rec, _ = festival_plan()["candidates"]
    assert _short(rec) == "L04 ×1.5" and _short(today) == "today's timetable"
    rule = {"path": "logistics.mode_choice.rule", "target": "logistics.mode_choice.rule",
            "value": "live", "changed": True}  # fmt: skip
    # a policy by its kind, as a run's report names it (its key path is in the --set)
    assert _short({"words": [rule]}) == "routing live"
    assert _short({"words": [rule]}, "zh") == "路径选择 live"
    other = {**rule, "path": "logistics.dispatch.max_extra_per_week", "value": 3}
    assert _short({"words": [{**other, "target": other["path"]}]}) == (
        "logistics.dispatch.max_extra_per_week 3"  # no readable name: the key path
    )
    assert _short({"words": []}) == ""


# moved from tests/experiment/test_plan_words.py: the words of sim.experiment.plan_words as
# this module says them


def test_a_lines_trains_in_the_run_say_published_under_demand_dispatch() -> None:
    """With demand dispatch the operator runs more trains than the timetable's count: the
    plan's "(21 in the 150-day run)" says it counts the published ones."""
    path = "logistics.lines.L01.trains_per_week"
    fixed = describe(FESTIVAL, path, 3)
    assert "published" not in fixed and "published" not in _one(fixed, "en")
    demand = {**FESTIVAL, "logistics": {**FESTIVAL.get("logistics", {}),
                                        "dispatch": {"rule": "demand"}}}  # fmt: skip
    d = describe(demand, path, 3)
    assert f"({d['season']} published in the" in _one(d, "en")
    assert "时刻表" in _one(d, "zh")


def test_the_base_decision_on_the_chart_is_a_timetable_only_for_trains() -> None:
    """The plan chart labelled the scenario's own dispatch cap "today's timetable"."""
    trains = describe(FESTIVAL, "logistics.lines.L01.trains_per_week", 3)
    cap = describe(FESTIVAL, "logistics.dispatch.max_extra_per_week", 2)
    assert _short({"words": [{**trains, "changed": False}]}) == "today's timetable"
    assert _short({"words": [{**cap, "changed": False}]}) == "as in the scenario"
    assert _short({"words": [{**cap, "changed": False}]}, "zh") == "情景原设定"


def test_a_sea_routes_capacity_is_not_called_a_trains_in_chinese() -> None:
    """``--decide logistics.lines.S01.capacity_teu=...`` read "宁波—鹿特丹（海运）（S01） 列车容量"
    (a train's capacity) for the space booked on each sailing."""
    sea = _one(describe(FESTIVAL, "logistics.lines.S01.capacity_teu", 60), "zh")
    assert "列车" not in sea and "容量（TEU）：60" in sea, sea


def test_a_lines_trains_in_the_run_are_counted_after_the_warm_up_too() -> None:
    """A decision said "6 a week (129 in the 150-day run)" beside a column of rail departures
    reading 122: the plan's KPIs count from the warm-up's end. The words give both (trial14)."""
    path = "logistics.lines.L01.trains_per_week"
    base = {**FESTIVAL, "days": 150, "warmup_days": 7}
    d = describe(base, path, 6)
    assert (d["season"], d["counted"]) == (129, 123)
    assert _one(d, "en").endswith("6 a week (129 in the 150-day run, 123 after the warm-up)")
    assert "预热期后 123 列" in _one(d, "zh")
    assert "counted" not in describe({**base, "warmup_days": 0}, path, 6)


def test_a_decided_policy_is_said_by_its_kind_not_its_key_path() -> None:
    """Issue 24's trial: "logistics.mode_choice.rule: live; everything else as in the
    scenario" in the front's table; a run's report says "routing 'live'"."""
    words = [
        {"path": "logistics.mode_choice.rule", "target": "logistics.mode_choice.rule",
         "what": "", "window": "", "value": "live", "changed": True},
        {"path": "logistics.consolidation.rollover.rule", "value": "sea", "what": "",
         "target": "logistics.consolidation.rollover.rule", "window": "", "changed": False},
    ]  # fmt: skip
    c = {"decision": {}, "words": words}
    assert _decision(c, "en") == "routing: live; everything else as in the scenario"
    assert _decision(c, "zh") == "路径选择：live；其余保持情景设定不变"
    assert _decision(c, "en", changed_only=False) == "routing: live; roll-over: sea"
    assert describe(FESTIVAL, "logistics.mode_choice.rule", "live")["target"] == (
        "logistics.mode_choice.rule"  # plan.json keeps the path: the --set needs it
    )


def test_a_decision_in_chinese_puts_no_space_between_the_place_and_its_setting() -> None:
    """trial18: ``yiwu-sim plan ... --lang zh`` said "马德里（L01） 每周班列数：每周 2 列": a space
    after the closing bracket, between two Chinese words. English keeps its space."""
    w = {"path": "logistics.lines.L01.trains_per_week", "target": "Madrid (L01)",
         "what": "trains per week", "value": 2.0, "per_week": 2.0, "season": 31, "days": 110.0,
         "window": None}  # fmt: skip
    assert _one(w, "zh").startswith("马德里（L01）每周班列数：每周 2 列"), _one(w, "zh")
    assert _one(w, "en").startswith("Madrid (L01) trains per week: 2 a week"), _one(w, "en")
