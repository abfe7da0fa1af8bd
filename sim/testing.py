"""Small worlds for tests and teaching notebooks: logistics without demand, fed by hand.

Production code never goes through here. :class:`LogisticsWorld` builds the forwarders, trains
and crossings of a resolved scenario with the scenario's loading and roll-over policies and the
live view, and lets a test hand over one order's goods at a time and read what happened.
"""

from __future__ import annotations

import math

import numpy as np
import simpy

from sim.actors.logistics import KINDS, Logistics
from sim.actors.state import NetworkState
from sim.model import order_stage_times, route_table
from sim.policies.loading import make_loading
from sim.policies.rollover import make_rollover
from sim.policies.train_routing import make_train_routing
from sim.scenario import Scenario
from sim.world.calendar import MarketCalendar
from sim.world.network import load_network
from sim.world.random_streams import RandomStreams


class LogisticsWorld:
    """Logistics of ``sc`` (resolved) on a fresh clock, with orders added by hand (the
    network without calibration unless ``calibrated``)."""

    def __init__(
        self, sc: Scenario, dest_ids: list[str], seed: int = 1, calibrated: bool = False
    ) -> None:
        self.env = simpy.Environment()
        # the data's own running times by default, so a test's expected times are the data's
        net = load_network(calibrated=calibrated)
        self.net = net
        self.lg = Logistics(self.env, sc, net, MarketCalendar(sc), RandomStreams(seed))
        self.lg.set_destinations(dest_ids)
        self.options = route_table(sc, net, self.lg, dest_ids)
        self.view = NetworkState(self.lg)
        self.orders: dict[str, list[float]] = {
            k: [] for k in ("placed_h", "dest", "route", "teu", "deadline_h", "last_mile_h")
        }

    def start(self) -> None:
        cons = self.lg.sc.logistics.consolidation
        is_rail = np.array([r.mode == "rail" for r in self.lg.routes])
        self.lg.start(
            make_loading(cons.loading, cons),
            make_rollover(cons.rollover, self.options.sea, is_rail),
            self.view,
            make_train_routing(self.lg.sc.logistics.train_routing, self.lg.sc.logistics, self.net),
        )

    def order(
        self,
        ready_h: float,
        teu: float,
        route: int = 0,
        dest: int = 0,
        deadline_h: float = math.nan,
        last_mile_h: float = 24.0,
    ) -> int:
        """Hand one order's goods (ready at ``ready_h``) to ``route``'s forwarder."""
        oid = len(self.orders["teu"])
        for k, v in (("placed_h", 0.0), ("dest", dest), ("route", route), ("teu", teu),
                     ("deadline_h", deadline_h), ("last_mile_h", last_mile_h)):  # fmt: skip
            self.orders[k].append(v)
        self.lg.dest_of_order = np.asarray(self.orders["dest"], dtype=np.int64)
        self.lg.routes[route].forwarder.receive(
            np.array([ready_h]), np.array([oid]), np.array([teu]), np.array([deadline_h])
        )
        return oid

    def stage_times(self) -> dict[str, np.ndarray]:
        """Each order's route, packed, departed, arrived and delivered times so far."""
        o = {
            k: np.asarray(v, dtype=np.int64 if k in ("dest", "route") else float)
            for k, v in self.orders.items()
        }
        return order_stage_times(o, self.lg)

    @property
    def crossings(self) -> list[tuple[int, str, float, float, float]]:
        """Crossings served so far: (departure or -1, border, arrive_h, start_h, end_h)."""
        t = self.lg.crossings_table()
        return list(
            zip(t["departure_id"].tolist(), t["border"].tolist(), t["arrive_h"].tolist(),
                t["start_h"].tolist(), t["end_h"].tolist())
        )  # fmt: skip

    @property
    def departures(self) -> list[list[object]]:
        """Departures so far: [id, route, kind, departed_h, capacity, arrived_h]."""
        d = self.lg.departures.frozen()
        return [
            [i, int(d["route"][i]), KINDS[int(d["kind"][i])], float(d["departed_h"][i]),
             int(d["capacity_slots"][i]), float(d["arrived_h"][i])]
            for i in range(self.lg.departures.n)
        ]  # fmt: skip
