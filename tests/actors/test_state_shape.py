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


def test_a_line_gives_its_route_and_a_route_that_is_none_is_refused_not_read_as_the_last(
    busy_run,
):
    """A notebook user had to reach into the model to find a line's route, and a policy that
    passed the routing options' "no route" (-1) for a destination without rail read the last
    route's state (S01's) without a word; a line id passed as a route was a TypeError about list
    indices."""
    model, _ = busy_run
    view = model.view
    madrid = view.route_of("L01")
    assert (
        view.route_line(madrid) == "L01" and view.route_of("S01") == len(model.logistics.routes) - 1
    )
    with pytest.raises(KeyError, match="no line 'L99' in the run; its lines: L01, "):
        view.route_of("L99")
    for bad in (-1, len(model.logistics.routes)):
        for ask in (view.route_line, view.route_edges, view.route_crossings):
            with pytest.raises(
                IndexError, match=r"the run's routes are 0 to \d+ \(L01, .*-1 is no route"
            ):
                ask(bad)
    with pytest.raises(TypeError, match=r"route 'L01': a route is an index 0 to \d+"):
        view.route_crossings("L01")
