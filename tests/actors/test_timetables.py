"""Departures under a line disruption's ``trains_factor`` (sim.actors.timetables.schedule).

The published timetable is kept as far as the factor allows: a factor below 1 cancels some of
the published departures, above 1 adds trains to all of them; a Poisson line is thinned or
superposed, so it stays a Poisson stream at the changed rate.
"""

from __future__ import annotations

import datetime
from itertools import pairwise

import numpy as np
import pytest

from sim.actors.borders import Window
from sim.actors.timetables import schedule
from sim.scenario import LineSpec
from sim.scenario.schema import Disruption

DAY = datetime.date(2025, 9, 1)
YEAR_H = 52 * 168.0
TWO_YEARS_H = 2 * YEAR_H


def _window(start_h: float, end_h: float, **effect: float) -> Window:
    d = Disruption(target="line", id="L01", start=DAY, end=DAY, **effect)  # type: ignore[arg-type]
    return Window(start_h, end_h, d)


def _times(spec: LineSpec, windows: list[Window], horizon: float = 24 * 56.0, **kw) -> list[float]:
    seed = kw.pop("seed", 0)
    rng = np.random.default_rng(seed)
    window_rng = np.random.default_rng(seed + 1000)
    return [t for t, _ in schedule(spec, 3, horizon, rng, windows, window_rng=window_rng, **kw)]


EVERY_DAY = LineSpec(trains_per_week=7)
WEEKLY = LineSpec(timetable=[{"weekday": 0, "hour": 10}, {"weekday": 3, "hour": 8}])


@pytest.mark.parametrize("spec", [EVERY_DAY, WEEKLY], ids=["even", "timetable"])
def test_twice_the_trains_keeps_every_published_train_and_adds_as_many(spec):
    """``trains_factor: 2`` over weeks 2-5: every published departure still leaves at its
    hour (a train already booked is not moved), and the window has twice as many, each added
    one between two published ones; outside the window nothing changes."""
    published = _times(spec, [])
    lo, hi = 2 * 168.0, 6 * 168.0
    doubled = _times(spec, [_window(lo, hi, trains_factor=2.0)])
    assert set(published) <= set(doubled)
    inside = [t for t in published if lo <= t < hi]
    added = [t for t in doubled if t not in published]
    assert all(lo <= t < hi for t in added)
    assert abs(len(added) - len(inside)) <= 1  # (one in the gap open at the window's start)
    for t in added:  # between two published departures, halfway
        before = max(p for p in published if p < t)
        after = min(p for p in published if p > t)
        assert t == pytest.approx((before + after) / 2)


def test_a_weekly_timetable_keeps_its_weekday_slots_inside_a_window():
    """A weekly line's Monday 10:00 and Thursday 08:00 trains stay on Mondays and Thursdays
    under ``trains_factor`` 2 and 0.5 (the window's departures used to be spaced evenly
    from the window's start, on other days and hours)."""
    lo, hi = 168.0, 5 * 168.0
    slots = {(0, 10.0), (3, 8.0)}
    for factor in (2.0, 0.5):
        times = _times(WEEKLY, [_window(lo, hi, trains_factor=factor)])
        published = [t for t in times if t in set(_times(WEEKLY, []))]
        assert {(int(t // 24) % 7, t % 24) for t in published} == slots
    halved = _times(WEEKLY, [_window(lo, hi, trains_factor=0.5)])
    assert all((int(t // 24) % 7, t % 24) in slots for t in halved)


@pytest.mark.parametrize("spec", [EVERY_DAY, WEEKLY], ids=["even", "timetable"])
def test_half_the_trains_cancels_every_other_published_train(spec):
    """``trains_factor: 0.5``: a subset of the published departures, none moved; the window
    keeps every other one (counted along the line's published timetable, so half of them,
    give or take the one at an end)."""
    published = _times(spec, [])
    lo, hi = 2 * 168.0, 6 * 168.0
    halved = _times(spec, [_window(lo, hi, trains_factor=0.5)])
    assert set(halved) <= set(published)
    inside = [t for t in published if lo <= t < hi]
    kept = [t for t in halved if lo <= t < hi]
    assert kept in (inside[::2], inside[1::2])
    assert [t for t in halved if not lo <= t < hi] == [t for t in published if not lo <= t < hi]


def test_an_uneven_factor_spreads_kept_and_added_trains_evenly():
    """0.3 keeps 3 trains in 10, never two of every three in a row; 1.5 adds a train to every
    other gap."""
    published = _times(EVERY_DAY, [], horizon=24 * 10.0)
    kept = _times(EVERY_DAY, [_window(0.0, 240.0, trains_factor=0.3)], horizon=24 * 10.0)
    flags = [t in kept for t in published]
    assert len(published) == 10
    assert sum(flags) == 3 and not any(a and b for a, b in pairwise(flags))
    more = _times(EVERY_DAY, [_window(0.0, 240.0, trains_factor=1.5)], horizon=24 * 10.0)
    assert len(more) == 15 and set(published) <= set(more)
    gaps_with_one = [
        i for i, (a, b) in enumerate(pairwise(published)) if any(a < t < b for t in more)
    ]
    assert gaps_with_one == [1, 3, 5, 7]  # (and one after the last published departure)


def test_suspension_and_overlapping_windows_multiply():
    """0 suspends; 2 and 0.5 over the same days give the published timetable back."""
    lo, hi = 168.0, 336.0
    published = _times(EVERY_DAY, [])
    off = _times(EVERY_DAY, [_window(lo, hi, trains_factor=0.0)])
    assert off == [t for t in published if not lo <= t < hi]
    both = [_window(lo, hi, trains_factor=2.0), _window(lo, hi, trains_factor=0.5)]
    assert _times(EVERY_DAY, both) == published


POISSON = LineSpec(poisson_per_week=40)


def _poisson(factor: float, seed: int) -> tuple[list[float], list[float]]:
    """A Poisson line's published departures over two years and those with ``factor`` over
    the whole time."""
    h = TWO_YEARS_H
    published = _times(POISSON, [], horizon=h, seed=seed)
    changed = _times(POISSON, [_window(0.0, h, trains_factor=factor)], h, seed=seed)
    return published, changed


@pytest.mark.parametrize("factor", [0.5, 2.5])
def test_a_poisson_line_stays_poisson_at_the_changed_rate(factor):
    """Thinned (each published departure kept with probability 0.5) or superposed (an
    independent Poisson stream at 1.5 x the rate added), a Poisson line of 40 a week stays a
    Poisson stream at ``factor`` x 40 a week: over two years the count lies within 4 standard
    deviations of its mean (sd = sqrt(mean) for a Poisson count; for thinning, of the
    binomial draw given the published count), the gaps' coefficient of variation is 1 within
    0.1 (an exponential's, estimated from at least 2,000 gaps: sd about 0.02; evenly spaced
    trains give 0), and the gaps are memoryless (the share longer than the mean gap is
    exp(-1) within 0.04, about 4 sd). Thinned, it keeps only published departures;
    superposed, it keeps them all."""
    published, changed = _poisson(factor, seed=7)
    if factor < 1:
        assert set(changed) <= set(published)
        n = len(published)
        mean, sd = factor * n, np.sqrt(n * factor * (1 - factor))
    else:
        assert set(published) <= set(changed)
        mean = factor * 40 * 104
        sd = np.sqrt(mean)
    assert abs(len(changed) - mean) < 4 * sd
    gaps = np.diff(changed)
    assert gaps.std() / gaps.mean() == pytest.approx(1.0, abs=0.1)
    assert (gaps > gaps.mean()).mean() == pytest.approx(np.exp(-1.0), abs=0.04)


def test_a_deeper_cut_on_a_poisson_line_cancels_a_subset_of_a_milder_ones():
    """One uniform a published departure decides its fate under any factor: the trains a
    0.25 keeps are among those a 0.5 keeps (a cut told in two steps only cancels more)."""
    _, half = _poisson(0.5, seed=3)
    _, quarter = _poisson(0.25, seed=3)
    assert set(quarter) <= set(half) and len(quarter) < len(half)


def test_a_poisson_window_moves_nothing_outside_it_nor_the_next_lines_draws():
    """Common random numbers: the window's draws come from the line's own stream, so the
    line's trains outside the window and the next line's trains (drawn after it from the
    shared stream) are those of the run without the window."""
    lo, hi = 10 * 168.0, 14 * 168.0
    out = []
    for windows in ([], [_window(lo, hi, trains_factor=2.0)], [_window(lo, hi, trains_factor=0.3)]):
        rng = np.random.default_rng(5)
        first = schedule(POISSON, 0, YEAR_H, rng, windows, window_rng=np.random.default_rng(9))
        second = schedule(POISSON, 1, YEAR_H, rng, [])
        out.append(([t for t, _ in first if not lo <= t < hi], second))
    assert out[0] == out[1] == out[2]


def test_capacity_factor_applies_to_published_and_added_trains():
    """A capacity cut over the same window halves every departure's slots, added ones too."""
    lo, hi = 168.0, 336.0
    rng = np.random.default_rng(0)
    windows = [_window(lo, hi, trains_factor=2.0), _window(lo, hi, capacity_factor=0.5)]
    deps = schedule(EVERY_DAY, 0, 24 * 21.0, rng, windows)
    assert {f for t, f in deps if lo <= t < hi} == {0.5}
    assert {f for t, f in deps if not lo <= t < hi} == {1.0}


@pytest.mark.parametrize("spec", [EVERY_DAY, WEEKLY], ids=["even", "timetable"])
def test_which_trains_a_factor_keeps_depends_on_the_train_not_on_how_windows_are_cut(spec):
    """One 14-day ``trains_factor: 0.5`` window and the same days as two 7-day windows keep
    the same trains; a further window elsewhere changes no train outside it; and on a line of
    one train a week, 7-day windows at 0.5 cancel the train of every other such week (they
    used to cancel none: each window kept its first train)."""
    lo, mid, hi = 2 * 168.0, 3 * 168.0, 4 * 168.0
    one = _times(spec, [_window(lo, hi, trains_factor=0.5)])
    two = _times(spec, [_window(lo, mid, trains_factor=0.5), _window(mid, hi, trains_factor=0.5)])
    assert one == two
    whole = [_window(0.0, 24 * 56.0, trains_factor=0.5)]
    more = _times(spec, [*whole, _window(100.0, 130.0, trains_factor=0.9)])
    base = _times(spec, whole)
    assert [t for t in more if not 100.0 <= t < 130.0] == [
        t for t in base if not 100.0 <= t < 130.0
    ]
    weekly = LineSpec(timetable=[{"weekday": 2, "hour": 10}])
    published = _times(weekly, [])
    weeks = [_window(168.0 * w, 168.0 * (w + 1), trains_factor=0.5) for w in range(8)]
    kept = _times(weekly, weeks)
    assert set(kept) <= set(published) and len(kept) == len(published) // 2


PAIR = LineSpec(timetable=[{"weekday": 0, "hour": 10}, {"weekday": 0, "hour": 10},
                           {"weekday": 3, "hour": 8}])  # fmt: skip


@pytest.mark.parametrize("factor", [1.5, 2.0, 3.0])
def test_trains_added_to_two_published_at_one_hour_go_into_the_gap_after_them(factor):
    """Two trains listed at Monday 10:00 and one at Thursday 08:00: a factor above 1 adds its
    trains into the gaps between distinct hours, evenly, never at a published train's hour
    (the two at one hour had a gap of 0 between them, and their added trains stacked at
    10:00: ``f = 2`` ran three trains at Monday 10:00 and none more before Thursday). The
    window has ``f`` times the published trains, give or take one."""
    lo, hi = 2 * 168.0, 6 * 168.0
    published = _times(PAIR, [])
    changed = _times(PAIR, [_window(lo, hi, trains_factor=factor)])
    assert set(published) <= set(changed)
    assert [t for t in changed if t in set(published)] == published  # each as often as listed
    added = sorted(t for t in changed if t not in set(published))
    assert all(lo <= t < hi for t in added)
    inside = [t for t in published if lo <= t < hi]
    assert abs(len(inside) + len(added) - factor * len(inside)) <= 1
    hours = sorted(set(published))
    for a, b in pairwise(hours):
        between = [t for t in added if a < t < b]
        if not between or not lo <= a < hi:
            continue
        step = (b - a) / (len(between) + 1)  # evenly between the two hours
        assert between == pytest.approx([a + j * step for j in range(1, len(between) + 1)])
    # after a Monday pair (2 of the line's 3 trains a week) f = 2 adds two, a third apart
    if factor == 2.0:
        monday = next(t for t in hours if t >= lo and int(t // 24) % 7 == 0)
        gap = min(t for t in hours if t > monday) - monday
        assert [t for t in added if monday < t < monday + gap] == pytest.approx(
            [monday + gap / 3, monday + 2 * gap / 3]
        )


WEEKLY_ONE = LineSpec(timetable=[{"weekday": 0, "hour": 10}])


@pytest.mark.parametrize("spec", [WEEKLY_ONE, WEEKLY, EVERY_DAY], ids=["one", "two", "daily"])
@pytest.mark.parametrize("factor", [1.5, 2.0, 3.0])
@pytest.mark.parametrize("days", [1, 3])
def test_a_short_window_has_its_share_of_the_trains_on_average(spec, factor, days):
    """A window shorter than a gap between two trains: over every hour it could start at in
    two weeks, its trains average exactly ``factor`` x the line's weekly rate x its length
    (so a window adds its share of trains even when it is shorter than a gap), and no one
    window is two trains or more from that. At 2 on a line of one train a week, a 3-day
    window runs 0 or 1 train, as 2 x 3/7 asks, and has a train added in 3 placements of 7:
    as many as an exact average allows (a rule that added one to every such window would run
    7/3 times the trains asked)."""
    length = 24.0 * days
    expected = factor * spec.weekly_rate() / 168.0 * length
    published = _times(spec, [])
    counts, added = [], []
    for lo in np.arange(3 * 168.0, 5 * 168.0):
        hi = lo + length
        inside = [t for t in _times(spec, [_window(lo, hi, trains_factor=factor)]) if lo <= t < hi]
        counts.append(len(inside))
        added.append(len(inside) - sum(lo <= t < hi for t in published))
    assert np.mean(counts) == pytest.approx(expected, abs=1e-9)
    assert np.abs(np.asarray(counts) - expected).max() < 2.0
    if spec is WEEKLY_ONE and factor == 2.0 and days == 3:
        assert set(counts) == {0, 1} and np.mean(np.asarray(added) > 0) == pytest.approx(3 / 7)


@pytest.mark.parametrize("spec", [WEEKLY, PAIR, EVERY_DAY], ids=["timetable", "pair", "even"])
def test_added_trains_depend_on_the_train_not_on_how_windows_are_cut(spec):
    """Above 1 as below: one 14-day ``trains_factor: 2`` window and the same days as two 7-day
    windows run the same trains, and a further window inside (another factor over 30 hours)
    changes no train outside it, added ones included (each added train has its place in its
    gap whatever the windows; only those whose hour falls in a window run)."""
    lo, mid, hi = 2 * 168.0, 3 * 168.0, 4 * 168.0
    one = _times(spec, [_window(lo, hi, trains_factor=2.0)])
    two = _times(spec, [_window(lo, mid, trains_factor=2.0), _window(mid, hi, trains_factor=2.0)])
    assert one == two
    whole = [_window(0.0, 24 * 56.0, trains_factor=2.0)]
    for inner in (1.5, 0.5, 3.0):
        more = _times(spec, [*whole, _window(400.0, 430.0, trains_factor=inner)])
        base = _times(spec, whole)
        assert [t for t in more if not 400.0 <= t < 430.0] == [
            t for t in base if not 400.0 <= t < 430.0
        ]
