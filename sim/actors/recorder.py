"""The one place where the simulation writes down what happened, as flat tables.

Orders are numpy columns (one entry per order), filled before the clock starts; an order's
later stages are recorded on its container (closed when, on which departure) and on the
departures (when they left and arrived), and :func:`sim.model.order_stage_times` derives every
order's timestamps from them once, with numpy, after the run. Containers are numpy columns
planned before the clock (which of them have closed is the forwarders' count); departures, the
ranges of container ids each departure loaded, border crossings and buyer arrivals are Python
lists, appended to while the clock runs.
Nothing is written to disk from here. Timestamps are clock hours; ``NaN`` means not yet.
"""

from __future__ import annotations

from math import fsum
from typing import Any

import numpy as np

from sim.errors import ConservationError

NAN = float("nan")


ORDER_COLUMNS: dict[str, type] = {
    "placed_h": float,
    "channel": np.int64,  # 0 buyer visit, 1 online
    "category": np.int64,
    "merchant": np.int64,
    "dest": np.int64,
    "route": np.int64,
    "teu": float,
    "deadline_h": float,
    "last_mile_h": float,  # drawn per order in advance; NaN: drawn at the end
    "backordered": bool,
    "ready_h": float,
}
"""The order columns, with their dtypes."""


class Recorder:
    """Flat event tables of one replication."""

    placed_h: np.ndarray
    channel: np.ndarray
    category: np.ndarray
    merchant: np.ndarray
    dest: np.ndarray
    route: np.ndarray
    teu: np.ndarray
    deadline_h: np.ndarray
    last_mile_h: np.ndarray
    backordered: np.ndarray
    ready_h: np.ndarray

    def __init__(self) -> None:
        # orders are known before the clock starts (demand and the merchants' answers do not
        # depend on what happens later), so they are numpy columns from the outset
        for name, dtype in ORDER_COLUMNS.items():
            setattr(self, name, np.zeros(0, dtype=dtype))
        self.buyer_arrival_h: list[float] = []
        # departures: [id, route, kind, time_h, capacity_slots, arrived_h]; what each carried is
        # derived from the container ranges loaded on it (departure_loads)
        self.departures: list[list[float | int | str]] = []
        # containers, by id, as planned before the clock (see sim.consolidation): when each
        # closes, its slots, goods (TEU) and number of orders; and each order's planned
        # container (-1: none). Whether a container has closed yet is the forwarders' to say.
        self.container_planned_h = np.zeros(0)
        self.container_slots = np.zeros(0, dtype=np.int64)
        self.container_teu = np.zeros(0)
        self.container_orders = np.zeros(0, dtype=np.int64)
        self.order_container = np.zeros(0, dtype=np.int64)
        # departures' loads: (first container id, end, departure id), on the first leg from
        # Yiwu and on sailings; read per container by container_departures()
        self.loaded_first: list[tuple[int, int, int]] = []
        self.loaded_sailing: list[tuple[int, int, int]] = []
        # crossings: (departure id or -1 for background traffic, border, arrive_h, start_h, end_h)
        self.crossings: list[tuple[int, str, float, float, float]] = []

    @property
    def n_orders(self) -> int:
        return int(self.placed_h.size)

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
        """Add one order placed at ``placed_h`` and return its id (for tests and small
        examples: a run adds its orders all at once with :meth:`add_orders`)."""
        oid = self.n_orders
        row = {
            "placed_h": placed_h, "channel": channel, "category": category, "merchant": merchant,
            "dest": dest, "route": route, "teu": teu, "deadline_h": deadline_h,
            "last_mile_h": NAN, "backordered": backordered, "ready_h": ready_h,
        }  # fmt: skip
        for name, value in row.items():
            setattr(self, name, np.append(getattr(self, name), value))
        return oid

    def add_orders(self, plan: Any, **columns: np.ndarray) -> None:
        """Add a whole plan of orders at once: its timestamps, channels, destinations and sizes,
        with the other order columns given by name (all of them)."""
        given = {
            "placed_h": plan.placed_h, "channel": plan.channel, "dest": plan.dest,
            "teu": plan.teu, **columns,
        }  # fmt: skip
        if set(given) != set(ORDER_COLUMNS):
            raise ValueError(f"order columns missing: {sorted(set(ORDER_COLUMNS) - set(given))}")
        for name, dtype in ORDER_COLUMNS.items():
            setattr(self, name, np.concatenate((getattr(self, name), given[name].astype(dtype))))
        self.buyer_arrival_h.extend(plan.buyer_arrival_h.tolist())

    @property
    def n_containers(self) -> int:
        return int(self.container_planned_h.size)

    def add_containers(
        self,
        closed_h: np.ndarray,
        slots: np.ndarray,
        teu: np.ndarray,
        n_orders: np.ndarray,
        oids: np.ndarray,
        local: np.ndarray,
    ) -> int:
        """Add planned containers (closing times, slots, goods, orders), with orders ``oids``
        going into containers ``local`` (numbered from 0 here); returns the first one's id."""
        first = self.n_containers
        self.container_planned_h = np.concatenate((self.container_planned_h, closed_h))
        self.container_slots = np.concatenate((self.container_slots, slots))
        self.container_teu = np.concatenate((self.container_teu, teu))
        self.container_orders = np.concatenate((self.container_orders, n_orders))
        grow = self.n_orders - self.order_container.size
        if grow > 0:
            self.order_container = np.concatenate(
                (self.order_container, np.full(grow, -1, dtype=np.int64))
            )
        self.order_container[oids] = first + local
        return first

    def container_closed_h(self, closed: np.ndarray) -> np.ndarray:
        """When each container closed, NaN for those not ``closed`` (a mask by container id)."""
        return np.where(closed, self.container_planned_h, NAN)

    def container_of(self, closed: np.ndarray) -> np.ndarray:
        """The container each order was packed in (-1: not packed yet), given which containers
        have ``closed`` (a mask by container id)."""
        out = np.full(self.n_orders, -1, dtype=np.int64)
        out[: self.order_container.size] = self.order_container
        out[~np.append(closed, False)[out]] = -1  # -1 reads the False
        return out

    def container_departures(self, first_leg: bool) -> np.ndarray:
        """Each container's departure on the first leg from Yiwu (or its sailing): -1, not yet.

        Raises
        ------
        ConservationError
            If a container was loaded twice on that leg.
        """
        loads = self.loaded_first if first_leg else self.loaded_sailing
        out = np.full(self.n_containers, -1, dtype=np.int64)
        if not loads:
            return out
        lo, hi, did = (np.array(c, dtype=np.int64) for c in zip(*loads, strict=True))
        times = np.zeros(self.n_containers + 1, dtype=np.int64)
        np.add.at(times, lo, 1)
        np.add.at(times, hi, -1)
        twice = np.flatnonzero(np.cumsum(times)[:-1] > 1)
        if twice.size:
            leg = "first leg" if first_leg else "sailing"
            raise ConservationError(f"container {int(twice[0])} was loaded twice on its {leg}")
        size = hi - lo
        # the container ids of all ranges, back to back
        ids = np.arange(int(size.sum())) + np.repeat(lo - (np.cumsum(size) - size), size)
        out[ids] = np.repeat(did, size)
        return out

    def departure_loads(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What each departure carried: container slots, goods (TEU) and orders."""
        n = len(self.departures)
        slots = np.zeros(n, dtype=np.int64)
        orders = np.zeros(n, dtype=np.int64)
        goods = [0.0] * n
        loads = self.loaded_first + self.loaded_sailing
        if loads:
            lo, hi, did = (np.array(c, dtype=np.int64) for c in zip(*loads, strict=True))
            cum_slots = np.concatenate(([0], np.cumsum(self.container_slots)))
            cum_orders = np.concatenate(([0], np.cumsum(self.container_orders)))
            np.add.at(slots, did, cum_slots[hi] - cum_slots[lo])
            np.add.at(orders, did, cum_orders[hi] - cum_orders[lo])
            teu = self.container_teu.tolist()
            for a, b, d in loads:  # a load's goods summed exactly, then loads in turn
                goods[d] += fsum(teu[a:b])
        return slots, np.asarray(goods, dtype=float), orders

    def new_departure(self, route: int, kind: str, time_h: float, capacity_slots: int) -> int:
        """Add a departure (train, sea-rail feeder or sailing) and return its id."""
        did = len(self.departures)
        self.departures.append([did, route, kind, time_h, capacity_slots, NAN])
        return did
