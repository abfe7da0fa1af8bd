"""Checks of a scenario before it runs: what its types cannot see, its size, its feasibility.

:func:`semantic_problems` finds unknown ids, destinations no route serves, and disruptions
outside the run or on the wrong kind of place (errors: the file is refused).
:func:`size_problems` refuses a run that would hold more orders, containers, departures,
border crossings or merchants in memory than one run can (an error), from an estimate that
multiplies through every rate and multiplier before anything is allocated.
:func:`capacity_warnings` compares the goods each line or sea route is expected to be offered
with what its departures can carry, and warns before the run when demand can never be shipped:
the run still goes ahead and reports the growing queues.
The last two are estimates from the scenario's means, not simulations.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import numpy as np

from sim.problems import Problem, problem
from sim.scenario import LineSpec, Scenario, registry
from sim.scenario.distributions import Poisson
from sim.scenario.messages import summarise
from sim.world.calendar import LUNAR_YEARS, festivals_of
from sim.world.network import Network
from sim.world.routes import route_options  # the same choice the model makes

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

CONTAINER_FILL = 0.85
"""Typical share of a one-TEU container that packing fills (E: measured in the shipped runs)."""


def _orders_per_visit(sc: Scenario) -> float:
    d = sc.buyers.merchants_per_visit
    return d.mean() + math.exp(-d.mean()) if isinstance(d, Poisson) else max(1.0, d.mean())


def _visit_days(sc: Scenario) -> float:
    """Sum over the run's days of the monthly profile times every fair multiplier on that day:
    the number of "average days" of buyer visits (closure ignored, so it is an upper bound).

    Fairs multiply on the days they cover, and overlapping fairs multiply together, as in
    :class:`sim.world.calendar.MarketCalendar`; the product is taken on a log scale so that
    absurd multipliers give infinity (refused), never an overflow warning.
    """
    log_mult = np.zeros(sc.days + 1)
    for fair in sc.calendar.fairs:
        lo = max((fair.start - sc.start).days, 0)
        hi = min((fair.end - sc.start).days + 1, sc.days)
        if lo < hi:
            log_mult[lo] += math.log(fair.buyer_multiplier)
            log_mult[hi] -= math.log(fair.buyer_multiplier)
    months = [(sc.start + timedelta(days=d)).month for d in range(sc.days)]
    profile = np.asarray(sc.buyers.monthly_profile)[np.asarray(months, dtype=np.int64) - 1]
    with np.errstate(over="ignore"):
        return float(np.sum(profile * np.exp(np.cumsum(log_mult)[: sc.days])))


def expected_orders(sc: Scenario) -> float:
    """Orders the run is expected to place (fairs and the monthly profile included)."""
    b = sc.buyers
    per_visit_day = b.visits_per_day * b.in_scope_share * _orders_per_visit(sc)
    profile = sum(b.monthly_profile) / 12
    online = sc.online.orders_per_day * profile * sc.days
    return (per_visit_day * _visit_days(sc) + online) * sc.scale


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


def capacity_warnings(sc: Scenario, net: Network) -> list[Problem]:
    """Warnings for lines and sea routes offered more goods than they can carry
    (:func:`capacity_shortfalls`), each in English and keeping its code and values, so that
    the command line says it in the reader's language.

    The codes: ``warn_capacity`` (``warn_capacity_disrupted`` when the line's disruptions cut
    its departures, ``warn_capacity_suspended`` when they leave it none in the run: its
    values are ``lid``, ``name`` and ``demand`` alone); under demand dispatch
    ``warn_capacity_dispatch`` (the trains it may add carry the goods) or
    ``warn_capacity_beyond_dispatch``; under the carriers' sailings policy
    ``warn_capacity_sailings`` (the space it adds carries them),
    ``warn_capacity_beyond_sailings`` (it does not) or ``warn_capacity_blanked_sailings`` (the
    published sailings would carry them, but not once the carriers blank some around the
    festival); under a dispatch or sailings policy of one's own, which this check cannot
    count, ``warn_capacity_own_dispatch`` or ``warn_capacity_own_sailings``. The values:
    ``lid``, ``name``, ``demand``, ``per_week``, ``capacity``; ``extra`` and ``with_extra``
    with a policy that adds; ``changes`` (what the carriers do, a problem of its own whose
    clauses each say one thing they change), ``port`` and its code ``port_id`` on a sea
    route; ``rule`` with a policy of one's own."""
    out = []
    for s in capacity_shortfalls(sc, net):
        values: dict[str, Any] = {
            k: s[k] for k in ("lid", "name", "demand", "per_week", "capacity")
        }
        if "rule" in s:  # a policy of one's own: say that what it adds is not counted
            own_sea = "port" in s
            code = "warn_capacity_own_sailings" if own_sea else "warn_capacity_own_dispatch"
            values.update(rule=s["rule"])
            if own_sea:
                values.update(port=s["port"], port_id=s["port_id"])
        elif "changes" in s:  # the carriers blank, enlarge and add sailings: enough?
            code = ("warn_capacity_sailings" if s["covered"]
                    else "warn_capacity_blanked_sailings" if s["enough"]
                    else "warn_capacity_beyond_sailings")  # fmt: skip
            values.update(changes=s["changes"], with_extra=s["with_extra"], port=s["port"],
                          port_id=s["port_id"])  # fmt: skip
        elif "extra" in s:  # demand dispatch may add trains: whether they are enough
            code = "warn_capacity_dispatch" if s["covered"] else "warn_capacity_beyond_dispatch"
            values.update(extra=s["extra"], with_extra=s["with_extra"])
        else:
            code = "warn_capacity_disrupted" if s["disrupted"] else "warn_capacity"
            if s["disrupted"] and s["none"]:  # suspended all run: its goods never leave
                code = "warn_capacity_suspended"
                values = {k: values[k] for k in ("lid", "name", "demand")}
        out.append(problem(code, **values))
    return out


def capacity_shortfalls(sc: Scenario, net: Network) -> list[dict[str, Any]]:
    """Lines and sea routes offered more goods than they can carry: each one's id, name, TEU
    offered a week, departures a week and TEU they carry, as the words of a warning (the
    command line says them in the reader's language), and whether its disruptions cut them.

    ``sc`` must be resolved (every line and its frequency filled in). With mode choice 'share',
    goods for a destination that rail and sea both serve split by ``rail_share``; with the other
    rules half and half is assumed.

    Under demand dispatch (``logistics.dispatch.rule: demand``) a rail line short of room also
    says how many trains a week the operator may add (``extra``: ``max_extra_per_week`` on the
    days the line runs at all), what the line carries with them (``with_extra``) and whether
    that covers the goods (``covered``): goods then wait for the added trains, where without
    them the queue would grow through the run.

    Under the carriers' sailings policy (``logistics.sailings.rule: carriers``) a sea route
    short of room says likewise what the carriers may add (:func:`_sailings_added`): the TEU a
    larger ship takes on each sailing (``upsize``), the extra loaders a week (``extra``), what
    the route carries with both (``with_extra``), whether that covers the goods (``covered``)
    and the port where the goods wait for them (``port``, its code ``port_id``).
    """
    lg = sc.logistics

    rail_share = lg.mode_choice.rail_share if lg.mode_choice.rule in ("share", "live") else 0.5
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
    own_sailings = lg.sailings.rule not in registry.BUILT_IN["sailings"]
    own_dispatch = lg.dispatch.rule not in registry.BUILT_IN["dispatch"]
    warnings: list[dict[str, Any]] = []
    for lid, teu_day in offered.items():
        spec = lg.lines[lid]
        slots = max(1, round((spec.capacity_teu or 0) * sc.scale))  # a departure's, as the model's
        trains, room = line_factors_over_run(sc, lid, slots)
        per_week = spec.weekly_rate() * trains
        capacity = per_week * slots * CONTAINER_FILL * room
        demand = 7 * teu_day
        mode = net.lines[lid].mode
        carriers = None
        if lg.sailings.rule == "carriers" and mode == "sea":
            carriers = _carriers_space(sc, lid, slots, room, per_week, capacity)
        # a route whose published sailings are enough may still fall short once the carriers
        # blank some of them around the festival (and add too little in their place)
        short_of_blanks = carriers is not None and demand > carriers["with_extra_teu"]
        if not (demand > capacity or short_of_blanks):
            continue
        name, cap = net.lines[lid].name, f"{capacity:,.1f}"
        warnings.append({"lid": lid, "name": name, "demand": f"{demand:,.1f}",
                         "per_week": f"{per_week:.3g}", "capacity": cap,
                         "disrupted": trains * room < 1.0, "none": capacity <= 0})  # fmt: skip
        if mode == "sea" and (own_sailings or carriers is not None):
            port = net.lines[lid].path[1]
            warnings[-1].update(port=net.place_name(port), port_id=port)
        if own_sailings and mode == "sea":  # a policy of one's own: what it does is unknown
            warnings[-1].update(rule=lg.sailings.rule)
            continue
        if own_dispatch and mode == "rail":
            warnings[-1].update(rule=lg.dispatch.rule)
            continue
        extra = 0.0
        if lg.dispatch.rule == "demand" and mode == "rail":
            # an added train has the room of a published one that day (a capacity cut
            # holds it too) and runs only on the days the line runs
            extra = min(lg.dispatch.max_extra_per_week * _running_share(sc, lid),
                        _extras_decided(sc, spec, per_week))  # fmt: skip
        if extra > 0:
            per_train = capacity / per_week if per_week > 0 else slots * CONTAINER_FILL
            with_extra = capacity + extra * per_train
            warnings[-1].update(extra=f"{extra:.3g}", with_extra=f"{with_extra:,.1f}",
                                covered=demand <= with_extra)  # fmt: skip
        if carriers is not None:
            warnings[-1].update(
                {k: v for k, v in carriers.items() if k != "with_extra_teu"},
                covered=demand <= carriers["with_extra_teu"],
                enough=demand <= capacity,
            )
    return warnings


def _carriers_space(
    sc: Scenario, lid: str, slots: int, room: float, per_week: float, capacity: float
) -> dict[str, Any] | None:
    """What the carriers' sailings policy does to sea route ``lid`` on average over the run
    (``slots`` a sailing, ``room`` the share its disruptions leave, ``per_week`` published
    sailings a week carrying ``capacity`` TEU of goods): the TEU of goods a larger ship takes
    on each sailing (``upsize``), the extra loaders a week (``extra``), the festival blanks
    (``blanked`` of the ``window`` sailings in the festival window, ``blanked_teu`` TEU a week
    fewer over the run), what the route carries with all of them (``with_extra``, and as a
    number ``with_extra_teu``) and the words of what it does (``changes``: only the parts that
    change something). None when the policy changes nothing on the route."""
    upsize, extra = _sailings_added(sc, lid, slots, room)
    blanked, window = _festival_blanks(sc, lid, slots)
    if upsize <= 0 and extra <= 0 and blanked <= 0:
        return None
    weeks = sc.days / 7
    per_sailing = capacity / per_week if per_week > 0 else slots * CONTAINER_FILL
    blanked_teu = blanked * per_sailing / weeks
    sailed = max(per_week - blanked / weeks, 0.0)  # a blanked sailing takes no larger ship
    with_extra = capacity - blanked_teu + sailed * upsize + extra * (per_sailing + upsize)
    parts = []
    if upsize > 0:
        parts.append(problem("sail:upsize", upsize=f"{upsize:,.1f}"))
    if extra > 0:
        parts.append(problem("sail:extra", extra=f"{extra:.3g}"))
    if blanked > 0:
        parts.append(problem("sail:blank", blanked=f"{blanked:g}", window=f"{window:g}",
                             blanked_teu=f"{blanked_teu:,.1f}"))  # fmt: skip
    return {"upsize": f"{upsize:,.1f}", "extra": f"{extra:.3g}", "blanked": f"{blanked:g}",
            "with_extra": f"{with_extra:,.1f}", "with_extra_teu": with_extra,
            "changes": _listed(parts)}  # fmt: skip


def _listed(parts: list[Problem]) -> Problem:
    """One, two or three clauses as one ("a", "a and b", "a, b and c"), kept as a problem of
    its own so that each clause, and the joining, is said in the reader's language."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return problem("sail:and2", a=parts[0], b=parts[1])
    return problem("sail:and3", a=parts[0], b=parts[1], c=parts[2])


def _sailings_added(sc: Scenario, lid: str, slots: int, room: float) -> tuple[float, float]:
    """What the carriers' sailings policy (:class:`sim.policies.sailings.CarrierSailings`) may
    add to sea route ``lid`` (``slots`` a sailing, ``room`` the share its disruptions leave)
    while a backlog stays at the port: the TEU of goods a larger ship takes on each sailing
    and the extra loaders a week; each 0 when it adds none (``max_upsize_share`` too small
    for a whole slot; ``max_extra_per_week`` 0; a route with no room at all).

    A sailing, published or extra, takes ``floor(max_upsize_share * slots)`` more slots when
    the boxes it leaves behind reach ``add_when_backlog_sailings`` loads, as they do on a
    route short of room; each sailing that loads may also call an extra loader ``extra_lead_h``
    later, one pending at a time and at most ``max_extra_per_week`` in any 7 days, so an
    extra loader, which asks too, calls the next: ``min(max_extra_per_week, 168 /
    extra_lead_h)`` a week, on the days the route runs at all, each with a published
    sailing's room."""
    s = sc.logistics.sailings
    sailing_slots = max(0, round(slots * room))  # a sailing's room, as the model rounds it
    if sailing_slots <= 0:
        return 0.0, 0.0
    up_slots = math.floor(s.max_upsize_share * sailing_slots)
    extra = 0.0
    if s.max_extra_per_week > 0:
        pace = 168.0 / s.extra_lead_h if s.extra_lead_h > 0 else math.inf
        extra = min(float(s.max_extra_per_week), pace) * _running_share(sc, lid)
    return up_slots * CONTAINER_FILL, extra


def _festival_blanks(sc: Scenario, lid: str, slots: int) -> tuple[int, int]:
    """The published sailings of sea route ``lid`` (``slots`` a sailing) the carriers' sailings
    policy blanks around the Spring Festival over the run, and how many sailings its festival
    windows hold there: (blanked, in the windows).

    As :meth:`sim.policies.sailings.CarrierSailings.at_notice` does, a sailing belongs to the
    window of its nearest festival when it leaves ``festival_from_days`` to
    ``festival_to_days`` after it, a sailing with no room (a suspended line) is not asked,
    and of a window's ``n`` sailings ``floor(festival_blank_share * n + 0.5)`` are blanked.
    ``n`` is estimated as the route's sailings a day (its disruptions' ``trains_factor`` on
    each day) over the window's days inside the run, rounded to whole sailings."""
    s = sc.logistics.sailings
    rate = sc.logistics.lines[lid].weekly_rate() / 7
    fests = festivals_of(sc)
    if s.festival_blank_share <= 0 or rate <= 0 or not fests:
        return 0, 0
    days = _line_days(sc, lid) or [(1.0, 1.0)] * sc.days
    per_festival: dict[date, float] = {}
    for k, (t, c) in enumerate(days):
        if t <= 0 or round(slots * c) <= 0:  # no sailing with room that day
            continue
        day = sc.start + timedelta(days=k)
        nearest = min(fests, key=lambda f: abs((day - f).days + 0.5))
        if s.festival_from_days <= (day - nearest).days < s.festival_to_days:
            per_festival[nearest] = per_festival.get(nearest, 0.0) + rate * t
    blanked = window = 0
    for n in per_festival.values():
        whole = math.floor(n + 0.5)
        window += whole
        blanked += math.floor(s.festival_blank_share * whole + 0.5)
    return blanked, window


def box_pool_warnings(sc: Scenario) -> list[Problem]:
    """A warning for a pool of boxes at Yiwu that no box comes back to and that the goods
    ordered empty within the run (``warn_boxes_run_out``): with ``logistics.containers.pools_teu``
    set, no eastbound services and repositioning ``none``, every box that leaves Yiwu stays
    where its goods go (docs/both-ways.md), so once the pool (less a withdrawal) is used up no
    goods leave Yiwu again. The run is valid and goes ahead; the warning says how long the pool
    lasts at the TEU ordered on average (:func:`expected_teu_per_day`), so that a planner who
    meant a pool that refills hears it before reading "0 delivered". Eastbound services, a
    repositioning rule that brings boxes (empties, leases, a policy of one's own) or a pool
    that outlasts the run: nothing said."""
    c = sc.logistics.containers
    if c.pools_teu is None or c.eastbound.enabled or sc.logistics.repositioning.rule != "none":
        return []
    full = c.pools_teu.get("YIW", 0)
    pool = round(full * sc.scale)  # as the pools are made: at full scale, times the scale
    if c.withdraw_on is not None:
        pool = max(0, pool - round(c.withdraw_teu * sc.scale))
    per_day = sum(expected_teu_per_day(sc).values())
    if per_day <= 0 or pool / per_day >= sc.days:
        return []
    return [
        problem("warn_boxes_run_out", at="logistics.containers.pools_teu.YIW", pool=pool,
                full=full, teu_week=f"{7 * per_day:,.0f}", days=f"{pool / per_day:,.0f}",
                run_days=sc.days)
    ]  # fmt: skip


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


def _extras_decided(sc: Scenario, spec: LineSpec, per_week: float) -> float:
    """The extra trains a week demand dispatch can decide on a line running ``per_week``
    published departures, however many ``max_extra_per_week`` allows
    (:class:`sim.policies.dispatch.DemandDispatch`): it decides at a cut-off, one extra pending
    at a time, and an extra leaves ``max(lead_h, cutoff_h)`` after the cut-off that asked for
    it; the extra's own cut-off comes before it leaves, so the next is asked for at the first
    published cut-off after that. Evenly spaced trains: every ``ceil(busy / gap)``-th cut-off;
    a weekly timetable: its cut-offs taken in turn over a few weeks; Poisson departures: one a
    ``busy`` plus a mean gap. Without a cut-off (``cutoff_h: 0``) an extra's own cut-off may
    ask for the next one: only ``max_extra_per_week`` bounds them."""
    lg = sc.logistics
    cutoff = lg.consolidation.cutoff_h
    if cutoff <= 0:
        return math.inf
    if per_week <= 0:
        return 0.0
    busy = max(lg.dispatch.lead_h, cutoff)
    scale = per_week / spec.weekly_rate()  # the disruptions' trains_factor on average
    if spec.timetable is not None:
        weeks = 8
        hours = sorted(168.0 * w + 24.0 * d.weekday + d.hour
                       for w in range(weeks) for d in spec.timetable)  # fmt: skip
        free, taken = -math.inf, 0
        for h in hours:
            if h >= free:  # no extra pending: this cut-off may ask for one
                taken, free = taken + 1, h + busy
        return taken / weeks * scale
    gap = 168.0 / per_week
    if spec.poisson_per_week is not None:
        return 168.0 / (busy + gap)
    return per_week / max(1, math.ceil(busy / gap - 1e-9))


def _running_share(sc: Scenario, lid: str) -> float:
    """The share of the run's days on which line ``lid`` runs at all (no line disruption
    suspends it: ``trains_factor`` 0 or ``capacity_factor`` 0)."""
    days = _line_days(sc, lid)
    return sum(t > 0 and c > 0 for t, c in days) / len(days) if days else 1.0


def _line_days(sc: Scenario, lid: str) -> list[tuple[float, float]]:
    """Each day of the run, the factors line ``lid``'s disruptions put on its departures and
    on their room (``trains_factor``, ``capacity_factor``, multiplied where windows overlap);
    empty for a line without any."""
    windows = [d for d in sc.disruptions if d.target == "line" and d.id == lid]
    if not windows:
        return []
    out = []
    for k in range(max(sc.days, 0)):
        day = sc.start + timedelta(days=k)
        t = c = 1.0
        for d in windows:
            if d.start <= day <= d.end:
                t *= 1.0 if d.trains_factor is None else d.trains_factor
                c *= 1.0 if d.capacity_factor is None else d.capacity_factor
        out.append((t, c))
    return out


def line_factors_over_run(sc: Scenario, lid: str, slots: int | None = None) -> tuple[float, float]:
    """The line's departures and the room of each, as shares of its timetable's, on average
    over the run's days: its line disruptions (``trains_factor``, ``capacity_factor``) on the
    days they cover (start to end, both included), multiplied where windows overlap; (1, 1)
    for a line without any.

    With ``slots`` (a departure's container slots, after scale) a departure's room is rounded
    to whole slots as the model rounds it (``round(slots * capacity_factor)``): at 1 slot a
    train, a capacity factor of 0.4 leaves no room at all, not 40 %."""
    days = _line_days(sc, lid)
    if not days:
        return 1.0, 1.0
    trains = room = 0.0
    for t, c in days:
        if slots is not None and slots > 0:
            c = max(0, round(slots * c)) / slots
        trains += t
        room += t * c  # a day's room: its departures times their room
    trains /= sc.days
    # the room per departure, averaged over the departures that run (none: no room either)
    return trains, (room / sc.days) / trains if trains > 0 else 0.0


def _edges_at(net: Network, node: str) -> str:
    """The edges into and out of ``node``, as a hint after a misspelt edge id ("" for no such
    node, or none)."""
    if node not in net.nodes:
        return ""
    g = net.graph
    return ", ".join(sorted({f"{a}-{b}" for a, b in [*g.in_edges(node), *g.out_edges(node)]}))


def semantic_problems(sc: Scenario, net: Network) -> list[str]:
    """Problems that the types cannot see: unknown ids, unreachable destinations, dates.

    Returns one message per problem (empty when the scenario is sound), each a
    :class:`~sim.problems.Problem`: its English line, and its code and values.
    """
    problems: list[str] = []
    lg = sc.logistics
    known = ", ".join(net.lines)
    for lid in lg.only_lines or []:
        if lid not in net.lines:
            problems.append(problem("scn:unknown_line", at="logistics.only_lines", name=repr(lid),
                                    known=known))  # fmt: skip
    for lid in lg.lines:
        if lid not in net.lines:
            problems.append(problem("scn:unknown_line", at=f"logistics.lines.{lid}",
                                    name=repr(lid), known=known))  # fmt: skip
        elif lg.only_lines is not None and lid not in lg.only_lines:
            run = ", ".join(lg.only_lines) or "none"
            problems.append(problem("scn:left_out", at=f"logistics.lines.{lid}", run=run, lid=lid))
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
            borders = sorted(n.id for n in net.nodes.values() if n.kind == "border")
            problems.append(problem("scn:not_border", at=f"logistics.borders.{bid}",
                                    name=repr(bid), known=", ".join(borders)))  # fmt: skip
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
                problems.append(problem("scn:unknown_dest", at=f"{where}.{dest}", name=repr(dest),
                                        known=served))  # fmt: skip
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
                borders = sorted(n.id for n in net.nodes.values() if n.kind == "border")
                problems.append(problem("scn:not_border_node", at=f"{where}.id", name=repr(d.id),
                                        known=", ".join(borders)))  # fmt: skip
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
