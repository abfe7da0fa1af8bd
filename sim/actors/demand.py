"""Demand: foreign buyers visiting the market, and online orders.

Buyer visits are a non-homogeneous Poisson process with a piecewise-constant daily rate (base
visits x in-scope share x scale x monthly profile x fair multipliers, zero on closed days): each
day's count is Poisson and the visits are spread uniformly over the opening hours, which is exact
for a piecewise-constant rate. A buyer orders from a number of merchants, one after another, and
ships everything of the visit to one destination. Online orders arrive the same way at their own
daily rate, around the clock, also while the market is closed (they wait for the merchants to
reopen). An order picks its goods category by the category's share times its season multiplier
for the month, then a merchant of that category at random.

Because arrivals do not depend on the state of the market, the whole run's demand is drawn at the
start, in numpy batches (:func:`plan_demand`), and :class:`OrderDesk` turns it into orders before
the clock starts: merchants answer each order from their own earlier orders only, and the mode
choice reads the order's own timestamp, never the clock. Forwarders pack goods only once they are
ready, so this is the same model as one event per order, at a fraction of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.actors.logistics import Logistics
from sim.actors.merchants import Market
from sim.actors.recorder import Recorder
from sim.policies.routing import ModeChooser
from sim.scenario import DaysAfterOrderDeadline, FixedDateDeadline, Scenario, SpringFestivalDeadline
from sim.world.calendar import MarketCalendar
from sim.world.random_streams import RandomStreams


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


@dataclass
class DemandPlan:
    """Every order of the run, sorted by time (ties: buyer orders first, then by draw order)."""

    placed_h: np.ndarray
    channel: np.ndarray  # 0 buyer visit, 1 online
    dest: np.ndarray
    teu: np.ndarray
    buyer_arrival_h: np.ndarray


def _mix(mix: dict[str, float], dest_index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    ids = np.array([dest_index[d] for d in mix], dtype=np.int64)
    p = np.array(list(mix.values()), dtype=float)
    return ids, p / p.sum()


def plan_demand(
    sc: Scenario, cal: MarketCalendar, streams: RandomStreams, dest_index: dict[str, int]
) -> DemandPlan:
    """Draw all buyer visits and online orders of the run (streams ``buyers``, ``order_size``,
    ``online``, ``online_size``)."""
    horizon_h = sc.days * 24.0
    b = sc.buyers
    rng = streams.get("buyers")
    base = b.visits_per_day * b.in_scope_share * sc.scale
    counts = rng.poisson(np.asarray(cal.buyer_multiplier[: sc.days]) * base)
    n = int(counts.sum())
    open_h, close_h = b.open_hours
    arrival = np.repeat(np.arange(sc.days) * 24.0, counts) + rng.uniform(open_h, close_h, n)
    arrival.sort(kind="stable")  # visits of a day in time order; days are already in order
    ids, p = _mix(b.destinations, dest_index)
    visit_dest = rng.choice(ids, size=n, p=p)
    per_visit = np.maximum(1, b.merchants_per_visit.sample(rng, n).astype(np.int64))
    total = int(per_visit.sum())
    visit_of = np.repeat(np.arange(n), per_visit)
    gaps = b.between_merchants_h.sample(rng, total)
    first = np.cumsum(per_visit) - per_visit  # index of each visit's first order
    gaps[first] = 0.0  # the first order is placed on arrival
    walked = np.cumsum(gaps)
    buyer_t = arrival[visit_of] + walked - np.repeat(walked[first], per_visit)
    buyer_teu = b.order_teu.sample(streams.get("order_size"), total)
    on = sc.online
    rng_on = streams.get("online")
    profile = np.array(b.monthly_profile)
    on_counts = rng_on.poisson(
        profile[cal.month_of_day[: sc.days] - 1] * on.orders_per_day * sc.scale
    )
    m = int(on_counts.sum())
    online_t = np.repeat(np.arange(sc.days) * 24.0, on_counts) + rng_on.uniform(0.0, 24.0, m)
    oids, op = _mix(on.destinations or b.destinations, dest_index)
    online_dest = rng_on.choice(oids, size=m, p=op)
    online_teu = on.order_teu.sample(streams.get("online_size"), m)
    t = np.concatenate((buyer_t, online_t))
    order = np.argsort(t, kind="stable")
    order = order[t[order] < horizon_h]  # a visit that runs past the end places no more orders
    return DemandPlan(
        placed_h=t[order],
        channel=np.concatenate((np.zeros(total, np.int64), np.ones(m, np.int64)))[order],
        dest=np.concatenate((visit_dest[visit_of], online_dest))[order],
        teu=np.maximum(np.concatenate((buyer_teu, online_teu))[order], 1e-6),
        buyer_arrival_h=arrival,
    )


class OrderDesk:
    """Turns planned demand into order records: category, merchant, deadline, route, and the
    merchant's answer (when the goods are ready, and whether they were backordered)."""

    def __init__(
        self,
        sc: Scenario,
        cal: MarketCalendar,
        market: Market,
        logistics: Logistics,
        chooser: ModeChooser,
        rec: Recorder,
        rng: np.random.Generator,
        last_mile_rng: np.random.Generator,
    ) -> None:
        self.sc = sc
        self.last_mile_rng = last_mile_rng
        self.cal = cal
        self.market = market
        self.lg = logistics
        self.chooser = chooser
        self.rec = rec
        self.rng = rng
        self.cum_weights = np.cumsum(np.array(category_weights(sc)), axis=1)

    def deadlines_h(self, category: np.ndarray, placed_h: np.ndarray) -> np.ndarray:
        """Each order's deadline in clock hours (NaN: none)."""
        cal = self.cal
        out = np.full(placed_h.size, np.nan)
        day = (placed_h // 24).astype(np.int64)
        for ci, cat in enumerate(self.sc.market.categories):
            m = category == ci
            d = cat.deadline
            if not m.any():
                continue
            if isinstance(d, SpringFestivalDeadline):
                fest = np.append(np.asarray(cal.festival_h, dtype=float), np.nan)
                out[m] = fest[np.searchsorted(cal.festival_h, placed_h[m], side="right")]
            elif isinstance(d, FixedDateDeadline):
                days = np.unique(day[m])
                per_day = {int(x): cal.next_month_day_h(24.0 * x, d.month, d.day) for x in days}
                out[m] = [per_day[int(x)] for x in day[m]]
            elif isinstance(d, DaysAfterOrderDeadline):
                out[m] = placed_h[m] + d.days * 24.0
        return out

    def add(self, plan: DemandPlan) -> None:
        """Decide category, merchant, deadline and route of every planned order, take the
        goods from the merchants, and hand them to the forwarders of their routes (vectorised;
        before the clock starts)."""
        n = plan.placed_h.size
        u_cat, u_merchant = self.rng.random(n), self.rng.random(n)
        month = self.cal.month_of_day[(plan.placed_h // 24).astype(np.int64)] - 1
        cum = self.cum_weights[month]
        category = np.minimum((u_cat[:, None] > cum).sum(axis=1), cum.shape[1] - 1)
        first = np.array([c.first_merchant for c in self.market.categories])
        count = np.array([c.n_merchants for c in self.market.categories])
        merchant = first[category] + np.minimum(
            (u_merchant * count[category]).astype(np.int64), count[category] - 1
        )
        deadline = self.deadlines_h(category, plan.placed_h)
        route = self.chooser.choose_many(plan.dest, plan.placed_h, deadline)
        last_mile = self.sc.logistics.last_mile_h.sample(self.last_mile_rng, n)
        open_h = self.cal.open_hours_until_many(plan.placed_h)
        handling = self.market.draw_handling(category)
        ready, back = self.market.fulfil_batch(
            category, merchant, plan.teu, plan.placed_h, open_h, handling
        )
        first_oid = self.rec.n_orders
        self.rec.add_orders(
            plan, category=category, merchant=merchant, route=route, deadline_h=deadline,
            last_mile_h=last_mile, ready_h=ready, backordered=back,
        )  # fmt: skip
        oid = first_oid + np.arange(n)
        by_route = np.argsort(route, kind="stable")
        bounds = np.searchsorted(route[by_route], np.arange(len(self.lg.routes) + 1))
        for r in self.lg.routes:
            i = by_route[bounds[r.index] : bounds[r.index + 1]]
            r.forwarder.receive(ready[i], oid[i], plan.teu[i])
