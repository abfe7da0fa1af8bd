"""sim.actors.state_crossings: what the live state reads of the border crossings: closures only
once they are announced, the wait they add, an announced slowdown's longer service, and the
same hours inside a booking slice as outside it."""

from __future__ import annotations

import pytest

from sim.model import Model
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
    assert view.expected_wait_h("AKS", 100.0) == pytest.approx(92.0 + ahead)  # 192 - 100
    assert view.expected_wait_h("AKS", 300.0) == pytest.approx(ahead)  # open again
    assert view.expected_crossing_h("AKS", 100.0) == pytest.approx(92.0 + ahead + service)


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
