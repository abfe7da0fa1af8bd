"""sim.actors.state_shape: what a policy reads of the network's shape in the live state: each
route's line, legs and crossings, and the names of the run's monitors."""

from __future__ import annotations

from itertools import pairwise

import pytest


def test_the_view_gives_each_routes_line_edges_and_crossings(busy_run):
    model, _ = busy_run
    view = model.view
    by_line = {view.route_line(r.index): r.index for r in model.logistics.routes}
    madrid = by_line["L01"]
    edges = view.route_edges(madrid)
    assert edges[0].src == "YIW" and edges[-1].dst == "MAD"
    assert all(a.dst == b.src for a, b in pairwise(edges))
    assert view.route_crossings(madrid) == ["AKS", "DST", "KRS", "BRE", "MAL", "IRN"]
    sea = by_line["S01"]
    assert [e.dst for e in view.route_edges(sea)] == ["NGB", "RTM"]
    assert view.route_crossings(sea) == []


def test_the_monitors_are_named_queue_and_wait_at_each_crossing_then_each_lines_goods(busy_run):
    model, _ = busy_run
    view = model.view
    crossings = list(model.logistics.borders)
    lines = [r.line.id for r in model.logistics.routes]
    assert view.monitors() == [
        *(f"queue:{n}" for n in crossings),
        *(f"wait:{n}" for n in crossings),
        *(f"at_yiwu:{line}" for line in lines),
    ]
    assert view.now == 40 * 24.0
    with pytest.raises(KeyError, match="no monitor 'at_yiwu:L99'; the run has: queue:"):
        view.monitor("at_yiwu:L99")
