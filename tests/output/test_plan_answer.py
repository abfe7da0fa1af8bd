"""The plan's answer (:mod:`sim.output.plan_answer`): the recommendation and how it was chosen,
or the closest decision and what would settle it, alike on the page and the command line."""

from __future__ import annotations

from sim.output.plan_answer import (
    _answer,
    _changed_sets,
    _plain,
    plan_summary,
    runs_line,
    set_options,
)
from tests.output.plan_results import festival_plan


def _cands(plan: dict) -> dict:
    return {c["id"]: c for c in plan["candidates"]}


def test_a_recommendation_says_the_decision_how_it_was_chosen_and_how_to_run_it() -> None:
    plan = festival_plan()
    title, head, rows, text = _answer(plan, "en", _cands(plan))
    assert title == "Recommended decision" and head == ["KPI", "mean [95 %]"]
    assert text.startswith("2025-12-01 - 2026-01-31: Liege (L04) departures ×1.5: ")
    assert ". Selected with probability of correct selection at least 0.95. " in text
    # the plan's own --set, then the decision's: the scenario recommended.yaml holds
    assert text.endswith(
        ". Run it: yiwu-sim run recommended.yaml --replications 10, or the scenario: yiwu-sim "
        "run scenarios/plan_festival_2026.yaml --set logistics.mode_choice.rule=live "
        "--set disruptions.3.trains_factor=1.5 --replications 10"
    ), text
    zh = _answer(plan, "zh", _cands(plan))[3]
    assert zh.endswith(
        "。运行：yiwu-sim run recommended.yaml --replications 10，或运行情景：yiwu-sim run "
        "scenarios/plan_festival_2026.yaml --set logistics.mode_choice.rule=live "
        "--set disruptions.3.trains_factor=1.5 --replications 10"
    ), zh
    assert rows == [
        ["rail departures from Yiwu", "665"],
        ["festival goods on time, %", "91.20 [90.80, 91.60]"],
        ["festival goods on time, %: one-sided 0.95 bound", "90.90"],
    ]


def test_without_a_recommendation_the_closest_says_what_would_settle_it() -> None:
    plan = festival_plan(False)
    title, _, rows, text = _answer(plan, "en", _cands(plan))
    assert title == "Answer"
    assert text.startswith("No evaluated decision is known to meet the goal. Closest: ")
    assert "About 4 more runs of it would settle" in text and "--budget 28" in text
    assert rows[-1] == ["festival goods on time, %: one-sided 0.95 bound", "92.20"]


def test_a_closest_decision_that_misses_says_none_in_the_grid_does_only_after_the_grid() -> None:
    """ "none in the grid reaches it" holds only when every decision of the grid was run, and
    says nothing of values beyond the grid: a plan of 2..5 trains a week, whose 5 missed at
    89 %, said "more trains of these kinds do not reach it" where 8 a week reached 91 %."""
    plan = festival_plan(False)
    plan["closest"]["meets_goal"] = False
    text = _answer(plan, "en", _cands(plan))[3]
    assert text.endswith(
        "it is the closest of all 3 decisions of the grid, every one evaluated: none in the "
        "grid reaches it; values beyond the grid were not run."
    )
    assert "more trains" not in text
    zh = _answer(plan, "zh", _cands(plan))[3]
    assert "网格全部 3 个方案（均已评估）中最接近的" in zh and "网格之外的取值未运行" in zh
    plan["decisions"] = plan["decisions"][:1]
    plan["decisions"][0]["values"] = plan["decisions"][0]["values"][:1]
    plan["search"]["candidates"] = 1
    assert "it is the grid's only decision" in _answer(plan, "en", _cands(plan))[3]
    plan = festival_plan(False)
    plan["closest"]["meets_goal"] = False
    plan["search"]["candidates"] = 2
    assert "2 of the 3 decisions of the grid were evaluated" in _answer(plan, "en", _cands(plan))[3]


def test_a_plan_started_again_says_which_runs_this_start_made() -> None:
    plan = festival_plan()
    assert runs_line(plan) == "21 simulation runs of a budget of 24, 9.5 s"
    resumed = {**plan, "runs_computed": 5}
    assert runs_line(resumed) == (
        "21 simulation runs of a budget of 24: 5 run now in 9.5 s, "
        "16 kept from an earlier start of this plan"
    )
    assert "16 次沿用" in runs_line(resumed, "zh")


def test_the_command_line_says_the_pages_answer_and_the_goals_kpis() -> None:
    plan = festival_plan()
    lines = plan_summary(plan)
    assert lines[0] == runs_line(plan)
    assert lines[1] == "Recommended decision: " + _answer(plan, "en", _cands(plan))[3]
    assert lines[2:] == ["  rail departures from Yiwu: 665",
                         "  festival goods on time, %: 91.20 [90.80, 91.60]"]  # fmt: skip
    assert plan_summary(plan, "zh")[1].startswith("推荐方案：2025年12月1日至2026年1月31日")
    closest = plan_summary(festival_plan(False))
    assert closest[1].startswith("Answer: No evaluated decision")
    assert closest[-1] == "  festival goods on time, %: one-sided 0.95 bound: 92.20"


def _recommend_today(plan: dict) -> dict:
    """The plan with the scenario's own decision (Liege ×1, "a") recommended."""
    today = _cands(plan)["a"]
    today["role"] = "recommended"
    plan["recommended"] = {**plan["recommended"], "id": "a", "words": today["words"],
                           "overrides": ["disruptions.3.trains_factor=1.0"]}  # fmt: skip
    return plan


def test_a_recommendation_that_changes_nothing_says_its_values_and_no_set() -> None:
    """trial17: "Every decision as in the scenario (no change needed) ... or the scenario with
    --set logistics.lines.L01.trains_per_week=2.0" gave a --set after "no change needed"."""
    plan = _recommend_today(festival_plan())
    plan["sets"] = []  # a plan without --set of its own
    text = _answer(plan, "en", _cands(plan))[3]
    assert text.startswith(
        "No change needed: 2025-12-01 - 2026-01-31: Liege (L04) departures: today's timetable. "
    ), text
    assert "--set" not in text and "or the scenario" not in text
    assert text.endswith("Run it: yiwu-sim run recommended.yaml --replications 10")
    zh = _answer(plan, "zh", _cands(plan))[3]
    assert zh.startswith("无需改变：") and "--set" not in zh and "或运行情景" not in zh, zh
    assert zh.endswith("运行：yiwu-sim run recommended.yaml --replications 10")
    # with the plan's own --set, the scenario is the file with those alone
    plan["sets"] = ["days=110"]
    text = _answer(plan, "en", _cands(plan))[3]
    assert text.endswith(
        "or the scenario: yiwu-sim run scenarios/plan_festival_2026.yaml --set days=110 "
        "--replications 10"
    ), text
    assert "trains_factor" not in text.split("Run it")[1]


def test_the_set_lists_only_the_changed_decisions_as_a_scenario_file_writes_them() -> None:
    """trial17: the festival's answer listed all seven decisions' --set, five at "=1.0", and
    wrote 2 trains a week as "=2.0"."""
    plan = festival_plan()
    rec = plan["recommended"]
    kept = {**rec["words"][0], "path": "disruptions.5.trains_factor", "target": "Warsaw (L06)",
            "value": 1.0, "extra": 0, "changed": False}  # fmt: skip
    rec["words"] = [{**rec["words"][0], "value": 2.0}, kept]
    rec["overrides"] = ["disruptions.3.trains_factor=2.0", "disruptions.5.trains_factor=1.0"]
    assert _changed_sets(rec) == ["disruptions.3.trains_factor=2"]
    text = _answer(plan, "en", _cands(plan))[3]
    assert text.endswith(
        "--set logistics.mode_choice.rule=live --set disruptions.3.trains_factor=2 "
        "--replications 10"
    ), text
    assert "trains_factor=1" not in text
    assert [_plain(v) for v in ("2.5", "-1.0", "10.50", "live", "2025-11-01", "3")] == [
        "2.5", "-1", "10.50", "live", "2025-11-01", "3"
    ]  # fmt: skip
    # a plan.json without words cannot tell what changed: every override, as it was
    assert _changed_sets({"overrides": ["a.b=1.0"]}) == ["a.b=1"]


def test_the_command_gives_the_plans_own_set_quoted_for_a_shell() -> None:
    """Issue 24's trial: "or the scenario with --set ..." gave the decision's --set alone, not
    the plan's own, so it ran another scenario than recommended.yaml; a value with a space or a
    bracket is quoted, so the command pastes as it is."""
    plan = festival_plan()
    plan["sets"] = ["start=2025-11-01", "buyers.destinations.MAD.weight=[1, 2]"]
    plan["source"] = "my scenarios/festival.yaml"
    text = _answer(plan, "en", _cands(plan))[3]
    command = text.split("or the scenario: ")[1]
    assert command == (
        "yiwu-sim run 'my scenarios/festival.yaml' --set start=2025-11-01 "
        "--set 'buyers.destinations.MAD.weight=[1, 2]' --set disruptions.3.trains_factor=1.5 "
        "--replications 10"
    )
    assert set_options([]) == ""
    # a plan.json from before the plan kept its --set cannot tell which the scenario had: the
    # file alone, which has them
    del plan["sets"]
    assert _answer(plan, "en", _cands(plan))[3].endswith(
        "Run it: yiwu-sim run recommended.yaml --replications 10"
    )


def test_the_command_line_names_recommended_yaml_in_the_plans_folder() -> None:
    """trial18: ``yiwu-sim plan`` printed "Run it: yiwu-sim run recommended.yaml
    --replications 10", and that command, pasted where the plan ran, stopped with "no such
    file: recommended.yaml": the file is in the plan's folder. The command line names it there
    (quoted for a shell); the page, which lies beside it, keeps the bare name."""
    from pathlib import Path

    plan = festival_plan()
    folder = Path("results/festival 2026/plan-00a74a2c-42")
    said = "\n".join(plan_summary(plan, "en", folder))
    assert (
        "Run it: yiwu-sim run 'results/festival 2026/plan-00a74a2c-42/recommended.yaml' "
        "--replications 10, or the scenario: yiwu-sim run scenarios/plan_festival_2026.yaml"
    ) in said, said
    zh = "\n".join(plan_summary(plan, "zh", folder))
    assert "运行：yiwu-sim run 'results/festival 2026/plan-00a74a2c-42/recommended.yaml' " in zh
    alone = _recommend_today(festival_plan())
    alone["sets"] = []
    said = plan_summary(alone, "en", Path("results/teaching-small/plan-1"))[1]
    assert said.endswith(
        "Run it: yiwu-sim run results/teaching-small/plan-1/recommended.yaml --replications 10"
    ), said
    assert "yiwu-sim run recommended.yaml" in _answer(plan, "en", _cands(plan))[3]
