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


def test_an_end_told_later_is_for_a_crossing_or_an_edge_and_not_before_the_news(tiny, tmp_path):
    """The September 2025 closure was announced on 9 September "until further notice"; its
    reopening on 25 September was told on 23 September. ``end_announced`` says when the end
    became known (a date or a moment), ``expected_days`` what was expected until then."""
    from sim.scenario import Disruption

    closure = {"target": "node", "id": "MAL", "start": "2025-09-12", "end": "2025-09-24",
               "announced": "2025-09-09", "servers_factor": 0.0}  # fmt: skip
    told = Disruption(**closure, end_announced="2025-09-23T10:00", expected_days=5)
    assert told.end_announced.hour == 10 and told.expected_days == 5
    assert Disruption(**closure, end_announced="2025-09-09").expected_days is None
    with pytest.raises(ValidationError, match="before the disruption is announced"):
        Disruption(**closure, end_announced="2025-09-08T23:00")
    with pytest.raises(ValidationError, match="expected_days needs end_announced"):
        Disruption(**closure, expected_days=5)
    with pytest.raises(ValidationError, match="greater than 0"):
        Disruption(**closure, end_announced="2025-09-23", expected_days=0)
    with pytest.raises(ValidationError, match="not to a line"):
        Disruption(target="line", id="L01", start="2025-09-12", end="2025-09-24",
                   trains_factor=0.0, end_announced="2025-09-23")  # fmt: skip
    # without an announcement, the news is the start's 00:00
    unannounced = {k: v for k, v in closure.items() if k != "announced"}
    with pytest.raises(ValidationError, match=r"\(2025-09-12\)"):
        Disruption(**unannounced, end_announced="2025-09-11")

    def mutate(d):
        d["disruptions"] = [{**closure, "expected_days": 5}]

    (msg,) = _bad(tiny, tmp_path, mutate)
    assert msg.startswith("disruptions[0]") and "expected_days needs end_announced" in msg


def test_a_line_s_capacity_factor_is_at_most_fifty(tiny, tmp_path):
    """A factor of 1e20 on a train's slots passed the schema and stopped the run with an
    integer overflow; it is refused with its key and its bound, as the departures' factor is."""

    def mutate(d):
        d["disruptions"] = [{"target": "line", "id": "L12", "start": "2025-09-02",
                             "end": "2025-09-03", "capacity_factor": 1e20}]  # fmt: skip

    (msg,) = _bad(tiny, tmp_path, mutate)
    assert "disruptions[0].capacity_factor" in msg and "50" in msg and "1e+20" in msg
    from sim.scenario import Disruption

    most = Disruption(target="line", id="L12", start="2025-09-02", end="2025-09-03",
                      capacity_factor=50)  # fmt: skip
    assert most.capacity_factor == 50
