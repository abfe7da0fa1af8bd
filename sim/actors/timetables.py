"""Timetables: when each route's departures leave, and with what capacity factor.

Evenly spaced trains start at a phase that differs by line (golden-ratio offsets of the
interval), so that lines do not all leave at the same hour; a line may instead have a weekly
timetable or Poisson departures. Timetables are published before the season, so they are fixed
before the clock starts.

A line disruption changes the published timetable inside its window as an operator would, so
that a train a forwarder was told of is not moved:

- ``trains_factor`` below 1 cancels published departures, an evenly spread choice of them
  (a Poisson line: each kept with probability ``trains_factor``); 0 suspends the line;
- ``trains_factor`` above 1 keeps every published departure and adds trains between them
  (evenly between two published hours, never at one: two trains a timetable lists at one
  hour get theirs in the gap after that hour; a Poisson line: an independent Poisson stream
  of the added rate). Each added train has its place whatever the windows and runs if its
  hour is in one, so a window shorter than a gap has its share of the trains on average
  over where it falls (``f`` x the weekly rate x its length), and may add none;
- ``capacity_factor`` changes the slots of each departure in force then.
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
    counted from the run's first day, whose weekday is ``first_weekday`` (``lo`` may be
    negative: the weeks before the run's start repeat the timetable)."""
    assert spec.timetable is not None
    out: list[float] = []
    week = math.floor(lo / 168.0)
    while 168.0 * week < hi:
        for slot in spec.timetable:
            t = 168.0 * week + 24.0 * ((slot.weekday - first_weekday) % 7) + slot.hour
            if lo <= t < hi:
                out.append(t)
        week += 1
    return sorted(out)


def _even_times(rate_per_week: float, lo: float, hi: float, phase_key: int) -> list[float]:
    """Evenly spaced departures in ``[lo, hi)`` (``lo`` may be negative)."""
    gap = 168.0 / rate_per_week
    # golden-ratio phases spread the lines' first departures over the interval
    phase = gap * ((phase_key * 0.6180339887498949) % 1.0)
    k = math.ceil((lo - phase) / gap)
    out: list[float] = []
    while phase + k * gap < hi:
        out.append(phase + k * gap)
        k += 1
    return out


def _share(k: int, factor: float) -> int:
    """Departures of the changed timetable for the line's ``k``-th published one (or gap):
    after ``n`` of them, ``round(n * factor)`` in all (halves up), so the kept or added trains
    are spread evenly. ``k`` counts the line's published departures from before the run's
    start, whatever the windows: whether a departure runs depends on its own factor and its
    place in the published timetable only, so one window split in two, or another window
    elsewhere, changes nothing outside it (and a short window on a sparse line cancels a
    train in every other such window, not none)."""
    return math.floor((k + 1) * factor + 0.5) - math.floor(k * factor + 0.5)


def _thinned(published: list[float], lo: float, hi: float, factor: float) -> list[float]:
    """The published departures in ``[lo, hi)`` a ``factor`` below 1 keeps: an evenly spread
    choice (the line's ``k``-th kept when :func:`_share` gives it a train)."""
    a, b = np.searchsorted(published, (lo, hi)).tolist()
    return [published[k] for k in range(a, b) if _share(k, factor) > 0]


def _added(published: list[float], lo: float, hi: float, factor: float) -> list[float]:
    """The published departures in ``[lo, hi)`` and the trains a ``factor`` above 1 adds.

    The line's published departures leave at distinct hours ``u`` (a timetable may list two
    or more at one hour: ``c`` of them, the line's ``k``-th to ``k + c - 1``-th); the gap from
    one to the next gets ``round((k + c) f) - round(k f)`` trains in all (the sum of their
    :func:`_share`), its ``c`` published ones at ``u`` and the others evenly between ``u``
    and the next hour (``f = 2``: one halfway after a single train, two at a third and two
    thirds after a pair), so no added train leaves at a published train's hour. A train
    runs when its hour is in ``[lo, hi)`` (a gap reaching into the stretch from before it
    counts too): where each one would run does not depend on the stretch, so a window split
    in two, or another window elsewhere, changes no train outside it."""
    out: list[float] = []
    hours, first_k, copies = np.unique(published, return_index=True, return_counts=True)
    start = max(0, int(np.searchsorted(hours, lo, side="right")) - 1)
    for i in range(start, len(hours) - 1):
        a, b = float(hours[i]), float(hours[i + 1])
        if a >= hi:
            break
        k, c = int(first_k[i]), int(copies[i])
        if lo <= a:
            out.extend([a] * c)
        n = math.floor((k + c) * factor + 0.5) - math.floor(k * factor + 0.5) - c
        out.extend(t for t in (a + j * (b - a) / (n + 1) for j in range(1, n + 1)) if lo <= t < hi)
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
    interval), so that lines do not all leave at the same hour. A weekly timetable's weekdays
    (0 = Monday) are placed from ``first_weekday``, the weekday of the run's first day
    (``start.weekday()``; 0 places weekday 0 on the first day).

    Inside ``trains_factor`` windows (overlapping ones multiply their factors) the published
    departures are kept as far as the factor allows. An evenly spaced or weekly line below 1
    keeps an evenly spread choice of its published departures in each stretch of one factor
    (the ``k``-th from the stretch's start when ``round((k + 1) f) > round(k f)``, halves up:
    ``f = 0.5`` keeps the first, third, ...); above 1 it keeps them all and adds trains
    evenly between two published hours (``f = 2``: one halfway; ``f = 1.5``: one in every
    other gap; two trains listed at one hour count as two, their added trains in the gap
    after that hour, :func:`_added`); 0 suspends the line. A Poisson line keeps each
    published departure with probability ``f`` below 1 and adds an independent Poisson
    stream of rate ``(f - 1)`` times its rate above 1: either way its departures stay a
    Poisson stream at ``f`` times its rate (thinning and superposition), and a window inside
    another cuts a subset of its trains (one uniform draw per published departure decides it
    whatever the windows).

    A Poisson line draws its published departures over the whole horizon from ``rng``
    whatever its windows; the thinning and added draws come from ``window_rng`` (default
    ``rng``), a uniform for each published departure first, then the added trains window by
    window. So a disruption on one line neither moves its trains outside the window nor the
    draws of the lines after it in a shared stream (common random numbers for a paired
    what-if); an evenly spaced or weekly line draws nothing.
    """
    rate = spec.weekly_rate()
    if rate <= 0:
        return []
    trains_w = [w for w in windows if w.d.trains_factor is not None]
    poisson = spec.poisson_per_week is not None
    if poisson:
        published = _poisson_times(rate, 0.0, horizon_h, rng)
    else:
        # one published departure either side of the run: the gaps at its ends
        span = 168.0 if spec.timetable is not None else 168.0 / rate
        if spec.timetable is not None:
            published = _timetable_times(spec, -span, horizon_h + span, first_weekday)
        else:
            published = _even_times(rate, -span, horizon_h + span, index + 1)
    if not trains_w:
        times = [t for t in published if 0.0 <= t < horizon_h]
    else:
        times = _changed(published, rate, poisson, trains_w, horizon_h,
                         rng if window_rng is None else window_rng)  # fmt: skip
    cap_w = [w for w in windows if w.d.capacity_factor is not None]
    return [(t, capacity_factor_at(cap_w, t)) for t in sorted(times)]


def _changed(
    published: list[float],
    rate: float,
    poisson: bool,
    trains_w: list[Window],
    horizon_h: float,
    rng: np.random.Generator,
) -> list[float]:
    """The departures in ``[0, horizon_h)`` of a line whose ``trains_factor`` windows change
    its ``published`` ones (see :func:`schedule`)."""
    cuts = {0.0, horizon_h}
    for w in trains_w:
        cuts.add(min(max(w.start_h, 0.0), horizon_h))
        cuts.add(min(max(w.end_h, 0.0), horizon_h))
    # one uniform per published Poisson departure, whatever the windows: a train a factor
    # keeps, a smaller factor may cancel, never the other way round
    keep_u = rng.random(len(published)) if poisson else None
    times: list[float] = []
    for lo, hi in pairwise(sorted(cuts)):
        if hi <= lo:
            continue
        factor = 1.0
        for w in trains_w:
            if w.start_h <= lo < w.end_h:
                factor *= w.d.trains_factor  # type: ignore[operator]
        if factor <= 0:
            continue  # suspended
        if factor == 1.0:
            times.extend(t for t in published if lo <= t < hi)
        elif poisson:
            assert keep_u is not None
            a, b = np.searchsorted(published, (lo, hi)).tolist()
            times.extend(t for t, u in zip(published[a:b], keep_u[a:b]) if u < factor)
            if factor > 1.0:  # superposed: Poisson at (factor - 1) x the rate
                times.extend(_poisson_times(rate * (factor - 1.0), lo, hi, rng))
        elif factor < 1.0:
            times.extend(_thinned(published, lo, hi, factor))
        else:
            times.extend(_added(published, lo, hi, factor))
    return times


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
