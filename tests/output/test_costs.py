"""Costs and emissions as analysis of a run's tables."""

from __future__ import annotations

import numpy as np
import pytest

from sim.output.costs import disruption_usd, per_teu_rates
from sim.world.inputs import load_scenario, resolve
from sim.world.network import load_network
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def world():
    net = load_network()
    sc = resolve(load_scenario(ROOT / "scenarios" / "teaching_small.yaml"), net)
    return sc, net


def test_rail_rates_follow_the_lines_km_and_the_scenarios_factors(world):
    sc, net = world
    kg, usd = per_teu_rates(sc, net, ["L12"], ["ALA"])
    km = net.lines["L12"].km_by_mode()["rail"]
    assert kg[0, 0] == pytest.approx(km * sc.logistics.emissions.rail_kg_per_teu_km)
    assert usd[0, 0] == sc.logistics.costs.rail_usd_per_teu


def test_sea_rates_add_the_road_from_the_port(world):
    sc, net = world
    kg, usd = per_teu_rates(sc, net, ["S01"], ["RTM", "MAD"])
    costs = sc.logistics.costs
    at_port = costs.sea_usd_per_teu + costs.inland_usd_per_teu
    assert usd[0, 0] == pytest.approx(at_port)
    road = net.great_circle_km("RTM", "MAD") * sc.logistics.sea.road_detour_factor
    assert usd[0, 1] == pytest.approx(at_port + road * costs.road_usd_per_teu_km)
    assert kg[0, 1] - kg[0, 0] == pytest.approx(road * sc.logistics.emissions.road_kg_per_teu_km)


def test_disruption_costs_the_surcharge_the_detour_and_the_rebooking(world):
    sc, _ = world
    c = sc.logistics.costs
    departures = {
        "border_wait_h": np.array([0.0, c.congestion_wait_h + 1, 0.0]),
        "detour_km": np.array([0.0, 0.0, 400.0]),
    }
    orders = {
        "departure_id": np.array([0, 1, 2, -1]),
        "teu": np.array([1.0, 0.5, 2.0, 1.0]),
        "rerouted": np.array([0, 0, 0, 1]),
    }
    got = disruption_usd(orders, departures, sc)
    want = [0.0, 0.5 * c.congestion_usd_per_teu, 2.0 * 400 * c.detour_usd_per_teu_km,
            c.switch_usd_per_teu]  # fmt: skip
    assert got == pytest.approx(want)
