"""What a crossing disruption did to Yiwu's trains and their orders, counted from the tables.

Notes
-----
:func:`disruption_effects` reads every replication's crossings, orders and departures tables
(and ``summary.json``'s trains still held or queued at a crossing when the run ended) and
counts, for each window of a crossing disruption, the Yiwu trains held there longer than usual
(:data:`LONGER_THAN_USUAL_H`) and those that queued in the backlog it left (:func:`_backlog`),
the orders with a deadline they carried and the margin of those on time, and the trains that
went round the crossings instead (:mod:`sim.output.explain_detours`, among the closures of
:func:`_closing_windows`). The comparison's reasons and a run's *Disrupted crossings* say these
counts in words (:mod:`sim.output.explain_words`). Nothing here reruns a simulation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from sim.output.explain_detours import _detours, _LineTimes
from sim.scenario.disruptions import OPEN_ENDED_DAYS
from sim.scenario.schema import UNLISTED_BORDER_SERVERS, servers_kept

LONGER_THAN_USUAL_H = 1.0
"""Hours beyond a crossing's usual wait (its median outside the disruption's window) from which
a Yiwu train counts as held by the disruption, or as queued in the backlog it left (E: a
margin over the service times' noise). On the 2025 closure's comparison (10 paired seasons,
docs/closure-2025.md) the trains held in the window are 60 at 0.5, 1, 2, 6 and 24 hours, those
queued in the backlog 36, 35, 35, 32 and 30, and the orders judged 728 at each (measured 7 Dec
2026; 702 before the thirteenth session's fix of the live state's backlog)."""


def disruption_effects(
    run_folders: list[Path],
    scenario: dict[str, Any],
    closures: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """For each crossing disruption of ``scenario`` (nodes with the same window together), from
    every replication folder that kept its tables: Yiwu's trains that reached the crossings in
    the window, how long they waited there, and the orders with a deadline they carried — how
    many, how many were late, and the smallest margin to the deadline of those on time.

    Returns
    -------
    list of dict
        ``nodes``, ``window`` (ISO start, end), ``replications`` (with tables), ``trains``
        (held trains, summed over replications), ``reached`` (Yiwu trains at the crossings in
        the window, held or not; summed), ``hold_days_min`` / ``_max`` (the held trains'
        waits at the crossings, the backlog's apart), ``backlog`` and
        ``backlog_days_max`` (Yiwu trains that came after the window and queued longer than
        usual in the backlog it left, at each crossing up to the first that did not; their
        orders are counted with the held trains'),
        ``held_at_end`` (Yiwu trains still waiting at the crossings when the run ended, in no
        table: ``summary.json``'s ``held_at_end``; summed) and ``held_days_max`` (the longest
        of their waits so far), ``queued_at_end`` and ``queued_days_max`` (the same, of the
        Yiwu trains still waiting for a busy server at a crossing open when the run ended, the
        backlog a reopening left: ``summary.json``'s ``queued_at_end``, those that arrived by
        the window's end and have waited longer than is usual there), ``orders``
        (with a deadline, on the held trains), ``already_late`` (of those, the ones whose
        deadline had passed when their train reached the crossings: late whatever happened
        there), ``late`` (the others that arrived late), ``margin_days_min`` (None without
        such orders on time), ``detoured`` and ``detour_km`` (Yiwu trains that went round
        the crossings in the window, ``train_routing: avoid_closed``, and the km they added;
        summed; a train that went round two closures' crossings is counted once, under the
        closure whose crossing and window made it leave its line: :func:`_detours`).

    ``closures``: every disruption of the runs' scenario, when ``scenario`` lists only some of
    them (a comparison explains the ones its baseline lacks): a train that went round a closure
    the baseline has too is that closure's, not one of those explained.
    """
    from sim.output.results import load_run

    start = dt.date.fromisoformat(str(scenario["start"]))
    end_h = float(scenario.get("days", 0)) * 24.0
    groups: dict[tuple[str, str], list[str]] = {}
    for d in scenario.get("disruptions") or []:
        if d.get("target") == "node":
            nodes = groups.setdefault((str(d["start"]), str(d["end"])), [])
            if str(d["id"]) not in nodes:  # two windows alike at one crossing: named once
                nodes.append(str(d["id"]))
    runs = []  # each folder's tables read once, whatever the number of windows
    for folder in run_folders if groups else []:
        try:
            run = load_run(folder)
        except Exception:  # summaries only: no tables to explain from
            continue
        cr, orders = run.tables.get("crossings"), run.tables.get("orders")
        if cr is not None and orders is not None:
            runs.append((cr, orders, run.summary, run.tables.get("departures")))
    route = _LineTimes() if groups else None
    # each detouring train is one closure's: the one whose crossing and window sent it round,
    # among every closure of the runs (those explained first, in their order)
    owners = _closing_windows(scenario, start, closures)
    owned = [_detours(deps, cr, owners, route) for cr, _, _, deps in runs] if route else []
    out = []
    for (lo, hi), nodes in groups.items():
        lo_h, hi_h = _hours(start, lo), _hours(start, hi) + 24.0  # the end day is included
        trains = came = 0
        holds: list[float] = []
        n_orders = late = already = 0
        margins: list[float] = []
        reps = 0
        held_at_end = queued_at_end = backlog = 0
        backlog_h: list[float] = []
        held_h: list[float] = []
        queued_h: list[float] = []
        # trains that went round the crossings (train_routing: avoid_closed) never reach
        # them: without these, "no Yiwu train reached Brest" read as a closure that touched
        # nothing, beside CO2e that rose with the detours
        mine = [k for k, w in enumerate(owners) if w[4] == (lo, hi)]  # this window's closures
        detoured = sum(len(o[k]) for o in owned for k in mine)
        detour_km = sum(sum(o[k].values()) for o in owned for k in mine)
        for cr, orders, summary, _ in runs:
            reps += 1
            # trains a closure still holds at the end finished no crossing: the summary has
            # them, for the window in force when the run ended
            for node in nodes if lo_h < end_h <= hi_h or not end_h else []:
                h = (summary.get("held_at_end") or {}).get(node)
                if h and h.get("yiwu_trains"):
                    held_at_end += int(h["yiwu_trains"])
                    held_h.append(float(h["waited_h_max"]))
            at = np.isin(cr["border"], nodes) & (cr["departure_id"] >= 0)
            inside = at & (cr["arrive_h"] < hi_h) & (cr["end_h"] > lo_h)
            came += int(np.unique(cr["departure_id"][inside]).size)
            # held: waited longer than is usual there outside the window (plus an hour)
            usual = float(np.median(cr["wait_h"][at & ~inside])) if (at & ~inside).any() else 0.0
            # trains still waiting for a busy server when the run ended (the backlog a
            # reopening left; a cut that leaves some servers): no table has them, the summary
            # lists them; those that came by the window's end and have waited longer than is
            # usual are held as the served ones are
            for node in nodes if lo_h < end_h else []:
                q = (summary.get("queued_at_end") or {}).get(node) or {}
                for d, a in zip(q.get("departure_ids", []), q.get("arrive_h", []), strict=True):
                    if d >= 0 and a < hi_h and end_h - a > usual + LONGER_THAN_USUAL_H:
                        queued_at_end += 1
                        queued_h.append(end_h - a)
            m = inside & (cr["wait_h"] > usual + LONGER_THAN_USUAL_H)
            ids = np.unique(cr["departure_id"][m])
            trains += int(ids.size)
            held_ids = set(ids.tolist())  # the sentence's "waited A to B days" is theirs
            # after the reopening, the trains that queued in the backlog it left (longer than
            # usual), up to the first that did not: the closure's too, though they came later
            late_ids = _backlog(cr, nodes, hi_h, usual + LONGER_THAN_USUAL_H, exclude=ids)
            if late_ids.size:
                after = np.isin(cr["departure_id"], late_ids) & at & (cr["arrive_h"] >= hi_h)
                backlog += int(late_ids.size)
                backlog_h.append(float(cr["wait_h"][after].max()))
                m = m | after
                ids = np.union1d(ids, late_ids)
            reached: dict[int, float] = {}  # a held train's first arrival at the crossings
            if ids.size:
                per: dict[int, float] = {}
                rows = zip(
                    cr["departure_id"][m].tolist(),
                    cr["wait_h"][m].tolist(),
                    cr["arrive_h"][m].tolist(),
                )
                for i, w, t in rows:
                    per[i] = per.get(i, 0.0) + w
                    reached[i] = min(t, reached.get(i, t))
                # the backlog's waits have their own sentence and maximum: among the held
                # trains' they made a week's closure read "waited 0.8 to 7.6 days" where every
                # train that came in the window waited four days or more
                holds += [w / 24.0 for i, w in per.items() if i in held_ids]
            on = np.isin(orders["departure_id"], ids) & ~np.isnan(orders["deadline_h"])
            n_orders += int(on.sum())
            delivered = np.nan_to_num(orders["delivered_h"][on], nan=np.inf)
            deadline = orders["deadline_h"][on]
            ok = delivered <= deadline
            # an order whose deadline had passed before its train reached the crossing was
            # late whatever the disruption did (Christmas goods held in December): apart
            at = np.array([reached[int(i)] for i in orders["departure_id"][on]], dtype=float)
            past = ~ok & (deadline < at)
            already += int(past.sum())
            late += int((~ok & ~past).sum())
            if ok.any():
                margins.append(float(((deadline - delivered)[ok]).min() / 24.0))
        out.append(
            {
                "nodes": nodes,
                "window": (lo, hi),
                "replications": reps,
                "trains": trains,
                "reached": came,
                "hold_days_min": min(holds) if holds else None,
                "hold_days_max": max(holds) if holds else None,
                "backlog": backlog,
                "backlog_days_max": max(backlog_h) / 24.0 if backlog_h else None,
                "held_at_end": held_at_end,
                "held_days_max": max(held_h) / 24.0 if held_h else None,
                "queued_at_end": queued_at_end,
                "queued_days_max": max(queued_h) / 24.0 if queued_h else None,
                "orders": n_orders,
                "late": late,
                "already_late": already,
                "margin_days_min": min(margins) if margins else None,
                "detoured": detoured,
                "detour_km": detour_km,
            }
        )
    return out


def _hours(start: dt.date, when: Any) -> float:
    """Hours from the run's start to ``when``: a date (its 00:00), or a date and time (an
    announcement's moment), as a scenario file has them or as ISO text."""
    if isinstance(when, dt.datetime):
        moment = when
    elif isinstance(when, dt.date):
        moment = dt.datetime.combine(when, dt.time())
    else:
        moment = dt.datetime.fromisoformat(str(when))  # a date alone reads as its 00:00
    return (moment - dt.datetime.combine(start, dt.time())).total_seconds() / 3600.0


def _closing_windows(
    scenario: dict[str, Any], start: dt.date, closures: list[dict[str, Any]] | None
) -> list[tuple[list[str], float, float, float, tuple[str, str] | None]]:
    """The crossing disruptions that close a crossing (no server left: only those send a
    train round, ``train_routing: avoid_closed``), as windows that may own a detour: the
    crossings, start and end hour (for one whose end was told later, the latest end a
    train expected before then), the hour it was announced and, for one of ``scenario``'s
    own disruptions, its (start, end) as :func:`disruption_effects` groups them (None for one
    of ``closures`` only). The scenario's own come first."""
    servers = {
        str(k): (v or {}).get("servers", UNLISTED_BORDER_SERVERS)
        for k, v in ((scenario.get("logistics") or {}).get("borders") or {}).items()
    }
    own = [d for d in scenario.get("disruptions") or [] if d.get("target") == "node"]
    others = [d for d in closures or [] if d.get("target") == "node" and d not in own]
    out: list[tuple[list[str], float, float, float, tuple[str, str] | None]] = []
    for d, mine in [*((d, True) for d in own), *((d, False) for d in others)]:
        f = d.get("servers_factor")
        n = servers.get(str(d["id"]), UNLISTED_BORDER_SERVERS)
        if f is None or servers_kept(int(n), float(f)) > 0:  # a slowdown or a partial cut
            continue
        told = d.get("announced") or d["start"]
        end = _hours(start, d["end"]) + 24.0  # the end day is included
        if d.get("end_announced"):  # until its end was told, trains expected it to go on
            more = d.get("expected_days") or OPEN_ENDED_DAYS
            known = min(_hours(start, d["end_announced"]), end)  # (at the latest when over)
            end = max(end, known + 24.0 * float(more))
        out.append((
            [str(d["id"])],
            _hours(start, d["start"]),
            end,
            _hours(start, told),
            (str(d["start"]), str(d["end"])) if mine else None,
        ))  # fmt: skip
    return out


def _backlog(
    cr: dict[str, np.ndarray], nodes: list[str], end_h: float, longer_h: float, exclude: np.ndarray
) -> np.ndarray:
    """Yiwu's trains that reached ``nodes`` from ``end_h`` (a window's end) on and waited
    longer than ``longer_h`` there, at each node up to the first that did not (the backlog has
    cleared), other than ``exclude`` (the trains held in the window)."""
    found: list[int] = []
    for node in nodes:
        at = np.flatnonzero((cr["border"] == node) & (cr["arrive_h"] >= end_h))
        at = at[np.argsort(cr["arrive_h"][at], kind="stable")]
        for i in at.tolist():  # in the order they came (other operators' trains too)
            if cr["wait_h"][i] <= longer_h:
                break
            if cr["departure_id"][i] >= 0:
                found.append(int(cr["departure_id"][i]))
    return np.setdiff1d(np.unique(np.asarray(found, dtype=np.int64)), exclude)
