from datetime import date

import numpy as np
import pytest

from sim.world.calendar import MarketCalendar, closure_start, spring_festival
from sim.world.inputs import validate_data


@pytest.fixture
def cal(tiny):
    tiny["start"] = "2026-01-01"
    tiny["days"] = 90
    return MarketCalendar(validate_data(tiny, "test"))


def test_market_closes_lunar_12_27_and_reopens_lunar_1_12(cal):
    # Spring Festival 17 Feb 2026; lunar 12/27 is 14 Feb (the last lunar month has 29 days):
    # closed 14 Feb .. 27 Feb, open again on 28 Feb (lunar 1/12)
    assert cal.closure_windows() == [(date(2026, 2, 14), date(2026, 2, 28))]
    assert cal.is_open(cal.hour_of(date(2026, 2, 13)) + 10)
    assert not cal.is_open(cal.hour_of(date(2026, 2, 14)) + 10)
    assert cal.is_open(cal.hour_of(date(2026, 2, 28)))


def test_no_buyers_on_closed_days(cal):
    d = (date(2026, 2, 20) - date(2026, 1, 1)).days
    assert cal.buyer_multiplier[d] == 0.0
    assert cal.buyer_multiplier[0] > 0


def test_work_stops_over_the_closure(cal):
    before = cal.hour_of(date(2026, 2, 13)) + 12  # noon of the last open day
    done = cal.time_after_open_hours(before, 24)  # 12 h before closing, 12 h after reopening
    assert done == cal.hour_of(date(2026, 2, 28)) + 12


def test_work_started_while_closed_begins_at_reopening(cal):
    closed = cal.hour_of(date(2026, 2, 20))
    assert cal.time_after_open_hours(closed, 0) == cal.hour_of(date(2026, 2, 28))
    assert cal.time_after_open_hours(closed, 5) == cal.hour_of(date(2026, 2, 28)) + 5


def test_open_hours_round_trip(cal):
    for h in (0.0, 13.5, 500.25, 1000.0, 2000.0):
        t = cal.time_at_open_hours(cal.open_hours_until(h))
        assert t == pytest.approx(h) or not cal.is_open(h)


def test_deadlines(cal):
    assert cal.date_of(cal.next_festival_h(0.0)) == date(2026, 2, 17)
    assert cal.date_of(cal.next_month_day_h(0.0, 11, 15)) == date(2026, 11, 15)
    assert cal.date_of(cal.next_month_day_h(0.0, 1, 1)) == date(2027, 1, 1)


def test_a_fixed_date_deadline_is_the_days_start_and_29_february_is_28_in_a_common_year(cal):
    """What the scenario reference says of a fixed-date deadline (trial14): goods must arrive
    before the day begins (00:00, as before the festival), and 29 Feb is 28 Feb in 2026."""
    assert cal.next_month_day_h(0.0, 2, 29) == cal.hour_of(date(2026, 2, 28))
    assert cal.next_month_day_h(0.0, 11, 15) % 24 == 0


def test_fairs_multiply_buyers(tiny):
    tiny["calendar"] = {
        "fairs": [
            {"name": "Yiwu Fair", "start": "2025-09-03", "end": "2025-09-04", "buyer_multiplier": 2}
        ]
    }
    cal = MarketCalendar(validate_data(tiny, "test"))
    assert cal.buyer_multiplier[1:6] == [1.0, 2.0, 2.0, 1.0, 1.0]


PUBLISHED = {
    2017: date(2017, 1, 28), 2018: date(2018, 2, 16), 2019: date(2019, 2, 5),
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1),
    2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
    2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
    2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
}  # fmt: skip
"""The hand table the calendar used before (published lunar new year dates)."""


def test_festival_dates_come_from_the_lunar_calendar_for_any_year():
    assert {y: spring_festival(y) for y in PUBLISHED} == PUBLISHED
    assert spring_festival(2031) == date(2031, 1, 23)
    assert spring_festival(2050) == date(2050, 1, 23)


def test_closure_starts_on_lunar_12_27_whether_the_month_has_29_or_30_days():
    assert closure_start(date(2026, 2, 17), -4) == date(2026, 2, 14)  # 29-day month
    assert closure_start(date(2024, 2, 10), -4) == date(2024, 2, 6)  # 30-day month: 12/27
    assert closure_start(date(2026, 2, 17), -1) == date(2026, 2, 16)  # "12/30" is the eve
    # a made-up festival date (not a lunar 1/1) counts plain days
    assert closure_start(date(2026, 3, 1), -4) == date(2026, 2, 25)


def test_a_run_after_2030_has_its_festival_and_closure(tiny):
    tiny["start"] = "2035-01-01"
    tiny["days"] = 90
    cal = MarketCalendar(validate_data(tiny, "test"))
    fest = spring_festival(2035)
    assert fest in cal.festivals
    (first, reopen), *_ = cal.closure_windows()
    assert first == closure_start(fest, -4) and (reopen - fest).days == 11


def test_a_run_beyond_the_lunar_calendar_is_refused_unless_it_lists_its_festivals(tiny):
    from sim.errors import ScenarioError

    tiny["start"] = "2099-06-01"
    with pytest.raises(ScenarioError, match=r"calendar\.spring_festival"):
        validate_data(tiny, "test")
    tiny["calendar"] = {"spring_festival": ["2100-02-09"]}
    validate_data(tiny, "test")


def _general_time_at(cal, target, not_before):
    """time_at_open_hours_many by its general conversion: an infinite target added to the
    batch sends it there (and stays infinite)."""
    t = cal.time_at_open_hours_many(np.append(target, np.inf), np.append(not_before, 0.0))
    assert t[-1] == np.inf
    return t[:-1]


def test_a_batch_within_the_calendar_converts_as_the_general_case_bit_for_bit(cal):
    rng = np.random.default_rng(3)
    end = cal._cum_open[-1]
    days = 24.0 * np.arange(-2, cal.n_days)
    # around every midnight to the last bit, across the closure, and negative hours
    edges = np.concatenate(
        [days, np.nextafter(days, np.inf), np.nextafter(days, -np.inf), days + 12.0]
    )
    batches = [edges[edges < end], rng.uniform(-30.0, end, 5000), rng.uniform(0.0, 72.0, 300)]
    for target in batches:
        for not_before in (
            np.zeros(target.size),
            rng.uniform(0.0, 24.0 * cal.n_days, target.size),
            24.0 * rng.integers(0, cal.n_days, target.size),  # midnights, closed days too
        ):
            fast = cal.time_at_open_hours_many(target, not_before)
            assert np.array_equal(fast, _general_time_at(cal, target, not_before))


def test_a_days_hours_convert_as_the_general_case_bit_for_bit(cal):
    rng = np.random.default_rng(4)
    closed = 24.0 * (date(2026, 2, 20) - date(2026, 1, 1)).days
    for start in (0.0, 24.0 * 30, closed):
        hours = start + np.append(rng.uniform(0.0, 24.0, 500), 0.0)
        fast = cal.open_hours_until_many(hours)
        # an hour of another day in the batch sends it to the general conversion
        general = cal.open_hours_until_many(np.append(hours, start + 48.0))[:-1]
        assert np.array_equal(fast, general)
    assert cal.open_hours_until_many(np.array([closed + 5.0]))[0] == cal.open_hours_until(closed)


def test_work_that_takes_beyond_any_date_says_no_warning(cal):
    """A lead time of 1e20 days (a fuzzed production lead) gives a time past any integer day:
    the closed-day look-up caps it at the calendar's end before the cast, so numpy prints no
    warning on the user's screen, and the time is the same (no closed day that late)."""
    import warnings

    target = np.array([10.0, 24.0 * 1e20, np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        done = cal.time_at_open_hours_many(target, np.zeros(3))
    assert done[0] == cal.time_at_open_hours(10.0)
    assert done[1] > 24.0 * 1e19 and np.isinf(done[2])
