"""The event log built from a run's tables: complete journeys, servers never double-booked,
and a layout vidigi reads."""

import itertools

import numpy as np
import pyarrow.csv as pa_csv
import pytest

from sim.cli import main
from sim.experiment.single import run_and_write
from sim.output.event_log import event_log, server_ids
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    sc = load_scenario(TEACHING, ["days=40", "warmup_days=2"])
    folder = tmp_path_factory.mktemp("r") / "run"
    return folder, run_and_write(sc, None, folder)


def test_server_ids_never_overlap_and_use_no_more_than_needed():
    start = np.array([0.0, 1.0, 2.0, 2.0, 5.0, 5.5])
    end = np.array([3.0, 2.0, 4.0, 6.0, 6.0, 7.0])
    ids = server_ids(start, end)
    for k in np.unique(ids):
        at = np.flatnonzero(ids == k)
        spans = sorted(zip(start[at], end[at]))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert ids.tolist() == [0, 1, 1, 2, 0, 1]  # at most 3 busy at once (t = 2)


def test_train_log_follows_every_train_through_its_crossings(run):
    _, result = run
    log = event_log(result.tables, result.seed).to_pandas()
    assert list(log.columns) == ["entity_id", "event_type", "event", "time", "resource_id",
                                 "pathway", "run_number"]  # fmt: skip
    assert set(log.event_type) <= {"arrival_departure", "queue", "resource_use",
                                   "resource_use_end"}  # fmt: skip
    assert (log.run_number == result.seed).all() and log.time.is_monotonic_increasing
    cr = result.tables["crossings"]
    assert (log.event_type == "resource_use").sum() == cr["border"].size
    dep = result.tables["departures"]
    yiwu = log[log.entity_id >= 0]
    arrivals = yiwu[yiwu.event == "arrival"]
    assert sorted(arrivals.entity_id) == sorted(dep["departure_id"].tolist())
    for _, events in yiwu.groupby("entity_id"):  # a journey opens, then closes, in time order
        assert events.event.iloc[0] == "arrival"
        assert events.time.is_monotonic_increasing
    use = log[log.event_type == "resource_use"]
    assert use.resource_id.notna().all() and (use.resource_id >= 0).all()
    servers = {b: s.servers for b, s in result.scenario.logistics.borders.items()}
    for event, group in use.groupby("event"):  # never more servers than the crossing has
        assert group.resource_id.max() < servers[event.removeprefix("served_")]


def test_vidigi_reads_the_log(run):
    _, result = run
    vidigi_logging = pytest.importorskip("vidigi.logging")
    prep = pytest.importorskip("vidigi.prep")
    log = event_log(result.tables, result.seed).to_pandas()
    for row in log.head(200).to_dict("records"):
        row = {k: v for k, v in row.items() if v is not None and v == v}
        if "resource_id" in row:
            row["resource_id"] = int(row["resource_id"])
        vidigi_logging.BaseEvent(**row)  # validates event types and arrival/depart names
    first = log[log.entity_id.isin(log.entity_id.drop_duplicates().head(20))]
    frames = prep.reshape_for_animations(first, every_x_time_units=24, limit_duration=24 * 40,
                                         step_snapshot_max=10)  # fmt: skip
    assert len(frames) > 0


def test_orders_log_and_the_command(run, tmp_path, capsys):
    folder, result = run
    log = event_log(result.tables, result.seed, "orders").to_pandas()
    orders = result.tables["orders"]
    assert (log.event == "arrival").sum() == orders["order_id"].size
    assert (log.event == "depart").sum() == int((~np.isnan(orders["delivered_h"])).sum())
    on_train = log[log.event == "on_train"]
    assert set(on_train.resource_id) <= set(result.tables["departures"]["departure_id"])
    out = tmp_path / "ev.csv"
    assert main(["events", str(folder), "--out", str(out)]) == 0
    assert "events of trains" in capsys.readouterr().out
    assert pa_csv.read_csv(out).num_rows == len(event_log(result.tables, result.seed))
    with pytest.raises(ValueError, match="entities"):
        event_log(result.tables, result.seed, "buyers")
