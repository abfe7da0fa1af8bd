"""Fixtures shared by the tests of the live state's parts and of the monitors."""

from __future__ import annotations

import pytest

from sim.model import Model
from sim.world.inputs import load_scenario
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def busy_run():
    """The teaching world with other trains at Alashankou, so queues form there."""
    sc = load_scenario(
        ROOT / "scenarios" / "teaching_small.yaml",
        ["days=40", "warmup_days=5",
         "logistics.borders.AKS={servers: 1, service_h: {dist: constant, value: 4}, "
         "background_trains_per_day: 5}"],
    )  # fmt: skip
    model = Model(sc)
    result = model.run()
    return model, result
