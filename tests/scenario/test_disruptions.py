"""sim.scenario.disruptions: a disruption's effects fit its target, its dates are in order, and
a crossing counts as closed when its kept servers round to none."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.scenario.test_schema import _bad


def test_disruption_effect_must_fit_its_target(tiny, tmp_path):
    def mutate(d):
        d["disruptions"] = [
            {
                "target": "line",
                "id": "L12",
                "start": "2025-09-02",
                "end": "2025-09-03",
                "servers_factor": 0.5,
            }
        ]

    (msg,) = _bad(tiny, tmp_path, mutate)
    assert "do not apply to a line" in msg


def test_a_closure_is_a_cut_whose_kept_servers_round_to_none():
    from sim.scenario import Disruption, servers_kept

    assert servers_kept(12, None) == 12 and servers_kept(12, 0.04) == 0
    assert servers_kept(12, 0.05) == 1 and servers_kept(1, 0.5) == 0  # halves to even
    cut = Disruption(target="node", id="BRE", start="2025-12-01", end="2025-12-02",
                     servers_factor=0.04)  # fmt: skip
    assert cut.closes(12) and not cut.closes(32)
    slow = Disruption(target="node", id="BRE", start="2025-12-01", end="2025-12-02",
                      dwell_factor=2.0)  # fmt: skip
    assert not slow.closes(1)
    line = Disruption(target="line", id="L01", start="2025-12-01", end="2025-12-02",
                      trains_factor=0.0)  # fmt: skip
    assert not line.closes(1)


def test_a_disruption_needs_dates_in_order_an_effect_and_a_surge_only_at_a_crossing():
    from sim.scenario import Disruption

    window = {"start": "2025-09-05", "end": "2025-09-06"}
    with pytest.raises(ValidationError, match="end 2025-09-02 is before start 2025-09-05"):
        Disruption(target="node", id="HRG", start="2025-09-05", end="2025-09-02",
                   servers_factor=0.5)  # fmt: skip
    with pytest.raises(ValidationError, match=r"needs one of \['dwell_factor', 'servers_fac"):
        Disruption(target="node", id="HRG", **window)
    with pytest.raises(ValidationError, match="surge_factor applies to a node"):
        Disruption(target="line", id="L12", trains_factor=0.0, surge_factor=2.0, **window)
    surge = Disruption(target="node", id="HRG", servers_factor=0.0, surge_factor=2.0, **window)
    assert surge.closes(4) and surge.surge_factor == 2.0
