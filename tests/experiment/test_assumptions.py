"""sim.experiment.assumptions: the inputs of a sensitivity analysis (the scenario's estimates,
or those given with --vary), read and checked."""

from __future__ import annotations

import pytest

from sim.cli import main
from sim.errors import ScenarioError, SimError
from sim.experiment.assumptions import estimated_inputs, parse_inputs, with_base
from sim.experiment.sensitivity import Design, sample
from sim.world.inputs import load_scenario, resolve
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SMALL = TEACHING


def test_the_default_inputs_are_the_estimates_of_the_default_season():
    inputs = estimated_inputs(resolve(load_scenario()))
    names = {i.name for i in inputs}
    assert len(inputs) >= 12
    assert {"logistics.borders.*.servers", "buyers.in_scope_share",
            "logistics.lines.*.trains_per_week"} <= names  # fmt: skip
    assert not any(n.startswith("logistics.costs") for n in names)  # only the cost: no flow
    assert "logistics.consolidation.rollover.switch_h" not in names  # no roll-over to sea
    servers = next(i for i in inputs if i.name == "logistics.borders.*.servers")
    assert servers.integer and len(servers.paths) >= 10
    assert all(isinstance(v, int) and v >= 1 for v in servers.values(0.75))
    assert all(i.basis.startswith(("E:", "E ")) for i in inputs)
    # the published timetable and sailings (rule fixed) read none of their parameters, and
    # the rates of moving or leasing empty boxes enter only the cost
    assert not any(n.startswith(("logistics.dispatch.", "logistics.sailings.")) for n in names)
    assert not any(n.startswith("logistics.repositioning.") for n in names)


def test_a_policys_estimates_are_inputs_only_when_its_rule_is_used():
    demand = resolve(load_scenario(None, ["logistics.dispatch.rule=demand"]))
    names = {i.name for i in estimated_inputs(demand)}
    assert "logistics.dispatch.add_when_backlog_trains" in names
    assert not any(n.startswith("logistics.sailings.") for n in names)


def test_declared_inputs_are_checked():
    with pytest.raises(ScenarioError) as err:
        parse_inputs(["a=1", "b=3..1", "c=x..y", "d=1..2", "d=1..3"])
    text = str(err.value)
    assert "a=1" in text and "LO < HI" in text and "given twice" in text
    factor = with_base(parse_inputs(["buyers.visits_per_day=*0.5..1.5"]),
                       resolve(load_scenario(TEACHING)))  # fmt: skip
    assert factor[0].base == (1600.0,) and factor[0].overrides(0.5) == [
        "buyers.visits_per_day=800.0"
    ]
    with pytest.raises(ScenarioError):
        Design("morris", levels=3)
    with pytest.raises(SimError, match="at least two inputs"):
        sample(parse_inputs(["a=0..1"]), Design(), 1)


def test_a_sensitivity_analysis_over_the_seed_is_refused(capsys: pytest.CaptureFixture[str]):
    """``sensitivity --vary seed=1..100`` ran and reported the seed's effect as mu* 0.0000:
    every point runs the analysis's common seeds, so the seed input changed nothing, and the
    table read as "the season does not depend on its random numbers"."""
    from sim.errors import ScenarioError
    from sim.experiment.assumptions import parse_inputs

    with pytest.raises(ScenarioError) as got:
        parse_inputs(["seed=1..100", "logistics.lines.L01.trains_per_week=1..3"])
    assert len(got.value.problems) == 1
    assert got.value.problems[0].startswith("--vary seed: every point"), got.value.problems
    assert main(["sensitivity", str(SMALL), "--vary", "seed=1..100", "--jobs", "1"]) == 2
    assert "--vary seed: " in capsys.readouterr().err


def test_a_vary_of_a_key_that_holds_no_number_is_one_problem_naming_its_value():
    """``sensitivity --vary logistics.mode_choice.rule=1..2`` was refused twice, "Input should
    be a valid string (got 1)" for LO and again for HI: the key holds a policy's name, and a
    sensitivity analysis varies numbers. One problem names the value and what to use
    instead, in English and Chinese; a single input says how many there were."""
    from sim.cli.printing import _error_text
    from sim.errors import UsageError

    resolved = resolve(load_scenario(TEACHING))
    inputs = parse_inputs(["logistics.mode_choice.rule=1..2", "days=10..20"])
    with pytest.raises(ScenarioError) as err:
        with_base(inputs, resolved)
    assert err.value.problems == [
        "--vary logistics.mode_choice.rule: the scenario's value there is 'share', not a "
        "number; a sensitivity analysis varies numbers (to try a few settings of it: compare, "
        "or sweep --vary KEY=A,B)"
    ]
    assert "情景在此处的取值是 'share'，不是数字" in _error_text(err.value, "zh")
    with pytest.raises(UsageError) as one:
        sample(parse_inputs(["days=10..20"]), Design(), 1)
    assert str(one.value).endswith("(see --vary); got 1: days")
