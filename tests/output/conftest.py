"""Fixtures shared by the report's tests and the tests of the modules it is made of."""

from __future__ import annotations

import pytest

from sim.model import Model
from sim.output.results import write_run
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """A run of the teaching world, its name and description a script that must be escaped."""
    sc = load_scenario(TEACHING, ["name=evil", "description=<script>alert(1)</script> & more"])
    return write_run(Model(sc).run(), tmp_path_factory.mktemp("report") / "run")
