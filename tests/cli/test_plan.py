"""sim.cli.plan: before a plan runs, its base scenario is checked as ``run`` checks one: the
warnings of what its runs cannot show, in the reader's language, and a refusal when its runs,
so many at a time, would not fit in memory."""

from __future__ import annotations

import copy
import json

import pytest

from sim.cli.plan import _plan_memory
from sim.errors import SimError
from sim.world.inputs import read_with_overrides
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


def test_a_plan_warns_of_a_deadline_after_its_runs_end_in_either_language(capsys):
    base = read_with_overrides(TEACHING, ["days=40", "warmup_days=0"])
    _plan_memory(base, str(TEACHING), 1)
    err = capsys.readouterr().err
    assert err.startswith("warning: teaching-small: festival_goods: its deadline 17 Feb 2026")
    assert "run at least 140 days (--set days=140)" in err
    _plan_memory(base, str(TEACHING), 1, "zh")
    assert capsys.readouterr().err.startswith("警告：teaching-small：春节用品：其截止日")
    _plan_memory(read_with_overrides(TEACHING, []), str(TEACHING), 1)
    assert capsys.readouterr().err == ""  # 150 days: past the festival


def test_a_plan_warns_of_a_base_that_would_place_no_order_in_the_readers_language(capsys):
    base = read_with_overrides(TEACHING, ["scale=0.000001"])
    _plan_memory(base, str(TEACHING), 1)
    assert capsys.readouterr().err.startswith("warning: the run is expected to place about 0.037")
    _plan_memory(base, str(TEACHING), 1, "zh")
    assert capsys.readouterr().err.startswith("警告：预计这次运行在 150 天内只下约 0.037 个订单")


def test_a_base_the_decisions_must_complete_is_left_to_the_plan(capsys):
    base = read_with_overrides(TEACHING, ["days=40"])
    broken = copy.deepcopy(base)
    del broken["buyers"]["destinations"]  # a --decide on it may supply it
    _plan_memory(broken, str(TEACHING), 1)
    assert capsys.readouterr().err == ""


def test_a_plan_whose_runs_would_not_fit_in_memory_is_refused_before_any_run(monkeypatch):
    import sim.world.memory as mem

    asked = []

    def problem(sc, jobs):
        asked.append(jobs)
        return "the runs would need 9 GB" if jobs > 2 else None

    monkeypatch.setattr(mem, "memory_problem", problem)
    base = read_with_overrides(TEACHING, [])
    _plan_memory(base, str(TEACHING), 2)
    with pytest.raises(SimError, match="the runs would need 9 GB"):
        _plan_memory(base, str(TEACHING), 3)
    assert asked == [2, 3]


def test_the_command_a_plan_prints_runs_the_scenario_it_recommends(tmp_path, monkeypatch, capsys):
    """Issue 24's trial: "or the scenario with --set ..." left out the plan's own --set (and
    plan.json did not keep them), so following it ran another scenario than recommended.yaml.
    The runs are the synthetic festival model of tests/experiment/test_plan_answer.py."""
    import shlex

    from sim.cli import main
    from sim.experiment import planning
    from sim.scenario import read_scenario_file
    from sim.world.inputs import validate_data
    from tests.experiment.test_plan_answer import SHARE, fake_execute

    monkeypatch.setattr(planning, "execute", fake_execute(SHARE))
    own = ["start=2025-11-01", "--set", "buyers.visits_per_day=2400"]
    args = ["plan", str(TEACHING), "--set", *own, "--policy", "loading=earliest_deadline",
            "--decide", "logistics.lines.L01.trains_per_week=1..8",
            "--goal", "on_time.share>=0.92,tol=0.004", "--goal", "min:rail_departures",
            "--budget", "60", "--screen-replications", "2", "--jobs", "1", "--quiet",
            "--out", str(tmp_path)]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    command = shlex.split(out.split("or the scenario: ")[1].splitlines()[0])
    assert command[:3] == ["yiwu-sim", "run", str(TEACHING)]
    sets = [command[i + 1] for i, a in enumerate(command) if a == "--set"]
    assert sets[:3] == [
        "start=2025-11-01",
        "buyers.visits_per_day=2400",
        "logistics.consolidation.loading=earliest_deadline",  # --policy, as the --set it is
    ]
    folder = next(tmp_path.glob("*/plan-*"))
    assert json.loads((folder / "plan.json").read_text(encoding="utf-8"))["sets"] == sets[:3]
    ran = validate_data(read_with_overrides(TEACHING, sets), "the printed command")
    recommended = validate_data(read_scenario_file(folder / "recommended.yaml"), "recommended")
    assert ran.model_dump() == recommended.model_dump()
