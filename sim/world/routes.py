"""Routes an order can take, as the network and a resolved scenario offer them.

For each destination: the rail line with the shortest nominal time (half the interval between
departures, then the line's nominal journey), and the sea route through the port nearest the
destination. Used by the routing policies and by the capacity warnings before a run.
"""

from __future__ import annotations

from sim.scenario import Scenario
from sim.world.network import Line, Network


def rail_nominal_h(net: Network, line: Line, trains_per_week: float) -> float:
    """Typical hours from goods ready at Yiwu to arrival by ``line``: half the interval between
    departures, then the line's nominal journey."""
    return net.nominal_days(line) * 24.0 + 84.0 / max(trains_per_week, 1e-9)


def route_options(sc: Scenario, net: Network, dest: str) -> tuple[str | None, str | None]:
    """The rail line and the sea route an order for ``dest`` can take in the resolved scenario
    ``sc`` (None where there is none): the rail line with the shortest nominal time, and the sea
    route whose port is nearest the destination."""
    lg = sc.logistics
    rail = [
        (rail_nominal_h(net, net.lines[lid], spec.weekly_rate()), i, lid)
        for i, (lid, spec) in enumerate(lg.lines.items())
        if net.lines[lid].mode == "rail" and net.lines[lid].destination == dest
    ]
    sea = []
    if dest in lg.sea.serves:
        sea = [
            (net.great_circle_km(net.lines[lid].destination, dest), i, lid)
            for i, lid in enumerate(lg.lines)
            if net.lines[lid].mode == "sea"
        ]
    return (min(rail)[2] if rail else None, min(sea)[2] if sea else None)


def onward_road_km(sc: Scenario, net: Network, port: str, dest: str) -> float:
    """Road km from a sea route's port to a destination (0 at the port itself)."""
    if dest == port:
        return 0.0
    return net.great_circle_km(port, dest) * sc.logistics.sea.road_detour_factor


def freight_usd_per_teu(sc: Scenario, line: Line) -> float:
    """Freight per TEU of a line before any road leg: rail, or sea plus the inland leg to
    Ningbo."""
    costs = sc.logistics.costs
    if line.mode == "rail":
        return costs.rail_usd_per_teu
    return costs.sea_usd_per_teu + costs.inland_usd_per_teu
