"""Border crossings: the queue discipline and a cut in servers."""

from types import SimpleNamespace

import numpy as np
import pytest
import simpy

from sim.actors.borders import BorderCrossing, Window
from sim.scenario import BorderSpec


def _crossing(env, servers, windows=()):
    spec = BorderSpec(servers=servers, service_h={"dist": "constant", "value": 4})
    return BorderCrossing(env, "HRG", spec, np.random.default_rng(0), list(windows))


def _train(env, border, did, at):
    def go():
        yield env.timeout(at)
        waited = yield border.cross(did)
        assert waited == pytest.approx(env.now - 4 - at)

    env.process(go())


def test_a_crossing_serves_first_come_first_served_on_every_server():
    env = simpy.Environment()
    border = _crossing(env, servers=2)
    for did, at in enumerate([0.0, 1.0, 2.0, 3.0, 3.0]):
        _train(env, border, did, at)
    env.run()
    starts = {c[0]: (c[3], c[4]) for c in [(c[1], None, c[2], c[3], c[4]) for c in border.log]}
    # two at once; the third waits for the first server (free at 4 h), the fourth for the
    # second (5 h), the fifth (arrived with the fourth, behind it) for the first again (8 h)
    assert starts == {0: (0, 4), 1: (1, 5), 2: (4, 8), 3: (5, 9), 4: (8, 12)}
    assert border.idle == 2


def test_a_cut_takes_the_next_free_server_ahead_of_the_trains_in_line():
    env = simpy.Environment()
    cut = Window(
        2.0,
        20.0,
        SimpleNamespace(servers_factor=0.5, dwell_factor=None, surge_factor=None, surge_days=0),
    )
    border = _crossing(env, servers=2, windows=[cut])
    for did, at in enumerate([0.0, 1.0, 3.0]):
        _train(env, border, did, at)
    env.run()
    starts = {c[0]: c[3] for c in [(c[1], None, c[2], c[3], c[4]) for c in border.log]}
    # trains 0 and 1 are not interrupted; the cut takes train 0's server at 4 h, so train 2
    # (in line since 3 h) gets train 1's at 5 h; after the window both servers are back
    assert starts == {0: 0.0, 1: 1.0, 2: 5.0}
    assert border.idle == 2


def test_an_edge_is_slower_only_inside_its_disruption_windows():
    from sim.actors.borders import edge_hours

    slow = Window(10.0, 20.0, SimpleNamespace(dwell_factor=2.0, extra_h=None))
    late = Window(15.0, 30.0, SimpleNamespace(dwell_factor=None, extra_h=5.0))
    assert edge_hours(8.0, [slow, late], 5.0) == 8.0
    assert edge_hours(8.0, [slow, late], 12.0) == 16.0
    assert edge_hours(8.0, [slow, late], 16.0) == 21.0  # both: doubled, then 5 h more
    assert edge_hours(8.0, [slow, late], 25.0) == 13.0


def test_a_background_stream_arrives_at_the_sums_of_its_gaps_drawn_4096_at_a_time():
    """Each background arrival is the train itself as an event, at the running sum of the gaps
    (the very times SimPy schedules them at); a constant service draws nothing from the
    crossing's stream, so the gaps are its first draws."""
    env = simpy.Environment()
    spec = BorderSpec(
        servers=2, service_h={"dist": "constant", "value": 0.5}, background_trains_per_day=48
    )
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(3), [])
    border.start_background(horizon_h=200.0)
    env.run(until=300.0)
    gaps = np.random.default_rng(3).exponential(0.5, 4096).tolist()
    want, now = [], 0.0
    for gap in gaps:
        if now + gap >= 200.0:
            break
        now += gap
        want.append(now)
    rec = border.records()
    assert sorted(rec[:, 2].tolist()) == want  # bit for bit
    assert (rec[:, 1] == -1).all()
    assert np.array_equal(rec[:, 4], rec[:, 3] + 0.5)


def test_records_are_the_log_as_an_array_of_their_own():
    env = simpy.Environment()
    border = _crossing(env, servers=1)
    for did, at in enumerate([0.0, 1.0]):
        _train(env, border, did, at)
    env.run(until=5.0)
    first = border.records()
    assert border.log == [(0, 0, 0.0, 0.0, 4.0)]
    assert isinstance(border.log[0][0], int) and isinstance(border.log[0][1], int)
    assert np.array_equal(first, np.array(border.log, dtype=float))
    first[0, 4] = -1.0  # a copy: the log is not changed, and it can still grow
    env.run()
    assert border.log == [(0, 0, 0.0, 0.0, 4.0), (1, 1, 1.0, 4.0, 8.0)]
    assert np.array_equal(border.records(), np.array(border.log, dtype=float))
    empty = _crossing(simpy.Environment(), servers=1)
    assert empty.records().shape == (0, 5) and empty.log == []


def test_join_calls_back_with_the_wait_and_records_the_crossing():
    env = simpy.Environment()
    border = _crossing(env, servers=1)
    waits: list[tuple[float, float]] = []
    for did in range(3):
        border.join(did, lambda w: waits.append((env.now, w)))
    env.run()
    assert waits == [(4.0, 0.0), (8.0, 4.0), (12.0, 8.0)]
    assert [c[1:] for c in border.log] == [(0, 0, 0, 4), (1, 0, 4, 8), (2, 0, 8, 12)]
    assert border.queue_length == 0 and border.busy == 0


def test_a_run_schedules_only_simpys_own_events_each_with_its_own_callbacks(monkeypatch):
    """Trains and crossings use SimPy's public events: every event a whole run (trains, feeders,
    sailings, crossings, background flows, a closure with rerouting) schedules is one of
    SimPy's own classes, none carries private state set from outside, and no two events
    waiting in the queue share a callback list."""
    import sim.model
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    seen: list[object] = []

    class Recording(sim.model.CountingEnvironment):
        def schedule(self, event, priority=1, delay=0):
            seen.append(event)
            if len(seen) % 25 == 0:  # the queue now: every waiting event has a list of its own
                lists = [id(e.callbacks) for *_, e in self._queue if e.callbacks is not None]
                assert len(lists) == len(set(lists)), "events share a callback list"
            super().schedule(event, priority, delay)

    monkeypatch.setattr(sim.model, "CountingEnvironment", Recording)
    sc = load_scenario(
        ROOT / "scenarios" / "whatif_festival_closure_reactive.yaml",
        ["scale=0.02", "days=150", "start=2025-11-01", "warmup_days=0"],
    )
    model = sim.model.Model(sc)
    model.run()
    kinds = {type(e) for e in seen}
    assert kinds <= {simpy.Timeout, simpy.Event, simpy.Process, simpy.events.Initialize}
    assert simpy.Timeout in kinds
    assert len(seen) == model.env.events_scheduled
