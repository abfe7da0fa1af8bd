import numpy as np
import pytest

from sim.actors.timetables import schedule
from sim.scenario import LineSpec
from sim.world.inputs import resolve, validate_data
from tests.worlds import LogisticsWorld

CONST2 = {"dist": "constant", "value": 2}


def _world(tiny, **logistics):
    tiny["buyers"]["destinations"] = {"ALA": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L12"],
        "lines": {"L12": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": 100}},
        "borders": {
            "HRG": {"servers": 1, "service_h": CONST2},
            "ALT": {"servers": 1, "service_h": CONST2},
        },
        "last_mile_h": {"dist": "constant", "value": 24},
        "consolidation": {"cutoff_h": 12},
        **logistics,
    }
    tiny["scale"] = 1.0
    sc = resolve(validate_data(tiny, "test"))
    w = LogisticsWorld(sc, ["ALA"])
    return w.env, w, w


def _order(rec, lg, ready_h, teu, route=0):
    return rec.order(ready_h, teu, route)


def test_one_order_exact_event_log(tiny):
    env, lg, rec = _world(tiny)
    oid = _order(rec, lg, ready_h=5.0, teu=0.5)
    rec.start()
    env.run(until=24 * 30)
    st = rec.stage_times()
    # Monday 10:00 train (h 10) closed its cut-off at h 0, before the goods were ready at h 5;
    # the next Monday's train leaves at h 178, cut-off h 166.
    assert st["packed_h"][oid] == 166.0
    assert st["departed_h"][oid] == 178.0
    assert st["departure_id"][oid] == 1
    to_hrg = 13.3 + 14.9 + 13.6 + 18.0 + 50.5 + 10.4 + 7.6
    hrg = 178.0 + to_hrg
    want = [(1, "HRG", hrg, hrg, hrg + 2), (1, "ALT", hrg + 3, hrg + 3, hrg + 5)]
    got = [c for c in rec.crossings if c[0] == 1]
    assert [c[:2] for c in got] == [w[:2] for w in want]
    flat = [x for c in got for x in c[2:]]
    assert flat == pytest.approx([x for w in want for x in w[2:]])
    terminal = 24.0  # unloading at Almaty before the goods count as arrived
    assert st["arrived_h"][oid] == pytest.approx(hrg + 5 + 7.5 + terminal)
    assert st["delivered_h"][oid] == pytest.approx(hrg + 5 + 7.5 + terminal + 24)
    assert rec.departures[1][2:5] == ["train", 178.0, 100]
    d = lg.lg.departures_table()
    assert (d["teu"][1], d["goods_teu"][1], d["orders"][1]) == (1, 0.5, 1)


def test_second_train_queues_at_a_single_server_border(tiny):
    env, _, rec = _world(
        tiny,
        lines={"L12": {"timetable": [{"weekday": 0, "hour": 10}, {"weekday": 0, "hour": 11}]}},
    )
    rec.start()
    env.run(until=24 * 7)
    hrg = [c for c in rec.crossings if c[1] == "HRG"]
    assert len(hrg) == 2
    (_, _, a1, s1, e1), (_, _, a2, s2, _) = hrg
    assert s1 == a1 and e1 == pytest.approx(a1 + 2)
    assert a2 == pytest.approx(a1 + 1)
    assert s2 == pytest.approx(e1)  # waited one hour for the server


def test_evenly_spaced_schedule_and_suspension(tiny):
    spec = LineSpec(trains_per_week=7)
    times = [t for t, _ in schedule(spec, 0, 24 * 7, np.random.default_rng(0), [])]
    assert len(times) == 7
    assert np.allclose(np.diff(times), 24.0)


def test_trains_factor_zero_suspends_a_line_for_its_window(tiny):
    tiny["disruptions"] = [
        {
            "target": "line",
            "id": "L12",
            "start": "2025-09-08",
            "end": "2025-09-14",
            "trains_factor": 0,
        }
    ]
    env, _, rec = _world(tiny)
    rec.start()
    env.run(until=24 * 21)
    days = sorted(int(d[3] // 24) for d in rec.departures)
    assert days == [0, 14]  # the Monday 8 Sep train did not run


def test_capacity_factor_halves_trains_in_the_window(tiny):
    tiny["disruptions"] = [
        {
            "target": "line",
            "id": "L12",
            "start": "2025-09-08",
            "end": "2025-09-08",
            "capacity_factor": 0.5,
        }
    ]
    env, _, rec = _world(tiny)
    rec.start()
    env.run(until=24 * 21)
    assert [d[4] for d in rec.departures] == [100, 50, 100]


def test_border_servers_removed_for_a_window(tiny):
    tiny["disruptions"] = [
        {
            "target": "node",
            "id": "HRG",
            "start": "2025-09-01",
            "end": "2025-09-30",
            "servers_factor": 0.5,
        }
    ]
    env, _, rec = _world(
        tiny,
        borders={
            "HRG": {"servers": 2, "service_h": CONST2},
            "ALT": {"servers": 1, "service_h": CONST2},
        },
        lines={"L12": {"timetable": [{"weekday": 0, "hour": 10}, {"weekday": 0, "hour": 10.5}]}},
    )
    rec.start()
    env.run(until=24 * 7)
    (_, _, _, _, e1), (_, _, _, s2, _) = [c for c in rec.crossings if c[1] == "HRG"]
    assert s2 == pytest.approx(e1)  # one server left: the second train waited


def test_sea_route_feeder_port_and_sailing(tiny):
    tiny["buyers"]["destinations"] = {"RTM": 1.0}
    tiny["logistics"] = {
        "only_lines": ["S01"],
        "lines": {"S01": {"timetable": [{"weekday": 2, "hour": 0}]}},
        "sea": {
            "feeder_trains_per_day": 1,
            "port_dwell_h": {"dist": "constant", "value": 24},
            "transit_days": {"dist": "constant", "value": 30},
        },
        "last_mile_h": {"dist": "constant", "value": 24},
        "consolidation": {"cutoff_h": 0},
    }
    tiny["scale"] = 1.0
    sc = resolve(validate_data(tiny, "test"))
    w = LogisticsWorld(sc, ["RTM"])
    env, lg, rec = w.env, w, w
    oid = _order(rec, lg, ready_h=0.0, teu=0.5)
    rec.start()
    env.run(until=24 * 60)
    st = rec.stage_times()
    feeder_h = st["departed_h"][oid]
    assert rec.departures[st["departure_id"][oid]][2] == "feeder"
    # 6 h rail to Ningbo, 24 h port dwell, then the Wednesday 00:00 sailing (h 48), 30 days at sea
    assert feeder_h + 6 + 24 <= 48
    assert st["arrived_h"][oid] == pytest.approx(48 + 30 * 24)
    sailing = lg.lg.book.cols["sailing"][0]
    assert rec.departures[sailing][2] == "sailing"


def _poisson_runs(disruption: str) -> list:
    from sim.model import Model
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    lines = 'logistics.lines={"L01": {"poisson_per_week": 3}, "L10": {"poisson_per_week": 3}}'
    path = ROOT / "scenarios" / "teaching_small.yaml"
    return [
        Model(load_scenario(path, ["days=40", lines, *extra]))
        for extra in ([], [f"disruptions=[{disruption}]"])
    ]


def test_a_disruption_on_one_poisson_line_moves_no_other_trains():
    """Poisson lines drew their departures from one shared stream in line order, each window
    restarting its line's draws, so suspending Madrid's line (L01) for days 24-29 redrew
    Moscow's (L10) trains from day 0 (its first left at 50.1 h instead of 224.9 h): a paired
    what-if compared other trains than the one it changed. A Poisson line now draws over the
    whole run whatever its windows and keeps its trains outside them."""
    runs = _poisson_runs("{target: line, id: L01, start: 2025-10-25, end: 2025-10-30, "
                         "trains_factor: 0}")  # fmt: skip
    for m in runs:
        m.run()
    moscow = [[row[1] for row in m.logistics.rows[1]] for m in runs]
    assert moscow[0] == moscow[1]
    madrid = [[row[1] for row in m.logistics.rows[0]] for m in runs]
    outside = [t for t in madrid[0] if not 24 * 24.0 <= t < 30 * 24.0]
    assert madrid[1] == outside and len(outside) < len(madrid[0])


def test_a_poisson_lines_published_timetable_is_the_one_its_trains_run_without_a_disruption():
    """Before a disruption is announced the live state shows the line's published timetable.
    For a Poisson line it was drawn from a stream of its own, other trains than the line runs,
    so an unannounced disruption changed quotes and routes before anyone knew of it (found in
    the teaching world from 15 September 2025 with L01 Poisson and its slots cut to none from
    26 September, announced 24 September 13:00: orders placed before the announcement were
    quoted and routed otherwise than without the cut). Also for a Poisson line after another
    one (L10 after L01), whose draws follow the first's in the departures stream."""
    quiet, cut = _poisson_runs(
        "{target: line, id: L01, start: 2025-10-25, end: 2025-10-30, capacity_factor: 0}, "
        "{target: line, id: L10, start: 2025-10-25, end: 2025-10-30, capacity_factor: 0}"
    )
    for m in (quiet, cut):
        m.run()
    for route in (0, 1):
        runs = [row[1] for row in quiet.logistics.rows[route]]
        published = [t for t, _ in cut.logistics.published_departures(route, [])]
        assert published == runs == [row[1] for row in cut.logistics.rows[route]]
