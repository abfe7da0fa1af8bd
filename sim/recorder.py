"""The one place where the simulation writes down what happened, as flat tables.

Orders are columns (Python lists, one entry per order); an order's later stages are recorded on
its container (closed when, on which departure) and on the departures (when they left and
arrived), and :func:`sim.model.order_stage_times` derives every order's timestamps from them
once, with numpy, after the run. Border crossings and buyer arrivals are lists of tuples.
Nothing is written to disk from here. Timestamps are clock hours; ``NaN`` means not yet.
"""

from __future__ import annotations

from typing import Any

import numpy as np

NAN = float("nan")


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
        self.last_mile_h: list[float] = []  # drawn per order in advance; NaN: drawn at the end
        self.backordered: list[bool] = []
        self.ready_h: list[float] = []
        self.container_of: list[int] = []  # the container an order was packed in (-1: not yet)
        self.buyer_arrival_h: list[float] = []
        # departures: [id, route, kind, time_h, capacity_slots, slots, goods_teu, orders, arrived_h]
        self.departures: list[list[float | int | str]] = []
        # containers, by id: when closed, first departure from Yiwu, sailing (sea), -1: not yet
        self.container_closed_h: list[float] = []
        self.container_first: list[int] = []
        self.container_sailing: list[int] = []
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
        self.container_of.append(-1)
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
        self.ready_h.extend([NAN] * n)
        self.backordered.extend([False] * n)
        self.container_of.extend([-1] * n)

    def new_container(self, closed_h: float, orders: list[int]) -> int:
        """Record a container closed at ``closed_h`` holding ``orders``; returns its id."""
        cid = len(self.container_closed_h)
        self.container_closed_h.append(closed_h)
        self.container_first.append(-1)
        self.container_sailing.append(-1)
        of = self.container_of
        for oid in orders:
            of[oid] = cid
        return cid

    def new_departure(self, route: int, kind: str, time_h: float, capacity_slots: int) -> int:
        """Add a departure (train, sea-rail feeder or sailing) and return its id."""
        did = len(self.departures)
        self.departures.append([did, route, kind, time_h, capacity_slots, 0, 0.0, 0, NAN])
        return did
