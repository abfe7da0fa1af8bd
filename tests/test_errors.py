"""The exception tree (sim.errors): every error a user can cause is a SimError, so the command
line says it in one message; a ScenarioError lists one line a problem under a head that counts
them and names the source."""

from __future__ import annotations

import pytest

from sim.errors import (
    ConservationError,
    NetworkError,
    ResultsError,
    ScenarioError,
    SimError,
    UsageError,
)


@pytest.mark.parametrize(
    "kind", [ScenarioError, UsageError, NetworkError, ResultsError, ConservationError]
)
def test_every_error_a_user_can_cause_is_a_sim_error(kind: type[SimError]) -> None:
    assert issubclass(kind, SimError) and issubclass(SimError, Exception)
    others = {ScenarioError, UsageError, NetworkError, ResultsError, ConservationError} - {kind}
    assert not any(issubclass(kind, other) for other in others)  # each caught for itself


def test_a_scenario_error_counts_its_problems_one_line_each_and_names_its_source() -> None:
    one = ScenarioError(["days: must be at least 1 (got -3)"], "mine.yaml")
    assert str(one) == (
        "invalid scenario mine.yaml: 1 problem\n  - days: must be at least 1 (got -3)"
    )
    assert one.problems == ["days: must be at least 1 (got -3)"] and one.source == "mine.yaml"
    two = ScenarioError(iter(["days: required key is missing", "seed: a whole number"]))
    assert str(two) == (
        "invalid scenario: 2 problems\n  - days: required key is missing\n  - seed: a whole number"
    )
    assert two.problems == ["days: required key is missing", "seed: a whole number"]
    assert two.source is None


def test_a_scenario_error_without_problems_still_says_there_is_one() -> None:
    """Never "0 problems" and an empty list: the command line would print a head and nothing."""
    none = ScenarioError([], "--set")
    assert none.problems == ["unknown problem"]
    assert str(none) == "invalid scenario --set: 1 problem\n  - unknown problem"
