"""Lines and sea routes offered more goods than they can carry: warnings before a run.

:func:`capacity_warnings` compares the goods each line or sea route is expected to be offered
(:func:`sim.world.demand.expected_teu_per_day`, split over the routes as the model chooses them)
with what its departures can carry, and warns before the run when demand can never be shipped:
the run still goes ahead and reports the growing queues. What its disruptions take away
(:func:`line_factors_over_run`) and what a policy adds (the trains demand dispatch may decide,
the space and blank sailings of the carriers' sailings policy) are counted. Estimates from the
scenario's means, not simulations.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from sim.problems import Problem, problem
from sim.scenario import LineSpec, Scenario, registry
from sim.world.calendar import festivals_of
from sim.world.demand import CONTAINER_FILL, expected_teu_per_day
from sim.world.network import Network
from sim.world.routes import route_options  # the same choice the model makes


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
