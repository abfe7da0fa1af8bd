"""Routing: which route an order takes, a rail line to its destination or the sea route through
Ningbo. Decided on the clock, when the order is booked (:mod:`sim.actors.demand`).

Rules (``logistics.mode_choice.rule``):

``share``
    Where rail and sea both serve the destination, rail with probability ``rail_share``.
``fastest``
    The route with the shortest nominal door-to-door time.
``cheapest``
    The route with the lowest freight cost per TEU.
``deadline``
    The cheapest route whose nominal time still meets the order's deadline; the fastest when
    none does; the cheapest when the order has no deadline.
``live``
    Reads the network's state: the route cheapest at the rates quoted now
    (:meth:`NetworkView.quote_usd_per_teu`, the pricing policy's) among those *expected*
    (:meth:`NetworkView.expected_arrival_h`: backlog at the consolidation point, coming
    departures, current waits at the crossings on the way, announced closures) to deliver
    ``safety_margin_h`` before the deadline; else the route expected first. An order without
    a deadline takes rail with probability ``rail_share``, unless that route is expected later
    than the other by more than a week.

Among several rail lines to one destination the fastest is taken; among sea routes, the one whose
port is nearest the destination (:func:`sim.world.routes.route_options`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.errors import SimError
from sim.policies.base import (
    NetworkView,
    Policy,
    PolicySpec,
    policy_class,
    register,
    view_method,
)
from sim.policies.pricing import quotes_now

DETOUR_TOLERANCE_H = 168.0
"""With 'live', an order without a deadline leaves its drawn route only when the other is
expected to deliver more than this much sooner (E: a week, a forwarder's re-booking threshold)."""


@dataclass(frozen=True)
class RouteOptions:
    """What each destination can take (route indices; -1: none) and each route's nominal
    door-to-door hours and freight cost per TEU to each destination."""

    rail: np.ndarray  # by destination index
    sea: np.ndarray
    nominal_h: np.ndarray  # [route, destination]
    cost_usd: np.ndarray  # [route, destination]


@dataclass
class Bookings:
    """Orders booked together (a slice of a day's orders, or one order): their destinations,
    booking times, deadlines (NaN: none), one uniform draw each (stream ``mode_choice``) and
    when the merchant said their goods will be ready at the consolidation point (None: at
    once)."""

    dest: np.ndarray
    placed_h: np.ndarray
    deadline_h: np.ndarray
    u: np.ndarray
    ready_h: np.ndarray | None = None

    @property
    def ready(self) -> np.ndarray:
        """When the goods are ready (the booking time where no answer was given)."""
        return self.placed_h if self.ready_h is None else self.ready_h


@dataclass(frozen=True)
class OneBooking:
    """One order as the per-actor reference books it (scalars): destination, booking time,
    deadline (NaN: none), its uniform draw and when its goods will be ready."""

    dest: int
    placed_h: float
    deadline_h: float
    u: float
    ready_h: float


class RoutingPolicy(Policy, kind="routing"):
    """Base of routing policies: ``choose`` returns a route index per order.

    Parameters
    ----------
    spec
        The scenario's ``logistics.mode_choice``.
    options
        The routes each destination can take.
    """

    reads_state = False
    """Whether :meth:`choose` reads the network view (static policies do not)."""

    def __init__(self, spec: PolicySpec, options: RouteOptions) -> None:
        self.spec = spec
        self.options = options
        rail, sea = options.rail, options.sea
        # by destination, once: its only route (-1: it has two, or none), and the route a
        # draw below the rail share takes, and one above (rail and sea where it has both)
        self._single = np.where(sea < 0, rail, np.where(rail < 0, sea, -1))
        both = (rail >= 0) & (sea >= 0)
        self._below_share = np.where(both, rail, self._single)
        self._above_share = np.where(both, sea, self._single)

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        """Route index of every order in ``batch``."""
        raise NotImplementedError

    def choose_one(self, order: OneBooking, view: NetworkView) -> int:
        """Route index of one order (the per-actor reference). The built-in rules decide in
        scalar Python; a policy that does not say otherwise is asked with a batch of one."""
        one = Bookings(
            np.array([order.dest]), np.array([order.placed_h]), np.array([order.deadline_h]),
            np.array([order.u]), np.array([order.ready_h]),
        )  # fmt: skip
        return int(self.choose(one, view)[0])

    def _routes_of(self, dest: int) -> tuple[int, int]:
        """The destination's rail and sea routes (-1: none), as Python ints."""
        return int(self.options.rail[dest]), int(self.options.sea[dest])

    def _one_or_both(self, dest: int) -> tuple[int, int, int]:
        """(single route or -1, rail, sea) of a destination."""
        rail, sea = self._routes_of(dest)
        if rail < 0 or sea < 0:
            return (rail if sea < 0 else sea), rail, sea
        return -1, rail, sea

    # helpers for subclasses
    def single_route(self, dest: np.ndarray) -> np.ndarray:
        """Where a destination has only one route, that route; -1 where it has two."""
        return self._single.take(dest)

    def pick_sea_where_possible(self, batch: Bookings) -> np.ndarray:
        """The sea route where the destination has one, else its rail line."""
        sea = self.options.sea[batch.dest]
        return np.where(sea >= 0, sea, self.options.rail[batch.dest])

    def _both(self, batch: Bookings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Orders whose destination has rail and sea: their positions, rail and sea routes."""
        rail, sea = self.options.rail.take(batch.dest), self.options.sea.take(batch.dest)
        both = ((rail >= 0) & (sea >= 0)).nonzero()[0]
        return both, rail.take(both), sea.take(both)


@register("routing", "share")
class ShareRouting(RoutingPolicy):
    """Rail with probability ``rail_share`` where both serve the destination."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        # one look-up per order: rail or sea by the draw where the destination has both, its
        # only route where it has one
        low = batch.u < self.spec.rail_share
        return np.where(low, self._below_share[batch.dest], self._above_share[batch.dest])

    def choose_one(self, order: OneBooking, view: NetworkView) -> int:
        rail, sea = self._routes_of(order.dest)
        if rail < 0 or sea < 0:  # one route (or none): that one
            return rail if sea < 0 else sea
        return rail if order.u < self.spec.rail_share else sea


class _NominalRouting(RoutingPolicy):
    """Rules on nominal times and costs: fastest, cheapest, deadline."""

    def _ranked(
        self, batch: Bookings, both: np.ndarray, rail: np.ndarray, sea: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per order: the fastest route, the cheapest and the other (ties: lower index)."""
        d = batch.dest[both]
        nom, cost = self.options.nominal_h, self.options.cost_usd
        rail_fast = (nom[rail, d] < nom[sea, d]) | ((nom[rail, d] == nom[sea, d]) & (rail < sea))
        rail_cheap = (cost[rail, d] < cost[sea, d]) | (
            (cost[rail, d] == cost[sea, d]) & (rail < sea)
        )
        fast = np.where(rail_fast, rail, sea)
        cheap = np.where(rail_cheap, rail, sea)
        other = np.where(rail_cheap, sea, rail)
        return fast, cheap, other

    def _ranked_one(self, dest: int, rail: int, sea: int) -> tuple[int, int, int]:
        """:meth:`_ranked` of one order whose destination has both routes."""
        nom, cost = self.options.nominal_h, self.options.cost_usd
        n_rail, n_sea = float(nom[rail, dest]), float(nom[sea, dest])
        c_rail, c_sea = float(cost[rail, dest]), float(cost[sea, dest])
        rail_fast = n_rail < n_sea or (n_rail == n_sea and rail < sea)
        rail_cheap = c_rail < c_sea or (c_rail == c_sea and rail < sea)
        fast = rail if rail_fast else sea
        cheap, other = (rail, sea) if rail_cheap else (sea, rail)
        return fast, cheap, other


@register("routing", "fastest")
class FastestRouting(_NominalRouting):
    """The route with the shortest nominal door-to-door time."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        out[both] = self._ranked(batch, both, rail, sea)[0]
        return out

    def choose_one(self, order: OneBooking, view: NetworkView) -> int:
        single, rail, sea = self._one_or_both(order.dest)
        return single if single >= 0 or rail < 0 else self._ranked_one(order.dest, rail, sea)[0]


@register("routing", "cheapest")
class CheapestRouting(_NominalRouting):
    """The route with the lowest freight cost."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        out[both] = self._ranked(batch, both, rail, sea)[1]
        return out

    def choose_one(self, order: OneBooking, view: NetworkView) -> int:
        single, rail, sea = self._one_or_both(order.dest)
        return single if single >= 0 or rail < 0 else self._ranked_one(order.dest, rail, sea)[1]


@register("routing", "deadline")
class DeadlineRouting(_NominalRouting):
    """The cheapest route whose nominal time meets the deadline, else the fastest."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        fast, cheap, other = self._ranked(batch, both, rail, sea)
        # the nominal journey starts when the goods are ready, not when they are ordered
        d, t, dl = batch.dest[both], batch.ready[both], batch.deadline_h[both]
        nom = self.options.nominal_h
        meets_cheap = t + nom[cheap, d] <= dl
        meets_other = t + nom[other, d] <= dl
        out[both] = np.where(meets_cheap | np.isnan(dl), cheap, np.where(meets_other, other, fast))
        return out

    def choose_one(self, order: OneBooking, view: NetworkView) -> int:
        single, rail, sea = self._one_or_both(order.dest)
        if single >= 0 or rail < 0:
            return single
        d, t, dl = order.dest, order.ready_h, order.deadline_h
        fast, cheap, other = self._ranked_one(d, rail, sea)
        nom = self.options.nominal_h
        if math.isnan(dl) or t + float(nom[cheap, d]) <= dl:
            return cheap
        return other if t + float(nom[other, d]) <= dl else fast


@register("routing", "live")
class LiveRouting(RoutingPolicy):
    """The cheapest route expected, from the live state, to meet the deadline with a margin."""

    reads_state = True

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        if not both.size:
            return out
        d, ready = batch.dest.take(both), batch.ready.take(both)
        e_rail, e_sea = self._expected_both(rail, sea, d, ready, view)
        # the rates each order would be charged (the pricing policy's, through the live state:
        # for a sea route with a longer passage announced ahead, its own sailing's, not the
        # rate of a ship leaving now, which sent goods by sea "cheaply" at the Cape rate)
        routes, dests = np.concatenate((rail, sea)), np.concatenate((d, d))
        for_goods = view_method(view, "quotes_for_goods")
        if for_goods is not None:
            quoted = for_goods(routes, dests, np.concatenate((ready, ready)))
        else:  # a view of one's own that quotes only the rates now
            quoted = quotes_now(routes, dests, view)
        # each rule below as "takes rail" (rail and sea are two routes): the same choices as
        # picking route indices step by step, in fewer passes over the slice
        rail_cheap = quoted[: rail.size] <= quoted[rail.size :]
        e_cheap, e_other = np.where(rail_cheap, e_rail, e_sea), np.where(rail_cheap, e_sea, e_rail)
        dl = batch.deadline_h.take(both) - self.spec.safety_margin_h
        # the cheap route if expected in time, else the other if in time, else the first
        by_deadline = np.where(
            e_cheap <= dl, rail_cheap, np.where(e_other <= dl, ~rail_cheap, e_rail <= e_sea)
        )
        # no deadline: the drawn route, unless the other is expected a week sooner
        drawn_rail = batch.u.take(both) < self.spec.rail_share
        later = e_rail - e_sea  # (the drawn route's lead over the other: this or its negative)
        leave = np.where(drawn_rail, later, -later) > DETOUR_TOLERANCE_H
        takes_rail = np.where(np.isnan(dl), drawn_rail ^ leave, by_deadline)
        out[both] = np.where(takes_rail, rail, sea)
        return out

    def choose_one(self, order: OneBooking, view: NetworkView) -> int:
        single, rail, sea = self._one_or_both(order.dest)
        if single >= 0 or rail < 0:
            return single
        d, ready = order.dest, order.ready_h
        e_rail = view.expected_arrival_at_h(rail, d, ready)
        e_sea = view.expected_arrival_at_h(sea, d, ready)
        if math.isnan(order.deadline_h):
            drawn, alt = (rail, sea) if order.u < self.spec.rail_share else (sea, rail)
            e_drawn, e_alt = (e_rail, e_sea) if drawn == rail else (e_sea, e_rail)
            return alt if e_drawn - e_alt > DETOUR_TOLERANCE_H else drawn
        quote = view_method(view, "quote_for_goods_usd_per_teu")
        if quote is not None:  # what each route would charge for these goods
            rail_cheap = quote(rail, d, ready) <= quote(sea, d, ready)
        else:
            rail_cheap = view.quote_usd_per_teu(rail, d) <= view.quote_usd_per_teu(sea, d)
        cheap, other = (rail, sea) if rail_cheap else (sea, rail)
        e_cheap, e_other = (e_rail, e_sea) if rail_cheap else (e_sea, e_rail)
        dl = order.deadline_h - self.spec.safety_margin_h
        if e_cheap <= dl:
            return cheap
        if e_other <= dl:
            return other
        return rail if e_rail <= e_sea else sea

    @classmethod
    def _expected_both(
        cls, rail: np.ndarray, sea: np.ndarray, dest: np.ndarray, ready_h: np.ndarray,
        view: NetworkView,
    ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """Each order's expected arrival by rail and by sea: one pass over every route
        present where the view offers it (the live state), else route by route."""
        pairs = view_method(view, "expected_arrivals_pairs")
        if pairs is None:
            return cls._expected(rail, dest, ready_h, view), cls._expected(sea, dest, ready_h, view)
        n = rail.size
        both = pairs(np.concatenate((rail, sea)), np.concatenate((dest, dest)),
                     np.concatenate((ready_h, ready_h)))  # fmt: skip
        return both[:n], both[n:]

    @staticmethod
    def _expected(
        route: np.ndarray, dest: np.ndarray, ready_h: np.ndarray, view: NetworkView
    ) -> np.ndarray:
        """Each order's expected arrival by its ``route`` for goods ready at ``ready_h``:
        one look-up of the state per route present."""
        out = np.empty(route.size)
        for r in dict.fromkeys(route.tolist()):  # the routes present (a handful)
            at = (route == r).nonzero()[0]
            out[at] = view.expected_arrivals_many(r, dest[at], ready_h[at])
        return out


def make_routing(spec: PolicySpec, options: RouteOptions) -> RoutingPolicy:
    """The routing policy the scenario names."""

    cls = policy_class("routing", spec.rule)
    policy = cls(spec, options)
    assert isinstance(policy, RoutingPolicy), f"{cls} is not a RoutingPolicy"
    if not cls.__module__.startswith("sim."):  # a user's class: its answers are checked
        _check_answers(policy, spec.rule)
    return policy


def _check_answers(policy: RoutingPolicy, name: str) -> None:
    """Make ``policy`` (a user's class) stop the run with one line when it answers with
    something other than one route per order that serves the order's destination (its rail
    or its sea route, ``options.rail[dest]`` or ``options.sea[dest]``), instead of failing
    further on with a traceback that never names the policy."""
    choose, choose_one = policy.choose, policy.choose_one
    rail, sea = policy.options.rail, policy.options.sea

    def valid(dest: np.ndarray, got: Any) -> np.ndarray:
        out = np.asarray(got)
        why = None
        if out.shape != dest.shape:
            why = f"{out.size} routes for {dest.size} orders"
        elif out.size and not np.issubdtype(out.dtype, np.integer):
            why = "something other than whole route indices"
        else:
            bad = ((out != rail[dest]) & (out != sea[dest])) | (out < 0)
            if bad.any():
                why = f"route {int(out[bad][0])} for an order that route does not serve"
        if why is None:
            return out
        shown = repr(got)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise SimError(
            f"logistics.mode_choice.rule: the routing policy {name!r} answered {why} (got "
            f"{shown}); it must give one route per order: the rail or sea route of the order's "
            "destination (options.rail[dest] or options.sea[dest])"
        )

    def checked(batch: Bookings, view: NetworkView) -> np.ndarray:
        return valid(batch.dest, choose(batch, view))

    def checked_one(order: OneBooking, view: NetworkView) -> int:
        got = choose_one(order, view)
        return int(valid(np.array([order.dest]), np.array([got]))[0])

    setattr(policy, "choose", checked)  # noqa: B010 - on the instance, shadowing the class's
    setattr(policy, "choose_one", checked_one)  # noqa: B010
