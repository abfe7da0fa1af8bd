"""Figures from saved results (matplotlib, object API only).

Every function takes data read from a results folder (tables as column arrays, ``summary.json``
as a dict) and an optional ``ax``; it draws on that axes (or on a new figure) and returns the
figure. Nothing here calls ``plt.show()``, touches pyplot's global state or changes the global
style, and nothing runs a simulation. Labels come in English or Chinese (``lang="zh"``); Chinese
needs a CJK font (:func:`cjk_font` finds one; :mod:`sim.output.report` says when there is none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.output.analysis import END_STAGES, STAGES, Table, per_week, uniques
from sim.output.labels import LABELS, label
from sim.world.network import Network

__all__ = ["LABELS", "label"]

CJK_FONT_NAMES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
)


CJK_FILE_HINTS = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "uming", "ukai", "simhei")


def cjk_font() -> str | None:
    """Name of an installed font that has Chinese glyphs, or None.

    Fonts installed after matplotlib built its font cache are found by scanning the system font
    files for well-known CJK families and registering them.
    """
    names = {f.name for f in font_manager.fontManager.ttflist}
    found = next((n for n in CJK_FONT_NAMES if n in names), None)
    if found is None:
        for path in font_manager.findSystemFonts():
            if any(h in path.lower().replace("-", "").replace("_", "") for h in CJK_FILE_HINTS):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # an unreadable font file
                    continue
        names = {f.name for f in font_manager.fontManager.ttflist}
        found = next((n for n in CJK_FONT_NAMES if n in names), None)
    return found


def _axes(ax: Axes | None, size: tuple[float, float] = (8, 4.5)) -> tuple[Figure, Axes]:
    if ax is not None:
        fig = ax.figure
        assert isinstance(fig, Figure)
        return fig, ax
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def _dates(start: date, n_weeks: int) -> np.ndarray:
    return np.array([start + timedelta(days=7 * w) for w in range(n_weeks)], dtype="datetime64[D]")


def _days(start: date, day_index: np.ndarray) -> np.ndarray:
    return np.datetime64(start, "D") + day_index.astype("timedelta64[D]")


def _x(d: date) -> float:
    """A date as a matplotlib axis coordinate."""
    return float(mdates.date2num(d))


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
    """Rail lines on longitude/latitude, width by TEU carried; crossings sized and coloured by
    mean wait; gauge changes marked. Sea routes are left out: a straight line from Ningbo to
    Rotterdam would cross Asia."""
    fig, ax = _axes(ax, (10, 5.5))
    lines = [lid for lid in lines if net.lines[lid].mode == "rail"]
    top = max([teu_by_line.get(i, 0.0) for i in lines] + [1.0])
    for lid in lines:
        line = net.lines[lid]
        xs = [net.nodes[p].lon for p in line.path]
        ys = [net.nodes[p].lat for p in line.path]
        width = 0.8 + 6.0 * teu_by_line.get(lid, 0.0) / top
        ax.plot(xs, ys, lw=width, alpha=0.6, label=f"{lid} {line.name}", solid_capstyle="round")
    borders = sorted({b for lid in lines for b in net.lines[lid].borders})
    if borders:
        waits = np.array([wait_by_border.get(b, 0.0) for b in borders])
        sc = ax.scatter(
            [net.nodes[b].lon for b in borders],
            [net.nodes[b].lat for b in borders],
            s=30 + 25 * np.sqrt(waits),
            c=waits,
            cmap="Reds",
            edgecolors="black",
            zorder=3,
            vmin=0,
            vmax=max(float(waits.max()), 1.0),
        )
        fig.colorbar(sc, ax=ax, label=label("wait", lang), shrink=0.7)
    breaks = {(g.src, g.dst) for lid in lines for g in net.lines[lid].gauge_breaks}
    if breaks:
        bx = [(net.nodes[a].lon + net.nodes[b].lon) / 2 for a, b in sorted(breaks)]
        by = [(net.nodes[a].lat + net.nodes[b].lat) / 2 for a, b in sorted(breaks)]
        ax.scatter(bx, by, marker="x", s=70, c="black", zorder=4, label=label("gauge", lang))
    for b in borders:
        ax.annotate(
            b,
            (net.nodes[b].lon, net.nodes[b].lat),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    ax.set_xlabel(label("lon", lang))
    ax.set_ylabel(label("lat", lang))
    ax.set_title(label("network", lang))
    ax.legend(fontsize=6, ncol=2, loc="lower left")
    return fig


# --------------------------------------------------------------------------- throughput


def teu_per_week_by_line(
    departures: Table, days: int, start: date, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Containers (TEU) leaving Yiwu per week, one line per rail line or sea route."""
    fig, ax = _axes(ax)
    first_leg = departures["kind"] != "sailing"
    for lid in uniques(departures["line"][first_leg]):
        m = first_leg & (departures["line"] == lid)
        weekly = per_week(departures["departed_h"][m], departures["teu"][m], days)
        ax.plot(_dates(start, len(weekly)), weekly, marker=".", label=lid)
    ax.set_ylabel(label("teu", lang))
    ax.set_title(label("teu_week_line", lang))
    ax.legend(fontsize=6, ncol=3)
    fig.autofmt_xdate()
    return fig


def teu_per_week_by_mode(
    orders: Table, days: int, start: date, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Goods (TEU) departing Yiwu per week by rail and by sea."""
    fig, ax = _axes(ax)
    for mode in uniques(orders["mode"]):
        m = orders["mode"] == mode
        weekly = per_week(orders["departed_h"][m], orders["teu"][m], days)
        ax.plot(_dates(start, len(weekly)), weekly, marker="o", label=mode)
    ax.set_ylabel(label("teu", lang))
    ax.set_title(label("teu_week_mode", lang))
    ax.legend()
    fig.autofmt_xdate()
    return fig


def trains_per_week(
    departures: Table, days: int, start: date, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Trains leaving Yiwu per week (bars)."""
    fig, ax = _axes(ax)
    m = departures["kind"] == "train"
    weekly = per_week(departures["departed_h"][m], None, days)
    ax.bar(_dates(start, len(weekly)), weekly, width=5)
    ax.set_ylabel(label("trains", lang))
    ax.set_title(label("trains_week", lang))
    fig.autofmt_xdate()
    return fig


# --------------------------------------------------------------------------- lead time


def _delivered(orders: Table, end_h: float, from_h: float) -> np.ndarray:
    d = orders["delivered_h"]
    return (orders["placed_h"] >= from_h) & ~np.isnan(d) & (d <= end_h)


def lead_time_by(
    orders: Table,
    column: str,
    end_h: float,
    from_h: float,
    *,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """Box plot of lead time (days) of delivered orders, by ``mode`` or ``destination``."""
    fig, ax = _axes(ax)
    m = _delivered(orders, end_h, from_h)
    lt = (orders["delivered_h"] - orders["placed_h"]) / 24.0
    groups = uniques(orders[column][m])
    data = [lt[m & (orders[column] == g)] for g in groups]
    if groups:
        ax.boxplot(data, tick_labels=groups, showfliers=False)
    ax.set_ylabel(label("days", lang))
    ax.set_title(label("lead_mode" if column == "mode" else "lead_dest", lang))
    return fig


def stage_breakdown(
    orders: Table, end_h: float, from_h: float, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Mean days per stage for delivered orders, one stacked bar per mode."""
    fig, ax = _axes(ax)
    m = _delivered(orders, end_h, from_h)
    modes = uniques(orders["mode"][m])
    left = np.zeros(len(modes))
    for stage, (a, b) in STAGES.items():
        vals = np.array(
            [
                float(np.mean((orders[b] - orders[a])[m & (orders["mode"] == md)]) / 24.0)
                for md in modes
            ]
        )
        ax.barh(modes, vals, left=left, label=label(stage, lang))
        left += vals
    ax.set_xlabel(label("days", lang))
    ax.set_title(label("stages", lang))
    ax.legend(fontsize=7, loc="lower right")
    return fig


def end_stages(summary: Mapping[str, Any], *, ax: Axes | None = None, lang: str = "en") -> Figure:
    """Where the orders were when the run ended (bars)."""
    fig, ax = _axes(ax)
    counts = summary["orders"]["at_end"]
    ax.bar(list(END_STAGES), [counts[s] for s in END_STAGES])
    ax.set_title(label("end_stage", lang))
    ax.tick_params(axis="x", labelrotation=20)
    return fig


# --------------------------------------------------------------------------- deadlines


def on_time_by_destination(
    summary: Mapping[str, Any], *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Share of orders with a deadline delivered by it, per destination."""
    fig, ax = _axes(ax)
    by = summary["on_time"]["by_destination"]
    dests = [d for d in by if by[d]["share"] is not None]
    ax.bar(dests, [by[d]["share"] for d in dests])
    ax.set_ylim(0, 1)
    ax.set_ylabel(label("share", lang))
    ax.set_title(label("on_time", lang))
    return fig


def last_safe_order_dates(
    orders: Table,
    start: date,
    end_h: float,
    from_h: float = 0.0,
    target: float = 0.9,
    *,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """For each deadline category and line, the last order date whose orders arrive by the
    deadline with probability ``target`` (see :mod:`sim.output.planning_answers`); the deadlines
    as vertical lines."""
    from sim.output.colours import line_colour
    from sim.output.planning_answers import last_safe_orders

    fig, ax = _axes(ax)
    rows = [
        r
        for r in last_safe_orders(orders, from_h=from_h, end_h=end_h, start=start, target=target)
        if r["day"] is not None and r["destination"] != "all"
    ]
    for i, r in enumerate(rows):
        x = _x(start + timedelta(days=r["day"]))
        ax.plot([x], [i], "o", color=line_colour(r["line"]))
    ax.set_yticks(
        range(len(rows)), [f"{r['category']} {r['line']} {r['destination']}" for r in rows]
    )
    ax.tick_params(axis="y", labelsize=6)
    for d in sorted({r["deadline_day"] for r in rows}):
        ax.axvline(_x(start + timedelta(days=d)), color="red", ls="--")
    ax.xaxis_date()
    ax.set_title(label("safe", lang).format(pct=f"{100 * target:g}"), fontsize=8)
    fig.autofmt_xdate()
    return fig


# --------------------------------------------------------------------------- borders


def border_queues(daily: Table, start: date, *, ax: Axes | None = None, lang: str = "en") -> Figure:
    """Trains waiting for a server at each crossing at the end of each day."""
    fig, ax = _axes(ax)
    days = _days(start, daily["day"])
    for col in sorted(c for c in daily if c.startswith("queue_")):
        if np.any(daily[col] > 0):
            ax.plot(days, daily[col], label=col.removeprefix("queue_"))
    ax.set_ylabel(label("trains", lang))
    ax.set_title(label("queue", lang))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7)
    fig.autofmt_xdate()
    return fig


def border_waits_by_week(
    crossings: Table, days: int, start: date, *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Mean wait for a server by week of arrival, per crossing."""
    fig, ax = _axes(ax)
    for b in uniques(crossings["border"]):
        m = crossings["border"] == b
        wait = crossings["start_h"][m] - crossings["arrive_h"][m]
        total = per_week(crossings["arrive_h"][m], wait, days)
        count = per_week(crossings["arrive_h"][m], None, days)
        mean = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
        ax.plot(_dates(start, len(mean)), mean, label=b)
    ax.set_ylabel(label("hours", lang))
    ax.set_title(label("border_wait", lang))
    ax.legend(fontsize=6, ncol=3)
    fig.autofmt_xdate()
    return fig


def load_factor_by_line(
    summary: Mapping[str, Any], *, ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Train (and sea leg) load factor per line."""
    fig, ax = _axes(ax)
    lines = summary["lines"]
    keys = [k for k in lines if lines[k]["load_factor"] is not None]
    ax.bar(keys, [lines[k]["load_factor"] for k in keys])
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
    fig, ax = _axes(ax)
    ax.plot(_days(start, daily["day"]), daily["buyers"], lw=1)
    for i, (a, b) in enumerate(closures):
        ax.axvspan(
            _x(a), _x(b), color="grey", alpha=0.3, label=label("closed", lang) if i == 0 else None
        )
    for i, (_, a, b) in enumerate(fairs):
        ax.axvspan(
            _x(a),
            _x(b + timedelta(days=1)),
            color="orange",
            alpha=0.2,
            label=label("fair", lang) if i == 0 else None,
        )
    ax.set_ylabel(label("visits", lang))
    ax.set_title(label("buyers", lang))
    if closures or fairs:
        ax.legend(fontsize=7)
    fig.autofmt_xdate()
    return fig


def orders_by_category(orders: Table, *, ax: Axes | None = None, lang: str = "en") -> Figure:
    """Orders and backorders per goods category (grouped bars)."""
    fig, ax = _axes(ax)
    cats = uniques(orders["category"])
    x = np.arange(len(cats))
    n = [int((orders["category"] == c).sum()) for c in cats]
    back = [int(orders["backordered"][orders["category"] == c].sum()) for c in cats]
    ax.bar(x - 0.2, n, width=0.4, label=label("orders", lang))
    ax.bar(x + 0.2, back, width=0.4, label=label("backorders", lang))
    ax.set_xticks(x, cats, rotation=20, fontsize=7)
    ax.set_title(label("orders_cat", lang))
    ax.legend()
    return fig


# --------------------------------------------------------------------------- experiments


def kpi_intervals(
    aggregates: Mapping[str, Mapping[str, Any]],
    kpi: str,
    *,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """One KPI per scenario: mean with its 95 % interval (error bars)."""
    fig, ax = _axes(ax, (7, 3.5))
    names = [n for n in aggregates if aggregates[n].get(kpi, {}).get("mean") is not None]
    means = [aggregates[n][kpi]["mean"] for n in names]
    errs = [aggregates[n][kpi].get("half_width") or 0.0 for n in names]
    ax.errorbar(names, means, yerr=errs, fmt="o", capsize=6)
    ax.set_title(f"{kpi}: {label('kpi_ci', lang)}", fontsize=9)
    ax.tick_params(axis="x", labelsize=7)
    return fig


def kpi_vs_parameter(
    xs: Sequence[float],
    aggregates: Sequence[Mapping[str, Any]],
    kpi: str,
    parameter: str,
    *,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """One KPI against a swept parameter: mean and its 95 % interval band."""
    fig, ax = _axes(ax, (7, 3.5))
    pts = [(x, a[kpi]) for x, a in zip(xs, aggregates) if a.get(kpi, {}).get("mean") is not None]
    x = np.array([p[0] for p in pts], dtype=float)
    mean = np.array([p[1]["mean"] for p in pts], dtype=float)
    hw = np.array([p[1].get("half_width") or 0.0 for p in pts], dtype=float)
    ax.plot(x, mean, marker="o")
    ax.fill_between(x, mean - hw, mean + hw, alpha=0.25)
    ax.set_xlabel(parameter)
    ax.set_title(f"{kpi}: {label('kpi_ci', lang)}", fontsize=9)
    return fig
