"""The plan never contradicts itself: when a decision known to meet the goal was evaluated, the
plan returns one (the cheapest such); budgets hold; bad bounds are refused; when nothing meets
the goal the plan names the closest decision and the runs that would settle it.

The simulation is replaced by a synthetic model of the 2026 festival case (many cheap decisions
that just miss the goal, a dearer one that meets it), with common random numbers drawn from each
run's seed, so a test can afford many plans over repeated root seeds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim.experiment import planning
from sim.experiment.plan_words import decision_words
from sim.experiment.planning import PlanSpec, parse_decide, parse_goal, plan
from sim.scenario import apply_overrides, read_scenario_file

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios" / "teaching_small.yaml"
DECIDE = "logistics.lines.L01.trains_per_week"
GOAL = ["on_time.share>=0.92,tol=0.004", "min:rail_departures"]
# The festival case: 1..5 trains a week miss 92 % by half a point (beyond the tolerance),
# 6 meets it, 7 and 8 meet it more clearly; departures grow with the trains.
SHARE = {1: 0.915, 2: 0.9155, 3: 0.916, 4: 0.9165, 5: 0.917, 6: 0.925, 7: 0.93, 8: 0.935}
CHEAPEST_FEASIBLE = 6


def fake_execute(share: dict[int, float], sd: float = 0.004):
    def execute(tasks: Any, **_: Any) -> tuple[list[dict[str, Any]], int]:
        out = []
        for t in tasks:
            v = int(t.scenario.logistics.lines["L01"].trains_per_week)
            common = np.random.default_rng(t.seed).normal()  # common random numbers
            own = np.random.default_rng([t.seed, v]).normal()
            out.append(
                {
                    "on_time": {"share": share[v] + sd * (0.8 * common + 0.6 * own)},
                    "lines": {"L01": {"departures": 10 * v}, "L02": {"departures": 100}},
                }
            )
        return out, len(tasks)

    return execute


def spec(budget: int = 60, **kw: Any) -> PlanSpec:
    constraints, objectives = parse_goal(GOAL)
    return PlanSpec(
        read_scenario_file(SMALL),
        parse_decide([f"{DECIDE}=1..8"]),
        constraints,
        objectives,
        budget=budget,
        screen_replications=2,
        contenders=4,
        source=str(SMALL),
        **kw,
    )


@pytest.fixture
def synthetic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planning, "execute", fake_execute(SHARE))


@pytest.mark.usefixtures("synthetic")
def test_a_known_feasible_decision_is_returned_over_repeated_seeds(tmp_path: Path) -> None:
    """Over 40 root seeds the plan always returns a decision that truly meets the goal, never
    "no decision", and the cheapest such at least at the stated probability (0.95)."""
    picks = []
    for seed in range(40):
        result, _ = plan(spec(), out=tmp_path / str(seed), root_seed=seed)
        assert result["runs"] <= result["budget"]
        rec = result["recommended"]
        assert rec is not None, (seed, result["closest"])
        picks.append(rec["decision"][DECIDE])
        # consistency: nothing the plan shows as meeting the goal is cheaper than its answer
        cheaper = [
            c
            for c in result["candidates"]
            if c["all_runs"]["meets_goal"] is True
            and c["all_runs"]["objective_mean"] < result_objective(result)
        ]
        assert not cheaper
    assert all(SHARE[p] >= 0.92 for p in picks), picks
    assert sum(p == CHEAPEST_FEASIBLE for p in picks) >= 0.95 * len(picks), picks


def result_objective(result: dict[str, Any]) -> float:
    rec = next(c for c in result["candidates"] if c["role"] == "recommended")
    return float(rec["all_runs"]["objective_mean"])


@pytest.mark.usefixtures("synthetic")
@pytest.mark.parametrize("budget", [7, 10, 15, 23])
def test_budget_holds(tmp_path: Path, budget: int) -> None:
    result, folder = plan(spec(budget=budget), out=tmp_path, root_seed=1)
    assert result["runs"] <= budget
    # what the plan mentions exists: recommended.yaml only with a recommendation
    assert (folder / "recommended.yaml").exists() == (result["recommended"] is not None)


def test_nothing_feasible_names_the_closest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planning, "execute", fake_execute({v: 0.9 + v / 1000 for v in SHARE}))
    result, folder = plan(spec(budget=40), out=tmp_path, root_seed=3)
    assert result["recommended"] is None and not (folder / "recommended.yaml").exists()
    closest = result["closest"]
    assert closest["decision"] == {DECIDE: 8}
    assert closest["meets_goal"] is False and closest["more_runs"] == 0


def test_a_tie_the_selection_never_compared_does_not_carry_its_guarantee(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every decision runs the same departures (the objective ties) and meets the goal; one
    contender goes to the selection, which picks it with its guarantee. The plan recommends
    the scenario's own 2 trains a week (the smallest change), judged on its five search runs
    alone: it said "selected with probability of correct selection >= 0.95" for a decision
    the selection never ran or compared. A tie the selection kept to the end keeps it."""

    def execute(tasks: Any, **_: Any) -> tuple[list[dict[str, Any]], int]:
        out = []
        for t in tasks:
            v = int(t.scenario.logistics.lines["L01"].trains_per_week)
            common = np.random.default_rng(t.seed).normal()
            own = np.random.default_rng([t.seed, v]).normal()
            out.append(
                {
                    "on_time": {"share": 0.95 + 0.004 * (0.8 * common + 0.6 * own)},
                    "lines": {"L01": {"departures": 100}},  # the same departures at every v
                }
            )
        return out, len(tasks)

    monkeypatch.setattr(planning, "execute", execute)
    constraints, objectives = parse_goal(GOAL)

    def one(contenders: int) -> dict[str, Any]:
        s = PlanSpec(read_scenario_file(SMALL), parse_decide([f"{DECIDE}=1..4"]), constraints,
                     objectives, budget=60, screen_replications=5, first_stage=5,
                     contenders=contenders, source=str(SMALL))  # fmt: skip
        result, folder = plan(s, out=tmp_path / str(contenders))
        rec = result["recommended"]
        assert rec["decision"] == {DECIDE: 2}  # the scenario's own: the smallest change
        guaranteed = result["selection"]["guaranteed"]
        text = (folder / "recommended.yaml").read_text(encoding="utf-8")
        assert ("probability of correct selection >= 0.95" in text) == guaranteed
        assert (rec["basis"] == "selection") == guaranteed
        return result

    alone = one(contenders=1)
    ran = {c["decision"][DECIDE]: c["selection_runs"] for c in alone["candidates"]}
    assert ran[2] == 0 and alone["selection"]["state"]["selected"] != alone["recommended"]["id"]
    assert alone["selection"]["guaranteed"] is False
    # said as it is: the selection finished (its own pick has the guarantee), not "the budget
    # ended" or "the selection did not finish"
    assert alone["recommended"]["basis"] == "tied with the selection's pick"
    folder = next((tmp_path / "1").glob("*/plan-*"))
    text = (folder / "recommended.yaml").read_text(encoding="utf-8")
    assert "the selection did not compare it" in text and "budget" not in text, text
    from sim.output.plan_report import plan_summary

    for lang in ("en", "zh"):
        said = "\n".join(plan_summary(alone, lang))
        assert "did not finish" not in said and "未完成" not in said, said
    assert "guaranteed for its pick, not for this decision" in "\n".join(plan_summary(alone))
    # all four compared to the end, each declared feasible, tied: the guarantee holds
    every = one(contenders=4)
    assert every["selection"]["guaranteed"] is True


@pytest.mark.usefixtures("synthetic")
def test_plan_json_states_one_one_sided_bound_per_decision_the_one_its_verdict_uses(
    tmp_path: Path,
) -> None:
    """plan.json gave two one-sided bounds for the same KPI and confidence: ``lower_bounds``
    over the selection's runs alone and ``all_runs.constraints[].bound`` over every run, the one
    the verdict and plan.md use (teaching world, L01 1..3 a week, festival goods >= 85 %: 0.8580
    from 7 runs beside 0.8559 from 10, and plan.md said 85.59). Both are now over every run."""
    result, _ = plan(spec(), out=tmp_path, root_seed=2)
    checked = 0
    for c in result["candidates"]:
        if "lower_bounds" not in c:
            continue
        (e,) = c["all_runs"]["constraints"]
        assert c["lower_bounds"][e["kpi"]] == pytest.approx(e["bound"], rel=1e-12), c["id"]
        checked += 1
    assert checked


@pytest.mark.usefixtures("synthetic")
def test_recommended_yaml_lists_the_changed_decisions_as_a_scenario_file_writes_them(
    tmp_path: Path,
) -> None:
    """Issue 24's trial: recommended.yaml's header wrote ``= 2.0`` for a whole number of
    trains and listed the decisions left as they were; plan.json did not keep the plan's own
    --set, so the command the answer gives ran another scenario than recommended.yaml."""
    sets = ["start=2025-11-01", "days=110"]
    constraints, objectives = parse_goal(GOAL)
    decided = parse_decide([f"{DECIDE}=1..8:1.0", "logistics.mode_choice.rule=share,live"])
    base = apply_overrides(read_scenario_file(SMALL), sets)
    result, folder = plan(
        PlanSpec(
            base,
            decided,
            constraints,
            objectives,
            budget=60,
            screen_replications=2,
            contenders=4,
            source=str(SMALL),
            sets=sets,
        ),
        out=tmp_path,
        root_seed=0,
    )
    # (the rule decides nothing here: the scenario's own "share" is the smaller change)
    trains = result["recommended"]["decision"][DECIDE]
    assert isinstance(trains, float) and trains.is_integer() and trains != 2  # 2: the scenario's
    assert result["recommended"]["decision"]["logistics.mode_choice.rule"] == "share"
    assert result["sets"] == sets
    head = (folder / "recommended.yaml").read_text(encoding="utf-8").splitlines()[:4]
    assert head[1:] == [
        f"#   {DECIDE} = {trains:.0f}",
        "# with the plan's own --set start=2025-11-01 --set days=110",
        "# selected with probability of correct selection >= 0.95",
    ], head


def _recommend(
    tmp_path: Path, trains: int, guaranteed: bool, sets: list[str] | None = None, lang: str = "en"
) -> tuple[planning.Planner, Any, dict[str, Any], str]:
    """A plan of the teaching world that recommends ``trains`` a week: its planner, the kept
    candidate, the answer and the text of the ``recommended.yaml`` it wrote."""
    planner = planning.Planner(spec(sets=sets or []), out=tmp_path, lang=lang)
    planner.folder.mkdir(parents=True)
    kept = planner.candidate({DECIDE: trains})
    answer = {"words": decision_words(planner.spec.base, kept.values),
              "overrides": kept.overrides()}  # fmt: skip
    planner._write_recommended(kept, answer, guaranteed=guaranteed)
    return planner, kept, answer, (planner.folder / "recommended.yaml").read_text(encoding="utf-8")


def test_a_recommendation_that_changes_nothing_says_so_in_its_files_header(tmp_path: Path) -> None:
    """No decided value differs from the scenario: the header says so in the answer's words,
    not with the values it keeps."""
    _, _, _, text = _recommend(tmp_path, 2, guaranteed=True)  # the world's own 2 a week
    head = text.splitlines()[:3]
    assert head[1:] == [
        "#   every decision as in the scenario (no change needed)",
        "# selected with probability of correct selection >= 0.95",
    ], head


def test_a_plans_set_with_a_line_break_leaves_recommended_yaml_a_scenario(tmp_path: Path) -> None:
    """A plan's own ``--set`` whose value holds a line break (``--set "description=$(cat
    text)"``) is written in the header shell-quoted, line break and all: its second line was
    not a comment, and ``recommended.yaml`` was no longer YAML. Each line of the header is a
    comment, and the file reads back as the recommended scenario."""
    import yaml

    sets = ["description=first line\nsecond: line\rthird: line"]
    _, kept, _, text = _recommend(tmp_path, 3, guaranteed=True, sets=sets)
    head = text.split("\nname:", 1)[0].splitlines()
    assert all(line.startswith("#") for line in head), head
    assert "#   second: line" in head and "#   third: line'" in head, head
    assert yaml.safe_load(text) == kept.data


def test_recommended_yaml_is_headed_in_the_plans_language(tmp_path: Path) -> None:
    """``plan --lang zh`` wrote recommended.yaml's header in English; it is in Chinese now,
    every line a comment, and the scenario's keys below as YAML has them."""
    import yaml

    planner, kept, answer, text = _recommend(
        tmp_path, 3, guaranteed=False, sets=["days=110"], lang="zh"
    )
    head = text.split("\nname:", 1)[0].splitlines()
    assert head[0].startswith("# 由 `yiwu-sim plan` 根据 ") and "（根随机种子 " in head[0], head
    assert head[1:5] == [
        f"#   {DECIDE} = 3",
        "# 并含本次规划自身的 --set days=110",
        "# 预算在选择程序能够保证它之前已用完",
        "# 运行：yiwu-sim run <本文件> --replications 10",
    ], head
    assert yaml.safe_load(text) == kept.data
    planner.lang = "en"  # the same plan in English, as before
    planner._write_recommended(kept, answer, guaranteed=True)
    text = (planner.folder / "recommended.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Recommended by `yiwu-sim plan` from ")
    assert "# Run it: yiwu-sim run <this file> --replications 10\n" in text
