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


def test_the_packaged_scenario_is_named_by_its_file_name_outside_a_checkout(tmp_path, monkeypatch):
    """``yiwu-sim explore`` started outside a checkout headed the page "teaching-small
    (/…/site-packages/sim/explore/teaching_small.yaml)" and printed ``yiwu-sim run
    /…/site-packages/…``: it names the file, ``teaching_small.yaml``, and the page offers that
    file to save beside the command (``yiwu-sim run`` has no name for the packaged teaching
    scenario). In a checkout it is ``scenarios/teaching_small.yaml``; a user's own file keeps
    the path it was given."""
    import shlex

    from sim.explore.engine import Explorer

    monkeypatch.chdir(tmp_path)
    ex = Explorer(None, load_network())
    assert ex.controls.source == "teaching_small.yaml" and ex.shipped
    assert ex.shipped_text == TEACHING.read_bytes()
    command = ex.controls.command(ex.controls.baseline(), [])
    assert shlex.split(command)[:3] == ["yiwu-sim", "run", "teaching_small.yaml"]
    assert "site-packages" not in command and str(TEACHING.parent) not in command
    # saved where the command runs, the file is the one the page ran
    (tmp_path / "teaching_small.yaml").write_bytes(ex.shipped_text)
    assert Explorer(Path("teaching_small.yaml"), load_network()).data == ex.data
    monkeypatch.chdir(ROOT)  # in a checkout, the short name of the same file
    ex = Explorer(None, load_network())
    assert ex.controls.source == "scenarios/teaching_small.yaml"
    assert not ex.shipped and ex.shipped_text is None
    own = tmp_path / "mine" / "teaching_small.yaml"  # a user's file of the same name
    own.parent.mkdir()
    own.write_bytes(TEACHING.read_bytes())
    ex = Explorer(own, load_network())
    assert ex.controls.source == str(own) and not ex.shipped
    assert shlex.split(ex.controls.command(ex.controls.baseline(), []))[2] == str(own)
    ex = Explorer(TEACHING, load_network())  # the packaged file named by its path: as given
    assert ex.controls.source == str(TEACHING) and not ex.shipped


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
