"""Checks of a scenario before it runs: what its types cannot see, its size, its feasibility.

:func:`semantic_problems` finds unknown ids, destinations no route serves, and disruptions
outside the run or on the wrong kind of place, and adds the run-size limits of
:func:`sim.world.size_limits.size_problems` (errors: the file is refused).
The warnings, with which the run still goes ahead, live beside it, one module a kind:
:mod:`sim.world.capacity` (lines and sea routes offered more goods than they can carry),
:mod:`sim.world.idle_places` (disruptions and crossing settings no train meets),
:mod:`sim.world.box_pool` (a pool of boxes that runs out) and
:mod:`sim.world.unread_settings`; :mod:`sim.world.demand` estimates the run's demand for them.
Their public names are importable from here too, as callers have long imported them.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from datetime import timedelta

import yaml

from sim.problems import problem
from sim.scenario import YAML_DUMPER, LineSpec, Scenario
from sim.scenario.messages import summarise
from sim.world.box_pool import box_pool_warnings
from sim.world.calendar import LUNAR_YEARS
from sim.world.capacity import capacity_shortfalls, capacity_warnings, line_factors_over_run
from sim.world.demand import CONTAINER_FILL, expected_orders, expected_teu_per_day
from sim.world.idle_places import idle_border_warnings, idle_disruption_warnings
from sim.world.network import Network
from sim.world.size_limits import (
    MAX_CONTAINERS,
    MAX_CROSSINGS,
    MAX_DEPARTURES,
    MAX_MERCHANTS,
    MAX_ORDERS,
    run_size,
    size_problems,
)

__all__ = [
    "CONTAINER_FILL",
    "MAX_CONTAINERS",
    "MAX_CROSSINGS",
    "MAX_DEPARTURES",
    "MAX_MERCHANTS",
    "MAX_ORDERS",
    "box_pool_warnings",
    "capacity_shortfalls",
    "capacity_warnings",
    "expected_orders",
    "expected_teu_per_day",
    "idle_border_warnings",
    "idle_disruption_warnings",
    "line_factors_over_run",
    "run_size",
    "semantic_problems",
    "size_problems",
]


def _edges_at(net: Network, node: str) -> str:
    """The edges into and out of ``node``, as a hint after a misspelt edge id ("" for no such
    node, or none)."""
    if node not in net.nodes:
        return ""
    g = net.graph
    return ", ".join(sorted({f"{a}-{b}" for a, b in [*g.in_edges(node), *g.out_edges(node)]}))


def _unknown(kind: str, at: str, given: str, ids: Container[str], known: str) -> str:
    """An unknown line or destination id, said with the id it is in upper case when that one
    is known (``l01``, ``mad``: the reader was left to spot the case in the list)."""
    upper = str(given).upper()
    if upper != given and upper in ids:
        return problem(f"scn:unknown_{kind}_case", at=at, name=repr(given), hint=repr(upper),
                       known=known)  # fmt: skip
    return problem(f"scn:unknown_{kind}", at=at, name=repr(given), known=known)


LINES_KEPT_CHARS = 160
"""The longest ``--set 'logistics.lines=...'`` a left-out line's problem writes out; past it (a
long timetable) it names the ``--set`` that drops every line's settings instead."""


def _lines_kept(lines: Mapping[str, LineSpec], only: list[str]) -> str:
    """How to leave out, from the command line, the settings of the lines ``only`` does not
    run: a ``--set`` giving ``logistics.lines`` the settings of the lines it runs alone (the
    problem said "set logistics.lines without it", which the file can do, but ``--set`` cannot
    remove a key: ``logistics.lines.L10=null`` is refused as no line's settings)."""
    kept = {
        lid: {k: int(v) if isinstance(v, float) and v.is_integer() else v
              for k, v in spec.model_dump(mode="json", exclude_none=True).items()}
        for lid, spec in lines.items()
        if lid in only
    }  # fmt: skip
    text = yaml.dump(kept, Dumper=YAML_DUMPER, default_flow_style=True, width=10_000)
    flag = f"--set 'logistics.lines={text.strip().removesuffix('...').strip()}'"
    if len(flag) <= LINES_KEPT_CHARS:
        return flag
    return problem("scn:left_out_drop", kept=", ".join(kept))


def semantic_problems(sc: Scenario, net: Network) -> list[str]:
    """Problems that the types cannot see: unknown ids, unreachable destinations, dates.

    Returns one message per problem (empty when the scenario is sound), each a
    :class:`~sim.problems.Problem`: its English line, and its code and values.
    """
    problems: list[str] = []
    lg = sc.logistics
    known = ", ".join(net.lines)
    # the ids a crossing of the network may have, for every place a crossing is named
    crossings = ", ".join(sorted(n.id for n in net.nodes.values() if n.kind == "border"))
    for lid in lg.only_lines or []:
        if lid not in net.lines:
            problems.append(_unknown("line", "logistics.only_lines", lid, net.lines, known))
    for lid in lg.lines:
        if lid not in net.lines:
            problems.append(_unknown("line", f"logistics.lines.{lid}", lid, net.lines, known))
        elif lg.only_lines is not None and lid not in lg.only_lines:
            run = ", ".join(lg.only_lines) or "none"
            problems.append(problem("scn:left_out", at=f"logistics.lines.{lid}", run=run, lid=lid,
                                    cli=_lines_kept(lg.lines, lg.only_lines)))  # fmt: skip
    line_ids = [
        i for i in (lg.only_lines if lg.only_lines is not None else net.lines) if i in net.lines
    ]
    rail_dests = {
        net.lines[i].destination for i in line_ids if i in net.lines and net.lines[i].mode == "rail"
    }
    sea_routes = [net.lines[i] for i in line_ids if i in net.lines and net.lines[i].mode == "sea"]
    for node_id in sc.logistics.sea.serves:
        if node_id not in net.nodes:
            problems.append(problem("scn:unknown_node", at="logistics.sea.serves",
                                    name=repr(node_id)))  # fmt: skip
    sea_dests = set(sc.logistics.sea.serves) if sea_routes else set()
    for bid in sc.logistics.borders:
        node = net.nodes.get(bid)
        if node is None or node.kind != "border":
            problems.append(problem("scn:not_border", at=f"logistics.borders.{bid}",
                                    name=repr(bid), known=crossings))  # fmt: skip
    # a box pool's place and an eastbound crossing's own background: a misspelt id was
    # dropped without a word
    for place in lg.containers.pools_teu or {}:
        if place not in net.nodes:
            at = f"logistics.containers.pools_teu.{place}"
            problems.append(problem("scn:unknown_node", at=at, name=repr(place)))
    for bid in lg.containers.eastbound.background_trains_per_day:
        node = net.nodes.get(bid)
        if node is None or node.kind != "border":
            at = f"logistics.containers.eastbound.background_trains_per_day.{bid}"
            problems.append(problem("scn:not_border", at=at, name=repr(bid), known=crossings))
    for i, flow in enumerate(lg.background_flows):
        where = f"logistics.background_flows[{i}].path"
        unknown = [n for n in flow.path if n not in net.nodes]
        if unknown:
            problems.append(problem("scn:unknown_node", at=where, name=repr(unknown[0])))
            continue
        if net.nodes[flow.path[0]].kind != "border":
            problems.append(problem("scn:first_not_border", at=where, name=repr(flow.path[0])))
        for a, b in zip(flow.path, flow.path[1:]):
            if not net.has_edge(a, b):
                problems.append(problem("scn:no_edge", at=where, a=a, b=b))
                break
    mixes = [("buyers.destinations", sc.buyers.destinations)]
    if sc.online.destinations is not None:
        mixes.append(("online.destinations", sc.online.destinations))
    for where, mix in mixes:
        for dest, share in mix.items():
            if dest not in net.nodes:
                served = ", ".join(sorted(rail_dests | sea_dests))
                problems.append(_unknown("dest", f"{where}.{dest}", dest, net.nodes, served))
            elif share > 0 and dest not in rail_dests and dest not in sea_dests:
                problems.append(problem("scn:unserved", at=f"{where}.{dest}", share=share))
    first, last = sc.start, sc.end - timedelta(days=1)
    for i, d in enumerate(sc.disruptions):
        where = f"disruptions[{i}]"
        if d.start > last or d.end < first:
            days = (d.end - sc.start).days + 1
            problems.append(
                problem("scn:window_later", at=where, a=d.start, b=d.end, c=first, d=last,
                        n=days)
                if d.start > last
                else problem("scn:window_earlier", at=where, a=d.start, b=d.end, c=first, d=last)
            )  # fmt: skip
        if d.target == "node":
            node = net.nodes.get(d.id)
            if node is None or node.kind != "border":
                problems.append(problem("scn:not_border_node", at=f"{where}.id", name=repr(d.id),
                                        known=crossings))  # fmt: skip
        elif d.target == "line":
            if d.id not in line_ids:
                code = "scn:line_not_run" if d.id in net.lines else "scn:not_line"
                problems.append(problem(code, at=f"{where}.id", name=repr(d.id),
                                        known=", ".join(line_ids)))  # fmt: skip
        else:
            parts = d.id.split("-")
            ok = len(parts) == 2 and net.has_edge(parts[0], parts[1])
            if not ok:
                edges = _edges_at(net, parts[0])
                problems.append(
                    problem("scn:not_edge_at", at=f"{where}.id", name=repr(d.id), node=parts[0],
                            edges=edges)
                    if edges
                    else problem("scn:not_edge", at=f"{where}.id", name=repr(d.id))
                )  # fmt: skip
    fests = sc.calendar.spring_festival
    if fests is not None and sorted(fests) != fests:
        problems.append(problem("scn:festival_order", at="calendar.spring_festival"))
    festive = [c.name for c in sc.market.categories if c.deadline.kind == "spring_festival"]
    if fests == [] and festive:  # no festival, and a deadline that is the festival
        problems.append(problem("scn:festival_empty", at="calendar.spring_festival", got="[]",
                                cats=", ".join(festive)))  # fmt: skip
    lo, hi = LUNAR_YEARS
    if fests is None and not (lo < sc.start.year and sc.end.year < hi):
        problems.append(problem("scn:festival_years", at="start", a=sc.start, b=sc.end,
                                years=f"{lo + 1}-{hi - 1}"))  # fmt: skip
    problems.extend(size_problems(sc, net))
    return summarise(problems)
