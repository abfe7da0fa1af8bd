"""The figures of one run, drawn with matplotlib from the run's tables and summary.

Each function takes what a run folder holds (tables as column arrays, ``summary.json`` as a
dict), draws on the ``ax`` it is given (or on a new figure) and returns the figure. Lines,
crossings, modes and stages have the colours of the HTML report (:mod:`sim.output.colours`,
:mod:`sim.output.figures`), so a figure in a paper matches the report a reader can open.
Nothing here calls ``pyplot``, changes matplotlib's global style or runs a simulation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from sim.output.colours import border_colour, line_colour
from sim.output.figures_common import LATE, MODE_COLOUR, STAGE_COLOUR
from sim.output.glossary import category_name, term
from sim.output.labels import label
from sim.results.analysis import STAGES, Table, per_week, queue_by_day, uniques
from sim.results.table import names_in, rows_named
from sim.world.network import Network, place_name

GREY = "#7f7f7f"
"""Anything the report draws without a colour of its own."""


def new_axes(ax: Axes | None, size: tuple[float, float] = (7.0, 3.6)) -> tuple[Figure, Axes]:
    """The figure of ``ax``, or a new figure (not registered with ``pyplot``) and its axes."""
    if ax is not None:
        fig = ax.figure
        assert isinstance(fig, Figure)
        return fig, ax
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def _weeks(start: date, n: int) -> np.ndarray:
    return np.array([start + timedelta(days=7 * w) for w in range(n)], dtype="datetime64[D]")


def _days(start: date, day_index: np.ndarray) -> np.ndarray:
    return np.datetime64(start, "D") + np.asarray(day_index).astype("timedelta64[D]")


def _x(d: date) -> float:
    return float(mdates.date2num(d))


def _date_axis(fig: Figure, ax: Axes, lang: str = "en") -> None:
    if lang == "zh":  # 10月, 11月, 2026年 ... (strftime has no portable unpadded month)
        ax.xaxis.set_major_formatter(FuncFormatter(_zh_date))
    else:
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="y", alpha=0.3)


def _zh_date(x: float, pos: int | None = None) -> str:
    """A date tick in Chinese, as concise as the English one: the year at its first day, the
    month at its first day, else month and day."""
    d = mdates.num2date(x)
    if d.month == 1 and d.day == 1:
        return f"{d.year}年"
    return f"{d.month}月" if d.day == 1 else f"{d.month}月{d.day}日"


# --------------------------------------------------------------------------- network


def network_map(
    net: Network,
    lines: Sequence[str],
    teu_by_line: Mapping[str, float],
    wait_by_border: Mapping[str, float],
    *,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """Rail lines along their paths (width: TEU carried) and the crossings (size: mean wait).

    Sea routes are left out: a straight line from Ningbo to Rotterdam would cross Asia.
    """
    fig, ax = new_axes(ax, (9.0, 5.0))
    rail = [lid for lid in lines if lid in net.lines and net.lines[lid].mode == "rail"]
    top = max([teu_by_line.get(i, 0.0) for i in rail] + [1.0])
    for lid in rail:
        line = net.lines[lid]
        ax.plot(
            [net.nodes[p].lon for p in line.path],
            [net.nodes[p].lat for p in line.path],
            lw=0.8 + 6.0 * teu_by_line.get(lid, 0.0) / top,
            alpha=0.7,
            color=line_colour(lid, net),
            label=f"{lid} {line.name_in(lang)}",
            solid_capstyle="round",
        )
    borders = sorted({b for lid in rail for b in net.lines[lid].borders})
    for b in borders:
        node = net.nodes[b]
        wait = wait_by_border.get(b, 0.0) or 0.0
        ax.scatter(
            [node.lon], [node.lat], s=30 + 25 * np.sqrt(wait), color=border_colour(b, net),
            edgecolors="black", zorder=3,
        )  # fmt: skip
        ax.annotate(f"{b} {wait:.0f} h", (node.lon, node.lat), fontsize=7, xytext=(3, 3),
                    textcoords="offset points")  # fmt: skip
    ax.set_xlabel(label("lon", lang))
    ax.set_ylabel(label("lat", lang))
    ax.set_title(label("network", lang))
    if rail:
        ax.legend(fontsize=6, ncol=2, loc="lower left")
    return fig


# --------------------------------------------------------------------------- throughput


def teu_per_week_by_line(
    departures: Table, days: int, start: date, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Containers (TEU) leaving Yiwu per week, one line per rail line or sea route."""
    fig, ax = new_axes(ax)
    first_leg = departures["kind"] != "sailing"
    for lid in uniques(departures["line"][first_leg]):
        m = first_leg & (departures["line"] == lid)
        weekly = per_week(departures["departed_h"][m], departures["teu"][m], days)
        ax.plot(_weeks(start, len(weekly)), weekly, marker=".", color=line_colour(lid), label=lid)
    ax.set_ylabel(label("teu", lang))
    ax.set_title(label("teu_week_line", lang))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=6, ncol=3)
    _date_axis(fig, ax, lang)
    return fig


def trains_per_week(
    departures: Table, days: int, start: date, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Trains leaving Yiwu per week (bars over the days they count; a last part of a week,
    shorter, gets a narrower bar, as in the report)."""
    fig, ax = new_axes(ax)
    m = departures["kind"] == "train"
    weekly = per_week(departures["departed_h"][m], None, days)
    span = np.minimum(7, days - 7 * np.arange(len(weekly)))  # each week's days inside the run
    gap = span / 7  # a day's gap either side of a full week's bar
    x = _weeks(start, len(weekly)) + np.round(24 * gap).astype("timedelta64[h]")
    ax.bar(x, weekly, width=span - 2 * gap, align="edge", color=MODE_COLOUR["rail"])
    ax.set_ylabel(label("trains", lang))
    ax.set_title(label("trains_week", lang))
    _date_axis(fig, ax, lang)
    return fig


# --------------------------------------------------------------------------- lead time


def _delivered(orders: Table, end_h: float, from_h: float) -> np.ndarray:
    d = orders["delivered_h"]
    return (orders["placed_h"] >= from_h) & ~np.isnan(d) & (d <= end_h)


def lead_time(
    orders: Table, end_h: float, from_h: float, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Lead time (days) of the delivered orders by destination, one box per mode."""
    fig, ax = new_axes(ax)
    m = _delivered(orders, end_h, from_h)
    lt = (orders["delivered_h"] - orders["placed_h"]) / 24.0
    # the orders' names by their codes (two million rows at full scale: no text compared)
    dests = names_in(orders, "destination", m)
    modes = names_in(orders, "mode", m)
    width = 0.8 / max(len(modes), 1)
    for j, mode in enumerate(modes):
        by_mode = m & rows_named(orders, "mode", mode)
        data = [lt[by_mode & rows_named(orders, "destination", d)] for d in dests]
        pos = [i + (j - (len(modes) - 1) / 2) * width for i in range(len(dests))]
        kept = [(p, v) for p, v in zip(pos, data) if len(v)]
        if not kept:
            continue
        box = ax.boxplot(
            [v for _, v in kept],
            positions=[p for p, _ in kept],
            widths=width * 0.9,
            whis=(5, 95),
            showfliers=False,
            patch_artist=True,
            medianprops={"color": "black"},
        )
        colour = MODE_COLOUR.get(mode, GREY)
        for patch in box["boxes"]:
            patch.set_facecolor(colour)
            patch.set_alpha(0.6)
        ax.plot([], [], "s", color=colour, label=mode)
    ax.set_xticks(range(len(dests)), dests)
    ax.set_ylabel(label("days", lang))
    ax.set_title(label("lead_dest", lang))
    if modes:
        ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return fig


def stage_breakdown(
    orders: Table, end_h: float, from_h: float, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Where the time goes: mean days per stage of the delivered orders, one bar per mode."""
    fig, ax = new_axes(ax)
    m = _delivered(orders, end_h, from_h)
    modes = names_in(orders, "mode", m)
    by_mode = [m & rows_named(orders, "mode", md) for md in modes]
    left = np.zeros(len(modes))
    for k, (stage, (a, b)) in enumerate(STAGES.items()):
        vals = np.array([float(np.mean((orders[b] - orders[a])[rows]) / 24.0) for rows in by_mode])
        ax.barh(modes, vals, left=left, color=STAGE_COLOUR[k % len(STAGE_COLOUR)],
                label=label(stage, lang))  # fmt: skip
        left += vals
    ax.set_xlabel(label("days", lang))
    ax.set_title(label("stages", lang))
    ax.legend(fontsize=7, loc="lower right")
    return fig


# --------------------------------------------------------------------------- deadlines


def on_time_by_destination(
    summary: Mapping[str, Any], *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Share of the orders with a deadline delivered by it, per destination, every deadline
    together (``summary.json``'s ``on_time.by_destination``); the rest late, in percent.

    The title said "each deadline apart", as the report's figure (drawn from the orders table,
    one panel a deadline) says, over bars that pool Christmas and festival goods; the bars'
    key repeated that title for "in time"."""
    fig, ax = new_axes(ax)
    by = summary.get("on_time", {}).get("by_destination", {})
    dests = [d for d in by if by[d].get("share") is not None]
    share = 100 * np.array([by[d]["share"] for d in dests], dtype=float)
    if lang != "en":  # the destinations by their names in lang (English: the codes, as ever)
        dests = [place_name(d, lang) for d in dests]
    ax.bar(dests, share, color=MODE_COLOUR["rail"], label=label("on_time_n", lang))
    ax.bar(dests, 100 - share, bottom=share, color=LATE, alpha=0.7, label=label("late", lang))
    ax.set_ylim(0, 100)
    ax.set_ylabel(label("share_pct", lang))
    ax.set_title(label("on_time_pooled", lang))
    if dests:
        ax.legend(fontsize=7)
    return fig


def last_safe_order_dates(
    rows: Sequence[Mapping[str, Any]],
    start: date,
    target: float = 0.9,
    *,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """For each deadline, line and destination, the last order date whose orders arrive by the
    deadline with probability ``target`` (rows of :func:`sim.results.planning_answers.
    last_safe_orders`); the deadlines as dashed red lines."""
    shown = [r for r in rows if r.get("day") is not None and r.get("destination") != "all"]
    fig, ax = new_axes(ax, (7.0, max(2.5, 0.25 * len(shown) + 1.2)))
    for i, r in enumerate(shown):
        ax.plot([_x(start + timedelta(days=r["day"]))], [i], "o", color=line_colour(r["line"]))
    ax.set_yticks(
        range(len(shown)),
        [f"{category_name(r['category'], lang) if lang != 'en' else r['category']} "
         f"{r['line']} {r['destination']}" for r in shown],
    )  # fmt: skip
    ax.tick_params(axis="y", labelsize=7)
    for d in sorted({r["deadline_day"] for r in shown if r.get("deadline_day") is not None}):
        ax.axvline(_x(start + timedelta(days=d)), color=LATE, ls="--")
    ax.xaxis_date()
    ax.set_title(label("safe", lang).format(pct=f"{100 * target:g}"), fontsize=9)
    _date_axis(fig, ax, lang)
    return fig


# --------------------------------------------------------------------------- borders


def border_queues(
    crossings: Table,
    days: int,
    start: date,
    *,
    ax: Axes | None = None,
    lang: str = "en",
    disrupted: Mapping[str, Sequence[tuple[date, date, bool]]] | None = None,
) -> Figure:
    """Trains waiting for a server at each crossing: the time average of each day.

    The x axis spans the run's dates. Crossings where no train queued are named in the axes
    instead of drawn (with none queueing at all, that is all the figure says). ``disrupted``
    (:func:`sim.output.figures_borders.disruption_windows`) shades each disrupted crossing's windows
    with its line's colour, as the report's panels do in grey.
    """
    fig, ax = new_axes(ax)
    quiet = []
    for b in uniques(crossings["border"]):
        m = crossings["border"] == b
        mean, _peak = queue_by_day(crossings["arrive_h"][m], crossings["start_h"][m], days)
        if np.any(mean > 0):
            ax.plot(_days(start, np.arange(len(mean))), mean, color=border_colour(b), label=b)
            for a, z, _closed in (disrupted or {}).get(b, ()):
                ax.axvspan(_x(a), _x(z + timedelta(days=1)), color=border_colour(b), alpha=0.12,
                           lw=0)  # fmt: skip
        else:
            quiet.append(str(b))
    ax.xaxis_date()  # a date axis even when nothing is plotted on it
    ax.set_xlim(_x(start), _x(start + timedelta(days=days)))
    ax.set_ylim(bottom=0)  # a count of trains: never below zero, even when all are zero
    ax.set_ylabel(label("trains", lang))
    ax.set_title(label("queue", lang))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, ncol=2)
    if quiet:  # say which crossings had no queue rather than leave them out unsaid
        sep = ", " if lang == "en" else "、"
        text = f"{label('no_queue', lang)}{': ' if lang == 'en' else '：'}{sep.join(quiet)}"
        ax.text(0.01, 0.97, text, transform=ax.transAxes, fontsize=7, va="top", wrap=True)
    _date_axis(fig, ax, lang)
    return fig


def border_waits(summary: Mapping[str, Any], *, ax: Axes | None = None, lang: str = "en") -> Figure:
    """Mean and 95th-percentile wait for a server at each crossing (hours)."""
    fig, ax = new_axes(ax)
    borders = summary.get("borders", {})
    names = [b for b in borders if borders[b].get("wait_h_mean") is not None]
    x = np.arange(len(names))
    mean = [borders[b]["wait_h_mean"] for b in names]
    p95 = [borders[b].get("wait_h_p95") or 0.0 for b in names]
    colours = [border_colour(b) for b in names]
    ax.bar(x - 0.2, mean, width=0.4, color=colours, label=label("mean", lang))
    ax.bar(x + 0.2, p95, width=0.4, color=colours, alpha=0.45,
           label="p95" if lang == "en" else "95分位")  # fmt: skip
    ax.set_xticks(x, names)
    # hours of waiting: from zero, and at least an hour high, as the report draws them (with no
    # wait at all matplotlib centred the zero bars on a -0.05 to 0.05 axis)
    ax.set_ylim(0, max([*mean, *p95, 1.0]) * 1.05)
    if names and not any(mean) and not any(p95):
        ax.text(0.5, 0.5, term("no_wait", lang), transform=ax.transAxes, ha="center",
                fontsize=8)  # fmt: skip
    ax.set_ylabel(label("hours", lang))
    ax.set_title(label("border_wait", lang))
    if names:
        ax.legend(fontsize=7)
    return fig


def load_factor_by_line(
    summary: Mapping[str, Any], *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Train (and sea leg) load factor per line."""
    fig, ax = new_axes(ax)
    lines = summary.get("lines", {})
    keys = [k for k in lines if lines[k].get("load_factor") is not None]
    ax.bar(keys, [lines[k]["load_factor"] for k in keys],
           color=[line_colour(k.split(":")[0]) for k in keys])  # fmt: skip
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(label("load_factor", lang))
    ax.set_title(label("load", lang))
    ax.tick_params(axis="x", labelrotation=60, labelsize=7)
    return fig


# --------------------------------------------------------------------------- market


def buyers_per_day(
    daily: Table,
    start: date,
    closures: Sequence[tuple[date, date]] = (),
    fairs: Sequence[tuple[str, date, date]] = (),
    *,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """Buyer visits per day, with the festival closure and the fairs shaded."""
    fig, ax = new_axes(ax)
    ax.plot(_days(start, daily["day"]), daily["buyers"], lw=1, color=MODE_COLOUR["rail"])
    for i, (a, b) in enumerate(closures):
        ax.axvspan(_x(a), _x(b), color=GREY, alpha=0.3,
                   label=label("closed", lang) if i == 0 else None)  # fmt: skip
    for i, (_, a, b) in enumerate(fairs):
        ax.axvspan(_x(a), _x(b + timedelta(days=1)), color="#ff7f0e", alpha=0.2,
                   label=label("fair", lang) if i == 0 else None)  # fmt: skip
    ax.set_ylabel(label("visits", lang))
    ax.set_title(label("buyers", lang))
    if closures or fairs:
        ax.legend(fontsize=7)
    _date_axis(fig, ax, lang)
    return fig


def orders_by_category(
    orders: Table, from_h: float = 0.0, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Orders placed after ``from_h`` and the backordered ones, per goods category."""
    fig, ax = new_axes(ax)
    after = orders["placed_h"] >= from_h
    cats = names_in(orders, "category", after)
    x = np.arange(len(cats))
    of_cat = [after & rows_named(orders, "category", c) for c in cats]
    n = [int(rows.sum()) for rows in of_cat]
    back = [int(orders["backordered"][rows].sum()) for rows in of_cat]
    ax.bar(x - 0.2, n, width=0.4, color=MODE_COLOUR["rail"], label=label("orders", lang))
    ax.bar(x + 0.2, back, width=0.4, color=LATE, label=label("backorders", lang))
    ax.set_xticks(x, cats, rotation=20, fontsize=7)
    ax.set_title(label("orders_cat", lang))
    ax.legend(fontsize=7)
    return fig
