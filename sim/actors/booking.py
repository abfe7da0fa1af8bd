"""The order desk: how one order is booked — its category's deadline, the merchant, the
merchant's answer (when the goods will be ready), the route (the routing policy, on the live
state), the rate quoted, and the hand-over of the goods to the route's forwarder.

A slice of a day's orders is booked at once in numpy (:meth:`OrderDesk.book`, the batched
engine), or one order at a time in plain Python (:meth:`OrderDesk.place_one`, the per-actor
reference); with static policies both give the same records.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from sim.actors._demand_kernels import UniformLookup
from sim.actors.forwarders import DayGoods
from sim.actors.logistics import Logistics
from sim.actors.merchants import Market
from sim.actors.records import Columns
from sim.actors.state import NetworkState
from sim.policies.base import NetworkView
from sim.policies.pricing import PricingPolicy, charged_quote, charged_quotes
from sim.policies.routing import Bookings, OneBooking, RoutingPolicy
from sim.scenario import DaysAfterOrderDeadline, FixedDateDeadline, Scenario, SpringFestivalDeadline
from sim.world.calendar import MarketCalendar
from sim.world.demand import expected_orders
from sim.world.random_streams import RandomStreams

ORDER_COLUMNS = {
    # codes as narrow integers: two million orders a year are written as they are booked, and
    # every byte less is memory the run does not have to fault in
    "placed_h": float,
    "channel": np.int8,  # 0 buyer visit, 1 online
    "category": np.int16,
    "merchant": np.int32,
    "dest": np.int16,
    "route": np.int16,  # as booked (a container rolled over later takes its orders along)
    "teu": float,
    "deadline_h": float,
    "last_mile_h": float,
    "backordered": bool,
    "ready_h": float,
    "quoted_usd_per_teu": float,  # the freight rate quoted when it was booked: what it pays
}
"""The order records, by order id (ids in the order orders were placed)."""


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
class DayOrders:
    """Orders to be placed: times, destinations, sizes and their visit (-1 online), in time
    order (ties: buyer orders first, then by draw order) once sorted."""

    placed_h: np.ndarray
    dest: np.ndarray
    teu: np.ndarray
    visit: np.ndarray

    @property
    def channel(self) -> np.ndarray:
        """0 for an order of a buyer visit, 1 online (an order without a visit)."""
        return (self.visit < 0).view(np.int8)

    def take(self, idx: np.ndarray) -> DayOrders:
        return DayOrders(*(getattr(self, f)[idx] for f in DayOrders.__dataclass_fields__))

    def rows(self, start: int, stop: int) -> DayOrders:
        """Orders ``start`` to ``stop`` (views, no copy)."""
        return DayOrders(*(getattr(self, f)[start:stop] for f in DayOrders.__dataclass_fields__))

    @staticmethod
    def join(a: DayOrders, b: DayOrders) -> DayOrders:
        return DayOrders(
            *(
                np.concatenate((getattr(a, f), getattr(b, f)))
                for f in DayOrders.__dataclass_fields__
            )
        )


def empty_orders() -> DayOrders:
    z = np.zeros(0)
    zi = np.zeros(0, dtype=np.int64)
    return DayOrders(z, zi, z, zi)


@dataclass
class Drawn:
    """Each order's own random draws, made when its day begins (same in both engines)."""

    u_category: np.ndarray
    u_merchant: np.ndarray
    u_route: np.ndarray
    last_mile_h: np.ndarray
    category: np.ndarray
    handling_h: np.ndarray

    def rows(self, start: int, stop: int) -> Drawn:
        """The draws of orders ``start`` to ``stop`` (views, no copy)."""
        return Drawn(*(getattr(self, f)[start:stop] for f in Drawn.__dataclass_fields__))

    def take(self, idx: np.ndarray) -> Drawn:
        return Drawn(*(getattr(self, f)[idx] for f in Drawn.__dataclass_fields__))


@dataclass
class DayPlan:
    """A day's orders with what is known of each before the day begins
    (:meth:`OrderDesk.prepare`): the rest is decided slice by slice, on the state of the
    slice's moment. ``None``: decided in the slices."""

    batch: DayOrders
    drawn: Drawn
    deadline: np.ndarray
    open_h: np.ndarray
    merchant: np.ndarray
    ready: np.ndarray | None = None
    back: np.ndarray | None = None
    route: np.ndarray | None = None
    quoted: np.ndarray | None = None
    # decided ahead: the day's goods grouped by route, and the id of the day's first order
    goods: DayGoods | None = None
    goods_key: np.ndarray | None = None
    route_base: np.ndarray | None = None
    first_id: int = 0


def _decides_ahead(policy: object) -> bool:
    """Whether a policy's answer for an order depends on the order alone, so that it may be
    worked out before the order's moment: a built-in rule that reads no state. A plug-in
    policy is always asked at the order's moment (it may read the state without saying so)."""
    return not getattr(policy, "reads_state", True) and type(policy).__module__.startswith(
        "sim.policies."
    )


class OrderDesk:
    """Books orders: category, merchant, deadline, the merchant's answer, the route (routing
    policy, on the live state) and the hand-over to the route's forwarder; records each order.

    Parameters
    ----------
    sc, cal, market, logistics
        The scenario, calendar, merchants and logistics of the run.
    routing, view
        The routing policy and the live state it may read.
    streams
        The run's random streams (``orders``, ``mode_choice``, ``last_mile``).
    """

    def __init__(
        self,
        sc: Scenario,
        cal: MarketCalendar,
        market: Market,
        logistics: Logistics,
        routing: RoutingPolicy,
        view: NetworkView,
        streams: RandomStreams,
    ) -> None:
        self.sc, self.cal, self.market, self.lg = sc, cal, market, logistics
        self.routing, self.view = routing, view
        self.pricing: PricingPolicy | None = None  # the rates quoted (None: the base rates)
        self.rng = streams.get("orders")
        self.rng_route = streams.get("mode_choice")
        self.rng_last_mile = streams.get("last_mile")
        self.cum_weights = np.cumsum(np.array(category_weights(sc)), axis=1)
        self._category_at = [UniformLookup(w, side="left") for w in self.cum_weights]
        self.first_merchant = np.array([c.first_merchant for c in market.categories])
        self.n_merchants = np.array([c.n_merchants for c in market.categories])
        self._last_merchant = self.n_merchants - 1  # within the category
        # deadlines: the categories whose deadline depends on the day only, and the others
        self._days_after = [
            (ci, c.deadline.days * 24.0)
            for ci, c in enumerate(sc.market.categories)
            if isinstance(c.deadline, DaysAfterOrderDeadline)
        ]
        self._deadline_day: tuple[int, np.ndarray] | None = None  # (day, by category)
        # sized for the orders the scenario is expected to place, so the columns rarely grow
        self.orders = Columns(ORDER_COLUMNS, capacity=int(1.1 * expected_orders(sc)) + 1024)
        # orders placed elsewhere (buyers.reaction: lost_sale)
        self.lost = Columns(
            {"placed_h": float, "category": np.int64, "dest": np.int64, "teu": float}
        )
        self.buyer_arrival_h: list[np.ndarray] = []

    # ----------------------------------------------------------------- draws

    def draw(self, batch: DayOrders) -> Drawn:
        """The orders' own random draws, in the order they will be placed."""
        n = batch.placed_h.size
        u_cat, u_merchant = self.rng.random(n), self.rng.random(n)
        u_route = self.rng_route.random(n)
        last_mile = self.sc.logistics.last_mile_h.sample(self.rng_last_mile, n)
        month = self._one_month(batch.placed_h)
        if month is None:
            month_of = self.cal.month_of_day[(batch.placed_h // 24).astype(np.int64)] - 1
            if n and bool((month_of == month_of[0]).all()):
                month = int(month_of[0])
        if month is not None:  # a day's orders: one month
            # the categories whose cumulative weight is below u, as the general case counts them
            category = self._category_at[month](u_cat)  # np.searchsorted(..., side="left")
        else:
            category = (u_cat[:, None] > self.cum_weights[month_of]).sum(axis=1)
        category = np.minimum(category, self.cum_weights.shape[1] - 1)
        handling = self.market.draw_handling(category)
        return Drawn(u_cat, u_merchant, u_route, last_mile, category, handling)

    def _one_month(self, placed_h: np.ndarray) -> int | None:
        """The month (0-11) of orders placed within less than 28 days of one month (a day's
        orders), from the first and the last order alone; None otherwise."""
        if not placed_h.size:
            return None
        first, last = placed_h.min() // 24, placed_h.max() // 24
        months = self.cal.month_of_day
        if not (first >= 0 and last < months.size and last - first < 28):
            return None
        m = int(months[int(first)])
        return m - 1 if m == months[int(last)] else None

    def _one_day(self, placed_h: np.ndarray) -> int | None:
        """The day of orders all placed on one day (a day's batch), else None."""
        if not placed_h.size:
            return None
        day = placed_h.min() // 24
        return int(day) if day == placed_h.max() // 24 and day >= 0 else None

    def _day_deadlines(self, day: int) -> np.ndarray:
        """By category, the deadline of an order placed on ``day`` where it depends on the
        day only (NaN: none, or one that depends on the hour): the same values the general
        case computes per order. The next festival strictly after any hour of the day is the
        next after its start, as festivals begin at midnight."""
        if self._deadline_day is not None and self._deadline_day[0] == day:
            return self._deadline_day[1]
        cal = self.cal
        start = 24.0 * day
        out = np.full(len(self.sc.market.categories), np.nan)
        for ci, cat in enumerate(self.sc.market.categories):
            d = cat.deadline
            if isinstance(d, SpringFestivalDeadline):
                i = bisect_right(cal.festival_h, start)
                if i < len(cal.festival_h):
                    out[ci] = cal.festival_h[i]
            elif isinstance(d, FixedDateDeadline):
                out[ci] = cal.next_month_day_h(start, d.month, d.day)
        self._deadline_day = (day, out)
        return out

    def deadlines_h(self, category: np.ndarray, placed_h: np.ndarray) -> np.ndarray:
        """Each order's deadline in clock hours (NaN: none)."""
        one_day = self._one_day(placed_h)
        if one_day is not None:  # a day's orders: one look-up, then 'days after order' ones
            out = self._day_deadlines(one_day)[category]
            for ci, after_h in self._days_after:
                m = category == ci
                if m.any():
                    out[m] = placed_h[m] + after_h
            return out
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
                days, which = np.unique(day[m], return_inverse=True)
                per_day = [cal.next_month_day_h(24.0 * x, d.month, d.day) for x in days.tolist()]
                out[m] = np.asarray(per_day)[which]
            elif isinstance(d, DaysAfterOrderDeadline):
                out[m] = placed_h[m] + d.days * 24.0
        return out

    # ----------------------------------------------------------------- booking

    def prepare(self, batch: DayOrders, drawn: Drawn) -> DayPlan:
        """What can be known of a day's orders (in time order) before the day begins: each
        order's deadline, open hours, merchant and — where no decision before it can remove an
        order (no ``lost_sale`` buyers) — its merchant's answer; where the routing and the
        prices read nothing of the network (static built-in rules), its route and quote too.

        Nothing but the day's own orders changes a merchant's stock within a day (the
        workshops' overtime is decided at midnight), so working the day's answers out in time
        order now gives each order the answer it gets at its own moment; the per-actor
        reference, which asks each merchant when the order is placed, gives the same tables
        (tests/test_closed_loop.py). Whatever reads the live state is left to the slices."""
        category = drawn.category
        deadline = self.deadlines_h(category, batch.placed_h)
        open_h = self.cal.open_hours_until_many(batch.placed_h)
        merchant = (drawn.u_merchant * self.n_merchants[category]).astype(np.int64)
        np.minimum(merchant, self._last_merchant[category], out=merchant)
        merchant += self.first_merchant[category]
        plan = DayPlan(batch, drawn, deadline, open_h, merchant)
        if self.sc.buyers.reaction == "lost_sale" or not batch.placed_h.size:
            return plan
        plan.ready, plan.back = self.market.fulfil_batch(
            category, merchant, batch.teu, batch.placed_h, open_h, drawn.handling_h
        )
        if not _decides_ahead(self.routing):
            return plan
        plan.route = self.routing.choose(
            Bookings(batch.dest, batch.placed_h, deadline, drawn.u_route, plan.ready), self.view
        )
        if self.pricing is None or _decides_ahead(self.pricing):
            plan.quoted = self._base_quotes(plan.route, batch.dest)
            self._group_goods(plan)
        return plan

    def _group_goods(self, plan: DayPlan) -> None:
        """Group a day's goods by route once, for the slices to hand each forwarder its rows
        (:meth:`_hand_over_rows`). The day's orders get the next order ids in time order, as
        every slice of the day is recorded."""
        assert plan.route is not None and plan.ready is not None
        n = plan.route.size
        plan.first_id = self.orders.n
        plan.goods, code = self._by_route(
            plan.route, plan.first_id, plan.ready, plan.batch.teu, plan.deadline
        )
        # (route, row) as one ascending key: a route's rows of a slice are one binary search
        plan.goods_key = code.astype(np.int64) * n + (plan.goods.oid - plan.first_id)
        plan.route_base = np.arange(len(self.lg.routes), dtype=np.int64) * n

    def _by_route(
        self, route: np.ndarray, first: int, ready: np.ndarray, teu: np.ndarray,
        deadline: np.ndarray,
    ) -> tuple[DayGoods, np.ndarray]:  # fmt: skip
        """The goods of orders ``first`` on (in time order) grouped by route, each route's in
        order id order, and each row's route code (route -1, none, first)."""
        # route codes fit 16 bits, where numpy's stable sort is a radix sort
        code = route.astype(np.int16) if len(self.lg.routes) < 2**15 else route
        by_route = np.argsort(code, kind="stable")
        goods = DayGoods(ready[by_route], by_route + first, teu[by_route], deadline[by_route])
        return goods, code[by_route]

    def book(self, batch: DayOrders, drawn: Drawn) -> np.ndarray:
        """Book orders (in time order) now, as one slice: see :meth:`book_slice`."""
        return self.book_slice(self.prepare(batch, drawn), 0, batch.placed_h.size)

    def book_slice(self, plan: DayPlan, lo: int, hi: int) -> np.ndarray:
        """Book the day's orders ``lo`` to ``hi`` now (their slice: no cut-off or announcement
        falls between its first order and its last); returns their order ids. The live state
        is read as one snapshot, since nothing in the network moves while they are booked."""
        if hi <= lo:
            return np.zeros(0, dtype=np.int64)
        if plan.quoted is not None:  # nothing left to decide: record and hand over
            route = plan.route[lo:hi]  # type: ignore[index]
            return self._record(plan, lo, hi, route, plan.quoted[lo:hi])
        if isinstance(self.view, NetworkState):
            with self.view.snapshot():
                return self._book(plan, lo, hi)
        return self._book(plan, lo, hi)

    def _book(self, plan: DayPlan, lo: int, hi: int) -> np.ndarray:
        """Book orders ``lo`` to ``hi`` of the day now: lost sales on the state at this moment,
        merchants' answers (if not known ahead), the route for the goods' ready time, the
        rate quoted now."""
        batch, drawn = plan.batch.rows(lo, hi), plan.drawn.rows(lo, hi)
        deadline, open_h = plan.deadline[lo:hi], plan.open_h[lo:hi]
        ready = None if plan.ready is None else plan.ready[lo:hi]
        rows = np.arange(lo, hi)
        if self.sc.buyers.reaction == "lost_sale":
            # the buyer weighs the merchant's quoted handling (a stock-out is not known yet)
            quoted = self.cal.time_at_open_hours_many(open_h + drawn.handling_h, batch.placed_h)
            lost = self._lost(batch, deadline, quoted)
            if lost.any():
                category = drawn.category
                self.lost.extend(
                    placed_h=batch.placed_h[lost], category=category[lost],
                    dest=batch.dest[lost], teu=batch.teu[lost],
                )  # fmt: skip
                rows = rows[~lost]
                if not rows.size:
                    return np.zeros(0, dtype=np.int64)
                batch, drawn = plan.batch.take(rows), plan.drawn.take(rows)
                deadline, open_h = plan.deadline[rows], plan.open_h[rows]
        if ready is None:
            # the merchant answers first: the route is chosen for when the goods will be ready
            ready, back = self.market.fulfil_batch(
                drawn.category, plan.merchant[rows], batch.teu, batch.placed_h, open_h,
                drawn.handling_h,
            )  # fmt: skip
        else:
            back = plan.back[lo:hi]  # type: ignore[index]
        route = self.routing.choose(
            Bookings(batch.dest, batch.placed_h, deadline, drawn.u_route, ready), self.view
        )
        answered = DayPlan(batch, drawn, deadline, open_h, plan.merchant[rows], ready, back)
        quoted = self._quotes(route, batch.dest, ready)
        return self._record(answered, 0, rows.size, route, quoted)

    def _record(
        self, plan: DayPlan, lo: int, hi: int, route: np.ndarray, quoted: np.ndarray
    ) -> np.ndarray:
        """Record orders ``lo`` to ``hi`` of ``plan`` (``route`` and ``quoted`` theirs) and
        hand their goods over."""
        b, d = plan.batch, plan.drawn
        ready = plan.ready[lo:hi]  # type: ignore[index]
        teu, deadline = b.teu[lo:hi], plan.deadline[lo:hi]
        first = self.orders.extend(
            placed_h=b.placed_h[lo:hi], channel=b.channel[lo:hi], category=d.category[lo:hi],
            merchant=plan.merchant[lo:hi], dest=b.dest[lo:hi], route=route, teu=teu,
            deadline_h=deadline, last_mile_h=d.last_mile_h[lo:hi],
            backordered=plan.back[lo:hi], ready_h=ready,  # type: ignore[index]
            quoted_usd_per_teu=quoted,
        )  # fmt: skip
        self.lg.dest_of_order = self.orders["dest"]
        if plan.goods is not None:
            assert first == plan.first_id + lo, "a day's orders are recorded in time order"
            self._hand_over_rows(plan, lo, hi)
        else:
            self._hand_over(route, first, ready, teu, deadline)
        return first + np.arange(hi - lo, dtype=np.int64)

    def _hand_over_rows(self, plan: DayPlan, lo: int, hi: int) -> None:
        """Give each route's forwarder the goods of the day's orders ``lo`` to ``hi`` from the
        day's goods grouped by route (:meth:`_group_goods`)."""
        assert plan.goods is not None and plan.goods_key is not None
        assert plan.route_base is not None
        base = plan.route_base
        bounds = np.searchsorted(plan.goods_key, np.concatenate((base + lo, base + hi)))
        self._give(plan.goods, bounds.tolist(), base.size)

    def _give(self, goods: DayGoods, bounds: list[int], ends_at: int) -> None:
        """Each route's forwarder receives rows ``bounds[r]`` to ``bounds[r + ends_at]`` of
        ``goods`` (its own)."""
        for r in self.lg.routes:
            a, b = bounds[r.index], bounds[r.index + ends_at]
            if b > a:
                r.forwarder.receive_rows(goods, a, b)

    def _base_quotes(self, route: np.ndarray, dest: np.ndarray) -> np.ndarray:
        """The scenario's rate per TEU of each order's route (NaN: no route)."""
        has = route >= 0
        out = np.full(route.size, np.nan)
        out[has] = self.routing.options.cost_usd[route[has], dest[has]]
        return out

    def _quotes(self, route: np.ndarray, dest: np.ndarray, ready_h: np.ndarray) -> np.ndarray:
        """The rate per TEU each order is quoted now by its route (NaN: no route): the base
        rates where prices do not move (a built-in rule that reads no state), else one quote
        per pair present, through the live state (a user's policy is always asked); where the
        rate depends on when the goods will travel (a sea quote with a disruption announced
        ahead), the policy's rate for goods ready at ``ready_h``."""
        pricing = self.pricing
        if pricing is None or _decides_ahead(pricing):
            return self._base_quotes(route, dest)
        return charged_quotes(pricing, route, dest, ready_h, self.view)

    def _hand_over(
        self, route: np.ndarray, first: int, ready: np.ndarray, teu: np.ndarray,
        deadline: np.ndarray,
    ) -> None:  # fmt: skip
        """Give each route's forwarder its orders' goods (orders ``first`` on, in time order;
        route -1: none), each route's in order id order."""
        goods, code = self._by_route(route, first, ready, teu, deadline)
        bounds = np.searchsorted(code, np.arange(len(self.lg.routes) + 1)).tolist()
        self._give(goods, bounds, 1)

    def _lost(self, batch: DayOrders, deadline: np.ndarray, ready_h: np.ndarray) -> np.ndarray:
        """Orders whose deadline no route is expected (live state now, goods ready at
        ``ready_h``) to meet, last mile included: the buyer places them elsewhere."""
        has = ~np.isnan(deadline)
        if not has.any():
            return has
        options = self.routing.options
        last_mile = self.sc.logistics.last_mile_h.mean()
        arrive = np.full(deadline.size, np.inf)
        dest = batch.dest
        for d in np.unique(dest[has]).tolist():
            at = np.flatnonzero(has & (dest == d))
            for r in (options.rail[d], options.sea[d]):
                if r >= 0:
                    e = self.view.expected_arrivals_h(int(r), d, ready_h[at])
                    np.minimum(arrive[at], e + last_mile, out=e)
                    arrive[at] = e
        return has & (arrive > deadline)

    # ----------------------------------------------------------------- one order at a time

    def deadline_one(self, category: int, placed_h: float) -> float:
        """One order's deadline in clock hours (NaN: none), in plain Python."""
        d = self.sc.market.categories[category].deadline
        cal = self.cal
        if isinstance(d, SpringFestivalDeadline):
            i = bisect_right(cal.festival_h, placed_h)
            return float(cal.festival_h[i]) if i < len(cal.festival_h) else math.nan
        if isinstance(d, FixedDateDeadline):
            return float(cal.next_month_day_h(24.0 * (placed_h // 24), d.month, d.day))
        if isinstance(d, DaysAfterOrderDeadline):
            return placed_h + d.days * 24.0
        return math.nan

    def place_one(self, batch: DayOrders, drawn: Drawn, i: int) -> int:
        """Place order ``i`` of a day's orders now, deciding in plain Python (the per-actor
        reference): the buyer picks a merchant of the category drawn; a ``lost_sale`` buyer
        gives up when no route is expected to meet the deadline; the merchant answers with
        the goods' ready time; the routing policy chooses for that time; the route quotes its
        rate; the forwarder receives the goods. Returns the order id, or -1 for a lost sale."""
        t = float(batch.placed_h[i])
        dest = int(batch.dest[i])
        teu = float(batch.teu[i])
        category = int(drawn.category[i])
        handling = float(drawn.handling_h[i])
        deadline = self.deadline_one(category, t)
        open_h = self.cal.open_hours_until_one(t)
        if self.sc.buyers.reaction == "lost_sale" and not math.isnan(deadline):
            quoted_ready = self.cal.time_at_open_hours_one(open_h + handling, t)
            if self._lost_one(dest, deadline, quoted_ready):
                self.lost.extend(placed_h=t, category=category, dest=dest, teu=teu)
                return -1
        n = int(self.n_merchants[category])
        merchant = min(int(float(drawn.u_merchant[i]) * n), n - 1)
        merchant += int(self.first_merchant[category])
        ready, back = self.market.fulfil_one(category, merchant, teu, t, open_h, handling)
        order = OneBooking(dest, t, deadline, float(drawn.u_route[i]), ready)
        route = self.routing.choose_one(order, self.view)
        if route < 0:
            quoted = math.nan
        elif self.pricing is not None and not _decides_ahead(self.pricing):
            quoted = charged_quote(self.pricing, route, dest, ready, self.view)
        else:
            quoted = float(self.routing.options.cost_usd[route, dest])
        oid = self.orders.extend(
            placed_h=t, channel=int(batch.visit[i] < 0), category=category, merchant=merchant,
            dest=dest, route=route, teu=teu, deadline_h=deadline,
            last_mile_h=float(drawn.last_mile_h[i]), backordered=back, ready_h=ready,
            quoted_usd_per_teu=quoted,
        )  # fmt: skip
        self.lg.dest_of_order = self.orders["dest"]
        if route >= 0:
            self.lg.routes[route].forwarder.receive(
                np.array([ready]), np.array([oid]), np.array([teu]), np.array([deadline])
            )
        return oid

    def _lost_one(self, dest: int, deadline: float, ready_h: float) -> bool:
        """Whether no route is expected (live state now) to deliver goods ready at
        ``ready_h`` by the deadline, last mile included."""
        options = self.routing.options
        last_mile = self.sc.logistics.last_mile_h.mean()
        arrive = math.inf
        for r in (int(options.rail[dest]), int(options.sea[dest])):
            if r >= 0:
                arrive = min(arrive, self.view.expected_arrival_at_h(r, dest, ready_h) + last_mile)
        return arrive > deadline

    def table(self) -> dict[str, np.ndarray]:
        """The order records (columns by order id)."""
        return self.orders.frozen()
