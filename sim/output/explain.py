"""Why a comparison came out as it did, computed from the runs' own tables.

A comparison report states for every KPI that moved (distinguishable from zero) — and for every
deadline KPI that did *not* move although a scenario applied a disruption — a short reason drawn
from the tables: which settings differ between the scenarios, which trains a disrupted crossing
held and for how long, how many orders with a deadline rode them, and the margin by which those
goods still made their deadline (or how many missed it). Nothing here reruns a simulation.

Crossings are named in full (:func:`crossing_name`), and "the worst border" has one definition
for the command line and every report (:func:`worst_border`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np

from sim.output.glossary import crossing_name as crossing_name
from sim.output.glossary import term
from sim.scenario.schema import UNLISTED_BORDER_SERVERS, servers_kept

LONGER_THAN_USUAL_H = 1.0
"""Hours beyond a crossing's usual wait (its median outside the disruption's window) from which
a Yiwu train counts as held by the disruption, or as queued in the backlog it left (E: a
margin over the service times' noise). On the 2025 closure's comparison (10 paired seasons,
docs/closure-2025.md) the trains held in the window are 60 at 0.5, 1, 2, 6 and 24 hours, those
queued in the backlog 36, 35, 35, 32 and 30, and the orders judged 702 at each."""


def worst_border(borders: dict[str, dict[str, Any]]) -> str | None:
    """The crossing with the longest mean wait (ties: the longer 95th percentile, then the
    code); the one definition used by the command line and the reports. None when there is
    no crossing, or no train waited at any (naming one of them, the last code of a tie of
    zeros, would point a planner at a crossing that held nobody)."""
    if not borders:
        return None
    worst = max(
        borders,
        key=lambda b: (
            borders[b].get("wait_h_mean") or 0.0,
            borders[b].get("wait_h_p95") or 0.0,
            b,
        ),
    )
    w = borders[worst]
    return worst if (w.get("wait_h_mean") or 0.0) > 0 or (w.get("wait_h_p95") or 0.0) > 0 else None


def date_at(start: str, hours: float) -> str:
    """The calendar date ``hours`` after a run's first midnight (``start``, ISO)."""
    return (dt.date.fromisoformat(start) + dt.timedelta(hours=hours)).isoformat()


def _flat(d: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(d, dict):
        for k, v in d.items():
            out.update(_flat(v, f"{prefix}{k}."))
    elif isinstance(d, list):
        for i, v in enumerate(d):
            out.update(_flat(v, f"{prefix}{i}."))
    else:
        out[prefix[:-1]] = d
    return out


def _subfolders(folder: Path) -> dict[str, Path]:
    """Scenario label -> its folder (``0-name``): by name, and by the folder's own name when two
    scenarios share a name (their labels are then the folder names)."""
    dirs = [p for p in sorted(folder.iterdir()) if p.is_dir()]
    out = {p.name.split("-", 1)[-1]: p for p in dirs}
    out.update({p.name: p for p in dirs})
    return out


def setting_differences(
    base: dict[str, Any], other: dict[str, Any], limit: int | None = None, lang: str = "en"
) -> list[str]:
    """``key: a -> b`` for the resolved scenario settings that differ (name, seed and
    description aside; the disruptions as one item, ``disruptions: + BRE 2026-01-06..2026-01-18``
    for each window added, ``-`` for each removed): all of them, or at most ``limit`` and a
    count of the rest in ``lang``. A comparison's page says each reason once, so it names up
    to :data:`SETTINGS_SAID` (a list cut at six hid the seventh behind "... 1 more", in English
    on a Chinese page; two unlike scenarios differ in a hundred settings)."""
    fa, fb = _flat(base), _flat(other)
    skip = ("name", "description", "seed", "disruptions.")
    keys = sorted(k for k in set(fa) | set(fb) if fa.get(k) != fb.get(k) and not k.startswith(skip))
    keys = [k for k in keys if not k.endswith(".description")]
    # a part added or removed whole (a crossing, the container pools) as one item: its every
    # setting took the list's places and hid the policies behind "... more"
    whole: dict[str, list[str]] = {}
    for k in keys:
        if (k in fa) != (k in fb):
            whole.setdefault(_absent_from(k, fb if k in fa else fa), []).append(k)
    grouped = {k: p for p, ks in whole.items() if len(ks) > 1 for k in ks}
    items: dict[str, str] = {}
    for k in keys:
        if k not in grouped:
            items[k] = f"{k}: {fa.get(k, '-')} -> {fb.get(k, '-')}"
        elif grouped[k] not in items:
            items[grouped[k]] = f"{'+' if k in fb else '-'} {grouped[k]}"
    keys = sorted(items)
    out = [items[k] for k in keys]
    # the disruptions as one item, each window added or removed, in the sorted place of its
    # key: one item a window's every field took up the list and hid the policies behind it
    was, now = base.get("disruptions") or [], other.get("disruptions") or []
    added = [d for d in now if d not in was]
    removed = [d for d in was if d not in now]
    # the same window told another way (another announcement, a deeper cut): its changes, not
    # "+ MAL 2025-10-06..2025-11-30, - MAL 2025-10-06..2025-11-30", which read as no change
    changed = []
    for d in added:
        twin = next((r for r in removed if _same_window(r, d)), None)
        if twin is None:
            changed.append(f"+ {_window(d)}")
            continue
        removed.remove(twin)
        fields = sorted(k for k in set(d) | set(twin) if d.get(k) != twin.get(k))
        changed.append(
            f"{_window(d)} "
            + "; ".join(f"{k}: {twin.get(k, '-')} -> {d.get(k, '-')}" for k in fields)
        )
    changed += [f"- {_window(d)}" for d in removed]
    if changed:
        at = sum(k < "disruptions" for k in keys)
        out.insert(at, "disruptions: " + ", ".join(changed))
        keys.insert(at, "disruptions")
    if limit is not None and len(keys) > limit:
        out = [*out[:limit], term("why_more", lang, n=len(keys) - limit)]
    return out


SETTINGS_SAID = 20
"""At most this many differing settings are named in a comparison's reason (then a count of
the rest): every setting a what-if usually changes, not the hundred of two unlike scenarios."""


def _absent_from(key: str, flat: dict[str, Any]) -> str:
    """The shortest prefix of ``key`` (by its dotted parts) that no setting of ``flat`` lies
    under: the part of the scenario the other side does not have at all."""
    parts = key.split(".")
    for n in range(1, len(parts) + 1):
        prefix = ".".join(parts[:n])
        if prefix not in flat and not any(k.startswith(prefix + ".") for k in flat):
            return prefix
    return key


def _same_window(a: Any, b: Any) -> bool:
    """Whether two disruptions hit the same place over the same dates (they may differ in
    anything else: when they were announced, how deep they cut)."""
    keys = ("target", "id", "start", "end")
    return isinstance(a, dict) and isinstance(b, dict) and all(a.get(k) == b.get(k) for k in keys)


def _window(d: Any) -> str:
    """A disruption in a few words: what it hits and when (``BRE 2026-01-06..2026-01-18``)."""
    if not isinstance(d, dict):
        return str(d)
    return f"{d.get('id', d.get('target', '?'))} {d.get('start', '?')}..{d.get('end', '?')}"


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
        the window, held or not; summed), ``hold_days_min`` / ``_max``, ``backlog`` and
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
                holds += [w / 24.0 for w in per.values()]
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


def _closing_windows(
    scenario: dict[str, Any], start: dt.date, closures: list[dict[str, Any]] | None
) -> list[tuple[list[str], float, float, float, tuple[str, str] | None]]:
    """The crossing disruptions that close a crossing (no server left: only those send a
    train round, ``train_routing: avoid_closed``), as windows that may own a detour: the
    crossings, start and end hour, the hour it was announced and, for one of ``scenario``'s
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
        out.append((
            [str(d["id"])],
            _hours(start, d["start"]),
            _hours(start, d["end"]) + 24.0,  # the end day is included
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


class _LineTimes:
    """Each line's crossings and the nominal hours between the points of its path (running
    hours of the edges, plus the nominal dwell of the crossings passed on the way): when a
    train that went round a crossing would have reached it. Empty when the network cannot be
    read (the reasons are words beside the figures: they never stop a report)."""

    def __init__(self) -> None:
        self.at: dict[str, dict[str, float]] = {}  # line -> node -> nominal hours to reach it
        self.left: dict[str, dict[str, float]] = {}  # line -> crossing -> ... to leave it
        self.borders: dict[str, tuple[str, ...]] = {}  # line -> its crossings in path order
        try:
            from sim.world.network import load_network

            net = load_network()
        except Exception:
            return
        for lid, line in net.lines.items():
            total, at, left = line.journey_dwell_h, {}, {}
            for e in line.edges:
                total += e.hours
                at[e.dst] = total
                if e.dst in line.borders:
                    total += net.nodes[e.dst].border_dwell_h or 0.0
                    left[e.dst] = total
            self.at[lid], self.left[lid], self.borders[lid] = at, left, tuple(line.borders)

    def __bool__(self) -> bool:
        return bool(self.at)

    def went_round(
        self, line: str, departed_h: float, crossed: dict[str, float]
    ) -> list[tuple[str, float, float]]:
        """The crossings of ``line`` a train that left Yiwu at ``departed_h`` and crossed
        ``crossed`` (crossing -> hour it left it) went round, in path order, each with the
        hour it would have reached it, from the last crossing of the line it passed before it
        (or from Yiwu) at the line's nominal pace, and the hour it left that point (where a
        train decides its path: a detour round the crossing was decided then at the latest)."""
        if line not in self.at:
            return []
        at, left = self.at[line], self.left[line]
        out = []
        t0, offset = departed_h, 0.0  # the last point passed, and its nominal hours
        for b in self.borders[line]:
            if b in crossed:
                t0, offset = crossed[b], left[b]
            else:
                out.append((b, t0 + at[b] - offset, t0))
        return out


NEAR_H = 48.0
"""How far (hours) from a closure's window a detouring train's estimated hour at the crossing
may fall and still be that closure's: the estimate runs at the line's nominal pace from the
last crossing the train left, so it is off by hours (waits between crossings), not days.

An estimate (E). On the teaching world with Brest and Malaszewicze closed in overlapping
windows (``tests/output/test_explain.py``, 2 replications) the counts, 6 and 8 trains, are the
same for any bound from 12 hours to none; told of a one-day window at Brest instead, its
count is 0 at 12 or 24 hours and 2 from 48 hours on, and Malaszewicze's 10, 12, or 14 with no
bound (the trains that went round Brest a week before it closed)."""


def _detours(
    deps: dict[str, Any] | None,
    cr: dict[str, Any],
    windows: list[tuple[list[str], float, float, float, Any]],
    route: _LineTimes,
) -> list[dict[int, float]]:
    """For each closure window (the crossings it closes, start, end and announcement hour) the
    departures of one run that went round it, with the km each added. A train belongs to one
    closure: the first crossing on its path it went round whose window it would have reached
    it in, among the closures announced when it left the last point before that crossing (the
    one that made it leave its line: a train goes round only a closure known when it decides;
    beyond it, the detour avoids the others anyway); failing that (its pace was not the line's
    nominal one), the window nearest to the hour it would have been there, within
    :data:`NEAR_H`, among those announced by then. None is a train no known closure explains."""
    owned: list[dict[int, float]] = [{} for _ in windows]
    if deps is None or "rerouted" not in deps or "detour_km" not in deps:
        return owned
    km = np.asarray(deps["detour_km"], float)
    rows = np.flatnonzero(np.asarray(deps["rerouted"], bool) & (km > 0))
    if not rows.size:
        return owned
    dep_ids = np.asarray(deps.get("departure_id", np.arange(km.size)))
    lines = np.asarray(deps["line"]).astype(str)
    departed = np.asarray(deps["departed_h"], float)
    arrived = np.nan_to_num(np.asarray(deps["arrived_h"], float), nan=np.inf)
    ids, borders = np.asarray(cr["departure_id"]), np.asarray(cr["border"]).astype(str)
    ends = np.asarray(cr["end_h"], float)
    for r in rows.tolist():
        mine = ids == dep_ids[r]
        crossed = dict(zip(borders[mine].tolist(), ends[mine].tolist()))
        skipped = route.went_round(str(lines[r]), float(departed[r]), crossed)
        owner = next((g for b, t, t0 in skipped
                      for g, (nodes, lo, hi, told, _) in enumerate(windows)
                      if b in nodes and lo <= t < hi and told <= t0), None)  # fmt: skip
        if owner is None:
            near = [(max(lo - t, t - hi), g) for b, t, t0 in skipped
                    for g, (nodes, lo, hi, told, _) in enumerate(windows)
                    if b in nodes and told <= t0 and departed[r] < hi and arrived[r] > lo
                    and max(lo - t, t - hi) <= NEAR_H]  # fmt: skip
            owner = min(near)[1] if near else None
        if owner is not None:
            owned[owner][int(dep_ids[r])] = float(km[r])
    return owned


def _effect_text(e: dict[str, Any], lang: str) -> str:
    names = ("、" if lang == "zh" else ", ").join(crossing_name(n, lang) for n in e["nodes"])
    sp = "" if lang == "zh" else " "  # Chinese sentences run on without a space
    lo, hi = (_window_day(d, lang) for d in e["window"])
    if not e["replications"]:
        return term("why_no_tables", lang, nodes=names)
    held = e.get("held_at_end", 0)
    still = ""
    if held:
        d = f"{e['held_days_max']:.1f}"
        still = sp + term("why_held_at_end", lang, n=held, over=_over(e, lang), nodes=names, d=d)
    queued = e.get("queued_at_end", 0)
    if queued:  # the backlog it left, still waiting for a busy server at the end
        d = f"{e['queued_days_max']:.1f}"
        still += sp + term("why_queued_at_end", lang, n=queued, over=_over(e, lang), nodes=names,
                           d=d)  # fmt: skip
    if not e["trains"]:
        if held or queued:
            return still.lstrip()
        if e.get("reached"):  # they came, and the disruption kept none of them longer
            return term("why_not_held", lang, n=e["reached"], over=_over(e, lang),
                        nodes=names, lo=lo, hi=hi)  # fmt: skip
        if e.get("detoured"):
            return term("why_detoured", lang, n=e["detoured"], over=_over(e, lang),
                        nodes=names, km=f"{e['detour_km']:,.0f}", lo=lo, hi=hi)  # fmt: skip
        return term("why_no_trains", lang, nodes=names, lo=lo, hi=hi)
    text = term(
        "why_held",
        lang,
        nodes=names,
        lo=lo,
        hi=hi,
        trains=e["trains"],
        over=_over(e, lang),
        a=f"{e['hold_days_min']:.1f}",
        b=f"{e['hold_days_max']:.1f}",
    )
    if e.get("backlog"):  # the trains that came after the reopening and queued behind
        text += sp + term("why_backlog", lang, n=e["backlog"], d=f"{e['backlog_days_max']:.1f}")
    already = e.get("already_late", 0)
    fresh = e["orders"] - already  # the orders the hold could still make late
    if fresh and e["late"] == 0:
        text += sp + term("why_margin", lang, n=fresh, m=f"{e['margin_days_min']:.1f}")
    elif fresh:
        text += sp + term("why_late", lang, n=fresh, late=e["late"])
        if e["margin_days_min"] is not None:
            others = fresh - e["late"]  # the count the sentence's noun agrees with
            text += sp + term("why_rest_margin", lang, m=f"{e['margin_days_min']:.1f}",
                              others=others)  # fmt: skip
    elif not e["orders"]:
        text += sp + term("why_no_deadline", lang)
    if already:
        text += sp + term("why_already_late", lang, n=already)
    if e.get("detoured"):  # some were held, others went round (avoid_closed routing)
        text += sp + term("why_also_detoured", lang, n=e["detoured"], km=f"{e['detour_km']:,.0f}")
    return text + still


def _over(e: dict[str, Any], lang: str) -> str:
    """The replications the trains are counted over: "over N replications", or "over 1
    replication" for one."""
    n = e["replications"]
    return term("over_reps_one", lang) if n == 1 else term("over_reps", lang, reps=n)


def _window_day(iso: Any, lang: str) -> str:
    """A disruption window's day as the rest of a Chinese page writes dates (2025年12月1日);
    as it is in English."""
    if lang != "zh":
        return str(iso)
    try:
        d = dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def explain(
    folder: Path, comp: dict[str, Any], kpis: list[tuple[str, str, str]], lang: str = "en"
) -> list[tuple[str, str, str]]:
    """(scenario, KPI label, reason) for each KPI that moved against the baseline, and for each
    deadline KPI that did not move although the scenario applied a crossing disruption."""
    import yaml

    subs = _subfolders(folder)

    def scenario_of(name: str) -> dict[str, Any]:
        path = subs.get(name, folder / "_") / "rep-000" / "scenario.yaml"
        if not path.is_file():
            return {}
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    base = scenario_of(comp["baseline"])
    out: list[tuple[str, str, str]] = []
    for name, diffs in comp.get("paired_differences", {}).items():
        sc = scenario_of(name)
        reps = sorted((subs.get(name, folder / "_")).glob("rep-*"))
        # only the disruptions the baseline does not have explain a difference from it
        had = base.get("disruptions") or []
        new = [d for d in sc.get("disruptions") or [] if d not in had]
        effects = (  # every closure of the scenario may own a detour, only the new are said
            disruption_effects(reps, {**sc, "disruptions": new}, sc.get("disruptions"))
            if new
            else []
        )
        settings = setting_differences(base, sc, SETTINGS_SAID, lang) if sc and base else []
        others = [s for s in settings if not s.startswith("disruptions: ")]
        for label, key, _ in kpis:
            d = diffs.get(key) or {}
            moved = bool(d.get("distinguishable"))
            deadline_kpi = key.startswith("on_time.")
            if moved:
                if effects and (key.startswith("borders.") or key.startswith("lead_time")
                                or deadline_kpi or key.startswith("emissions_cost")):  # fmt: skip
                    why = " ".join(_effect_text(e, lang) for e in effects)
                    if others:  # the policies changed too: named beside the closure's effect
                        why += " " + term("why_settings", lang, s="; ".join(others))
                elif settings:
                    why = term("why_settings", lang, s="; ".join(settings))
                else:
                    why = term("why_seeds", lang)
                out.append((name, label, why))
            elif deadline_kpi and effects:
                why = (
                    term("why_unmoved", lang)
                    + " "
                    + " ".join(_effect_text(e, lang) for e in effects)
                )
                out.append((name, label, why))
    return out


def load_comparison(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
