"""The report's figures of what moved: trains and TEU per week, load factors, lead times and
their stages, buyers per day and orders by category.

Notes
-----
Drawn from a run's tables (orders, departures, daily) and summary, after the warm-up. Many lines
are shown as small multiples by corridor rather than one tangle, each line in its own colour
(:mod:`sim.output.colours`); a part week at the end of a run is drawn as wide as its days. Labels
in English or Chinese (``lang="zh"``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from sim.output import colours
from sim.output.figures_common import (
    LATE,
    MODE_COLOUR,
    OK,
    STAGE_COLOUR,
    _cat,
    _date,
    _mode,
    _named,
    _no_data,
)
from sim.output.labels import label
from sim.output.svg import INK, Figure, date_ticks, day_label, fmt, nice_ticks
from sim.results.analysis import STAGES, Table, per_week

# --------------------------------------------------------------------------- throughput


def teu_by_corridor(departures: Table, days: int, start: date, lang: str = "en") -> str:
    """TEU leaving Yiwu per week, one small panel per corridor, each line in its own colour."""
    first_leg = departures["kind"] != "sailing"
    named = _named(departures, "line", first_leg)
    lines = [lid for lid, _ in named]
    title = label("teu_week_line", lang)
    if not lines:
        return _no_data(title, label("no_trains", lang))
    groups = colours.corridor_groups(lines)
    weekly = {
        lid: per_week(
            departures["departed_h"][first_leg & is_line],
            departures["teu"][first_leg & is_line],
            days,
        )
        for lid, is_line in named
    }
    n_weeks = len(next(iter(weekly.values())))
    cols = 2
    rows = math.ceil(len(groups) / cols)
    fig = Figure(960, 40 + 215 * rows, title)
    for g, (_, en, zh, lids) in enumerate(groups):
        px, py = 60 + (g % cols) * 470, 55 + (g // cols) * 215
        top = max(float(max(weekly[i].max() for i in lids)), 1.0) * 1.1
        p = fig.panel(
            px,
            py,
            300,
            140,
            xlim=(0, 7 * n_weeks),
            ylim=(0, top),
            title=zh if lang == "zh" else en,
            xticks=date_ticks(start, 0, 7 * n_weeks, lang),
            ylabel=label("teu", lang),
        )
        for lid in lids:
            p.line(7 * np.arange(n_weeks) + 3.5, weekly[lid], colours.line_colour(lid))
        fig.legend(px + 310, py + 10, [(lid, colours.line_colour(lid)) for lid in lids])
    return fig.render()


def trains_per_week(departures: Table, days: int, start: date, lang: str = "en") -> str:
    """Trains leaving Yiwu per week (bars), each bar as wide as the days of its week.

    A run whose length is not a whole number of weeks ends in a part of a week (the teaching
    world's 150 days: 21 weeks and 3 days); its bar covers only those days, so that its count,
    about half the others, does not read as half the trains.
    """
    m = departures["kind"] == "train"
    title = label("trains_week", lang)
    if not m.any():
        return _no_data(title, label("no_trains", lang))
    weekly = per_week(departures["departed_h"][m], None, days)
    # the trains a dispatch policy added, stacked on top in a colour of their own: a planner
    # asks how many trains a line needed beyond its timetable, and when
    extra_col = departures.get("extra")
    added = np.zeros_like(weekly)
    if extra_col is not None:  # (a table written before the dispatch policy has none)
        is_extra = m & np.asarray(extra_col, dtype=bool)
        if is_extra.any():
            added = per_week(departures["departed_h"][is_extra], None, days)
    fig = Figure(900, 220, title)
    top = float(weekly.max()) * 1.1
    # whole trains on the axis: 6 trains a week ticked "0, 2.5, 5.0" (half a train)
    whole = [v for v in nice_ticks(0.0, top, 3) if float(v).is_integer()]
    if len(whole) < 2:
        whole = [0.0, float(math.floor(top))]
    p = fig.panel(
        60,
        40,
        800,
        140,
        xlim=(0, 7 * len(weekly)),
        ylim=(0, top),
        xticks=date_ticks(start, 0, 7 * len(weekly), lang),
        yticks=[(v, f"{v:,.0f}") for v in whole],
        ylabel=label("trains", lang),
    )
    for w, v in enumerate(weekly):
        end = min(7 * w + 7, days)  # the week's days inside the run
        first, last = day_label(_date(start, 7 * w), lang), day_label(_date(start, end - 1), lang)
        gap = 0.5 * (end - 7 * w) / 7  # a gap between bars in proportion: a 1-day bar shows
        n_extra = float(added[w])
        said = f"{first} – {last}: {v:g}"
        if added.any():
            said += f" ({label('extra_trains', lang)} {n_extra:g})"
        p.rect(7 * w + gap, 0, end - gap, v - n_extra, MODE_COLOUR["rail"], title=said)
        if n_extra:
            p.rect(7 * w + gap, v - n_extra, end - gap, v, EXTRA_TRAINS, title=said)
    if added.any():
        fig.legend(600, 30, [(label("timetable_trains", lang), MODE_COLOUR["rail"]),
                             (label("extra_trains", lang), EXTRA_TRAINS)],
                   cols=2, col_w=130, kind="box")  # fmt: skip
    return fig.render()


EXTRA_TRAINS = "#ff7f0e"
"""The colour of the trains a dispatch policy added (orange beside the timetable's blue)."""


def load_factor_by_line(summary: Mapping[str, Any], lang: str = "en") -> str:
    """Load factor per line (its colour), as a percentage."""
    lines = summary["lines"]
    keys = [k for k in lines if lines[k]["load_factor"] is not None]
    title = label("load", lang)
    if not keys:
        return _no_data(title, label("no_trains", lang))
    fig = Figure(900, 60 + 16 * len(keys), title)
    p = fig.panel(
        130,
        40,
        600,
        16 * len(keys),
        xlim=(0, 1.05),
        ylim=(len(keys) - 0.5, -0.5),
        yticks=[],
        grid="x",
        percent_x=True,
    )
    for i, k in enumerate(keys):
        lf = lines[k]["load_factor"]
        lid, _, leg = k.partition(":")
        colour = colours.line_colour(lid)
        # a sea route's two legs in the reader's words ("S01 海运航次"), its sailings counted
        # as sailings, not trains (English keeps the summary's key, "S01:sailing")
        name = k if lang == "en" or not leg else f"{lid} {label(f'leg:{leg}', lang)}"
        unit = label("departures:sailing" if leg == "sailing" else "departures", lang)
        p.label_y(i, name, colour=colour)
        p.rect(0, i - 0.35, lf, i + 0.35, colour)
        fig.text(
            740,
            float(p.sy(i)) + 3.5,
            f"{fmt(100 * lf)} % · {lines[k]['departures']} {unit}",
            size=9,
        )
    fig.height = 70 + 16 * len(keys)
    return fig.render()


# --------------------------------------------------------------------------- lead time


def lead_time(orders: Table, end_h: float, from_h: float, lang: str = "en") -> str:
    """Lead time of delivered orders by destination and mode: the middle half as a bar, the
    5th-95th percentiles as whiskers, the median as a tick; sorted by median."""
    d = orders["delivered_h"]
    m = (orders["placed_h"] >= from_h) & ~np.isnan(d) & (d <= end_h)
    title = label("lead_dest", lang)
    if not m.any():
        return _no_data(title, label("none_delivered", lang))
    lt = (d - orders["placed_h"]) / 24.0
    groups = []
    modes = _named(orders, "mode", m)  # the modes of all delivered orders, as before
    for dest, is_dest in _named(orders, "destination", m):
        for mode, is_mode in modes:
            v = lt[m & is_dest & is_mode]
            if v.size:
                q = np.percentile(v, [5, 25, 50, 75, 95])
                groups.append((f"{dest} · {_mode(mode, lang)}", mode, q, v.size))
    groups.sort(key=lambda g: g[2][2])
    top = max(g[2][4] for g in groups) * 1.05
    fig = Figure(900, 70 + 15 * len(groups), title)
    p = fig.panel(
        110,
        40,
        640,
        15 * len(groups),
        xlim=(0, top),
        ylim=(len(groups) - 0.5, -0.5),
        yticks=[],
        grid="x",
        xlabel=label("days", lang),
    )
    for i, (name, mode, q, n) in enumerate(groups):
        colour = MODE_COLOUR.get(mode, "#999")
        p.label_y(i, name)
        p.hinterval(q[0], q[4], i, colour, width=1)
        p.rect(q[1], i - 0.32, q[3], i + 0.32, colour, opacity=0.6)
        p.rect(q[2] - 0.15, i - 0.4, q[2] + 0.15, i + 0.4, INK)
        unit = " 天" if lang == "zh" else " d"  # the median, and the orders it is of
        fig.text(760, float(p.sy(i)) + 3.5, f"{fmt(q[2])}{unit} ({n:,})", size=9)
    fig.height = 90 + 15 * len(groups)
    return fig.render()


def stages(orders: Table, end_h: float, from_h: float, lang: str = "en") -> str:
    """Mean days per stage of delivered orders, one stacked bar per mode."""
    d = orders["delivered_h"]
    m = (orders["placed_h"] >= from_h) & ~np.isnan(d) & (d <= end_h)
    title = label("stages", lang)
    named = _named(orders, "mode", m)
    modes = [md for md, _ in named]
    if not modes:
        return _no_data(title, label("none_delivered", lang))
    means = {
        md: [
            float(np.mean((orders[b] - orders[a])[m & is_mode]) / 24.0) for a, b in STAGES.values()
        ]
        for md, is_mode in named
    }
    top = max(sum(v) for v in means.values()) * 1.05
    fig = Figure(900, 90 + 40 * len(modes), title)
    p = fig.panel(
        60,
        40,
        780,
        36 * len(modes),
        xlim=(0, top),
        ylim=(len(modes) - 0.5, -0.5),
        yticks=[],
        grid="x",
        xlabel=label("days", lang),
    )
    for i, md in enumerate(modes):
        p.label_y(i, _mode(md, lang))
        left = 0.0
        for (stage, v), colour in zip(zip(STAGES, means[md]), STAGE_COLOUR):
            p.rect(
                left, i - 0.35, left + v, i + 0.35, colour, title=f"{label(stage, lang)}: {fmt(v)}"
            )
            if v > top / 25:
                p.text(left + v / 2, i + 0.1, fmt(v), size=9, anchor="middle")
            left += v
    fig.legend(
        60,
        40 + 36 * len(modes) + 40,
        [(label(s, lang), c) for s, c in zip(STAGES, STAGE_COLOUR)],
        cols=5,
        col_w=150,
        kind="box",
    )
    return fig.render()


# --------------------------------------------------------------------------- market


def buyers_per_day(
    daily: Table,
    start: date,
    closures: Sequence[tuple[date, date]] = (),
    fairs: Sequence[tuple[str, date, date]] = (),
    lang: str = "en",
) -> str:
    """Buyer visits per day, the festival closure and fairs shaded."""
    title = label("buyers", lang)
    v = np.asarray(daily["buyers"], dtype=float)
    days = len(v)
    if not days:
        return _no_data(title, label("no_data", lang))
    fig = Figure(900, 220, title)
    p = fig.panel(
        60,
        40,
        800,
        140,
        xlim=(0, days),
        ylim=(0, max(float(v.max()), 1.0) * 1.1),
        xticks=date_ticks(start, 0, days, lang),
        ylabel=label("visits", lang),
    )
    for a, b in closures:
        p.span((a - start).days, (b - start).days + 1, "#999", 0.3)
    for _, a, b in fairs:
        p.span((a - start).days, (b - start).days + 1, "#ff7f0e", 0.2)
    p.line(np.arange(days) + 0.5, v, "#1f77b4", width=1.1)
    fig.legend(
        600,
        30,
        [(label("closed", lang), "#bbb"), (label("fair", lang), "#ffcc99")],
        cols=2,
        col_w=110,
        kind="box",
    )
    return fig.render()


def orders_by_category(orders: Table, from_h: float, lang: str = "en") -> str:
    """Orders and backorders per goods category (after warm-up)."""
    m = orders["placed_h"] >= from_h
    named = _named(orders, "category", m)
    cats = [c for c, _ in named]
    title = label("orders_cat", lang)
    if not cats:
        return _no_data(title, label("no_data", lang))
    n = [int((m & is_cat).sum()) for _, is_cat in named]
    back = [int(orders["backordered"][m & is_cat].sum()) for _, is_cat in named]
    fig = Figure(900, 70 + 18 * len(cats), title)
    p = fig.panel(
        170,
        40,
        560,
        18 * len(cats),
        xlim=(0, max(n) * 1.05),
        ylim=(len(cats) - 0.5, -0.5),
        yticks=[],
        grid="x",
    )
    for i, c in enumerate(cats):
        p.label_y(i, _cat(c, lang))
        p.rect(0, i - 0.35, n[i], i + 0.35, OK)
        p.rect(0, i - 0.35, back[i], i + 0.35, LATE)
        fig.text(
            740, float(p.sy(i)) + 3.5, f"{n[i]:,} · {label('backorders', lang)} {back[i]:,}", size=9
        )
    fig.height = 80 + 18 * len(cats)
    return fig.render()
