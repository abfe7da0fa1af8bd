"""Simulation clock and market calendar.

The SimPy clock runs in **hours** since the scenario's ``start`` date at 00:00 (Asia/Shanghai
calendar days). This module converts between the clock and dates, computes the Spring Festival
(lunar new year) dates from the lunar calendar, closes the market around the festival (from
lunar 12/27 to lunar 1/12), and gives the daily multiplier of buyer visits from the monthly
profile and the fairs.

Merchants produce and handle goods only on open days; :meth:`MarketCalendar.open_hours_until` and
:meth:`MarketCalendar.time_after_open_hours` turn "N open hours of work" into a clock time, so
closure shifts work without any polling process.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from datetime import date, datetime, timedelta

import numpy as np
from lunardate import LunarDate

from sim.scenario import Scenario

LUNAR_YEARS = (1900, 2099)
"""Years for which the lunar calendar (the ``lunardate`` package) gives festival dates."""


def spring_festival(year: int) -> date:
    """The Spring Festival (lunar 1/1) that falls in Gregorian year ``year``.

    Computed from the Chinese lunisolar calendar (``lunardate``, tables of the Purple Mountain
    Observatory, 1900-2099) rather than a hand-written table, so any year in that range works.

    Raises
    ------
    ValueError
        For a year outside :data:`LUNAR_YEARS`.
    """
    return LunarDate(year, 1, 1).to_solar_date()


def closure_start(festival: date, start_offset_days: int) -> date:
    """First closed day before the festival ``festival`` (a lunar 1/1).

    The market closes on a *lunar* date, about lunar 12/27; ``start_offset_days`` (-4 by
    default) names that day as ``31 + offset`` of the last lunar month, which has 29 or 30
    days. So the closure starts 4 days before the festival after a 30-day month and 3 days
    before it after a 29-day month (2026: lunar 12/27 is 14 February, the festival 17
    February). An offset naming day 30 of a 29-day month means its last day (New Year's Eve).
    A festival date that is not a lunar 1/1 (a date a scenario gives for a made-up world), or
    is outside :data:`LUNAR_YEARS`, counts the offset in plain days.
    """
    try:
        eve = LunarDate.from_solar_date(*(festival - timedelta(days=1)).timetuple()[:3])
        is_new_year = LunarDate.from_solar_date(*festival.timetuple()[:3])
    except ValueError:
        return festival + timedelta(days=start_offset_days)
    if (is_new_year.month, is_new_year.day, is_new_year.is_leap_month) != (1, 1, False):
        return festival + timedelta(days=start_offset_days)
    month_days = eve.day  # the eve is the last day of the last lunar month: 29 or 30
    first_day = min(31 + start_offset_days, month_days)
    return festival - timedelta(days=month_days - first_day + 1)


def festivals_between(first: date, last: date) -> list[date]:
    """Every Spring Festival from the year before ``first`` to the year after ``last`` (the
    years the lunar calendar covers; none outside them)."""
    lo, hi = max(first.year - 1, LUNAR_YEARS[0]), min(last.year + 1, LUNAR_YEARS[1])
    return [spring_festival(y) for y in range(lo, hi + 1)]


HORIZON_PAD_DAYS = 800
"""Days of calendar kept beyond the run, for work that finishes after the last simulated day."""


def festivals_of(scenario: Scenario) -> list[date]:
    """The Spring Festivals a scenario runs with, in order: the dates it lists in
    ``calendar.spring_festival``, else the lunar calendar's around the run and its padding.

    Everything that needs the festivals of a run (the calendar, the report's horizon
    warnings) asks here, so a run outside the lunar calendar's years that lists its own dates
    is never sent to the lunar calendar.
    """
    listed = scenario.calendar.spring_festival
    if listed is not None:
        return sorted(listed)
    last = scenario.start + timedelta(days=scenario.days + HORIZON_PAD_DAYS)
    return festivals_between(scenario.start, last)


class MarketCalendar:
    """Dates, closure days and buyer multipliers for one scenario.

    Parameters
    ----------
    scenario
        The (validated) scenario; its ``calendar`` and ``buyers.monthly_profile`` are used.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.start = scenario.start
        self.days = scenario.days
        n = scenario.days + HORIZON_PAD_DAYS
        self.festivals = festivals_of(scenario)
        self.festival_h = [self.hour_of(d) for d in self.festivals]
        cl = scenario.calendar.closure
        closed = [False] * n
        for f in self.festivals:
            # closes on a lunar date (about 12/27), reopens festival + offset days (lunar 1/12)
            first = (closure_start(f, cl.start_offset_days) - self.start).days
            for d in range(max(first, 0), min((f - self.start).days + cl.reopen_offset_days, n)):
                closed[d] = True
        self.open_day = [not c for c in closed]
        cum = [0.0] * (n + 1)
        for d in range(n):
            cum[d + 1] = cum[d] + (24.0 if self.open_day[d] else 0.0)
        # next_open[d] = first open day >= d (n if none), to jump over closures
        nxt = [n] * (n + 1)
        for d in range(n - 1, -1, -1):
            nxt[d] = d if self.open_day[d] else nxt[d + 1]
        # as arrays for the batch conversions; one entry past the padding, counted as open
        self._cum_open = np.asarray(cum)
        self._open_mask = np.asarray([*self.open_day, True])
        self._next_open = np.asarray(nxt, dtype=np.int64)
        # For the conversions of a batch that stays within the calendar (every batch the
        # merchants convert): open hours in (24 (j - 1), 24 j] are reached on the j-th open
        # day, d = open_days[j - 1], where cum[d] = 24 (j - 1); the clock time is then
        # 24 d + (target - cum[d]), that subtraction exact (a difference of at most 24 from
        # a multiple of 24 that is 0 or >= 24), so it is (24 d - cum[d]) + target, rounded
        # once alike. The shift 24 d - cum[d] by j (0 for j = 0: target <= 0, day 0).
        open_days = np.flatnonzero(self._open_mask[:n])
        self._clock_shift = np.concatenate(([0.0], 24.0 * (open_days - np.arange(open_days.size))))
        # closed days, as the bounds of each closure in clock hours: a time on a closed day
        # lies between a closure's first hour and its end, and moves to that end (the next
        # open day)
        bounds = []
        for d in range(n):
            if closed[d] and (d == 0 or not closed[d - 1]):
                bounds += [24.0 * d, 24.0 * nxt[d]]
        self._closure_h = np.asarray(bounds)
        # the same as Python lists, for the one-at-a-time conversions of the reference engine
        self._cum_list = cum
        self._shift_list = self._clock_shift.tolist()
        self._closure_list = bounds
        self._next_open_list = nxt
        profile = scenario.buyers.monthly_profile
        mult = []
        months = []
        for d in range(n):
            day = self.start + timedelta(days=d)
            months.append(day.month)
            m = profile[day.month - 1]
            for fair in scenario.calendar.fairs:
                if fair.start <= day <= fair.end:
                    m *= fair.buyer_multiplier
            mult.append(m if self.open_day[d] else 0.0)
        self.buyer_multiplier = mult
        self.month_of_day = np.asarray(months, dtype=np.int64)
        """Calendar month (1-12) of each day index, the run and the padding after it."""
        self.n_days = n

    # ------------------------------------------------------------------ clock <-> dates

    def hour_of(self, day: date) -> float:
        """Clock hour at 00:00 of ``day``."""
        return float((day - self.start).days * 24)

    def hour_at(self, moment: date | datetime) -> float:
        """Clock hour of ``moment``: a date means its 00:00, a date and time its hour."""
        if isinstance(moment, datetime):
            day = (moment.date() - self.start).days * 24.0
            return day + moment.hour + moment.minute / 60.0 + moment.second / 3600.0
        return self.hour_of(moment)

    def date_of(self, hour: float) -> date:
        """Calendar day that clock hour ``hour`` falls on."""
        return self.start + timedelta(days=int(hour // 24))

    def is_open(self, hour: float) -> bool:
        """Whether the market (and its merchants' workshops) work at ``hour``."""
        d = int(hour // 24)
        return d >= self.n_days or d < 0 or self.open_day[d]

    # ------------------------------------------------------------------ open-hour arithmetic

    def open_hours_until(self, hour: float) -> float:
        """Open hours from the start of the run up to ``hour``."""
        return float(self.open_hours_until_many(np.array([hour]))[0])

    def open_hours_until_many(self, hours: np.ndarray) -> np.ndarray:
        """:meth:`open_hours_until` of many clock hours at once."""
        cum = self._cum_open
        if hours.size:
            # a day's orders (the usual batch) all fall on one day: its open hours up to its
            # start, plus the hours since on an open day
            lo, hi = hours.min(), hours.max()
            d = lo // 24
            if d == hi // 24 and 0 <= d < self.n_days:
                day = int(d)
                if self.open_day[day]:
                    return cum[day] + (hours - 24.0 * day)
                return np.full(hours.size, cum[day])
        h = np.clip(hours, 0.0, None)
        d = np.minimum((h // 24).astype(np.int64), self.n_days)
        inside = np.where(self._open_mask[d], h - 24.0 * d, 0.0)
        beyond = h - 24.0 * self.n_days
        return np.where(d >= self.n_days, cum[-1] + beyond, cum[d] + inside)

    def time_at_open_hours(self, target: float, not_before: float = 0.0) -> float:
        """Earliest clock time, not before ``not_before`` and on an open day, at which
        ``open_hours_until`` reaches ``target``."""
        return float(self.time_at_open_hours_many(np.array([target]), np.array([not_before]))[0])

    def time_at_open_hours_many(self, target: np.ndarray, not_before: np.ndarray) -> np.ndarray:
        """:meth:`time_at_open_hours` of many targets at once (an infinite target stays
        infinite: work that never finishes)."""
        cum = self._cum_open
        if target.size:
            lo, hi = target.min(), target.max()
            if -np.inf < lo and hi < cum[-1]:  # finite, within the calendar (no NaN either)
                return self._time_at_open_hours_within(target, not_before, lo)
        n = self.n_days
        finite = np.isfinite(target)
        tgt = np.where(finite, target, 0.0)
        # day d is the first whose end-of-day cumulative open time reaches the target
        d = np.maximum(np.searchsorted(cum, tgt, side="left"), 1) - 1
        d = np.minimum(d, n)
        t = np.where(tgt >= cum[-1], 24.0 * n + (tgt - cum[-1]), 24.0 * d + (tgt - cum[d]))
        t = np.maximum(t, not_before)
        # (a day past the calendar is never closed: capped there before the cast, so a time
        # beyond any integer, from a lead time of 1e20 days, casts without a warning)
        day = np.fmin(t // 24, n).astype(np.int64)
        on_closed = (day >= 0) & (day < n) & ~self._open_mask[np.clip(day, 0, n)]
        t = np.where(on_closed, 24.0 * self._next_open[np.clip(day, 0, n)], t)
        return np.where(finite, t, target)

    def _time_at_open_hours_within(
        self, target: np.ndarray, not_before: np.ndarray, lo: float
    ) -> np.ndarray:
        """:meth:`time_at_open_hours_many` of finite targets (the smallest ``lo``), all before
        the calendar's end: the same times in fewer numpy passes."""
        # j = ceil(target / 24), the open days begun by the target: a rough quotient within
        # half a day, then made exact by one comparison of exact products (no float division,
        # no search: both cost far more on a day's orders than these few passes)
        j = ((target + 12.0) * (1.0 / 24.0)).astype(np.int64)
        j += 24.0 * j < target
        if lo <= 0.0:  # at most 0 open hours: day 0 (j may have come out negative)
            np.maximum(j, 0, out=j)
        t = self._clock_shift[j]
        t += target
        np.maximum(t, not_before, out=t)
        # a time on a closed day (between a closure's bounds: odd insertion point) waits for
        # the reopening; NaN sorts last, so stays as it is, as in the general conversion
        where = np.searchsorted(self._closure_h, t, side="right")
        closed = (where & 1).astype(bool)
        if closed.any():
            t[closed] = self._closure_h[where[closed]]
        return t

    def after_market_hours(
        self, start_h: np.ndarray, walk_h: np.ndarray, open_h: float, close_h: float
    ) -> np.ndarray:
        """Clock times ``walk_h`` market hours after ``start_h`` (times the market is open).

        The market's hall is open from ``open_h`` to ``close_h`` on open days; time spent in
        it stops at closing and goes on at the next open day's opening. A time that stays
        within its day is ``start_h + walk_h`` exactly.
        """
        length = close_h - open_h
        day = start_h // 24.0
        into = (start_h - 24.0 * day - open_h) + walk_h  # market hours since today's opening
        extra = np.floor(into / length).astype(np.int64)  # further open days it runs into
        np.maximum(extra, 0, out=extra)
        out = start_h + walk_h
        late = np.flatnonzero(extra)
        if late.size:
            open_days = np.flatnonzero(self._open_mask[: self.n_days])
            pos = np.searchsorted(open_days, day[late].astype(np.int64)) + extra[late]
            inside = pos < open_days.size
            # past the calendar's padding every day counts as open
            last = open_days[-1] if open_days.size else -1
            d = np.where(
                inside,
                open_days[np.minimum(pos, max(open_days.size - 1, 0))],
                last + 1 + (pos - open_days.size),
            )
            out[late] = 24.0 * d + open_h + (into[late] - extra[late] * length)
        return out

    # ------------------------------------------------------------------ one at a time
    # The per-actor reference converts one order's times in plain Python: the same operations
    # on the same numbers as the batch conversions above, so the same times.

    def open_hours_until_one(self, hour: float) -> float:
        """:meth:`open_hours_until` in plain Python."""
        cum = self._cum_list
        h = hour if hour > 0.0 else 0.0
        d = min(int(h // 24), self.n_days)
        if d >= self.n_days:
            return cum[-1] + (h - 24.0 * self.n_days)
        return cum[d] + (h - 24.0 * d) if self.open_day[d] else cum[d]

    def time_at_open_hours_one(self, target: float, not_before: float) -> float:
        """:meth:`time_at_open_hours` in plain Python."""
        cum = self._cum_list
        if not math.isfinite(target):
            return target
        if target < cum[-1]:  # within the calendar, as the batch conversion's fast path
            j = int((target + 12.0) * (1.0 / 24.0))
            if 24.0 * j < target:
                j += 1
            if j < 0:
                j = 0
            t = self._shift_list[j] + target
            t = max(t, not_before)
            where = bisect_right(self._closure_list, t)
            return self._closure_list[where] if where & 1 else t
        n = self.n_days
        t = 24.0 * n + (target - cum[-1])
        t = max(t, not_before)
        day = int(t // 24)
        if 0 <= day < n and not self.open_day[day]:
            t = 24.0 * self._next_open_list[day]
        return t

    def time_after_open_hours(self, hour: float, duration_h: float) -> float:
        """Clock time when ``duration_h`` hours of work started at ``hour`` are done."""
        return self.time_at_open_hours(self.open_hours_until(hour) + duration_h, hour)

    # ------------------------------------------------------------------ deadlines

    def next_festival_h(self, hour: float) -> float | None:
        """Clock hour of the first Spring Festival strictly after ``hour`` (None if unknown)."""
        i = bisect_right(self.festival_h, hour)
        return self.festival_h[i] if i < len(self.festival_h) else None

    def next_month_day_h(self, hour: float, month: int, day: int) -> float:
        """Clock hour of the first ``month``/``day`` strictly after ``hour``."""
        d = self.date_of(hour)
        for year in (d.year, d.year + 1, d.year + 2):
            try:
                cand = date(year, month, day)
            except ValueError:  # 29 Feb in a common year: use 28 Feb
                cand = date(year, month, 28)
            h = self.hour_of(cand)
            if h > hour:
                return h
        raise AssertionError("unreachable: a month/day recurs within two years")

    def closure_windows(self) -> list[tuple[date, date]]:
        """Closed periods within the run, as (first closed day, reopening day)."""
        out = []
        d = 0
        while d < self.days:
            if not self.open_day[d]:
                e = d
                while e < self.n_days and not self.open_day[e]:
                    e += 1
                out.append((self.start + timedelta(days=d), self.start + timedelta(days=e)))
                d = e
            else:
                d += 1
        return out
