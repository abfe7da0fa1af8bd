"""Demand: foreign buyers visiting the market, online orders, and the booking of each order.

Buyer visits are a non-homogeneous Poisson process with a piecewise-constant daily rate (base
visits x in-scope share x scale x monthly profile x fair multipliers, zero on closed days): each
day's count is Poisson and the visits are spread uniformly over the opening hours, which is exact
for a piecewise-constant rate. A buyer orders from a number of merchants, one after another, and
ships everything of the visit to one destination. Online orders arrive the same way at their own
daily rate, around the clock, also while the market is closed (they wait for the merchants to
reopen). An order picks its goods category by the category's share times its season multiplier
for the month, then a merchant of that category at random.

Both engines run on the clock, driven by one demand process that wakes at the start of each day
and draws that day's visits and online orders in numpy batches (streams ``buyers``,
``order_size``, ``online``, ``online_size``), and each order's own draws (``orders``,
``mode_choice``, ``last_mile``, ``merchants``) in the order the orders are placed:

- **batched** (:class:`OrderDesk.book`): the orders placed during the day are booked at the day's
  start in one numpy pass — merchants answer them in time order, the routing policy decides with
  the network's state at that moment, and the goods are handed to the routes' forwarders (they
  are at the consolidation point once ready). A visit that runs past midnight places its late
  orders with the next day's.
- **per actor** (:class:`BuyerVisit` and :class:`OnlineOrder` processes, :meth:`OrderDesk.place`):
  one process per visit walks from merchant to merchant and places each order when the clock
  reaches it; the merchant answers that order alone, routing reads the state at that moment, and
  the forwarder receives that order's goods. The readable reference; a test shows that with
  static policies both engines give identical tables.
"""

from __future__ import annotations

from collections.abc import Generator
from itertools import pairwise
from typing import Any

import numpy as np
import simpy

from sim.actors._demand_kernels import UniformLookup, mix_cdf, time_order
from sim.actors.booking import DayOrders, Drawn, OrderDesk, empty_orders
from sim.policies.production import ProductionPolicy
from sim.scenario import Scenario
from sim.world.calendar import MarketCalendar
from sim.world.random_streams import RandomStreams


class DemandSource:
    """Draws each day's buyer visits and online orders (numpy, one batch per stream a day)."""

    def __init__(
        self, sc: Scenario, cal: MarketCalendar, streams: RandomStreams, dest_index: dict[str, int]
    ) -> None:
        self.sc, self.cal = sc, cal
        b = sc.buyers
        self.rng_buyers = streams.get("buyers")
        self.rng_size = streams.get("order_size")
        self.rng_online = streams.get("online")
        self.rng_online_size = streams.get("online_size")
        self.base = b.visits_per_day * b.in_scope_share * sc.scale
        self.dest_ids, self.dest_cdf = mix_cdf(b.destinations, dest_index)
        on = sc.online
        self.on_ids, self.on_cdf = mix_cdf(on.destinations or b.destinations, dest_index)
        self._dest_at = UniformLookup(self.dest_cdf, side="right")
        self._on_at = UniformLookup(self.on_cdf, side="right")
        self.profile = np.array(b.monthly_profile)
        self.visits = 0  # visits drawn so far (their ids)

    def draw(self, day: int) -> tuple[DayOrders, np.ndarray]:
        """Day ``day``'s orders in time order (some may fall after midnight) and its visits'
        arrival times."""
        orders, arrival = self.draw_unsorted(day)
        return orders.take(np.argsort(orders.placed_h, kind="stable")), arrival

    def draw_unsorted(self, day: int) -> tuple[DayOrders, np.ndarray]:
        """:meth:`draw`, the orders as drawn (the visits' orders visit by visit, then the
        online orders): the demand process sorts them once, with the orders carried over."""
        sc, b, rng = self.sc, self.sc.buyers, self.rng_buyers
        n = int(rng.poisson(self.cal.buyer_multiplier[day] * self.base))
        open_h, close_h = b.open_hours
        arrival = 24.0 * day + rng.uniform(open_h, close_h, n)
        arrival = arrival[time_order(arrival)]  # np.sort(arrival, kind="stable")
        visit_dest = self.dest_ids[self._dest_at(rng.random(n))]  # as rng.choice(p=...)
        per_visit = np.maximum(1, b.merchants_per_visit.sample(rng, n).astype(np.int64))
        total = int(per_visit.sum())
        visit_of = np.repeat(np.arange(n), per_visit)
        gaps = b.between_merchants_h.sample(rng, total)
        first = np.cumsum(per_visit) - per_visit  # index of each visit's first order
        gaps[first] = 0.0  # the first order is placed on arrival
        walked = np.cumsum(gaps)
        # a buyer orders only while the market is open: the walk from merchant to merchant
        # runs on market hours, and a visit that reaches closing time goes on at the next
        # open day's opening (buyers stay several days in Yiwu)
        buyer_t = self.cal.after_market_hours(
            arrival[visit_of], walked - np.repeat(walked[first], per_visit), open_h, close_h
        )
        buyer_teu = b.order_teu.sample(self.rng_size, total)
        on, rng_on = sc.online, self.rng_online
        month = int(self.cal.month_of_day[day])
        m = int(rng_on.poisson(self.profile[month - 1] * on.orders_per_day * sc.scale))
        online_t = 24.0 * day + rng_on.uniform(0.0, 24.0, m)
        online_dest = self.on_ids[self._on_at(rng_on.random(m))]
        online_teu = on.order_teu.sample(self.rng_online_size, m)
        teu = np.concatenate((buyer_teu, online_teu))
        orders = DayOrders(
            placed_h=np.concatenate((buyer_t, online_t)),
            dest=np.concatenate((visit_dest[visit_of], online_dest)),
            teu=np.maximum(teu, 1e-6, out=teu),
            visit=np.concatenate((self.visits + visit_of, np.full(m, -1, np.int64))),
        )
        self.visits += n
        return orders, arrival


class Demand:
    """The demand process: at the start of each day, draw the day's orders and have them
    placed — all at once (batched) or one process per visit and online order (per actor)."""

    def __init__(
        self,
        env: simpy.Environment,
        sc: Scenario,
        source: DemandSource,
        desk: OrderDesk,
        production: ProductionPolicy | None = None,
    ) -> None:
        self.env, self.sc, self.source, self.desk = env, sc, source, desk
        self.production = production
        self.overtime_days = 0
        self.horizon_h = sc.days * 24.0
        self.per_actor = sc.engine == "per_actor"
        self.carried = empty_orders()  # orders of visits that ran past midnight

    def run(self) -> Generator[Any, Any, None]:
        env = self.env
        for day in range(self.sc.days):
            if 24.0 * day > env.now:
                yield env.timeout(24.0 * day - env.now)
            self._overtime(day)
            fresh, arrivals = self.source.draw_unsorted(day)
            self.desk.buyer_arrival_h.append(arrivals)
            # one stable sort of the orders carried over (in time order) and the day's as
            # drawn: the order that sorting the day's first and then both would give
            pending = DayOrders.join(self.carried, fresh)
            pending = pending.take(time_order(pending.placed_h))
            # in time order: today's orders, then those after midnight, then beyond the horizon
            today, horizon = np.searchsorted(
                pending.placed_h, (24.0 * (day + 1), self.horizon_h), side="left"
            ).tolist()
            self.carried = pending.rows(today, horizon)
            batch = pending.rows(0, min(today, horizon))
            drawn = self.desk.draw(batch)
            if self.per_actor:
                self._start_actors(batch, drawn)
                continue
            # each slice of the day's orders is booked when the clock reaches its first order,
            # on the state of that moment; a slice ends at the next cut-off or announcement,
            # so no order is decided on a state from before one (DESIGN: closed loop)
            plan = self.desk.prepare(batch, drawn)
            for lo, hi in self._slices(batch.placed_h, day):
                t = float(batch.placed_h[lo])
                if t > env.now:
                    yield env.timeout(t - env.now)
                self.desk.book_slice(plan, lo, hi)

    def _slices(self, placed_h: np.ndarray, day: int) -> list[tuple[int, int]]:
        """The day's orders (in time order) cut at the moments the network changes what a
        decision can know: departures' cut-offs and disruption announcements. An order
        placed exactly at such a moment is in the slice that starts there."""
        n = placed_h.size
        if n == 0:
            return []
        cuts = self.desk.lg.decision_times_h(24.0 * day, 24.0 * (day + 1))
        bounds = np.searchsorted(placed_h, cuts, side="left").tolist()
        edges = sorted({0, n, *(b for b in bounds if 0 < b < n)})
        return list(pairwise(edges))

    def _overtime(self, day: int) -> None:
        """The workshops' decision for the day: overtime when the backlog is long."""
        policy, market = self.production, self.desk.market
        if policy is None or not policy.decides_daily or market.production is None:
            return
        factor = policy.overtime(market.backlog_teu(), market.full_output_teu_per_day())
        if factor != 1.0:
            self.overtime_days += 1
        market.production.set_factor(day, factor)

    def _start_actors(self, batch: DayOrders, drawn: Drawn) -> None:
        """One process per buyer visit (its orders of the day, walking between merchants) and
        per online order."""
        visits: dict[int, list[int]] = {}
        for i, v in enumerate(batch.visit.tolist()):
            if v < 0:
                self.env.process(OnlineOrder(self.env, self.desk, batch, drawn, i).run())
            else:
                visits.setdefault(v, []).append(i)
        for orders in visits.values():
            self.env.process(BuyerVisit(self.env, self.desk, batch, drawn, orders).run())


class BuyerVisit:
    """A foreign buyer walking the market: orders from one merchant after another, each placed
    when the clock reaches it (its part of the visit on one day: a visit that runs past
    midnight continues as another process the next day, with that day's draws)."""

    def __init__(
        self,
        env: simpy.Environment,
        desk: OrderDesk,
        batch: DayOrders,
        drawn: Drawn,
        orders: list[int],
    ) -> None:
        self.env, self.desk, self.batch, self.drawn, self.orders = env, desk, batch, drawn, orders

    def run(self) -> Generator[Any, Any, None]:
        for i in self.orders:
            t = float(self.batch.placed_h[i])
            if t > self.env.now:
                yield self.env.timeout(t - self.env.now)
            self.desk.place_one(self.batch, self.drawn, i)


class OnlineOrder:
    """An online order, placed when the clock reaches its time."""

    def __init__(
        self, env: simpy.Environment, desk: OrderDesk, batch: DayOrders, drawn: Drawn, i: int
    ) -> None:
        self.env, self.desk, self.batch, self.drawn, self.i = env, desk, batch, drawn, i

    def run(self) -> Generator[Any, Any, None]:
        t = float(self.batch.placed_h[self.i])
        if t > self.env.now:
            yield self.env.timeout(t - self.env.now)
        self.desk.place_one(self.batch, self.drawn, self.i)
