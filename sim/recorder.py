"""The one place where the simulation writes down what happened, as flat tables.

Orders are columns (Python lists, one entry per order) filled in stage by stage; departures,
border crossings and buyer arrivals are lists of tuples. Nothing is converted to numpy until the
run is over (:mod:`sim.results`), and nothing is written to disk from here. Timestamps are clock
hours; ``NaN`` means the order has not reached that stage.
"""

from __future__ import annotations

from typing import Any

import numpy as np

NAN = float("nan")

ORDER_STAGES = ("placed", "ready", "packed", "departed", "arrived", "delivered")
"""Stage boundaries of an order, in the order they happen."""


class Recorder:
    """Flat event tables of one replication."""

    def __init__(self) -> None:
        self.placed_h: list[float] = []
        self.channel: list[int] = []  # 0 buyer visit, 1 online
        self.category: list[int] = []
        self.merchant: list[int] = []
        self.dest: list[int] = []
        self.route: list[int] = []
        self.teu: list[float] = []
        self.deadline_h: list[float] = []
        self.last_mile_h: list[float] = []  # drawn per order in advance; NaN: draw on arrival
        self.backordered: list[bool] = []
        self.ready_h: list[float] = []
        self.packed_h: list[float] = []
        self.departed_h: list[float] = []
        self.arrived_h: list[float] = []
        self.delivered_h: list[float] = []
        self.departure: list[int] = []  # first departure from Yiwu (train or sea-rail feeder)
        self.loads: list[
            int
        ] = []  # times the order was loaded onto a departure (checked at the end)
        self.buyer_arrival_h: list[float] = []
        # departures: [id, route, kind, time_h, capacity_slots, slots, goods_teu, orders, arrived_h]
        self.departures: list[list[float | int | str]] = []
        # crossings: (departure id or -1 for background traffic, border, arrive_h, start_h, end_h)
        self.crossings: list[tuple[int, str, float, float, float]] = []

    def new_order(
        self,
        placed_h: float,
        channel: int,
        category: int,
        merchant: int,
        dest: int,
        route: int,
        teu: float,
        deadline_h: float,
        backordered: bool,
        ready_h: float,
    ) -> int:
        """Add an order placed at ``placed_h`` and return its id."""
        oid = len(self.placed_h)
        self.placed_h.append(placed_h)
        self.channel.append(channel)
        self.category.append(category)
        self.merchant.append(merchant)
        self.dest.append(dest)
        self.route.append(route)
        self.teu.append(teu)
        self.deadline_h.append(deadline_h)
        self.last_mile_h.append(NAN)
        self.backordered.append(backordered)
        self.ready_h.append(ready_h)
        self.packed_h.append(NAN)
        self.departed_h.append(NAN)
        self.arrived_h.append(NAN)
        self.delivered_h.append(NAN)
        self.departure.append(-1)
        self.loads.append(0)
        return oid

    def add_orders(
        self,
        plan: Any,
        category: np.ndarray,
        merchant: np.ndarray,
        route: np.ndarray,
        deadline_h: np.ndarray,
        last_mile_h: np.ndarray,
    ) -> None:
        """Add a whole plan of orders at once (stage times filled in later)."""
        n = plan.placed_h.size
        self.placed_h.extend(plan.placed_h.tolist())
        self.channel.extend(plan.channel.tolist())
        self.category.extend(category.tolist())
        self.merchant.extend(merchant.tolist())
        self.dest.extend(plan.dest.tolist())
        self.route.extend(route.tolist())
        self.teu.extend(plan.teu.tolist())
        self.deadline_h.extend(deadline_h.tolist())
        self.last_mile_h.extend(last_mile_h.tolist())
        self.buyer_arrival_h.extend(plan.buyer_arrival_h.tolist())
        for col in (self.ready_h, self.packed_h, self.departed_h, self.arrived_h, self.delivered_h):
            col.extend([NAN] * n)
        self.backordered.extend([False] * n)
        self.departure.extend([-1] * n)
        self.loads.extend([0] * n)

    def new_departure(self, route: int, kind: str, time_h: float, capacity_slots: int) -> int:
        """Add a departure (train, sea-rail feeder or sailing) and return its id."""
        did = len(self.departures)
        self.departures.append([did, route, kind, time_h, capacity_slots, 0, 0.0, 0, NAN])
        return did
