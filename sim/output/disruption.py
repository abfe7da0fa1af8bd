"""What a border closure did, from a run's own tables: trains held, clearing time, delays and
the goods that moved elsewhere. Used by the hindcast of the September 2025 Poland-Belarus closure
(``scripts/hindcast.py``) and by anyone asking the same of another closure.

Every figure is computed from the crossings, departures and orders tables; nothing here reads
the model's state.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.results.table import rows_named

Table = dict[str, np.ndarray]


def trains_present(crossings: Table, borders: set[str], grid_h: np.ndarray) -> np.ndarray:
    """Trains waiting or in service at any of ``borders`` at each time of ``grid_h`` (all
    trains: Yiwu's and the background traffic; a train is at one crossing at a time)."""
    m = np.isin(crossings["border"], list(borders))
    arrive = np.sort(crossings["arrive_h"][m])
    end = np.sort(crossings["end_h"][m])
    return np.searchsorted(arrive, grid_h, side="right") - np.searchsorted(end, grid_h, "right")


def closure_effects(
    tables: dict[str, Table],
    borders: set[str],
    closed_h: tuple[float, float],
    normal_from_h: float,
    step_h: float = 1.0,
) -> dict[str, Any]:
    """Figures of a closure of ``borders`` over ``closed_h`` = (start, reopening).

    Returns
    -------
    dict
        ``held_max`` (trains present at the worst point), ``held_normal`` (the most present on
        any hour between ``normal_from_h`` and the closure), ``days_to_clear`` (from the
        reopening until the trains present first fall back to that level; None if they do not
        within the run), ``caught_trains`` and ``caught_delay_days_mean`` / ``_max`` (Yiwu's
        departures that reached the crossings while closed, and their extra wait there beyond
        the usual), ``rerouted_trains``.
    """
    cr, dep = tables["crossings"], tables["departures"]
    start_h, reopen_h = closed_h
    end_h = float(np.nanmax(cr["end_h"])) if cr["end_h"].size else reopen_h
    grid = np.arange(normal_from_h, end_h, step_h)
    present = trains_present(cr, borders, grid)
    before = present[grid < start_h]
    normal = int(before.max()) if before.size else 0
    after = (grid >= reopen_h) & (present <= normal)
    days_to_clear = float((grid[after][0] - reopen_h) / 24.0) if after.any() else None
    at = np.isin(cr["border"], list(borders)) & (cr["departure_id"] >= 0)
    did, wait = cr["departure_id"][at], cr["wait_h"][at]
    caught = (cr["arrive_h"][at] < reopen_h) & (cr["end_h"][at] > start_h)
    usual = float(np.median(wait[~caught])) if (~caught).any() else 0.0
    per_train: dict[int, float] = {}
    for d, w in zip(did[caught].tolist(), wait[caught].tolist(), strict=True):
        per_train[d] = per_train.get(d, 0.0) + w - usual
    delays = np.asarray(list(per_train.values())) / 24.0
    return {
        "held_max": int(present.max()) if present.size else 0,
        "held_normal": normal,
        "days_to_clear": days_to_clear,
        "caught_trains": len(per_train),
        "caught_delay_days_mean": float(delays.mean()) if delays.size else None,
        "caught_delay_days_max": float(delays.max()) if delays.size else None,
        "rerouted_trains": int(dep.get("rerouted", np.zeros(0)).sum()),
    }


def sea_share(orders: Table, window_h: tuple[float, float], destinations: set[str]) -> float | None:
    """Share of the TEU booked in ``window_h`` for ``destinations`` that went by sea."""
    t = orders["placed_h"]
    m = (t >= window_h[0]) & (t < window_h[1]) & rows_named(orders, "destination", destinations)
    total = float(orders["teu"][m].sum())
    if total <= 0:
        return None
    return float(orders["teu"][m & rows_named(orders, "mode", "sea")].sum()) / total
