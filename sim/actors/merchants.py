"""Merchants of Yiwu International Trade City: stock, production and fulfilment.

Each merchant sells one goods category. Its stock is a level in TEU that production refills at a
constant rate while its workshop runs, up to a cap; an order takes goods from the level. When
the level is short the order is a **backorder**: the level goes negative, and the order is ready
once production has made up the backlog ahead of it (first come, first served), but never sooner
than the category's production lead time. Seasonal goods are "built ahead": workshops produce all
year up to the stock cap, which fills before the season and drains during it.

Merchants answer orders on the clock, when the buyer's order reaches them: one order at a time
(:meth:`Market.fulfil`, the per-actor engine) or a day's orders at once in time order
(:meth:`Market.fulfil_batch`, the demand process of the batched engine) — the same arithmetic on
the merchant's level, so the same answers. How workshops run around the festival closure is the
production policy (:mod:`sim.policies.production`): by default full output on open days; with a
ramp, output after reopening follows a :class:`sim.policies.production.ProductionClock`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.policies.production import ProductionClock
from sim.scenario import Category, Scenario
from sim.world.calendar import MarketCalendar

STEP_COST_IN_ORDERS = 30
"""One numpy step over the merchants costs about as much as taking this many orders one by one
in Python (measured: about 15 µs a step when few merchants are in it, 0.5 µs an order); it
decides how :meth:`Market._take` works, never what it computes."""


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
    production
        Production hours when output is not simply full on open days (the production policy);
        None: the calendar's open hours.
    """

    def __init__(
        self,
        scenario: Scenario,
        calendar: MarketCalendar,
        rng: np.random.Generator,
        production: ProductionClock | None = None,
    ) -> None:
        self.calendar = calendar
        self.production = production
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
        self.level = np.zeros(first)  # TEU in stock per merchant (negative: backlog)
        self.last_open_h = np.zeros(first)  # open hours at the merchant's last order
        for c in self.categories:
            self.level[c.first_merchant : c.first_merchant + c.n_merchants] = min(
                c.spec.stock_teu, c.cap_teu
            )
        self._rate = np.array([c.rate_teu_per_h for c in self.categories])
        self._cap = np.array([c.cap_teu for c in self.categories])
        self._lead = np.array([c.lead_h for c in self.categories])
        self.backorders = 0
        self.last_backorder_ready = np.full(first, -np.inf)  # with a production clock

    def backlog_teu(self) -> float:
        """Goods the merchants owe on backorders (as of each merchant's last order)."""
        return float(np.clip(-self.level, 0.0, None).sum())

    def full_output_teu_per_day(self) -> float:
        """What all workshops make in a day at full output."""
        return float(sum(c.rate_teu_per_h * 24.0 * c.n_merchants for c in self.categories))

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
        """Take one order of ``teu`` from ``merchant`` at clock time ``placed_h``.

        ``open_h`` (open hours up to ``placed_h``) and ``handling_h`` are computed and drawn here
        when not given.

        Returns
        -------
        ready_h, backordered
            When the goods reach the consolidation point, and whether they had to be produced.
        """
        u = self.calendar.open_hours_until(placed_h) if open_h is None else open_h
        work = self.categories[category].handling() if handling_h is None else handling_h
        ready, back = self.fulfil_batch(
            np.array([category]), np.array([merchant]), np.array([teu]), np.array([placed_h]),
            np.array([u]), np.array([work]),
        )  # fmt: skip
        return float(ready[0]), bool(back[0])

    def fulfil_batch(
        self,
        category: np.ndarray,
        merchant: np.ndarray,
        teu: np.ndarray,
        placed_h: np.ndarray,
        open_h: np.ndarray,
        handling_h: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Fulfil a batch of orders given in time order, after any fulfilled before.

        Parameters
        ----------
        category, merchant, teu, placed_h
            The orders.
        open_h, handling_h
            Open hours up to each order, and each order's handling hours.

        Returns
        -------
        ready_h, backordered
            Per order: when the goods reach the consolidation point (``inf``: a category that
            never produces), and whether they had to be produced.
        """
        prod = self.production
        made_h = open_h if prod is None else prod.hours_until_many(placed_h)
        after = self._take(category, merchant, teu, made_h)
        back = after < 0
        self.backorders += int(back.sum())
        rate, lead = self._rate[category], self._lead[category]
        # a backorder waits for the backlog ahead of it to be produced, and the lead time
        backlog = np.divide(-after, rate, out=np.full(after.size, np.inf), where=rate > 0)
        cal = self.calendar
        if prod is None:  # production hours are open hours: one conversion
            work = np.where(back, handling_h + np.where(lead > backlog, lead, backlog), handling_h)
            return cal.time_at_open_hours_many(open_h + work, placed_h), back
        made = prod.time_at_hours_many(made_h + np.where(back, backlog, 0.0), placed_h)
        led = cal.time_at_open_hours_many(open_h + np.where(back, lead, 0.0), placed_h)
        start = np.maximum(made, led)  # handling starts once the goods exist
        finite = np.isfinite(start)
        start_open = cal.open_hours_until_many(np.where(finite, start, 0.0))
        ready = cal.time_at_open_hours_many(start_open + handling_h, np.where(finite, start, 0.0))
        ready = np.where(finite, ready, np.inf)
        # a merchant's backorders are made first come, first served: a date quoted later (after
        # overtime was decided, say) is never before one quoted earlier
        last = self.last_backorder_ready
        for i in np.flatnonzero(back).tolist():
            mi = merchant[i]
            if ready[i] < last[mi]:
                ready[i] = last[mi]
            last[mi] = ready[i]
        return ready, back

    def _take(
        self, category: np.ndarray, merchant: np.ndarray, teu: np.ndarray, open_h: np.ndarray
    ) -> np.ndarray:
        """Each order's stock level (``open_h``: production hours up to each order) after it
        takes its goods (negative: a backlog), updating
        the merchants' levels.

        A merchant's orders must be taken one after another, but different merchants are
        independent: step k takes every merchant's k-th order of the batch at once, in numpy.
        When a few merchants have most of the orders there are too many steps for that to pay,
        and the orders are taken one by one (the same arithmetic, so the same numbers).
        """
        n = merchant.size
        if n == 0:
            return np.empty(0)
        by_merchant = np.argsort(merchant, kind="stable")  # each merchant's orders in time order
        m_sorted = merchant[by_merchant]
        starts = np.flatnonzero(np.r_[True, m_sorted[1:] != m_sorted[:-1]])
        rank = np.empty(n, np.int64)
        rank[by_merchant] = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
        steps = np.bincount(rank)
        if steps.size * STEP_COST_IN_ORDERS > n:
            return self._take_in_turn(category, merchant, teu, open_h)
        by_step = np.argsort(rank, kind="stable")
        level, last, rate, cap = self.level, self.last_open_h, self._rate, self._cap
        out = np.empty(n)
        lo = 0
        for count in steps.tolist():
            i = by_step[lo : lo + count]
            lo += count
            m, c, u = merchant[i], category[i], open_h[i]
            x = np.minimum(level[m] + rate[c] * (u - last[m]), cap[c])  # production, capped
            last[m] = u
            x -= teu[i]
            level[m] = x
            out[i] = x
        return out

    def _take_in_turn(
        self, category: np.ndarray, merchant: np.ndarray, teu: np.ndarray, open_h: np.ndarray
    ) -> np.ndarray:
        """:meth:`_take`, one order after another."""
        level, last = self.level.tolist(), self.last_open_h.tolist()
        rate, cap = self._rate.tolist(), self._cap.tolist()
        out = []
        for c, m, q, u in zip(category.tolist(), merchant.tolist(), teu.tolist(), open_h.tolist()):
            x = level[m] + rate[c] * (u - last[m])  # production since the merchant's last order
            if x > cap[c]:
                x = cap[c]
            last[m] = u
            x -= q
            level[m] = x
            out.append(x)
        self.level[:] = level
        self.last_open_h[:] = last
        return np.array(out, dtype=float)
