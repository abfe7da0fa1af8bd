"""Other operators' trains served without events: the same crossings as one event an arrival."""

from __future__ import annotations

import numpy as np
import pytest

import sim.actors.logistics as logistics_module
from sim.actors.background import BackgroundTraffic
from sim.model import Model
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

CLOSURE = str(ROOT / "scenarios" / "whatif_festival_closure_reactive.yaml")
TEACHING = str(ROOT / "scenarios" / "teaching_small.yaml")


def _on_clock(monkeypatch):
    """Every background train on the clock: an event per arrival (the crossings get no
    :class:`BackgroundTraffic`, and run as they did before it)."""
    monkeypatch.setattr(logistics_module, "BackgroundTraffic", lambda: None)


def _run(path, overrides, sample_every_h=None):
    """A run's crossing records (west and east), tables and event count, and, every
    ``sample_every_h`` hours, what the live state reads of each crossing."""
    model = Model(load_scenario(path, overrides))
    env = model.build()
    lg = model.logistics
    samples: list[tuple[float, str, int, int, float, int]] = []
    if sample_every_h:

        def observer():
            while True:
                yield env.timeout(sample_every_h)
                for node, b in sorted(lg.borders.items()):
                    row = (env.now, node, b.queue_length, b.busy, b.recent_wait_h)
                    samples.append((*row, len(b.records())))

        env.process(observer())
    env.run(until=model.scenario.days * 24.0)
    crossings = {n: b.records() for n, b in lg.borders.items()}
    if lg.boxes is not None:
        crossings |= {f"east:{n}": b.records() for n, b in lg.boxes.east_borders.items()}
    waiting = {n: b.waiting() for n, b in lg.borders.items()}
    return crossings, waiting, samples, env.events_scheduled


def _same(a, b):
    assert a.keys() == b.keys()
    for node in a:
        left, right = a[node], b[node]
        if isinstance(left, tuple):
            for x, y in zip(left, right, strict=True):
                np.testing.assert_array_equal(x, y)
        else:
            np.testing.assert_array_equal(left, right, err_msg=node)


@pytest.mark.parametrize(
    ("path", "overrides"),
    [
        (None, ["days=45"]),  # the default season's start: every flow, eastbound too
        (TEACHING, []),
        # a closure with a train-routing policy: westbound flows stay on the clock (a detour
        # reads the state), the crossings' own background trains do not
        (CLOSURE, ["days=150", "logistics.mode_choice.rule=live", "logistics.pricing.rule=live"]),
    ],
)
def test_background_trains_without_events_leave_every_crossing_as_with_one(
    monkeypatch, path, overrides
):
    lazy = _run(path, overrides, sample_every_h=7.3)
    _on_clock(monkeypatch)
    clocked = _run(path, overrides, sample_every_h=7.3)
    _same(lazy[0], clocked[0])  # every crossing record, background ones included
    _same(lazy[1], clocked[1])  # the trains still waiting at the end
    assert lazy[2] == clocked[2]  # what anyone reading a crossing during the run saw
    assert sum(len(r) for r in lazy[0].values()) > 0
    background = sum(int((r[:, 1] == -1).sum()) for r in lazy[0].values())
    # an event fewer for each background train's crossing (none in the teaching world)
    assert (lazy[3] < clocked[3]) == (background > 0)


def test_a_closure_with_train_routing_keeps_westbound_background_trains_on_the_clock():
    model = Model(load_scenario(CLOSURE, ["days=150"]))
    model.build()
    lg = model.logistics
    assert lg.closable and lg.train_routing is not None
    assert lg.background_on_clock()
    model = Model(load_scenario(None, ["days=20"]))
    model.build()
    assert not model.logistics.background_on_clock()


def test_moments_are_served_in_time_order_up_to_the_time_asked():
    traffic = BackgroundTraffic()
    served: list[tuple[str, float]] = []

    def step(name, t):
        served.append((name, t))
        if name == "a":  # a moment served may add another, served too if due
            traffic.at(t + 1.0, step, "a2")

    for name, t in [("c", 5.0), ("a", 1.0), ("b", 2.0), ("b2", 2.0)]:
        traffic.at(t, step, name)
    traffic.upto(2.0)
    # ties in the order the moments were added (a2 was added last, as a was served)
    assert served == [("a", 1.0), ("b", 2.0), ("b2", 2.0), ("a2", 2.0)]
    assert len(traffic) == 1  # c, not yet due
    traffic.upto(10.0)
    assert served[-1] == ("c", 5.0) and len(traffic) == 0
