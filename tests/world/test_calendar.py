from datetime import date

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
