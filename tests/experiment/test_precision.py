"""Replications to a stated precision: the sequential rule stops when every named KPI's interval
is tight enough (and stays so through the look-ahead), not before, and not after."""

import math

import numpy as np
import pytest

from sim.errors import ScenarioError, SimError
from sim.experiment import precision as prec
from sim.experiment.runs import compare, run_replications
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
KPI = "lead_time_days.overall.mean"


def _window_holds(groups, n, p):
    return all(prec.met(groups, m, p.targets) for m in range(n, n + p.lookahead + 1))


def _drive(values, p):
    """Run the procedure on a fixed stream of replication values; return (step, runs made)."""
    have = 0
    while True:
        groups = [[{"k": v} for v in values[:have]]]
        step = prec.next_step(groups, p)
        if step.done:
            return step, have
        assert step.more >= 1
        have += step.more


@pytest.mark.parametrize("seed", range(6))
def test_the_rule_stops_at_the_first_n_whose_interval_holds_and_not_before(seed):
    rng = np.random.default_rng(seed)
    values = list(rng.lognormal(3.0, 0.4, 300))
    p = prec.Precision({"k": 0.08}, min_replications=3, max_replications=300)
    step, made = _drive(values, p)
    groups = [[{"k": v} for v in values]]
    assert step.needed is not None
    # reached: the interval at `needed` is within 8 % and stays so for the look-ahead
    assert prec.worst(groups, step.needed, "k") <= 0.08
    assert _window_holds(groups, step.needed, p)
    # not before: no earlier n had such a run of successes
    assert not any(_window_holds(groups, n, p) for n in range(3, step.needed))
    # and nothing run beyond the look-ahead
    assert made == step.needed + p.lookahead


def test_the_stopping_point_does_not_depend_on_how_runs_are_batched():
    values = list(np.random.default_rng(1).lognormal(3.0, 0.5, 300))
    p = prec.Precision({"k": 0.1}, min_replications=4, max_replications=300)
    step, _ = _drive(values, p)
    assert step.needed is not None
    # one replication at a time, checking after each: the textbook procedure
    groups = [[{"k": v} for v in values]]
    streak = 0
    for n in range(4, 301):
        streak = streak + 1 if prec.met(groups, n, p.targets) else 0
        if streak == p.lookahead + 1:
            assert step.needed == n - p.lookahead
            break
    else:
        pytest.fail("never reached")


def test_the_rule_gives_up_at_the_maximum_and_says_so():
    values = list(np.random.default_rng(2).lognormal(3.0, 1.0, 50))
    p = prec.Precision({"k": 1e-4}, min_replications=2, max_replications=12)
    step, made = _drive(values, p)
    assert step.needed is None and made == 12
    report = prec.report([[{"k": v} for v in values[:made]]], p, step.needed)
    assert report["reached"] is False and report["replications_run"] == 12


def test_a_zero_mean_with_spread_is_never_precise_and_no_spread_always_is():
    assert prec.relative_half_width([0.0, 1.0, -1.0]) == math.inf
    assert prec.relative_half_width([2.0, 2.0, 2.0]) == 0.0
    assert prec.relative_half_width([2.0]) == math.inf


def test_bad_targets_are_listed_at_once():
    with pytest.raises(ScenarioError) as info:
        prec.parse_precision(["a=2", "b", "c=x", "d=0.1", "d=0.2"])
    text = str(info.value)
    assert "a: '2'" in text and "'b'" in text and "c: 'x'" in text and "given twice" in text
    assert prec.parse_precision(["a.b=0.05"]) == {"a.b": 0.05}
    with pytest.raises(SimError, match="--max-replications"):
        prec.Precision({"a": 0.1}, min_replications=5, max_replications=6)


def test_an_unknown_kpi_is_refused_with_a_suggestion():
    with pytest.raises(ScenarioError, match=r"did you mean lead_time_days\.overall\.mean"):
        prec.check_kpis(
            [{"lead_time_days": {"overall": {"mean": 3.0}}}], {"lead_time_days.overal.mean": 0.1}
        )


def _sc(*extra):
    return load_scenario(TEACHING, ["days=30", "warmup_days=3", *extra])


def test_replications_run_until_the_lead_time_is_within_the_target(tmp_path):
    p = prec.Precision({KPI: 0.03}, min_replications=3, max_replications=60)
    rs = run_replications(_sc(), None, out=tmp_path, precision=p)
    info = rs.precision
    assert info is not None and info["reached"]
    n = info["replications_needed"]
    assert len(rs.seeds) == info["replications_run"] == n + p.lookahead
    groups = [rs.summaries]
    assert prec.worst(groups, n, KPI) <= 0.03
    assert not any(_window_holds(groups, m, p) for m in range(3, n))
    assert rs.aggregate[KPI]["half_width"] / rs.aggregate[KPI]["mean"] <= 0.03
    # the same command again reuses every run and stops at the same n
    again = run_replications(_sc(), None, out=tmp_path, precision=p)
    assert again.computed == 0 and again.precision == info


def test_a_comparison_to_a_precision_keeps_the_replications_paired(tmp_path):
    p = prec.Precision({KPI: 0.04}, min_replications=3, max_replications=40)
    comp = compare([_sc(), _sc("logistics.lines.L01.trains_per_week=2")], None, out=tmp_path,
                   precision=p)  # fmt: skip
    a, b = comp.sets
    assert a.seeds == b.seeds and len(a.summaries) == len(b.summaries)
    assert comp.precision is not None and comp.precision["reached"]
    n = comp.precision["replications_needed"]
    for s in comp.sets:  # every scenario within the target at the same n
        assert prec.worst([s.summaries], n, KPI) <= 0.04


def test_a_kpi_the_first_replication_has_no_value_for_is_still_a_kpi():
    # the sea route's lead time exists only in replications that delivered by sea
    first = {"lead_time_days": {"by_mode": {"rail": {"mean": 18.0}}}}
    later = {"lead_time_days": {"by_mode": {"rail": {"mean": 17.0}, "sea": {"mean": 35.0}}}}
    prec.check_kpis([first, later], {"lead_time_days.by_mode.sea.mean": 0.05})
    with pytest.raises(ScenarioError, match=r"not a KPI of summary\.json"):
        prec.check_kpis([first, later], {"lead_time_days.by_mode.air.mean": 0.05})
    # after the first run alone, another group's KPI waits; a misspelt name does not
    prec.check_kpis([first], {"lead_time_days.by_mode.sea.mean": 0.05}, first_run=True)
    with pytest.raises(ScenarioError, match=r"did you mean lead_time_days\.by_mode\.rail\.mean"):
        prec.check_kpis([first], {"lead_time_days.by_mode.rail.maen": 0.05}, first_run=True)
    with pytest.raises(ScenarioError, match="not a KPI"):
        prec.check_kpis([first], {"lead_time_days.by_moed.rail.mean": 0.05}, first_run=True)


def test_a_kpi_no_run_of_the_first_stage_measured_is_refused():
    from sim.experiment.precision import Precision, check_values

    p = Precision({"on_time.share": 0.05}, min_replications=2)
    some = [{"on_time": {"share": None}}, {"on_time": {"share": 0.5}}]
    none = [{"on_time": {"share": None}}] * 2
    check_values([some], p, ["a"])  # one value is a start
    check_values([none[:1]], p, ["a"])  # before the first stage ends: not yet
    with pytest.raises(
        ScenarioError, match=r"on_time.share: no value in any of the first 2 runs of b"
    ):
        check_values([some, none], p, ["a", "b"])


def test_an_unknown_kpi_after_one_replication_says_one_replication():
    """A rerun with --force that stops at an unknown KPI after its first run said "in the 1
    replications run"."""
    with pytest.raises(ScenarioError) as err:
        prec.check_kpis([{"orders": {"placed": 3}}], {"orders.placd": 0.1})
    assert "in the 1 replication run" in err.value.problems[0], err.value.problems
    with pytest.raises(ScenarioError) as err:
        prec.check_kpis([{"orders": {"placed": 3}}] * 2, {"orders.placd": 0.1})
    assert "in the 2 replications run" in err.value.problems[0], err.value.problems


def test_a_misspelt_group_is_refused_after_the_first_run_and_another_is_let_through():
    """``lines.L0l.load_factor`` (a letter l for the one) had the shape of a known line's KPI,
    so it was let through the first run's check as a line that run had none of, and refused
    only after the first stage was written. A group is let through only when it is a name a
    run of the scenario may have (a line, a crossing, a destination, a category, a mode)."""
    names = prec.group_names([load_scenario(TEACHING)])
    assert {"L01", "S01", "MAL", "MAD", "festival_goods", "rail", "sea"} <= names
    first = {"lines": {"L01": {"load_factor": 0.8}, "S01:feeder": {"load_factor": 0.5}},
             "borders": {"DST": {"wait_h_mean": 3.0}}}  # fmt: skip
    fine = {"lines.L12.load_factor": 0.1, "lines.S02:feeder.load_factor": 0.1,
            "borders.MAL.wait_h_mean": 0.1}  # fmt: skip
    prec.check_kpis([first], fine, first_run=True, names=names)
    with pytest.raises(ScenarioError) as got:
        prec.check_kpis([first], {"lines.L0l.load_factor": 0.1, "borders.MAX.wait_h_mean": 0.1},
                        first_run=True, names=names)  # fmt: skip
    assert len(got.value.problems) == 2
    assert "did you mean lines.L01.load_factor" in got.value.problems[0]
    # without names (a caller that has no scenario) the shape alone lets it through
    prec.check_kpis([first], {"lines.L0l.load_factor": 0.1}, first_run=True)
