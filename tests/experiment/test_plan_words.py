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
    # plan.json's label of the decision: a policy by its kind, as a run's report names it
    assert label(FESTIVAL, "logistics.mode_choice.rule") == "routing"
    assert label(FESTIVAL, "logistics.dispatch.max_extra_per_week") == (
        "logistics.dispatch.max_extra_per_week"  # no words for it: the key path
    )


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


def test_a_crossing_the_file_does_not_list_has_the_networks_servers_as_its_base_value() -> None:
    """The teaching world lists no crossings: Malaszewicze has the node data's 2 servers. A
    decision of 2 changes nothing (the plan's tie rule prefers it), and the plan's words say so;
    the base value was None, so every value of the decision counted as a change."""
    small = read_scenario_file(ROOT / "scenarios" / "teaching_small.yaml")
    assert base_value(small, "logistics.borders.MAL.servers") == 2
    words = decision_words(small, {"logistics.borders.MAL.servers": 2})
    assert [w["changed"] for w in words] == [False]
