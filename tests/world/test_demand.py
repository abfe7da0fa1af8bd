"""The demand a scenario is expected to place (:mod:`sim.world.demand`), from which the run-size
limits, the capacity warnings and the box-pool warning all count."""

from __future__ import annotations

import pytest

from sim.world.demand import expected_orders, expected_teu_per_day
from tests.world.conftest import teaching


def test_each_destination_is_offered_its_share_of_the_buyers_and_of_the_online_orders():
    """The buyers' TEU goes by ``buyers.destinations``, the online shops' by
    ``online.destinations`` (the buyers' mix when they set none), and ``scale`` multiplies
    both: the split the capacity warnings lay over the lines."""
    shares = {"MAD": 0.3, "MOW": 0.25, "ALA": 0.25, "RTM": 0.2}  # the teaching world's mix
    buyers = expected_teu_per_day(teaching([]))
    assert set(buyers) == set(shares)
    total = sum(buyers.values())
    assert total > 0
    assert {d: teu / total for d, teu in buyers.items()} == pytest.approx(shares)
    online = ["online.orders_per_day=40", "online.order_teu={dist: constant, value: 0.5}"]
    # 40 orders a day of 0.5 TEU at scale 0.1, times the monthly profile's mean
    both = expected_teu_per_day(teaching([*online, "online.destinations={MOW: 1.0}"]))
    added = {d: both[d] - buyers[d] for d in shares}
    assert added["MOW"] > 0 and added["MAD"] == added["ALA"] == added["RTM"] == 0
    mixed = expected_teu_per_day(teaching(online))  # no mix of their own: the buyers'
    assert {d: (mixed[d] - buyers[d]) / added["MOW"] for d in shares} == pytest.approx(shares)
    twice = expected_teu_per_day(teaching(["scale=0.2"]))
    assert twice == pytest.approx({d: 2 * teu for d, teu in buyers.items()})


def test_the_expected_orders_follow_the_fairs_and_the_online_shops():
    """A fair over the whole run multiplies the buyers' orders by its ``buyer_multiplier``;
    online orders add their own, at every day of the run (the market's closure does not stop
    them)."""
    quiet = ["calendar.fairs=[]"]
    base = expected_orders(teaching(quiet))
    assert base > 0
    fair = "calendar.fairs=[{name: all, start: 2025-10-01, end: 2026-02-27, buyer_multiplier: 3}]"
    assert expected_orders(teaching([fair])) == pytest.approx(3 * base)
    online = expected_orders(teaching([*quiet, "online.orders_per_day=40"]))
    assert online > base
    assert expected_orders(teaching([*quiet, "online.orders_per_day=80"])) - base == (
        pytest.approx(2 * (online - base))
    )
