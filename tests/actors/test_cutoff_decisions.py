"""sim.actors.cutoff_decisions: what the dispatch policy sees at a cut-off and what the run does
with its answer: an extra train added where the line has room (none inside a suspension, none
past the end of the run) and never before the departure whose cut-off asked for it; a
cancelled departure does not leave."""

from __future__ import annotations

import numpy as np

from sim.model import Model
from sim.world.inputs import load_scenario
from tests.conftest import ROOT


def test_an_extra_asked_for_before_its_departure_leaves_with_it(monkeypatch):
    """A policy of one's own may answer an ``add_at_h`` before the departure whose cut-off
    asked (the built-in rule never does): the extra train was put before it and left first
    with the younger goods it left behind. It leaves with that departure at the earliest."""
    import sim.model
    from sim.policies.dispatch import Decision, DispatchPolicy

    class Early(DispatchPolicy):
        active = True
        asked = 0

        def at_cutoff(self, cut, view):
            Early.asked += 1
            return Decision(add_at_h=view.now) if Early.asked % 7 == 0 else Decision()

    monkeypatch.setattr(sim.model, "make_dispatch", lambda spec: Early(spec))
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml",
                       ["logistics.consolidation.cutoff_h=30", "days=60"])  # fmt: skip
    model = Model(sc)
    o = model.run().tables["orders"]
    assert model.logistics.extra_departures
    for line in ("L01", "L10", "L12"):  # first closed, first to leave, on every line
        m = (o["line"] == line) & ~np.isnan(o["departed_h"])
        order = np.lexsort((o["departed_h"][m], o["packed_h"][m]))
        assert (np.diff(o["departed_h"][m][order]) >= 0).all(), line


def test_the_dispatch_policy_sees_the_cut_off_and_its_extras_and_cancellations_are_kept(tiny):
    """A weekly Almaty train of 4 slots, suspended on 15-16 September (known from the start):
    the first cut-off loads 4 and leaves 2 behind; the extra it asks for runs, one asked inside
    the suspension has no room and one past the end of the run is not seen leave, so neither
    is added; a cancelled departure does not leave."""
    from sim.policies.dispatch import CutOff, Decision, DispatchPolicy
    from sim.world.inputs import resolve, validate_data
    from tests.worlds import LogisticsWorld

    class Asks(DispatchPolicy):
        active = True

        def __init__(self, spec, answers):
            super().__init__(spec)
            self.answers, self.seen = answers, []

        def at_cutoff(self, cut, view):
            self.seen.append(cut)
            return self.answers.pop(0) if self.answers else Decision()

    tiny["buyers"]["destinations"] = {"ALA": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L12"],
        "lines": {"L12": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": 4}},
        "consolidation": {"cutoff_h": 0},
    }
    tiny["scale"] = 1.0
    tiny["disruptions"] = [{"target": "line", "id": "L12", "start": "2025-09-15",
                            "end": "2025-09-16", "trains_factor": 0.0,
                            "announced": "2025-09-01"}]  # fmt: skip
    w = LogisticsWorld(resolve(validate_data(tiny, "t")), ["ALA"])
    asked = [Decision(add_at_h=40.0), Decision(add_at_h=24 * 15.0), Decision(add_at_h=1e6),
             Decision(cancel=True)]  # fmt: skip
    w.lg.dispatch = policy = Asks(w.lg.sc.logistics.dispatch, asked)
    for _ in range(5):
        w.order(ready_h=0.0, teu=1.0)
    w.order(ready_h=0.0, teu=0.5)
    w.start()
    w.env.run(until=24 * 30)
    assert policy.seen[0] == CutOff(route=0, departure_h=10.0, capacity=4, loaded=4,
                                    left_behind=2)  # fmt: skip
    assert policy.seen[1] == CutOff(route=0, departure_h=40.0, capacity=4, loaded=2,
                                    left_behind=0)  # fmt: skip
    assert w.lg.extra_departures == [(0, 40.0)]
    assert w.lg.cancelled_departures == [(0, 514.0)]
    assert [d[3] for d in w.departures] == [10.0, 40.0, 178.0, 682.0]  # not 346 (suspended)
