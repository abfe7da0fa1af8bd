"""Timetables: when each route's departures leave, and with what capacity factor.

Evenly spaced trains start at a phase that differs by line (golden-ratio offsets of the
interval), so that lines do not all leave at the same hour; a line may instead have a weekly
timetable or Poisson departures. Line disruptions change the rate (``trains_factor``; 0
suspends the line) or the capacity (``capacity_factor``) inside their window. Timetables are
published before the season, so they are fixed before the clock starts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import pairwise

import numpy as np

from sim.actors.borders import Window
from sim.scenario import LineSpec


def _poisson_times(
    rate_per_week: float, lo: float, hi: float, rng: np.random.Generator
) -> list[float]:
    out: list[float] = []
    mean_gap = 168.0 / rate_per_week
    t = lo
    while True:
        t += float(rng.exponential(mean_gap))
        if t >= hi:
            return out
        out.append(t)


def _timetable_times(spec: LineSpec, lo: float, hi: float, first_weekday: int = 0) -> list[float]:
    """A weekly timetable's departures in ``[lo, hi)``: each slot's weekday (0 = Monday)
    counted from the run's first day, whose weekday is ``first_weekday``."""
    assert spec.timetable is not None
    out: list[float] = []
    week = 0
    while 168.0 * week < hi:
        for slot in spec.timetable:
            t = 168.0 * week + 24.0 * ((slot.weekday - first_weekday) % 7) + slot.hour
            if lo <= t < hi:
                out.append(t)
        week += 1
    return sorted(out)


def _even_times(rate_per_week: float, lo: float, hi: float, phase_key: int) -> list[float]:
    gap = 168.0 / rate_per_week
    # golden-ratio phases spread the lines' first departures over the interval
    phase = gap * ((phase_key * 0.6180339887498949) % 1.0)
    k = max(0, math.ceil((lo - phase) / gap))
    out: list[float] = []
    while phase + k * gap < hi:
        out.append(phase + k * gap)
        k += 1
    return out


def schedule(
    spec: LineSpec,
    index: int,
    horizon_h: float,
    rng: np.random.Generator,
    windows: list[Window],
    first_weekday: int = 0,
    window_rng: np.random.Generator | None = None,
) -> list[tuple[float, float]]:
    """Departure times within ``[0, horizon_h)`` and their capacity factor.

    Evenly spaced trains start at a phase that differs by line (golden-ratio offsets of the
    interval), so that lines do not all leave at the same hour. Inside a ``trains_factor``
    window, departures are evenly spaced (or Poisson) at the changed rate; 0 suspends the line.
    A weekly timetable's weekdays (0 = Monday) are placed from ``first_weekday``, the weekday
    of the run's first day (``start.weekday()``; 0 places weekday 0 on the first day).

    A Poisson line draws its departures over the whole horizon from ``rng`` whatever its
    windows, and keeps those outside them; inside a window it draws at the changed rate from
    ``window_rng`` (default ``rng``). So a disruption on one line neither moves its trains
    outside the window nor the draws of the lines after it in a shared stream (common random
    numbers for a paired what-if).
    """
    rate = spec.weekly_rate()
    trains_w = [w for w in windows if w.d.trains_factor is not None]
    cuts = {0.0, horizon_h}
    for w in trains_w:
        cuts.add(min(max(w.start_h, 0.0), horizon_h))
        cuts.add(min(max(w.end_h, 0.0), horizon_h))
    poisson = spec.poisson_per_week is not None
    base = _poisson_times(rate, 0.0, horizon_h, rng) if poisson else []
    inside_rng = rng if window_rng is None else window_rng
    times: list[float] = []
    for lo, hi in pairwise(sorted(cuts)):
        factor = 1.0
        for w in trains_w:
            if w.start_h <= lo < w.end_h:
                factor *= w.d.trains_factor  # type: ignore[operator]
        r = rate * factor
        if r <= 0 or hi <= lo:
            continue
        if poisson and factor == 1.0:
            times.extend(t for t in base if lo <= t < hi)
        elif poisson:
            times.extend(_poisson_times(r, lo, hi, inside_rng))
        elif spec.timetable is not None and factor == 1.0:
            times.extend(_timetable_times(spec, lo, hi, first_weekday))
        else:
            times.extend(_even_times(r, lo, hi, index + 1))
    cap_w = [w for w in windows if w.d.capacity_factor is not None]
    return [(t, capacity_factor_at(cap_w, t)) for t in sorted(times)]


def capacity_factor_at(windows: Iterable[Window], t: float) -> float:
    """The product of the capacity factors of the line disruptions in force at ``t``."""
    f = 1.0
    for w in windows:
        if w.d.capacity_factor is not None and w.active(t):
            f *= w.d.capacity_factor
    return f


def added_room(capacity: int, windows: Iterable[Window], t: float) -> int | None:
    """The slots of a departure an operator or carrier adds at ``t`` to a line of ``capacity``
    slots per departure: None while a disruption suspends the line (``trains_factor: 0``: its
    timetable has no departure then either), else the capacity cut as the timetable's
    departures are (:func:`capacity_factor_at`)."""
    windows = list(windows)
    if any(w.d.trains_factor == 0 and w.active(t) for w in windows):
        return None
    return max(0, round(capacity * capacity_factor_at(windows, t)))
