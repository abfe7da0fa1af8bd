"""The calibration of running speeds and journey dwell: applied where it should be, and
reproducible by scripts/calibrate.py."""

import csv
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from sim.errors import NetworkError
from sim.world.network import load_network, read_calibration

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "sim" / "world" / "data"


def _script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def calibrate():
    return _script("calibrate")


def test_calibration_file_marks_every_figure_and_its_method():
    with (DATA / "calibration.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["parameter"] for r in rows} == {"speed_kmday", "journey_dwell_h"}
    for r in rows:
        assert r["basis"] in {"S", "D", "E"}
        assert r["method"].strip(), r
    cal = read_calibration()
    assert cal is not None and set(cal.speeds_kmday) == {"CN", "1520", "W"}
    assert all(v <= 1400 for v in cal.speeds_kmday.values())  # S: BCh up to 1,400 km/day


def test_speeds_replace_estimated_running_times_only():
    prior, fitted = load_network(calibrated=False), load_network()
    cal = fitted.calibration
    assert cal is not None
    for (a, b, mode), e in ((k, d["edge"]) for *k, d in fitted.graph.edges(keys=True, data=True)):
        old = prior.graph.edges[a, b, mode]["edge"]
        if old.hours_basis.startswith("E") and "km/day" in old.hours_basis and mode == "rail":
            klass = "CN" if prior.nodes[a].country == "CN" and "1520" not in old.gauge else None
            if klass:
                assert e.hours == pytest.approx(e.km / cal.speeds_kmday["CN"] * 24)
            assert e.hours_basis.startswith("fitted")
        else:  # sourced times, gauge-change transfers and sea legs are left alone
            assert e.hours == old.hours and e.hours_basis == old.hours_basis


def test_journey_dwell_rides_on_the_first_leg_of_rail_lines_only():
    prior, fitted = load_network(calibrated=False), load_network()
    dwell = fitted.journey_dwell_h
    for lid, line in fitted.lines.items():
        graph_first = fitted.graph.edges[line.path[0], line.path[1], line.edges[0].mode]["edge"]
        if line.mode == "rail":
            assert line.journey_dwell_h == dwell
            assert line.edges[0].hours == pytest.approx(graph_first.hours + dwell)
        else:
            assert line.journey_dwell_h == 0
            assert line.edges[0].hours == prior.lines[lid].edges[0].hours


def test_a_data_dir_without_calibration_runs_on_the_reference_estimates(tmp_path):
    for name in ("nodes.csv", "edges.csv", "lines.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    net = load_network(tmp_path)
    assert net.calibration is None
    assert net.lines["L01"].running_h == pytest.approx(
        load_network(calibrated=False).lines["L01"].running_h
    )


def test_a_bad_calibration_row_is_refused(tmp_path):
    for name in ("nodes.csv", "edges.csv", "lines.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "calibration.csv").write_text(
        "parameter,class,value,unit,basis,method,note\nspeed_kmday,CN,-5,km/day,E,x,y\n"
    )
    with pytest.raises(NetworkError, match="bad speed"):
        load_network(tmp_path)


def test_training_and_test_sets_are_halves_split_by_corridor(calibrate):
    assert calibrate.TRAIN == ["L01", "L04", "L08", "L10", "L14"]
    assert calibrate.TEST == ["L03", "L05", "L09", "L11", "L15"]
    assert not set(calibrate.TRAIN) & set(calibrate.TEST)


def test_the_fit_recovers_known_parameters(calibrate):
    """Synthetic published times made from k = 1.2, T = 30 h are fitted back."""
    parts = {
        lid: calibrate.LineParts({"CN": 4600.0, "1520": 5000.0 + 100 * i, "W": 300.0 * i}, 2, 40)
        for i, lid in enumerate(calibrate.TRANSIT)
    }
    truth = {lid: calibrate.predict_days(p, 1.2, 30.0) for lid, p in parts.items()}
    saved = dict(calibrate.TRANSIT)
    try:
        for lid, days in truth.items():
            text, _, src, corridor = calibrate.TRANSIT[lid]
            calibrate.TRANSIT[lid] = (text, days, src, corridor)
        k, t = calibrate.fit(parts, calibrate.TRAIN)
    finally:
        calibrate.TRANSIT.update(saved)
    assert k == pytest.approx(1.2, rel=1e-4) and t == pytest.approx(30.0, abs=0.05)


def test_shipped_calibration_is_what_the_script_fits(calibrate):
    """Refit from one replication: the shipped speeds and dwell are reproduced (the border hours
    measured in one replication move the fit by well under 1 %)."""
    parts = calibrate.measure(1)
    k, t = calibrate.fit(parts, calibrate.TRAIN)
    cal = read_calibration()
    assert cal is not None
    assert cal.speeds_kmday["1520"] == pytest.approx(k * 1100, rel=0.01)
    assert cal.journey_dwell_h == pytest.approx(t, abs=1.0)
