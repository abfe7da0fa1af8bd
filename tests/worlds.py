"""Small worlds for tests and teaching notebooks: logistics without demand, fed by hand.

Production code never goes through here. :class:`LogisticsWorld` builds the forwarders, trains
and crossings of a resolved scenario with the scenario's loading and roll-over policies and the
live view, and lets a test hand over one order's goods at a time and read what happened.
:func:`plan_containers` plans next fit over several cut-offs at once: the oracle the forwarders'
packing at one cut-off is checked against, beside the one-order-at-a-time reference.
"""

from __future__ import annotations

import math

import numpy as np
import simpy

from sim.actors._forwarder_kernels import Fit as _Fit
from sim.actors._forwarder_kernels import closers as _closers
from sim.actors._forwarder_kernels import next_fit as _next_fit
from sim.actors.forwarders import ContainerPlan
from sim.actors.logistics import KINDS, Logistics
from sim.actors.state import NetworkState
from sim.actors.train_process import run_as_processes
from sim.model import order_stage_times, pricing_for, route_table
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
        self,
        sc: Scenario,
        dest_ids: list[str],
        seed: int = 1,
        calibrated: bool = False,
        one_by_one: bool = False,
    ) -> None:
        self.env = simpy.Environment()
        # the data's own running times by default, so a test's expected times are the data's
        net = load_network(calibrated=calibrated)
        self.net = net
        cal = MarketCalendar(sc)
        self.lg = Logistics(self.env, sc, net, cal, RandomStreams(seed), one_by_one=one_by_one)
        if one_by_one:  # the per-actor engine: cut-offs and trains as processes
            run_as_processes(self.lg)
        self.lg.set_destinations(dest_ids)
        self.options = route_table(sc, net, self.lg, dest_ids)
        self.view = NetworkState(self.lg)
        self.view.pricing = pricing_for(sc, self.lg, self.options)
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


# --------------------------------------------------------------------------- packing oracle


def plan_containers(
    ready_h: np.ndarray, teu: np.ndarray, cutoffs: np.ndarray, close_partial: bool
) -> ContainerPlan:
    """Plan the containers of goods ready at ``ready_h`` (sorted) packed at ``cutoffs`` (sorted).

    The cut-off calls each pack the goods ready by then. Large orders ship alone, so next fit
    runs over the small orders only (:func:`_next_fit`, one Python step per order); numpy then
    puts the large orders' groups among the containers in the order everything closed.
    """
    cut = np.asarray(cutoffs, dtype=float)
    ends = np.searchsorted(ready_h, cut, side="right")  # orders [0, ends[k]) packed by call k
    large = teu > 1.0
    small_idx = np.flatnonzero(~large)
    x = np.ascontiguousarray(teu[small_idx], dtype=float)
    small_ends = np.searchsorted(small_idx, ends).tolist()
    fit = _next_fit(x.data, small_ends, close_partial)  # (.data: a memoryview of x)
    return _assemble(ready_h, teu, cut, ends, large, small_idx, x, fit)


def _assemble(
    ready_h: np.ndarray,
    teu: np.ndarray,
    cut: np.ndarray,
    ends: np.ndarray,
    large: np.ndarray,
    small_idx: np.ndarray,
    x: np.ndarray,
    fit: _Fit,
) -> ContainerPlan:
    """The plan from the small-order containers of :func:`_next_fit` and the large orders."""
    n = int(ready_h.size)
    n_small = len(fit.starts)
    end = fit.end
    bounds, closer = _closers(fit)
    st = bounds[:-1]
    counts = bounds[1:] - st  # containers cover the small orders [0, end) back to back
    at_cut = np.asarray(fit.at_cutoff, dtype=np.int64)
    calls = np.asarray(fit.cutoff, dtype=np.int64)
    # closing position in the order sequence, doubled: order i closes at 2i, the cut-off after
    # orders [0, e) at 2e - 1, so sorting gives the order in which containers closed
    small_key = 2 * small_idx[closer]
    small_key[at_cut] = 2 * ends[calls] - 1
    small_closed = ready_h[small_idx[closer]]
    small_closed[at_cut] = cut[calls]
    large_idx = np.flatnonzero(large)
    packed_until = int(ends[-1]) if ends.size else 0
    large_idx = large_idx[large_idx < packed_until]
    key = np.concatenate((small_key, 2 * large_idx))
    order = np.argsort(key, kind="stable")  # equal keys: two closed by one order, walk order
    position = np.empty(order.size, dtype=np.int64)
    position[order] = np.arange(order.size)
    item_container = np.full(n, -1, dtype=np.int64)
    item_container[small_idx[:end]] = np.repeat(position[:n_small], counts)
    item_container[large_idx] = position[n_small:]
    load = np.array(fit.loads) if n_small else np.zeros(0)  # (added one order at a time)
    large_teu = teu[large_idx]
    slots = np.concatenate(
        (np.ones(n_small, dtype=np.int64), np.ceil(large_teu - 1e-9).astype(np.int64))
    )
    return ContainerPlan(
        closed_h=np.concatenate((small_closed, ready_h[large_idx]))[order],
        slots=slots[order],
        load_teu=np.concatenate((load, large_teu))[order],
        n_orders=np.concatenate((counts, np.ones(large_idx.size, dtype=np.int64)))[order],
        item_container=item_container,
        closed_by_call=np.searchsorted(key[order], 2 * ends - 1, side="right"),
    )
