"""sim.actors.booking: the order desk's category weights month by month, and a day's deadlines
and categories drawn as the general case draws them."""

from __future__ import annotations

import numpy as np
import pytest

from sim.actors.booking import category_weights
from sim.model import Model
from sim.world.inputs import validate_data


def test_season_multiplies_a_category_in_its_months(tiny):
    tiny["market"]["categories"][0]["season"] = {"months": [10], "multiplier": 3}
    w = category_weights(validate_data(tiny, "test"))
    assert w[8] == pytest.approx([0.5, 0.5])  # September
    assert w[9] == pytest.approx([0.75, 0.25])  # October


def _desk(tiny, categories):
    tiny["market"]["categories"] = categories
    model = Model(validate_data(tiny, "test"))
    model.build()
    return model.desk


DEADLINES = [
    {"name": "festival", "share": 0.3, "deadline": {"kind": "spring_festival"}},
    {"name": "xmas", "share": 0.2, "deadline": {"kind": "fixed_date", "month": 11, "day": 15}},
    {"name": "quick", "share": 0.2, "deadline": {"kind": "days_after_order", "days": 10}},
    {"name": "none", "share": 0.3},
]


def test_a_days_deadlines_are_those_of_the_general_case(tiny):
    desk = _desk(tiny, DEADLINES)
    rng = np.random.default_rng(8)
    fest = desk.cal.festival_h[0]
    for day_start in (0.0, 24.0 * 40, fest - 24.0, fest):  # the day before the festival, of it
        placed = day_start + np.append(rng.uniform(0, 24, 400), 0.0)
        category = rng.integers(0, len(DEADLINES), placed.size)
        one_day = desk.deadlines_h(category, placed)
        # an order of another day in the batch sends it to the general case
        general = desk.deadlines_h(np.append(category, 0), np.append(placed, day_start + 48))
        assert np.array_equal(one_day, general[:-1], equal_nan=True)
        assert np.isnan(one_day[category == 3]).all()


def test_a_days_categories_are_those_of_the_general_case(tiny):
    from sim.actors.booking import DayOrders

    desk = _desk(tiny, DEADLINES)
    rng = np.random.default_rng(9)
    for day in (0, 29, 30, 100):  # 1 Sep, 30 Sep, 1 Oct 2025, ...
        placed = np.sort(24.0 * day + rng.uniform(0, 24, 2000))
        batch = DayOrders(placed, np.zeros(2000, np.int64), np.ones(2000), np.arange(2000))
        drawn = desk.draw(batch)
        month = desk.cal.month_of_day[day] - 1
        assert desk._one_month(placed) == month
        general = (drawn.u_category[:, None] > desk.cum_weights[month]).sum(axis=1)
        assert np.array_equal(drawn.category, np.minimum(general, len(DEADLINES) - 1))
    # orders of two months: no single month
    assert desk._one_month(np.array([24.0 * 29 + 1, 24.0 * 30 + 1])) is None
