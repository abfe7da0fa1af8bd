"""The parts :class:`sim.actors.logistics.Logistics` is built from (one module each): every
attribute a part reads is set by the run's set-up, no part hides another's method, and every name
others import from :mod:`sim.actors.logistics` is still there, the same object."""

from __future__ import annotations

import importlib

import pytest

import sim.actors.logistics as logistics
from sim.actors.background_flows import BackgroundFlows
from sim.actors.cutoff_decisions import CutOffDecisions
from sim.actors.cutoffs import CutOffs
from sim.actors.departure_tables import DepartureTables
from sim.actors.journeys import Journeys
from sim.actors.logistics import Logistics
from sim.model import Model
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

PARTS = (CutOffs, CutOffDecisions, BackgroundFlows, DepartureTables, Journeys)

HOMES = {
    "DEPARTURE_COLUMNS": "sim.actors.journeys",
    "KINDS": "sim.actors.journeys",
    "RECENT_WEIGHT": "sim.actors.journeys",
    "Journey": "sim.actors.journeys",
    "Leg": "sim.actors.journeys",
    "Route": "sim.actors.journeys",
    "Trip": "sim.actors.journeys",
    "after_last_crossing": "sim.actors.journeys",
    "CutOffProcess": "sim.actors.cutoffs",
}
"""Where each name that :mod:`sim.actors.logistics` passes on lives."""


def test_logistics_is_built_from_its_parts():
    assert all(issubclass(Logistics, part) for part in PARTS)


@pytest.mark.parametrize("engine", ["batched", "per_actor"])
def test_every_attribute_a_part_reads_is_set_by_the_run(engine):
    """A part declares what it reads of the run (class annotations, no values: a class value
    would hide an attribute the set-up forgot); a built and started run has each of them."""
    model = Model(
        load_scenario(str(ROOT / "scenarios" / "teaching_small.yaml"), [f"engine={engine}"])
    )
    model.build()
    lg = model.logistics
    for part in PARTS:
        for name in part.__annotations__:
            assert name not in vars(part), f"{part.__name__}.{name} has a class value"
            assert hasattr(lg, name), f"the run never sets {name}, which {part.__name__} reads"


def _methods(cls: type) -> dict[str, object]:
    return {k: v for k, v in vars(cls).items() if callable(v) or isinstance(v, property)}


def test_no_part_hides_another_parts_method():
    """Each method has one home: a name defined in two parts would take the one first in the
    method order, silently. (Logistics itself may hold a part's very function: a test that
    swaps one in and back by hand leaves it there.)"""
    seen: dict[str, str] = {}
    for part in PARTS:
        for name in _methods(part):
            if name.startswith("__"):
                continue
            assert name not in seen, f"{name} is in {seen[name]} and {part.__name__}"
            seen[name] = part.__name__
    for name, value in _methods(Logistics).items():
        if name in seen:
            home = next(p for p in PARTS if p.__name__ == seen[name])
            assert value is vars(home)[name], f"Logistics redefines {seen[name]}.{name}"


@pytest.mark.parametrize("name", sorted(HOMES))
def test_names_read_through_logistics_are_the_parts_own(name):
    assert name in logistics.__all__
    assert getattr(logistics, name) is getattr(importlib.import_module(HOMES[name]), name)
