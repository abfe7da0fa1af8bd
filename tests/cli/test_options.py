"""The option types and groups the commands share (sim.cli.options): ``--policy``'s help lists
every kind of policy, and ``--seed`` takes a seed or gives a usage error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.scenario.schema import SEED_MAX
from tests.test_robustness_fuzz import FUZZ, SEEDS


def test_the_policy_options_help_lists_every_kind_of_policy():
    from sim.cli.options import POLICY_HELP
    from sim.scenario.registry import KINDS

    listed = POLICY_HELP.split("KIND one of ", 1)[1].split(";", 1)[0]
    assert [k.strip() for k in listed.split(",")] == list(KINDS)


@FUZZ
@given(text=st.one_of(st.text(max_size=50), SEEDS.map(str)))
def test_the_seed_option_takes_a_seed_or_gives_a_usage_error(text):
    import argparse

    from sim.cli.options import _seed

    try:
        value = _seed(text)
    except argparse.ArgumentTypeError as exc:
        assert "seed" in str(exc)
        return
    assert 0 <= value <= SEED_MAX


def test_the_sensitivity_designs_options_are_refused_naming_the_option_value_and_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``sensitivity --levels 3`` (or --samples 48, --trajectories 1, --replications 0) was
    headed "invalid scenario sensitivity": neither a scenario nor what is wrong. Each is now a
    usage error, as every other command's counts are, naming the option, the value and what
    it may be, in English and Chinese; nothing is read or run."""
    from sim.cli.entry import main

    cases = [
        ("--trajectories", "1", "expected a whole number of at least 2, got '1'",
         "应为不小于 2 的整数，给出的是 '1'"),
        ("--levels", "3", "expected an even whole number of at least 2, got '3'",
         "应为不小于 2 的偶数，给出的是 '3'"),
        ("--samples", "48", "expected a power of two of at least 2 (2, 4, 8, 16, ...), got '48'",
         "应为 2 的幂且不小于 2（2、4、8、16……），给出的是 '48'"),
        ("--samples", "x", "expected a power of two of at least 2 (2, 4, 8, 16, ...), got 'x'",
         "应为 2 的幂且不小于 2（2、4、8、16……），给出的是 'x'"),
        ("--replications", "0", "expected a whole number of at least 1, got '0'",
         "应为不小于 1 的整数，给出的是 '0'"),
    ]  # fmt: skip
    for option, value, en, zh in cases:
        assert main(["sensitivity", option, value]) == 2
        last = capsys.readouterr().err.strip().splitlines()[-1]
        assert last == f"yiwu-sim sensitivity: error: argument {option}: {en}"
        assert main(["sensitivity", option, value, "--lang", "zh"]) == 2
        last = capsys.readouterr().err.strip().splitlines()[-1]
        assert last == f"yiwu-sim sensitivity：错误：参数 {option}：{zh}"


def test_a_plans_confidence_and_indifference_are_checked_while_the_arguments_are_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``plan --confidence 2`` was refused after the scenario was read and its warnings
    printed, as "--confidence 2.0" (not what was typed); it is a usage error now, like every
    other option's value, naming the value as typed and what is allowed."""
    from sim.cli.entry import main

    base = ["plan", "--decide", "days=20,21", "--goal", "min:rail_departures"]
    assert main([*base, "--confidence", "2"]) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == (
        "yiwu-sim plan: error: argument --confidence: expected a probability from 0.5 to below "
        "1 (0.95: 95 %), got '2'"
    )
    assert main([*base, "--indifference", "-1", "--lang", "zh"]) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == "yiwu-sim plan：错误：参数 --indifference：应为大于 0 的数，给出的是 '-1'"
