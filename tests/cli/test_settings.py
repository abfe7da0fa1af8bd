"""What the parsed options ask of the library (sim.cli.settings): the scenario's overrides in
order, an experiment's executor settings, and the replication bounds that need
``--precision``."""

from __future__ import annotations

import argparse
import os

import pytest

from sim.cli.settings import (
    _exec_kwargs,
    _overrides,
    _policy_overrides,
    _precision,
    _warn_unused_precision_options,
)
from sim.errors import ScenarioError


def test_the_overrides_are_the_sets_then_the_policies_then_the_days() -> None:
    """``--days`` comes last, so it wins over a ``--set days=`` as the help says."""
    args = argparse.Namespace(set=["days=90", "seed=3"], policy=["routing=live"], days=20)
    assert _overrides(args) == ["days=90", "seed=3", "logistics.mode_choice.rule=live", "days=20"]
    assert _overrides(argparse.Namespace(set=None)) == []  # a command without the options


def test_a_refusal_names_the_days_and_the_policy_as_the_user_typed_them() -> None:
    """``run --days 3661`` was refused under the heading "invalid scenario ... --set
    days=3661", and ``--policy dispatch=nosuch`` under "--set logistics.dispatch.rule=nosuch":
    the reader looked for a ``--set`` they never wrote. Each is named as typed (the Chinese
    heading names the same source); a ``--set`` as before."""
    from sim.world.inputs import load_scenario
    from tests.world.conftest import TEACHING

    args = argparse.Namespace(set=["seed=3"], policy=["dispatch=nosuch"], days=3661)
    with pytest.raises(ScenarioError) as info:
        load_scenario(TEACHING, _overrides(args))
    assert info.value.source == f"{TEACHING} --policy dispatch=nosuch --days 3661"
    assert "days: Input should be less than or equal to 3660 (got 3661)" in info.value.problems
    # a value that cannot be read is said at the option as typed
    with pytest.raises(ScenarioError) as info:
        load_scenario(TEACHING, _overrides(argparse.Namespace(set=[], policy=["dispatch=[x"])))
    (problem,) = info.value.problems
    assert problem.startswith("--policy dispatch=[x: value '[x' cannot be read")
    assert info.value.source == f"{TEACHING} --policy dispatch=[x"
    with pytest.raises(ScenarioError) as info:
        load_scenario(TEACHING, _overrides(argparse.Namespace(set=["days=3661"], days=None)))
    assert info.value.source == f"{TEACHING} --set days=3661"


def test_a_policy_of_an_unknown_kind_is_refused_naming_the_kinds() -> None:
    with pytest.raises(ScenarioError) as info:
        _policy_overrides(["route=live"])
    (problem,) = info.value.problems
    assert problem.startswith(
        "--policy route=live: unknown kind 'route' (did you mean routing=live?); use KIND=NAME, "
        "KIND one"
    )
    assert "routing" in problem and info.value.source == "--policy"


def _experiment(**given: object) -> argparse.Namespace:
    options = dict(out="results", seed=7, jobs=2, scheduler=None, quiet=True, lang="en",
                   force=False, format="parquet", summaries_only=False, precision=None,
                   min_replications=None, max_replications=None)  # fmt: skip
    return argparse.Namespace(**{**options, **given})


def test_the_executor_gets_the_options_and_every_core_for_jobs_zero() -> None:
    kwargs = _exec_kwargs(_experiment())
    assert kwargs == {"out": "results", "root_seed": 7, "jobs": 2, "scheduler": None,
                      "progress": False, "force": False, "fmt": "parquet",
                      "summaries_only": False, "precision": None}  # fmt: skip
    assert _exec_kwargs(_experiment(jobs=0))["jobs"] == (os.cpu_count() or 1)
    assert _exec_kwargs(_experiment(quiet=False))["progress"] is True  # tqdm's own bar


def test_replication_bounds_make_a_precision_only_with_precision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--min-replications`` without ``--precision`` bounds nothing: said, in the reader's
    language; with it, the bounds are the precision's."""
    args = _experiment(min_replications=8)
    assert _precision(args) is None
    _warn_unused_precision_options(args)
    assert capsys.readouterr().err == (
        "warning: --min-replications applies with --precision only (its sequential rule); the "
        "runs made are --replications N, or one\n"
    )
    _warn_unused_precision_options(_experiment(max_replications=50, lang="zh"))
    zh = capsys.readouterr().err
    assert zh.startswith("警告：--max-replications 只在使用 --precision 时生效")
    args = _experiment(precision=["on_time.share=0.05"], min_replications=8)
    _warn_unused_precision_options(args)
    assert capsys.readouterr().err == ""
    precision = _precision(args)
    assert precision is not None
    assert precision.targets == {"on_time.share": 0.05} and precision.min_replications == 8


def test_a_policy_without_its_kind_or_with_a_misspelt_one_says_what_was_meant() -> None:
    """``--policy live`` was refused as "unknown kind ''" (no kind was typed, and the value
    was not named as the mistake); it says the form and the kinds a built-in of that name
    belongs to, and ``--policy routng=live`` the kind it is close to, in English and
    Chinese."""
    from sim.cli.printing import _error_text

    with pytest.raises(ScenarioError) as err:
        _policy_overrides(["live"])
    (problem,) = err.value.problems
    assert problem == (
        "--policy live: expected KIND=NAME or package.module:Class (did you mean routing=live, "
        "rollover=live, pricing=live?); KIND one of routing, loading, rollover, production, "
        "train_routing, dispatch, pricing, repositioning, sailings"
    )
    assert "应写作 KIND=NAME 或 package.module:Class（是否指 routing=live" in _error_text(
        err.value, "zh"
    )
    with pytest.raises(ScenarioError) as err:
        _policy_overrides(["routng=live"])
    assert "unknown kind 'routng' (did you mean routing=live?)" in err.value.problems[0]
    with pytest.raises(ScenarioError) as err:
        _policy_overrides(["nope"])
    assert "did you mean" not in err.value.problems[0]
