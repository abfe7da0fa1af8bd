"""What a plug-in policy reads of the network's shape and of its recorded history, for the
live state (:class:`sim.actors.state.NetworkState` inherits it): each route's line, legs and
crossings, and the named monitors of :mod:`sim.actors.monitors`. Nothing here changes while a
run goes on but the monitors' history.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.actors.logistics import Logistics
from sim.actors.monitors import level_series
from sim.policies.monitors import Monitor
from sim.world.network import Edge


class NetworkShape:
    """Routes and monitors of the running network (a part of the live state)."""

    lg: Logistics
    _crossings_of: dict[int, list[str]]

    @property
    def now(self) -> float:
        """The clock's time, hours."""
        return float(self.lg.env.now)

    def _route(self, route: int) -> Any:
        """The run's route ``route``: an index 0 .. n - 1 (``-1``, the routing options' "no
        route", would read the last route's state without a word: refused, as any other
        index outside the run's routes, naming the valid ones)."""
        routes = self.lg.routes
        if isinstance(route, bool) or not isinstance(route, int | np.integer):
            raise TypeError(
                f"route {route!r}: a route is an index 0 to {len(routes) - 1} "
                "(route_of('L01') gives a line's)"
            )
        if not 0 <= route < len(routes):
            raise IndexError(
                f"route {route}: the run's routes are 0 to {len(routes) - 1} "
                f"({', '.join(r.line.id for r in routes)}); -1 is no route"
            )
        return routes[route]

    def route_line(self, route: int) -> str:
        """The id of the route's line (``L12``, ``S01`` ...)."""
        return str(self._route(route).line.id)

    def route_of(self, line: str) -> int:
        """The route index of line ``line`` (``"L01"``, ``"S01"``); a KeyError names the run's
        lines."""
        for r in self.lg.routes:
            if r.line.id == line:
                return int(r.index)
        raise KeyError(f"no line {line!r} in the run; its lines: "
                       f"{', '.join(r.line.id for r in self.lg.routes)}")  # fmt: skip

    def route_edges(self, route: int) -> tuple[Edge, ...]:
        """The route's legs in order, from Yiwu (for a sea route: the feeder to the port,
        the sea leg, then any rail or road beyond)."""
        return tuple(self._route(route).line.edges)

    def route_crossings(self, route: int) -> list[str]:
        """The border crossings of the run the route passes, in order (node ids)."""
        crossings = self._crossings_of.get(route)
        if crossings is None:  # the network's shape does not change during a run
            lg = self.lg
            crossings = [e.dst for e in self._route(route).line.edges if e.dst in lg.borders]
            self._crossings_of[route] = crossings
        return list(crossings)

    def monitors(self) -> list[str]:
        """The names of the run's monitors: ``queue:`` and ``wait:`` each crossing, then
        ``at_yiwu:`` each line."""
        nodes = list(self.lg.borders)
        return [
            *(f"queue:{n}" for n in nodes),
            *(f"wait:{n}" for n in nodes),
            *(f"at_yiwu:{r.line.id}" for r in self.lg.routes),
        ]

    def monitor(self, name: str) -> Monitor:
        """The monitor ``name`` up to now (see :mod:`sim.policies.monitors`); a KeyError names
        the choices."""
        quantity, _, subject = name.partition(":")
        lg = self.lg
        if quantity in ("queue", "wait") and subject in lg.borders:
            b = lg.borders[subject]
            t, v = b.queue_series() if quantity == "queue" else b.wait_series()
            return Monitor(name, t, v)
        lines = {r.line.id: r.index for r in lg.routes}
        if quantity == "at_yiwu" and subject in lines:
            c = lg.book.cols
            mine = np.flatnonzero(c["route"] == lines[subject])
            rolled = c["rolled_h"][mine]
            joined = np.where(np.isnan(rolled), c["closed_h"][mine], rolled)
            departed = np.append(lg.departures["departed_h"], np.nan)[c["departure"][mine]]
            slots = c["slots"][mine]
            t, v = level_series(joined, slots, departed, slots, self.now)
            return Monitor(name, t, v)
        raise KeyError(f"no monitor {name!r}; the run has: {', '.join(self.monitors())}")
