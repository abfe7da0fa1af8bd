"""Pure functions over the tables of a run: lead times, stages, on-time share, throughput, waits.

Every function takes the flat tables a run folder holds (columns as numpy arrays, keyed by the CSV
column names) and returns plain numbers and dicts, so the same code computes ``summary.json`` at
the end of a run and any figure or report later from the saved files.

Statistics cover orders placed on or after the end of the warm-up; departures and crossings that
start on or after it. Lead times are for orders delivered by the end of the run; the on-time share
is over orders whose deadline falls within the run (an order not delivered by such a deadline is
late), so no order is counted whose outcome is still unknown.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.results._kernels import percentiles
from sim.results.planning_answers import (
    DEFAULT_SAFE_SHARE,
    judged_orders,
    last_safe_orders,
    late_by_category,
    safe_orders_summary,
)
from sim.results.table import (
    ROW_BLOCK,
    Table,
    distinct_text,
    groups_of,
    masks_of,
    text_codes,
)

if TYPE_CHECKING:
    from sim.results.run import RunResult

SCHEMA_VERSION = 1

STAGES = {
    "merchant": ("placed_h", "ready_h"),
    "consolidation": ("ready_h", "packed_h"),
    "waiting_for_departure": ("packed_h", "departed_h"),
    "travel": ("departed_h", "arrived_h"),
    "release": ("arrived_h", "delivered_h"),
}
"""Lead-time stages and the timestamps that bound them."""

END_STAGES = (
    "at_merchant",
    "at_consolidation",
    "packed_waiting",
    "in_transit",
    "awaiting_release",
    "delivered",
)
"""Where an order can be when the run ends (every placed order is in exactly one)."""


def uniques(values: np.ndarray) -> list[str]:
    """Sorted distinct values of a text column (:func:`sim.results.table.distinct_text`: a set
    of an object column's shared names, not a sort of its rows)."""
    return distinct_text(values)


def _r(x: float, nd: int = 4) -> float | None:
    """Round for JSON; NaN (no data) becomes None."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), nd)


def describe(values: np.ndarray, scratch: bool = False) -> dict[str, Any]:
    """Count, mean, median and 95th percentile (NaN-free input). ``scratch``: the caller
    will not use ``values`` again, so NumPy's percentiles, where they are used (few values,
    or negative ones), may reorder them in place instead of in a copy; the percentiles of
    many non-negative values (lead times, waits) leave them as they are
    (:func:`sim.results._kernels.percentiles`)."""
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return {"n": 0, "mean": None, "p50": None, "p95": None}
    mean = float(v.mean())
    p50, p95 = percentiles(v, [50, 95], overwrite=scratch)  # NumPy's, without its partial sort
    return {"n": int(v.size), "mean": _r(mean), "p50": _r(float(p50)), "p95": _r(float(p95))}


def end_stage(orders: Table, end_h: float, dtype: Any = np.int64) -> np.ndarray:
    """Index into :data:`END_STAGES` of each order's stage at ``end_h``."""

    stage = np.zeros(len(orders["placed_h"]), dtype=dtype)
    for i, col in enumerate(("ready_h", "packed_h", "departed_h", "arrived_h", "delivered_h"), 1):
        stage[orders[col] <= end_h] = i  # NaN (not reached) compares false
    return stage


def _counts(codes: np.ndarray, n: int) -> list[int]:
    """How many of ``codes`` are ``0 .. n - 1``, each."""
    return [int(np.count_nonzero(codes == k)) for k in range(n)]


def stage_counts(orders: Table, end_h: float) -> dict[str, int]:
    """Number of orders in each end stage."""
    counts = np.bincount(end_stage(orders, end_h), minlength=len(END_STAGES))
    return {name: int(c) for name, c in zip(END_STAGES, counts)}


def delivered_mask(orders: Table, end_h: float, from_h: float) -> np.ndarray:
    """Orders placed at or after ``from_h`` and delivered by ``end_h``."""
    # NaN (not delivered) compares false: no separate test for it
    return (orders["placed_h"] >= from_h) & (orders["delivered_h"] <= end_h)


def lead_times_days(orders: Table, end_h: float, from_h: float) -> np.ndarray:
    """Order-to-delivery days of delivered orders."""
    m = delivered_mask(orders, end_h, from_h)
    return (orders["delivered_h"][m] - orders["placed_h"][m]) / 24.0


def lead_time_breakdown(orders: Table, end_h: float, from_h: float) -> dict[str, Any]:
    """Lead time overall, by mode and by destination (days)."""
    m = delivered_mask(orders, end_h, from_h)
    return _lead_time_breakdown(orders, m, orders["delivered_h"][m])


def _lead_time_breakdown(orders: Table, m: np.ndarray, delivered: np.ndarray) -> dict[str, Any]:
    """:func:`lead_time_breakdown` of the orders ``m`` selects, whose delivery times are
    ``delivered`` (a copy the caller gives up: it becomes the lead times)."""
    # (delivered - placed) / 24 formed in the delivered orders' copy: two order-level arrays
    # where the expression made four
    placed = orders["placed_h"][m]
    lt = delivered.astype(np.result_type(delivered, placed), copy=False)
    lt -= placed
    del placed
    lt /= 24.0
    out: dict[str, Any] = {"overall": None, "by_mode": {}, "by_destination": {}}
    for key, col in (("by_mode", "mode"), ("by_destination", "destination")):
        for value, group in groups_of(orders, col, m):
            out[key][value] = describe(lt[group], scratch=True)  # a copy of the group's
    out["overall"] = describe(lt, scratch=True)  # last: the groups read lt in its order
    return out


def stage_means_days(orders: Table, end_h: float, from_h: float) -> dict[str, float | None]:
    """Mean days spent in each stage by delivered orders (they add up to the mean lead time)."""
    return _stage_means_days(orders, delivered_mask(orders, end_h, from_h))[0]


def _stage_means_days(orders: Table, m: np.ndarray) -> tuple[dict[str, float | None], np.ndarray]:
    """:func:`stage_means_days` of the orders ``m`` selects, and those orders' copy of the
    last stage's end (their delivery times).

    Each stage column is copied once, not once for each stage it bounds, and a stage's
    differences are formed in the copy of its start, which is not read again: two copies of
    the orders at a time (fresh memory costs more than the passes it saves)."""
    out = {}
    before, before_col = None, ""
    for name, (a, b) in STAGES.items():
        if before is None or a != before_col:  # (each stage starts where the one before ends)
            before = orders[a][m]
        after = orders[b][m]
        # the differences of the masked copies: the values of (b - a)[m], in the same order
        if before.dtype.kind == "f" and np.result_type(after, before) == before.dtype:
            d = np.subtract(after, before, out=before)
            d /= 24.0
        else:
            d = (after - before) / 24.0
        out[name] = _r(float(d.mean())) if d.size else None
        del d
        before, before_col = after, b
    assert before is not None
    return out, before


def on_time(orders: Table, end_h: float, from_h: float) -> dict[str, Any]:
    """Share of orders with a deadline delivered by it (deadlines within the run only)."""
    judged = judged_orders(orders, from_h, end_h)
    # not delivered (NaN) by the deadline is late: a comparison with NaN is false
    ok_judged = orders["delivered_h"][judged] <= orders["deadline_h"][judged]
    n, good = int(judged.size), int(np.count_nonzero(ok_judged))
    out: dict[str, Any] = {"orders": n, "on_time": good, "share": _r(good / n) if n else None}
    for key, col in (("by_category", "category"), ("by_destination", "destination")):
        out[key] = {}
        for value, group in groups_of(orders, col, judged):
            n, good = int(group.size), int(ok_judged[group].sum())
            out[key][value] = {"orders": n, "on_time": good, "share": _r(good / n)}
    return out


def throughput_by_line(departures: Table, from_h: float, days: float) -> dict[str, Any]:
    """Departures, containers, goods, load factor and transit per line and leg kind."""
    out: dict[str, Any] = {}
    t = departures["departed_h"]
    weeks = max(days / 7.0, 1e-9)
    sailed = t >= from_h
    if "blanked" in departures:  # a blanked sailing's row: it never left
        sailed &= departures["blanked"] == 0
    # each kind's and each line's rows once (by codes), then one "and" per line and kind
    kinds = {kind: sailed & at for kind, at in masks_of(departures, "kind")}
    for line, on_line in masks_of(departures, "line"):
        for kind in ("train", "feeder", "sailing"):
            if kind not in kinds:
                continue
            m = on_line & kinds[kind]
            if not m.any():
                continue
            cap = float(departures["capacity_teu"][m].sum())
            arrived = m & ~np.isnan(departures["arrived_h"])
            transit = (departures["arrived_h"][arrived] - t[arrived]) / 24.0
            slots = float(departures["teu"][m].sum())
            key = line if kind == "train" else f"{line}:{kind}"
            out[key] = {
                "departures": int(m.sum()),
                "departures_per_week": _r(m.sum() / weeks),
                "teu": _r(slots),
                "goods_teu": _r(float(departures["goods_teu"][m].sum())),
                "orders": int(departures["orders"][m].sum()),
                "load_factor": _r(slots / cap) if cap else None,
                "transit_days_mean": _r(float(transit.mean())) if transit.size else None,
            }
    return out


def in_service_at_end(
    departures: Table, end_h: float, waiting: dict[str, dict[str, dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """The Yiwu trains that left and have not reached their terminal when the run ends
    (``summary.json``'s ``in_service_at_end``): the departures of kind ``train`` with a
    departure and no arrival, so that the trains table reconciles, departures = arrivals +
    ``trains``. An empty dict when there are none.

    Each count is of every train of the run (the warm-up's too, as ``held_at_end``'s): how many
    (``trains``), the slots and goods they carry (``teu``, ``goods_teu``) and the ``orders``
    aboard, and the same ``by_line``. ``waiting`` (``{"held_at_end": ..., "queued_at_end":
    ...}``, the summary's entries by crossing) splits the trains by where they are: ``held``
    at a closed crossing, ``queued`` at an open crossing with every server busy (those
    entries' Yiwu trains), and ``under_way``, the others (on a leg, or being served at a
    crossing: in no borders row either, which holds the crossings finished).
    """
    t = departures["departed_h"]
    left = (departures["kind"] == "train") & (t <= end_h)
    still = left & ~(departures["arrived_h"] <= end_h)  # NaN (not arrived) compares false
    n = int(still.sum())
    if not n:
        return {}
    ids = departures["departure_id"][still]
    where: dict[str, int] = {}
    for key, name in (("held_at_end", "held"), ("queued_at_end", "queued")):
        entries = (waiting or {}).get(key) or {}
        at = {int(d) for e in entries.values() for d in e.get("departure_ids", []) if d >= 0}
        where[name] = int(np.isin(ids, np.fromiter(at, dtype=np.int64, count=len(at))).sum())
    teu, goods, orders = departures["teu"], departures["goods_teu"], departures["orders"]
    by_line: dict[str, Any] = {}
    for line, on_line in masks_of(departures, "line"):
        m = on_line & still
        if m.any():
            by_line[line] = {
                "trains": int(m.sum()),
                "teu": _r(float(teu[m].sum())),
                "goods_teu": _r(float(goods[m].sum())),
                "orders": int(orders[m].sum()),
            }
    return {
        "trains": n,
        "teu": _r(float(teu[still].sum())),
        "goods_teu": _r(float(goods[still].sum())),
        "orders": int(orders[still].sum()),
        **where,
        "under_way": n - where["held"] - where["queued"],
        "by_line": dict(sorted(by_line.items())),
    }


def border_waits(crossings: Table, from_h: float) -> dict[str, Any]:
    """Waiting time for a server (hours) and service time at each border crossing."""
    out: dict[str, Any] = {}
    codes, labels = text_codes(crossings, "border")
    if not codes.size:
        return out
    present = np.flatnonzero(np.bincount(codes, minlength=len(labels))).tolist()
    # the crossings from ``from_h``, sorted by crossing once (stably: each crossing's in the
    # table's order), so that each crossing's waits are a run of one array, not a masked
    # copy of every column per crossing
    at = np.flatnonzero(crossings["arrive_h"] >= from_h)
    at = at[np.argsort(codes[at], kind="stable")]
    bounds = np.searchsorted(codes[at], np.arange(len(labels) + 1), side="left").tolist()
    start = crossings["start_h"][at]
    wait = start - crossings["arrive_h"][at]
    service = crossings["end_h"][at] - start
    own = crossings["departure_id"][at] >= 0
    for k in sorted(present, key=labels.__getitem__):
        run = slice(bounds[k], bounds[k + 1])
        w = describe(wait[run])
        out[labels[k]] = {
            "crossings": run.stop - run.start,
            "yiwu_trains": int(np.count_nonzero(own[run])),
            "wait_h_mean": w["mean"],
            "wait_h_p95": w["p95"],
            "service_h_mean": _r(float(service[run].mean())) if run.stop > run.start else None,
        }
    return out


def emissions_and_cost(orders: Table, from_h: float) -> dict[str, Any]:
    """kg CO2e and USD of the goods shipped (departed), by mode; and of that freight, the part
    above the base rates (the live prices' surcharges and Cape rates: ``disruption_usd``)."""
    m = (orders["placed_h"] >= from_h) & ~np.isnan(orders["departed_h"])
    groups = groups_of(orders, "mode", m)
    sums: dict[str, list[float]] = {}
    for col in ("teu", "co2e_kg", "cost_usd"):
        # each column's shipped rows in turn (a column's copy is freed before the next: the
        # next reuses its memory); float32 when read back from a results folder
        shipped = orders[col][m]
        with np.errstate(over="ignore"):  # (rates near 1e308: an infinite sum, a null KPI)
            sums[col] = [float(shipped[group].sum()) for _, group in groups]
            sums[col].append(float(shipped.sum()))
        del shipped
    out: dict[str, Any] = {"by_mode": {}}
    for k, (mode, _) in enumerate(groups):
        out["by_mode"][mode] = {
            "teu": _r(sums["teu"][k]),
            "co2e_kg": _r(sums["co2e_kg"][k], 1),
            "cost_usd": _r(sums["cost_usd"][k], 1),
        }
    out["co2e_kg_total"] = _r(sums["co2e_kg"][-1], 1)
    out["cost_usd_total"] = _r(sums["cost_usd"][-1], 1)
    if "disruption_usd" in orders:  # (a results folder written before the column: none)
        out["disruption_usd_total"] = _r(float(orders["disruption_usd"][m].sum()), 1)
    return out


def summarise(
    tables: dict[str, Table],
    *,
    days: int,
    warmup_days: int,
    meta: dict[str, Any],
    safe_order_share: float = DEFAULT_SAFE_SHARE,
    dated_categories: list[str] | None = None,
) -> dict[str, Any]:
    """All KPIs of a run (the content of ``summary.json``).

    ``dated_categories`` are the goods categories whose deadline is a date, which get a last
    safe order date (None: those whose orders share a few deadlines).

    ``safe_order_share`` is the probability of arriving in time that makes an order date safe
    (``on_time.last_safe_order``; see :mod:`sim.results.planning_answers`).
    """
    orders = tables["orders"]
    end_h = days * 24.0
    from_h = warmup_days * 24.0
    placed = orders["placed_h"]
    after = placed >= from_h
    # each order's stage once, for all orders and those after the warm-up (as small integers,
    # each stage counted by a comparison: a count of bins would widen them all first)
    stage = end_stage(orders, end_h, dtype=np.int8)
    counts = dict(zip(END_STAGES, _counts(stage, len(END_STAGES)), strict=True))
    counts_after = dict(zip(END_STAGES, _counts(stage[after], len(END_STAGES)), strict=True))
    del stage
    backordered = orders["backordered"][after]
    delivered = delivered_mask(orders, end_h, from_h)
    # each delivered order's stage times copied once for both (the stage means end with
    # their delivery times, which become the lead times)
    stage_means, last = _stage_means_days(orders, delivered)
    if next(reversed(STAGES.values()))[1] != "delivered_h":
        last = orders["delivered_h"][delivered]
    lead_times = _lead_time_breakdown(orders, delivered, last)
    del last
    ot = on_time(orders, end_h, from_h)
    for cat, late in late_by_category(orders, from_h=from_h, end_h=end_h).items():
        ot["by_category"].setdefault(cat, {}).update(late)
    start = meta.get("start")
    if start is not None:
        first = date.fromisoformat(str(start))
        rows = last_safe_orders(
            orders, from_h=from_h, end_h=end_h, start=first, target=safe_order_share,
            categories=dated_categories,
        )  # fmt: skip
        ot["safe_order_share"] = safe_order_share
        ot["last_safe_order"] = safe_orders_summary(rows, safe_order_share)
    return {
        "schema_version": SCHEMA_VERSION,
        **meta,
        "statistics_from_day": warmup_days,
        "buyer_visits": int((tables["buyers"]["arrival_h"] >= from_h).sum()),
        "orders": {
            "placed": int(placed.size),
            "placed_after_warmup": int(after.sum()),
            "teu_placed_after_warmup": _r(float(orders["teu"][after].sum())),
            "delivered": counts["delivered"],
            "at_end": counts,
            "delivered_after_warmup": counts_after["delivered"],
            "at_end_after_warmup": counts_after,
            "backordered_after_warmup": int(backordered.sum()),
            "backordered_share": _r(float(backordered.mean())) if backordered.size else None,
        },
        "lead_time_days": lead_times,
        "stage_days_mean": stage_means,
        "on_time": ot,
        "lines": throughput_by_line(tables["departures"], from_h, days - warmup_days),
        "borders": border_waits(tables["crossings"], from_h),
        "emissions_cost": emissions_and_cost(orders, from_h),
    }


def run_daily_table(run: RunResult) -> Table:
    """:func:`daily_table` of a run, worked out once per run (the results folder writes it, the
    report draws from it)."""
    kept: Table | None = run.derived.get("daily")
    if kept is None:
        kept = run.derived["daily"] = daily_table(run.tables, run.scenario.days, run.scenario.start)
    return kept


def daily_table(tables: dict[str, Table], days: int, start_date: Any) -> Table:
    """One row per simulated day: demand, flows, and queues at the end of the day."""
    from datetime import timedelta

    orders, deps, cross = tables["orders"], tables["departures"], tables["crossings"]

    days_of: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def day_of(times: np.ndarray) -> np.ndarray:
        # the day of each time, kept for the next count of the same column (kept with the
        # column: its id stays its own); one column's at a time, as each is 16 MB at full
        # scale, fresh memory when several are held
        if id(times) not in days_of:
            days_of.clear()
            days_of[id(times)] = (times, day_index(times, days))
        return days_of[id(times)][1]

    def per_day(
        times: np.ndarray, weights: np.ndarray | None = None, rows: np.ndarray | None = None
    ) -> np.ndarray:
        # a time outside the run (or NaN, a stage not reached, or inf) and a row not in
        # ``rows`` go to a last bin that is dropped: no masked copies, and each day's values
        # are added in the same order as before
        day = day_of(times)
        if rows is not None:
            day = np.where(rows, day, days)
        return np.bincount(day, weights=weights, minlength=days + 1)[:days]

    teu = orders["teu"]
    out: Table = {
        "day": np.arange(days),
        "date": np.array([(start_date + timedelta(days=i)).isoformat() for i in range(days)]),
        "buyers": per_day(tables["buyers"]["arrival_h"]),
        "orders": per_day(orders["placed_h"]),
        "teu_ordered": per_day(orders["placed_h"], teu),
        "backorders": _backorders(orders["backordered"], day_of(orders["placed_h"]), days),
        "teu_ready": per_day(orders["ready_h"], teu),
    }
    # the TEU departed by rail and by sea in one count: each mode's days in a block of its own
    # (days + 1 bins, the last dropped), other modes past both; each bin adds its rows in
    # the table's order, as a count per mode did
    mode_codes, modes = text_codes(orders, "mode")
    first_bin = np.array([("rail", "sea", None).index(m if m in ("rail", "sea") else None)
                          for m in modes] or [2], dtype=np.intp) * (days + 1)  # fmt: skip
    bins = day_index(orders["departed_h"], days)
    for at in range(0, bins.size, ROW_BLOCK):  # (no order-level temporary)
        rows = slice(at, at + ROW_BLOCK)
        bins[rows] += first_bin[mode_codes[rows]]
    departed = np.bincount(bins, weights=teu, minlength=3 * (days + 1))
    del bins
    for k, mode in enumerate(("rail", "sea")):
        out[f"teu_departed_{mode}"] = departed[k * (days + 1) : k * (days + 1) + days]
    out["teu_delivered"] = per_day(orders["delivered_h"], teu)
    # goods at Yiwu at the end of day d: ready by then and not yet departed
    out["teu_waiting_yiwu"] = np.cumsum(out["teu_ready"]) - np.cumsum(
        out["teu_departed_rail"] + out["teu_departed_sea"]
    )
    is_train = deps["kind"] == "train"
    out["trains"] = per_day(deps["departed_h"], rows=is_train)
    # the trains arrived and started at each crossing by day, every crossing in one count
    # (each crossing's days in a block of days + 1 bins, the last dropped)
    codes, borders = text_codes(cross, "border")
    by_day = []
    for col in ("arrive_h", "start_h"):
        bins = codes.astype(np.intp) * (days + 1)
        bins += day_index(cross[col], days)
        by_border = np.bincount(bins, minlength=len(borders) * (days + 1))
        by_day.append(np.cumsum(by_border.reshape(len(borders), days + 1)[:, :days], axis=1))
    queues = by_day[0] - by_day[1]
    present = np.bincount(codes, minlength=len(borders)) if codes.size else np.zeros(0)
    for k in sorted(np.flatnonzero(present).tolist(), key=borders.__getitem__):
        out[f"queue_{borders[k]}"] = np.rint(queues[k]).astype(np.int64)
    for col in ("buyers", "orders", "backorders", "trains"):
        out[col] = np.rint(out[col]).astype(np.int64)
    if "boxes" in tables:  # a run with container pools (docs/both-ways.md)
        out.update(box_columns(tables, days, per_day))
    return out


def _backorders(backordered: np.ndarray, day: np.ndarray, days: int) -> np.ndarray:
    """The backorders placed each day (``backordered`` per order, ``day`` its day index)."""
    if backordered.dtype.kind in "biu":
        # whole numbers: their sums are exact in any order, and the orders without one add
        # nothing, so only those with one are counted (no float copy of the whole column)
        some = np.flatnonzero(backordered)
        weights = backordered[some].astype(float)
        return np.bincount(day[some], weights=weights, minlength=days + 1)[:days]
    return np.bincount(day, weights=backordered.astype(float), minlength=days + 1)[:days]


def day_index(times: np.ndarray, days: int) -> np.ndarray:
    """The day (``0 .. days - 1``) of each time in hours; ``days`` for a time before the
    start or from the end of the run on, NaN (a stage not reached) or infinite."""
    d = times / 24.0
    np.floor(d, out=d)
    np.fmin(d, days, out=d)  # (NaN and beyond the end: the last day's bin)
    if d.size and d.min() < 0:  # before the start (not in a run's own tables)
        d[d < 0] = days
    return d.astype(np.intp)


def box_columns(tables: dict[str, Table], days: int, per_day: Any) -> Table:
    """The daily columns of a run with container pools: each pool's boxes at the end of the
    day (``boxes_<location>``, TEU), the TEU of goods that waited for a box at the day's
    departures, the eastbound trains of the day, and the import and empty TEU leaving
    eastward (trains and, for empties, ships)."""
    out: Table = {}
    log = tables["boxes"]
    ends = (np.arange(days) + 1) * 24.0
    for loc in uniques(log["location"]):
        m = log["location"] == loc
        t, level = log["t_h"][m], log["level_teu"][m]
        k = np.searchsorted(t, ends, side="left") - 1  # the last change before the day's end
        out[f"boxes_{loc}"] = np.where(k >= 0, level[np.maximum(k, 0)], 0).astype(np.int64)
    o = tables["orders"]
    waited = o["box_wait_h"] > 0
    out["teu_waited_for_box"] = per_day(o["departed_h"], o["teu"] * waited)
    east = tables["eastbound"]
    trains = east["kind"] == "train"
    out["east_trains"] = np.rint(per_day(east["departed_h"], rows=trains)).astype(np.int64)
    out["teu_east_import"] = per_day(east["departed_h"], east["import_teu"])
    out["teu_east_empty"] = per_day(east["departed_h"], east["empty_teu"])
    return out


def per_week(times_h: np.ndarray, weights: np.ndarray | None, days: int) -> np.ndarray:
    """Sum of ``weights`` (or counts) by week of ``times_h`` (week 0 = the first seven days)."""
    n = max(1, math.ceil(days / 7))
    ok = ~np.isnan(times_h) & (times_h >= 0) & (times_h < days * 24.0)
    week = (times_h[ok] // (24.0 * 7)).astype(np.int64)
    w = None if weights is None else weights[ok]
    return np.bincount(week, weights=w, minlength=n)[:n]


def littles_law(
    enter_h: np.ndarray, leave_h: np.ndarray, from_h: float, to_h: float
) -> dict[str, float]:
    """The three sides of Little's law, L = λW, for one queue observed over [from_h, to_h).

    ``enter_h``/``leave_h`` are when each item joined and left the queue (NaN: not yet left).
    L is the time-average number in the queue over the window (exact integral of the overlaps),
    λ the arrival rate in the window and W the mean time in queue of the items that arrived in
    it (those still waiting at the end count up to ``to_h``). Edge effects vanish as the window
    grows, so L and λW agree for long windows.
    """
    leave = np.where(np.isnan(leave_h), to_h, leave_h)
    overlap = np.clip(np.minimum(leave, to_h) - np.maximum(enter_h, from_h), 0.0, None)
    span = to_h - from_h
    arrived = (enter_h >= from_h) & (enter_h < to_h)
    lam = float(arrived.sum()) / span
    w = (
        float(np.mean(np.minimum(leave[arrived], to_h) - enter_h[arrived]))
        if arrived.any()
        else 0.0
    )
    return {"L": float(overlap.sum()) / span, "lambda": lam, "W": w, "lambda_W": lam * w}


def queue_by_day(
    arrive_h: np.ndarray, start_h: np.ndarray, days: int
) -> tuple[np.ndarray, np.ndarray]:
    """Trains waiting for a server, per day: the time average over the day and the peak.

    The queue length is a step function of time: +1 when a train arrives, -1 when its service
    starts (a train never served stays in it to the end). Its integral is exact between steps,
    so the daily mean counts daytime queues that an end-of-day snapshot misses.
    """
    end = days * 24.0
    start = np.where(np.isnan(start_h), np.inf, start_h)
    waits = start > arrive_h
    t = np.concatenate((arrive_h[waits], start[waits]))
    step = np.concatenate((np.ones(int(waits.sum())), -np.ones(int(waits.sum()))))
    order = np.lexsort((step, t))  # at a tie, the start (-1) first: no phantom peak
    t, step = t[order], step[order]
    keep = t < end
    t, step = t[keep], step[keep]
    level = np.cumsum(step)  # queue length from t[i] to t[i+1]
    bounds = np.arange(days + 1) * 24.0
    # integral of the queue from 0 to each event time and to each day boundary
    area = np.concatenate(([0.0], np.cumsum(level[:-1] * np.diff(t)))) if t.size else np.zeros(0)
    if t.size:
        i = np.searchsorted(t, bounds, side="right") - 1  # last event at or before the boundary
        lvl = np.where(i >= 0, level[np.maximum(i, 0)], 0.0)
        at = np.where(i >= 0, area[np.maximum(i, 0)] + lvl * (bounds - t[np.maximum(i, 0)]), 0.0)
        mean = np.diff(at) / 24.0
        day = np.floor(t / 24.0).astype(np.int64)
        peak = np.zeros(days)
        np.maximum.at(peak, day, level)
        peak = np.maximum(peak, lvl[:-1])  # the level carried into the day
    else:
        mean = np.zeros(days)
        peak = np.zeros(days)
    return mean, peak
