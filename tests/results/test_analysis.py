import numpy as np
import pytest

from sim.results import analysis

NAN = np.nan


def _orders():
    # three orders: delivered by rail, delivered by sea (late), still in transit
    return {
        "placed_h": np.array([0.0, 24.0, 48.0]),
        "ready_h": np.array([24.0, 48.0, 72.0]),
        "packed_h": np.array([30.0, 50.0, 80.0]),
        "departed_h": np.array([48.0, 72.0, 96.0]),
        "arrived_h": np.array([240.0, 720.0, NAN]),
        "delivered_h": np.array([264.0, 744.0, NAN]),
        "deadline_h": np.array([300.0, 500.0, NAN]),
        "mode": np.array(["rail", "sea", "rail"], dtype=object),
        "destination": np.array(["MAD", "RTM", "MAD"], dtype=object),
        "category": np.array(["festival", "festival", "other"], dtype=object),
        "teu": np.array([0.5, 1.0, 0.25]),
        "co2e_kg": np.array([10.0, 20.0, 5.0]),
        "cost_usd": np.array([100.0, 200.0, 50.0]),
        "backordered": np.array([0, 1, 0]),
    }


def test_stage_counts_at_the_end():
    counts = analysis.stage_counts(_orders(), end_h=800.0)
    assert counts == {
        "at_merchant": 0, "at_consolidation": 0, "packed_waiting": 0,
        "in_transit": 1, "awaiting_release": 0, "delivered": 2,
    }  # fmt: skip
    assert analysis.stage_counts(_orders(), end_h=730.0)["awaiting_release"] == 1


def test_lead_times_and_stages_add_up():
    o = _orders()
    lt = analysis.lead_time_breakdown(o, 800.0, 0.0)
    assert lt["overall"]["n"] == 2
    assert lt["overall"]["mean"] == pytest.approx((11 + 30) / 2)
    assert lt["by_mode"]["sea"]["mean"] == pytest.approx(30.0)
    stages = analysis.stage_means_days(o, 800.0, 0.0)
    assert sum(stages.values()) == pytest.approx(lt["overall"]["mean"])


def test_on_time_counts_only_deadlines_inside_the_run():
    o = _orders()
    ot = analysis.on_time(o, 800.0, 0.0)
    assert (ot["orders"], ot["on_time"], ot["share"]) == (2, 1, 0.5)
    assert (
        analysis.on_time(o, 400.0, 0.0)["orders"] == 1
    )  # the sea deadline (500 h) is after the end


def test_warmup_excludes_early_orders():
    assert analysis.lead_time_breakdown(_orders(), 800.0, 24.0)["overall"]["n"] == 1


def test_border_waits():
    cross = {
        "departure_id": np.array([0, -1, 1]),
        "border": np.array(["MAL", "MAL", "MAL"], dtype=object),
        "arrive_h": np.array([0.0, 1.0, 2.0]),
        "start_h": np.array([0.0, 3.0, 6.0]),
        "end_h": np.array([3.0, 6.0, 9.0]),
    }
    b = analysis.border_waits(cross, 0.0)["MAL"]
    assert b["crossings"] == 3 and b["yiwu_trains"] == 2
    assert b["wait_h_mean"] == pytest.approx(2.0)
    assert b["service_h_mean"] == pytest.approx(3.0)


def test_emissions_and_cost_of_shipped_goods():
    e = analysis.emissions_and_cost(_orders(), 0.0)
    assert e["co2e_kg_total"] == 35.0 and e["cost_usd_total"] == 350.0
    assert e["by_mode"]["rail"]["teu"] == 0.75


def _departures(arrived_last: float):
    """Four departures: a feeder and a sailing (never counted), and three Yiwu trains, two of
    L01 (one arrived, one ``arrived_last``) and one of L07 not arrived."""
    return {
        "departure_id": np.array([0, 1, 2, 3, 4]),
        "line": np.array(["S01", "S01", "L01", "L01", "L07"], dtype=object),
        "kind": np.array(["feeder", "sailing", "train", "train", "train"], dtype=object),
        "departed_h": np.array([10.0, 30.0, 12.0, 400.0, 500.0]),
        "capacity_teu": np.array([40.0, 100.0, 50.0, 50.0, 50.0]),
        "teu": np.array([4.0, 10.0, 20.0, 30.0, 40.0]),
        "goods_teu": np.array([3.5, 9.0, 18.0, 25.5, 39.0]),
        "orders": np.array([2, 6, 7, 11, 13]),
        "arrived_h": np.array([NAN, NAN, 300.0, arrived_last, NAN]),
    }


def test_trains_in_service_at_the_end_are_the_departures_without_an_arrival():
    """A Yiwu train that left and had not arrived when the run ended was in no table's arrival
    and no summary key: counted now, so that departures = arrivals + these."""
    d = _departures(NAN)
    held = {"MAL": {"trains": 3, "yiwu_trains": 1, "departure_ids": [-1, 4, -1]}}
    got = analysis.in_service_at_end(d, 720.0, {"held_at_end": held, "queued_at_end": {}})
    assert got == {
        "trains": 2, "teu": 70.0, "goods_teu": 64.5, "orders": 24, "held": 1, "queued": 0,
        "under_way": 1,
        "by_line": {"L01": {"trains": 1, "teu": 30.0, "goods_teu": 25.5, "orders": 11},
                    "L07": {"trains": 1, "teu": 40.0, "goods_teu": 39.0, "orders": 13}},
    }  # fmt: skip
    trains = d["kind"] == "train"
    assert trains.sum() == (trains & ~np.isnan(d["arrived_h"])).sum() + got["trains"]
    # one train under way: L07's alone; none: no key at all
    one = analysis.in_service_at_end(_departures(600.0), 720.0)
    assert one["trains"] == 1 and list(one["by_line"]) == ["L07"] and one["under_way"] == 1
    assert one["held"] == 0 and one["queued"] == 0
    assert analysis.in_service_at_end(_departures(600.0), 450.0)["trains"] == 1  # L07 not left
    done = _departures(600.0)
    done["arrived_h"][4] = 700.0
    assert analysis.in_service_at_end(done, 720.0) == {}
