"""Paths through the rail network other than a line's own: detours around closed crossings.

A train whose path crosses a closed border crossing may take another path from where it is to
where it is going. :func:`detour` finds the quickest one on the rail edges of the network graph
(running hours plus each crossing's nominal dwell), avoiding the closed nodes; the detour's legs
come with their own running times, gauge changes and crossings. Only the data decide what
exists: a detour is possible where ``sim/world/data`` has the edges (e.g. Minsk - Kena - Vilnius -
Mockava - Warsaw around Brest - Malaszewicze).

The data's edges run one way, from Yiwu towards Europe; an eastbound train runs them backwards
(from an edge's ``dst`` to its ``src``, meeting the crossing at ``src``), so its detours are
searched on the reversed graph (``eastbound=True``) and come as the data's edges in the order
the train runs them, each backwards (:func:`reached`).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from sim.world.network import Edge, Network

if TYPE_CHECKING:
    import networkx as nx


def reached(e: Edge, eastbound: bool = False) -> str:
    """The node a train running edge ``e`` gets to: its ``dst``, or for an eastbound train,
    which runs it backwards, its ``src``."""
    return e.src if eastbound else e.dst


def rail_graph(net: Network, eastbound: bool = False) -> nx.DiGraph:
    """Rail edges as a simple directed graph weighted by running hours plus the dwell of the
    crossing each edge leads to (cached on the network); ``eastbound``: the edges reversed,
    as an eastbound train runs them (each still carries the data's :class:`Edge`)."""
    attr = "_rail_graph_east_cache" if eastbound else "_rail_graph_cache"
    cached = getattr(net, attr, None)
    if cached is not None:
        return cached
    import networkx as nx  # only here: a run without detours does not import it

    g = nx.DiGraph()
    for a, b, data in net.graph.edges(data=True):
        e: Edge = data["edge"]
        if e.mode != "rail":
            continue
        if eastbound:
            a, b = b, a
        weight = e.hours + (net.nodes[b].border_dwell_h or 0.0)
        if not g.has_edge(a, b) or g[a][b]["weight"] > weight:
            g.add_edge(a, b, weight=weight, edge=e)
    setattr(net, attr, g)
    return g


def detour(
    net: Network, src: str, dst: str, avoid: Iterable[str], eastbound: bool = False
) -> list[Edge] | None:
    """The quickest rail path from ``src`` to ``dst`` that passes none of ``avoid`` (as edges,
    in the order the train runs them; ``eastbound``: each run backwards), or None when there
    is none."""
    import networkx as nx

    g = rail_graph(net, eastbound)
    avoid = set(avoid)
    if src not in g or dst not in g or (dst in avoid and dst != src):
        return None  # nowhere to go round a closed destination
    banned = avoid - {src}
    view = nx.subgraph_view(g, filter_node=lambda n: n not in banned)
    try:
        nodes = nx.shortest_path(view, src, dst, weight="weight")
    except nx.NetworkXNoPath:
        return None
    return [g[a][b]["edge"] for a, b in pairwise(nodes)]


def nominal_hours(net: Network, edges: Iterable[Edge], eastbound: bool = False) -> float:
    """Running hours plus the nominal dwell of the crossings on ``edges`` (run backwards:
    ``eastbound``)."""
    nodes = net.nodes
    return sum(e.hours + (nodes[reached(e, eastbound)].border_dwell_h or 0.0) for e in edges)


def path_taken(
    net: Network, line_id: str, crossed: Iterable[str], detour_km: float | None = None
) -> list[Edge] | None:
    """The rail path a train of ``line_id`` took, from the crossings it passed, in the order it
    passed them (the crossings table's rows of one departure): the edges from the line's origin
    to its destination.

    A train that went round a closed crossing (``train_routing: avoid_closed``) records no
    path, only the crossings it was served at. Between two of them that follow each other on
    its line, it ran its line (a train leaves its line only where it decides, at its origin or
    after a crossing, and nothing records a detour that came back to the line between two of
    its crossings); between any other two points, the quickest rail path that passes no other
    crossing (:func:`detour`, as the policy found it: a part of the quickest path is the
    quickest between its ends, and a crossing passed would have a row). None when the points
    do not connect so (a network other than the run's) or the line is not a rail line.

    A train still on its way when the run ended has passed only some of its crossings: from
    the last one (or its origin) it runs the path it was sent on, whose crossings have no row
    yet. With ``detour_km``, the km its detours added (the trains table's), a path whose
    length is not the line's plus those km does not end as the train was sent: its last
    stretch is the detour it was sent on from its last crossing passed, the quickest path
    round the first crossing of its line ahead (or round several, from the first) whose
    length makes it so (:func:`detour`, as the policy chose it; the closures it read are not
    in the tables). A train so rerouted and not yet past its first crossing off its line is
    drawn along its detour, not along its line.
    """
    line = net.lines.get(line_id)
    if line is None or line.mode == "sea":
        return None
    crossed = list(crossed)
    points = [line.path[0], *crossed, line.destination]
    where = {n: i for i, n in enumerate(line.path)}
    on_line = set(line.borders)
    borders = {n for n, node in net.nodes.items() if node.kind == "border"}

    def stretch(a: str, b: str) -> list[Edge] | None:
        if a == b:
            return []
        i, j = where.get(a), where.get(b)
        skipped = (
            i is not None and j is not None and any(n in on_line for n in line.path[i + 1 : j])
        )
        if i is not None and j is not None and i < j and not skipped:
            return list(line.edges[i:j])
        return detour(net, a, b, borders - {a, b})

    out: list[Edge] = []
    last: list[Edge] | None = []
    for k, (a, b) in enumerate(pairwise(points)):
        leg = stretch(a, b)
        if k == len(points) - 2:
            last = leg  # the stretch from the last crossing passed: it may not be observed
            break
        if leg is None:
            return None
        out += leg
    if detour_km is None:
        return None if last is None else out + last

    def fits(edges: list[Edge]) -> bool:
        return abs(sum(e.km for e in edges) - line.km - detour_km) < 0.5

    if last is not None and fits(out + last):
        return out + last
    here = points[-2]
    after = where.get(here, -1)  # the line's crossings not passed yet, in the line's order
    ahead = [n for n in line.path[after + 1 :] if n in on_line and n not in crossed]
    tried: list[set[str]] = [{n} for n in ahead] + [
        set(ahead[:k]) for k in range(2, len(ahead) + 1)
    ]
    for avoid in tried:
        tail = detour(net, here, line.destination, avoid)
        if tail is not None and fits(out + tail):
            return out + tail
    return None if last is None else out + last
