"""How large a run would be, and the limits of what one run may hold in memory.

:func:`run_size` estimates the orders, containers, departures, border crossings and merchants a
run would hold, multiplying through every rate and multiplier before anything is allocated;
:func:`size_problems` refuses a run that would hold more of any of them than one run can (an
error: the scenario is refused). The estimate is from the scenario's means, not a simulation.
"""

from __future__ import annotations

import math

from sim.problems import problem
from sim.scenario import Scenario
from sim.world.demand import CONTAINER_FILL, expected_orders
from sim.world.network import Network

MAX_ORDERS = 30_000_000
"""Orders one run may place (each is kept in memory: about 0.55 kB each at the peak of a
full-scale year)."""

MAX_CONTAINERS = 30_000_000
"""Containers one run may pack (the forwarders' plan holds a few numbers per container)."""

MAX_DEPARTURES = 2_000_000
"""Trains, sea-rail feeders and sailings one run may dispatch (a full-scale year has about
2,500; each departure is a record and several clock events)."""

MAX_CROSSINGS = 20_000_000
"""Border crossings one run may record (Yiwu trains and background traffic; a full-scale year
has about 20,000)."""

MAX_MERCHANTS = 20_000_000
"""Merchants one run may hold (``market.merchants`` times ``scale``; each has stock and
backlog arrays)."""


def run_size(sc: Scenario, net: Network | None = None) -> dict[str, float]:
    """What a run would hold in memory, estimated from the scenario before anything is
    allocated: orders, containers, departures, border crossings and merchants.

    Every rate and multiplier is multiplied through: visits, fair multipliers, the monthly
    profile, merchants per visit, online orders, TEU per order, trains per week (times a
    disruption's ``trains_factor`` over its window), feeder trains per day, background
    trains per day, days and scale. With ``net``, lines the scenario leaves at their defaults
    and the crossings on each line's path count too.
    """
    b, on, lg = sc.buyers, sc.online, sc.logistics
    orders = expected_orders(sc)
    profile = sum(b.monthly_profile) / 12
    buyer_orders = orders - on.orders_per_day * profile * sc.days * sc.scale
    teu = buyer_orders * b.order_teu.mean() + (orders - buyer_orders) * on.order_teu.mean()
    weeks = sc.days / 7
    if net is not None:
        ids = [i for i in (lg.only_lines or list(net.lines)) if i in net.lines]
    else:
        ids = list(lg.lines)
    departures = crossings = 0.0
    for lid in ids:
        spec = lg.lines.get(lid)
        rate = spec.weekly_rate() if spec is not None else 0.0
        if rate == 0 and net is not None:
            rate = net.lines[lid].trains_per_week
        extra_weeks = 0.0  # a trains_factor window adds (factor - 1) x its weeks inside the run
        for d in sc.disruptions:
            if d.target == "line" and d.id == lid and d.trains_factor is not None:
                lo = max((d.start - sc.start).days, 0)
                hi = min((d.end - sc.start).days + 1, sc.days)
                extra_weeks += max(d.trains_factor - 1.0, 0.0) * max(hi - lo, 0) / 7
        n = rate * (weeks + extra_weeks)
        departures += n
        if net is not None:
            crossings += n * len(net.lines[lid].borders)
            if net.lines[lid].mode == "sea":
                departures += lg.sea.feeder_trains_per_day * sc.days
    if net is None:
        departures += lg.sea.feeder_trains_per_day * sc.days
    # other operators' trains: at one crossing each, and a flow's at every crossing of its path
    # (a flow of a billion trains a day was let through and ran the machine out of memory)
    background = sum(spec.background_trains_per_day for spec in lg.borders.values())
    for flow in lg.background_flows:
        at = [
            n for n in flow.path if net is None or getattr(net.nodes.get(n), "kind", "") == "border"
        ]
        background += flow.trains_per_day * max(len(at), 1)
    east = lg.containers.eastbound
    if east.enabled:  # eastbound background: a share of the westbound, or set per crossing
        background *= 1.0 + east.background_share
        background += sum(east.background_trains_per_day.values())
    crossings += background * sc.days
    return {
        "orders": orders,
        "containers": teu / CONTAINER_FILL,
        "departures": departures,
        "crossings": crossings,
        "merchants": sc.market.merchants * sc.scale,
    }


_SIZE_LIMITS = {"orders": MAX_ORDERS, "containers": MAX_CONTAINERS,
                "departures": MAX_DEPARTURES, "crossings": MAX_CROSSINGS,
                "merchants": MAX_MERCHANTS}  # fmt: skip
"""The limit of each kind of record; the keys that drive each are named in the wording of
its code (``scn:size_<kind>``, :data:`sim.problems.ENGLISH`)."""


def size_problems(sc: Scenario, net: Network | None = None) -> list[str]:
    """An error for every kind of record of which the run would hold more than one run can
    (:data:`MAX_ORDERS`, :data:`MAX_CONTAINERS`, :data:`MAX_DEPARTURES`,
    :data:`MAX_CROSSINGS`, :data:`MAX_MERCHANTS`), naming the keys that drive it."""
    out: list[str] = []
    for kind, n in run_size(sc, net).items():
        limit = _SIZE_LIMITS[kind]
        if not n <= limit:  # NaN or infinity is too large as well
            shown = f"{n:,.0f}" if math.isfinite(n) else problem("scn:size_unbounded")
            out.append(problem(f"scn:size_{kind}", n=shown, limit=f"{limit:,}"))
    return out
