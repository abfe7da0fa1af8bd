"""Named monitors: series derived from recorded timestamps, as policies read them and as a table
(the run they are read from: tests/actors/conftest.py)."""

from __future__ import annotations

import numpy as np
import pytest
import simpy

from sim.actors.borders import BorderCrossing
from sim.actors.monitors import level_series, monitors_table
from sim.policies.monitors import Monitor
from sim.scenario import BorderSpec
from sim.world.inputs import load_scenario
from tests.conftest import ROOT


def test_a_level_holds_its_value_and_its_mean_is_weighted_by_time():
    m = Monitor("queue:X", np.array([1.0, 3.0, 4.0]), np.array([2.0, 1.0, 0.0]))
    assert [m.at(t) for t in (0.5, 1.0, 2.9, 3.0, 10.0)] == [0.0, 2.0, 2.0, 1.0, 0.0]
    assert m.mean(0.0, 4.0) == pytest.approx((0 * 1 + 2 * 2 + 1 * 1) / 4)
    assert m.mean(2.0, 3.5) == pytest.approx((2 * 1 + 1 * 0.5) / 1.5)
    assert m.unit == "trains" and m.is_level and m.subject == "X"
    w = Monitor("wait:X", np.array([1.0, 2.0, 5.0]), np.array([0.0, 3.0, 6.0]))
    assert w.mean(1.5, 5.0) == 3.0 and np.isnan(w.mean(6.0, 7.0)) and not w.is_level


def test_a_level_from_additions_and_removals_up_to_now():
    t, v = level_series(
        np.array([0.0, 1.0, 1.0, 5.0]), np.array([1, 2, 1, 4]),
        np.array([2.0, np.nan, 9.0, 5.0]), np.array([1, 2, 1, 4]), now=6.0,
    )  # fmt: skip
    # at 5 the fourth comes and goes (one row: after both); the third leaves after now
    assert t.tolist() == [0.0, 1.0, 2.0, 5.0] and v.tolist() == [1.0, 4.0, 3.0, 3.0]


def test_a_crossings_queue_and_waits_follow_its_arrivals_and_starts():
    env = simpy.Environment()
    spec = BorderSpec(servers=1, service_h={"dist": "constant", "value": 4})
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(0), [])
    for at in (0.0, 1.0, 2.0):
        env.timeout(at).callbacks.append(lambda _: border.join(0, lambda w: None))
    env.run(until=5.0)  # the second in service since 4, the third waiting
    t, q = border.queue_series()
    assert t.tolist() == [0.0, 1.0, 2.0, 4.0] and q.tolist() == [0.0, 1.0, 2.0, 1.0]
    starts, waits = border.wait_series()
    assert starts.tolist() == [0.0, 4.0] and waits.tolist() == [0.0, 3.0]
    env.run()
    t, q = border.queue_series()
    assert t.tolist() == [0.0, 1.0, 2.0, 4.0, 8.0] and q[-1] == 0.0
    assert border.wait_series()[1].tolist() == [0.0, 3.0, 6.0]


def test_the_monitors_agree_with_the_runs_tables(busy_run):
    model, result = busy_run
    view = model.view
    cross = result.tables["crossings"]
    for node in view.crossings():
        mine = cross["border"] == node
        t, v = view.monitor(f"queue:{node}").times_h, view.monitor(f"queue:{node}").values
        assert (v >= 0).all() and (np.diff(t) > 0).all()
        # every finished crossing's wait is in the waits monitor, at its start of service
        wait = view.monitor(f"wait:{node}")
        done = dict(zip(cross["start_h"][mine].tolist(), cross["wait_h"][mine].tolist()))
        assert {s: w for s, w in zip(wait.times_h.tolist(), wait.values.tolist()) if s in done} \
            == done  # fmt: skip
        # the queue's time-weighted mean is Little's law over the crossings that waited
        if node == "AKS":
            assert v.max() >= 2
            horizon = 40 * 24.0
            waited = cross["wait_h"][mine & (cross["end_h"] <= horizon)].sum()
            mean = view.monitor("queue:AKS").mean(0.0, horizon)
            assert mean * horizon == pytest.approx(waited, rel=0.05)
    lg = model.logistics
    for r in lg.routes:
        level = view.monitor(f"at_yiwu:{r.line.id}")
        c = lg.book.cols
        waiting = int(c["slots"][(c["route"] == r.index) & (c["departure"] < 0)].sum())
        assert level.at(40 * 24.0) == waiting
        assert (level.values >= 0).all()
    with pytest.raises(KeyError, match="queue:AKS"):
        view.monitor("queue:NOWHERE")


def test_the_monitors_table_holds_every_monitor_in_long_form(busy_run):
    model, _ = busy_run
    table = monitors_table(model.view)
    names = model.view.monitors()
    assert set(table) == {"monitor", "subject", "t_h", "value"}
    assert len({len(c) for c in table.values()}) == 1
    pairs = set(zip(table["monitor"].tolist(), table["subject"].tolist()))
    assert pairs == {tuple(n.split(":")) for n in names if model.view.monitor(n).times_h.size}
    aks = (table["monitor"] == "queue") & (table["subject"] == "AKS")
    assert np.array_equal(table["value"][aks], model.view.monitor("queue:AKS").values)
    for col in ("monitor", "subject"):  # text as objects, as every table's (sim.results.table)
        assert table[col].dtype == object and all(type(x) is str for x in table[col].tolist())


def test_a_run_writes_its_monitors_table_when_the_scenario_asks(tmp_path):
    import pyarrow.parquet as pq

    from sim.experiment.single import run_and_write
    from sim.output.results import verify_run

    teaching = ROOT / "scenarios" / "teaching_small.yaml"
    plain = run_and_write(load_scenario(teaching, ["days=20"]), None, tmp_path / "plain")
    assert "monitors" not in plain.tables and not (tmp_path / "plain" / "monitors.parquet").exists()
    sc = load_scenario(teaching, ["days=20", "reporting.monitors=true"])
    result = run_and_write(sc, None, tmp_path / "mon")
    manifest = verify_run(tmp_path / "mon")  # listed with its rows and hash, and checked
    written = pq.read_table(tmp_path / "mon" / "monitors.parquet").to_pydict()
    assert manifest["files"]["monitors.parquet"]["rows"] == len(written["t_h"]) > 0
    assert written["value"] == result.tables["monitors"]["value"].tolist()
    assert set(written["monitor"]) == {"queue", "wait", "at_yiwu"}
    # the same tables otherwise: asking for monitors changes nothing else
    for name in ("orders", "departures", "crossings"):
        for col, values in plain.tables[name].items():
            other = result.tables[name][col]
            nan = values.dtype.kind == "f"
            assert np.array_equal(values, other, equal_nan=nan), (name, col)
