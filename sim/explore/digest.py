"""What the explorer keeps of one run: its KPIs, the series its views draw, and the season.

A run's tables are large (every order); the page needs a few numbers per view. :func:`digest`
reduces one :class:`~sim.results.run.RunResult` to them, with the same analysis functions
the results folder and the report use (:mod:`sim.results.analysis`), so a number on the page is
the number ``yiwu-sim run`` prints for the same scenario and seed. Border KPIs are kept for every
crossing, so choosing another crossing on the page needs no new run. The trains a closed crossing
still holds when the run ends are in no row of the crossings table; they are counted from the
run's summary (:func:`held_at_end`), beside the wait and the queue of the trains served, and so
are those an open crossing still queues (:func:`queued_at_end`: the backlog a reopening leaves).
The summary lists each of them with its arrival, so the daily queue and the animation draw them
waiting up to the run's end (:func:`waiting_at_end`), as a part of their own.

The season (:func:`season`) is the run's own timeline for the animation: every train and
sailing with its departure, its crossings (arrival, start and end of service) and its arrival,
the queue at every crossing by day, and the days the market is closed.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import numpy as np

from sim.experiment.statistics import exact_share
from sim.output.colours import line_colour
from sim.output.figures_borders import disruption_windows
from sim.output.figures_map import outline as country_outline
from sim.results.analysis import lead_times_days, per_week, queue_by_day
from sim.results.planning_answers import ALL
from sim.results.run import RunResult
from sim.results.table import distinct_text
from sim.world.calendar import MarketCalendar
from sim.world.network import Network
from sim.world.paths import path_taken


def _num(x: float | None, nd: int = 4) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(float(x), nd)


def digest(result: RunResult) -> dict[str, Any]:
    """KPIs and series of one run (plain JSON values).

    ``kpis`` holds scalars that get a mean, a paired difference and an interval across
    replications; ``series`` the weekly and daily curves the charts draw.
    """
    sc, t, s = result.scenario, result.tables, result.summary
    days = sc.days
    from_h, end_h = sc.warmup_days * 24.0, days * 24.0
    orders, dep, cr = t["orders"], t["departures"], t["crossings"]
    trains = (dep["kind"] == "train") & (dep["departed_h"] >= from_h)
    weeks = max((days - sc.warmup_days) / 7.0, 1e-9)
    # on_time / orders, unrounded: as a replication set's aggregate averages it
    share = exact_share(s["on_time"])
    if share is None:  # (no counts beside it: the share as written)
        share = s["on_time"]["share"]
    kpis: dict[str, float | None] = {
        # 0.0 (every order judged late) is a share like any other; None: no order had a deadline
        "on_time_pct": None if share is None else _num(100 * share),
        "rail_teu_per_week": _num(float(dep["teu"][trains].sum()) / weeks),
        "trains_per_week": _num(float(trains.sum()) / weeks),
    }
    lt = lead_times_days(orders, end_h, from_h)
    m = (orders["placed_h"] >= from_h) & ~np.isnan(orders["delivered_h"])
    m &= orders["delivered_h"] <= end_h
    for mode in ("rail", "sea"):
        sel = orders["mode"][m] == mode
        kpis[f"lead_{mode}_days"] = _num(float(lt[sel].mean())) if sel.any() else None
    safe = s["on_time"].get("last_safe_order") or {}
    for _cat, info in safe.items():
        for line, by_dest in info["lines"].items():
            row = by_dest.get(ALL) or next(iter(by_dest.values()))
            kpis[f"last_safe_day.{line}"] = row["day"]
    queues: dict[str, list[float]] = {}
    for b in distinct_text(cr["border"]):
        mb = cr["border"] == b
        mean, _peak = queue_by_day(cr["arrive_h"][mb], cr["start_h"][mb], days)
        after = mb & (cr["arrive_h"] >= from_h)
        waits = cr["start_h"][after] - cr["arrive_h"][after]
        kpis[f"wait_h.{b}"] = _num(float(np.nanmean(waits))) if waits.size else 0.0
        kpis[f"queue.{b}"] = _num(float(mean[sc.warmup_days :].mean())) if days > 0 else None
        queues[b] = [round(float(q), 3) for q in mean]
    held, queued = held_at_end(result), queued_at_end(result)
    kpis.update(_held_kpis(cr, held, queued, from_h, end_h))
    # the trains still waiting when the run ends, by day, beside the queue of those served
    waiting = {b: _rounded(_daily_mean(*_waiting_span(result, b), days), 3) for b in queues}
    line_teu = {
        str(line): round(float(dep["teu"][(dep["line"] == line) & (dep["kind"] != "feeder")].sum()))
        for line in distinct_text(dep["line"])
    }
    weekly = per_week(dep["departed_h"][dep["kind"] == "train"], dep["teu"][dep["kind"] == "train"],
                      days)  # fmt: skip
    return {
        "kpis": kpis,
        "series": {
            "rail_teu_week": [round(float(x), 2) for x in weekly],
            "queue_day": queues,
            "waiting_day": waiting,
            "line_teu": line_teu,
        },
        "held": held,
        "queued": queued,
    }


HELD_KEY = "held_at_end"
"""The run summary's entry for the trains waiting at a closed crossing when the run ends
(:func:`sim.model.waiting_at_end`: by crossing, ``trains``, ``yiwu_trains``,
``waited_h_mean``, ``waited_h_max``, ``reopens_h``, and each train's ``departure_ids`` and
``arrive_h``)."""

QUEUED_KEY = "queued_at_end"
"""The run summary's entry for the trains waiting at an open crossing when the run ends, every
server busy (the backlog a reopening leaves): as :data:`HELD_KEY`, without ``reopens_h``."""


def held_at_end(result: RunResult) -> dict[str, dict[str, Any]]:
    """The trains a closed crossing still holds when the run ends, by crossing (empty: none).

    They are in no row of the crossings table, which holds the crossings finished, so a closure
    in the run's last days (or running past its end) moves neither the wait nor the queue drawn
    from that table; the run's summary counts them.
    """
    return {str(b): dict(v) for b, v in (result.summary.get(HELD_KEY) or {}).items()}


def queued_at_end(result: RunResult) -> dict[str, dict[str, Any]]:
    """The trains an open crossing still queues when the run ends, every server busy (the
    backlog a reopening leaves), by crossing (empty: none). In no row of the crossings table
    either; counted apart from those a closure holds (:func:`held_at_end`)."""
    return {str(b): dict(v) for b, v in (result.summary.get(QUEUED_KEY) or {}).items()}


def waiting_at_end(result: RunResult, crossing: str) -> list[list[Any]]:
    """The trains still waiting at ``crossing`` when the run ends, in the order they came:
    ``[departure, arrive_h, kind]`` each (departure -1: another operator's train; kind
    ``held`` at a closed crossing, ``queued`` at an open one with every server busy). A run
    whose summary predates the lists (counts only) gives none."""
    out: list[list[Any]] = []
    for kind, entries in (("held", held_at_end(result)), ("queued", queued_at_end(result))):
        h = entries.get(crossing) or {}
        for d, a in zip(h.get("departure_ids", []), h.get("arrive_h", []), strict=True):
            out.append([int(d), float(a), kind])
    return out


def _waiting_span(result: RunResult, crossing: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arrivals, ends (the run's end) and weights (1) of the trains still waiting at
    ``crossing`` when the run ends, for :func:`_daily_mean`."""
    arrive = np.array([a for _, a, _ in waiting_at_end(result, crossing)], dtype=float)
    return arrive, np.full(arrive.size, result.scenario.days * 24.0), np.ones(arrive.size)


def _held_kpis(cr: dict[str, np.ndarray], held: dict[str, dict[str, Any]],
               queued: dict[str, dict[str, Any]], from_h: float, end_h: float
               ) -> dict[str, float | None]:  # fmt: skip
    """Per crossing: the trains a closure holds at the end (0: none), the mean and longest hours
    they have waited so far (None: none held), the trains an open crossing still queues then
    (0: none), and the mean wait before service of every train that came after the warm-up,
    the trains still waiting at the end (held or queued) with their wait so far (a lower
    bound: they still wait). That bound needs every waiting train to have come after the
    warm-up; when the longest wait says one came before, it is None."""
    out: dict[str, float | None] = {}
    for b in sorted(set(distinct_text(cr["border"])) | set(held) | set(queued)):
        after = (cr["border"] == b) & (cr["arrive_h"] >= from_h)
        waits = cr["start_h"][after] - cr["arrive_h"][after]
        h, q = held.get(b), queued.get(b)
        out[f"held.{b}"] = float(h["trains"]) if h else 0.0
        out[f"held_wait_h.{b}"] = _num(h["waited_h_mean"]) if h else None
        out[f"held_wait_max_h.{b}"] = _num(h["waited_h_max"]) if h else None
        out[f"queued.{b}"] = float(q["trains"]) if q else 0.0
        still = [x for x in (h, q) if x]
        if not still:  # the wait of the trains served, as digest's wait_h
            out[f"wait_held_h.{b}"] = _num(float(np.nanmean(waits))) if waits.size else 0.0
        elif max(x["waited_h_max"] for x in still) > end_h - from_h:
            out[f"wait_held_h.{b}"] = None  # one came in the warm-up: not comparable
        else:
            done = waits[np.isfinite(waits)]
            total = float(done.sum()) + sum(x["trains"] * float(x["waited_h_mean"]) for x in still)
            n = done.size + sum(x["trains"] for x in still)
            out[f"wait_held_h.{b}"] = _num(total / n)
    return out


def season(result: RunResult, network: Network) -> dict[str, Any]:
    """The run's timeline for the animation on the map (hours since the start).

    Trains and sailings move along their line's nodes; a train's crossings fix when it is at
    each crossing (waiting from arrival to start of service, served until the end), and the
    time between fixed points is spread over the nodes in between by their distance. A train
    that went round a closed crossing moves along the path it took instead (``path`` and
    ``km``, :func:`_taken`): the map drew it along its line, through the closed crossing.
    """
    sc, t = result.scenario, result.tables
    dep, cr = t["departures"], t["crossings"]
    stops: dict[int, list[list[Any]]] = {}
    own = cr["departure_id"] >= 0
    for i in np.nonzero(own)[0]:
        stops.setdefault(int(cr["departure_id"][i]), []).append(
            [
                str(cr["border"][i]),
                _num(float(cr["arrive_h"][i]), 2),
                _num(float(cr["start_h"][i]), 2),
                _num(float(cr["end_h"][i]), 2),
            ]
        )
    # the trains still waiting at a crossing when the run ends: no crossings row, no arrival;
    # the summary's lists place them waiting there from their arrival to the end
    still: dict[int, list[Any]] = {}
    for b in sorted(set(held_at_end(result)) | set(queued_at_end(result))):
        for did, a, kind in waiting_at_end(result, b):
            if did >= 0:
                stops.setdefault(did, []).append([b, _num(a, 2), None, None])
                still[did] = [b, _num(a, 2), kind]
    moves = []
    rerouted = np.asarray(dep["rerouted"], bool) if "rerouted" in dep else None
    moving = dep["kind"] != "feeder"
    if "blanked" in dep:  # a blanked sailing never leaves Ningbo
        moving = moving & (dep["blanked"] == 0)
    for i in np.nonzero(moving)[0]:
        did = int(dep["departure_id"][i])
        mine = sorted(stops.get(did, []), key=lambda r: r[1] or 0.0)
        move = {
            "id": did,
            "line": str(dep["line"][i]),
            "kind": str(dep["kind"][i]),
            "t0": _num(float(dep["departed_h"][i]), 2),
            "t1": _num(float(dep["arrived_h"][i]), 2),
            "teu": round(float(dep["teu"][i]), 1),
            "capacity": int(dep["capacity_teu"][i]),
            "stops": mine,
        }
        if did in still:  # [crossing, arrive_h, held or queued]: waiting there at the end
            move["waits_at_end"] = still[did]
        if rerouted is not None and rerouted[i]:  # round a closed crossing: the path it took
            added = float(dep["detour_km"][i]) if "detour_km" in dep else None
            move.update(_taken(network, str(dep["line"][i]), [s[0] for s in mine], added))
        moves.append(move)
    cal = MarketCalendar(sc)
    return {
        "start": sc.start.isoformat(),
        "days": sc.days,
        "dates": [(sc.start + timedelta(days=d)).isoformat() for d in range(sc.days)],
        "market_open": [bool(x) for x in cal.open_day[: sc.days]],
        "festivals_h": [h for h in cal.festival_h if 0 <= h <= sc.days * 24.0],
        "moves": moves,
    }


def _taken(
    network: Network, line: str, crossed: list[str], detour_km: float | None = None
) -> dict[str, Any]:
    """``path`` (node ids) and ``km`` (from its origin, at each node) of the path a train that
    went round a closed crossing took (:func:`sim.world.paths.path_taken`, from the crossings it
    passed and the km its detours added: a train still on its way at the end, not yet past
    its first crossing off its line, along the detour it was sent on); nothing when it cannot
    be told or is its line's (a train sent round one closure and back onto its line round
    another: the legend named a dashed path the map did not draw), and the page draws the
    train along its line."""
    edges = path_taken(network, line, crossed, detour_km)
    if not edges or edges == list(network.lines[line].edges):
        return {}
    km = [0.0]
    for e in edges:
        km.append(km[-1] + e.km)
    return {"path": [edges[0].src, *(e.dst for e in edges)], "km": [round(x, 1) for x in km]}


def network_map(network: Network, lines: list[str]) -> dict[str, Any]:
    """Nodes and line paths of the lines in use, with an equirectangular projection to a
    1000 x 500 box (the page draws them as SVG; no map tiles are needed); ``places``: every
    other node of the network in the same projection, where a train that went round a closed
    crossing may pass (its path is drawn while it is on it)."""
    used = sorted({n for lid in lines for n in network.lines[lid].path})
    lat = [network.nodes[n].lat for n in used]
    lon = [network.nodes[n].lon for n in used]
    pad = 3.0
    x0, x1 = min(lon) - pad, max(lon) + pad
    y0, y1 = min(lat) - pad, max(lat) + pad
    if any(network.lines[lid].mode == "sea" for lid in lines):
        y0 = min(y0, 16.0)  # room for the sea route, drawn south of the continent
    # keep degrees square at the map's mean latitude, in a 1000-wide box
    k = math.cos(math.radians((y0 + y1) / 2))
    width = 1000.0
    scale = width / ((x1 - x0) * k)
    height = (y1 - y0) * scale

    def xy(n: str) -> list[float]:
        node = network.nodes[n]
        return [round((node.lon - x0) * k * scale, 1), round((y1 - node.lat) * scale, 1)]

    nodes = {
        n: {"name": network.nodes[n].name, "name_zh": network.nodes[n].name_in("zh"),
            "kind": network.nodes[n].kind, "xy": xy(n)}
        for n in used
    }  # fmt: skip
    places = {
        n: {"name": node.name, "name_zh": node.name_in("zh"), "kind": node.kind, "xy": xy(n)}
        for n, node in network.nodes.items()
        if n not in nodes
    }
    outline = []
    for ring in country_outline():  # (the report's map's, read once)
        pts = [((lo - x0) * k * scale, (y1 - la) * scale) for lo, la in ring]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        if max(xs) < 0 or min(xs) > width or max(ys) < 0 or min(ys) > height:
            continue  # outside the map
        outline.append("M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in pts) + "Z")
    out_lines = {}
    for lid in lines:
        line = network.lines[lid]
        km = [0.0]
        for e in line.edges:
            km.append(km[-1] + e.km)
        out_lines[lid] = {
            "name": line.name,
            "name_zh": line.name_in("zh"),
            "mode": line.mode,
            "path": list(line.path),
            "km": [round(x, 1) for x in km],
            "borders": list(line.borders),
            # the report's colour of the line: a student sees L10 in one colour on both pages
            "colour": line_colour(lid, network),
        }
    return {"width": width, "height": round(height, 1), "nodes": nodes, "lines": out_lines,
            "places": places, "outline": outline}  # fmt: skip


REASONS_CROSSING = ("closed", "no_server", "none")
"""Why a train waited before service at a crossing (codes the page words in both languages)."""

REASONS_YARD = ("box", "departure", "full")
"""Why a container is at the Yiwu yard: being filled, waiting for the next departure, or left
behind by an earlier departure that was full."""


def _closed_windows(result: RunResult) -> dict[str, list[tuple[float, float]]]:
    """Hours during which a crossing had no server: the report's closure windows
    (:func:`sim.output.figures_borders.disruption_windows`, the model's rule), the ``end`` day
    included."""
    start = result.scenario.start
    return {
        b: [((lo - start).days * 24.0, ((hi - start).days + 1) * 24.0) for lo, hi, closed in ws
            if closed]
        for b, ws in disruption_windows(result.scenario).items()
        if any(closed for _, _, closed in ws)
    }  # fmt: skip


def _daily_mean(starts: np.ndarray, ends: np.ndarray, weights: np.ndarray, days: int
                ) -> np.ndarray:  # fmt: skip
    """Time-averaged sum of ``weights`` present in ``[start, end)``, per day (hourly steps)."""
    n = days * 24
    acc = np.zeros(n + 1)
    s = np.clip(np.floor(np.nan_to_num(starts, nan=n)).astype(int), 0, n)
    e = np.clip(np.floor(np.nan_to_num(ends, nan=n)).astype(int), 0, n)
    keep = e > s
    np.add.at(acc, s[keep], weights[keep])
    np.add.at(acc, e[keep], -weights[keep])
    return np.cumsum(acc)[:n].reshape(days, 24).mean(axis=1)


def _went_round(
    dep: dict[str, np.ndarray],
    cr: dict[str, np.ndarray],
    closed: dict[str, list[tuple[float, float]]],
    network: Network,
) -> dict[str, list[list[Any]]]:
    """Per closed crossing, the Yiwu trains that went round it (``train_routing:
    avoid_closed``): ``[departure, line, km added]`` of each departure that left its line's
    path (the departures table's ``rerouted``, with km added) on a line through the crossing,
    and crossed it nowhere (no row of the crossings table there). Without them, the page of a
    closure that every train avoided showed an empty crossing and "unchanged" waits."""
    if "rerouted" not in dep or "detour_km" not in dep or not closed:
        return {}
    km = np.asarray(dep["detour_km"], float)
    rows = np.flatnonzero(np.asarray(dep["rerouted"], bool) & (km > 0))
    ids = np.asarray(cr["departure_id"]).tolist()
    crossed = set(zip(ids, np.asarray(cr["border"]).astype(str).tolist(), strict=True))
    out: dict[str, list[list[Any]]] = {}
    for b in closed:
        for r in rows.tolist():
            did, lid = int(dep["departure_id"][r]), str(dep["line"][r])
            line = network.lines.get(lid)
            if line is not None and b in line.path and (did, b) not in crossed:
                out.setdefault(b, []).append([did, lid, round(float(km[r]), 1)])
    return out


def waits(result: RunResult, network: Network) -> dict[str, Any]:
    """Who waits where in one run, and why, from its recorded tables (nothing is re-simulated).

    Returns
    -------
    dict
        ``crossings``: per crossing, whether it changes gauge, the hours it was closed, and every
        train's ``[departure, line, arrive_h, start_h, end_h, reason]`` (reason: closed when a
        closure overlaps the wait, else no_server when it waited, else none); the daily mean
        of trains queueing and being served; ``held``: the trains still waiting there when the
        run ends because it is closed (the summary's entry and ``end_h``), in none of those
        rows, or None; ``queued``: the same of the trains an open crossing still queues then
        (every server busy), or None; ``waiting_at_end``: each of those trains,
        ``[departure, line, arrive_h, reason, held or queued]``, and ``waiting_day``: the
        daily mean of them waiting (from arrival to the run's end), beside ``queue_day``;
        ``detoured``: the Yiwu trains that went round it while closed,
        ``[departure, line, km added]`` (:func:`_went_round`). ``yard``: TEU at the Yiwu
        yard per day and line by reason (box, departure, full). ``lines``: per line, every
        departure's ``[departure, departed_h, arrived_h, teu, capacity, border_wait_h]``.
    """
    sc, t = result.scenario, result.tables
    days = sc.days
    dep, cr, orders = t["departures"], t["crossings"], t["orders"]
    line_of = {int(i): str(ln) for i, ln in zip(dep["departure_id"], dep["line"], strict=True)}
    closed = _closed_windows(result)
    gauge = {n for lid in network.lines for g in network.lines[lid].gauge_breaks
             for n in (g.src, g.dst)}  # fmt: skip
    crossings: dict[str, Any] = {}
    held, queued = held_at_end(result), queued_at_end(result)
    went_round = _went_round(dep, cr, closed, network)
    for b in sorted(set(distinct_text(cr["border"])) | set(held) | set(queued)):
        idx = np.nonzero(cr["border"] == b)[0]
        rows = []
        for i in idx:
            a, s, e = (float(cr[k][i]) for k in ("arrive_h", "start_h", "end_h"))
            end_wait = s if math.isfinite(s) else days * 24.0
            if any(h0 < end_wait and a < h1 for h0, h1 in closed.get(b, [])):
                why = "closed"
            elif end_wait - a > 0.01:
                why = "no_server"
            else:
                why = "none"
            did = int(cr["departure_id"][i])
            rows.append([did, line_of.get(did, ""), _num(a, 2), _num(s, 2), _num(e, 2), why])
        one = np.ones(idx.size)
        q = _daily_mean(cr["arrive_h"][idx], cr["start_h"][idx], one, days)
        srv = _daily_mean(cr["start_h"][idx], cr["end_h"][idx], one, days)
        # still waiting when the run ends: in none of the rows above (why: as a row's, up to
        # the end; a train held by a closure in force then waited for it)
        still = []
        for did, a, kind in waiting_at_end(result, b):
            overlaps = any(h0 < days * 24.0 and a < h1 for h0, h1 in closed.get(b, []))
            why = "closed" if kind == "held" or overlaps else "no_server"
            still.append([did, line_of.get(did, ""), _num(a, 2), why, kind])
        crossings[b] = {
            "gauge": b in gauge,
            "closed_h": [[h0, h1] for h0, h1 in closed.get(b, [])],
            "trains": rows,
            "queue_day": [round(float(x), 3) for x in q],
            "served_day": [round(float(x), 3) for x in srv],
            "waiting_day": _rounded(_daily_mean(*_waiting_span(result, b), days), 3),
            "waiting_at_end": still,
            # still waiting at the closed crossing when the run ends: in none of the rows above
            "held": {**held[b], "end_h": days * 24.0} if b in held else None,
            # still waiting at the crossing open when the run ends, every server busy
            "queued": {**queued[b], "end_h": days * 24.0} if b in queued else None,
            # Yiwu trains that went round it while closed: in none of the rows above
            "detoured": went_round.get(b, []),
        }
    # the yard: a container waits from packing to departure; it was left behind when another
    # departure of its line left in between (that train was full or closed before it came)
    yard: dict[str, dict[str, list[float]]] = {}
    has_dep = ~np.isnan(orders["departed_h"])
    for lid in distinct_text(orders["line"][has_dep]):
        m = has_dep & (orders["line"] == lid)
        ready, packed, left = orders["ready_h"][m], orders["packed_h"][m], orders["departed_h"][m]
        teu = orders["teu"][m]
        times = np.sort(dep["departed_h"][(dep["line"] == lid) & (dep["kind"] != "feeder")])
        # departures of the line strictly after packing and strictly before its own
        passed = np.searchsorted(times, left, "left") - np.searchsorted(times, packed, "right")
        full = (passed > 0) & (network.lines[lid].mode != "sea")  # sea: feeder times differ
        yard[lid] = {
            "box": _rounded(_daily_mean(ready, packed, teu, days)),
            "departure": _rounded(_daily_mean(packed[~full], left[~full], teu[~full], days)),
            "full": _rounded(_daily_mean(packed[full], left[full], teu[full], days)),
        }
    lines: dict[str, list[list[Any]]] = {}
    for i in np.nonzero(dep["kind"] != "feeder")[0]:
        lines.setdefault(str(dep["line"][i]), []).append([
            int(dep["departure_id"][i]), _num(float(dep["departed_h"][i]), 2),
            _num(float(dep["arrived_h"][i]), 2), round(float(dep["teu"][i]), 1),
            int(dep["capacity_teu"][i]), _num(float(dep["border_wait_h"][i]), 2),
        ])  # fmt: skip
    return {"crossings": crossings, "yard": yard, "lines": lines}


def _rounded(x: np.ndarray, nd: int = 2) -> list[float]:
    return [round(float(v), nd) for v in x]
