from datetime import date

import pytest

from sim.world.calendar import MarketCalendar
from sim.world.inputs import validate_data


@pytest.fixture
def cal(tiny):
    tiny["start"] = "2026-01-01"
    tiny["days"] = 90
    return MarketCalendar(validate_data(tiny, "test"))


def test_market_closes_lunar_12_27_and_reopens_lunar_1_12(cal):
    # Spring Festival 17 Feb 2026: closed 13 Feb .. 27 Feb, open again on 28 Feb
    assert cal.closure_windows() == [(date(2026, 2, 13), date(2026, 2, 28))]
    assert cal.is_open(cal.hour_of(date(2026, 2, 12)) + 10)
    assert not cal.is_open(cal.hour_of(date(2026, 2, 13)) + 10)
    assert cal.is_open(cal.hour_of(date(2026, 2, 28)))


def test_no_buyers_on_closed_days(cal):
    d = (date(2026, 2, 20) - date(2026, 1, 1)).days
    assert cal.buyer_multiplier[d] == 0.0
    assert cal.buyer_multiplier[0] > 0


def test_work_stops_over_the_closure(cal):
    before = cal.hour_of(date(2026, 2, 12)) + 12  # noon of the last open day
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
