"""Disruptions and crossing settings no train of the run can meet: warnings before a run.

A closure of a crossing or an edge on none of the run's lines, or settings of such a crossing,
are valid but change nothing, which a planner who chose the wrong place should hear:
:func:`idle_disruption_warnings` and :func:`idle_border_warnings` say so; the run goes ahead.
Under ``train_routing: avoid_closed`` a train whose path passes a closed crossing may take a
detour, on the rail edges towards its own destination: a place no such detour can reach (a
dead-end crossing such as Zilupe, which leads only to Riga, in a run without the Riga line) is
warned of still.
"""

from __future__ import annotations

from itertools import pairwise

from sim.problems import Problem, problem
from sim.scenario import Scenario
from sim.world.network import Network


def idle_disruption_warnings(sc: Scenario, net: Network) -> list[Problem]:
    """Warnings for node and edge disruptions that no train of the run can meet: a crossing
    or an edge on none of the lines the run runs (either way), on no background flow's path
    and, for a crossing, with no background trains of its own. Such a disruption is valid but
    changes nothing, which a planner who closed the wrong crossing should hear. Under
    ``train_routing: avoid_closed`` a place a detour round a closed crossing can reach is not
    warned of (:func:`_reached`); one no detour reaches is, in words that say so."""
    line_ids, nodes, edges = _reached(sc, net)
    lines = ", ".join(line_ids)
    tail = "" if sc.logistics.train_routing == "fixed" else "_detour"
    out = []
    for i, d in enumerate(sc.disruptions):
        where = f"disruptions[{i}].id"
        if d.target == "node" and d.id in net.nodes and d.id not in nodes:
            out.append(problem(f"warn_idle_node{tail}", at=where, name=d.id, lines=lines))
        elif d.target == "edge":
            ends = tuple(d.id.split("-"))
            if len(ends) == 2 and net.has_edge(*ends) and ends not in edges:
                out.append(problem(f"warn_idle_edge{tail}", at=where, name=d.id, lines=lines))
    return out


def idle_border_warnings(sc: Scenario, net: Network) -> list[Problem]:
    """Warnings for ``logistics.borders`` entries that no train of the run meets, as
    :func:`idle_disruption_warnings` says of a disruption there: a crossing on none of the
    run's lines, on no background flow's path and without background trains of its own. A
    ``--set`` into such a crossing starts from its data and is valid, but changes nothing
    (``logistics.borders.KEN.servers=3`` in the teaching world). Nothing is said under a detour
    policy: the resolved scenario then gives every crossing of the network settings
    (:func:`sim.world.inputs.resolve`), and those the file or a ``--set`` wrote cannot be told
    from them."""
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
    (eastbound ones too), and under a detour policy what a detour of a train whose path
    passes a closed crossing can reach (:func:`_detour_reach`)."""
    lg = sc.logistics
    line_ids = [i for i in (lg.only_lines if lg.only_lines is not None else net.lines)
                if i in net.lines]  # fmt: skip
    paths = [list(net.lines[lid].path) for lid in line_ids]
    paths += [list(flow.path) for flow in lg.background_flows]
    nodes: set[str] = set()
    edges: set[tuple[str, str]] = set()
    for path in paths:
        nodes.update(path)
        edges.update(p for a, b in pairwise(path) for p in ((a, b), (b, a)))
    if lg.train_routing != "fixed":
        closed = {d.id for d in sc.disruptions
                  if d.id in lg.borders and d.closes(lg.borders[d.id].servers)}  # fmt: skip
        for path in paths:
            if closed.intersection(path):
                more_nodes, more_edges = _detour_reach(net, path)
                nodes |= more_nodes
                edges.update(p for a, b in more_edges for p in ((a, b), (b, a)))
    nodes.update(nid for nid, b in lg.borders.items() if b.background_trains_per_day > 0)
    east = lg.containers.eastbound
    if east.enabled:  # eastbound background trains of their own at a crossing
        nodes.update(nid for nid, n in east.background_trains_per_day.items() if n > 0)
    return line_ids, nodes, edges


def _detour_reach(net: Network, path: list[str]) -> tuple[set[str], set[tuple[str, str]]]:
    """The nodes and rail edges a detour of a train on ``path`` can reach: a detour
    (:func:`sim.world.paths.detour`) runs on rail edges from a node of the train's path (or of
    an earlier detour) to its destination, so it passes only a node its path's origin reaches
    and from which the destination can be reached. Nothing for a destination off the rail
    graph (a sea route's port beyond Ningbo), where no detour is found."""
    import networkx as nx  # only here: a run with fixed paths does not import it

    from sim.world.paths import rail_graph

    g = rail_graph(net)
    start, end = path[0], path[-1]
    if start not in g or end not in g:
        return set(), set()
    reach = (nx.descendants(g, start) | {start}) & (nx.ancestors(g, end) | {end})
    return reach, {(a, b) for a, b in g.edges if a in reach and b in reach}
