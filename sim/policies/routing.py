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
    Reads the network's state: the cheapest route *expected*
    (:meth:`NetworkView.expected_arrival_h`: backlog at the consolidation point, coming
    departures, current waits at the crossings on the way, announced closures) to deliver
    ``safety_margin_h`` before the deadline; else the route expected first. An order without
    a deadline takes rail with probability ``rail_share``, unless that route is expected later
    than the other by more than a week.

Among several rail lines to one destination the fastest is taken; among sea routes, the one whose
port is nearest the destination (:func:`sim.world.routes.route_options`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.policies.base import NetworkView, Policy, PolicySpec, policy_class, register

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
    """Orders booked together (a day's batch, or one order): their destinations, booking
    times, deadlines (NaN: none) and one uniform draw each (stream ``mode_choice``)."""

    dest: np.ndarray
    placed_h: np.ndarray
    deadline_h: np.ndarray
    u: np.ndarray


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

    # helpers for subclasses
    def single_route(self, dest: np.ndarray) -> np.ndarray:
        """Where a destination has only one route, that route; -1 where it has two."""
        return self._single[dest]

    def pick_sea_where_possible(self, batch: Bookings) -> np.ndarray:
        """The sea route where the destination has one, else its rail line."""
        sea = self.options.sea[batch.dest]
        return np.where(sea >= 0, sea, self.options.rail[batch.dest])

    def _both(self, batch: Bookings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Orders whose destination has rail and sea: their positions, rail and sea routes."""
        rail, sea = self.options.rail[batch.dest], self.options.sea[batch.dest]
        both = np.flatnonzero((rail >= 0) & (sea >= 0))
        return both, rail[both], sea[both]


@register("routing", "share")
class ShareRouting(RoutingPolicy):
    """Rail with probability ``rail_share`` where both serve the destination."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        # one look-up per order: rail or sea by the draw where the destination has both, its
        # only route where it has one
        low = batch.u < self.spec.rail_share
        return np.where(low, self._below_share[batch.dest], self._above_share[batch.dest])


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


@register("routing", "fastest")
class FastestRouting(_NominalRouting):
    """The route with the shortest nominal door-to-door time."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        out[both] = self._ranked(batch, both, rail, sea)[0]
        return out


@register("routing", "cheapest")
class CheapestRouting(_NominalRouting):
    """The route with the lowest freight cost."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        out[both] = self._ranked(batch, both, rail, sea)[1]
        return out


@register("routing", "deadline")
class DeadlineRouting(_NominalRouting):
    """The cheapest route whose nominal time meets the deadline, else the fastest."""

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        fast, cheap, other = self._ranked(batch, both, rail, sea)
        d, t, dl = batch.dest[both], batch.placed_h[both], batch.deadline_h[both]
        nom = self.options.nominal_h
        meets_cheap = t + nom[cheap, d] <= dl
        meets_other = t + nom[other, d] <= dl
        out[both] = np.where(meets_cheap | np.isnan(dl), cheap, np.where(meets_other, other, fast))
        return out


@register("routing", "live")
class LiveRouting(RoutingPolicy):
    """The cheapest route expected, from the live state, to meet the deadline with a margin."""

    reads_state = True

    def choose(self, batch: Bookings, view: NetworkView) -> np.ndarray:
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        if not both.size:
            return out
        d = batch.dest[both]
        # expected arrivals per (route, destination) pair present: a handful, read once each
        # from the state, then looked up for every order by the pair's index
        n_routes, n_dest = self.options.nominal_h.shape
        at_rail, at_sea = rail * n_dest + d, sea * n_dest + d
        present = np.zeros(n_routes * n_dest, dtype=bool)
        present[at_rail] = present[at_sea] = True
        expect = np.empty(present.size)
        for pair in np.flatnonzero(present).tolist():
            expect[pair] = view.expected_arrival_h(pair // n_dest, pair % n_dest)
        e_rail, e_sea = expect[at_rail], expect[at_sea]
        cost = self.options.cost_usd
        rail_cheap = cost[rail, d] <= cost[sea, d]
        cheap, other = np.where(rail_cheap, rail, sea), np.where(rail_cheap, sea, rail)
        e_cheap, e_other = np.where(rail_cheap, e_rail, e_sea), np.where(rail_cheap, e_sea, e_rail)
        first = np.where(e_rail <= e_sea, rail, sea)
        dl = batch.deadline_h[both] - self.spec.safety_margin_h
        by_deadline = np.where(e_cheap <= dl, cheap, np.where(e_other <= dl, other, first))
        drawn = np.where(batch.u[both] < self.spec.rail_share, rail, sea)
        e_drawn = np.where(drawn == rail, e_rail, e_sea)
        e_alt = np.where(drawn == rail, e_sea, e_rail)
        alt = np.where(drawn == rail, sea, rail)
        no_deadline = np.where(e_drawn - e_alt > DETOUR_TOLERANCE_H, alt, drawn)
        out[both] = np.where(np.isnan(batch.deadline_h[both]), no_deadline, by_deadline)
        return out


def make_routing(spec: PolicySpec, options: RouteOptions) -> RoutingPolicy:
    """The routing policy the scenario names."""

    cls = policy_class("routing", spec.rule)
    policy = cls(spec, options)
    assert isinstance(policy, RoutingPolicy), f"{cls} is not a RoutingPolicy"
    return policy
