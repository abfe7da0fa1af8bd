"""The recorder's container bookkeeping: planned containers, closed ones, loaded ranges."""

import math

import numpy as np
import pytest

from sim.actors.recorder import Recorder
from sim.errors import ConservationError


def _recorder(n_orders=4, n_containers=3):
    rec = Recorder()
    for _ in range(n_orders):
        rec.new_order(0.0, 0, 0, 0, 0, 0, 0.5, math.nan, False, 0.0)
    # orders 0 and 1 share container 0, order 2 is in container 2, order 3 in none
    n = n_containers
    first = rec.add_containers(
        np.arange(n, dtype=float), np.ones(n, dtype=np.int64), np.full(n, 0.5),
        np.ones(n, dtype=np.int64), np.array([0, 1, 2]), np.array([0, 0, 2]),
    )  # fmt: skip
    assert first == 0
    return rec


def test_an_order_counts_as_packed_only_once_its_container_has_closed():
    rec = _recorder()
    closed = np.zeros(3, dtype=bool)
    assert rec.container_of(closed).tolist() == [-1, -1, -1, -1]
    closed[0] = True
    assert rec.container_of(closed).tolist() == [0, 0, -1, -1]
    assert rec.container_closed_h(closed).tolist()[0] == 0.0
    assert np.isnan(rec.container_closed_h(closed)[1:]).all()
    closed[2] = True
    assert rec.container_of(closed).tolist() == [0, 0, 2, -1]


def test_a_departure_carries_the_slots_goods_and_orders_of_its_ranges():
    rec = _recorder(n_containers=5)
    for t in (1.0, 2.0, 3.0):
        rec.new_departure(0, "train", t, 10)
    rec.loaded_first.append((0, 2, 0))
    rec.loaded_sailing += [(2, 3, 2), (4, 5, 2)]
    slots, goods, orders = rec.departure_loads()
    assert slots.tolist() == [2, 0, 2]
    assert goods.tolist() == [1.0, 0.0, 1.0]
    assert orders.tolist() == [2, 0, 2]


def test_each_container_gets_the_departure_of_the_range_it_was_loaded_in():
    rec = _recorder(n_containers=6)
    rec.loaded_first += [(0, 2, 7), (4, 6, 9)]
    rec.loaded_sailing.append((1, 2, 3))
    assert rec.container_departures(first_leg=True).tolist() == [7, 7, -1, -1, 9, 9]
    assert rec.container_departures(first_leg=False).tolist() == [-1, 3, -1, -1, -1, -1]


@pytest.mark.parametrize("first_leg", [True, False])
def test_a_container_in_two_loads_of_one_leg_is_a_conservation_error(first_leg):
    rec = _recorder(n_containers=6)
    loads = rec.loaded_first if first_leg else rec.loaded_sailing
    loads += [(0, 3, 1), (2, 4, 2)]  # container 2 twice
    leg = "first leg" if first_leg else "sailing"
    with pytest.raises(ConservationError, match=f"container 2 was loaded twice on its {leg}"):
        rec.container_departures(first_leg)
    other = rec.loaded_sailing if first_leg else rec.loaded_first
    other += [(0, 3, 1), (3, 4, 2)]  # the same containers on the other leg: fine
    assert rec.container_departures(not first_leg).tolist() == [1, 1, 1, 2, -1, -1]
