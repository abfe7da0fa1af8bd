"""Border crossings: the queue discipline and a cut in servers."""

import math
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
    env.run(until=15.0)
    starts = {c[0]: c[3] for c in [(c[1], None, c[2], c[3], c[4]) for c in border.log]}
    # trains 0 and 1 are not interrupted; the cut takes train 0's server at 4 h, so train 2
    # (in line since 3 h) gets train 1's at 5 h; the cut holds its server to the window's end
    assert starts == {0: 0.0, 1: 1.0, 2: 5.0}
    assert (border.idle, border.busy) == (1, 1)
    env.run(until=25.0)
    assert border.idle == 2  # after the window both servers are back


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


# --------------------------------------------------------------- services decided at arrival


def _window(start, end, servers_factor=None, dwell_factor=None, surge_factor=None, surge_days=0):
    d = SimpleNamespace(
        servers_factor=servers_factor,
        dwell_factor=dwell_factor,
        surge_factor=surge_factor,
        surge_days=surge_days,
    )
    return Window(start, end, d)


def _line_reference(servers, windows, arrivals, seed):
    """The same crossing served from a line: SimPy's own priority resource, a server handed to
    the first in line at every release, each cut a request ahead of the trains (priority 0)
    from its start, held to its window's end; the service drawn as each train starts, from the
    same stream (a train's wait, start and end, by arrival)."""
    env = simpy.Environment()
    line = simpy.PriorityResource(env, capacity=servers)
    service = BorderSpec(servers=1, service_h={"dist": "lognormal", "mean": 3, "cv": 0.6}).service_h
    draw = service.sampler(np.random.default_rng(seed))
    out: dict[int, tuple[float, float]] = {}
    probes: list[tuple[float, int]] = []

    def train(k, at):
        yield env.timeout(at)
        with line.request(priority=1) as req:
            yield req
            start = env.now
            took = draw()
            for w in windows:
                if w.d.dwell_factor is not None and w.active(start):
                    took *= w.d.dwell_factor
            yield env.timeout(took)
            out[k] = (start, start + took)

    def cut(w):
        yield env.timeout(w.start_h)
        req = line.request(priority=0)
        yield req
        if w.end_h > env.now:
            yield env.timeout(w.end_h - env.now)
        line.release(req)

    def probe(at):
        yield env.timeout(at)
        probes.append((at, sum(1 for r in line.queue if r.priority == 1)))

    for w in windows:
        if w.d.servers_factor is not None:
            for _ in range(servers - round(servers * w.d.servers_factor)):
                env.process(cut(w))
    for k, at in enumerate(arrivals):
        env.process(train(k, at))
    for at in np.arange(0.5, arrivals[-1], 7.3):
        env.process(probe(float(at)))
    env.run()
    return out, probes


@pytest.mark.parametrize("seed", range(12))
def test_services_decided_at_arrival_are_those_of_a_line_served_at_every_release(seed):
    """Random arrivals (bursts included), cuts of some or all servers (overlapping, some
    starting while trains wait), slower service windows: every train's start and end, and the
    queue's length at moments between, equal those of a line served from SimPy's own
    resource."""
    rng = np.random.default_rng(seed)
    servers = int(rng.integers(1, 5))
    gaps = rng.exponential(rng.uniform(0.3, 2.0), 300) * rng.choice([0.1, 1.0], 300, p=[0.3, 0.7])
    arrivals = np.cumsum(gaps).tolist()
    windows = []
    for _ in range(int(rng.integers(0, 4))):
        a = float(rng.uniform(0, arrivals[-1]))
        windows.append(_window(a, a + float(rng.uniform(1, 60)), float(rng.choice([0.0, 0.5]))))
    if rng.random() < 0.5:
        a = float(rng.uniform(0, arrivals[-1]))
        windows.append(_window(a, a + 40.0, dwell_factor=1.7))
    want, probes = _line_reference(servers, windows, arrivals, seed)

    env = simpy.Environment()
    spec = BorderSpec(servers=servers, service_h={"dist": "lognormal", "mean": 3, "cv": 0.6})
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(seed), windows)
    got: dict[int, float] = {}
    seen: list[tuple[float, int]] = []

    def train(k, at):
        yield env.timeout(at)
        got[k] = yield border.cross(k)

    def probe(at):
        yield env.timeout(at)
        seen.append((at, border.queue_length))

    for k, at in enumerate(arrivals):
        env.process(train(k, at))
    for at in np.arange(0.5, arrivals[-1], 7.3):
        env.process(probe(float(at)))
    env.run()
    rec = {int(d): (s, e) for _, d, _, s, e in border.records().tolist()}
    assert rec == want  # bit for bit
    assert got == {k: want[k][0] - at for k, at in enumerate(arrivals)}
    assert seen == probes


def test_a_surge_adds_servers_at_the_windows_end_and_withdraws_them_as_they_free():
    """Two servers closed from 10 h to 30 h, then doubled for a day: the trains queued by the
    closure start on four servers at 30 h; from 54 h a freed surge server is withdrawn ahead of
    the line, so the crossing is back to two."""
    env = simpy.Environment()
    closure = _window(10.0, 30.0, servers_factor=0.0, surge_factor=2.0, surge_days=1)
    border = _crossing(env, servers=2, windows=[closure])
    for did, at in enumerate([11.0, 12.0, 13.0, 14.0, 15.0, 50.0, 51.0, 52.0, 53.0]):
        _train(env, border, did, at)
    env.run(until=31.0)
    assert border.servers == 4 and border.busy == 4 and border.queue_length == 1
    env.run()
    starts = {d: s for _, d, _, s, _ in border.log}
    # four at once at 30 h, the fifth when the first is done; after the surge (54 h) two
    assert starts == {0: 30.0, 1: 30.0, 2: 30.0, 3: 30.0, 4: 34.0, 5: 50.0, 6: 51.0,
                      7: 52.0, 8: 53.0}  # fmt: skip
    assert border.servers == 2 and border.idle == 2


def test_a_background_train_costs_its_arrival_only():
    """The crossing decides each service as the train arrives and nobody waits for a
    background train's end of service: one event per arrival, none per service."""
    from sim.model import CountingEnvironment

    idle = CountingEnvironment()
    idle.run(until=2100.0)  # the events of running until a time
    env = CountingEnvironment()
    spec = BorderSpec(
        servers=1, service_h={"dist": "exponential", "mean": 0.8}, background_trains_per_day=24
    )
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(1), [])
    border.start_background(horizon_h=2000.0)
    env.run(until=2100.0)
    arrivals = len(border._log) // 5  # every train that arrived has its service decided
    assert arrivals > 1500 and env.events_scheduled == arrivals + idle.events_scheduled
    rec = border.records()
    assert len(rec) == arrivals and (rec[:, 3] >= rec[:, 2]).all()
    assert (np.diff(rec[:, 3]) >= 0).all()  # started first come, first served


def test_recent_waits_are_heard_in_the_order_services_end():
    """The waits a forwarder hears (``recent_wait_h``) at any moment: the exponentially
    weighted waits of the services ended by then, in the order they ended."""
    from sim.actors.borders import RECENT_WEIGHT

    env = simpy.Environment()
    spec = BorderSpec(
        servers=3,
        service_h={"dist": "lognormal", "mean": 2, "cv": 1.0},
        background_trains_per_day=30,
    )
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(5), [])
    border.start_background(horizon_h=500.0)
    heard = []
    for t in np.arange(3.0, 500.0, 11.0):
        env.run(until=float(t))
        heard.append(border.recent_wait_h)
    env.run(until=600.0)
    rec = border.records()  # in the order they ended
    for t, h in zip(np.arange(3.0, 500.0, 11.0), heard, strict=True):
        want = 0.0
        for _, _, a, s, e in rec.tolist():
            if e <= t:
                want += RECENT_WEIGHT * (s - a - want)
        assert h == pytest.approx(want, abs=1e-12)


def test_the_newest_wait_heard_is_the_latest_end_of_the_records_by_then():
    """``heard_at_h`` (when the live state heard the newest wait it weighs) is the latest end
    of the services finished by the clock's time, as :meth:`records` holds them, without
    building them; -inf before any has ended."""
    env = simpy.Environment()
    spec = BorderSpec(servers=2, service_h={"dist": "lognormal", "mean": 6, "cv": 1.0},
                      background_trains_per_day=12)  # fmt: skip
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(3), [])
    border.start_background(horizon_h=400.0)
    assert border.heard_at_h == -np.inf
    seen = 0
    for t in np.arange(1.0, 400.0, 7.0):
        env.run(until=float(t))
        ends = border.records()[:, 4]
        want = float(ends.max()) if ends.size else -np.inf
        assert border.heard_at_h == want
        seen += bool(ends.size)
    assert seen > 40


@pytest.mark.parametrize("now", [0.0, 1e-300, 0.1, 3.0, 1e6])
def test_delay_to_lands_on_the_very_time(now):
    from sim.actors.borders import delay_to

    rng = np.random.default_rng(int(now * 7) % 100)
    for t in now + rng.exponential(50.0, 2000) * rng.choice([1e-9, 1.0, 1e6], 2000):
        t = float(t)
        assert now + delay_to(now, t) == t


def test_nothing_at_the_runs_horizon_happens_in_the_run():
    """SimPy stops a run at its horizon before any event at that time, so a crossing read then
    is as it was just before: a service ending at the horizon is not recorded, a train that
    would start there still waits, a cut ending there still holds its server (as when every
    start and end was an event of its own)."""
    env = simpy.Environment()
    cut = _window(10.0, 20.0, servers_factor=0.5)  # one of two servers, to the horizon
    border = _crossing(env, servers=2, windows=[cut])
    border.start_background(horizon_h=20.0)  # no background: only the run's end is told
    for did, at in enumerate([0.0, 16.0, 17.0]):
        _train(env, border, did, at)
    env.run(until=20.0)
    # train 1 is served 16-20 h on the server the cut left; train 2 would start at 20 h
    assert [(d, s, e) for _, d, _, s, e in border.log] == [(0, 0.0, 4.0)]
    assert border.queue_length == 1 and (border.idle, border.busy) == (0, 2)
    assert border.wait_series()[0].tolist() == [0.0, 16.0]
    t, level = border.queue_series()
    assert t.tolist() == [0.0, 16.0, 17.0] and level.tolist() == [0, 0, 1]
    assert border.recent_wait_h == 0.0


def test_a_service_decided_at_arrival_ends_at_its_very_time_even_when_no_delay_lands_there():
    """From 202.3745418078759 h no delay reaches 488.5429752894349 h (every sum is a tie
    rounded to an even neighbour): a train that waits there for a closure's end and is served
    480 h + 8.5429752894349 h still leaves at that very sum, as when the start of its service
    was an event of its own, and ``timeout_at`` lands on it through a relay."""
    from sim.actors.borders import delay_to, timeout_at

    now, end = 202.3745418078759, 480.0 + 8.5429752894349
    assert now + delay_to(now, end) != end  # the case: no delay lands on it
    env = simpy.Environment()
    spec = BorderSpec(servers=1, service_h={"dist": "constant", "value": 8.5429752894349})
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(0), [_window(0.0, 480.0, 0.0)])
    left = []

    def train():
        yield env.timeout(now)
        waited = yield border.cross(0)
        left.append((env.now, waited))

    env.process(train())
    env.run()
    assert left == [(end, 480.0 - now)] and border.log[0][2:] == (now, 480.0, end)

    seen = []
    env = simpy.Environment(initial_time=now)
    timeout_at(env, end, "x", lambda event: seen.append((env.now, event.value)))
    env.run()
    assert seen == [(end, "x")]


@pytest.mark.parametrize("closure_first", [False, True])
def test_a_cut_starting_as_a_surge_begins_goes_ahead_of_the_line_whatever_the_order(
    closure_first,
):
    """A surge's extra servers arrive at 10 h, as a closure of both own servers starts: the
    closure takes the first servers free (the surge's, idle), ahead of the train waiting
    since 9 h, which starts when an own server frees at 11 h, whichever window the scenario
    lists first (serving the line before the cut when the surge came first depended on it)."""
    surging = _window(0.0, 10.0, dwell_factor=1.0, surge_factor=2.0, surge_days=1)
    closure = _window(10.0, 20.0, servers_factor=0.0)
    env = simpy.Environment()
    windows = [closure, surging] if closure_first else [surging, closure]
    border = _crossing(env, servers=2, windows=windows)
    for did, at in enumerate([7.0, 8.0, 9.0]):
        _train(env, border, did, at)
    env.run()
    assert {d: s for _, d, _, s, _ in border.log} == {0: 7.0, 1: 8.0, 2: 11.0}


def _old_order_reference(spec, seed, windows, own, horizon):
    """A crossing served from a line (SimPy's priority resource, cuts ahead at priority 0),
    each service drawn as it starts, from the stream the background gaps are drawn from too,
    4096 at a time: every train's (arrive, start, end), by arrival."""
    env = simpy.Environment()
    rng = np.random.default_rng(seed)
    line = simpy.PriorityResource(env, capacity=spec.servers)
    draw = spec.service_h.sampler(rng)
    out = []

    def train(at):
        with line.request(priority=1) as req:
            yield req
            start = env.now
            took = draw()
            yield env.timeout(took)
            out.append((at, start, start + took))

    def own_train(at):
        yield env.timeout(at)
        yield env.process(train(at))

    def background():
        gaps: list[float] = []
        i = 0
        while True:
            if i == len(gaps):
                gaps = rng.exponential(24.0 / spec.background_trains_per_day, 4096).tolist()
                i = 0
            gap = gaps[i]
            i += 1
            if not env.now + gap < horizon:
                return
            yield env.timeout(gap)
            env.process(train(env.now))

    def cut(w):
        yield env.timeout(w.start_h)
        req = line.request(priority=0)
        yield req
        yield env.timeout(w.end_h - env.now)
        line.release(req)

    for w in windows:
        for _ in range(spec.servers):
            env.process(cut(w))
    for at in own:
        env.process(own_train(at))
    env.process(background())
    env.run()
    return sorted(out)


def test_services_and_background_gaps_are_drawn_from_the_stream_in_the_order_of_a_line():
    """A crossing draws its services and its background gaps from one stream, each 4096 at a
    time. A train that waits through a closure while the background draws its next batch of
    gaps, and whose service opens a new batch, drew after those gaps when services were drawn
    at their start: deciding the service at its arrival keeps that order (every start and
    end equal to the line's, bit for bit)."""
    spec = BorderSpec(
        servers=1,
        service_h={"dist": "lognormal", "mean": 0.5, "cv": 0.5},
        background_trains_per_day=40,
    )
    # with 60 own trains ahead, the 4097th train arrives at 2418.8 h, waits through a closure
    # and starts at 2514.8 h; the 4096th background train arrives between, at 2451.1 h, and
    # draws the next batch of gaps: before the service batch, as the line drew them
    own = [float(h) for h in range(1, 61)]
    windows = [_window(2400.0, 2496.0, servers_factor=0.0)]
    horizon = 2700.0
    want = _old_order_reference(spec, 7, windows, own, horizon)
    assert len(want) > 4200

    env = simpy.Environment()
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(7), windows)
    border.start_background(horizon_h=horizon)
    for at in own:
        _train_at(env, border, at)
    env.run(until=horizon + 200.0)  # past the last end (a background train's is no event)
    got = sorted((a, s, e) for _, _, a, s, e in border.records().tolist())
    assert got == want


def _train_at(env, border, at):
    def go():
        yield env.timeout(at)
        yield border.cross(0)

    env.process(go())


def test_surge_servers_freed_just_as_the_surge_ends_are_withdrawn_not_handed_on():
    """A closure from 10 h to 20 h, then three times the servers for a day: three trains
    start at 20 h and end together at 44 h, just as the surge ends. Only the crossing's own
    server takes the next train then; the surge's two go (served from a line, the ends of
    the services begun on them came before the surge's own end, and both took a train for
    another day)."""
    env = simpy.Environment()
    closure = _window(10.0, 20.0, servers_factor=0.0, surge_factor=3.0, surge_days=1)
    spec = BorderSpec(servers=1, service_h={"dist": "constant", "value": 24})
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(0), [closure])
    for did, at in enumerate([11.0, 12.0, 13.0, 14.0, 15.0]):
        env.process(_cross_at(env, border, did, at))
    env.run()
    starts = {d: s for _, d, _, s, _ in border.log}
    assert starts == {0: 20.0, 1: 20.0, 2: 20.0, 3: 44.0, 4: 68.0}


def _cross_at(env, border, did, at):
    yield env.timeout(at)
    yield border.cross(did)


@pytest.mark.parametrize("servers", [1, 3])
@pytest.mark.parametrize("cuts", [False, True])
def test_the_line_ahead_kept_between_reads_is_the_line_read_afresh(servers, cuts):
    """``line_ahead_h`` keeps its answer until a train arrives, a waiting train's service
    starts or an unheard service ends: read at moments close together (some with nothing
    new, some just at a start or an end; with cuts, services that start when a closure
    ends, not when another ends), it is bit for bit the recent wait or the shared queue read
    afresh, and a second read at one moment is the first."""
    windows = []
    if cuts:
        windows = [
            Window(a, b, SimpleNamespace(servers_factor=f, dwell_factor=None, surge_factor=None,
                                         surge_days=0))
            for a, b, f in ((200.0, 260.5, 0.0), (500.25, 610.0, 0.5))
        ]  # fmt: skip
    env = simpy.Environment()
    spec = BorderSpec(
        servers=servers,
        service_h={"dist": "lognormal", "mean": 3, "cv": 0.8},
        background_trains_per_day=7 * servers,  # busy: lines form and shrink
    )
    border = BorderCrossing(env, "HRG", spec, np.random.default_rng(servers), windows)
    border.start_background(horizon_h=900.0)
    rng = np.random.default_rng(11)
    moments = np.sort(np.concatenate((rng.uniform(0, 880, 400), np.arange(1.0, 880.0, 0.25))))
    kept = 0
    for i, t in enumerate(moments.tolist()):
        env.run(until=t)
        service = 3.0 if i < moments.size // 2 else 30.0  # (30: the queue's term is the line)
        read = border._line_read
        got = border.line_ahead_h(service)
        kept += read is not None and border._line_read is read
        assert border.line_ahead_h(service) == got
        want = max(border.recent_wait_h, border.queue_length * service / max(border.servers, 1))
        assert got == want, t
    assert kept > 100  # the kept answer served many of the reads


def test_a_closure_told_as_back_to_back_windows_is_one_closure_when_asked_its_end():
    """Małaszewicze closed 12-19 October and 19-28 October (two entries): asked near the end
    of the first window, the crossing said it would open at the first window's end, so a train
    held 230 h was priced and routed as waiting a few hours; the answer also hung on the
    entries' order. Windows that follow one another or overlap are one closure; a window told
    later than asked is not known."""
    from sim.scenario import Disruption

    def shut(start, end, announced=-1e9):
        d = Disruption(target="node", id="HRG", start="2025-10-01", end="2025-10-02",
                       servers_factor=0.0)  # fmt: skip
        return Window(start, end, d, announced_h=announced)

    env = simpy.Environment()
    for windows in ([shut(0, 100), shut(100, 300)], [shut(100, 300), shut(0, 100)]):
        border = _crossing(env, servers=2, windows=windows)
        assert border.closed_until_h(90.0) == 300.0
    overlapping = _crossing(env, servers=2, windows=[shut(0, 100), shut(50, 150), shut(150, 160)])
    assert overlapping.closed_until_h(10.0) == 160.0
    gap = _crossing(env, servers=2, windows=[shut(0, 100), shut(101, 300)])
    assert gap.closed_until_h(90.0) == 100.0 and gap.closed_until_h(100.5) is None
    told_late = _crossing(env, servers=2, windows=[shut(0, 100), shut(100, 300, announced=95)])
    assert told_late.closed_until_h(90.0, known_at=90.0) == 100.0
    assert told_late.closed_until_h(90.0, known_at=96.0) == 300.0


def test_a_closure_whose_end_is_not_told_is_expected_to_go_on_from_each_moment():
    """Until its end is told, a closure is expected to last ``expected_h`` more hours from
    whenever a decision asks (from its start, if asked before it): a train due at the
    crossing after the real reopening still expects it closed; once the end is told the
    real end holds. The crossing itself reopens at its real end."""
    from sim.actors.borders import told_windows
    from sim.scenario import Disruption

    d = Disruption(target="node", id="HRG", start="2025-10-01", end="2025-10-02",
                   servers_factor=0.0)  # fmt: skip
    w = Window(100.0, 200.0, d, announced_h=50.0, end_told_h=150.0, expected_h=120.0)
    assert w.seen(60.0).end_h == 220.0  # asked before its start: from the start
    assert w.seen(140.0).end_h == 260.0  # from the moment asked
    assert w.seen(150.0) is w and w.seen(math.inf) is w
    # not known to be over until its end, or until the end is told when that comes later
    assert w.thought_on_until_h == 200.0
    assert Window(100.0, 200.0, d, 50.0, end_told_h=230.0).thought_on_until_h == 230.0
    assert told_windows([w], 40.0) == [] and told_windows([w], 150.0) == [w]
    env = simpy.Environment()
    border = _crossing(env, servers=2, windows=[w])
    assert border.closed_until_h(190.0, known_at=140.0) == 260.0
    assert border.closed_until_h(210.0, known_at=140.0) == 260.0  # really open by then
    assert border.closed_until_h(190.0, known_at=150.0) == 200.0
    assert border.closed_until_h(210.0, known_at=150.0) is None
    assert border.closed_until_h(190.0) == 200.0  # the crossing's own end
    # an end told with the closure (the default) is known as soon as it is
    known = Window(100.0, 200.0, d, announced_h=50.0, end_told_h=50.0)
    assert known.seen(60.0) is known
