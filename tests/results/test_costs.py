"""Costs and emissions as analysis of a run's tables."""

from __future__ import annotations

import numpy as np
import pytest

from sim.results.costs import add_costs, per_teu_rates
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


def test_an_order_pays_what_it_was_quoted_and_the_disruption_is_the_part_above_base(world):
    sc, net = world
    _, usd = per_teu_rates(sc, net, ["L12", "S01"], ["ALA", "RTM"])
    base = usd[0, 0]
    orders = {
        "departure_id": np.array([0, 0, -1]),
        "teu": np.array([1.0, 0.5, 2.0]),
        "quoted_usd_per_teu": np.array([base, base + 175.0, np.nan]),
    }
    departures = {"detour_km": np.array([0.0])}
    route = np.array([0, 0, 0])
    dest = np.array([0, 0, 0])
    add_costs(orders, departures, sc, net, ["L12", "S01"], ["ALA", "RTM"], route, dest, route)
    assert orders["cost_usd"] == pytest.approx([base, 0.5 * (base + 175.0), 0.0])
    assert orders["disruption_usd"] == pytest.approx([0.0, 0.5 * 175.0, 0.0])
    # an order rolled over to the sea after booking rail still paid its rail quote
    rolled = {**orders, "quoted_usd_per_teu": np.array([base, base, base])}
    add_costs(rolled, departures, sc, net, ["L12", "S01"], ["ALA", "RTM"],
              np.array([1, 1, 1]), dest, route)  # fmt: skip
    assert rolled["cost_usd"] == pytest.approx([base, 0.5 * base, 2.0 * base])
    assert rolled["disruption_usd"] == pytest.approx([0.0, 0.0, 0.0])


def test_a_rate_near_the_largest_float_gives_a_null_cost_without_a_warning():
    """A rail rate of 1e308 (fuzzed) overflowed to an infinite cost with numpy's warnings on
    the user's screen; the cost is then infinite (null in summary.json), and nothing is
    printed."""
    import warnings

    from sim.model import Model

    rate = "logistics.costs.rail_usd_per_teu=1e308"
    sc = load_scenario(
        ROOT / "scenarios" / "teaching_small.yaml", ["days=30", "warmup_days=0", rate]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        run = Model(sc).run()
    cost = run.summary["emissions_cost"]["cost_usd_total"]
    assert cost is None or np.isinf(cost)  # (summary.json writes it as null)
