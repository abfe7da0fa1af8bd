"""Invariants a simulation engineer demands of every run, on worlds nobody has tried.

Each property builds small worlds from ``scenarios/teaching_small.yaml`` with random overrides
(scale, horizon, seed, timetables, cut-offs, crossings, disruptions announced before or after
their start and at a time of day, sea delays, the policies, both engines, container pools) and
checks, on every one of them:

1. stage times are causal and a stage not reached leaves every later one unreached;
2. no order leaves on a departure whose cut-off precedes its goods' ready time, none before it
   is placed, no departure carries more than its capacity, and the orders' TEU on each
   departure from Yiwu add up to its goods;
3. goods are conserved: every placed order is in exactly one end stage, counted as the summary
   counts it, and the trains held at a closed crossing hold orders still in transit;
4. crossings serve no more trains at once than their servers (less a disruption's cut, plus a
   surge's extra), waits are never negative, and the service is first come, first served;
   a train reaches each crossing after the one before, and rail goods loaded ``fifo`` leave in
   the order their containers closed;
5. the same scenario and seed give identical tables, another seed other ones;
6. with static policies the per-actor reference and the batched engine give identical tables;
7. costs and emissions of delivered orders are not negative, and every quote is finite;
8. a suspended line runs no train or sailing, a train has its line's slots cut as the
   disruptions in force say (none: it carries nothing), departures leave inside the run and
   arrive after they left, goods by rail arrive with their train, which meets each crossing
   once, pools never go below empty, and train sets return east no more often, and no sooner,
   than trains reach their terminals.

The checks read the run's tables (and, for the crossings' servers and the cut-offs, the
scenario as the model resolved it); ``check_run`` returns every problem found, so a failure
names all that broke at once.
"""

from __future__ import annotations

import itertools
import json
import math
from datetime import date, timedelta
from typing import Any

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sim.actors.timetables import capacity_factor_at
from sim.model import Model
from sim.results.analysis import daily_table
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

WORLD = ROOT / "scenarios" / "teaching_small.yaml"
EPS = 1e-6
STAGE_ORDER = ("placed_h", "ready_h", "packed_h", "departed_h", "arrived_h", "delivered_h")
RAIL_LINES = ("L01", "L10", "L12")
# crossings on the teaching world's lines, and edges on them (the sea's too)
CROSSINGS = ("AKS", "DST", "KRS", "BRE", "MAL", "IRN", "MZL", "ZBK", "HRG", "ALT")
EDGES = ("NGB-RTM", "YIW-NGB", "YIW-MZL", "BRE-MAL", "ALT-ALA", "MSQ-BRE", "HRG-ALT")
STARTS = ("2025-10-01", "2026-01-26", "2025-06-02", "2025-09-15")
STATIC_ROUTING = ("share", "fastest", "cheapest", "deadline")

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    # the same worlds on every run, so the suite passes or fails alike on every machine (CI);
    # a search with fresh worlds: pytest --hypothesis-seed=N, or derandomize=False here
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --------------------------------------------------------------------------- worlds


def _service(draw: st.DrawFn) -> dict[str, Any]:
    mean = draw(st.sampled_from([0.5, 2.0, 6.0, 20.0]))
    kind = draw(st.sampled_from(["exponential", "lognormal", "constant"]))
    if kind == "lognormal":
        return {"dist": kind, "mean": mean, "cv": draw(st.sampled_from([0.3, 1.0]))}
    if kind == "constant":
        return {"dist": kind, "value": mean}
    return {"dist": kind, "mean": mean}


def _announced(draw: st.DrawFn, first: date) -> str | None:
    """No announcement (known at its start), a date before it, or a date and a time of day up
    to its first day (a time on that day is after the disruption began at 00:00)."""
    how = draw(st.sampled_from(["none", "date", "time"]))
    if how == "none":
        return None
    day = first + timedelta(days=draw(st.integers(-6, 0)))
    if how == "date":
        return day.isoformat()
    return f"{day.isoformat()}T{draw(st.integers(0, 23)):02d}:{draw(st.sampled_from([0, 30])):02d}"


def _disruption(draw: st.DrawFn, start: date, days: int) -> dict[str, Any]:
    first = start + timedelta(days=draw(st.integers(-3, max(0, days - 3))))
    last = max(first + timedelta(days=draw(st.integers(0, 20))), start)  # (inside the run)
    target = draw(st.sampled_from(["node", "edge", "line"]))
    d: dict[str, Any] = {"target": target, "start": first.isoformat(), "end": last.isoformat()}
    if target == "node":
        d["id"] = draw(st.sampled_from(CROSSINGS))
        what = draw(st.sampled_from(["close", "cut", "slow"]))
        if what == "close":
            d["servers_factor"] = 0.0
        elif what == "cut":
            d["servers_factor"] = draw(st.sampled_from([0.25, 0.5, 0.75]))
        else:
            d["dwell_factor"] = draw(st.sampled_from([1.5, 3.0]))
        if what != "slow" and draw(st.booleans()):
            d["surge_factor"] = draw(st.sampled_from([1.5, 2.0, 3.0, 10.0]))
            d["surge_days"] = draw(st.integers(1, 10))
    elif target == "edge":
        d["id"] = draw(st.sampled_from(EDGES))
        if draw(st.booleans()):
            d["extra_h"] = draw(st.sampled_from([24.0, 288.0]))
        else:
            d["dwell_factor"] = draw(st.sampled_from([1.5, 2.0]))
    else:
        d["id"] = draw(st.sampled_from([*RAIL_LINES, "S01"]))
        if draw(st.booleans()):
            d["trains_factor"] = draw(st.sampled_from([0.0, 0.5, 2.0]))
        else:
            d["capacity_factor"] = draw(st.sampled_from([0.0, 0.5]))
    announced = _announced(draw, first)
    if announced is not None:
        d["announced"] = announced
    if target != "line" and draw(st.booleans()):  # an end told later: expected until then
        told = date.fromisoformat((announced or first.isoformat())[:10])
        d["end_announced"] = f"{told + timedelta(days=draw(st.integers(1, 25)))}T12:00"
        expected = draw(st.sampled_from([None, 2.0, 14.0]))
        if expected is not None:
            d["expected_days"] = expected
    return d


def _line(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["even", "timetable", "poisson"]))
    out: dict[str, Any] = {}
    if kind == "even":
        out["trains_per_week"] = draw(st.sampled_from([0.5, 1.0, 2.0, 5.0]))
    elif kind == "poisson":
        out["poisson_per_week"] = draw(st.sampled_from([1.0, 3.0]))
    else:
        slots = draw(st.lists(st.tuples(st.integers(0, 6), st.sampled_from([0.0, 8.0, 15.5, 23.0])),
                              min_size=1, max_size=3, unique=True))  # fmt: skip
        out["timetable"] = [{"weekday": w, "hour": h} for w, h in slots]
    if draw(st.booleans()):
        out["capacity_teu"] = draw(st.sampled_from([10, 30, 100]))
    return out


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


# (scale, buyers' in-scope share): orders a day from about 1 to about 100; ``heavy`` adds
# worlds of up to 500 a day (a few seconds a run in the per-actor engine), for long searches
VOLUMES = [(0.02, 0.05), (0.05, 0.2), (0.1, 0.05), (0.1, 0.2), (0.02, 0.5), (0.1, 0.5)]
HEAVY = [(0.25, 0.2), (0.25, 0.5)]


@st.composite
def worlds(
    draw: st.DrawFn, static: bool = False, engine: str | None = None, heavy: bool = False
) -> list[str]:
    """Overrides of the teaching world: a small world nobody has tried.

    ``static``: only policies that read nothing but the order (the engines must then agree to
    the bit); ``engine``: that engine, else either; ``heavy``: busier worlds too.
    """
    start = date.fromisoformat(draw(st.sampled_from(STARTS)))
    days = draw(st.integers(20, 60))
    scale, in_scope = draw(st.sampled_from(VOLUMES + HEAVY if heavy else VOLUMES))
    ov = [
        f"start={start.isoformat()}",
        f"days={days}",
        f"warmup_days={draw(st.integers(0, 5))}",
        f"scale={scale}",
        f"seed={draw(st.integers(0, 2**31))}",
        f"engine={engine or draw(st.sampled_from(['batched', 'per_actor']))}",
        f"buyers.visits_per_day={draw(st.sampled_from([800, 1600, 4000]))}",
        f"buyers.in_scope_share={in_scope}",
    ]
    lines = {name: _line(draw) for name in RAIL_LINES if draw(st.booleans())}
    if draw(st.booleans()):
        # sailings: their space, and sometimes a timetable of their own (even, weekly, Poisson)
        sea = _line(draw) if draw(st.booleans()) else {}
        lines["S01"] = {**sea, "capacity_teu": draw(st.sampled_from([20, 60, 500]))}
    if lines:
        ov.append(f"logistics.lines={_json(lines)}")
    ov.append(f"logistics.consolidation.cutoff_h={draw(st.sampled_from([0, 6, 12, 30, 72, 168]))}")
    ov.append(f"logistics.consolidation.close_partial={str(draw(st.booleans())).lower()}")
    borders = {}
    for node in draw(st.lists(st.sampled_from(CROSSINGS), max_size=3, unique=True)):
        borders[node] = {
            "servers": draw(st.integers(1, 4)),
            "service_h": _service(draw),
            "background_trains_per_day": draw(st.sampled_from([0, 2, 8, 30, 200])),
        }
    if borders:
        ov.append(f"logistics.borders={_json(borders)}")
    disruptions = [_disruption(draw, start, days) for _ in range(draw(st.integers(0, 3)))]
    if disruptions:
        ov.append(f"disruptions={_json(disruptions)}")
    if draw(st.booleans()):
        ov += [
            "logistics.dispatch.rule=demand",
            f"logistics.dispatch.min_fill={draw(st.sampled_from([0.0, 0.3, 0.8, 1.0]))}",
            f"logistics.dispatch.add_when_backlog_trains={draw(st.sampled_from([0.2, 1.0]))}",
            f"logistics.dispatch.lead_h={draw(st.sampled_from([0, 24, 72, 300]))}",
            f"logistics.dispatch.max_extra_per_week={draw(st.integers(0, 3))}",
        ]
    if draw(st.booleans()):
        ov += [
            "logistics.sailings.rule=carriers",
            f"logistics.sailings.min_fill={draw(st.sampled_from([0.0, 0.3]))}",
            f"logistics.sailings.max_upsize_share={draw(st.sampled_from([0.0, 0.5]))}",
            f"logistics.sailings.extra_lead_h={draw(st.sampled_from([24, 168]))}",
        ]
    ov.append(f"logistics.train_routing={draw(st.sampled_from(['fixed', 'avoid_closed']))}")
    loading = draw(st.sampled_from(["fifo", "earliest_deadline"]))
    ov.append(f"logistics.consolidation.loading={loading}")
    if static:
        routing = draw(st.sampled_from(STATIC_ROUTING))
        rollover = draw(st.sampled_from(["next_departure", "sea"]))
        pricing, reaction = "fixed", "none"
    else:
        routing = draw(st.sampled_from([*STATIC_ROUTING, "live", "live"]))
        rollover = draw(st.sampled_from(["next_departure", "sea", "live"]))
        pricing = draw(st.sampled_from(["fixed", "live"]))
        reaction = draw(st.sampled_from(["none", "lost_sale"]))
    ov += [
        f"logistics.mode_choice.rule={routing}",
        f"logistics.mode_choice.rail_share={draw(st.sampled_from([0.0, 0.5, 1.0]))}",
        f"logistics.consolidation.rollover.rule={rollover}",
        f"logistics.consolidation.rollover.after_h={draw(st.sampled_from([0, 48, 168]))}",
        f"logistics.pricing.rule={pricing}",
        f"buyers.reaction={reaction}",
        f"market.production.rule={draw(st.sampled_from(['calendar', 'ramp']))}",
        f"market.production.overtime_share={draw(st.sampled_from([0.0, 0.5]))}",
    ]
    if draw(st.integers(0, 3)) == 0:  # boxes as a finite pool, trains both ways
        pool = {"YIW": draw(st.sampled_from([50, 400, 5000]))}
        ov.append(f"logistics.containers.pools_teu={_json(pool)}")
        if draw(st.booleans()):
            rule = draw(st.sampled_from(["none", "return_on_eastbound", "lease"]))
            ov += [
                "logistics.containers.eastbound.enabled=true",
                f"logistics.repositioning.rule={rule}",
            ]
    return ov


def run(overrides: list[str], seed: int | None = None) -> tuple[Model, Any]:
    model = Model(load_scenario(WORLD, overrides), seed=seed)
    return model, model.run()


# --------------------------------------------------------------------------- the checks


def _causal(o: dict[str, np.ndarray]) -> list[str]:
    problems = []
    for a, b in itertools.pairwise(STAGE_ORDER):
        early = np.flatnonzero(o[b] < o[a] - EPS)
        if early.size:
            problems.append(f"{b} before {a} for orders {early[:5].tolist()}")
        gap = np.flatnonzero(np.isnan(o[a]) & ~np.isnan(o[b]))
        if gap.size:
            problems.append(f"{b} set but {a} not for orders {gap[:5].tolist()}")
    return problems


def cutoffs_of_departures(model: Model) -> np.ndarray:
    """The cut-off of every departure from Yiwu (NaN for sailings, which have none): the row
    of its route's timetable (extra departures included) that leaves when it left."""
    lg = model.logistics
    dep = lg.departures.frozen()
    out = np.full(dep["route"].size, np.nan)
    for route, rows in lg.rows.items():
        times = np.array([d for _, d, _ in rows])  # (one with no room runs empty)
        cuts = np.array([c for c, _, _ in rows])
        for i in np.flatnonzero((dep["route"] == route) & (dep["kind"] != 2)).tolist():
            k = int(np.argmin(np.abs(times - dep["departed_h"][i]))) if times.size else -1
            if k >= 0 and abs(times[k] - dep["departed_h"][i]) < EPS:
                out[i] = cuts[k]
    return out


def _departures(model: Model, o: dict[str, np.ndarray], d: dict[str, np.ndarray]) -> list[str]:
    problems = []
    on = np.flatnonzero(o["departure_id"] >= 0)
    cut = cutoffs_of_departures(model)[o["departure_id"][on]]
    if np.isnan(cut).any():
        problems.append("an order left on a departure with no cut-off in its timetable")
    late = on[o["ready_h"][on] > cut + EPS]
    if late.size:
        problems.append(f"orders {late[:5].tolist()} left on a departure whose cut-off "
                        f"precedes their ready time")  # fmt: skip
    # a group of containers larger than a whole departure leaves alone on it (it could never
    # leave otherwise: sim.actors.forwarders.Forwarder.load); anything else fits
    cuts = cutoffs_of_departures(model)
    early = np.flatnonzero(d["departed_h"] < cuts - EPS)  # (NaN: sailings, no cut-off)
    if early.size:
        problems.append(f"departures {early[:5].tolist()} left before their cut-off")
    if np.isnan(cuts[np.asarray(d["kind"]) != "sailing"]).any():
        problems.append("a departure from Yiwu with no cut-off in its route's timetable")
    over = np.flatnonzero((d["teu"] > d["capacity_teu"] + EPS) & (d["orders"] != 1))
    if over.size:
        problems.append(f"departures {over[:5].tolist()} carry more TEU than their capacity")
    over = np.flatnonzero(d["goods_teu"] > d["teu"] + EPS)
    if over.size:
        problems.append(f"departures {over[:5].tolist()} carry more goods than their slots")
    first_leg = np.asarray(d["kind"]) != "sailing"
    goods = np.bincount(o["departure_id"][on], weights=o["teu"][on], minlength=d["teu"].size)
    n = np.bincount(o["departure_id"][on], minlength=d["teu"].size)
    bad = np.flatnonzero(first_leg & ~np.isclose(goods, d["goods_teu"], atol=1e-6))
    if bad.size:
        problems.append(f"departures {bad[:5].tolist()}: goods_teu is not the orders' TEU")
    bad = np.flatnonzero(first_leg & (n != d["orders"]))
    if bad.size:
        problems.append(f"departures {bad[:5].tolist()}: orders is not the orders on board")
    wrong = on[np.abs(o["departed_h"][on] - d["departed_h"][o["departure_id"][on]]) > EPS]
    if wrong.size:
        problems.append(f"orders {wrong[:5].tolist()} left at another time than their train")
    wrong = on[np.asarray(o["line"])[on] != np.asarray(d["line"])[o["departure_id"][on]]]
    if wrong.size:
        problems.append(f"orders {wrong[:5].tolist()} left on another line's departure")
    late = on[o["packed_h"][on] > cut + EPS]
    if late.size:
        problems.append(f"orders {late[:5].tolist()} packed after their departure's cut-off")
    # the containers' later legs: a sailing leaves after its feeder reached the port, and a
    # container moved to another route leaves after the switch
    c = model.logistics.book.cols.frozen()
    by_sea = c["sailing"] >= 0
    if (d["departed_h"][c["sailing"][by_sea]] < d["arrived_h"][c["departure"][by_sea]] - EPS).any():
        problems.append("a box sailed before its feeder train reached the port")
    rolled = ~np.isnan(c["rolled_h"]) & (c["departure"] >= 0)
    switch = model.scenario.logistics.consolidation.rollover.switch_h
    if (d["departed_h"][c["departure"][rolled]] < c["rolled_h"][rolled] + switch - EPS).any():
        problems.append("a container moved to another route left before the switch was done")
    return problems


def _conservation(model: Model, r: Any) -> list[str]:
    o, s = r.tables["orders"], r.summary
    end = model.scenario.days * 24.0
    from_h = model.scenario.warmup_days * 24.0
    problems = []
    reached = [o[c] <= end for c in ("ready_h", "packed_h", "departed_h", "arrived_h",
                                     "delivered_h")]  # fmt: skip
    stage = np.zeros(o["placed_h"].size, dtype=int)
    for k, m in enumerate(reached, 1):
        stage[m] = k
    names = ("at_merchant", "at_consolidation", "packed_waiting", "in_transit",
             "awaiting_release", "delivered")  # fmt: skip
    counts = {n: int((stage == k).sum()) for k, n in enumerate(names)}
    if counts != s["orders"]["at_end"]:
        problems.append(f"end stages {counts} but the summary says {s['orders']['at_end']}")
    if sum(s["orders"]["at_end"].values()) != s["orders"]["placed"] != o["placed_h"].size:
        problems.append("the summary's end stages do not add up to the orders placed")
    after = o["placed_h"] >= from_h
    if s["orders"]["placed_after_warmup"] != int(after.sum()):
        problems.append("orders placed after the warm-up miscounted")
    if s["orders"]["delivered_after_warmup"] != int((after & (stage == 5)).sum()):
        problems.append("orders delivered after the warm-up miscounted")
    # every order the forwarders hold is not departed, and vice versa
    waiting = sum(rt.forwarder.not_loaded() for rt in model.logistics.routes)
    if waiting != int(np.isnan(o["departed_h"]).sum()):
        problems.append("orders with forwarders differ from orders not departed")
    # trains held at a closed crossing at the end: their orders are in transit, not arrived
    held = s.get("held_at_end", {})
    for node, b in model.logistics.borders.items():
        dep, _ = b.waiting()
        own = dep[dep >= 0]
        if own.size and np.isin(o["departure_id"], own).any():
            m = np.isin(o["departure_id"], own)
            if not np.isnan(o["arrived_h"][m]).all():
                problems.append(f"orders on trains still queued at {node} have arrived")
        if node in held and held[node]["yiwu_trains"] != own.size:
            problems.append(f"held_at_end at {node} miscounts Yiwu's trains")
    # the daily table: goods waiting at Yiwu never negative, every TEU ready counted once
    daily = daily_table(r.tables, model.scenario.days, model.scenario.start)
    if (daily["teu_waiting_yiwu"] < -1e-6).any():
        problems.append("the daily table has negative goods waiting at Yiwu")
    for col, times in (("orders", o["placed_h"]), ("teu_delivered", o["delivered_h"])):
        w = None if col == "orders" else o["teu"]
        inside = (times >= 0) & (times < end)
        want = float(inside.sum()) if w is None else float(w[inside].sum())
        if not math.isclose(float(daily[col].sum()), want, abs_tol=1e-6):
            problems.append(f"the daily table's {col} do not add up to the orders'")
    # the stages of a delivered order add up to its lead time (the summary's means too)
    lead, stages = s["lead_time_days"]["overall"], s["stage_days_mean"]
    ok = not lead.get("n") or None in stages.values()  # (no delivered order: nothing to add)
    if not ok and not math.isclose(sum(stages.values()), lead["mean"], abs_tol=1e-3):
        problems.append("the stages' mean days do not add up to the mean lead time")
    lost = s.get("lost_sales")
    if lost is not None:
        n_lost = int((model.desk.lost.frozen()["placed_h"] >= from_h).sum())
        if lost["orders"] != n_lost:
            problems.append("lost sales miscounted")
    return problems


def _servers_at(b: Any, t: np.ndarray) -> np.ndarray:
    """Servers a crossing may use at each time: its own, less the cuts in force, plus the
    surges in force (a server cut while it serves a train is taken when it is free)."""
    n = np.full(t.size, b.spec.servers, dtype=float)
    cut = np.zeros(t.size)
    for w in b.windows:
        active = (t >= w.start_h) & (t < w.end_h)
        if w.d.servers_factor is not None:
            cut[active] += b.spec.servers - round(b.spec.servers * w.d.servers_factor)
        if w.d.surge_factor is not None and w.d.surge_days > 0:
            extra = round(b.spec.servers * w.d.surge_factor) - b.spec.servers
            surge = (t >= w.end_h) & (t < w.end_h + 24.0 * w.d.surge_days)
            n[surge] += max(extra, 0)
    return np.maximum(n - cut, 0)


def _queue(label: str, b: Any, a: np.ndarray, s: np.ndarray, e: np.ndarray) -> list[str]:
    """One crossing's services (arrive, start, end): no negative wait or service, first come
    first served, and never more trains in service than it has servers."""
    problems = []
    if (s < a - EPS).any() or (e < s - EPS).any():
        problems.append(f"{label}: a negative wait or service")
    if not s.size:
        return problems
    # first come, first served: in arrival order, starts never go back
    order = np.lexsort((s, a))
    back = np.flatnonzero(np.diff(s[order]) < -EPS)
    if back.size:
        k = int(back[0])
        problems.append(f"{label}: a train arriving at {a[order][k + 1]:.3f} started before "
                        f"one that arrived at {a[order][k]:.3f}")  # fmt: skip
    # trains in service at each start (those ending exactly then have left)
    busy = np.searchsorted(np.sort(s), s, side="right") - np.searchsorted(
        np.sort(e), s, side="right"
    )
    allowed = _servers_at(b, s)
    over = np.flatnonzero(busy > allowed)
    if over.size:
        k = over[0]
        problems.append(f"{label}: {busy[k]} trains in service at {s[k]:.3f} with "
                        f"{allowed[k]:.0f} servers")  # fmt: skip
    return problems


def _crossings(model: Model, r: Any) -> list[str]:
    problems = []
    c = r.tables["crossings"]
    if (c["wait_h"] < -EPS).any():
        problems.append("a negative wait in the crossings table")
    for node, b in model.logistics.borders.items():
        m = np.asarray(c["border"]) == node
        problems += _queue(node, b, c["arrive_h"][m], c["start_h"][m], c["end_h"][m])
    boxes = model.logistics.boxes
    for node, b in boxes.east_borders.items() if boxes is not None else ():
        rec = b.records()  # eastbound services queue at crossings of their own
        problems += _queue(f"{node} eastbound", b, rec[:, 2], rec[:, 3], rec[:, 4])
    # each of Yiwu's trains: it reaches a crossing after leaving Yiwu and after the crossing
    # before, arrives after the last, and its border wait is its waits at the crossings
    d = r.tables["departures"]
    own = c["departure_id"] >= 0
    dep = c["departure_id"][own]
    order = np.lexsort((c["arrive_h"][own], dep))
    dep, arrive, end = dep[order], c["arrive_h"][own][order], c["end_h"][own][order]
    if (arrive < d["departed_h"][dep] - EPS).any():
        problems.append("a train reached a crossing before it left Yiwu")
    same = dep[1:] == dep[:-1]
    if (arrive[1:][same] < end[:-1][same] - EPS).any():
        problems.append("a train reached a crossing before it left the one before")
    last = np.append(~same, True)
    done = ~np.isnan(d["arrived_h"][dep[last]])
    if (d["arrived_h"][dep[last]][done] < end[last][done] - EPS).any():
        problems.append("a train arrived before it left its last crossing")
    wait = np.bincount(c["departure_id"][own], weights=c["wait_h"][own], minlength=d["teu"].size)
    if not np.allclose(wait, d["border_wait_h"], atol=1e-6):
        problems.append("departures' border_wait_h is not their waits at the crossings")
    return problems


def _costs(r: Any) -> list[str]:
    o = r.tables["orders"]
    problems = []
    done = ~np.isnan(o["delivered_h"])
    if (o["cost_usd"][done] < 0).any() or not np.isfinite(o["cost_usd"][done]).all():
        problems.append("a delivered order with a negative or non-finite cost")
    if (o["co2e_kg"][done] < 0).any() or not np.isfinite(o["co2e_kg"][done]).all():
        problems.append("a delivered order with negative or non-finite emissions")
    if not np.isfinite(o["quoted_usd_per_teu"]).all() or (o["quoted_usd_per_teu"] < 0).any():
        problems.append("a quote that is not a finite price")
    if (o["teu"] <= 0).any():
        problems.append("an order of no goods")
    if "disruption_usd" in o and (o["disruption_usd"] < -1e-9).any():
        problems.append("an order charged less than the base rate (a negative disruption cost)")
    if "box_wait_h" in o and (o["box_wait_h"] < 0).any():
        problems.append("a negative wait for a box")
    return problems


def _fifo_loading(model: Model, o: dict[str, np.ndarray]) -> list[str]:
    """First closed, first loaded: with the ``fifo`` rule and boxes never short, a rail line's
    goods leave in the order their containers closed (a container waiting for a box, or for
    its dwell at the port, may be overtaken: then nothing is promised)."""
    sc = model.scenario
    if sc.logistics.consolidation.loading != "fifo" or sc.logistics.containers.pools_teu:
        return []
    # (also on a line whose cut is felt before it is told: a train nobody was told of takes
    # the oldest goods at the yard, those loaded for later trains too; sim.actors.late_cuts)
    problems = []
    for line in np.unique(np.asarray(o["line"])).tolist():
        m = (np.asarray(o["line"]) == line) & (np.asarray(o["mode"]) == "rail")
        m &= ~np.isnan(o["packed_h"])
        dep = np.nan_to_num(o["departed_h"][m], nan=1e300)  # (not left: last)
        order = np.lexsort((dep, o["packed_h"][m]))
        if (np.diff(dep[order]) < -EPS).any():
            problems.append(f"{line}: goods left out of the order their containers closed")
    return problems


def _lines_and_returns(model: Model, r: Any) -> list[str]:
    """What the lines' disruptions and the train sets' returns promise a planner: a line
    suspended (``trains_factor: 0``) runs no train or sailing in its window; a train has its
    line's slots times the ``capacity_factor`` in force when it leaves, and one with no room
    carries nothing; every departure leaves inside the run and arrives after it left, and the
    goods on a train arrive with it; a train of Yiwu meets each crossing at most once; a pool
    never holds fewer than no boxes; an eastbound service carries no more than its slots,
    arrives after it left, and a line returns no more sets than ``return_share`` of the trains
    that reached its terminal, each (all returning) after one reached it and turned round."""
    problems = []
    lg, o, d = model.logistics, r.tables["orders"], r.tables["departures"]
    assert lg is not None
    kind, line = np.asarray(d["kind"]), np.asarray(d["line"])
    for route in lg.routes:
        windows = lg.line_windows.get(route.index, [])
        k = "sailing" if route.mode == "sea" else "train"
        for i in np.flatnonzero((line == route.line.id) & (kind == k)).tolist() if windows else ():
            t = float(d["departed_h"][i])
            if any(w.d.trains_factor == 0 and w.active(t) for w in windows):
                problems.append(f"{route.line.id}: a {k} left at {t:.1f} h while suspended")
            f = capacity_factor_at(windows, t)
            if k == "train" and d["capacity_teu"][i] != max(0, round(route.capacity * f)):
                slots = d["capacity_teu"][i]
                problems.append(f"{route.line.id}: the train at {t:.1f} h has {slots} slots, "
                                f"not {route.capacity} x {f}")  # fmt: skip
            if f == 0 and d["teu"][i] > 0:
                problems.append(f"{route.line.id}: the {k} at {t:.1f} h carried goods with no room")
    end = model.scenario.days * 24.0
    if ((d["departed_h"] < 0) | (d["departed_h"] > end + EPS)).any():
        problems.append("a departure outside the run")
    if (d["arrived_h"] < d["departed_h"] - EPS).any():
        problems.append("a departure arrived before it left")
    rail = np.flatnonzero((o["departure_id"] >= 0) & (np.asarray(o["mode"]) == "rail"))
    train_in = d["arrived_h"][o["departure_id"][rail]]
    if not np.array_equal(o["arrived_h"][rail], train_in, equal_nan=True):
        problems.append("goods by rail arrived at another time than their train")
    c = r.tables["crossings"]
    own = c["departure_id"] >= 0
    node = np.unique(np.asarray(c["border"])[own], return_inverse=True)[1]
    visit = c["departure_id"][own] * len(lg.borders) + node  # (one number per train and place)
    if np.unique(visit).size < visit.size:
        problems.append("a train of Yiwu met a crossing twice")
    boxes = r.tables.get("boxes")
    if boxes is not None and (boxes["level_teu"] < 0).any():
        problems.append("a pool held fewer than no boxes")
    e = r.tables.get("eastbound")
    if e is None or not e["line"].size:
        return problems
    if (e["import_teu"] + e["empty_teu"] > e["capacity_teu"] + EPS).any():
        problems.append("an eastbound service carried more than its slots")
    if (e["arrived_h"] < e["departed_h"] - EPS).any():
        problems.append("an eastbound service arrived before it left")
    spec = model.scenario.logistics.containers.eastbound
    e_line, e_kind = np.asarray(e["line"]), np.asarray(e["kind"])
    for name in np.unique(e_line[e_kind == "train"]).tolist():
        back = np.sort(e["departed_h"][(e_line == name) & (e_kind == "train")])
        came = np.sort(d["arrived_h"][(line == name) & (kind == "train")])
        came = came[~np.isnan(came)]
        if back.size > math.floor(spec.return_share * came.size + 1e-9):
            problems.append(f"{name}: {back.size} sets returned of {came.size} trains in")
        elif spec.return_share == 1 and (back < came[: back.size] + spec.turnround_h - EPS).any():
            problems.append(f"{name}: a set returned before a train came in and turned round")
    return problems


def check_run(model: Model, r: Any) -> list[str]:
    """Every invariant of one run that does not fail; the problems found."""
    o, d = r.tables["orders"], r.tables["departures"]
    return [
        *_causal(o),
        *_departures(model, o, d),
        *_conservation(model, r),
        *_crossings(model, r),
        *_fifo_loading(model, o),
        *_costs(r),
        *_lines_and_returns(model, r),
    ]


def tables_differ(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """The columns of two runs' tables that are not identical (NaN equal to NaN)."""
    out = []
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            out.append(name)
            continue
        for col in sorted(set(a[name]) | set(b[name])):
            x, y = a[name].get(col), b[name].get(col)
            if x is None or y is None:
                out.append(f"{name}.{col}")
                continue
            x, y = np.asarray(x), np.asarray(y)
            same = x.shape == y.shape and (
                np.array_equal(x, y, equal_nan=True)
                if x.dtype.kind == "f"
                else np.array_equal(x, y)
            )
            if not same:
                out.append(f"{name}.{col}")
    return out


# --------------------------------------------------------------------------- the properties


@SETTINGS
@given(worlds())
def test_every_world_keeps_its_stages_departures_goods_crossings_and_costs(ov):
    model, r = run(ov)
    assert check_run(model, r) == [], ov


@settings(SETTINGS, max_examples=12)
@given(worlds(), st.integers(0, 2**31))
def test_same_seed_gives_identical_tables_and_another_seed_other_ones(ov, other):
    _, a = run(ov)
    _, b = run(ov)
    assert tables_differ(a.tables, b.tables) == [], ov
    assert a.summary == b.summary
    _, c = run(ov, seed=other)
    if c.seed != a.seed and a.tables["orders"]["placed_h"].size > 0:
        assert "orders.placed_h" in tables_differ(a.tables, c.tables), ov


@settings(SETTINGS, max_examples=15)
@given(worlds(static=True, engine="batched"))
# busy cut-offs (48 orders or more) once summed a container's goods in another order than the
# reference: departures.goods_teu differed in the last bit (tests/actors/test_forwarders.py)
@example(["start=2026-01-26", "days=20", "buyers.in_scope_share=0.5"])
def test_static_policies_give_the_per_actor_reference_the_batched_engines_tables(ov):
    _, batched = run(ov)
    per_actor, ref = run([*ov, "engine=per_actor"])
    assert tables_differ(batched.tables, ref.tables) == [], ov
    assert check_run(per_actor, ref) == [], ov


CUTOFF = "logistics.consolidation.cutoff_h="

DECIDED = ("placed_h", "merchant", "teu", "deadline_h", "ready_h", "line", "quoted_usd_per_teu")
"""What the order desk decides when an order is placed (its merchant's answer, route, quote)."""


@settings(SETTINGS, max_examples=15)
@given(worlds(), st.data())
def test_nothing_is_known_before_it_is_announced(ov, data):
    """A disruption announced at a time of day before it starts changes no decision taken
    before the announcement: with the same seed, the orders placed before it get the same
    merchant's answer, route and quote as in the world without it (live policies included),
    and the same goods leave until then, also when a line cut is told after the cut-offs of
    departures it touches.
    A Poisson line's published timetable once drew other numbers than its trains, and all
    lines' Poisson trains one shared stream, so an unannounced disruption on one line moved
    what the live state showed before it was announced (tests/actors/test_logistics.py)."""
    ov = [x for x in ov if not x.startswith("disruptions=")]
    start = date.fromisoformat(ov[0].removeprefix("start="))
    days = int(ov[1].removeprefix("days="))
    told = data.draw(st.integers(1, days - 3), label="day announced")
    hour = data.draw(st.integers(0, 23), label="hour announced")
    d = _disruption(data.draw, start, days)
    # (a line cut may be told after the cut-offs of the departures it touches: they load as
    # published until then, sim.actors.late_cuts)
    ahead = data.draw(st.integers(1, min(5, days - 1 - told)), label="days ahead")
    first = start + timedelta(days=told + ahead)  # (its first day inside the run)
    d["start"] = first.isoformat()
    d["end"] = max(date.fromisoformat(d["end"]), first).isoformat()
    d["announced"] = f"{(start + timedelta(days=told)).isoformat()}T{hour:02d}:00"
    if "end_announced" in d:  # (told after the announcement drawn here)
        d["end_announced"] = f"{start + timedelta(days=told + 1 + ahead)}T12:00"
    m_quiet, quiet = run(ov)
    m_told, told_of = run([*ov, f"disruptions={_json([d])}"])
    if "logistics.dispatch.rule=demand" not in ov:  # (extra trains answer the backlog)
        # common random numbers: a disruption moves no other line's departures
        for r in m_quiet.logistics.routes:
            if r.line.id != d["id"]:
                rows = [m.logistics.rows[r.index] for m in (m_quiet, m_told)]
                assert rows[0] == rows[1], (r.line.id, d, ov)
    at_h = 24.0 * told + hour
    a, b = quiet.tables["orders"], told_of.tables["orders"]
    before_a, before_b = a["placed_h"] < at_h, b["placed_h"] < at_h
    # (a container rolled over later, when the disruption is felt, changes its orders' line:
    # the line booked is compared where neither run moved it)
    kept = (a["rerouted"][before_a] == 0) & (b["rerouted"][before_b] == 0)
    for col in DECIDED:
        x, y = np.asarray(a[col])[before_a], np.asarray(b[col])[before_b]
        if col == "line" and x.shape == y.shape:
            x, y = x[kept], y[kept]
        same = x.shape == y.shape and (
            np.array_equal(x, y, equal_nan=True) if x.dtype.kind == "f" else np.array_equal(x, y)
        )
        assert same, (col, d, ov)
    # nor the trains that left before it (a cut-off before a line cut is told loads for the
    # train as published): each order's goods left then or after it in both worlds
    x, y = (np.where(t["departed_h"] < at_h, t["departed_h"], np.inf)[t["placed_h"] < at_h]
            for t in (a, b))  # fmt: skip
    assert np.array_equal(x, y), (d, ov)


def test_a_capacity_cut_told_after_a_cut_off_it_touches_leaks_into_earlier_quotes():
    """Madrid's line at one train a fortnight with a 72-hour cut-off, its room cut to none on 20
    November, announced 19 November 00:00: the train of 20 November was cut off on 17 November,
    packed nothing in the disrupted world, and an order placed on 18 November was quoted the
    booked-out premium there (3,737.5 USD/TEU against 3,250). Found by the search above with
    fresh worlds (a known failure until then); a cut-off now loads for the train as published
    until the cut is told, and the cargo rolls when it is felt (sim.actors.late_cuts)."""
    ov = ["start=2025-10-01", "days=52", "warmup_days=0", "scale=0.02", "seed=0",
          "buyers.visits_per_day=1600", "buyers.in_scope_share=0.05",
          'logistics.lines={"L01":{"trains_per_week":0.5}}', f"{CUTOFF}72",
          "logistics.consolidation.close_partial=false",
          "logistics.consolidation.rollover.rule=sea",
          "logistics.consolidation.rollover.after_h=0", "logistics.pricing.rule=live"]  # fmt: skip
    cut = {"target": "line", "id": "L01", "start": "2025-11-20", "end": "2025-11-20",
           "capacity_factor": 0.0, "announced": "2025-11-19T00:00"}  # fmt: skip
    _, quiet = run(ov)
    _, told = run([*ov, f"disruptions={_json([cut])}"])
    a, b = quiet.tables["orders"], told.tables["orders"]
    before = 24.0 * 49
    x = np.asarray(a["quoted_usd_per_teu"])[a["placed_h"] < before]
    y = np.asarray(b["quoted_usd_per_teu"])[b["placed_h"] < before]
    assert np.array_equal(x, y)


def test_the_checks_find_what_they_look_for():
    """Each check fails on a table broken on purpose (a check that cannot fail checks nothing)."""
    model, r = run(["days=30", "scale=0.05", "logistics.consolidation.cutoff_h=12"])
    assert check_run(model, r) == []
    o = r.tables["orders"]
    left = int(np.flatnonzero(o["departure_id"] >= 0)[0])

    def broken(col: str, value: float, table: str = "orders", row: int = left) -> list[str]:
        t = {k: {c: np.array(v, copy=True) for c, v in tab.items()} for k, tab in r.tables.items()}
        t[table][col][row] = value
        return check_run(model, type(r)(r.scenario, r.seed, t, r.summary, r.manifest))

    assert any("before" in p for p in broken("departed_h", o["placed_h"][left] - 1))
    assert any("cut-off" in p for p in broken("ready_h", o["departed_h"][left] - 0.5))
    assert any("set but" in p for p in broken("packed_h", math.nan))
    dep = int(o["departure_id"][left])
    cap = r.tables["departures"]["capacity_teu"][dep]
    assert any("capacity" in p for p in broken("teu", cap + 1, "departures", dep))
    assert any("goods_teu" in p for p in broken("goods_teu", 1e3, "departures", dep))
    assert any("cost" in p for p in broken("cost_usd", -1.0, row=int(np.flatnonzero(
        ~np.isnan(o["delivered_h"]))[0])))  # fmt: skip
    assert any("quote" in p for p in broken("quoted_usd_per_teu", math.inf))
    c = r.tables["crossings"]
    assert any("negative wait" in p for p in broken("wait_h", -1.0, "crossings", 0))
    # a crossing serving more trains at once than its servers, and out of arrival order
    node = "MAL"
    rows = np.flatnonzero(np.asarray(c["border"]) == node)
    servers = model.logistics.borders[node].spec.servers
    assert rows.size > servers
    t = {k: {col: np.array(v, copy=True) for col, v in tab.items()} for k, tab in r.tables.items()}
    for col in ("arrive_h", "start_h"):
        t["crossings"][col][rows] = 100.0
    t["crossings"]["end_h"][rows] = 200.0
    assert any("trains in service" in p for p in check_run(model, type(r)(
        r.scenario, r.seed, t, r.summary, r.manifest)))  # fmt: skip
    t["crossings"]["start_h"][rows[0]] = 150.0  # the first to arrive starts last
    t["crossings"]["arrive_h"][rows[0]] = 99.0
    assert any("started before" in p for p in check_run(model, type(r)(
        r.scenario, r.seed, t, r.summary, r.manifest)))  # fmt: skip
    # the summary's end stages against the table's
    at_end = {**r.summary["orders"]["at_end"]}
    at_end["delivered"] += 1
    summary = {**r.summary, "orders": {**r.summary["orders"], "at_end": at_end}}
    assert any("end stages" in p for p in check_run(model, type(r)(
        r.scenario, r.seed, r.tables, summary, r.manifest)))  # fmt: skip


def test_the_checks_of_lines_and_returns_find_what_they_look_for() -> None:
    """Each check of ``_lines_and_returns`` fails on a table broken on purpose: Minsk's line
    suspended 10 to 14 October, Madrid's line at half its room for ten days, train sets
    returning east with boxes from a finite pool."""
    cuts = [{"target": "line", "id": "L01", "start": "2025-10-10", "end": "2025-10-14",
             "trains_factor": 0.0},
            {"target": "line", "id": "L10", "start": "2025-10-10", "end": "2025-10-20",
             "capacity_factor": 0.5}]  # fmt: skip
    model, r = run(["days=40", "scale=0.05", f"disruptions={_json(cuts)}",
                    "logistics.containers.eastbound.enabled=true",
                    'logistics.containers.pools_teu={"YIW": 400}',
                    "logistics.repositioning.rule=return_on_eastbound"])  # fmt: skip
    assert _lines_and_returns(model, r) == []

    def broken(table: str, col: str, row: int, value: float | str) -> list[str]:
        t = {k: {c: np.array(v, copy=True) for c, v in tab.items()} for k, tab in r.tables.items()}
        t[table][col][row] = value
        return _lines_and_returns(model, type(r)(r.scenario, r.seed, t, r.summary, r.manifest))

    d, o, e = r.tables["departures"], r.tables["orders"], r.tables["eastbound"]
    line, kind = np.asarray(d["line"]), np.asarray(d["kind"])
    minsk = int(np.flatnonzero((line == "L01") & (kind == "train"))[0])
    assert any("suspended" in p for p in broken("departures", "departed_h", minsk, 24.0 * 10))
    cut = (line == "L10") & (d["departed_h"] >= 24.0 * 9) & (d["departed_h"] < 24.0 * 19)
    madrid = int(np.flatnonzero(cut & (kind == "train"))[0])
    assert any("slots, not" in p for p in broken("departures", "capacity_teu", madrid, 5))
    arrived = int(np.flatnonzero(~np.isnan(d["arrived_h"]))[0])
    assert any("before it left" in p for p in broken("departures", "arrived_h", arrived, -1.0))
    assert any("outside the run" in p for p in broken("departures", "departed_h", 0, 1e6))
    rail = np.flatnonzero(~np.isnan(o["arrived_h"]) & (np.asarray(o["mode"]) == "rail"))
    late = float(o["arrived_h"][rail[0]] + 1.0)
    assert any("their train" in p for p in broken("orders", "arrived_h", int(rail[0]), late))
    c = r.tables["crossings"]
    own = np.flatnonzero(c["departure_id"] >= 0)
    two = own[1:][c["departure_id"][own[1:]] == c["departure_id"][own[:-1]]]
    assert two.size  # (a train meeting two crossings: the second made the first)
    first = str(c["border"][two[0] - 1])
    assert any("twice" in p for p in broken("crossings", "border", int(two[0]), first))
    assert any("fewer than no" in p for p in broken("boxes", "level_teu", 0, -1))
    assert any("its slots" in p for p in broken("eastbound", "import_teu", 0, 1e3))
    gone = int(np.flatnonzero(~np.isnan(e["arrived_h"]))[0])
    assert any("arrived before" in p for p in broken("eastbound", "arrived_h", gone, -1.0))
    t = {k: {c: np.array(v, copy=True) for c, v in tab.items()} for k, tab in r.tables.items()}
    t["departures"]["arrived_h"][line == str(e["line"][0])] = math.nan  # no train came in
    assert any("sets returned" in p for p in _lines_and_returns(model, type(r)(
        r.scenario, r.seed, t, r.summary, r.manifest)))  # fmt: skip


RICH = [
    "days=45", "scale=0.1", "buyers.in_scope_share=0.2", "logistics.mode_choice.rule=live",
    "logistics.pricing.rule=live", "logistics.consolidation.rollover.rule=live",
    "logistics.consolidation.loading=earliest_deadline", "logistics.dispatch.rule=demand",
    "logistics.sailings.rule=carriers", "logistics.train_routing=avoid_closed",
    "buyers.reaction=lost_sale", "logistics.containers.eastbound.enabled=true",
    'logistics.containers.pools_teu={"YIW": 400}',
    "logistics.repositioning.rule=return_on_eastbound",
    "disruptions=[{target: node, id: MAL, start: 2025-10-20, end: 2025-11-02, "
    "servers_factor: 0.0, announced: '2025-10-15T09:00', surge_factor: 2.0, surge_days: 5}, "
    "{target: edge, id: NGB-RTM, start: 2025-10-10, end: 2025-11-10, extra_h: 288}]",
]  # fmt: skip
"""A world with every behaviour that reads the state on, a closure announced at 09:00 with a
surge after it, a Cape diversion, a container pool and eastbound services."""

DIGEST = """
import hashlib, json, sys
import numpy as np
import pytest
from tests.test_invariants_round6 import run
model, r = run(json.loads(sys.argv[1]))
h = hashlib.sha256()
for name in sorted(r.tables):
    for col in sorted(r.tables[name]):
        a = np.asarray(r.tables[name][col])
        h.update(f"{name}.{col}".encode())
        h.update(a.astype(str).tobytes() if a.dtype == object else a.tobytes())
h.update(json.dumps(r.summary, sort_keys=True, default=str).encode())
print(h.hexdigest())
"""


def test_a_run_is_the_same_in_another_process_with_another_hash_seed():
    """Identical tables and summary across interpreters whose string hashing differs: no
    result depends on the iteration order of a set or on object ids (each engine)."""
    import os
    import subprocess
    import sys

    for engine in ("batched", "per_actor"):
        digests = set()
        for hash_seed in ("1", "2"):
            env = {**os.environ, "PYTHONHASHSEED": hash_seed}
            out = subprocess.run(
                [sys.executable, "-c", DIGEST, json.dumps([*RICH, f"engine={engine}"])],
                capture_output=True, text=True, check=True, cwd=ROOT, env=env,
            )  # fmt: skip
            digests.add(out.stdout.strip())
        assert len(digests) == 1, engine
    model, r = run(RICH)
    assert check_run(model, r) == []
    assert r.tables["departures"]["rerouted"].sum() > 0  # trains went round the closure
