"""sim.output.disruption: what a closure did, from a run's tables (trains present at the
closed crossings, the trains it held and how long)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.output.disruption import closure_effects, sea_share, trains_present


def test_closure_figures_from_a_crossings_table():
    cr = {
        "departure_id": np.array([-1, -1, 0, -1]),
        "border": np.array(["BRE", "BRE", "BRE", "MAL"]),
        "arrive_h": np.array([0.0, 50.0, 60.0, 70.0]),
        "start_h": np.array([1.0, 100.0, 100.0, 110.0]),
        "end_h": np.array([2.0, 110.0, 108.0, 120.0]),
        "wait_h": np.array([1.0, 50.0, 40.0, 40.0]),
    }
    grid = np.array([0.5, 55.0, 65.0, 75.0, 109.0, 115.0, 130.0])
    assert trains_present(cr, {"BRE", "MAL"}, grid).tolist() == [1, 1, 2, 3, 2, 1, 0]
    fx = closure_effects({"crossings": cr, "departures": {}}, {"BRE", "MAL"}, (40.0, 100.0), 0.0)
    assert fx["held_max"] == 3 and fx["held_normal"] == 1
    assert fx["days_to_clear"] == pytest.approx(10.0 / 24)
    assert fx["caught_trains"] == 1


def test_the_sea_share_counts_the_teu_booked_in_the_window_for_the_destinations():
    orders = {
        "placed_h": np.array([10.0, 20.0, 30.0, 40.0, 200.0]),
        "destination": np.array(["MAD", "MAD", "MAD", "ALA", "MAD"]),
        "mode": np.array(["sea", "rail", "rail", "sea", "sea"]),
        "teu": np.array([1.0, 2.0, 1.0, 5.0, 4.0]),
    }
    # MAD in [0, 100): 1 TEU by sea of 4 (ALA's and the later booking are not counted)
    assert sea_share(orders, (0.0, 100.0), {"MAD"}) == pytest.approx(0.25)
    assert sea_share(orders, (0.0, 100.0), {"MAD", "ALA"}) == pytest.approx(6 / 9)
    assert sea_share(orders, (100.0, 150.0), {"MAD"}) is None  # nothing booked then
