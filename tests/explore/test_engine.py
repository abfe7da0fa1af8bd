"""The explorer's engine (sim.explore.engine): the teaching scenario it ships, the command it
prints naming a file that exists, and a scenario's seed it can or cannot hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.explore.engine import TEACHING
from sim.world.network import load_network
from tests.conftest import ROOT
from tests.test_trial_round6 import _world, _write


def test_shipped_teaching_scenario_is_the_one_in_scenarios():
    assert TEACHING.read_text() == (ROOT / "scenarios" / "teaching_small.yaml").read_text()


def test_the_printed_command_names_a_file_that_exists_from_any_folder(tmp_path, monkeypatch):
    """``yiwu-sim explore`` started outside a checkout prints the packaged teaching file's path,
    not ``scenarios/teaching_small.yaml``, which is not there."""
    import shlex

    from sim.explore.engine import Explorer

    monkeypatch.chdir(tmp_path)
    ex = Explorer(None, load_network())
    command = ex.controls.command(ex.controls.baseline(), [])
    assert Path(shlex.split(command)[2]).is_file(), command
    monkeypatch.chdir(ROOT)  # in a checkout, the short name of the same file
    ex = Explorer(None, load_network())
    assert ex.controls.source == "scenarios/teaching_small.yaml"


def test_the_explorer_runs_a_scenario_whose_seed_is_above_two_to_the_31(tmp_path):
    """``yiwu-sim explore`` of a replication's own scenario.yaml (seed 4091952314, a seed the
    replications spawn): the page's first request, the scenario as loaded, was refused with
    "Seed: from 0 to 2.14748e+09" and nothing ever ran. A seed the page cannot hold exactly
    (above 2^53 - 1) is refused when the explorer starts, in one line."""
    from sim.errors import ScenarioError
    from sim.explore.engine import Explorer

    path = _write(tmp_path, "rep", _world(seed=4091952314, days=10))
    ex = Explorer(path)
    assert ex.submit(ex.controls.baseline()) == {"ok": True, "job": 1}
    answer = ex.submit({**ex.controls.baseline(), "seed": -1})
    assert answer["problems"]["seed"] == "Seed: from 0 to 9,007,199,254,740,991"
    with pytest.raises(ScenarioError) as err:
        Explorer(_write(tmp_path, "big", _world(seed=2**63 - 1, days=10)))
    assert err.value.problems == [
        "seed: the explorer takes a seed from 0 to 9,007,199,254,740,991 (the whole numbers a "
        "web page holds exactly), got 9,223,372,036,854,775,807; set a smaller seed in the "
        "file, or run this one with yiwu-sim run"
    ]
