"""Helpers shared by the tests of the world's checks and warnings before a run."""

from __future__ import annotations

from sim.scenario import Scenario
from sim.world.inputs import load_scenario, resolve
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


def teaching(extra: list[str]) -> Scenario:
    """The teaching world with the ``--set`` overrides ``extra``, resolved against the network
    (every line and its frequency filled in), as the checks before a run see it."""
    return resolve(load_scenario(TEACHING, extra))
