"""Which way is better for each KPI a comparison reports, and the colour that says so.

A paired difference is read by planners as good or bad news at a glance: the explorer colours
it green when the scenario does better than the baseline and red when worse. The reports drew
every distinguishable difference red, so a closure that *shortened* no lead time and a policy
that *raised* the on-time share were drawn alike, in the colour of lateness. This module gives
every KPI of ``summary.json`` (as :func:`sim.experiment.statistics.flatten` names them) the
direction in which it improves, and every difference its verdict:

- ``better`` and ``worse``: distinguishable from zero (its 95 % interval excludes 0) and the KPI
  has a direction;
- ``changed``: distinguishable, for a KPI that is neither better nor worse when it rises (orders
  placed, trains dispatched, a line's load factor: more of them may be demand, or room lost);
- ``unclear``: the interval includes 0 (or the difference is not known).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HIGHER = 1
LOWER = -1
NEITHER = 0

# whole sections whose every number has one direction, or none
_BY_PREFIX = (
    ("stage_days_mean.", LOWER),  # days an order spends in each stage
    ("lost_sales.", LOWER),  # orders placed elsewhere
    ("held_at_end.", LOWER),
    ("queued_at_end.", LOWER),
    ("emissions_cost.by_mode.", NEITHER),  # each mode's part: a shift between modes
    ("dispatch.", NEITHER),  # trains added or cancelled: the operator's answer, not a result
    ("orders.at_end", NEITHER),  # where orders are when the run ends
)

# sections whose numbers are read by their last part (the first section that starts the key);
# any other number of theirs (counts of orders, a setting echoed) is neither
_SECTIONS = (
    # a line's last safe order date: later, or fewer days before the deadline, is better
    ("on_time.last_safe_order.", {"day": HIGHER, "days_before_deadline": LOWER}),
    ("on_time.", {"share": HIGHER, "on_time": HIGHER, "late": LOWER, "late_teu": LOWER}),
    ("lead_time_days.", {"mean": LOWER, "p50": LOWER, "p95": LOWER}),
)

# elsewhere, by the last part alone; counts and volumes (TEU, trains, departures, a load factor)
# are not here: more of them is more demand or traffic, not better service
_BY_LEAF = {
    "wait_h_mean": LOWER,
    "wait_h_p95": LOWER,
    "service_h_mean": LOWER,
    "transit_days_mean": LOWER,
    "co2e_kg_total": LOWER,
    "cost_usd_total": LOWER,
    "disruption_usd_total": LOWER,
    "backordered_share": LOWER,
    "delivered": HIGHER,
    "delivered_after_warmup": HIGHER,
}


def better_direction(key: str) -> int:
    """Whether KPI ``key`` (a flattened ``summary.json`` path) improves when it rises
    (:data:`HIGHER`), when it falls (:data:`LOWER`) or neither (:data:`NEITHER`, also for a
    key not known here)."""
    for prefix, direction in _BY_PREFIX:
        if key.startswith(prefix):
            return direction
    leaf = key.rsplit(".", 1)[-1]
    for prefix, leaves in _SECTIONS:
        if key.startswith(prefix):
            return leaves.get(leaf, NEITHER)
    return _BY_LEAF.get(leaf, NEITHER)


def verdict(key: str, difference: Mapping[str, Any] | None) -> str:
    """The verdict on a paired difference of KPI ``key`` against the baseline (a mapping with
    ``mean`` and ``distinguishable``, as ``comparison.json`` and ``sweep.json`` write them):
    ``better``, ``worse``, ``changed`` or ``unclear`` (see the module's description)."""
    d = difference or {}
    mean = d.get("mean")
    if not d.get("distinguishable") or mean is None or mean == 0:
        return "unclear"
    direction = better_direction(key)
    if direction == NEITHER:
        return "changed"
    return "better" if mean * direction > 0 else "worse"


COLOUR = {
    "better": "#2b8a3e",  # the explorer's green for better
    "worse": "#d62728",  # the reports' red for late orders
    "changed": "#1f77b4",
    "unclear": "#666666",  # the reports' muted grey
}
"""The colour of each verdict in the reports' figures (the explorer's green and red)."""
