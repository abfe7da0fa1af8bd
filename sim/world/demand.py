"""What a scenario's buyers and online shops are expected to order, from its means.

Before a run, the checks need the run's demand without simulating it: :func:`expected_orders`
(the orders placed over the run, fairs and the monthly profile included) and
:func:`expected_teu_per_day` (the TEU ordered a day for each destination). Both multiply the
scenario's rates and shares through; they are estimates, not simulations.
:data:`CONTAINER_FILL` turns TEU into the containers packing fills.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np

from sim.scenario import Scenario
from sim.scenario.distributions import Poisson

CONTAINER_FILL = 0.85
"""Typical share of a one-TEU container that packing fills (E: measured in the shipped runs)."""


def _orders_per_visit(sc: Scenario) -> float:
    d = sc.buyers.merchants_per_visit
    return d.mean() + math.exp(-d.mean()) if isinstance(d, Poisson) else max(1.0, d.mean())


def _visit_days(sc: Scenario) -> float:
    """Sum over the run's days of the monthly profile times every fair multiplier on that day:
    the number of "average days" of buyer visits (closure ignored, so it is an upper bound).

    Fairs multiply on the days they cover, and overlapping fairs multiply together, as in
    :class:`sim.world.calendar.MarketCalendar`; the product is taken on a log scale so that
    absurd multipliers give infinity (refused), never an overflow warning.
    """
    log_mult = np.zeros(sc.days + 1)
    for fair in sc.calendar.fairs:
        lo = max((fair.start - sc.start).days, 0)
        hi = min((fair.end - sc.start).days + 1, sc.days)
        if lo < hi:
            log_mult[lo] += math.log(fair.buyer_multiplier)
            log_mult[hi] -= math.log(fair.buyer_multiplier)
    months = [(sc.start + timedelta(days=d)).month for d in range(sc.days)]
    profile = np.asarray(sc.buyers.monthly_profile)[np.asarray(months, dtype=np.int64) - 1]
    with np.errstate(over="ignore"):
        return float(np.sum(profile * np.exp(np.cumsum(log_mult)[: sc.days])))


def expected_orders(sc: Scenario) -> float:
    """Orders the run is expected to place (fairs and the monthly profile included)."""
    b = sc.buyers
    per_visit_day = b.visits_per_day * b.in_scope_share * _orders_per_visit(sc)
    profile = sum(b.monthly_profile) / 12
    online = sc.online.orders_per_day * profile * sc.days
    return (per_visit_day * _visit_days(sc) + online) * sc.scale


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
