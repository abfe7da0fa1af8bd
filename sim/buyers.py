"""Demand: foreign buyers visiting the market, and online orders.

Buyer visits are a non-homogeneous Poisson process with a piecewise-constant daily rate (base
visits x in-scope share x scale x monthly profile x fair multipliers, zero on closed days): each
day's count is Poisson and the visits are spread uniformly over the opening hours, which is exact
for a piecewise-constant rate. Each visit is one SimPy process (the buyer's walk through the
market): the buyer orders from a number of merchants, one after another, and ships everything to
one destination. Online orders arrive the same way at their own daily rate, around the clock and
also while the market is closed (they wait for the merchants to reopen).

An order picks its goods category by the category's share times its season multiplier for the
month, then a merchant of that category at random.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from sim.calendar import MarketCalendar
from sim.distributions import BatchSampler, Poisson
from sim.logistics import Logistics
from sim.market import Market
from sim.mode_choice import ModeChooser
from sim.random_streams import RandomStreams
from sim.recorder import NAN, Recorder
from sim.scenario import DaysAfterOrderDeadline, FixedDateDeadline, Scenario, SpringFestivalDeadline


def category_weights(sc: Scenario) -> list[list[float]]:
    """Per month (0..11), each category's probability of being ordered."""
    out = []
    for m in range(1, 13):
        w = [
            c.share * (c.season.multiplier if c.season and m in c.season.months else 1.0)
            for c in sc.market.categories
        ]
        total = sum(w)
        out.append([x / total for x in w])
    return out


def mean_daily_teu_by_category(sc: Scenario) -> list[float]:
    """Expected TEU ordered per day from each category, averaged over the year (sizes stock)."""
    b = sc.buyers
    per_visit = b.merchants_per_visit.mean()
    if isinstance(b.merchants_per_visit, Poisson):
        per_visit += math.exp(-per_visit)  # at least one order per visit: E[max(1, N)]
    else:
        per_visit = max(1.0, per_visit)
    profile_mean = sum(b.monthly_profile) / 12
    daily = sc.scale * (
        b.visits_per_day * b.in_scope_share * profile_mean * per_visit * b.order_teu.mean()
        + sc.online.orders_per_day * sc.online.order_teu.mean()
    )
    weights = category_weights(sc)
    return [
        daily * sum(weights[m][c] for m in range(12)) / 12 for c in range(len(sc.market.categories))
    ]


class OrderDesk:
    """Turns a demand event into an order record: category, merchant, route, deadline."""

    def __init__(
        self,
        sc: Scenario,
        cal: MarketCalendar,
        market: Market,
        logistics: Logistics,
        chooser: ModeChooser,
        rec: Recorder,
        rng: np.random.Generator,
    ) -> None:
        self.cal = cal
        self.market = market
        self.lg = logistics
        self.chooser = chooser
        self.rec = rec
        self._u = BatchSampler(lambda n: rng.random(n))
        self.cum_weights = [list(np.cumsum(w)) for w in category_weights(sc)]
        self.deadlines = [c.deadline for c in sc.market.categories]

    def deadline_h(self, category: int, placed_h: float) -> float:
        d = self.deadlines[category]
        if isinstance(d, SpringFestivalDeadline):
            h = self.cal.next_festival_h(placed_h)
            return NAN if h is None else h
        if isinstance(d, FixedDateDeadline):
            return self.cal.next_month_day_h(placed_h, d.month, d.day)
        if isinstance(d, DaysAfterOrderDeadline):
            return placed_h + d.days * 24.0
        return NAN

    def place(self, t: float, channel: int, dest: int, teu: float) -> int:
        """Place an order of ``teu`` for ``dest`` at clock time ``t``; returns the order id."""
        cum = self.cum_weights[self.cal.date_of(t).month - 1]
        cat = min(bisect_right(cum, self._u() * cum[-1]), len(cum) - 1)
        c = self.market.categories[cat]
        merchant = c.first_merchant + min(int(self._u() * c.n_merchants), c.n_merchants - 1)
        ready_h, back = self.market.fulfil(cat, merchant, teu, t)
        deadline = self.deadline_h(cat, t)
        route = self.chooser.choose(dest, t, deadline)
        oid = self.rec.new_order(
            t, channel, cat, merchant, dest, route, teu, deadline, back, ready_h
        )
        self.lg.routes[route].forwarder.add(ready_h, oid, teu)
        return oid


def _mix(mix: dict[str, float], dest_index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    ids = np.array([dest_index[d] for d in mix], dtype=np.int64)
    p = np.array(list(mix.values()), dtype=float)
    return ids, p / p.sum()


class Demand:
    """The buyer-visit and online-order processes of one run."""

    def __init__(
        self,
        env: simpy.Environment,
        sc: Scenario,
        cal: MarketCalendar,
        desk: OrderDesk,
        streams: RandomStreams,
        rec: Recorder,
        dest_index: dict[str, int],
    ) -> None:
        self.env = env
        self.sc = sc
        self.cal = cal
        self.desk = desk
        self.rec = rec
        self.dest_index = dest_index
        self.rng_buyers = streams.get("buyers")
        self.rng_online = streams.get("online")
        b = sc.buyers
        self.n_merchants = b.merchants_per_visit.sampler(self.rng_buyers)
        self.between = b.between_merchants_h.sampler(self.rng_buyers)
        self.teu = b.order_teu.sampler(streams.get("order_size"))
        self.online_teu = sc.online.order_teu.sampler(streams.get("online_size"))

    def start(self) -> None:
        self.env.process(self._buyer_arrivals())
        if self.sc.online.orders_per_day > 0:
            self.env.process(self._online_orders())

    def _buyer_arrivals(self) -> Generator[Any, Any, None]:
        sc, cal, env, rng = self.sc, self.cal, self.env, self.rng_buyers
        b = sc.buyers
        base = b.visits_per_day * b.in_scope_share * sc.scale
        if base <= 0:
            return
        rates = np.array(cal.buyer_multiplier[: sc.days]) * base
        counts = rng.poisson(rates)
        ids, p = _mix(b.destinations, self.dest_index)
        open_h, close_h = b.open_hours
        for day, n in enumerate(counts.tolist()):
            if n == 0:
                continue
            times = np.sort(rng.uniform(open_h, close_h, n)) + 24.0 * day
            dests = rng.choice(ids, size=n, p=p).tolist()
            for t, dest in zip(times.tolist(), dests):
                if t > env.now:
                    yield env.timeout(t - env.now)
                self.rec.buyer_arrival_h.append(t)
                k = max(1, int(self.n_merchants()))
                self.desk.place(t, 0, dest, self.teu())
                if k > 1:
                    env.process(self._visit(k - 1, dest))

    def _visit(self, more: int, dest: int) -> Generator[Any, Any, None]:
        env = self.env
        for _ in range(more):
            yield env.timeout(self.between())
            self.desk.place(env.now, 0, dest, self.teu())

    def _online_orders(self) -> Generator[Any, Any, None]:
        sc, env, rng = self.sc, self.env, self.rng_online
        profile = sc.buyers.monthly_profile
        months = [self.cal.date_of(24.0 * d).month for d in range(sc.days)]
        rates = np.array([profile[m - 1] for m in months]) * sc.online.orders_per_day * sc.scale
        counts = rng.poisson(rates)
        mix = sc.online.destinations or sc.buyers.destinations
        ids, p = _mix(mix, self.dest_index)
        for day, n in enumerate(counts.tolist()):
            if n == 0:
                continue
            times = np.sort(rng.uniform(0.0, 24.0, n)) + 24.0 * day
            dests = rng.choice(ids, size=n, p=p).tolist()
            for t, dest in zip(times.tolist(), dests):
                if t > env.now:
                    yield env.timeout(t - env.now)
                self.desk.place(t, 1, dest, self.online_teu())
