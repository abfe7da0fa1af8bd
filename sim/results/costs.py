"""Costs and emissions of the goods shipped: analysis of a run's tables, not wiring.

Every order pays, per TEU, the rate it was quoted when it was booked (the pricing policy's,
:mod:`sim.policies.pricing`: the route's freight — rail, or sea plus the inland leg to Ningbo and
the truck from the port — and, with live prices, the surcharges and premiums of that moment),
and emits per TEU-km by mode over its route's edges and road leg (``logistics.emissions``); a
detour's km count in CO2e. What a carrier or forwarder bears later (a detour's freight, moving a
container to another route) is not charged to the order again. Everything is read from the
orders and trains tables, the scenario and the network.
"""

from __future__ import annotations

import numpy as np

from sim.results.table import ROW_BLOCK
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


def add_costs(
    orders: Table,
    departures: Table,
    sc: Scenario,
    net: Network,
    lines: list[str],
    dests: list[str],
    line_of: np.ndarray,
    dest_of: np.ndarray,
    booked_of: np.ndarray,
) -> None:
    """Add ``co2e_kg``, ``cost_usd`` and ``disruption_usd`` to the orders table; ``line_of``
    (the route taken), ``booked_of`` (the route booked) and ``dest_of`` index ``lines`` and
    ``dests`` per order.

    An order pays what it was quoted when it was booked (``quoted_usd_per_teu``, the pricing
    policy's rate then): ``cost_usd`` is that times its TEU, and ``disruption_usd`` the part of
    it above the base rate of the route it was booked on (surcharges and premiums quoted)."""
    kg, usd = per_teu_rates(sc, net, lines, dests)
    teu = orders["teu"]
    n = teu.size
    detour_km = np.asarray(departures["detour_km"], dtype=float)
    rail_detour = sc.logistics.emissions.rail_kg_per_teu_km * np.append(detour_km, 0)
    # a detour's km count in CO2e; adding the nought of every order when no departure took a
    # detour changes nothing but a negative nought's sign (no rate or TEU is negative)
    detours = bool(detour_km.any()) or bool(np.signbit(kg).any())
    quoted = orders["quoted_usd_per_teu"]
    unquoted = bool(np.isnan(quoted).any())  # orders without a route (none by default)
    co2e, cost, above = np.empty(n), np.empty(n), np.empty(n)
    n_dests = kg.shape[1]
    kg_at, usd_at = kg.ravel(), usd.ravel()
    # a block of orders at a time: the same products, sums and maxima per order as whole
    # columns give, without order-level temporaries (they would be fresh memory: these are
    # the last columns of the tables, when all the others are held)
    for start in range(0, n, ROW_BLOCK):
        rows = slice(start, start + ROW_BLOCK)
        t = teu[rows]
        # (line, destination) as one index into the flattened rates ("wrap": straight into
        # the column; the indices are in range)
        at = line_of[rows].astype(np.intp)
        at *= n_dests
        at += dest_of[rows]
        c = np.take(kg_at, at, out=co2e[rows], mode="wrap")
        c *= t  # (a product does not depend on the order of its factors)
        if detours:
            c += t * rail_detour[orders["departure_id"][rows]]
        q = quoted[rows]
        # an order without a route (none serves its destination) pays nothing
        charged = np.where(np.isnan(q), 0.0, q) if unquoted else q
        with np.errstate(over="ignore"):  # (a rate near 1e308: an infinite cost, a null KPI)
            np.multiply(t, charged, out=cost[rows])
        # the part above the base rate of the route booked (no route: nothing above base)
        np.maximum(booked_of[rows], 0, out=at, casting="unsafe")
        at *= n_dests
        at += dest_of[rows]
        a = np.subtract(charged, usd_at[at], out=above[rows])
        np.maximum(a, 0.0, out=a)
        a *= t
    orders["co2e_kg"] = co2e
    orders["cost_usd"] = cost
    orders["disruption_usd"] = above
