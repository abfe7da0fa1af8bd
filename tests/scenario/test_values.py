"""sim.scenario.values: the values every section shares: dates (never a number read as seconds
since 1970), moments in the market's time, the text the project writes read back as text, and
seeds in range."""

from __future__ import annotations

from datetime import datetime

import pytest

from sim.errors import ScenarioError
from sim.scenario.yaml_io import parse_yaml
from sim.world.inputs import load_scenario
from tests.test_trial_round4 import MAL_CLOSED, _problems


def test_an_announcement_with_a_utc_offset_is_taken_in_the_markets_time():
    """09:30 at UTC+2 is 15:30 in Yiwu (UTC+8): the announcement's hour is the market's, not
    the offset dropped; and one that is after the start only in the market's time is refused."""

    def announced(when: str) -> object:
        sc = load_scenario(
            "scenarios/teaching_small.yaml",
            [f"disruptions=[{{target: node, id: MAL, start: 2025-12-01, end: 2025-12-05, "
             f"servers_factor: 0, announced: '{when}'}}]"],
        )  # fmt: skip
        return sc.disruptions[0].announced

    assert announced("2025-11-20T09:30+02:00") == datetime(2025, 11, 20, 15, 30)
    assert announced("2025-11-20T09:30") == datetime(2025, 11, 20, 9, 30)
    with pytest.raises(ScenarioError, match="announced 2025-12-02 03:00:00 is after start"):
        announced("2025-12-01T19:00-00:00")


def test_text_the_project_writes_reads_back_as_text_in_yaml_1_2():
    import yaml

    from sim.scenario import YAML_DUMPER

    texts = ["1e3", "0o17", "NO", "true", "1:30", "0755", "2025-01-01", "plain text"]
    written = yaml.dump({"names": texts}, Dumper=YAML_DUMPER)
    assert parse_yaml(written, "t") == {"names": texts} == yaml.safe_load(written)


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
    # the day a container pool loses boxes: 1728000000 s was taken as 2024-10-04
    withdraw = ["logistics.containers.pools_teu={YIW: 100}"]
    assert _problems([*withdraw, "logistics.containers.withdraw_on=1728000000"]) == [
        f"logistics.containers.withdraw_on: {said} (got 1728000000)"
    ]


def test_a_seed_is_a_whole_number_from_0_to_2_63_minus_1_and_anything_else_is_said():
    import numpy as np

    from sim.scenario.values import SEED_MAX, seed_problem

    assert SEED_MAX == 2**63 - 1
    assert all(seed_problem(v) is None for v in (0, np.int64(5), SEED_MAX))
    most = "a seed is a whole number from 0 to 9223372036854775807"
    assert str(seed_problem(SEED_MAX + 1)) == f"{most} (2^63 - 1), got 9223372036854775808"
    assert str(seed_problem(-1)) == f"{most} (2^63 - 1), got -1"
    assert str(seed_problem(True)) == f"{most}, got 'True'"  # not 1
    assert str(seed_problem(1.0)) == f"{most}, got '1.0'"
    assert str(seed_problem(10**400)).endswith("got a number of about 400 digits")
