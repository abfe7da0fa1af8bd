"""Merchants of Yiwu International Trade City: stock, production and fulfilment.

Each merchant sells one goods category. Its stock is a level in TEU that production refills at a
constant rate on open days, up to a cap; an order takes goods from the level. When the level is
short the order is a **backorder**: the level goes negative, and the order is ready once
production has made up the backlog ahead of it (first come, first served), but never sooner than
the category's production lead time. Seasonal goods are "built ahead": workshops produce all year
up to the stock cap, which fills before the season and drains during it.

Orders are plain records; fulfilment is arithmetic on the merchant's level at the moment the order
is placed, so no SimPy process or event is needed per order or per merchant (the workshop's
output between two orders is ``rate * open hours``, which :class:`sim.calendar.MarketCalendar`
computes with closures taken out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sim.calendar import MarketCalendar
from sim.scenario import Category, Scenario


@dataclass
class CategoryState:
    """Fixed parameters of one category in one run."""

    index: int
    spec: Category
    first_merchant: int
    n_merchants: int
    rate_teu_per_h: float
    cap_teu: float
    lead_h: float
    handling: Callable[[], float]


class Market:
    """All merchants of the run, by category.

    Parameters
    ----------
    scenario
        The resolved scenario.
    calendar
        Its market calendar (closure days stop production and handling).
    rng
        The ``"merchants"`` stream (handling times).
    """

    def __init__(
        self,
        scenario: Scenario,
        calendar: MarketCalendar,
        rng: np.random.Generator,
    ) -> None:
        self.calendar = calendar
        self._rng = rng
        n_total = max(
            len(scenario.market.categories), round(scenario.market.merchants * scenario.scale)
        )
        cats = scenario.market.categories
        # merchants split by share, largest remainder so the counts add up exactly
        raw = [c.share * n_total for c in cats]
        counts = [max(1, int(r)) for r in raw]
        order = sorted(range(len(cats)), key=lambda i: (-(raw[i] - int(raw[i])), i))
        i = 0
        while sum(counts) < n_total:
            counts[order[i % len(cats)]] += 1
            i += 1
        self.categories: list[CategoryState] = []
        first = 0
        for idx, (cat, n) in enumerate(zip(cats, counts)):
            self.categories.append(
                CategoryState(
                    index=idx,
                    spec=cat,
                    first_merchant=first,
                    n_merchants=n,
                    rate_teu_per_h=cat.production_teu_per_day / 24.0,
                    cap_teu=cat.max_stock_teu,
                    lead_h=cat.production_lead_days * 24.0,
                    handling=cat.handling_h.sampler(rng),
                )
            )
            first += n
        self.n_merchants = first
        self.level = [0.0] * first
        self.last_open_h = [0.0] * first
        for c in self.categories:
            start = min(c.spec.stock_teu, c.cap_teu)
            for m in range(c.first_merchant, c.first_merchant + c.n_merchants):
                self.level[m] = start
        self.backorders = 0

    def draw_handling(self, category: np.ndarray) -> np.ndarray:
        """Handling hours of a batch of orders (one numpy draw per category)."""
        out = np.empty(category.size)
        for c in self.categories:
            m = category == c.index
            out[m] = c.spec.handling_h.sample(self._rng, int(m.sum()))
        return out

    def fulfil(
        self,
        category: int,
        merchant: int,
        teu: float,
        placed_h: float,
        open_h: float | None = None,
        handling_h: float | None = None,
    ) -> tuple[float, bool]:
        """Take an order of ``teu`` from ``merchant`` at clock time ``placed_h``.

        ``open_h`` (open hours up to ``placed_h``) and ``handling_h`` are computed and drawn here
        when not given.

        Returns
        -------
        ready_h, backordered
            When the goods reach the consolidation point, and whether they had to be produced.
        """
        u = self.calendar.open_hours_until(placed_h) if open_h is None else open_h
        work = self.categories[category].handling() if handling_h is None else handling_h
        ready, back = [0.0], [False]
        self.fulfil_many([category], [merchant], [teu], [placed_h], [u], [work], ready, back, 0, 1)
        return ready[0], back[0]

    def fulfil_many(
        self,
        category: Sequence[int],
        merchant: Sequence[int],
        teu: Sequence[float],
        placed_h: Sequence[float],
        open_h: Sequence[float],
        handling_h: Sequence[float],
        ready_out: list[float],
        back_out: list[bool],
        lo: int,
        hi: int,
    ) -> None:
        """Fulfil orders ``lo..hi-1`` in time order, writing their ready times and backorder
        flags into ``ready_out`` and ``back_out`` (one tight loop: the hot path of a run)."""
        time_at = self.calendar.time_at_open_hours
        cats = self.categories
        rate = [c.rate_teu_per_h for c in cats]
        cap = [c.cap_teu for c in cats]
        lead = [c.lead_h for c in cats]
        level, last = self.level, self.last_open_h
        inf = float("inf")
        for i in range(lo, hi):
            c, m, u = category[i], merchant[i], open_h[i]
            x = level[m] + rate[c] * (u - last[m])  # production since the merchant's last order
            if x > cap[c]:
                x = cap[c]
            last[m] = u
            x -= teu[i]
            level[m] = x
            work = handling_h[i]
            if x < 0:  # a backorder: wait for the backlog to be produced (and the lead time)
                self.backorders += 1
                backlog = -x / rate[c] if rate[c] > 0 else inf
                work += lead[c] if lead[c] > backlog else backlog
                back_out[i] = True
            else:
                back_out[i] = False
            ready_out[i] = inf if work == inf else time_at(u + work, placed_h[i])
