"""Merchants of Yiwu International Trade City: stock, production and fulfilment.

Each merchant sells one goods category. Its stock is a level in TEU that production refills at a
constant rate while its workshop runs, up to a cap; an order takes goods from the level. When
the level is short the order is a **backorder**: the level goes negative, and the order is ready
once production has made up the backlog ahead of it (first come, first served), but never sooner
than the category's production lead time. Seasonal goods are "built ahead": workshops produce all
year up to the stock cap, which fills before the season and drains during it.

Merchants answer orders on the clock, when the buyer's order reaches them: one order at a time
(:meth:`Market.fulfil_one`, the per-actor engine) or a slice of orders at once in time order
(:meth:`Market.fulfil_batch`, the batched engine) — the same arithmetic on the merchant's level,
so the same answers. In the per-actor engine each merchant's workshop is a SimPy process
(:mod:`sim.actors.workshops`) whose hours worked the stock reads; the batched engine reads the
same hours off the calendar. How workshops run around the festival closure is the
production policy (:mod:`sim.policies.production`): by default full output on open days; with a
ramp, output after reopening follows a :class:`sim.policies.production.ProductionClock`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.actors.workshops import Workshop
from sim.policies.production import ProductionClock
from sim.scenario import Category, Scenario
from sim.world.calendar import MarketCalendar

STEP_COST_IN_ORDERS = 30
"""One numpy step over the merchants costs about as much as taking this many orders one by one
in Python (measured: about 15 µs a step when few merchants are in it, 0.5 µs an order); it
decides how :meth:`Market._take` works, never what it computes."""

MERCHANTS_PER_SORTED_ORDER = 64
"""A batch of orders finds the merchants it gives a second order by a count over every merchant
of the market when it has at least one order per this many merchants, else by a sort of the
batch (measured over 75,000 merchants: the count took 9 µs for 50 orders and 25 µs for 5,500,
the sort 1.5 µs and 66 µs; even at about 1,000); it decides how :meth:`Market._steps` works,
never what it finds."""


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
        # the per-actor engine's workshop processes (sim.actors.workshops; None: the hours
        # worked are read off the calendar)
        self.workshops: list[Workshop] | None = None

    def backlog_teu(self) -> float:
        """Goods the merchants owe on backorders (as of each merchant's last order)."""
        return float(np.clip(-self.level, 0.0, None).sum())

    def full_output_teu_per_day(self) -> float:
        """What all workshops make in a day at full output."""
        return float(sum(c.rate_teu_per_h * 24.0 * c.n_merchants for c in self.categories))

    def draw_handling(self, category: np.ndarray) -> np.ndarray:
        """Handling hours of a batch of orders (one numpy draw per category, in category
        order, each category's draws going to its orders in batch order)."""
        counts = np.bincount(category, minlength=len(self.categories)).tolist()
        draws = [c.spec.handling_h.sample(self._rng, n) for c, n in zip(self.categories, counts)]
        out = np.empty(category.size)
        # the orders grouped by category, each group in batch order: a stable sort, which on
        # 16-bit codes is numpy's radix sort
        code = category.astype(np.int16) if len(self.categories) < 2**15 else category
        out[np.argsort(code, kind="stable")] = np.concatenate(draws)
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

    def fulfil_one(
        self,
        category: int,
        merchant: int,
        teu: float,
        placed_h: float,
        open_h: float,
        handling_h: float,
    ) -> tuple[float, bool]:
        """One order, as the merchant works it out (the per-actor reference): its stock level
        refilled by what its workshop made since its last order (the hours the workshop
        process worked, :mod:`sim.actors.workshops`, when it runs) and capped, the goods
        taken, and when they are ready — from stock after handling, or, short, after the
        backlog ahead of them is produced and the lead time (whichever is longer). The same
        arithmetic as
        :meth:`fulfil_batch`, in plain Python. With a production plan (a ramp, overtime) the
        workshop's hours are production hours and the goods' dates follow the plan
        (:meth:`_ready_by_plan`); without workshop processes that case is converted as a batch
        of one."""
        prod, shops = self.production, self.workshops
        if prod is not None and shops is None:
            return self.fulfil(category, merchant, teu, placed_h, open_h, handling_h)
        # production hours up to now: what the merchant's workshop process worked, else the
        # calendar's open hours
        made_h = open_h if shops is None else shops[merchant].hours_worked(placed_h)
        c = self.categories[category]
        rate, cap, lead = c.rate_teu_per_h, c.cap_teu, c.lead_h
        # what the workshop made since the merchant's last order, added to the stock
        x = float(self.level[merchant]) + rate * (made_h - float(self.last_open_h[merchant]))
        if x > cap:
            x = cap
        self.last_open_h[merchant] = made_h
        x -= teu
        self.level[merchant] = x
        back = x < 0
        if back:
            self.backorders += 1
        if prod is not None:
            return self._ready_by_plan(c, merchant, x, placed_h, made_h, open_h, handling_h), back
        target = made_h + handling_h
        if back:
            backlog = -x / rate if rate > 0 else math.inf
            target = made_h + (handling_h + (lead if lead > backlog else backlog))
        return self.calendar.time_at_open_hours_one(target, placed_h), back

    def _ready_by_plan(
        self,
        c: CategoryState,
        merchant: int,
        level: float,
        placed_h: float,
        made_h: float,
        open_h: float,
        handling_h: float,
    ) -> float:
        """When one order's goods are ready under a production plan (the per-actor reference;
        :meth:`fulfil_batch`'s production-clock branch for one order, in plain Python): a
        backorder waits until the plan has made up the backlog ahead of it and the lead time
        has passed; handling starts then, in open hours; a merchant's backorders are ready in
        the order they were placed."""
        prod, cal = self.production, self.calendar
        assert prod is not None
        back = level < 0
        backlog = -level / c.rate_teu_per_h if c.rate_teu_per_h > 0 else math.inf
        made = prod.time_at_hours_one(made_h + (backlog if back else 0.0), placed_h)
        led = cal.time_at_open_hours_one(open_h + (c.lead_h if back else 0.0), placed_h)
        start = made if made >= led else led  # handling starts once the goods exist
        if math.isfinite(start):
            ready = cal.time_at_open_hours_one(cal.open_hours_until_one(start) + handling_h, start)
        else:
            ready = math.inf
        if back:
            last = float(self.last_backorder_ready[merchant])
            if ready < last:
                ready = last
            self.last_backorder_ready[merchant] = ready
        return ready

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
        n_back = int(np.count_nonzero(back))
        self.backorders += n_back
        cal = self.calendar
        if prod is None:  # production hours are open hours: one conversion
            target = open_h + handling_h
            if n_back:  # only the backorders wait, so only theirs is computed
                b = np.flatnonzero(back)
                c = category[b]
                rate, lead = self._rate[c], self._lead[c]
                # a backorder waits for the backlog ahead of it to be produced, and the lead
                # time
                backlog = np.divide(-after[b], rate, out=np.full(b.size, np.inf), where=rate > 0)
                target[b] = open_h[b] + (handling_h[b] + np.where(lead > backlog, lead, backlog))
            return cal.time_at_open_hours_many(target, placed_h), back
        rate, lead = self._rate[category], self._lead[category]
        backlog = np.divide(-after, rate, out=np.full(after.size, np.inf), where=rate > 0)
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
        if n < STEP_COST_IN_ORDERS:  # there is at least one step
            return self._take_in_turn(category, merchant, teu, open_h)
        steps, by_step = self._steps(merchant, self.n_merchants)
        if len(steps) * STEP_COST_IN_ORDERS > n:
            return self._take_in_turn(category, merchant, teu, open_h)
        rate, cap, u = self._rate[category], self._cap[category], open_h
        if by_step is not None:  # the orders step after step, so that each step is a slice
            merchant, u, teu = merchant[by_step], u[by_step], teu[by_step]
            rate, cap = rate[by_step], cap[by_step]
        level, last = self.level, self.last_open_h
        out = np.empty(n)
        lo = 0
        for count in steps:
            s = slice(lo, lo + count)
            lo += count
            m = merchant[s]
            # level + rate * (u - last), capped: the same operations on the same numbers as
            # one order at a time, written into the output
            x = np.subtract(u[s], last[m], out=out[s])
            x *= rate[s]
            x += level[m]
            np.minimum(x, cap[s], out=x)  # production, capped
            last[m] = u[s]
            x -= teu[s]
            level[m] = x
        if by_step is None:
            return out
        res = np.empty(n)
        res[by_step] = out
        return res

    @staticmethod
    def _steps(
        merchant: np.ndarray, n_merchants: int | None = None
    ) -> tuple[list[int], np.ndarray | None]:
        """How a batch's orders are taken step by step: the number of orders of each step,
        and the orders in step order (None: one step, the batch as it is).

        A day's orders go mostly to merchants with one order that day: only the orders of
        merchants with several need ranking (a stable sort of those few), not the batch.
        Which orders share their merchant with another is found by a count over the market's
        ``n_merchants`` when the batch is large beside it (a full-scale day), else by one sort
        of the batch (a slice of an hour, or a market of unknown size): the same orders."""
        if n_merchants is not None and merchant.size * MERCHANTS_PER_SORTED_ORDER >= n_merchants:
            repeated = np.bincount(merchant, minlength=n_merchants)[merchant] > 1
            if not repeated.any():
                return [merchant.size], None
        else:
            by_merchant = np.argsort(merchant, kind="stable")
            sorted_m = merchant[by_merchant]
            same = sorted_m[1:] == sorted_m[:-1]
            if not same.any():
                return [merchant.size], None
            shared = np.zeros(merchant.size, dtype=bool)
            shared[1:] |= same
            shared[:-1] |= same
            repeated = np.empty(merchant.size, dtype=bool)
            repeated[by_merchant] = shared
        rep = np.flatnonzero(repeated)
        rep = rep[np.argsort(merchant[rep], kind="stable")]  # by merchant, in time order
        m = merchant[rep]
        k = rep.size
        pos = np.arange(k)
        new = np.empty(k, bool)
        new[0] = True
        np.not_equal(m[1:], m[:-1], out=new[1:])
        rank = pos - np.maximum.accumulate(np.where(new, pos, 0))  # k-th order of its merchant
        steps = np.bincount(rank).tolist()
        single = np.flatnonzero(~repeated)
        steps[0] += single.size
        return steps, np.concatenate((single, rep[np.argsort(rank, kind="stable")]))

    def _take_in_turn(
        self, category: np.ndarray, merchant: np.ndarray, teu: np.ndarray, open_h: np.ndarray
    ) -> np.ndarray:
        """:meth:`_take`, one order after another (only the merchants in the batch are read
        and written: a slice of a day's orders touches a few of the market's merchants)."""
        ms = merchant.tolist()
        who = list(dict.fromkeys(ms))
        level = dict(zip(who, self.level[who].tolist()))
        last = dict(zip(who, self.last_open_h[who].tolist()))
        rate, cap = self._rate.tolist(), self._cap.tolist()
        out = []
        for c, m, q, u in zip(category.tolist(), ms, teu.tolist(), open_h.tolist()):
            x = level[m] + rate[c] * (u - last[m])  # production since the merchant's last order
            if x > cap[c]:
                x = cap[c]
            last[m] = u
            x -= q
            level[m] = x
            out.append(x)
        self.level[who] = list(level.values())
        self.last_open_h[who] = list(last.values())
        return np.array(out, dtype=float)
