"""The report's deadline figures: last safe order dates, late orders by week, on time by
destination.

Notes
-----
What a planner with a festival or Christmas deadline reads: per deadline category, the last day an
order could be placed and still arrive in time on each line, how many orders of each week were
late, and the share delivered by the deadline at each destination (coloured against
:data:`ON_TIME_MARK`). Dates are calendar dates; labels in English or Chinese (``lang="zh"``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from sim.output import colours
from sim.output.figures_common import LATE, OK, _cat, _date, _named, _no_data
from sim.output.labels import label
from sim.output.svg import MUTED, Figure, date_ticks, day_label, fmt
from sim.results.analysis import Table, per_week


def last_safe_dates(
    rows: Sequence[Mapping[str, Any]],
    start: date,
    target: float,
    lang: str = "en",
    intervals: Mapping[tuple[str, str, str], tuple[float, float]] | None = None,
) -> str:
    """Per deadline category, one row per line (and destination): a dot at the last safe order
    date (the interval across replications as a bar when given), the deadline as a red line."""
    rows = [r for r in rows if r["destination"] == "all" or not _has_all(rows, r)]
    cats = sorted({r["category"] for r in rows})
    title = label("safe", lang).format(pct=fmt(100 * target))
    if not cats:
        return _no_data(title, label("no_deadline", lang))
    height = 40 + sum(40 + 17 * sum(1 for r in rows if r["category"] == c) for c in cats)
    fig = Figure(900, height + 20, title)
    y = 50.0
    for cat in cats:
        rs = [r for r in rows if r["category"] == cat]
        dl = int(rs[0]["deadline_day"])
        days = [r["day"] for r in rs if r["day"] is not None]
        lo = min([*days, dl - 30]) - 5
        h = 17.0 * len(rs)
        p = fig.panel(
            150,
            y,
            600,
            h,
            xlim=(lo, dl + 4),
            ylim=(len(rs) - 0.5, -0.5),
            title=f"{_cat(cat, lang)} — {label('deadline', lang)} "
            f"{day_label(_date(start, dl), lang)}",
            xticks=date_ticks(start, lo, dl + 4, lang),
            yticks=[],
            grid="x",
        )
        p.vline(dl, LATE, dash=None, label=label("deadline", lang), width=1.6)
        for i, r in enumerate(rs):
            lid = r["line"]
            who = lid if r["destination"] == "all" else f"{lid} → {r['destination']}"
            colour = colours.line_colour(lid)
            p.label_y(i, who, colour=colour)
            if intervals and (cat, lid, r["destination"]) in intervals:
                a, b = intervals[(cat, lid, r["destination"])]
                p.hinterval(max(a, lo), min(b, dl + 4), i, colour)
            if r["day"] is None:
                p.text(lo, i + 0.3, label("none_safe", lang), size=9, colour=LATE)
                continue
            tip = f"{who}: {day_label(_date(start, r['day']), lang)} ({fmt(100 * r['share'])} %)"
            p.point(r["day"], i, colour, r=5, title=tip)
            fig.text(760, float(p.sy(i)) + 3.5, day_label(_date(start, r["day"]), lang), size=10)
            fig.text(
                820,
                float(p.sy(i)) + 3.5,
                f"{r['days_before_deadline']} {label('days_before', lang)}",
                size=9,
                colour=MUTED,
            )
        y += h + 40
    return fig.render()


def _has_all(rows: Sequence[Mapping[str, Any]], r: Mapping[str, Any]) -> bool:
    return any(
        o["category"] == r["category"] and o["line"] == r["line"] and o["destination"] == "all"
        for o in rows
    )


def late_by_week(orders: Table, from_h: float, end_h: float, start: date, lang: str = "en") -> str:
    """Per deadline category: orders judged against a deadline by order week, the late ones red."""
    dl = orders["deadline_h"]
    known = (orders["placed_h"] >= from_h) & ~np.isnan(dl) & (dl <= end_h)
    title = label("late_week", lang)
    if not known.any():
        return _no_data(title, label("no_deadline", lang))
    late = known & ~(np.nan_to_num(orders["delivered_h"], nan=np.inf) <= dl)
    cats = _named(orders, "category", known)
    days = int(end_h // 24)
    fig = Figure(900, 40 + 190 * len(cats), title)
    for k, (cat, is_cat) in enumerate(cats):
        m = known & is_cat
        n = per_week(orders["placed_h"][m], None, days)
        bad = per_week(orders["placed_h"][m & late], None, days)
        weeks = np.nonzero(n)[0]
        w0, w1 = int(weeks.min()), int(weeks.max())
        p = fig.panel(
            60,
            50 + 190 * k,
            800,
            130,
            xlim=(7 * w0 - 3, 7 * w1 + 10),
            ylim=(0, float(n.max()) * 1.1),
            title=f"{_cat(cat, lang)}: {int(bad.sum()):,} / {int(n.sum()):,} "
            f"{label('late_of', lang)}",
            xticks=date_ticks(start, 7 * w0, 7 * w1 + 7, lang),
            ylabel=label("orders", lang),
        )
        for w in range(w0, w1 + 1):
            wk = day_label(_date(start, 7 * w), lang)
            p.rect(7 * w + 0.5, 0, 7 * w + 6.5, n[w], OK, title=f"{wk}: {int(n[w])}")
            if bad[w]:
                p.rect(7 * w + 0.5, 0, 7 * w + 6.5, bad[w], LATE, title=f"{wk}: {int(bad[w])}")
        p.vline(float(dl[m].max()) / 24, LATE, label=label("deadline", lang))
    fig.legend(
        600,
        30,
        [(label("on_time_n", lang), OK), (label("late", lang), LATE)],
        cols=2,
        col_w=110,
        kind="box",
    )
    return fig.render()


ON_TIME_MARK = 0.9
"""The share delivered by the deadline a destination's bar is coloured against (the share the
last safe order date holds at)."""
BELOW_MARK = "#fdae6b"
"""The colour of a destination's bar below :data:`ON_TIME_MARK`."""


def on_time_by_destination(orders: Table, from_h: float, end_h: float, lang: str = "en") -> str:
    """Share delivered by the deadline per destination, one panel per deadline category
    (festival and Christmas apart), as percentages with the number of orders judged."""
    dl = orders["deadline_h"]
    known = (orders["placed_h"] >= from_h) & ~np.isnan(dl) & (dl <= end_h)
    title = label("on_time", lang)
    if not known.any():
        return _no_data(title, label("no_deadline", lang))
    ok = known & (np.nan_to_num(orders["delivered_h"], nan=np.inf) <= dl)
    fig = Figure(900, 100, title)
    y = 50.0
    for cat, is_cat in _named(orders, "category", known):
        mc = known & is_cat
        dests = _named(orders, "destination", mc)
        h = 16.0 * len(dests)
        total = float(ok[mc].sum() / mc.sum())
        # one decimal, as the key figures say it: "91 %" here beside "90.6 %" there, and a
        # destination at 89.8 % read "90 %" in the colour of those below 90 %
        p = fig.panel(
            120,
            y,
            600,
            h,
            xlim=(0, 1),
            ylim=(len(dests) - 0.5, -0.5),
            yticks=[],
            grid="x",
            title=f"{_cat(cat, lang)}: {_share_of(total, int(mc.sum()), lang)}",
            percent_x=True,
        )
        for i, (d, is_dest) in enumerate(dests):
            m = mc & is_dest
            n = int(m.sum())
            share = float(ok[m].sum() / n)
            p.label_y(i, d)
            p.rect(0, i - 0.35, share, i + 0.35, OK if share >= ON_TIME_MARK else BELOW_MARK)
            fig.text(730, float(p.sy(i)) + 3.5, _share_of(share, n, lang), size=9)
        y += h + 50
    fig.height = y
    mark = f"{100 * ON_TIME_MARK:g}"  # what the two colours mean, said beside the title
    fig.legend(
        560,
        30,
        [
            (label("on_time_at_least", lang).format(pct=mark), OK),
            (label("on_time_below", lang).format(pct=mark), BELOW_MARK),
        ],
        cols=2,
        col_w=170,
        kind="box",
    )
    return fig.render()


def _share_of(share: float, n: int, lang: str) -> str:
    """A share of ``n`` orders as the key figures say it: "84.7 % of 1,284"; in Chinese
    "1,284 单中 84.7 %" (the figure read "84.7 % 共 1,284", the English order with a Chinese
    word, beside the table's "1,284 单中 84.7 %")."""
    if lang == "zh":
        return f"{n:,} 单中 {100 * share:.1f} %"
    return f"{100 * share:.1f} % {label('of', lang)} {n:,}"
