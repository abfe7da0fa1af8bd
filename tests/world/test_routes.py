"""sim.world.routes: the rail line and the sea route an order for a destination can take, the
typical hours by rail, the road beyond a port and the freight per TEU before any road leg."""

from __future__ import annotations

import pytest

from sim.world.inputs import load_scenario, resolve
from sim.world.network import load_network
from sim.world.routes import freight_usd_per_teu, onward_road_km, rail_nominal_h, route_options
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


def test_each_destination_has_the_rail_line_to_it_and_the_sea_route_if_the_sea_serves_it():
    net = load_network(calibrated=False)
    sc = resolve(load_scenario(TEACHING))  # L01 Madrid, L10 Moscow, L12 Almaty, S01 Rotterdam
    assert route_options(sc, net, "MAD") == ("L01", "S01")
    assert route_options(sc, net, "MOW") == ("L10", None)  # the sea serves no Moscow
    assert route_options(sc, net, "WAW") == (None, "S01")  # no line of the run goes there
    port_only = resolve(load_scenario(TEACHING, ["logistics.sea.serves=[RTM]"]))
    assert route_options(port_only, net, "MAD") == ("L01", None)
    assert route_options(port_only, net, "RTM") == (None, "S01")


def test_typical_rail_hours_are_half_the_interval_then_the_journey():
    net = load_network(calibrated=False)
    madrid = net.lines["L01"]
    journey_h = net.nominal_days(madrid) * 24.0
    assert rail_nominal_h(net, madrid, 2.0) == pytest.approx(journey_h + 42.0)  # 84 h apart
    assert rail_nominal_h(net, madrid, 7.0) == pytest.approx(journey_h + 12.0)
    assert rail_nominal_h(net, madrid, 0.0) > 1e9  # no trains: never


def test_road_beyond_the_port_and_freight_before_it_by_mode():
    net = load_network(calibrated=False)
    sc = resolve(load_scenario(TEACHING, ["logistics.sea.road_detour_factor=1.5"]))
    assert onward_road_km(sc, net, "RTM", "RTM") == 0.0
    assert onward_road_km(sc, net, "RTM", "MAD") == pytest.approx(
        1.5 * net.great_circle_km("RTM", "MAD")
    )
    costs = sc.logistics.costs
    assert freight_usd_per_teu(sc, net.lines["L01"]) == costs.rail_usd_per_teu
    sea = costs.sea_usd_per_teu + costs.inland_usd_per_teu  # and the feeder train to Ningbo
    assert freight_usd_per_teu(sc, net.lines["S01"]) == sea
