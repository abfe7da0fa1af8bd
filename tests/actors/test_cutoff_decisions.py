"""sim.actors.cutoff_decisions: what the dispatch policy asks for at a cut-off, as the run does it
(an extra train never leaves before the departure whose cut-off asked for it)."""

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
