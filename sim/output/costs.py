"""Costs and emissions of the goods shipped: analysis of a run's tables, not wiring.

Every order pays, per TEU, its route's freight (rail, or sea plus the inland leg to Ningbo and
the truck from the port), and emits per TEU-km by mode over its route's edges and road leg
(``logistics.costs`` and ``logistics.emissions`` of the scenario). Disruption adds the congestion
surcharge when its train waited ``congestion_wait_h`` or more at crossings, the freight of its
train's detour and the re-booking of a container moved to another route; a detour's km count in
CO2e. Everything is read from the orders and trains tables, the scenario and the network.
"""

from __future__ import annotations

import numpy as np

from sim.scenario import Scenario
from sim.world.network import Network
from sim.world.routes import freight_usd_per_teu, onward_road_km

Table = dict[str, np.ndarray]


def per_teu_rates(
    sc: Scenario, net: Network, lines: list[str], dests: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """kg CO2e and USD per TEU for each (line, destination)."""
    em, costs = sc.logistics.emissions, sc.logistics.costs
    kg = np.zeros((len(lines), max(len(dests), 1)))
    usd = np.zeros((len(lines), max(len(dests), 1)))
    for li, lid in enumerate(lines):
        line = net.lines[lid]
        by_mode = line.km_by_mode()
        base_kg = (
            by_mode.get("rail", 0.0) * em.rail_kg_per_teu_km
            + by_mode.get("sea", 0.0) * em.sea_kg_per_teu_km
            + by_mode.get("road", 0.0) * em.road_kg_per_teu_km
        )
        freight = freight_usd_per_teu(sc, line)
        for di, dest in enumerate(dests):
            road_km = onward_road_km(sc, net, line.destination, dest) if line.mode == "sea" else 0.0
            kg[li, di] = base_kg + road_km * em.road_kg_per_teu_km
            usd[li, di] = freight + road_km * costs.road_usd_per_teu_km
    return kg, usd


def disruption_usd(orders: Table, departures: Table, sc: Scenario) -> np.ndarray:
    """USD per order that a disruption adds (see the module docstring)."""
    c = sc.logistics.costs
    # per departure first (a few thousand), then one gather per order
    per_dep = (
        np.where(departures["border_wait_h"] >= c.congestion_wait_h, c.congestion_usd_per_teu, 0.0)
        + departures["detour_km"] * c.detour_usd_per_teu_km
    )
    per_teu = np.append(per_dep, 0.0)[orders["departure_id"]]
    if orders["rerouted"].any():
        per_teu = per_teu + orders["rerouted"] * c.switch_usd_per_teu
    return orders["teu"] * per_teu


def add_costs(
    orders: Table,
    departures: Table,
    sc: Scenario,
    net: Network,
    lines: list[str],
    dests: list[str],
    line_of: np.ndarray,
    dest_of: np.ndarray,
) -> None:
    """Add ``co2e_kg``, ``cost_usd`` (disruption included) and ``disruption_usd`` to the orders
    table; ``line_of`` and ``dest_of`` index ``lines`` and ``dests`` per order."""
    kg, usd = per_teu_rates(sc, net, lines, dests)
    teu = orders["teu"]
    orders["disruption_usd"] = disruption_usd(orders, departures, sc)
    rail_detour = sc.logistics.emissions.rail_kg_per_teu_km * np.append(departures["detour_km"], 0)
    if teu.size:
        orders["co2e_kg"] = teu * kg[line_of, dest_of] + teu * rail_detour[orders["departure_id"]]
        orders["cost_usd"] = teu * usd[line_of, dest_of] + orders["disruption_usd"]
    else:
        orders["co2e_kg"] = np.zeros(0)
        orders["cost_usd"] = np.zeros(0)
