"""Checks of a scenario before it runs: what its types cannot see, its size, its feasibility.

:func:`semantic_problems` finds unknown ids, destinations no route serves, and disruptions
outside the run or on the wrong kind of place (errors: the file is refused).
:func:`size_problems` refuses a run that would hold more orders in memory than
:data:`MAX_ORDERS` (an error). :func:`capacity_warnings` compares the goods each line or sea
route is expected to be offered with what its departures can carry, and warns before the run
when demand can never be shipped: the run still goes ahead and reports the growing queues.
The last two are estimates from the scenario's means, not simulations.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sim.scenario import Scenario
from sim.scenario.distributions import Poisson
from sim.world.network import Network
from sim.world.routes import route_options  # the same choice the model makes

MAX_ORDERS = 30_000_000
"""Orders one run may place (each is kept in memory: about 0.55 kB each at the peak of a
full-scale year)."""

CONTAINER_FILL = 0.85
"""Typical share of a one-TEU container that packing fills (E: measured in the shipped runs)."""


def _orders_per_visit(sc: Scenario) -> float:
    d = sc.buyers.merchants_per_visit
    return d.mean() + math.exp(-d.mean()) if isinstance(d, Poisson) else max(1.0, d.mean())


def expected_orders(sc: Scenario) -> float:
    """Orders the run is expected to place."""
    b = sc.buyers
    profile = sum(b.monthly_profile) / 12
    per_day = b.visits_per_day * b.in_scope_share * profile * _orders_per_visit(sc)
    per_day += sc.online.orders_per_day * profile
    return per_day * sc.scale * sc.days


def size_problems(sc: Scenario) -> list[str]:
    """An error when the run would hold more than :data:`MAX_ORDERS` orders."""
    n = expected_orders(sc)
    if n <= MAX_ORDERS:
        return []
    return [
        f"the run would place about {n:,.0f} orders, more than the {MAX_ORDERS:,} one run can "
        "hold in memory; lower days, scale, buyers.visits_per_day or online.orders_per_day"
    ]


def expected_teu_per_day(sc: Scenario) -> dict[str, float]:
    """TEU ordered per day for each destination (scale included)."""
    b, on = sc.buyers, sc.online
    profile = sum(b.monthly_profile) / 12
    buyer_teu = b.visits_per_day * b.in_scope_share * profile * _orders_per_visit(sc)
    buyer_teu *= b.order_teu.mean() * sc.scale
    online_teu = on.orders_per_day * profile * on.order_teu.mean() * sc.scale
    out: dict[str, float] = {}
    for dest, share in b.destinations.items():
        out[dest] = out.get(dest, 0.0) + share * buyer_teu
    for dest, share in (on.destinations or b.destinations).items():
        out[dest] = out.get(dest, 0.0) + share * online_teu
    return out


def capacity_warnings(sc: Scenario, net: Network) -> list[str]:
    """Warnings for lines and sea routes offered more goods than they can carry.

    ``sc`` must be resolved (every line and its frequency filled in). With mode choice 'share',
    goods for a destination that rail and sea both serve split by ``rail_share``; with the other
    rules half and half is assumed.
    """
    lg = sc.logistics

    rail_share = lg.mode_choice.rail_share if lg.mode_choice.rule == "share" else 0.5
    offered: dict[str, float] = {}
    for dest, teu in expected_teu_per_day(sc).items():
        rail, sea = route_options(sc, net, dest)
        if rail and sea:
            offered[rail] = offered.get(rail, 0.0) + teu * rail_share
            offered[sea] = offered.get(sea, 0.0) + teu * (1 - rail_share)
        elif rail or sea:
            key = rail or sea
            assert key is not None
            offered[key] = offered.get(key, 0.0) + teu
    warnings = []
    for lid, teu_day in offered.items():
        spec = lg.lines[lid]
        per_week = spec.weekly_rate()
        capacity = per_week * max(1, round((spec.capacity_teu or 0) * sc.scale)) * CONTAINER_FILL
        demand = 7 * teu_day
        if demand > capacity:
            warnings.append(
                f"line {lid} ({net.lines[lid].name}) is offered about {demand:,.1f} TEU a week but "
                f"its {per_week:g} departures a week carry about {capacity:,.1f}: goods will queue "
                "at Yiwu and the queue will grow through the run"
            )
    return warnings


def semantic_problems(sc: Scenario, net: Network) -> list[str]:
    """Problems that the types cannot see: unknown ids, unreachable destinations, dates.

    Returns one message per problem (empty when the scenario is sound).
    """
    problems: list[str] = []
    lg = sc.logistics
    known = ", ".join(net.lines)
    for lid in lg.only_lines or []:
        if lid not in net.lines:
            problems.append(f"logistics.only_lines: unknown line {lid!r}; known: {known}")
    for lid in lg.lines:
        if lid not in net.lines:
            problems.append(f"logistics.lines.{lid}: unknown line {lid!r}; known: {known}")
        elif lg.only_lines is not None and lid not in lg.only_lines:
            problems.append(f"logistics.lines.{lid}: line is not in logistics.only_lines")
    line_ids = [
        i for i in (lg.only_lines if lg.only_lines is not None else net.lines) if i in net.lines
    ]
    rail_dests = {
        net.lines[i].destination for i in line_ids if i in net.lines and net.lines[i].mode == "rail"
    }
    sea_routes = [net.lines[i] for i in line_ids if i in net.lines and net.lines[i].mode == "sea"]
    for node_id in sc.logistics.sea.serves:
        if node_id not in net.nodes:
            problems.append(f"logistics.sea.serves: unknown node {node_id!r}")
    sea_dests = set(sc.logistics.sea.serves) if sea_routes else set()
    for bid in sc.logistics.borders:
        node = net.nodes.get(bid)
        if node is None or node.kind != "border":
            borders = sorted(n.id for n in net.nodes.values() if n.kind == "border")
            problems.append(
                f"logistics.borders.{bid}: {bid!r} is not a border crossing; "
                f"known: {', '.join(borders)}"
            )
    mixes = [("buyers.destinations", sc.buyers.destinations)]
    if sc.online.destinations is not None:
        mixes.append(("online.destinations", sc.online.destinations))
    for where, mix in mixes:
        for dest, share in mix.items():
            if dest not in net.nodes:
                problems.append(
                    f"{where}.{dest}: unknown destination {dest!r}; served: "
                    f"{', '.join(sorted(rail_dests | sea_dests))}"
                )
            elif share > 0 and dest not in rail_dests and dest not in sea_dests:
                problems.append(
                    f"{where}.{dest}: has demand ({share}) but no line or sea route in this "
                    "scenario serves it"
                )
    first, last = sc.start, sc.end - timedelta(days=1)
    for i, d in enumerate(sc.disruptions):
        where = f"disruptions[{i}]"
        if d.start > last or d.end < first:
            problems.append(
                f"{where}: window {d.start}..{d.end} lies outside the run {first}..{last}"
            )
        if d.target == "node":
            node = net.nodes.get(d.id)
            if node is None or node.kind != "border":
                problems.append(f"{where}.id: {d.id!r} is not a border crossing node")
        elif d.target == "line":
            if d.id not in line_ids:
                problems.append(f"{where}.id: {d.id!r} is not a line of this scenario")
        else:
            parts = d.id.split("-")
            ok = len(parts) == 2 and net.graph.has_edge(parts[0], parts[1])
            if not ok:
                problems.append(
                    f"{where}.id: {d.id!r} is not an edge (write it FROM-TO, e.g. MSQ-BRE)"
                )
    fests = sc.calendar.spring_festival
    if fests is not None and sorted(fests) != fests:
        problems.append("calendar.spring_festival: dates must be in increasing order")
    problems.extend(size_problems(sc))
    return problems
