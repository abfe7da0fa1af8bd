"""Pricing: the freight rate a route quotes for a TEU to a destination, at the moment of booking.

Policies that weigh cost (the ``live`` routing rule) read quotes through the live state
(:meth:`sim.policies.base.NetworkView.quote_usd_per_teu`), and every order pays the rate it was
quoted when it was booked (:mod:`sim.actors.demand` records it; the cost KPIs add up what was
charged).

``fixed``
    The scenario's rates (``logistics.costs``) throughout: rail, or sea plus the inland leg to
    Ningbo and the truck from the port.
``live``
    Rail adds the congestion surcharge (``costs.congestion_usd_per_teu``) when the order's own
    train is expected to wait ``costs.congestion_wait_h`` or more at a crossing on the line when
    it gets there (the line ahead now, and a closure announced by now that will still hold the
    train; not its own service: :meth:`LiveRates.quote_ready`), and ``rail_premium_share`` of
    its freight when the line is booked out (a trainload or more of goods waiting at Yiwu). Sea
    freight rises by ``sea_rate_per_extra_day`` of the normal sea rate for every day an
    announced disruption adds to the passage (the Cape diversion of December 2023): of the
    sailing the order's goods will take (:meth:`LiveRates.quote_ready`), which is also what live
    routing compares (a route's quote now prices a ship leaving now).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from sim.policies.base import NetworkView, Policy, PolicySpec, policy_class, register, view_method


class PricingPolicy(Policy, kind="pricing"):
    """Base of pricing policies.

    Parameters
    ----------
    spec
        The scenario's ``logistics.pricing``.
    cost_usd
        The base rate per TEU of each [route, destination] (:class:`RouteOptions.cost_usd`).
    sea_usd
        Per route: the sea freight in its base rate (0 for rail), the part a sea quote scales.
    is_rail
        Per route: whether it is a rail line.
    congestion_usd, congestion_wait_h
        The scenario's congestion surcharge and the wait it applies from.
    """

    reads_state = False
    """Whether quotes depend on the live state (else they are the base rates)."""

    def __init__(
        self,
        spec: PolicySpec,
        cost_usd: np.ndarray,
        sea_usd: np.ndarray,
        is_rail: np.ndarray,
        congestion_usd: float,
        congestion_wait_h: float,
    ) -> None:
        self.spec = spec
        self.cost_usd = cost_usd
        self.sea_usd = sea_usd
        self.is_rail = is_rail
        self.congestion_usd = congestion_usd
        self.congestion_wait_h = congestion_wait_h

    def quote(self, route: int, dest: int, view: NetworkView) -> float:
        """USD per TEU that ``route`` quotes now for destination ``dest``."""
        return float(self.cost_usd[route, dest])

    def quotes(self, route: int, view: NetworkView) -> np.ndarray:
        """:meth:`quote` of ``route`` to every destination (a policy whose rate moves by
        route, not by destination, works it out once: see :class:`LiveRates`)."""
        return np.array([self.quote(route, d, view) for d in range(self.cost_usd.shape[1])])

    def quote_ready(self, route: int, dest: int, ready_h: float, view: NetworkView) -> float | None:
        """USD per TEU that ``route`` quotes now for goods to ``dest`` that will be ready at
        ``ready_h``, where the rate depends on when they will travel (None: :meth:`quote`'s
        rate, the same whenever they are ready; the default)."""
        return None

    def quotes_ready(
        self,
        route: np.ndarray,
        dest: np.ndarray,
        ready_h: np.ndarray,
        quoted: np.ndarray,
        view: NetworkView,
    ) -> np.ndarray:
        """:meth:`quote_ready` of a slice's orders (routes ``route``, -1: none), given each
        one's route's quote now (``quoted``, not written): the default returns ``quoted``, or
        asks a subclass's own :meth:`quote_ready` order by order (so that both engines charge
        alike: the per-actor engine asks it for each order)."""
        if type(self).quote_ready is PricingPolicy.quote_ready:
            return quoted
        out = quoted.copy()
        for i in (route >= 0).nonzero()[0].tolist():
            rate = self.quote_ready(int(route[i]), int(dest[i]), float(ready_h[i]), view)
            if rate is not None:
                out[i] = rate
        return out

    def quotes_many(self, routes: list[int], view: NetworkView) -> list[np.ndarray]:
        """:meth:`quotes` of each of ``routes``, one row each (the live state asks once per
        booking slice for the routes it has not quoted yet; rows are read, never written)."""
        return [self.quotes(r, view) for r in routes]


@register("pricing", "fixed")
class FixedRates(PricingPolicy):
    """The scenario's rates, whatever the state."""

    def quotes(self, route: int, view: NetworkView) -> np.ndarray:
        if type(self).quote is not PricingPolicy.quote:  # a subclass's own rate
            return super().quotes(route, view)
        return self.cost_usd[route].copy()

    def quotes_many(self, routes: list[int], view: NetworkView) -> list[np.ndarray]:
        if type(self).quote is not PricingPolicy.quote:
            return super().quotes_many(routes, view)
        return [self.cost_usd[r] for r in routes]


@register("pricing", "live")
class LiveRates(PricingPolicy):
    """Rates that answer the state: congestion surcharges, a booked-out premium, sea rates that
    rise with an announced longer passage."""

    reads_state = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._crossings: dict[int, tuple[str, ...]] = {}  # each route's, once asked
        self._sea_routes = (~self.is_rail).nonzero()[0].tolist()
        self._rail_routes = self.is_rail.nonzero()[0].tolist()
        # each route's quotes to every destination as worked out for its terms (congested,
        # booked out; or the sea's extra): a route's terms take few values in a run, and its
        # row is the same sums whenever they recur (rows are read, never written)
        self._rows: dict[tuple[int, Any, Any], np.ndarray] = {}

    def quote(self, route: int, dest: int, view: NetworkView) -> float:
        return float(self._priced(float(self.cost_usd[route, dest]), route, view))

    def _own_rate(self) -> bool:
        """Whether a subclass sets a rate of its own (``quote`` or ``quotes``): the rates for
        goods ready later are then its rates now, not the built-in terms rebuilt."""
        cls = type(self)
        return cls.quote is not LiveRates.quote or cls.quotes is not LiveRates.quotes

    def quotes(self, route: int, view: NetworkView) -> np.ndarray:
        return np.asarray(self._priced(self.cost_usd[route], route, view))

    def quotes_many(self, routes: list[int], view: NetworkView) -> list[np.ndarray]:
        """:meth:`quotes` of several routes at one moment: lines share crossings, so each
        crossing's congestion is asked once for all of them."""
        if type(self).quotes is not LiveRates.quotes:  # a subclass's own quotes
            return super().quotes_many(routes, view)
        congested_at: dict[str, bool] = {}
        rows, out = self._rows, []
        for r in routes:
            terms = self._terms(r, view, congested_at)
            key = (r, *terms)
            row = rows.get(key)
            if row is None:
                row = rows[key] = np.asarray(self._apply(self.cost_usd[r], r, terms))
            out.append(row)
        return out

    def _priced(
        self, base: Any, route: int, view: NetworkView, congested_at: dict[str, bool] | None = None
    ) -> Any:
        """``base`` (a rate, or the rates to every destination) with the route's terms now:
        the same sums on a number (the per-actor reference) as on an array."""
        return self._apply(base, route, self._terms(route, view, congested_at))

    def _terms(
        self, route: int, view: NetworkView, congested_at: dict[str, bool] | None = None
    ) -> tuple[Any, Any]:
        """What the route's quote depends on now: whether a train would wait the congestion
        wait at one of its crossings and whether the line is booked out (rail), or the USD
        per TEU an announced longer passage adds (sea, and None)."""
        if not self.is_rail[route]:
            return self._sea_extra(route, view), None
        return self._rail_terms(route, view, congested_at)

    def _apply(self, base: Any, route: int, terms: tuple[Any, Any]) -> Any:
        """``base`` with the route's terms (:meth:`_terms`)."""
        if not self.is_rail[route]:
            return base + terms[0]
        congested, booked_out = terms
        out = base
        if congested:
            out = out + self.congestion_usd
        if booked_out:
            out = out + base * self.spec.rail_premium_share
        return out

    def _sea_extra(self, route: int, view: NetworkView, at_h: float | None = None) -> float:
        """USD per TEU a sea route adds for the days announced disruptions add to the
        passage of a ship leaving at ``at_h`` (None: now)."""
        at = view.now if at_h is None else at_h
        # the rate rises for the days a disruption adds; a faster passage lowers nothing
        extra_days = max(view.sea_delay_h(route, at), 0.0) / 24.0
        return float(self.sea_usd[route] * self.spec.sea_rate_per_extra_day * extra_days)

    def quote_ready(self, route: int, dest: int, ready_h: float, view: NetworkView) -> float | None:
        """A sea quote prices the passage of the sailing the goods will take (a Cape
        diversion announced for the weeks ahead is priced for goods that will sail then); a
        rail quote judges the congestion surcharge for the train the goods will take, when it
        reaches each crossing (a closure announced ahead, or one that will be over by then).
        Routes whose terms do not depend on when the goods travel quote the route's rate now
        (None), as does a subclass with a rate of its own (its rate, not the built-in sums)."""
        if self._own_rate():
            return None
        if self.is_rail[route]:
            if not _waits_vary(view, route):
                return None
            rates = self._rail_for_goods(self.cost_usd[route, [dest]], route, [ready_h], view)
            return float(rates[0])
        if not view.sea_delay_known(route):
            return None
        sailing = view.expected_sailing_h(route, ready_h)
        return float(self.cost_usd[route, dest] + self._sea_extra(route, view, sailing))

    def _rail_for_goods(
        self, base: np.ndarray, route: int, ready_h: Any, view: NetworkView
    ) -> np.ndarray:
        """The rail rates ``base`` (one per order) with the route's terms for each order's own
        train: the surcharge if it is expected to wait the congestion wait at a crossing when
        it gets there, the booked-out premium as now (the same sums as :meth:`_apply`)."""
        deps = view.expected_departures_h(route, np.asarray(ready_h, dtype=float))
        uniq, which = np.unique(deps, return_inverse=True)
        hot = np.array([self._congested_after(route, t, view) for t in uniq.tolist()])
        out = np.where(hot[which.reshape(-1)], base + self.congestion_usd, base)
        if view.booked_out(route):
            out = out + base * self.spec.rail_premium_share
        return np.asarray(out, dtype=float)

    def _congested_after(self, route: int, departure_h: float, view: NetworkView) -> bool:
        """Whether a train of ``route`` leaving at ``departure_h`` is expected to wait the
        congestion wait or more at a crossing when it gets there."""
        return any(
            view.expected_wait_h(node, at) >= self.congestion_wait_h
            for node, at in view.crossing_arrivals_h(route, departure_h)
        )

    def quotes_ready(
        self,
        route: np.ndarray,
        dest: np.ndarray,
        ready_h: np.ndarray,
        quoted: np.ndarray,
        view: NetworkView,
    ) -> np.ndarray:
        out = quoted
        if self._own_rate():  # a subclass's rate is its own, for any goods
            return out
        for r in self._routes_for_goods(view):  # (a few: most runs none)
            at = (route == r).nonzero()[0]
            if not at.size:
                continue
            if out is quoted:
                out = quoted.copy()
            out[at] = self._for_goods(r, dest[at], ready_h[at], view)
        return out

    def _routes_for_goods(self, view: NetworkView) -> list[int]:
        """The routes whose rate now depends on when the goods travel: rail lines with a
        closure told and not over on their crossings or a backlog draining at one with
        disruption windows, then sea routes with a longer passage announced."""
        varying = view_method(view, "varying_wait_routes")  # (the live state's: once a slice)
        rails = self._rail_routes if varying is None else varying()
        out = [r for r in rails if self.is_rail[r] and _waits_vary(view, r)]
        return out + [r for r in self._sea_routes if view.sea_delay_known(r)]

    def _for_goods(
        self, route: int, dest: np.ndarray, ready_h: np.ndarray, view: NetworkView
    ) -> np.ndarray:
        """The rates of orders to ``dest`` whose goods are ready at ``ready_h`` by ``route``
        (one of :meth:`_routes_for_goods`): each order's own train, or its own sailing."""
        if self.is_rail[route]:
            return self._rail_for_goods(self.cost_usd[route, dest], route, ready_h, view)
        ships, which = np.unique(view.expected_sailings_h(route, ready_h), return_inverse=True)
        extra = np.array([self._sea_extra(route, view, t) for t in ships.tolist()])
        return np.asarray(self.cost_usd[route, dest] + extra[which.reshape(-1)])

    def _rail_terms(
        self, route: int, view: NetworkView, congested_at: dict[str, bool] | None = None
    ) -> tuple[bool, bool]:
        """Whether a train is expected to wait the congestion wait or more at a crossing on
        the rail route, and whether the line is booked out (``congested_at``: each crossing's
        answer, kept while several routes are quoted at one moment)."""
        crossings = self._crossings.get(route)
        if crossings is None:  # a network's shape does not change during a run
            crossings = self._crossings[route] = tuple(view.route_crossings(route))
        if congested_at is None:
            congested_at = {}
        # the surcharge is for waiting (costs.congestion_wait_h: a train's wait at a
        # crossing), so a slow service of its own does not count
        congested = False
        now = view.now
        for node in crossings:
            hit = congested_at.get(node)
            if hit is None:
                hit = congested_at[node] = view.expected_wait_h(node, now) >= self.congestion_wait_h
            if hit:
                congested = True
                break
        return congested, view.booked_out(route)


def _waits_vary(view: NetworkView, route: int) -> bool:
    """:meth:`NetworkView.crossing_waits_vary` (a view of one's own without it: False, the
    route's terms now, as before the view had it)."""
    vary = view_method(view, "crossing_waits_vary")
    return False if vary is None else bool(vary(route))


def charged_quote(
    pricing: PricingPolicy, route: int, dest: int, ready_h: float, view: NetworkView
) -> float:
    """The rate per TEU an order booked now by ``route`` to ``dest`` pays for goods ready at
    ``ready_h`` (NaN: route -1, none): the route's quote now, or the pricing policy's rate for
    when the goods will travel. One order at a time, as the per-actor engine charges it."""
    if route < 0:
        return math.nan
    quoted = view.quote_usd_per_teu(route, dest)
    for_goods = pricing.quote_ready(route, dest, ready_h, view)
    return quoted if for_goods is None else for_goods


def charged_quotes(
    pricing: PricingPolicy,
    route: np.ndarray,
    dest: np.ndarray,
    ready_h: np.ndarray,
    view: NetworkView,
) -> np.ndarray:
    """:func:`charged_quote` of each order of a slice at once, as the batched engine charges
    them (and live routing compares them)."""
    return pricing.quotes_ready(route, dest, ready_h, quotes_now(route, dest, view), view)


def quotes_now(route: np.ndarray, dest: np.ndarray, view: NetworkView) -> np.ndarray:
    """Each order's rate per TEU quoted now by its ``route`` for its ``dest`` (NaN: route -1,
    none): one quote of the live state per route present, to every destination (within a
    slice the live state keeps them as one table, read with one gather; a view of one's own
    that quotes only one destination at a time is asked once per pair present)."""
    has = (route >= 0).nonzero()[0]
    if not has.size:
        return np.full(route.size, math.nan)
    table_of = view_method(view, "quote_table")  # the live state's, within a slice
    if table_of is not None:
        every = has.size == route.size  # (live routing's rail and sea routes: all there)
        routes = route if every else route.take(has)
        table = table_of(np.bincount(routes).nonzero()[0].tolist())
        if table is not None:
            # (one gather from the flat table: the same numbers as indexing it by pairs)
            at = routes * table.shape[1]
            at += dest if every else dest.take(has)
            if every:
                return table.ravel().take(at)
            out = np.full(route.size, math.nan)
            out[has] = table.ravel().take(at)
            return out
    out = np.full(route.size, math.nan)
    # the pairs present, as one integer each (a slice holds thousands of orders but a few
    # dozen pairs), then one gather
    n_dest = int(dest.max()) + 1
    pair = route[has].astype(np.int64) * n_dest + dest[has]
    rate = np.zeros((int(pair.max()) // n_dest + 1, n_dest))
    row_of = view_method(view, "quotes_usd_per_teu")
    if row_of is not None:
        for r in np.unique(pair // n_dest).tolist():
            rate[r] = row_of(r)[:n_dest]
    else:
        flat = rate.reshape(-1)
        for p in np.bincount(pair).nonzero()[0].tolist():
            flat[p] = view.quote_usd_per_teu(p // n_dest, p % n_dest)
    out[has] = rate.ravel()[pair]
    return out


def make_pricing(
    spec: PolicySpec,
    cost_usd: np.ndarray,
    sea_usd: np.ndarray,
    is_rail: np.ndarray,
    congestion_usd: float,
    congestion_wait_h: float,
) -> PricingPolicy:
    """The pricing policy the scenario names."""
    cls = policy_class("pricing", spec.rule)
    policy = cls(spec, cost_usd, sea_usd, is_rail, congestion_usd, congestion_wait_h)
    assert isinstance(policy, PricingPolicy), f"{cls} is not a PricingPolicy"
    return policy
