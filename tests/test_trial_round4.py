"""Faults found trying issue 24's features as planners, researchers and students would
(unusual but valid scenarios, invalid ones, invariants of the results tables)."""

from __future__ import annotations

from sim.errors import ScenarioError
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
MAL_CLOSED = (
    "disruptions=[{target: node, id: MAL, start: 2025-10-11, end: 2025-10-20,"
    " servers_factor: 0, announced: %s}]"
)


def _problems(overrides: list[str]) -> list[str]:
    try:
        load_scenario(TEACHING, overrides)
    except ScenarioError as exc:
        return list(exc.problems)
    raise AssertionError(f"{overrides} was accepted")


def test_a_number_where_a_date_belongs_is_refused_not_read_as_seconds_since_1970():
    """``announced: 20251010`` (a date typed without its dashes) was read by pydantic's lax
    mode as a Unix time, 1970-08-23 17:16:50, and accepted: the closure was known from the
    run's first hour."""
    said = "a date is written YYYY-MM-DD (a date and time YYYY-MM-DDTHH:MM), not as a number"
    assert _problems([MAL_CLOSED % "20251010"]) == [
        f"disruptions[0].announced: {said} (got 20251010)"
    ]
    assert _problems([MAL_CLOSED % "1.5e9"]) == [
        f"disruptions[0].announced: {said} (got 1500000000.0)"
    ]
    # the same for every date of a scenario, not only the announcement
    assert _problems(["start=20251001"]) == [f"start: {said} (got 20251001)"]


def test_a_bad_announcement_time_is_one_problem_not_one_per_member_of_the_union():
    """``announced`` takes a date or a date and time; a wrong value was reported twice, once
    by each member ("2 problem(s)")."""
    problems = _problems([MAL_CLOSED % "2025-10-10T25:00"])
    assert len(problems) == 1, problems
    assert problems[0].startswith("disruptions[0].announced: ")
    assert "hour value is outside expected range of 0-23" in problems[0]
    assert "(got '2025-10-10T25:00')" in problems[0]


def test_a_policy_class_that_does_not_define_its_kinds_method_is_refused_when_named():
    """The kind's base itself (``sim.policies.routing:RoutingPolicy``), or a class whose
    author misspelt its method, was accepted and the run died mid-way with a bare
    ``NotImplementedError`` traceback from the model's own code."""
    for kind, name, method in [
        ("routing", "sim.policies.routing:RoutingPolicy", "choose"),
        ("routing", "tests.policies.plugins:ForgotToChoose", "choose"),
        ("loading", "sim.policies.loading:LoadingPolicy", "order"),
        ("production", "sim.policies.production:ProductionPolicy", "daily_output"),
        ("rollover", "sim.policies.rollover:RollOverPolicy", "move"),
    ]:
        from sim.scenario.registry import KEYS

        key = KEYS[kind][0]
        problems = _problems([f"{key}={name}"])
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"{key}: {name!r} does not define {method}("), problems
        assert f"(got {name!r})" in problems[0]


def test_a_plugin_that_defines_its_method_still_runs_from_the_command_line(tmp_path):
    from sim.cli import main

    code = main(
        [
            "run", str(TEACHING), "--days", "10", "--set", "warmup_days=0", "--quiet",
            "--no-report", "--out", str(tmp_path),
            "--policy", "routing=tests.policies.plugins:SeaWhenRailLate",
        ]
    )  # fmt: skip
    assert code == 0
