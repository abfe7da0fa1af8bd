"""sim.scenario.market: the market's sections refuse what cannot be: category shares or
destination shares that do not sum to 1, repeated category names, opening hours out of order,
orders of no goods."""

from __future__ import annotations

import copy

import pytest

from sim.errors import ScenarioError
from sim.world.inputs import validate_data
from tests.scenario.test_schema import _bad


def test_shares_must_sum_to_one(tiny, tmp_path):
    (msg,) = _bad(tiny, tmp_path, lambda d: d["market"]["categories"][0].update(share=0.7))
    assert msg.startswith("market: ") and "sum to 1.2" in msg


def test_destination_shares_must_sum_to_one(tiny, tmp_path):
    (msg,) = _bad(tiny, tmp_path, lambda d: d["buyers"].update(destinations={"ALA": 0.5}))
    assert msg.startswith("buyers.destinations: ") and "sum to 0.5" in msg


def test_an_order_size_of_nothing_is_refused_and_a_size_of_sometimes_nothing_is_not(tiny):
    tiny["buyers"]["order_teu"] = {"dist": "constant", "value": 0}
    with pytest.raises(ScenarioError, match=r"buyers.order_teu: every order would be of 0 TEU"):
        validate_data(tiny, "t")
    tiny["buyers"]["order_teu"] = {"dist": "empirical", "values": [0, 1], "weights": [9, 1]}
    assert validate_data(tiny, "t").buyers.order_teu.mean() == pytest.approx(0.1)


def _refused(tiny, mutate) -> list[str]:
    data = copy.deepcopy(tiny)  # each change on its own
    mutate(data)
    with pytest.raises(ScenarioError) as info:
        validate_data(data, "t")
    return list(info.value.problems)


def test_a_repeated_category_opening_hours_out_of_order_and_bad_shares_are_named(tiny):
    def twice(d):
        d["market"]["categories"][1]["name"] = d["market"]["categories"][0]["name"]

    assert _refused(tiny, twice) == [
        "market: category names must be unique, repeated: ['festival']"
    ]
    hours = _refused(tiny, lambda d: d["buyers"].update(open_hours=[18, 9]))
    assert hours == ["buyers.open_hours: needs 0 <= open < close <= 24, got [18.0, 9.0]"]
    online = {"orders_per_day": 5, "destinations": {"ALA": -0.3, "RTM": 1.3}}
    negative = _refused(tiny, lambda d: d.update(online=online))
    assert negative == ["online.destinations: share of 'ALA' must be a number >= 0, got -0.3"]
    none = _refused(tiny, lambda d: d["buyers"].update(destinations={}))
    assert none == ["buyers.destinations: destinations must name at least one destination"]
