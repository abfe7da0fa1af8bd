"""The policy registry's account of a failure: a user's policy is named, the model's own code
is not blamed on it."""

from __future__ import annotations

import pytest

from sim.errors import SimError
from sim.experiment.single import simulate
from sim.scenario import registry
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["days=10", "warmup_days=0"]


def test_a_failure_inside_a_users_policy_names_the_key_class_error_and_line():
    sc = load_scenario(
        TEACHING, [*SHORT, "logistics.mode_choice.rule=tests.policies.plugins:FailsAfter"]
    )
    with pytest.raises(SimError) as err:
        simulate(sc, None)
    text = str(err.value)
    assert text.startswith(
        "logistics.mode_choice.rule: the routing policy 'tests.policies.plugins:FailsAfter' "
        "failed during the run: ZeroDivisionError: the user's policy divided by zero "
        "(plugins.py line "
    )
    assert isinstance(err.value.__cause__, ZeroDivisionError)  # --debug shows the original


def test_an_error_with_no_frame_in_a_users_policy_is_not_blamed_on_one():
    sc = load_scenario(
        TEACHING, [*SHORT, "logistics.mode_choice.rule=tests.policies.plugins:FailsAfter"]
    )
    try:
        raise KeyError("a bug in the model's own code")
    except KeyError as exc:
        assert registry.failed_policy(sc, exc) is None
    shipped = load_scenario(TEACHING, SHORT)
    try:
        raise ZeroDivisionError("no user policy chosen")
    except ZeroDivisionError as exc:
        assert registry.failed_policy(shipped, exc) is None
