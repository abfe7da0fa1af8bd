"""The departures and crossings tables a run builds from its record at the end.

While the clock runs each departure leaves one plain row (route, kind, departure hour, slots),
its arrival and any detours (:class:`sim.actors.journeys.Journeys`), each container the
departure it left on (:class:`sim.actors.forwarders.ContainerBook`), and each border crossing
its records of the trains it served (:class:`sim.actors.borders.BorderCrossing`). After the
run these become two tables of the run's result (``departures`` and ``crossings``, written as
``trains`` and ``borders``: :data:`sim.results.run.TABLES`):

- :meth:`DepartureTables.departures_table`: one row per departure (train, feeder, sailing),
  what it carried, its border waits, its detours, and whether the dispatch or sailings policy
  added it (:meth:`DepartureTables._is_extra`);
- :meth:`DepartureTables.crossings_table`: one row per crossing served, in the order the
  crossings ended.

:class:`DepartureTables` is the part of :class:`sim.actors.logistics.Logistics` that builds
them; nothing here runs while the clock does.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from sim.actors.border_records import in_end_order
from sim.actors.journeys import KINDS, Journeys, Route
from sim.actors.sailings import Carriers
from sim.policies.sailings import SailingsPolicy


class DepartureTables(Journeys):
    """The tables built from the run's record (a part of
    :class:`sim.actors.logistics.Logistics`, which sets every attribute below)."""

    routes: list[Route]
    sailings: SailingsPolicy
    sea: Carriers
    extra_departures: list[tuple[int, float]]

    def departures_table(self) -> dict[str, np.ndarray]:
        """One row per departure (train, feeder, sailing): what it carried and its waits."""
        cols = self.departures
        d = cols.frozen()
        c = self.book.cols
        n = cols.n
        slots, goods, orders = np.zeros(n), np.zeros(n), np.zeros(n)
        for col in ("departure", "sailing"):
            # the containers' departures shifted by one, as the index type once: a container
            # on none (-1) counts in bin 0, which is dropped, so no selection of the rows on
            # one (each departure's containers are added in the same order as before)
            did = c[col].astype(np.intp)
            did += 1
            for total, values in ((slots, "slots"), (goods, "load_teu"), (orders, "n_orders")):
                total += np.bincount(did, weights=c[values], minlength=n + 1)[1:]
        # (whole numbers summed as doubles: exact far beyond any run's counts)
        orders = orders.astype(np.int64)
        wait = np.zeros(n)
        for b in self.borders.values():
            did, waits = b.own_waits()
            if did.size:
                wait += np.bincount(did, weights=waits, minlength=n)
        table = {
            "departure_id": np.arange(n, dtype=np.int64),
            # text as objects, the routes' own names (the rule of sim.results.table)
            "line": np.array([r.line.id for r in self.routes], dtype=object)[d["route"]],
            "kind": np.array(KINDS, dtype=object)[d["kind"]],
            "departed_h": d["departed_h"],
            "capacity_teu": d["capacity_slots"],
            "teu": slots,
            "goods_teu": goods,
            "orders": orders,
            "arrived_h": d["arrived_h"],
            "border_wait_h": wait,
            "rerouted": d["rerouted"],
            "detour_km": d["detour_km"],
            "extra": self._is_extra(d["route"], d["kind"], d["departed_h"]).astype(np.int64),
        }
        if self.sailings.active:  # which sailings the carriers blanked
            table["blanked"] = self.sea.blanked_column(n)
        return table

    def _is_extra(self, route: np.ndarray, kind: np.ndarray, departed: np.ndarray) -> np.ndarray:
        """Whether each departure was added by the dispatch policy (a train) or the sailings
        policy (an extra loader), not in the timetable. An extra may leave at the hour of a
        published departure of its route (the dispatch policy's ``lead_h`` equal to the
        cut-off): of the departures of a route at one hour, as many are flagged as were added
        there, the last ones (an extra is inserted after the departure whose cut-off asked for
        it, so it leaves after it)."""
        out = np.zeros(route.size, dtype=bool)
        _flag_last(out, Counter(self.extra_departures), route, kind == 0, departed)
        loaders = self.sea.added()
        if loaders:
            sailed = (kind == 2) & ~np.isin(np.arange(route.size), list(self.sea.blanked))
            _flag_last(out, loaders, route, sailed, departed)
        return out

    def crossings_table(self) -> dict[str, np.ndarray]:
        """One row per border crossing served (Yiwu's departures and background trains), in
        the order the crossings ended."""
        logs = [b.records() for b in self.borders.values()]
        rec = np.concatenate(logs) if logs else np.zeros((0, 5))
        nodes = np.repeat(
            np.array([b.node for b in self.borders.values()], dtype=object), [len(x) for x in logs]
        )
        order = in_end_order(rec)  # each crossing's records are in order: merged
        rec, nodes = rec[order], nodes[order]
        return {
            "departure_id": rec[:, 1].astype(np.int64),
            "border": nodes,
            "arrive_h": rec[:, 2].copy(),
            "start_h": rec[:, 3].copy(),
            "end_h": rec[:, 4].copy(),
            "wait_h": rec[:, 3] - rec[:, 2],
        }


def _flag_last(
    out: np.ndarray,
    added: Counter[tuple[int, float]],
    route: np.ndarray,
    eligible: np.ndarray,
    departed: np.ndarray,
) -> None:
    """Flag in ``out``, for each (route, hour) added ``n`` times, the last ``n`` eligible
    departures of that route at that hour (in departure order)."""
    if not added:
        return
    seen: dict[tuple[int, float], list[int]] = {}
    for i in np.flatnonzero(eligible).tolist():
        key = (int(route[i]), float(departed[i]))
        if key in added:
            seen.setdefault(key, []).append(i)
    for key, rows in seen.items():
        for i in rows[len(rows) - added[key] :] if added[key] < len(rows) else rows:
            out[i] = True
