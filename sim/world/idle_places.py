"""Disruptions and crossing settings no train of the run can meet: warnings before a run.

A closure of a crossing or an edge on none of the run's lines, or settings of such a crossing,
are valid but change nothing, which a planner who chose the wrong place should hear:
:func:`idle_disruption_warnings` and :func:`idle_border_warnings` say so; the run goes ahead.
"""

from __future__ import annotations

from sim.problems import Problem, problem
from sim.scenario import Scenario
from sim.world.network import Network


def idle_disruption_warnings(sc: Scenario, net: Network) -> list[Problem]:
    """Warnings for node and edge disruptions that no train of the run can meet: a crossing
    or an edge on none of the lines the run runs (either way), on no background flow's path
    and, for a crossing, with no background trains of its own. Such a disruption is valid but
    changes nothing, which a planner who closed the wrong crossing should hear. Under
    ``train_routing: avoid_closed`` a detour may take a train anywhere: nothing is said."""
    lg = sc.logistics
    if lg.train_routing != "fixed":
        return []
    line_ids, nodes, edges = _reached(sc, net)
    out = []
    for i, d in enumerate(sc.disruptions):
        where = f"disruptions[{i}].id"
        if d.target == "node" and d.id in net.nodes and d.id not in nodes:
            out.append(problem("warn_idle_node", at=where, name=d.id, lines=", ".join(line_ids)))
        elif d.target == "edge":
            ends = tuple(d.id.split("-"))
            if len(ends) == 2 and net.has_edge(*ends) and ends not in edges:
                out.append(problem("warn_idle_edge", at=where, name=d.id,
                                   lines=", ".join(line_ids)))  # fmt: skip
    return out


def idle_border_warnings(sc: Scenario, net: Network) -> list[Problem]:
    """Warnings for ``logistics.borders`` entries that no train of the run meets, as
    :func:`idle_disruption_warnings` says of a disruption there: a crossing on none of the
    run's lines, on no background flow's path and without background trains of its own. A
    ``--set`` into such a crossing starts from its data and is valid, but changes nothing
    (``logistics.borders.KEN.servers=3`` in the teaching world). Nothing is said under a detour
    policy, which may take a train to any crossing."""
    if sc.logistics.train_routing != "fixed":
        return []
    line_ids, nodes, _ = _reached(sc, net)
    lines = ", ".join(line_ids)
    return [
        problem("warn_idle_border", at=f"logistics.borders.{b}", name=b, lines=lines)
        for b in sc.logistics.borders
        if b in net.nodes and b not in nodes
    ]


def _reached(sc: Scenario, net: Network) -> tuple[list[str], set[str], set[tuple[str, str]]]:
    """The run's lines, and the nodes and edges (both ways) a train of the run can meet: on a
    line's path, on a background flow's path, a crossing with background trains of its own
    (eastbound ones too)."""
    lg = sc.logistics
    line_ids = [i for i in (lg.only_lines if lg.only_lines is not None else net.lines)
                if i in net.lines]  # fmt: skip
    nodes: set[str] = set()
    edges: set[tuple[str, str]] = set()
    for lid in line_ids:
        line = net.lines[lid]
        nodes.update(line.path)
        edges.update(p for e in line.edges for p in ((e.src, e.dst), (e.dst, e.src)))
    for flow in lg.background_flows:
        nodes.update(flow.path)
        edges.update(p for a, b in zip(flow.path, flow.path[1:]) for p in ((a, b), (b, a)))
    nodes.update(nid for nid, b in lg.borders.items() if b.background_trains_per_day > 0)
    east = lg.containers.eastbound
    if east.enabled:  # eastbound background trains of their own at a crossing
        nodes.update(nid for nid, n in east.background_trains_per_day.items() if n > 0)
    return line_ids, nodes, edges
