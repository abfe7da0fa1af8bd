"""Journeys (:mod:`sim.actors.journeys`): legs and crossings from Yiwu to the line's end, disrupted
edges run slower, a train ends at its last crossing."""

from __future__ import annotations

import pytest

from tests.actors.test_background_flows import _flow_world
from tests.actors.test_logistics import _world


def test_edge_disruption_adds_running_time(tiny):
    tiny["disruptions"] = [
        {
            "target": "edge",
            "id": "YIW-HFE",
            "start": "2025-09-01",
            "end": "2025-09-01",
            "extra_h": 5,
        }
    ]
    env, _, rec = _world(tiny)
    rec.start()
    env.run(until=24 * 8)
    first = next(c for c in rec.crossings if c[0] == 0 and c[1] == "HRG")
    assert first[2] == pytest.approx(10 + 5 + 13.3 + 14.9 + 13.6 + 18.0 + 50.5 + 10.4 + 7.6)


def _run_counting(w, until):
    """Run a world's clock to ``until``, one event at a time: the events processed."""
    w.start()
    n = 0
    while w.env.peek() < until:
        w.env.step()
        n += 1
    return n


def test_a_background_train_ends_at_its_last_crossing(tiny):
    """What a background train does after its last crossing is seen by nobody: a flow running
    on to Warsaw records the same crossings as one stopping at Malaszewicze, with no event
    for the leg after it."""
    europe = ["KRS", "MSQ", "BRE", "MAL"]
    runs = []
    for path in ([*europe, "WAW"], europe):
        w = _flow_world(tiny, [{"name": "europe", "trains_per_day": 6, "path": path}])
        runs.append((_run_counting(w, 24 * 20), w.crossings))
    (events_on, on), (events_stop, stop) = runs
    assert on == stop and len([c for c in on if c[0] == -1]) > 50
    assert events_on == events_stop


def test_after_last_crossing_counts_the_legs_up_to_the_last_crossing():
    from sim.actors.logistics import after_last_crossing

    crossing = object()
    leg = lambda border: (1.0, (), border, "X", 10.0)  # noqa: E731
    assert after_last_crossing([]) == 0
    assert after_last_crossing([leg(None)]) == 0
    assert after_last_crossing([leg(crossing), leg(None), leg(crossing), leg(None)]) == 3
