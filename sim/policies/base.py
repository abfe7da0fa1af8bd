"""The seam between actors and their decisions: the live state they may read, and the policies
a scenario chooses.

Actors (:mod:`sim.actors`) take every decision on the clock and ask a policy what to do; the
policy sees the network only through :class:`NetworkView`, a read-only view of the state at the
current time, so a policy can be written, tested and swapped without touching an actor.

A policy is a class (a subclass of its kind's base, e.g.
:class:`sim.policies.routing.RoutingPolicy`, all of them :class:`Policy`) that may declare its
parameters as a nested ``Params`` (a pydantic model, a dataclass or a class of annotated fields).
A scenario names it in one of two ways:

* as ``package.module:Class``, with nothing to register: the module is imported when the
  scenario loads (in every worker process too), and the class's parameters are validated then::

      # my_policies.py, on PYTHONPATH or in the working directory
      from pydantic import BaseModel, Field
      from sim.policies.routing import RoutingPolicy

      class SeaWhenLate(RoutingPolicy):
          reads_state = True

          class Params(BaseModel):
              threshold_h: float = Field(72, ge=0, description="How much later rail may be.")

          def choose(self, batch, view):
              ...  # self.params.threshold_h

  and ``logistics.mode_choice: {rule: my_policies:SeaWhenLate, params: {threshold_h: 48}}``
  in the scenario, or ``yiwu-sim run --policy routing=my_policies:SeaWhenLate``;

* as a short name registered from Python with :func:`register`::

      @register("routing", "always_sea")
      class AlwaysSea(RoutingPolicy):
          def choose(self, batch, view):
              return self.pick_sea_where_possible(batch)

  and ``logistics.mode_choice.rule: always_sea``. Worker processes (``--jobs``, Dask) import
  the module that registered it before their runs (:func:`sim.scenario.registry.plugin_modules`),
  so it must be importable (not a notebook's ``__main__``: put the class in a module there).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

import numpy as np
from pydantic import BaseModel

from sim.scenario import registry

if TYPE_CHECKING:  # for the annotations only: policies never import the actors
    from sim.policies.monitors import Monitor
    from sim.world.network import Edge

T = TypeVar("T")


def register(kind: str, name: str) -> Callable[[type[T]], type[T]]:
    """Class decorator: make a policy class available to scenarios as ``name`` of ``kind``
    (``routing``, ``loading``, ``rollover``, ``production``, ``train_routing``, ``dispatch``
    or ``pricing``)."""

    def add(cls: type[T]) -> type[T]:
        registry.add(kind, name, cls)
        return cls

    return add


def policy_class(kind: str, name: str) -> type:
    """The class a scenario names as ``name`` of ``kind``: registered (built in, or from
    Python) or a plug-in ``package.module:Class`` (the scenario has been validated)."""
    registry.check(kind, name)
    cls = registry.policy_class(kind, name)
    if cls is None:
        raise LookupError(f"{kind} policy {name!r} has no class (is sim.policies imported?)")
    return cls


class Policy:
    """Base of every policy: its kind, its declared parameters and their validated values.

    ``Params`` (a pydantic model, a dataclass or a plain class of annotated fields with their
    defaults; None: no parameters) declares what the scenario's params key for the kind
    (:data:`sim.scenario.registry.KEYS`) may hold; the scenario is checked against it when it
    loads, and :attr:`params` is the validated value.
    """

    kind: ClassVar[str] = ""
    """The kind of decision (``routing``, ``loading``, ...), set by each kind's base."""

    Params: ClassVar[type | None] = None
    """The policy's parameters (None: it takes none)."""

    spec: Any

    answers: ClassVar[tuple[str, ...]] = ()
    """For a kind whose base may skip asking (``active = False``: dispatch, sailings, train
    routing), the methods that answer its questions: a class that defines one of them and does
    not say ``active`` itself is asked (skipped, it ran without error and without effect)."""

    def __init_subclass__(cls, kind: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if kind is not None:
            if kind not in registry.KINDS:
                raise ValueError(f"unknown policy kind {kind!r}; allowed: {registry.KINDS}")
            cls.kind = kind
        own = vars(cls)
        if "active" not in own and any(m in own for m in cls.answers):
            cls.active = True  # type: ignore[attr-defined]  # (the kinds that skip declare it)

    @functools.cached_property
    def params(self) -> Any:
        """The parameters from the scenario, as an instance of :attr:`Params` (the mapping
        itself when the class declares none)."""
        raw = params_of(self.kind, self.spec)
        declared = type(self).Params
        model = registry.params_model(type(self))
        if declared is None or model is None:
            return raw
        values = model.model_validate(raw).model_dump()  # checked when the scenario loaded
        if issubclass(declared, BaseModel):
            return declared.model_validate(values)
        if dataclasses.is_dataclass(declared):
            return declared(**values)
        params = declared.__new__(declared)  # a plain class of annotated fields
        vars(params).update(values)
        return params


def params_of(kind: str, spec: Any) -> dict[str, Any]:
    """The params mapping of a policy of ``kind`` from the scenario section it is given (the
    last part of its params key: ``params``, ``loading_params``, ...)."""
    value = getattr(spec, registry.KEYS[kind][1].rsplit(".", 1)[-1], None)
    return dict(value or {})


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

    def crossing_arrivals_h(self, route: int, departure_h: float) -> list[tuple[str, float]]:
        """When a train of ``route`` leaving Yiwu at ``departure_h`` is expected to reach each
        crossing on its way (node, clock hours; a sea route's feeder's): the legs' running
        hours with the edge disruptions announced by now, and each crossing before it as
        :meth:`expected_crossing_h` holds it."""

    def crossing_waits_vary(self, route: int) -> bool:
        """Whether the expected wait at a crossing of ``route`` depends on when the train gets
        there (a closure announced by now and not over, or a backlog at a crossing with
        disruption windows that will drain): else :meth:`expected_wait_h` is the same at any
        time, the line ahead now."""

    def border_queue(self, node: str) -> int:
        """Trains waiting for a server at the crossing now."""

    def recent_wait_h(self, node: str) -> float:
        """Recent mean wait for a server at the crossing (exponentially weighted)."""

    def closed_until_h(self, node: str, at_h: float) -> float | None:
        """End of the closure of the crossing in force at ``at_h``, if it has been announced
        by now (None: open, or not known yet)."""

    def expected_crossing_h(self, node: str, at_h: float) -> float:
        """Expected hours a train reaching crossing ``node`` at ``at_h`` spends there: an
        announced closure's remaining time, the line ahead of it when it gets there (projected
        at a crossing with disruption windows, the line now at any other), its own service."""

    def expected_east_crossing_h(self, node: str, at_h: float) -> float:
        """:meth:`expected_crossing_h` for an eastbound train, at the crossing's eastbound
        servers (their own line; a run without eastbound trains: the westbound's)."""

    def expected_wait_h(self, node: str, at_h: float) -> float:
        """Expected hours a train reaching crossing ``node`` at ``at_h`` waits there for a
        server: an announced closure's remaining time and the line ahead of it when it gets
        there (projected at a crossing with disruption windows, the line now at any other; its
        own service not counted)."""

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

    def expected_arrivals_many(
        self, route: int, dest: np.ndarray, ready_h: np.ndarray
    ) -> np.ndarray:
        """:meth:`expected_arrivals_h` of orders to several destinations (``dest``, one per
        order) by one route."""

    def booked_out(self, route: int) -> bool:
        """Whether a trainload or more of goods is waiting for the route at Yiwu."""

    def sea_delay_h(self, route: int, at_h: float) -> float:
        """Hours announced disruptions add to the sea passage of a ship leaving at ``at_h``."""

    def sea_delay_known(self, route: int) -> bool:
        """Whether an announced disruption changes the sea route's passage at some time
        (False: ``sea_delay_h`` is 0 whenever the ship leaves)."""

    def expected_sailing_h(self, route: int, ready_h: float) -> float:
        """When goods ready at the consolidation point at ``ready_h`` would sail from the
        port by sea route ``route`` (their feeder behind the backlog, the port's dwell, the
        first known sailing with room)."""

    def expected_sailings_h(self, route: int, ready_h: np.ndarray) -> np.ndarray:
        """:meth:`expected_sailing_h` of goods ready at each of ``ready_h``."""

    def quote_usd_per_teu(self, route: int, dest: int) -> float:
        """The freight per TEU ``route`` quotes now to destination ``dest`` (what an order
        booked now pays; the pricing policy's rate)."""

    def quotes_usd_per_teu(self, route: int) -> np.ndarray:
        """:meth:`quote_usd_per_teu` of ``route`` to every destination (indexed by
        destination)."""

    def quote_for_goods_usd_per_teu(self, route: int, dest: int, ready_h: float) -> float:
        """The freight per TEU an order booked now by ``route`` to ``dest`` pays for goods
        ready at ``ready_h``: the quote now, or where the rate depends on when the goods will
        travel (a sea route with a longer passage announced ahead), the rate of the sailing
        they will take (the pricing policy's ``quote_ready``). What live routing compares."""

    # the network's shape and its recorded history (named monitors)

    def route_line(self, route: int) -> str:
        """The id of the route's line (``L12``, ``S01`` ...)."""

    def route_of(self, line: str) -> int:
        """The route index of line ``line`` (``"L01"``, ``"S01"``); a KeyError names the
        run's lines."""

    def route_edges(self, route: int) -> tuple[Edge, ...]:
        """The route's legs in order from Yiwu (:class:`sim.world.network.Edge`: ``src``,
        ``dst``, ``mode``, ``km``, nominal ``hours``)."""

    def route_crossings(self, route: int) -> list[str]:
        """The border crossings of the run the route passes, in order (node ids)."""

    def monitors(self) -> list[str]:
        """Names of the run's monitors (``queue:<crossing>``, ``wait:<crossing>``,
        ``at_yiwu:<line>``; :mod:`sim.policies.monitors`)."""

    def monitor(self, name: str) -> Monitor:
        """A named monitor up to now: times and values (:class:`sim.policies.monitors.Monitor`,
        with ``at(t)`` and ``mean(since, until)``)."""


def view_method(view: Any, name: str) -> Any:
    """The method ``name`` of ``view`` where it offers one, else None: a view of one's own
    may leave out what the live state offers beyond the protocol (``quotes_for_goods``,
    ``expected_arrivals_pairs``, ``quote_table`` ...) or some of the protocol's own methods.
    A class declared as a subclass of :class:`NetworkView` inherits the protocol's empty
    bodies, which answer None: those count as left out, so the rules take the way round
    them that a view without the method gets (asking one quote or one route at a time)."""
    method = getattr(view, name, None)
    if method is None:
        return None
    stub = NetworkView.__dict__.get(name)
    if stub is not None and getattr(type(view), name, None) is stub:
        return None
    return method


PolicySpec = Any
"""The scenario section that configures a policy (its ``rule`` names it)."""
