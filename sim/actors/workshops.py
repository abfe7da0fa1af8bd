"""Merchants' workshops as SimPy processes (the per-actor reference engine).

A merchant's workshop makes goods while the market is open and stops over the Spring Festival
closure, when its workers go home. In the per-actor engine each merchant's workshop is one
SimPy process, :func:`workshop`: it sleeps until the market opens, works until the market
closes, and so on over the calendar's open stretches. The merchant's stock reads it: what the
workshop has made since the merchant's last order is its production rate times the hours it
has worked since (:meth:`Workshop.hours_worked`), and the stock is capped at what the merchant
can hold (:meth:`sim.actors.merchants.Market.fulfil_one`).

Why the hours and not the goods: the batched engine adds a merchant's production since its last
order to the stock in one step (rate x hours). Adding it in daily steps as the workshop makes it
would round differently in the last bit, and the two engines' tables would no longer be equal.
So the workshop keeps the one thing that changes on its own clock, the hours it has worked, with
exactly the calendar's arithmetic (whole open days as multiples of 24, plus the hours into the
day), and the stock does the one multiplication the batched engine does.

The batched engine has no workshop process: it reads the same hours off the calendar
(:meth:`sim.world.calendar.MarketCalendar.open_hours_until_many`) when a slice of orders reaches
the merchants. With a production plan (a ramp after the festival, overtime) the workshop works
each day at the day's share of full output (:mod:`sim.policies.production`), and its hours are
production hours, as the batched engine's production clock counts them.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any

import simpy

from sim.world.calendar import MarketCalendar


def open_stretches(calendar: MarketCalendar, horizon_h: float) -> list[tuple[int, int]]:
    """The market's open stretches that begin before ``horizon_h``: (first open day, first
    closed day after it) as day indices (the last may end past the horizon)."""
    open_day = calendar.open_day
    n = len(open_day)
    out = []
    d = 0
    while d < n and 24.0 * d < horizon_h:
        if not open_day[d]:
            d += 1
            continue
        first = d
        while d < n and open_day[d]:
            d += 1
        out.append((first, d))
    return out


class Workshop:
    """One merchant's workshop: whether it is working, and the hours it has worked.

    Parameters
    ----------
    merchant
        The merchant's index in the market.
    output
        The production plan: each day's output as a share of full output (a ramp after the
        festival, overtime decided at the start of a day: :mod:`sim.policies.production`), read
        as the days come (overtime is written into it day by day); None: full output on every
        day the workshop works. A day's share turns its hours at work into production hours.
    """

    __slots__ = ("_day", "_day_h", "banked_h", "merchant", "output", "since_day")

    def __init__(self, merchant: int, output: Sequence[float] | None = None) -> None:
        self.merchant = merchant
        self.output = output
        self.banked_h = 0.0  # hours worked up to the start of the current stretch (or its end)
        self.since_day: int | None = None  # the day the current stretch began; None: stopped
        # within a stretch, the hours worked up to the start of day _day (whole days added one
        # at a time as the clock passes them, as the production clock adds them up)
        self._day = 0
        self._day_h = 0.0

    @property
    def working(self) -> bool:
        """Whether the workshop is at work now."""
        return self.since_day is not None

    def start_work(self, day: int) -> None:
        """The market opens on ``day``: the workshop starts."""
        self.since_day = self._day = day
        self._day_h = self.banked_h

    def stop_work(self, day: int) -> None:
        """The market closes on ``day`` (it was open the day before): the workshop stops, with
        every day of the stretch worked."""
        self.banked_h = self._whole_days_until(day)
        self.since_day = None

    def share(self, day: int) -> float:
        """Day ``day``'s output as a share of full output (1 without a production plan)."""
        out = self.output
        return 1.0 if out is None or day >= len(out) else float(out[day])

    def _whole_days_until(self, day: int) -> float:
        """Hours worked up to the start of ``day`` (in the current stretch, ``day`` not
        before the last asked)."""
        while self._day < day:
            self._day_h += 24.0 * self.share(self._day)
            self._day += 1
        return self._day_h

    def hours_worked(self, now_h: float) -> float:
        """Production hours from the start of the run to ``now_h`` (the clock's time).

        While working: the stretch's whole days, one after another, then today's share of the
        hours into today: the calendar's open hours (or the production clock's hours) to the
        last bit, since both add the days up in the same order."""
        if self.since_day is None:
            return self.banked_h
        h = now_h if now_h > 0.0 else 0.0
        day = int(h // 24)
        return self._whole_days_until(day) + self.share(day) * (h - 24.0 * day)


def workshop(
    env: simpy.Environment, shop: Workshop, stretches: list[tuple[int, int]]
) -> Generator[Any, Any, None]:
    """The process of one merchant's workshop: over each open stretch of the market calendar,
    wait for the market to open, work, and stop when it closes for the festival.

    Parameters
    ----------
    env
        The clock.
    shop
        The workshop's state, which the merchant's stock reads.
    stretches
        The calendar's open stretches (:func:`open_stretches`).
    """
    for first_day, closed_day in stretches:
        if 24.0 * first_day > env.now:
            yield env.timeout(24.0 * first_day - env.now)  # closed: the workers are away
        shop.start_work(first_day)
        yield env.timeout(24.0 * closed_day - env.now)  # at work until the market closes
        shop.stop_work(closed_day)


def open_workshops(
    env: simpy.Environment,
    calendar: MarketCalendar,
    n_merchants: int,
    horizon_h: float,
    output: Sequence[float] | None = None,
) -> list[Workshop]:
    """One workshop per merchant, each its own process from now (the start of the run);
    ``output``: the production plan's daily shares (None: full output on open days)."""
    stretches = open_stretches(calendar, horizon_h)
    shops = [Workshop(m, output) for m in range(n_merchants)]
    for shop in shops:
        env.process(workshop(env, shop, stretches))
    return shops
