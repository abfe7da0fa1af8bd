"""sim.actors.state_crossings: what the live state reads of the border crossings: closures only
once they are announced, the wait they add, an announced slowdown's longer service, the line
ahead projected to when a train gets there, and the same hours inside a booking slice as
outside it."""

from __future__ import annotations

import math

import pytest

from sim.actors.state_crossings import line_at, ordinary_wait_h, service_scv
from sim.model import Model
from sim.scenario.distributions import Constant, Exponential, Lognormal, Triangular
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TOLD = "announced: 2025-10-03"  # hour 48 of a run from 1 October
WINDOW = "start: 2025-10-05, end: 2025-10-08"  # hours 96 to 192


@pytest.fixture
def told_closure():
    """The teaching world with Alashankou closed and Dostyk slowed (twice its service) over the
    same window, both announced two days before, the clock at hour 30 (before the announcement)."""
    sc = load_scenario(
        ROOT / "scenarios" / "teaching_small.yaml",
        ["days=20",
         f"disruptions=[{{target: node, id: AKS, {WINDOW}, servers_factor: 0, {TOLD}}}, "
         f"{{target: node, id: DST, {WINDOW}, dwell_factor: 2, {TOLD}}}]"],
    )  # fmt: skip
    model = Model(sc)
    env = model.build()
    env.run(until=30.0)
    return model, env


def test_a_closure_is_read_only_once_announced_and_its_rest_is_waited(told_closure):
    model, env = told_closure
    view = model.view
    assert view.is_crossing("AKS") and not view.is_crossing("YIW")
    assert view.crossings() == list(model.logistics.borders)
    assert view.closed_until_h("AKS", 100.0) is None  # not told yet at hour 30
    env.run(until=60.0)
    assert view.closed_until_h("AKS", 100.0) == 192.0
    service = model.logistics.borders["AKS"].spec.service_h.mean()
    ahead = model.logistics.borders["AKS"].line_ahead_h(service)
    # the rest of the closure (192 - 100), then the line the closure's first 4 h leave ahead
    line = view.line_ahead_at_h("AKS", 100.0)
    assert line >= ahead
    assert view.expected_wait_h("AKS", 100.0) == pytest.approx(92.0 + line)
    assert view.expected_crossing_h("AKS", 100.0) == pytest.approx(92.0 + line + service)
    # open again: no closure left, the line projected to then
    assert view.expected_wait_h("AKS", 300.0) == pytest.approx(view.line_ahead_at_h("AKS", 300.0))


def test_an_announced_slowdown_lengthens_the_service_of_a_train_served_in_its_window(
    told_closure,
):
    model, env = told_closure
    env.run(until=60.0)
    view = model.view
    service = model.logistics.borders["DST"].spec.service_h.mean()
    wait = view.expected_wait_h("DST", 100.0)
    assert view.expected_crossing_h("DST", 100.0) == pytest.approx(wait + 2 * service)
    assert view.expected_crossing_h("DST", 300.0) == pytest.approx(wait + service)


def test_a_crossing_without_windows_reads_the_same_hours_in_a_booking_slice(told_closure):
    model, _ = told_closure
    view = model.view
    plain = [n for n in view.crossings() if not model.logistics.borders[n].windows]
    assert "AKS" not in plain and "KRS" in plain
    outside = [view.expected_crossing_h(n, 500.0) for n in plain]
    with view.snapshot():
        assert view.plain_crossings_h(plain) == outside
        assert [view.expected_crossing_h(n, 80.0) for n in plain] == outside  # any hour
    for n in plain:
        b = model.logistics.borders[n]
        assert view.border_queue(n) == b.queue_length
        assert view.recent_wait_h(n) == b.recent_wait_h


MAL_CLOSED = (
    "disruptions=[{target: node, id: MAL, start: 2025-10-06, end: 2025-11-10, "
    "announced: '2025-10-02T13:00', servers_factor: 0}]"
)
"""Malaszewicze closed from 6 October to 10 November (hours 120 to 984 of the teaching
world), told on 2 October at 13:00 (hour 37)."""


def _teaching_until(until_h: float, *overrides: str) -> Model:
    """The teaching world with ``overrides``, its clock run to ``until_h``."""
    model = Model(load_scenario(ROOT / "scenarios" / "teaching_small.yaml", list(overrides)))
    model.build().run(until=until_h)
    return model


def test_the_ordinary_wait_is_erlang_c_scaled_by_the_service_variability():
    # M/M/1 at 0.5 load: rho * s / (1 - rho); M/D/1 half of it (Pollaczek-Khinchine)
    assert ordinary_wait_h(1, 0.5, 1.0, 1.0) == pytest.approx(1.0)
    assert ordinary_wait_h(1, 0.5, 1.0, 0.0) == pytest.approx(0.5)
    # M/M/2 at a = 1 (rho 0.5): Erlang C 1/3, wait C / (c mu - lambda) = 1/3
    assert ordinary_wait_h(2, 1.0, 1.0, 1.0) == pytest.approx(1.0 / 3.0)
    assert ordinary_wait_h(2, 0.0, 1.0, 1.0) == 0.0  # no traffic
    assert ordinary_wait_h(2, 2.0, 1.0, 1.0) == 0.0  # no ordinary state: the line grows
    assert math.isfinite(ordinary_wait_h(1000, 900.0, 1.0, 0.25))  # many servers
    assert service_scv(Exponential(dist="exponential", mean=3.0)) == 1.0
    assert service_scv(Lognormal(dist="lognormal", mean=6.0, cv=0.5)) == pytest.approx(0.25)
    assert service_scv(Constant(dist="constant", value=2.0)) == 0.0
    tri = Triangular(dist="triangular", low=0.0, mode=0.0, high=3.0)  # mean 1, variance 1/2
    assert service_scv(tri) == pytest.approx(0.5)


def test_the_line_drains_at_the_spare_capacity_and_grows_while_closed():
    # 2 servers clearing 1.5 server-hours an hour more than the trains bring
    open_, closed = [(math.inf, -1.5, 2)], [(20.0, 0.5, 0), (math.inf, -1.5, 2)]
    assert line_at(20.0, open_, 0.0, 0.0, 2) == 10.0  # now: 20 server-hours on 2 servers
    assert line_at(20.0, open_, 0.0, 4.0, 2) == pytest.approx(7.0)  # 20 - 6 server-hours
    assert line_at(20.0, open_, 0.0, 100.0, 2) == 0.0  # drained, never below empty
    # closed until hour 20: the trains keep coming (0.5 server-hours an hour), none served
    assert line_at(0.0, closed, 0.0, 10.0, 2) == pytest.approx(2.5)  # 5 / the 2 to serve
    assert line_at(0.0, closed, 0.0, 22.0, 2) == pytest.approx((10.0 - 3.0) / 2)


@pytest.mark.parametrize("engine", ["batched", "per_actor"])
def test_a_train_reaching_a_crossing_long_after_a_closure_ends_is_expected_to_wait_little(engine):
    """Malaszewicze closed from 6 October to 10 November: just after it reopens the trains the
    closure held are still in line. A train reaching it now waits for them; one reaching it 20
    days later, when they have long crossed, waits the crossing's ordinary wait (it was
    expected to wait the line ahead now, whenever it got there)."""
    model = _teaching_until(990.0, "days=50", f"engine={engine}", MAL_CLOSED)  # reopened: 984
    view, mal = model.view, model.logistics.borders["MAL"]
    assert mal.queue_length >= 3
    now = view.expected_wait_h("MAL", 990.0)
    later = view.expected_wait_h("MAL", 990.0 + 20 * 24.0)
    assert now >= 72.0  # the congestion surcharge's wait
    assert later < 12.0
    _, ordinary = view._ordinary_of("MAL")
    assert later == pytest.approx(ordinary)
    with view.snapshot():  # the same inside a booking slice
        assert view.expected_wait_h("MAL", 990.0 + 20 * 24.0) == later
        assert view.expected_wait_h("MAL", 990.0) == now


@pytest.mark.parametrize("engine", ["batched", "per_actor"])
def test_a_draining_backlog_after_a_closure_makes_the_waits_vary_with_the_trains_time(engine):
    """After Malaszewicze reopens its backlog drains: the wait a train meets there depends on
    when it gets there, so the routes through it are among those whose waits vary (their
    prices judge each order's own train) although no closure is told and not over; a route
    not through it is not, nor is any route of a run without disruption windows."""
    # reopened at hour 984: the trains it held still in line
    model = _teaching_until(990.0, "days=80", f"engine={engine}", MAL_CLOSED)
    view = model.view
    through = [r.index for r in model.logistics.routes if "MAL" in view.route_crossings(r.index)]
    others = [r.index for r in model.logistics.routes if r.index not in through]
    assert through and others
    assert view.line_drains("MAL")
    assert all(view.crossing_waits_vary(r) for r in through)
    assert not any(view.crossing_waits_vary(r) for r in others)
    assert sorted(view.varying_wait_routes()) == sorted(through)
    plain = _teaching_until(990.0, "days=80", f"engine={engine}")
    assert plain.view.varying_wait_routes() == []
    assert not any(plain.view.crossing_waits_vary(r) for r in through)


def test_a_train_reaching_a_crossing_just_after_a_told_closure_meets_its_backlog():
    """Told before it starts, a closure holds every train that comes while it lasts: a train
    reaching the crossing just after it reopens waits behind them, one reaching it weeks
    later does not."""
    model = _teaching_until(60.0, "days=20", MAL_CLOSED)  # told at hour 37, open until 120
    view = model.view
    rate, ordinary = view._ordinary_of("MAL")
    service = model.logistics.borders["MAL"].spec.service_h.mean()
    held = rate * service * (984.0 - 120.0) / 2  # the closure's trains, on 2 servers
    assert view.expected_wait_h("MAL", 985.0) == pytest.approx(held, rel=0.05)
    assert view.expected_wait_h("MAL", 984.0 + 40 * 24.0) == pytest.approx(ordinary)


def test_the_recent_wait_is_the_lines_signal_as_of_when_it_was_heard():
    """Weeks after Malaszewicze reopened the trains it held have crossed, the last of them
    reporting waits of days, and no fresh train has crossed since: a train reaching it now
    is told the waits heard; one reaching it later, as the line they report has drained since
    they were heard, the ordinary wait."""
    model = _teaching_until(1200.0, "days=60", MAL_CLOSED)
    view, mal = model.view, model.logistics.borders["MAL"]
    assert mal.queue_length == 0 and mal.recent_wait_h > 72.0
    heard = float(mal.records()[:, 4].max())
    assert heard < 1200.0
    assert view.expected_wait_h("MAL", 1200.0) == mal.recent_wait_h  # what is heard now
    _, ordinary = view._ordinary_of("MAL")
    assert view.expected_wait_h("MAL", 1200.0 + 20 * 24.0) == pytest.approx(ordinary)
    soon = view.line_ahead_at_h("MAL", 1201.0)
    assert ordinary < soon < mal.recent_wait_h  # drained since it was heard, not since now


def test_a_window_not_yet_announced_does_not_choose_how_the_line_ahead_is_read(told_closure):
    """Before the announcement the closed crossing reads its line as one without windows would:
    now, at any time (no projection), and never as draining."""
    model, env = told_closure
    view = model.view
    assert env.now < 48.0
    for node in ("AKS", "DST"):
        assert not view.windows_known(model.logistics.borders[node])
        assert not view.line_drains(node)
        assert view.line_ahead_at_h(node, env.now + 200.0) == view.line_ahead_at_h(node, env.now)
    env.run(until=50.0)  # told at hour 48: from then the line ahead is projected
    assert view.windows_known(model.logistics.borders["AKS"])


def test_live_quotes_before_a_closure_is_told_are_those_of_the_world_without_it():
    """Found by a search of fresh worlds: Altynkol overloaded by its background trains (200 a
    day at one server), live prices, a closure on 3 October told on 2 October at 00:00. The
    orders placed on 1 October were quoted 3,425 USD/TEU (the congestion surcharge, from the
    line ahead projected because the crossing had a window) where the world without the
    closure quoted 3,250: the unannounced window chose how the line ahead was read."""
    ov = ["start=2025-10-01", "days=20", "warmup_days=0", "scale=0.02", "seed=48",
          "buyers.visits_per_day=800", "buyers.in_scope_share=0.05",
          "logistics.consolidation.cutoff_h=0", "logistics.consolidation.close_partial=false",
          'logistics.borders={"ALT": {"servers": 1, "service_h": {"dist": "exponential", '
          '"mean": 0.5}, "background_trains_per_day": 200}}',
          "logistics.mode_choice.rule=share", "logistics.mode_choice.rail_share=0.0",
          "logistics.pricing.rule=live"]  # fmt: skip
    closure = (
        'disruptions=[{"target": "node", "id": "ALT", "start": "2025-10-03", '
        '"end": "2025-10-03", "servers_factor": 0.0, "announced": "2025-10-02T00:00"}]'
    )
    world = ROOT / "scenarios" / "teaching_small.yaml"
    quiet, told = (Model(load_scenario(world, o)).run().tables["orders"]
                   for o in (ov, [*ov, closure]))  # fmt: skip
    before = [o["placed_h"] < 24.0 for o in (quiet, told)]
    assert before[0].sum() > 0
    assert (quiet["line"][before[0]] == "L12").any()  # (orders on the closed crossing's line)
    assert list(quiet["quoted_usd_per_teu"][before[0]]) == list(
        told["quoted_usd_per_teu"][before[1]]
    )


def test_an_eastbound_train_reads_the_crossings_eastbound_servers(monkeypatch):
    """An eastbound detour is judged by the crossings' eastbound servers: an announced
    closure's rest, the eastbound line now (here 50 h, the westbound one none) and the
    service; a run without eastbound trains reads the westbound crossing."""
    closure = f"disruptions=[{{target: node, id: AKS, {WINDOW}, servers_factor: 0, {TOLD}}}]"
    sets = ["days=20", "logistics.containers.pools_teu={YIW: 5000}",
            "logistics.containers.eastbound.enabled=true", closure]  # fmt: skip
    model = Model(load_scenario(ROOT / "scenarios" / "teaching_small.yaml", sets))
    env = model.build()
    env.run(until=60.0)
    view, lg = model.view, model.logistics
    east = lg.boxes.east_borders["AKS"]
    service = east.spec.service_h.mean()
    monkeypatch.setattr(type(east), "line_ahead_h", lambda b, s: 50.0 if b is east else 0.0)
    assert view.expected_east_crossing_h("AKS", 100.0) == pytest.approx(92.0 + 50.0 + service)
    assert view.expected_east_crossing_h("AKS", 300.0) == pytest.approx(50.0 + service)
    assert view.expected_crossing_h("AKS", 300.0) < 50.0
    lg.boxes = None
    assert view.expected_east_crossing_h("AKS", 100.0) == view.expected_crossing_h("AKS", 100.0)
