"""Which route an order takes: a rail line to its destination or the sea route through Ningbo.

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

Among several rail lines to one destination the fastest is taken; among sea routes, the one whose
port is nearest the destination.
"""

from __future__ import annotations

import numpy as np

from sim.actors.logistics import Logistics, Route
from sim.scenario import ModeChoice
from sim.world.routes import route_options


class ModeChooser:
    """Picks a route index for (destination, deadline).

    Parameters
    ----------
    rule
        The scenario's mode choice.
    logistics
        Its routes and sea legs (destinations must be set).
    rng
        The ``"mode_choice"`` stream.
    """

    def __init__(self, rule: ModeChoice, logistics: Logistics, rng: np.random.Generator) -> None:
        self.rule = rule
        self.lg = logistics
        self.rng = rng
        by_id = {r.line.id: r for r in logistics.routes}
        self.options: list[tuple[Route | None, Route | None]] = []
        for dest in logistics.dest_ids:
            rail, sea = route_options(logistics.sc, logistics.net, dest)
            self.options.append((by_id.get(rail or ""), by_id.get(sea or "")))

    def nominal_h(self, route: Route, dest: int) -> float:
        """Typical door-to-door hours from order to delivery by ``route`` (without the merchant)."""
        return route.nominal_h + self.lg.onward_h.get((route.index, dest), 0.0)

    def cost(self, route: Route, dest: int) -> float:
        road = self.lg.sc.logistics.costs.road_usd_per_teu_km
        return route.cost_usd_per_teu + road * self.lg.onward_km.get((route.index, dest), 0.0)

    def choose_many(
        self, dest: np.ndarray, placed_h: np.ndarray, deadline_h: np.ndarray
    ) -> np.ndarray:
        """Route index of every order (vectorised over orders; one uniform draw each)."""
        u = self.rng.random(dest.size)
        out = np.empty(dest.size, dtype=np.int64)
        rule = self.rule.rule
        for di, (rail, sea) in enumerate(self.options):
            m = dest == di
            if not m.any():
                continue
            if rail is None or sea is None:
                only = rail or sea
                assert only is not None, "the scenario check guarantees a route"
                out[m] = only.index
                continue
            if rule == "share":
                out[m] = np.where(u[m] < self.rule.rail_share, rail.index, sea.index)
                continue
            fast = min((rail, sea), key=lambda r: (self.nominal_h(r, di), r.index))
            cheap = sorted((rail, sea), key=lambda r: (self.cost(r, di), r.index))
            if rule == "fastest":
                out[m] = fast.index
            elif rule == "cheapest":
                out[m] = cheap[0].index
            else:  # deadline: the cheapest route that meets it, else the fastest
                dl = deadline_h[m]
                t = placed_h[m]
                meets_cheap = t + self.nominal_h(cheap[0], di) <= dl
                meets_other = t + self.nominal_h(cheap[1], di) <= dl
                pick = np.where(meets_cheap | np.isnan(dl), cheap[0].index,
                                np.where(meets_other, cheap[1].index, fast.index))  # fmt: skip
                out[m] = pick
        return out
