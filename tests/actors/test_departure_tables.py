"""The run's departure and crossing tables (:mod:`sim.actors.departure_tables`): a snapshot as
columns, rows in the order services ended, each departure the sum of its containers."""

from __future__ import annotations

import numpy as np

from tests.actors.test_logistics import _order, _world


def test_departures_are_a_snapshot_of_the_run_as_columns(tiny):
    env, lg, rec = _world(tiny)
    rec.start()
    env.run(until=24 * 9)
    d = lg.lg.departures
    assert d.n == 2 and d["departed_h"].tolist() == [10.0, 178.0]
    assert d["kind"].tolist() == [0, 0] and d["rerouted"].tolist() == [0, 0]
    assert d["arrived_h"][0] > 10.0 and np.isnan(d["arrived_h"][1])  # the second on its way
    d["arrived_h"][1] = 0.0  # a snapshot: writing to it does not reach the run
    assert np.isnan(lg.lg.departures["arrived_h"][1])
    env.run(until=24 * 30)
    assert lg.lg.departures.n == 5 and not np.isnan(lg.lg.departures["arrived_h"][1])


def test_crossings_table_orders_rows_by_the_end_of_service_ties_by_record_number(tiny):
    """A crossing decides a train's service when it arrives, so its records are numbered in
    that order (one count for the run); the table lists them as the services ended, equal
    ends in the order they were decided."""
    import array

    env, lg, rec = _world(tiny)
    rec.start()
    env.run(until=24 * 30)
    t = lg.lg.crossings_table()
    assert len(t["end_h"]) > 2 and (np.diff(t["end_h"]) >= 0).all()  # in the order they ended
    hrg, alt = lg.lg.borders["HRG"], lg.lg.borders["ALT"]
    hrg._log = array.array("d", [7, 1, 0.0, 0.0, 2.0, 3, 2, 0.0, 0.0, 2.0])
    alt._log = array.array("d", [5, 3, 0.0, 0.0, 1.0, 9, 4, 0.0, 0.0, 1e9])  # not ended yet
    t = lg.lg.crossings_table()
    assert t["departure_id"].tolist() == [3, 2, 1]  # by end, equal ends by number
    assert t["border"].tolist() == ["ALT", "HRG", "HRG"]


def test_departures_sum_their_containers_slots_and_orders(tiny):
    """Each departure's TEU (container slots) and orders are its containers' (counted by hand
    from the book, container by container: the same whole numbers)."""
    env, lg, rec = _world(tiny)
    rng = np.random.default_rng(3)
    for ready in np.sort(rng.uniform(0, 24 * 20, 60)):
        _order(rec, lg, ready_h=float(ready), teu=float(rng.choice([0.25, 0.5, 1.0, 2.0])))
    rec.start()
    env.run(until=24 * 30)
    packed = lg.lg.departures_table()
    assert packed["orders"].sum() > 0 and (packed["teu"] > 1).any()
    c = lg.lg.book.cols
    n = len(packed["orders"])
    apart = {"teu": np.zeros(n), "orders": np.zeros(n, dtype=np.int64)}
    for col in ("departure", "sailing"):
        for k in np.flatnonzero(c[col] >= 0).tolist():
            apart["teu"][c[col][k]] += c["slots"][k]
            apart["orders"][c[col][k]] += c["n_orders"][k]
    for col in ("teu", "orders"):
        assert apart[col].dtype == packed[col].dtype
        assert np.array_equal(apart[col], packed[col])
