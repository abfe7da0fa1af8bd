import copy
import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.model import Model
from sim.output.results import write_run
from sim.results.analysis import stage_counts
from sim.world.inputs import load_scenario, validate_data
from tests.conftest import SCENARIOS, TINY

FILES = ("summary.json", "orders.parquet", "trains.parquet", "borders.parquet", "daily.parquet",
         "scenario.yaml")  # fmt: skip


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path):
    sc = validate_data(copy.deepcopy(TINY), "test")
    a = write_run(Model(sc).run(), tmp_path / "a")
    b = write_run(Model(sc).run(), tmp_path / "b")
    c = write_run(Model(sc, seed=8).run(), tmp_path / "c")
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    for name in ("summary.json", "orders.parquet", "trains.parquet"):
        assert (a / name).read_bytes() != (c / name).read_bytes(), name


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_runs_on_a_short_horizon(path):
    sc = load_scenario(path)
    overrides = ["days=20", "warmup_days=2"]
    if sc.disruptions:  # start just before the first disruption so that it is inside the run
        first = min(d.start for d in sc.disruptions)
        overrides.append(f"start={first.fromordinal(first.toordinal() - 5).isoformat()}")
    sc = load_scenario(path, overrides)
    r = Model(sc).run()
    assert r.summary["orders"]["placed"] > 0
    assert r.summary["lines"]


def _scenario(draw_params):
    d = copy.deepcopy(TINY)
    p = draw_params
    d.update(days=p["days"], scale=p["scale"], seed=p["seed"])
    d["buyers"]["visits_per_day"] = p["visits"]
    d["buyers"]["order_teu"] = {"dist": "lognormal", "mean": p["teu"], "cv": 1.2}
    d["online"] = {"orders_per_day": p["online"]}
    for cat in d["market"]["categories"]:
        cat["production_teu_per_day"] = p["production"]
    d["logistics"] = {
        "only_lines": ["L12", "S01"],
        "lines": {
            "L12": {
                "poisson_per_week" if p["poisson"] else "trains_per_week": p["tpw"],
                "capacity_teu": p["cap"],
            },
            "S01": {"trains_per_week": 2, "capacity_teu": p["cap"] * 3},
        },
        "consolidation": {"cutoff_h": p["cutoff"], "close_partial": p["close_partial"]},
        "borders": {
            "HRG": {
                "servers": 1,
                "service_h": {"dist": "exponential", "mean": 3},
                "background_trains_per_day": 3,
            }
        },
    }
    if p["disrupt"]:
        d["disruptions"] = [
            {
                "target": "node",
                "id": "HRG",
                "start": "2025-09-03",
                "end": "2025-09-06",
                "servers_factor": 0.0,
            },
            {
                "target": "line",
                "id": "L12",
                "start": "2025-09-02",
                "end": "2025-09-04",
                "trains_factor": 0,
            },
        ]
    return validate_data(d, "hypothesis")


params = st.fixed_dictionaries(
    {
        "days": st.integers(5, 30),
        "scale": st.floats(0.01, 0.1),
        "seed": st.integers(0, 2**32),
        "visits": st.floats(0, 1500),
        "teu": st.floats(0.05, 2.5),
        "online": st.floats(0, 500),
        "production": st.floats(0.005, 1.0),
        "tpw": st.floats(0.5, 14),
        "poisson": st.booleans(),
        "cap": st.integers(1, 150),
        "cutoff": st.floats(0, 48),
        "close_partial": st.booleans(),
        "disrupt": st.booleans(),
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params)
def test_goods_are_conserved_and_rail_loading_is_fifo(p):
    sc = _scenario(p)
    r = Model(sc).run()  # raises ConservationError on any lost or doubled order
    o = r.tables["orders"]
    counts = stage_counts(o, sc.days * 24.0)
    assert sum(counts.values()) == len(o["placed_h"])
    for line in ("L12",):
        m = (o["line"] == line) & ~np.isnan(o["packed_h"])
        order = np.argsort(o["packed_h"][m], kind="stable")
        dep = np.nan_to_num(o["departed_h"][m][order], nan=np.inf)
        assert np.all(dep[1:] >= dep[:-1]), "containers left out of the order they were closed"


def test_trains_held_at_a_crossing_closed_past_the_end_are_told_in_the_summary(capsys):
    """A closure running past the run's end holds trains that are in no table (the borders
    table holds the crossings finished): the summary counts them by crossing, with the hours
    waited so far and the reopening, and the printed summary says so; a run without such a
    closure has no such entry."""
    import yaml

    from sim.cli import print_summary
    from tests.conftest import ROOT

    data = yaml.safe_load((ROOT / "scenarios" / "teaching_small.yaml").read_text())
    data["disruptions"] = [{"target": "node", "id": "MAL", "start": "2026-02-01",
                            "end": "2026-03-31", "servers_factor": 0.0}]  # fmt: skip
    model = Model(validate_data(data, "held"))
    r = model.run()
    held = r.summary["held_at_end"]
    assert list(held) == ["MAL"]
    end = model.scenario.days * 24.0
    dep, arrive = model.logistics.borders["MAL"].waiting()
    assert held["MAL"]["trains"] == dep.size > 0
    assert held["MAL"]["yiwu_trains"] == int((dep >= 0).sum())
    assert held["MAL"]["waited_h_max"] == round(float(end - arrive.min()), 1)
    assert held["MAL"]["reopens_h"] > end
    # none of them is in the borders table, and none of Yiwu's arrived
    cross = r.tables["crossings"]
    mal = cross["border"] == "MAL"
    assert not np.isin(dep[dep >= 0], cross["departure_id"][mal]).any()
    assert np.isnan(r.tables["departures"]["arrived_h"][dep[dep >= 0]]).all()
    print_summary(r.summary, None, 0.1, 1)
    assert "held at a closed crossing at the end" in capsys.readouterr().out
    from sim.output.report import _kpi_rows

    n = held["MAL"]["trains"]
    for lang, label, count, place in (
        ("en", "held at a closed crossing at the end", f"{n} trains", "Malaszewicze (MAL)"),
        ("zh", "期末滞留于关闭口岸", f"{n} 列", "马拉舍维奇（MAL）"),
    ):
        row = dict(_kpi_rows(r.summary, lang)[0])[label]  # the report's key figures
        assert place in row and count in row
    data["disruptions"] = []
    assert "held_at_end" not in Model(validate_data(data, "open")).run().summary


def test_the_conservation_check_finds_an_order_out_of_stage_order_anywhere(monkeypatch):
    """A fault in any order, the first to leave or the last, is found and named (the tables
    built a few orders at a time, as after a large run, many blocks and the last short)."""
    import sim.model as model_module
    from sim.errors import ConservationError
    from sim.model import build_tables, check_conservation

    monkeypatch.setattr(model_module, "BLOCK", 7)  # the tables' blocks: many, the last short
    m = Model(validate_data(copy.deepcopy(TINY), "test"))
    m.build().run(until=m.scenario.days * 24.0)
    tables = build_tables(m.desk, m.scenario, m.logistics, m.dest_ids)
    check_conservation(tables, m.logistics)  # as run
    o = tables["orders"]
    left = np.flatnonzero(~np.isnan(o["departed_h"]))
    for at in (left[0], left[-1]):
        for col, value, message in (
            ("departed_h", o["packed_h"][at] - 1.0, "departed_h before packed_h"),
            ("packed_h", np.nan, "departed_h set but packed_h missing"),
            ("departure_id", -1, "departure times and departures disagree"),
        ):
            bad = {**o, col: o[col].copy()}
            bad[col][at] = value
            with pytest.raises(ConservationError, match=message):
                check_conservation({**tables, "orders": bad}, m.logistics)


def test_the_trains_waiting_at_the_end_are_listed_held_apart_from_queued():
    """The trains still waiting for a server when the run ends are in no table. A closure in
    force then holds them (``held_at_end``); a crossing open again, whose servers are all busy
    with the reopening's backlog, queues them (``queued_at_end``): counted apart, so a reader
    can tell the two. Each entry lists the trains in the order they joined the line, their
    departure (-1: another operator's) and arrival hour, so that they can be drawn waiting up
    to the end."""
    import yaml

    from tests.conftest import ROOT

    data = yaml.safe_load((ROOT / "scenarios" / "teaching_small.yaml").read_text())
    end = data["days"] * 24.0
    # closed from 5 to 24 February 2026: it reopens three days before the run ends (27 Feb)
    data["disruptions"] = [{"target": "node", "id": "MAL", "start": "2026-02-05",
                            "end": "2026-02-24", "servers_factor": 0.0}]  # fmt: skip
    model = Model(validate_data(data, "backlog"))
    s = model.run().summary
    assert "held_at_end" not in s  # open at the end: nothing is held by a closure
    q = s["queued_at_end"]
    assert list(q) == ["MAL"]
    dep, arrive = model.logistics.borders["MAL"].waiting()
    assert q["MAL"]["trains"] == dep.size > 0 and q["MAL"]["yiwu_trains"] == int((dep >= 0).sum())
    assert q["MAL"]["departure_ids"] == dep.tolist()
    assert q["MAL"]["arrive_h"] == [round(float(a), 2) for a in arrive]
    assert q["MAL"]["arrive_h"] == sorted(q["MAL"]["arrive_h"])  # first come, first served
    assert q["MAL"]["waited_h_max"] == round(end - float(arrive.min()), 1)
    assert "reopens_h" not in q["MAL"]
    # one of them came while it was closed (the backlog), and none has crossed
    closes_h = (dt.date(2026, 2, 5) - dt.date(2025, 10, 1)).days * 24.0
    assert min(q["MAL"]["arrive_h"]) < closes_h + 20 * 24.0
    # a closure in force at the end: the same trains' list, under held_at_end
    data["disruptions"][0]["end"] = "2026-03-31"
    model = Model(validate_data(data, "held"))
    s = model.run().summary
    held = s["held_at_end"]["MAL"]
    dep, arrive = model.logistics.borders["MAL"].waiting()
    assert held["departure_ids"] == dep.tolist() and len(held["arrive_h"]) == held["trains"]
    assert held["arrive_h"] == [round(float(a), 2) for a in arrive]
    assert "MAL" not in s.get("queued_at_end", {})


def test_trains_still_under_way_at_the_end_reconcile_departures_with_arrivals(tmp_path):
    """A run that ends with Yiwu trains on their way (a closure of Malaszewicze past the end
    holds some, others run a leg): ``in_service_at_end`` counts every one of them, so the
    trains table's departures = arrivals + these; the orders aboard are the orders table's
    departed and not arrived by rail, the held ones are ``held_at_end``'s Yiwu trains, and the
    files stay byte-identical for the same seed."""
    from sim.scenario import read_scenario_file
    from sim.world.inputs import validate_data
    from tests.conftest import ROOT

    data = read_scenario_file(ROOT / "scenarios" / "teaching_small.yaml")
    data["days"] = 60
    data["disruptions"] = [{"target": "node", "id": "MAL", "start": "2025-11-20",
                            "end": "2025-12-31", "servers_factor": 0}]  # fmt: skip
    sc = validate_data(data, "under-way")
    result = Model(sc).run()
    s, d = result.summary, result.tables["departures"]
    m = s["in_service_at_end"]
    trains = d["kind"] == "train"
    arrived = trains & ~np.isnan(d["arrived_h"])
    assert int(trains.sum()) == int(arrived.sum()) + m["trains"]
    still = trains & np.isnan(d["arrived_h"])
    assert m["orders"] == int(d["orders"][still].sum()) > 0
    assert m["teu"] == pytest.approx(float(d["teu"][still].sum()))
    o = result.tables["orders"]
    aboard = np.isin(o["departure_id"], d["departure_id"][still])
    assert int(aboard.sum()) == m["orders"]
    assert np.isnan(o["arrived_h"][aboard]).all() and (o["mode"][aboard] == "rail").all()
    # where they are: held by the closure (summary's held_at_end), the rest under way
    held = sum(h["yiwu_trains"] for h in s["held_at_end"].values())
    queued = sum(h["yiwu_trains"] for h in s.get("queued_at_end", {}).values())
    assert m["held"] == held > 0 and m["queued"] == queued
    assert m["under_way"] == m["trains"] - held - queued > 0
    assert sum(v["trains"] for v in m["by_line"].values()) == m["trains"]
    assert sum(v["orders"] for v in m["by_line"].values()) == m["orders"]
    # a held train has finished no crossing at Malaszewicze: not in the borders table there
    cr = result.tables["crossings"]
    ids = s["held_at_end"]["MAL"]["departure_ids"]
    at_mal = cr["departure_id"][cr["border"] == "MAL"]
    assert not np.isin([i for i in ids if i >= 0], at_mal).any()
    # the same seed: identical files, the new key included
    a = write_run(result, tmp_path / "a")
    b = write_run(Model(sc).run(), tmp_path / "b")
    for f in FILES:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_dispatch_and_sailings_counts_start_at_the_warm_ups_end():
    """The trains the dispatch policy added and cancelled, and the sailings the carriers
    blanked, are counted from the warm-up's end, as every other count of departures (the
    added trains counted the warm-up's too, beside "trains from Yiwu" from its end)."""
    from sim.model import Model
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    sc = load_scenario(
        ROOT / "scenarios" / "teaching_small.yaml",
        ["days=60", "warmup_days=14", "logistics.dispatch.rule=demand",
         "logistics.dispatch.min_fill=0.5", "logistics.sailings.rule=carriers"],
    )  # fmt: skip
    model = Model(sc)
    r = model.run()
    start = 14 * 24.0
    d = r.tables["departures"]
    lg = model.logistics
    assert any(at < start for _, at in lg.extra_departures + lg.cancelled_departures)
    extra_run = int(((d["kind"] == "train") & d["extra"] & (d["departed_h"] >= start)).sum())
    due = sum(1 for _, at in lg.extra_departures if start <= at < sc.days * 24.0)
    assert r.summary["dispatch"]["trains_added"] == extra_run == due
    cancelled = sum(1 for _, at in lg.cancelled_departures if at >= start)
    assert r.summary["dispatch"]["trains_cancelled"] == cancelled
    blanked = int(((d["blanked"] > 0) & (d["departed_h"] >= start)).sum())
    s = r.summary["sailings"]
    assert s["blanked_festival"] + s["blanked_min_fill"] == blanked
