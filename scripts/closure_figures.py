"""What a border closure did to every crossing, every Yiwu train and the goods, from a pair of
runs' own tables: the run with the closure and the same scenario without it, on the same seed
(common random numbers, so the k-th departure of a line leaves at the same time in both).

Used by ``scripts/hindcast.py`` (the September 2025 Poland-Belarus closure). Every figure is
computed from the orders, departures and crossings tables (the ``orders``, ``trains`` and
``borders`` files of a run folder); nothing here reads the model's state, so the same functions
run on tables read back from Parquet. The eastbound figures read the eastbound crossings table
of a run with eastbound services (``east_crossings``, kept in memory only: None without it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

Table = dict[str, np.ndarray]
Tables = dict[str, Table]

CLOSED = ("BRE", "MAL")
"""The crossings Poland closed (Brest and Malaszewicze in the network)."""
DETOUR = ("KEN", "MCK")
"""The Lithuanian detour's crossings (Kena into Lithuania, Mockava into Poland)."""
INTO_EU = "MAL"
"""The crossing whose served trains count as cleared into Poland (the Terespol customs count);
eastbound, its served trains count as cleared out of Poland."""
KNOCK_ON_DAYS = 1.0
"""A Yiwu train not caught by the closure itself counts as delayed by it (knock-on: the
detour's congestion, sea feeders) when it arrives this much later than without the closure."""


@dataclass(frozen=True)
class Closure:
    """The closure in clock hours and what it is compared over.

    Attributes
    ----------
    start_h, reopen_h : float
        Closed from ``start_h`` until ``reopen_h``.
    announced_h : float
        When it became known.
    normal_from_h : float
        The end of the warm-up: a crossing's normal level is the most trains present at it
        between here and the closure.
    scale : float
        The scenario's scale (TEU in the tables are divided by it to give real TEU).
    both : frozenset[str]
        Destinations served both by rail through the closed crossings and by sea.
    cleared_days : float
        Days after reopening over which the trains cleared into Poland are counted.
    """

    start_h: float
    reopen_h: float
    announced_h: float
    normal_from_h: float
    scale: float
    both: frozenset[str]
    cleared_days: float = 4.0


def present(crossings: Table, borders: tuple[str, ...], grid_h: np.ndarray) -> np.ndarray:
    """Trains waiting or in service at any of ``borders`` at each hour of ``grid_h`` (Yiwu's
    and the background traffic)."""
    m = np.isin(crossings["border"], list(borders))
    arrive = np.sort(crossings["arrive_h"][m])
    end = np.sort(crossings["end_h"][m])
    return np.searchsorted(arrive, grid_h, side="right") - np.searchsorted(end, grid_h, "right")


def _yiwu_trains(crossings: Table) -> np.ndarray:
    """Which rows of a crossings table are Yiwu's trains: a departure from Yiwu (westbound
    table) or an eastbound service of a Yiwu line (eastbound table)."""
    if "departure_id" in crossings:
        return crossings["departure_id"] >= 0
    return crossings["service"] == 1


def crossing_queue(crossings: Table, borders: tuple[str, ...], c: Closure) -> dict[str, Any]:
    """The queue at ``borders`` (one crossing or several together) around the closure.

    Returns
    -------
    dict
        ``normal`` (most trains present on any hour between the warm-up and the closure),
        ``held_max`` (most present from the closure on), ``peak_day`` (days from the closure's
        start to that peak), ``days_to_clear`` (from the reopening, or from the peak when it
        comes later, until the trains present first fall back to the normal level; None when
        they do not within the run), ``yiwu_wait_max_days`` (longest wait of a Yiwu train that
        reached it from the closure's start to 30 days after reopening; 0 when none did).
    """
    m = np.isin(crossings["border"], list(borders))
    if not m.any():
        return {"normal": 0, "held_max": 0, "peak_day": None, "days_to_clear": None,
                "yiwu_wait_max_days": 0.0}  # fmt: skip
    end_h = float(np.nanmax(crossings["end_h"][m]))
    grid = np.arange(c.normal_from_h, max(end_h, c.reopen_h + 1.0), 1.0)
    n = present(crossings, borders, grid)
    before = n[grid < c.start_h]
    normal = int(before.max()) if before.size else 0
    after_start = grid >= c.start_h
    held = int(n[after_start].max())
    peak_h = float(grid[after_start][int(np.argmax(n[after_start]))])
    back = (grid >= max(c.reopen_h, peak_h)) & (n <= normal)
    clear = float((grid[back][0] - c.reopen_h) / 24.0) if back.any() else None
    yiwu = (
        m
        & _yiwu_trains(crossings)
        & (crossings["arrive_h"] >= c.start_h)
        & (crossings["arrive_h"] < c.reopen_h + 30 * 24.0)
    )
    wait = float(crossings["wait_h"][yiwu].max()) / 24.0 if yiwu.any() else 0.0
    return {
        "normal": normal,
        "held_max": held,
        "peak_day": (peak_h - c.start_h) / 24.0,
        "days_to_clear": clear,
        "yiwu_wait_max_days": wait,
    }


def train_delays(closed: Tables, open_: Tables, c: Closure) -> list[dict[str, Any]]:
    """Every Yiwu train the closure delayed, with its end-to-end delay.

    A train is the k-th departure of its line in both runs (same seed: same departure times).
    Its delay is its arrival with the closure less its arrival without it. It is *held* when it
    reached a closed crossing while closed (or queued there through the closure), *detoured*
    when it took another path, *knock-on* when neither but it arrived more than
    :data:`KNOCK_ON_DAYS` later. Trains that had not arrived by the end of either run are left
    out (none in the shipped hindcast; the caller can count them).
    """
    da, db = closed["departures"], open_["departures"]
    cr = closed["crossings"]
    at = np.isin(cr["border"], list(CLOSED)) & (cr["departure_id"] >= 0)
    caught = at & (cr["arrive_h"] < c.reopen_h) & (cr["end_h"] > c.start_h)
    held_ids = set(cr["departure_id"][caught].tolist())
    rows = []
    for line in sorted(set(da["line"][da["kind"] == "train"].tolist())):
        ia = np.flatnonzero((da["line"] == line) & (da["kind"] == "train"))
        ib = np.flatnonzero((db["line"] == line) & (db["kind"] == "train"))
        ia, ib = ia[np.argsort(da["departed_h"][ia], kind="stable")], ib[np.argsort(
            db["departed_h"][ib], kind="stable")]  # fmt: skip
        for a, b in zip(ia, ib, strict=False):
            arr_a, arr_b = float(da["arrived_h"][a]), float(db["arrived_h"][b])
            if np.isnan(arr_a) or np.isnan(arr_b):
                continue
            delay = (arr_a - arr_b) / 24.0
            did = int(da["departure_id"][a])
            if did in held_ids:
                group = "held"
            elif int(da["rerouted"][a]):
                group = "detoured"
            elif delay > KNOCK_ON_DAYS:
                group = "knock-on"
            else:
                continue
            if group == "held" and int(da["rerouted"][a]):
                group = "detoured"
            rows.append({
                "line": line, "departure_id": did, "departed_h": float(da["departed_h"][a]),
                "group": group, "delay_days": delay, "teu": float(da["teu"][a]) / c.scale,
            })  # fmt: skip
    return rows


def sea_share(orders: Table, window_h: tuple[float, float], destinations: frozenset[str]) -> float:
    """Share of the TEU booked in ``window_h`` for ``destinations`` that went by sea (nan when
    none was booked)."""
    t = orders["placed_h"]
    m = (t >= window_h[0]) & (t < window_h[1]) & np.isin(orders["destination"], list(destinations))
    total = float(orders["teu"][m].sum())
    if total <= 0:
        return float("nan")
    return float(orders["teu"][m & (orders["mode"] == "sea")].sum()) / total


def figures(closed: Tables, open_: Tables, c: Closure) -> dict[str, float | None]:
    """The headline figures of one pair of runs (see ``scripts/hindcast.py`` for what each is
    held against)."""
    cr = closed["crossings"]
    main = crossing_queue(cr, CLOSED, c)
    detour = crossing_queue(cr, DETOUR, c)
    into = (cr["border"] == INTO_EU) & (cr["end_h"] >= c.reopen_h)
    into &= cr["end_h"] < c.reopen_h + 24.0 * c.cleared_days
    delays = train_delays(closed, open_, c)

    def stat(groups: set[str], how: str) -> float | None:
        d = [r["delay_days"] for r in delays if r["group"] in groups]
        if not d:
            return None
        return float(np.mean(d)) if how == "mean" else float(np.max(d))

    east = eastbound(closed, c)
    caught = [r for r in delays if r["group"] in {"held", "detoured"}]
    caught_teu = sum(r["teu"] for r in caught)
    detoured_teu = sum(r["teu"] for r in caught if r["group"] == "detoured")
    window = (c.announced_h, c.reopen_h)
    sa, sb = sea_share(closed["orders"], window, c.both), sea_share(open_["orders"], window, c.both)
    rolled = [
        float(t["orders"]["teu"][t["orders"]["rerouted"] == 1].sum()) for t in (closed, open_)
    ]
    return {
        "held_max": float(main["held_max"]),
        "days_to_clear": main["days_to_clear"],
        "cleared_per_day": float(into.sum()) / c.cleared_days,
        "caught_trains": float(len(caught)),
        "caught_delay_days_mean": stat({"held", "detoured"}, "mean"),
        "caught_delay_days_max": stat({"held", "detoured"}, "max"),
        "detoured_trains": float(sum(r["group"] == "detoured" for r in delays)),
        "detoured_delay_days_mean": stat({"detoured"}, "mean"),
        "knock_on_trains": float(sum(r["group"] == "knock-on" for r in delays)),
        "knock_on_delay_days_mean": stat({"knock-on"}, "mean"),
        "detour_held_max": float(detour["held_max"]),
        "detour_days_to_clear": detour["days_to_clear"],
        "sea_share_change": None if np.isnan(sa) or np.isnan(sb) else 100.0 * (sa - sb),
        "rolled_to_sea_teu": (rolled[0] - rolled[1]) / c.scale,
        "detoured_teu_share": 100.0 * detoured_teu / caught_teu if caught_teu > 0 else None,
        **east,
    }


def eastbound(closed: Tables, c: Closure) -> dict[str, float | None]:
    """The closure on the other side of the border: eastbound trains held at Malaszewicze and
    Brest at the worst point, the days after reopening until they are back to normal, the
    eastbound trains cleared out of Poland a day in the first :attr:`Closure.cleared_days`
    after reopening, the eastbound trains that went round by Mockava (under ``avoid_closed``:
    those served at its eastbound servers that reached it from the announcement to the
    reopening; no line or flow runs back through Mockava in the hindcast) and the eastbound
    trains held at the detour's crossings at the worst point (all None for a run without
    eastbound services)."""
    east = closed.get("east_crossings")
    if east is None or not np.isin(east["border"], list(CLOSED)).any():
        return {"east_held_max": None, "east_days_to_clear": None,
                "east_cleared_per_day": None, "east_detoured_trains": None,
                "east_detour_held_max": None}  # fmt: skip
    queue = crossing_queue(east, CLOSED, c)
    out = (east["border"] == INTO_EU) & (east["end_h"] >= c.reopen_h)
    out &= east["end_h"] < c.reopen_h + 24.0 * c.cleared_days
    went = (east["border"] == "MCK") & (east["arrive_h"] >= c.announced_h)
    went &= east["arrive_h"] < c.reopen_h
    return {
        "east_held_max": float(queue["held_max"]),
        "east_days_to_clear": queue["days_to_clear"],
        "east_cleared_per_day": float(out.sum()) / c.cleared_days,
        "east_detoured_trains": float(went.sum()),
        "east_detour_held_max": float(crossing_queue(east, DETOUR, c)["held_max"]),
    }


def crossing_table(closed: Tables, c: Closure) -> dict[str, dict[str, Any]]:
    """:func:`crossing_queue` of every crossing in the run, and of the closed pair together."""
    cr = closed["crossings"]
    out = {"+".join(CLOSED): crossing_queue(cr, CLOSED, c)}
    for b in sorted(set(cr["border"].tolist())):
        out[b] = crossing_queue(cr, (b,), c)
    return out
