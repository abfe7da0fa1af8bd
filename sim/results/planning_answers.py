"""A planner's answers from the orders table: the last safe order date and the late orders.

**Last safe order date.** For goods with a dated deadline (the Spring Festival, a fixed date such
as Christmas shipping), the last calendar day on which an order placed *that day* still arrives
by the deadline with probability at least the target (90 % by default). It is stated per goods
category, line and destination (and per line over all its destinations, ``"all"``).

The share for a day is measured on the orders placed on that day. A single day of one line to one
destination often has only a handful of orders, so when a day has fewer than ``min_orders``,
the orders of the *following* days are pooled with it until there are enough (the rule looks
forward only). Goods ordered later never arrive sooner by the same timetable, so pooling later
days can only make a day look worse, never better: the stated date errs towards caution. It is
exact when the day has ``min_orders`` orders of its own. A trailing window, by contrast, would
mix in earlier, safer days and push the date past the timetable's cliff.

By construction the claim holds on the stated day and fails on the day after (or no orders are
placed after it before the deadline: ``later_days_fail`` is then false).

**Late orders.** Orders whose deadline falls within the run and that were not delivered by it,
counted by category, line, destination and order week, with calendar dates.

Both use orders placed on or after the end of the warm-up, like every count of ``summary.json``.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.results.table import ColumnTable, Table, text_array, text_codes

if TYPE_CHECKING:
    from sim.results.run import RunResult

DEFAULT_SAFE_SHARE = 0.9
"""Probability of arriving in time that makes an order date "safe" (when the scenario sets none)."""

MIN_ORDERS = 10
"""Orders a day's share is measured on; fewer, and the following days are pooled in."""

ALL = "all"
"""Destination key of a line's row over all its destinations."""


def judged_orders(orders: Table, from_h: float, end_h: float) -> np.ndarray:
    """The orders whose outcome against their deadline is known: placed from ``from_h``, with
    a deadline by ``end_h`` (NaN, no deadline, compares false), as positions.

    Worked out once for a run's orders table: the summary's on-time shares and late goods,
    the last safe order dates and the late orders all judge the same orders."""

    def judged() -> np.ndarray:
        return np.flatnonzero((orders["placed_h"] >= from_h) & (orders["deadline_h"] <= end_h))

    if not isinstance(orders, ColumnTable):
        return judged()
    return orders.remembered(("judged", from_h, end_h), ("placed_h", "deadline_h"), judged)


def safe_order_share(scenario: Any, default: float = DEFAULT_SAFE_SHARE) -> float:
    """The target share of a scenario: ``reporting.safe_order_share`` when the schema has it."""
    reporting = getattr(scenario, "reporting", None)
    value = getattr(reporting, "safe_order_share", None)
    return float(value) if value is not None else float(default)


def _date(start: date, day: int) -> str:
    return (start + timedelta(days=int(day))).isoformat()


def pooled_shares(
    order_day: np.ndarray, in_time: np.ndarray, first_day: int, last_day: int, min_orders: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every day ``first_day .. last_day``: the in-time share of the orders placed on it,
    pooled forward with the following days until ``min_orders`` orders are reached.

    Returns ``(share, orders, pool_end_day)``; share is NaN where no order was placed that day or
    later.
    """
    n = last_day - first_day + 1
    d = order_day - first_day
    count = np.bincount(d, minlength=n)[:n].astype(np.int64)
    good = np.bincount(d, weights=in_time.astype(float), minlength=n)[:n]
    c = np.concatenate(([0], np.cumsum(count)))
    g = np.concatenate(([0.0], np.cumsum(good)))
    # pool end e: the smallest index with c[e] >= c[day] + min_orders (capped at the last day)
    end = np.searchsorted(c, c[:-1] + min_orders, side="left")
    end = np.minimum(end, n)
    orders = c[end] - c[:-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(orders > 0, (g[end] - g[:-1]) / np.maximum(orders, 1), np.nan)
    return share, orders, end - 1 + first_day


def _last_safe(
    day: np.ndarray,
    ok: np.ndarray,
    deadline_day: int,
    target: float,
    min_orders: int,
) -> dict[str, Any] | None:
    first = int(day.min())
    last = max(int(day.max()), first)
    share, orders, pool_end = pooled_shares(day, ok, first, last, min_orders)
    safe = np.nonzero(share >= target - 1e-12)[0]
    if not safe.size:
        few = _few_orders_safe(day, ok, first, last, target)
        if few is not None:
            few["days_before_deadline"] = deadline_day - few["day"]
            return few
        return {
            "day": None,
            "share": None,
            "orders": int(orders[0]),
            "first_order_day": first,
            "first_day_share": round(float(share[0]), 4),
            "later_days_fail": True,
        }
    i = int(safe[-1])
    nxt = share[i + 1] if i + 1 < share.size else math.nan
    return {
        "day": first + i,
        "share": round(float(share[i]), 4),
        "orders": int(orders[i]),
        "pooled_to_day": int(pool_end[i]),
        "days_before_deadline": deadline_day - (first + i),
        "next_day_share": None if math.isnan(nxt) else round(float(nxt), 4),
        "later_days_fail": not math.isnan(nxt),
    }


def _few_orders_safe(
    day: np.ndarray, ok: np.ndarray, first: int, last: int, target: float
) -> dict[str, Any] | None:
    """When no pooled day reaches the target, the earliest days may still be safe on their own
    orders: the first days of a season often have fewer than ``min_orders``, and pooling them
    forward mixes in later orders that miss (Christmas goods to Riga: every order placed up to
    20 October arrived, yet the first pool reached into November). The answer is then the last
    day up to which the orders placed *since the first day* reach the target, flagged
    ``few_orders``; None when even the earliest orders miss (then "no safe day" is true)."""
    n = last - first + 1
    d = day - first
    count = np.cumsum(np.bincount(d, minlength=n)[:n])
    good = np.cumsum(np.bincount(d, weights=ok.astype(float), minlength=n)[:n])
    with np.errstate(invalid="ignore", divide="ignore"):
        cum = np.where(count > 0, good / np.maximum(count, 1), np.nan)
    placed = np.bincount(d, minlength=n)[:n] > 0
    safe = np.nonzero((cum >= target - 1e-12) & placed)[0]
    if not safe.size or not placed[0] or cum[0] < target - 1e-12:
        return None
    # the run of safe days from the first: stop at the first day that breaks it
    broken = np.nonzero(placed & ~(cum >= target - 1e-12))[0]
    i = int(safe[safe < broken[0]][-1]) if broken.size else int(safe[-1])
    return {
        "day": first + i,
        "share": round(float(cum[i]), 4),
        "orders": int(count[i]),
        "pooled_to_day": first + i,
        "next_day_share": None,
        "later_days_fail": bool(broken.size),
        "few_orders": True,
    }


def conservative_day(
    days: list[int | None], rate: float = 0.95, first_day: int | None = None
) -> dict[str, Any]:
    """The conservative last safe order day over replications: the latest day such that in at
    least ``rate`` of simulated seasons that day is safe (its orders reach the target share).

    A season's safe days run up to its own last safe day, so the answer is a lower prediction
    bound of a new season's last safe day: ``mean - t(rate, n-1) sd sqrt(1 + 1/n)`` (one-sided,
    Student t; it holds on fresh seasons, not only on the replications at hand), and never
    later than the replications' own ``1 - rate`` quantile. Seasons with no safe day count as
    failures: if more than ``1 - rate`` of them have none, there is no conservative day.

    With ``first_day`` (the first day whose orders are judged: the end of the warm-up), a bound
    before it is no answer either: it extrapolates beyond the days simulated (a few seasons
    far apart put it weeks before the run's start).

    Returns
    -------
    dict
        ``day`` (None when there is none), ``seasons``, ``seasons_without`` (no safe day),
        ``rate``, ``why`` (a short reason when ``day`` is None).
    """
    from scipy import stats

    have = np.asarray([d for d in days if d is not None], dtype=float)
    n_all, n = len(days), len(have)
    out: dict[str, Any] = {
        "day": None,
        "seasons": n_all,
        "seasons_without": n_all - n,
        "rate": rate,
    }
    if n_all < 2 or n < 2:
        out["why"] = "needs at least 2 seasons with a safe day"
        return out
    if (n_all - n) > (1 - rate) * n_all:
        out["why"] = f"{n_all - n} of {n_all} seasons have no safe day"
        return out
    sd = float(have.std(ddof=1))
    bound = float(have.mean()) - float(stats.t.ppf(rate, n - 1)) * sd * math.sqrt(1 + 1 / n)
    ranked = np.sort(np.concatenate([have, np.full(n_all - n, -np.inf)]))
    k = math.floor((1 - rate) * n_all)  # seasons allowed to fall short
    empirical = float(ranked[k])
    day = math.floor(min(bound, empirical))
    if first_day is not None and day < first_day:
        out["why"] = (
            f"the bound (day {day}) falls before the first day whose orders are judged (day "
            f"{first_day}): the {n_all} seasons' dates spread too widely; run more replications"
        )
        return out
    out["day"] = day
    return out


def last_safe_orders(
    orders: Table,
    *,
    from_h: float,
    end_h: float,
    start: date,
    target: float = DEFAULT_SAFE_SHARE,
    min_orders: int = MIN_ORDERS,
    categories: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The last safe order date of every (category, deadline, line, destination).

    Parameters
    ----------
    orders
        The orders table (columns as arrays).
    from_h, end_h
        End of the warm-up and of the run (hours): orders placed from ``from_h`` whose deadline
        falls by ``end_h`` are judged.
    start
        The scenario's first day (for calendar dates).
    target
        Share of orders that must arrive by the deadline.
    min_orders
        Orders a day's share is measured on (see the module docstring).
    categories
        Categories with a dated deadline (:func:`dated_categories`; default, for a table
        without its scenario: those whose orders share a few deadlines).

    Returns
    -------
    list of dict
        One row per group, sorted by category, line, destination (``"all"`` first, for a line
        with more than one destination): keys
        ``category, line, destination, deadline_day, deadline_date, day, date, share, orders,
        days_before_deadline, next_day_share, later_days_fail``. ``day`` is None when even the
        earliest orders miss the target.
    """
    args = (from_h, end_h, start, target, min_orders, categories)
    if not isinstance(orders, ColumnTable):
        return _last_safe_orders(orders, *args)
    # a run's summary and its results folder ask the same of the same table: worked out once
    # (each caller gets its own rows)
    key = ("last_safe_orders", *args[:5], None if categories is None else tuple(categories))
    rows = orders.remembered(key, _SAFE_INPUTS, lambda: _last_safe_orders(orders, *args))
    return [dict(r) for r in rows]


_SAFE_INPUTS = ("deadline_h", "placed_h", "delivered_h", "category", "line", "destination")
"""The columns :func:`last_safe_orders` reads."""


def _last_safe_orders(
    orders: Table,
    from_h: float,
    end_h: float,
    start: date,
    target: float,
    min_orders: int,
    categories: list[str] | None,
) -> list[dict[str, Any]]:
    dl_all = orders["deadline_h"]
    placed_all = orders["placed_h"]
    # NaN (no deadline) compares false
    judged = judged_orders(orders, from_h, end_h)
    if not judged.size:
        return []
    # only the judged orders from here on (deadline goods: a fraction of a full-scale year's
    # two million orders), so each group's masks are over them alone
    dl, placed = dl_all[judged], placed_all[judged]
    ok = np.nan_to_num(orders["delivered_h"][judged], nan=np.inf) <= dl
    day = np.floor(placed / 24.0).astype(np.int64)
    # names as integer codes: comparisons of small integers, not of text, per group
    cat_codes, cat_names = text_codes(orders, "category")
    line_codes, line_names = text_codes(orders, "line")
    dest_codes, dest_names = text_codes(orders, "destination")
    cats, line_of, dest_of = cat_codes[judged], line_codes[judged], dest_codes[judged]

    rows: list[dict[str, Any]] = []
    for ci in sorted(np.unique(cats).tolist(), key=lambda k: cat_names[k]):
        cat = cat_names[ci]
        mc = np.flatnonzero(cats == ci)
        deadlines = np.unique(dl[mc])
        if categories is None and deadlines.size > 3:
            continue  # a deadline per order (days after the order): no common date to stand by
        if categories is not None and cat not in categories:
            continue
        for dh in deadlines:
            dday = int(dh // 24)
            # the category's orders with this deadline, sorted by line and destination (one
            # stable sort, not a comparison of every judged order per group): each line's and
            # each destination's orders are then a run of them (a run's answer does not
            # depend on the order of its orders: counts and sums of whole numbers by day)
            at = mc[dl[mc] == dh]
            n_d = len(dest_names)
            key = line_of[at].astype(np.int64) * n_d + dest_of[at]
            # (sorted as narrow integers when they fit: NumPy sorts those by radix)
            narrow = key.astype(np.int16) if len(line_names) * n_d <= 1 << 15 else key
            order = np.argsort(narrow, kind="stable")
            at, key = at[order], key[order]
            starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
            ends = np.append(starts[1:], key.size)
            runs: dict[int, dict[int, tuple[int, int]]] = {}
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
                line_code, dest_code = divmod(int(key[a]), n_d)
                runs.setdefault(line_code, {})[dest_code] = (a, b)
            for li in sorted(runs, key=lambda k: line_names[k]):
                line = line_names[li]
                by_dest = runs[li]
                dests: list[int | None] = [*sorted(by_dest, key=dest_names.__getitem__)]
                if len(dests) > 1:  # a line to one destination needs no second row
                    dests.insert(0, None)
                whole = (min(a for a, _ in by_dest.values()), max(b for _, b in by_dest.values()))
                for di in dests:
                    dest = ALL if di is None else dest_names[di]
                    a, b = whole if di is None else by_dest[di]
                    res = _last_safe(day[at[a:b]], ok[at[a:b]], dday, target, min_orders)
                    if res is None:
                        continue
                    row = {
                        "category": cat,
                        "line": line,
                        "destination": dest,
                        "deadline_day": dday,
                        "deadline_date": _date(start, dday),
                        "orders_judged": b - a,
                        **res,
                    }
                    row["date"] = None if res["day"] is None else _date(start, res["day"])
                    row["basis"] = safe_basis(res, min_orders)
                    rows.append(row)
    return rows


SAFE_BASES = ("that_day", "pooled_with_later_days", "since_first_order_day", "last_order_days")
"""What a last safe order date's share is of (``last_safe_order.csv``'s ``basis``): the day's
own orders (``MIN_ORDERS`` or more); the day's pooled with the days after it, up to
``pooled_to_day``; the orders since the first order day together (``few_orders``, the
report's ``*``); or a day among the last order days, with fewer orders from it to the last
than a pool needs (the report's ``†``: the date may be later than a safe one)."""


def safe_basis(row: dict[str, Any], min_orders: int = MIN_ORDERS) -> str:
    """:data:`SAFE_BASES`' word for a row of :func:`last_safe_orders` ("" without a date)."""
    if row.get("day") is None:
        return ""
    if row.get("few_orders"):
        return SAFE_BASES[2]
    if int(row.get("orders") or 0) < min_orders:
        return SAFE_BASES[3]
    pooled = row.get("pooled_to_day")
    return SAFE_BASES[1] if pooled is not None and pooled > row["day"] else SAFE_BASES[0]


def safe_orders_summary(rows: list[dict[str, Any]], target: float) -> dict[str, Any]:
    """The rows of :func:`last_safe_orders` nested for ``summary.json``:
    ``{category: {deadline_date, lines: {line: {destination: {day, date, share, orders,
    days_before_deadline}}}}}``, of each category's first deadline in the run (a run over
    several festivals has one per festival: ``last_safe_order.csv`` and the report list every
    one; here the later seasons overwrote the first's lines under its deadline date).
    Numbers (``day`` among them) get intervals across replications like every KPI."""
    out: dict[str, Any] = {}
    for r in rows:
        cat = out.setdefault(r["category"], {"deadline_date": r["deadline_date"], "lines": {}})
        if r["deadline_date"] != cat["deadline_date"]:
            continue  # a later season's deadline (rows are by deadline within a category)
        cat["lines"].setdefault(r["line"], {})[r["destination"]] = {
            "day": r["day"],
            "date": r["date"],
            "share": r["share"],
            "orders": r["orders"],
            "days_before_deadline": r.get("days_before_deadline"),
        }
    return out


SAFE_COLUMNS = (
    "category",
    "line",
    "destination",
    "deadline_date",
    "deadline_day",
    "date",
    "day",
    "days_before_deadline",
    "share",
    "orders",
    "basis",
    "pooled_to_day",
    "next_day_share",
    "orders_judged",
)


def as_table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Table:
    """Rows as columns (text columns as object arrays of ``str``, as every table of a run holds
    text: :mod:`sim.results.table`; missing numbers as NaN)."""
    out: Table = {}
    for col in columns:
        vals = [r.get(col) for r in rows]
        if all(v is None or isinstance(v, int | float) for v in vals) and any(
            v is not None for v in vals
        ):
            out[col] = np.array([math.nan if v is None else v for v in vals], dtype=float)
        else:
            out[col] = text_array(["" if v is None else str(v) for v in vals])
    return out


def write_rows_csv(path: Any, table: Table) -> None:
    """Write a small table as CSV (numbers as they are, NaN as an empty cell)."""
    import csv

    cols = list(table)
    n = len(table[cols[0]]) if cols else 0

    def cell(v: Any) -> str:
        if isinstance(v, float | np.floating):
            return "" if math.isnan(v) else f"{float(v):g}"
        return str(v)

    def cells(col: Any) -> list[str]:
        # a column's Python values at once (each spelled as the cell of its NumPy scalar
        # is: the same text), not an index into the array per cell
        if isinstance(col, np.ndarray) and col.ndim == 1 and col.dtype.kind in "biufOU":
            return [cell(v) for v in col[:n].tolist()]
        return [cell(col[i]) for i in range(n)]

    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        w.writerows(zip(*(cells(table[c]) for c in cols), strict=True))


# --------------------------------------------------------------------------- late orders


LATE_COLUMNS = (
    "category",
    "line",
    "destination",
    "order_week",
    "week_start",
    "deadline_date",
    "orders",
    "late",
    "late_share",
    "late_teu",
    "undelivered_at_end",
)


def late_orders(orders: Table, *, from_h: float, end_h: float, start: date) -> list[dict[str, Any]]:
    """Orders that missed a deadline within the run, by category, line, destination and order
    week (weeks counted from the scenario's start; ``week_start`` is that week's first day).

    Every group with a late order is listed, with the number of orders it judged."""
    dl_all = orders["deadline_h"]
    placed_all = orders["placed_h"]
    judged = judged_orders(orders, from_h, end_h)
    if not judged.size:
        return []
    # the judged orders only, grouped by integer codes (one sort per column, not a comparison
    # of every order per group: a full-scale year has two million orders)
    dl = dl_all[judged]
    delivered = orders["delivered_h"][judged]
    late = ~(np.nan_to_num(delivered, nan=np.inf) <= dl)
    week = np.floor(placed_all[judged] / (24.0 * 7)).astype(np.int64)
    names, codes = [], []
    for col in ("category", "line", "destination"):
        code, labels = text_codes(orders, col)
        names.append(labels)
        codes.append(code[judged].astype(np.int64))
    week0 = int(week.min())
    n_l, n_d, n_w = len(names[1]), len(names[2]), int(week.max()) - week0 + 1
    key = ((codes[0] * n_l + codes[1]) * n_d + codes[2]) * n_w + (week - week0)
    groups, which = _distinct_keys(key, len(names[0]) * n_l * n_d * n_w)
    count = np.bincount(which, minlength=groups.size)
    late_n = np.bincount(which, weights=late, minlength=groups.size).astype(np.int64)
    late_teu = np.bincount(which, weights=orders["teu"][judged] * late, minlength=groups.size)
    # not delivered by the run's end: still on the way, or arrived and released after it (as
    # the summary's ``at_end`` counts them; a release after the end is not a delivery in it)
    after_end = ~(np.nan_to_num(delivered, nan=np.inf) <= end_h)
    undelivered = np.bincount(which, weights=late & after_end, minlength=groups.size).astype(
        np.int64
    )
    last_deadline = np.full(groups.size, -np.inf)
    np.maximum.at(last_deadline, which[late], dl[late])
    rows: list[dict[str, Any]] = []
    for g in np.flatnonzero(late_n > 0).tolist():
        k = int(groups[g])
        w, k = k % n_w + week0, k // n_w
        d, k = k % n_d, k // n_d
        ln, c = k % n_l, k // n_l
        rows.append(
            {
                "category": names[0][c],
                "line": names[1][ln],
                "destination": names[2][d],
                "order_week": w,
                "week_start": _date(start, 7 * w),
                "deadline_date": _date(start, int(last_deadline[g] // 24)),
                "orders": int(count[g]),
                "late": int(late_n[g]),
                "late_share": round(float(late_n[g] / count[g]), 4),
                "late_teu": round(float(late_teu[g]), 4),
                "undelivered_at_end": int(undelivered[g]),
            }
        )
    rows.sort(key=lambda r: (r["category"], r["order_week"], r["line"], r["destination"]))
    return rows


def _distinct_keys(key: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)`` for keys in ``0 .. n_keys - 1``: by a count of
    each key when there are not many more possible keys than values (no sort)."""
    if n_keys > 4 * key.size + (1 << 16):
        groups, which = np.unique(key, return_inverse=True)
        return groups, which.reshape(-1)
    seen = np.bincount(key, minlength=n_keys) > 0
    groups = np.flatnonzero(seen)
    rank = np.cumsum(seen) - 1  # each present key's place among them
    return groups, rank[key]


def late_by_category(orders: Table, *, from_h: float, end_h: float) -> dict[str, dict[str, Any]]:
    """Per category with a deadline in the run: orders judged, late, late TEU (for the summary)."""
    dl = orders["deadline_h"]
    known = judged_orders(orders, from_h, end_h)
    # the judged orders alone from here on (deadline goods: a few of a year's two million);
    # not delivered (NaN) by the deadline is late
    late = ~(orders["delivered_h"][known] <= dl[known])
    codes, names = text_codes(orders, "category")
    judged = codes[known]
    late_codes, late_teu = judged[late], orders["teu"][known[late]]
    out: dict[str, dict[str, Any]] = {}
    for k in sorted(np.unique(judged).tolist(), key=lambda i: names[i]):
        m = late_codes == k
        out[names[k]] = {
            "late": int(m.sum()),
            "late_teu": round(float(late_teu[m].sum()), 4),
        }
    return out


def planner_tables(scenario: Any, tables: dict[str, Table]) -> dict[str, Table]:
    """The planner's tables of a run, by file name: ``last_safe_order.csv`` and
    ``late_orders.csv`` (empty when the run kept no orders table)."""
    if "orders" not in tables:
        return {}
    return _as_files(*_planner_rows(scenario, tables["orders"]))


Rows = list[dict[str, Any]]


def dated_categories(scenario: Any) -> list[str]:
    """The scenario's goods categories whose deadline is a date (the Spring Festival, a fixed
    date): the ones a last safe order date is for. A deadline some days after each order has
    none (its orders' deadlines are many dates, and one order alone shares one)."""
    dated = ("spring_festival", "fixed_date")
    return [c.name for c in scenario.market.categories if c.deadline.kind in dated]


def _planner_rows(scenario: Any, orders: Table) -> tuple[Rows, Rows]:
    kw = {"from_h": scenario.warmup_days * 24.0, "end_h": scenario.days * 24.0,
          "start": scenario.start}  # fmt: skip
    safe = last_safe_orders(
        orders, target=safe_order_share(scenario), categories=dated_categories(scenario), **kw
    )
    return safe, late_orders(orders, **kw)


def _as_files(safe: Rows, late: Rows) -> dict[str, Table]:
    return {
        "last_safe_order.csv": as_table(safe, SAFE_COLUMNS),
        "late_orders.csv": as_table(late, LATE_COLUMNS),
    }


def planner_rows(run: RunResult) -> tuple[Rows, Rows]:
    """The rows of a run's last safe order dates and late orders (:func:`last_safe_orders`,
    :func:`late_orders`), worked out once per run: the results folder's files and the report
    both show them. The run must have its orders table."""
    kept: tuple[Rows, Rows] | None = run.derived.get("planner")
    if kept is None:
        kept = run.derived["planner"] = _planner_rows(run.scenario, run.tables["orders"])
    return kept


def run_planner_tables(run: RunResult) -> dict[str, Table]:
    """:func:`planner_tables` of a run, from :func:`planner_rows`."""
    return _as_files(*planner_rows(run)) if "orders" in run.tables else {}
