"""The seam between actors and their decisions: the live state they may read, and the registry
of policies a scenario chooses by name.

Actors (:mod:`sim.actors`) take every decision on the clock and ask a policy what to do; the
policy sees the network only through :class:`NetworkView`, a read-only view of the state at the
current time, so a policy can be written, tested and swapped without touching an actor. A user
adds a policy from Python with :func:`register`; a scenario then names it like a built-in one::

    from sim.policies import register
    from sim.policies.routing import RoutingPolicy

    @register("routing", "always_sea")
    class AlwaysSea(RoutingPolicy):
        def choose(self, batch, view):
            return self.pick_sea_where_possible(batch)

and ``logistics.mode_choice.rule: always_sea`` in the scenario file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import numpy as np

from sim.scenario import registry

T = TypeVar("T")

_classes: dict[tuple[str, str], type] = {}


def register(kind: str, name: str) -> Callable[[type[T]], type[T]]:
    """Class decorator: make a policy class available to scenarios as ``name`` of ``kind``
    (``routing``, ``loading``, ``rollover`` or ``production``)."""

    def add(cls: type[T]) -> type[T]:
        registry.add(kind, name)
        _classes[(kind, name)] = cls
        return cls

    return add


def policy_class(kind: str, name: str) -> type:
    """The class registered as ``name`` of ``kind`` (the scenario has been validated)."""
    registry.check(kind, name)
    return _classes[(kind, name)]


class NetworkView(Protocol):
    """What a decision may know about the network at the current time (read-only).

    Times are clock hours; ``route`` is a route index, ``node`` a border crossing's node id.
    """

    @property
    def now(self) -> float:
        """The clock's time."""

    def backlog_teu(self, route: int) -> float:
        """Goods handed to the route's forwarder and not yet departed (packed or not)."""

    def waiting_slots(self, route: int) -> int:
        """Closed containers' slots waiting for a departure of the route."""

    def next_departures(self, route: int, n: int) -> list[tuple[float, int]]:
        """The route's next ``n`` departures from Yiwu: (departure time, container slots)."""

    def expected_departure_h(self, route: int, extra_slots: int = 1) -> float:
        """When goods handed over now would leave, behind the route's backlog (clock hours)."""

    def expected_departures_h(
        self, route: int, ready_h: np.ndarray, extra_slots: int = 1
    ) -> np.ndarray:
        """When goods ready at each of ``ready_h`` would leave: the first departure whose
        cut-off is not before they are ready, behind the route's backlog (clock hours)."""

    def border_queue(self, node: str) -> int:
        """Trains waiting for a server at the crossing now."""

    def recent_wait_h(self, node: str) -> float:
        """Recent mean wait for a server at the crossing (exponentially weighted)."""

    def closed_until_h(self, node: str, at_h: float) -> float | None:
        """End of the closure of the crossing in force at ``at_h``, if it has been announced
        by now (None: open, or not known yet)."""

    def expected_crossing_h(self, node: str, at_h: float) -> float:
        """Expected hours a train reaching crossing ``node`` at ``at_h`` spends there: an
        announced closure's remaining time, the line ahead of it now, its own service."""

    def is_crossing(self, node: str) -> bool:
        """Whether ``node`` is a border crossing of the run."""

    def crossings(self) -> list[str]:
        """The border crossings of the run."""

    def recent_transit_h(self, route: int) -> float | None:
        """Recent mean hours from departure to arrival on the route (None: none arrived)."""

    def expected_arrival_h(self, route: int, dest: int) -> float:
        """When goods handed over now are expected at destination ``dest`` by ``route``:
        the departure behind the backlog, the journey with the crossings' current waits, and
        every disruption announced by now on the way (closed crossings, slower edges, the
        sea passage included)."""

    def expected_arrival_at_h(self, route: int, dest: int, ready_h: float) -> float:
        """:meth:`expected_arrival_h` of goods ready at ``ready_h`` (one order, scalar)."""

    def expected_arrivals_h(self, route: int, dest: int, ready_h: np.ndarray) -> np.ndarray:
        """:meth:`expected_arrival_h` of goods ready at the consolidation point at each of
        ``ready_h`` (no departure whose cut-off comes before they are ready)."""

    def booked_out(self, route: int) -> bool:
        """Whether a trainload or more of goods is waiting for the route at Yiwu."""

    def route_crossings(self, route: int) -> list[str]:
        """The border crossings the route's line passes, in order."""

    def sea_delay_h(self, route: int, at_h: float) -> float:
        """Hours announced disruptions add to the sea passage of a ship leaving at ``at_h``."""

    def quote_usd_per_teu(self, route: int, dest: int) -> float:
        """The freight per TEU ``route`` quotes now to destination ``dest`` (what an order
        booked now pays; the pricing policy's rate)."""


PolicySpec = Any
"""The scenario section that configures a policy (its ``rule`` names it)."""
