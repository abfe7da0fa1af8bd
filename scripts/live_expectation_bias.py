"""How far live routing's expectations are from what happened: per order, the arrival the live
state expected for the route chosen (when the order was booked) against the order's arrival.

Usage: python scripts/live_expectation_bias.py SCENARIO [KEY=VALUE ...]

Runs the scenario with live routing (any ``mode_choice`` settings of the file kept, the rule
replaced by a live rule that also records its expectations) and prints, by mode, the orders
delivered and their arrival minus the expected arrival in days (mean, quartiles, the share
more than a week late against the expectation). ``docs/model.md`` ("Where the live state's
reading falls short") quotes it. Both engines: ``engine=per_actor`` records each order as the
reference books it, alone at its moment (:meth:`LiveRouting.choose_one`), so the two engines'
biases can be compared (the batched engine reads the state at a slice's first order).
"""

from __future__ import annotations

import sys

import numpy as np

from sim.model import Model
from sim.policies.base import NetworkView, register
from sim.policies.routing import Bookings, LiveRouting, OneBooking
from sim.world.inputs import load_scenario

EXPECTED: list[tuple[float, float]] = []
"""(placement, expected arrival at the line's end or port road's end) of each order routed."""


@register("routing", "live_recording")
class RecordingLiveRouting(LiveRouting):
    """Live routing that records, per order, the arrival it expected for the route chosen."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = super().choose(batch, view)
        # (the live state's numbers for the routes chosen, as live routing weighed them)
        expected = view.expected_arrivals_pairs(out, batch.dest, batch.ready)  # type: ignore[attr-defined]
        EXPECTED.extend(zip(batch.placed_h.tolist(), expected.tolist(), strict=True))
        return out

    def choose_one(self, order: OneBooking, view: NetworkView) -> int:
        # (the per-actor reference books one order at a time and never calls ``choose``)
        out = super().choose_one(order, view)
        expected = (
            view.expected_arrival_at_h(out, order.dest, order.ready_h) if out >= 0 else np.nan
        )
        EXPECTED.append((order.placed_h, float(expected)))
        return out


def gaps(path: str, overrides: list[str]) -> tuple[str, int, dict[str, np.ndarray]]:
    """Run ``path`` with ``overrides`` and live routing that records its expectations: the
    scenario's name, the orders placed, and per mode the delivered orders' arrival minus the
    arrival expected when their route was chosen (days)."""
    EXPECTED.clear()  # (one run's orders: a second run in the same process starts afresh)
    sc = load_scenario(path, [*overrides, "logistics.mode_choice.rule=live_recording"])
    orders = Model(sc).run().tables["orders"]
    placed = np.asarray(orders["placed_h"], dtype=float)
    order = np.argsort(placed, kind="stable")
    log = np.array(sorted(EXPECTED, key=lambda x: x[0]))
    if log.shape[0] != placed.size or not np.allclose(log[:, 0], placed[order]):
        raise SystemExit("the orders and the expectations recorded do not pair up")
    expected = np.empty(placed.size)
    expected[order] = log[:, 1]
    arrived = np.asarray(orders["arrived_h"], dtype=float)
    mode = np.asarray(orders["mode"]).astype(str)
    out = {}
    for m in sorted(set(mode.tolist())):
        at = (mode == m) & ~np.isnan(arrived)
        out[m] = (arrived[at] - expected[at]) / 24.0
    return sc.name, int(placed.size), out


def main(argv: list[str]) -> None:
    path, *overrides = argv
    name, n, by_mode = gaps(path, overrides)
    print(f"{name}: {n} orders; arrival - expected arrival, days")
    for m, gap in by_mode.items():
        if not gap.size:
            continue
        q1, q2, q3 = np.percentile(gap, [25, 50, 75])
        print(f"  {m:5s} {gap.size:6d} delivered: mean {gap.mean():5.1f}, quartiles {q1:.1f} / "
              f"{q2:.1f} / {q3:.1f}, later by over a week {np.mean(gap > 7):.0%}")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
