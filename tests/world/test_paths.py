"""sim.world.paths: detours round closed crossings, the quickest by running hours and each
crossing's dwell, and their nominal hours."""

from __future__ import annotations

import pytest

from sim.world.network import load_network
from sim.world.paths import detour, nominal_hours


def test_no_detour_leads_into_a_closed_destination():
    net = load_network(calibrated=False)
    assert detour(net, "MZL", "ZBK", {"ZBK"}) is None
    assert [e.dst for e in detour(net, "MSQ", "WAW", {"BRE"})] == ["KEN", "VNO", "MCK", "WAW"]


def test_the_quickest_path_counts_each_crossings_dwell_not_only_the_running_hours():
    """Minsk to Warsaw: through Brest and Malaszewicze runs 16.2 h, but their dwell (8.5 h and
    24 h) makes it 48.7 h; round them through Kena and Mockava runs 22.8 h, 38.8 h in all."""
    net = load_network(calibrated=False)
    quickest = detour(net, "MSQ", "WAW", set())
    assert [e.dst for e in quickest] == ["KEN", "VNO", "MCK", "WAW"]
    assert sum(e.hours for e in quickest) == pytest.approx(22.8)
    assert nominal_hours(net, quickest) == pytest.approx(22.8 + 4.0 + 12.0)
    brest = detour(net, "MSQ", "WAW", {"KEN"})
    assert [e.dst for e in brest] == ["BRE", "MAL", "WAW"]
    assert sum(e.hours for e in brest) == pytest.approx(16.2)
    assert nominal_hours(net, brest) == pytest.approx(16.2 + 8.5 + 24.0)
    assert nominal_hours(net, []) == 0.0
