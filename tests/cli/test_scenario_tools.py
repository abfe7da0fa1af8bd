"""The commands about scenarios that write no results folder (sim.cli.scenario_tools):
``validate`` checks every file with the overrides a run would apply, ``schema`` prints the
scenario JSON Schema, and the network table's sourced figures get thousands separators."""

from __future__ import annotations

import argparse
import json

import pytest

from sim.cli.scenario_tools import _thousands, cmd_schema, cmd_validate
from sim.scenario import json_schema
from tests.conftest import ROOT

TEACHING = str(ROOT / "scenarios" / "teaching_small.yaml")


def test_validate_says_ok_or_every_files_problems_with_the_overrides_given(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same ``--set`` is checked against every file, as ``run --set`` would apply it; each
    bad file is one block of problems and the exit code is a usage error's."""
    assert cmd_validate(argparse.Namespace(scenarios=[TEACHING], set=None, lang="en")) == 0
    assert capsys.readouterr().out == f"{TEACHING}: ok\n"
    args = argparse.Namespace(scenarios=[TEACHING, TEACHING], set=["days=0"], lang="en")
    assert cmd_validate(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    # (the head names the --set that made the problem, beside the file)
    assert err.count(f"invalid scenario {TEACHING} --set days=0: 1 problem\n  - days: ") == 2, err
    assert "Traceback" not in err


def test_schema_prints_the_scenario_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_schema(argparse.Namespace()) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


@pytest.mark.parametrize(
    ("sourced", "shown"),
    [("13052", "13,052"), ("9800-11000", "9,800-11,000"), ("31-35", "31-35"),
     ("about 10000 km", "about 10,000 km"), ("", ""), (None, "")],
)  # fmt: skip
def test_a_sourced_figure_gets_thousands_separators_as_the_models_km(sourced, shown) -> None:
    assert _thousands(sourced) == shown
