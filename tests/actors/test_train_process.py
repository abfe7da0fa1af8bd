"""Cut-offs, trains and feeder trains as SimPy processes (the per-actor reference): a train
crosses a border and waits for a server, goes round a closed crossing, and runs exactly as the
batched engine's callback chain does."""

from __future__ import annotations

import numpy as np
import pytest

from sim.actors.logistics import Logistics, Trip
from sim.world.inputs import resolve, validate_data
from tests.worlds import LogisticsWorld

CONST2 = {"dist": "constant", "value": 2}
CLOSED_BRE = {"target": "node", "id": "BRE", "start": "2025-09-01", "end": "2025-09-29",
              "servers_factor": 0.0, "announced": "2025-08-01"}  # fmt: skip


def _almaty(tiny, one_by_one, **lines):
    """Almaty by L12 through Khorgos and Altynkol, one server each, 2 h to serve a train."""
    tiny["buyers"]["destinations"] = {"ALA": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L12"],
        "lines": {"L12": {"timetable": [{"weekday": 0, "hour": 10}, {"weekday": 0, "hour": 11}],
                          "capacity_teu": 100, **lines}},
        "borders": {"HRG": {"servers": 1, "service_h": CONST2},
                    "ALT": {"servers": 1, "service_h": CONST2}},
        "last_mile_h": {"dist": "constant", "value": 24},
        "consolidation": {"cutoff_h": 12},
    }  # fmt: skip
    tiny["scale"] = 1.0
    return LogisticsWorld(resolve(validate_data(tiny, "t")), ["ALA"], one_by_one=one_by_one)


def _madrid(tiny, one_by_one, train_routing="avoid_closed"):
    tiny["buyers"]["destinations"] = {"MAD": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L01"],
        "lines": {"L01": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": 100}},
        "consolidation": {"cutoff_h": 0},
        "train_routing": train_routing,
    }
    tiny["scale"] = 1.0
    tiny["disruptions"] = [CLOSED_BRE]
    return LogisticsWorld(resolve(validate_data(tiny, "t")), ["MAD"], one_by_one=one_by_one)


@pytest.fixture
def no_callback_trips(monkeypatch):
    """Trips driven by callbacks fail: in the per-actor engine only processes move trains
    (the background trains, which are not Yiwu's, still run on callbacks: they never depart)."""

    def refuse(self, *args):
        raise AssertionError("a Yiwu departure ran as a callback chain")

    monkeypatch.setattr(Trip, "depart", refuse)
    monkeypatch.setattr(Logistics, "_start", refuse)


def test_a_train_process_crosses_a_border_and_waits_for_a_server(tiny, no_callback_trips):
    w = _almaty(tiny, one_by_one=True)
    w.order(ready_h=0.0, teu=0.5)
    w.start()
    w.env.run(until=24 * 8)
    hrg = [c for c in w.crossings if c[1] == "HRG"]
    assert [c[0] for c in hrg] == [0, 1]  # both of Monday's trains, in order
    (_, _, a1, s1, e1), (_, _, a2, s2, e2) = hrg
    assert s1 == a1 and e1 == pytest.approx(a1 + 2)  # the first is served at once
    assert a2 == pytest.approx(a1 + 1)  # the second arrives an hour later ...
    assert s2 == e1 and e2 == pytest.approx(s2 + 2)  # ... and waits an hour for the server
    # two hours behind the first now, it reaches Altynkol as the first leaves: no wait there
    alt = [c for c in w.crossings if c[1] == "ALT"]
    assert [c[0] for c in alt] == [0, 1] and alt[1][2] == alt[1][3] == alt[0][4]
    assert all(np.isfinite(d[5]) for d in w.departures[:2])  # both arrived at Almaty
    d = w.lg.departures_table()
    assert d["border_wait_h"][:2].tolist() == pytest.approx([0.0, 1.0])


def test_a_train_process_reroutes_when_a_crossing_closes(tiny, no_callback_trips):
    w = _madrid(tiny, one_by_one=True)
    oid = w.order(ready_h=0.0, teu=0.5)
    w.start()
    w.env.run(until=24 * 29)
    borders = [b for d, b, *_ in w.crossings if d == 0]
    assert "BRE" not in borders and "MAL" not in borders  # around the closed crossing
    assert borders[borders.index("KEN") :] == ["KEN", "MCK", "IRN"]
    assert w.lg.rerouted_trains == 3  # the Mondays' trains that would reach Brest closed
    d = w.lg.departures
    assert d["rerouted"][0] == 1 and d["detour_km"][0] != 0.0
    assert np.isfinite(w.stage_times()["arrived_h"][oid])


def test_with_fixed_paths_the_train_process_waits_at_the_closed_crossing(tiny):
    w = _madrid(tiny, one_by_one=True, train_routing="fixed")
    w.order(ready_h=0.0, teu=0.5)
    w.start()
    w.env.run(until=24 * 60)
    bre = [c for c in w.crossings if c[0] == 0 and c[1] == "BRE"]
    assert len(bre) == 1
    _, _, arrive, start, _ = bre[0]
    assert arrive < start == pytest.approx(28 * 24 + 24)  # served when the window ends


@pytest.mark.parametrize("world", ["almaty", "madrid detour", "madrid fixed", "sea"])
def test_processes_and_callback_chains_give_the_same_journeys_to_the_last_bit(tiny, world):
    import copy

    def build(one_by_one):
        t = copy.deepcopy(tiny)
        if world == "almaty":
            w = _almaty(t, one_by_one)
        elif world == "sea":
            t["buyers"]["destinations"] = {"RTM": 1.0}
            t["logistics"] = {
                "only_lines": ["S01"],
                "sea": {"feeder_trains_per_day": 2},
                "consolidation": {"cutoff_h": 6},
            }
            w = LogisticsWorld(resolve(validate_data(t, "t")), ["RTM"], one_by_one=one_by_one)
        else:
            routing = "fixed" if world == "madrid fixed" else "avoid_closed"
            w = _madrid(t, one_by_one, routing)
        rng = np.random.default_rng(4)
        for ready, teu in zip(rng.uniform(0, 24 * 20, 60), rng.choice([0.2, 0.5, 1.0, 2.5], 60)):
            w.order(ready_h=float(ready), teu=float(teu))
        w.start()
        w.env.run(until=24 * 45)
        return w

    a, b = build(False), build(True)
    da, db = a.lg.departures_table(), b.lg.departures_table()
    for k in da:
        assert np.array_equal(da[k], db[k], equal_nan=da[k].dtype.kind == "f"), k
    assert a.crossings == b.crossings
    sa, sb = a.stage_times(), b.stage_times()
    for k in sa:
        assert np.array_equal(sa[k], sb[k], equal_nan=True), k
    assert len(a.departures) > 3 and np.isfinite(da["arrived_h"]).any()


def test_each_cut_off_is_its_own_process(tiny, monkeypatch):
    seen = {}
    original = Logistics._at_cutoff

    def spy(self, r, rows, k, journey):
        seen.setdefault(self.one_by_one, []).append(self.env.active_process)
        original(self, r, rows, k, journey)

    monkeypatch.setattr(Logistics, "_at_cutoff", spy)
    for one_by_one in (False, True):
        w = _almaty(tiny, one_by_one)
        w.start()
        w.env.run(until=24 * 21)
    assert len(seen[True]) == len(seen[False]) == 8  # two trains a week, four Mondays
    assert len(set(seen[False])) == 1  # the batched engine: one timetable process per route
    # the reference: a process per cut-off, but the first two (Monday 10:00 and 11:00, 12 h
    # cut-off) are both clipped at the run's start and taken in one step, as the batched
    # engine takes them
    assert len(set(seen[True])) == 7


def test_a_train_and_a_sailing_at_the_same_hour_leave_in_the_same_order_in_both_engines():
    """With a 30 h cut-off the teaching world's first Moscow train (L10) has its cut-off at
    the run's start and leaves at 19.83 h, the hour of the first Rotterdam sailing. The
    batched engine schedules the train's departure at the cut-off, before the sailing's first
    step; a train process started then took its first step only after every other actor's, so
    the sailing left first in the per-actor engine and the departures' rows (and every id
    that points at them) differed between the engines."""
    overrides = ["days=20", "scale=0.02", "logistics.consolidation.cutoff_h=30"]
    runs = _both_engines(overrides)
    deps = [r.tables["departures"] for r in runs]
    at = np.flatnonzero(deps[0]["departed_h"] == deps[0]["departed_h"][deps[0]["line"] == "L10"][0])
    assert sorted(deps[0]["kind"][at].tolist()) == ["sailing", "train"]  # the tie at stake
    _assert_same_tables(runs)


def test_cut_offs_at_the_departure_hour_tie_with_sailings_in_the_same_order_in_both_engines():
    """With no cut-off time (``cutoff_h: 0``) a Madrid train and a Rotterdam sailing both
    timetabled at 00:00 on the run's first weekday leave together every week. The train due
    at its cut-off at the run's start, and each next cut-off's process started then, took
    their first steps after every other actor's: the sailing left first each week in the
    per-actor engine, the train in the batched one."""
    tables = '{"weekday": 2, "hour": 0}'  # 1 October 2025 is a Wednesday
    overrides = [
        "days=20", "logistics.consolidation.cutoff_h=0",
        f'logistics.lines={{"L01": {{"timetable": [{tables}]}}, "L10": {{"trains_per_week": 2}}, '
        f'"L12": {{"trains_per_week": 2}}, "S01": {{"timetable": [{tables}]}}}}',
    ]  # fmt: skip
    runs = _both_engines(overrides)
    d = runs[0].tables["departures"]
    assert (d["departed_h"][d["kind"] == "sailing"] == [0.0, 168.0, 336.0]).all()
    _assert_same_tables(runs)


def _both_engines(overrides: list[str]) -> list:
    from sim.model import Model
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    return [
        Model(load_scenario(ROOT / "scenarios" / "teaching_small.yaml", [*overrides, e])).run()
        for e in ("engine=batched", "engine=per_actor")
    ]


def _assert_same_tables(runs: list) -> None:
    for a, b in zip(*(r.tables.values() for r in runs), strict=True):
        for col in a:
            assert np.array_equal(a[col], b[col], equal_nan=a[col].dtype.kind == "f"), col


def test_cut_offs_due_at_one_moment_are_taken_in_one_step_in_both_engines():
    """A 168-hour cut-off and trains in the run's first week: Madrid's line has two
    departures (Tuesday 08:00, Saturday 00:00) whose cut-offs are both clipped at the run's
    start, and Moscow's line leaves on Saturday 00:00 too. The batched timetable cuts off
    both Madrid departures in one step; the per-actor engine started a process for the second
    one, which took its step after Moscow's: the two Saturday trains left in another order,
    and the departures' rows (and the crossings' departure ids) differed between the engines."""
    lines = ('{"L01": {"timetable": [{"weekday": 1, "hour": 8}, {"weekday": 5, "hour": 0}]}, '
             '"L10": {"timetable": [{"weekday": 5, "hour": 0}]}}')  # fmt: skip
    overrides = ["start=2025-09-15", "days=21", "scale=0.02",
                 "logistics.consolidation.cutoff_h=168", f"logistics.lines={lines}"]  # fmt: skip
    runs = _both_engines(overrides)
    d = runs[0].tables["departures"]
    saturday = np.flatnonzero((d["departed_h"] == 120.0) & (d["kind"] == "train"))
    assert sorted(d["line"][saturday].tolist()) == ["L01", "L10"]  # the tie at stake
    _assert_same_tables(runs)
