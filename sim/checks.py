"""Checks of a scenario's size and feasibility before it runs.

:func:`size_problems` refuses a run that would hold more orders in memory than
:data:`MAX_ORDERS` (an error). :func:`capacity_warnings` compares the goods each line or sea
route is expected to be offered with what its departures can carry, and warns before the run
when demand can never be shipped: the run still goes ahead and reports the growing queues.
Both are estimates from the scenario's means, not simulations.
"""

from __future__ import annotations

import math

from sim.distributions import Poisson
from sim.network import Network
from sim.scenario import Scenario

MAX_ORDERS = 30_000_000
"""Orders one run may place (each is kept in memory: about 0.8 kB each at the peak)."""

CONTAINER_FILL = 0.85
"""Typical share of a one-TEU container that packing fills (E: measured in the shipped runs)."""


def _orders_per_visit(sc: Scenario) -> float:
    d = sc.buyers.merchants_per_visit
    return d.mean() + math.exp(-d.mean()) if isinstance(d, Poisson) else max(1.0, d.mean())


def expected_orders(sc: Scenario) -> float:
    """Orders the run is expected to place."""
    b = sc.buyers
    profile = sum(b.monthly_profile) / 12
    per_day = b.visits_per_day * b.in_scope_share * profile * _orders_per_visit(sc)
    per_day += sc.online.orders_per_day * profile
    return per_day * sc.scale * sc.days


def size_problems(sc: Scenario) -> list[str]:
    """An error when the run would hold more than :data:`MAX_ORDERS` orders."""
    n = expected_orders(sc)
    if n <= MAX_ORDERS:
        return []
    return [
        f"the run would place about {n:,.0f} orders, more than the {MAX_ORDERS:,} one run can "
        "hold in memory; lower days, scale, buyers.visits_per_day or online.orders_per_day"
    ]


def expected_teu_per_day(sc: Scenario) -> dict[str, float]:
    """TEU ordered per day for each destination (scale included)."""
    b, on = sc.buyers, sc.online
    profile = sum(b.monthly_profile) / 12
    buyer_teu = b.visits_per_day * b.in_scope_share * profile * _orders_per_visit(sc)
    buyer_teu *= b.order_teu.mean() * sc.scale
    online_teu = on.orders_per_day * profile * on.order_teu.mean() * sc.scale
    out: dict[str, float] = {}
    for dest, share in b.destinations.items():
        out[dest] = out.get(dest, 0.0) + share * buyer_teu
    for dest, share in (on.destinations or b.destinations).items():
        out[dest] = out.get(dest, 0.0) + share * online_teu
    return out


def capacity_warnings(sc: Scenario, net: Network) -> list[str]:
    """Warnings for lines and sea routes offered more goods than they can carry.

    ``sc`` must be resolved (every line and its frequency filled in). With mode choice 'share',
    goods for a destination that rail and sea both serve split by ``rail_share``; with the other
    rules half and half is assumed.
    """
    lg = sc.logistics
    from sim.mode_choice import route_options  # the same choice the model makes

    rail_share = lg.mode_choice.rail_share if lg.mode_choice.rule == "share" else 0.5
    offered: dict[str, float] = {}
    for dest, teu in expected_teu_per_day(sc).items():
        rail, sea = route_options(sc, net, dest)
        if rail and sea:
            offered[rail] = offered.get(rail, 0.0) + teu * rail_share
            offered[sea] = offered.get(sea, 0.0) + teu * (1 - rail_share)
        elif rail or sea:
            key = rail or sea
            assert key is not None
            offered[key] = offered.get(key, 0.0) + teu
    warnings = []
    for lid, teu_day in offered.items():
        spec = lg.lines[lid]
        per_week = spec.weekly_rate()
        capacity = per_week * max(1, round((spec.capacity_teu or 0) * sc.scale)) * CONTAINER_FILL
        demand = 7 * teu_day
        if demand > capacity:
            warnings.append(
                f"line {lid} ({net.lines[lid].name}) is offered about {demand:,.1f} TEU a week but "
                f"its {per_week:g} departures a week carry about {capacity:,.1f}: goods will queue "
                "at Yiwu and the queue will grow through the run"
            )
    return warnings
