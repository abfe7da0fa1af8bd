"""The report's figures as SVG: what a planner looks at, drawn from a run's tables and summary.

Each function returns SVG text (see :mod:`sim.output.svg` for why not matplotlib). Lines and
crossings keep one colour in every figure (:mod:`sim.output.colours`); many lines are shown as
small multiples by corridor rather than one tangle; dates are calendar dates; a figure with
nothing to show says so in words. Labels come in English or Chinese (``lang="zh"``).
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from sim.output import colours, verdicts
from sim.output.glossary import GLOSSARY, category_name, term
from sim.output.labels import label
from sim.output.svg import INK, MUTED, Figure, date_ticks, day_label, esc, fmt
from sim.results.analysis import STAGES, Table, per_week, queue_by_day
from sim.results.table import text_codes
from sim.world.network import Network

MODE_COLOUR = {"rail": "#1f77b4", "sea": "#17becf"}
STAGE_COLOUR = ("#9ecae1", "#fdae6b", "#fdd0a2", "#6baed6", "#c7e9c0")
LATE = "#d62728"
OK = "#9ecae1"
DISRUPTED = "#bdbdbd"  # a crossing's disruption window: grey, as the market's closure
DISRUPTED_EDGE = "#525252"


def disruption_windows(sc: Any) -> dict[str, list[tuple[date, date, bool]]]:
    """The scenario's disruptions of border crossings (``target: node``), per crossing: ``(first
    day, last day, closed)``, both days included as the scenario gives them; ``closed`` when no
    server is left (the model's rule: :meth:`sim.scenario.Disruption.closes`)."""
    out: dict[str, list[tuple[date, date, bool]]] = {}
    for d in sc.disruptions:
        if d.target != "node":
            continue
        closed = d.closes(sc.logistics.servers_at(d.id))
        out.setdefault(d.id, []).append((d.start, d.end, closed))
    return out


def _mode(mode: str, lang: str) -> str:
    """A transport mode in ``lang`` (as written when the glossary does not know it)."""
    return term(f"mode:{mode}", lang) if f"mode:{mode}" in GLOSSARY else mode


def _no_data(title: str, text: str, width: float = 760) -> str:
    fig = Figure(width, 70, title)
    fig.text(12, 50, text, size=12, colour=MUTED)
    return fig.render()


def _date(start: date, day: float) -> date:
    return start + timedelta(days=math.floor(day))


def _named(
    table: Table, column: str, rows: np.ndarray | None = None
) -> list[tuple[str, np.ndarray]]:
    """Each name of text column ``column`` found among ``rows`` (a mask; None: every row), in
    sorted order, with the mask of the table's rows that hold it.

    The masks compare the column's small integer codes (:func:`sim.results.table.text_codes`:
    kept by the model, else one sort of the text), not its text: a figure that splits 66,000
    orders by destination and mode compared the text of every row once per name."""
    codes, labels = text_codes(table, column)
    present = np.bincount(codes if rows is None else codes[rows], minlength=len(labels))
    return [(labels[k], codes == k)
            for k in sorted(range(len(labels)), key=labels.__getitem__) if present[k]]  # fmt: skip


# --------------------------------------------------------------------------- map


@lru_cache(maxsize=1)
def outline() -> list[list[list[float]]]:
    """Country outlines (rings of [lon, lat]) of Natural Earth 1:110m, shipped with the package."""
    text = resources.files("sim.output").joinpath("data/eurasia_outline.geojson").read_text("utf-8")
    rings: list[list[list[float]]] = []
    for f in json.loads(text)["features"]:
        for poly in f["geometry"]["coordinates"]:
            rings.extend(poly)
    return rings


def _place_labels(
    points: Sequence[tuple[str, float, float]],
    obstacles: Sequence[tuple[float, float]],
    bounds: tuple[float, float, float, float] = (-1e9, -1e9, 1e9, 1e9),
) -> list[tuple[str, float, float, str]]:
    """Greedy label placement: each label tries eight spots around its point and takes the first
    that stays inside ``bounds`` and overlaps no label placed before and no other point."""
    placed: list[tuple[float, float, float, float]] = []
    out = []
    offsets = (
        (6, -5, "start"),
        (6, 12, "start"),
        (-6, -5, "end"),
        (-6, 12, "end"),
        (0, -9, "middle"),
        (0, 17, "middle"),
        (12, 3, "start"),
        (-12, 3, "end"),
    )
    for name, x, y in points:
        w, h = 7.0 * len(name), 10.0
        best = None
        for dx, dy, anchor in offsets:
            tx, ty = x + dx, y + dy
            x0 = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
            box = (x0, ty - h + 1, x0 + w, ty + 1)
            outside = box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2]
            hits = (
                outside
                or any(
                    not (box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1])
                    for b in placed
                )
                or any(
                    box[0] - 3 < ox < box[2] + 3 and box[1] - 3 < oy < box[3] + 3
                    for ox, oy in obstacles
                    if (ox, oy) != (x, y)
                )
            )
            if not hits:
                best = (tx, ty, anchor, box)
                break
        if best is None:
            dx, dy, anchor = offsets[0]
            x0 = x + dx
            best = (x + dx, y + dy, anchor, (x0, y + dy - h, x0 + w, y + dy))
        placed.append(best[3])
        out.append((name, best[0], best[1], best[2]))
    return out


def network_map(
    net: Network,
    lines: Sequence[str],
    teu_by_line: Mapping[str, float],
    wait_by_border: Mapping[str, float],
    lang: str = "en",
) -> str:
    """Rail lines along their paths over country outlines, width by TEU carried, each in its own
    colour; crossings sized by mean wait, labelled without overlap; gauge changes marked."""
    rail = [lid for lid in lines if lid in net.lines and net.lines[lid].mode == "rail"]
    lon0, lon1, lat0, lat1 = -12.0, 124.0, 22.0, 62.0
    for lid in rail:
        for p in net.lines[lid].path:
            lon0, lon1 = min(lon0, net.nodes[p].lon - 3), max(lon1, net.nodes[p].lon + 3)
            lat0, lat1 = min(lat0, net.nodes[p].lat - 3), max(lat1, net.nodes[p].lat + 3)
    width, top = 1000.0, 30.0
    # equirectangular with the longitude scaled by cos(mid-latitude): shapes look right
    k = math.cos(math.radians((lat0 + lat1) / 2))
    scale = (width - 20) / ((lon1 - lon0) * k)
    height = (lat1 - lat0) * scale

    def px(lon: float) -> float:
        return 10 + (lon - lon0) * k * scale

    def py(lat: float) -> float:
        return top + (lat1 - lat) * scale

    fig = Figure(width, top + height + 150, label("network", lang))
    fig.add(
        f'<clipPath id="mapclip"><rect x="10" y="{top}" width="{width - 20}" '
        f'height="{height:.0f}"/></clipPath><g clip-path="url(#mapclip)">'
        f'<rect x="10" y="{top}" width="{width - 20}" height="{height:.0f}" fill="#eaf2f8"/>'
    )
    for ring in outline():
        poly = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in ring)
        fig.add(f'<polygon points="{poly}" fill="#f7f5ef" stroke="#b9b3a6" stroke-width="0.6"/>')
    top_teu = max([teu_by_line.get(i, 0.0) for i in rail] + [1.0])
    # lines sharing a track are offset sideways a little so each stays visible
    for n, lid in enumerate(rail):
        line = net.lines[lid]
        w = 1.2 + 6.0 * teu_by_line.get(lid, 0.0) / top_teu
        off = (n - len(rail) / 2) * 0.35
        d = "".join(
            f"{'L' if i else 'M'}{px(net.nodes[p].lon) + off:.1f},{py(net.nodes[p].lat) + off:.1f}"
            for i, p in enumerate(line.path)
        )
        fig.add(
            f'<path d="{d}" fill="none" stroke="{colours.line_colour(lid, net)}" '
            f'stroke-width="{w:.1f}" stroke-opacity="0.8" stroke-linejoin="round" '
            f'stroke-linecap="round"><title>{esc(lid)} {esc(line.name_in(lang))}: '
            f"{fmt(teu_by_line.get(lid, 0.0))} TEU</title></path>"
        )
    breaks = sorted({(g.src, g.dst) for lid in rail for g in net.lines[lid].gauge_breaks})
    marks: list[tuple[float, float]] = []  # labels keep clear of them too
    for a, b in breaks:
        # beside the crossing where the wheels are changed (the break's far end: Irun, not
        # the middle of France on the long Mannheim-Irun edge), off its circle
        xa, ya, xb, yb = (
            px(net.nodes[a].lon),
            py(net.nodes[a].lat),
            px(net.nodes[b].lon),
            py(net.nodes[b].lat),
        )
        span = math.hypot(xa - xb, ya - yb) or 1.0
        frac = min(11.0, span / 2) / span  # (not k: px and py read the projection's k)
        x, y = xb + (xa - xb) * frac, yb + (ya - yb) * frac
        fig.add(_gauge_mark(x, y))
        marks.append((x, y))
    borders = sorted({b for lid in rail for b in net.lines[lid].borders})
    pts: list[tuple[str, float, float]] = []
    for b in borders:
        x, y = px(net.nodes[b].lon), py(net.nodes[b].lat)
        wait = wait_by_border.get(b, 0.0)
        r = 3.5 + 2.2 * math.sqrt(max(wait, 0.0))
        fig.add(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colours.border_colour(b, net)}" '
            f'fill-opacity="0.85" stroke="{INK}" stroke-width="0.8"><title>{esc(b)}: '
            f"{label('wait', lang)} {fmt(wait)}</title></circle>"
        )
        pts.append((b, x, y))
    yiw = net.nodes.get("YIW")
    if yiw is not None:
        fig.add(
            f'<rect x="{px(yiw.lon) - 4:.1f}" y="{py(yiw.lat) - 4:.1f}" width="8" height="8" '
            f'fill="{INK}"/>'
        )
        pts.append(("义乌" if lang == "zh" else "Yiwu", px(yiw.lon), py(yiw.lat)))
    box = (10.0, top, width - 10, top + height)
    for name, x, y, anchor in _place_labels(pts, [*((x, y) for _, x, y in pts), *marks], box):
        fig.text(x, y, name, size=9, anchor=anchor, weight="600", halo=True)
    fig.add("</g>")
    # legend: lines (colour, name, TEU), crossings (wait), gauge mark
    ly = top + height + 22
    items = [
        (
            f"{lid} {net.lines[lid].name_in(lang)} · {fmt(teu_by_line.get(lid, 0.0))} TEU",
            colours.line_colour(lid, net),
        )
        for lid in rail
    ]
    fig.legend(14, ly, items, cols=4, col_w=245)
    rows = math.ceil(len(items) / 4)
    waits = ", ".join(f"{b} {fmt(wait_by_border.get(b, 0.0))} h" for b in borders)
    wy = ly + 15 * rows + 8
    if breaks:  # the map's × explained
        fig.add(_gauge_mark(18, wy - 4))
        fig.text(28, wy, f"{label('gauge', lang)}; {label('wait', lang)}: {waits}", size=10,
                 colour=MUTED)  # fmt: skip
    else:
        fig.text(14, wy, f"{label('wait', lang)}: {waits}", size=10, colour=MUTED)
    fig.text(14, ly + 15 * rows + 24, label("map_note", lang), size=9, colour=MUTED)
    fig.height = ly + 15 * rows + 34
    return fig.render()


def mean_hw(mean: float, hw: float | None) -> str:
    """``mean ± half-width`` with the mean to the half-width's decimals: 28.22 ± 0.54, not
    28 ± 0.54 (a mean rounded coarser than its own interval reads as a different number)."""
    if hw is None:
        return fmt(mean)
    half = fmt(hw)
    nd = len(half.split(".", 1)[1]) if "." in half else 0
    return f"{mean:,.{nd}f} ± {half}"


def label_room(names: Sequence[str], size: float = 9.0, least: float = 230.0) -> float:
    """The x of a panel whose category labels (``names``, drawn right-aligned left of it at
    ``size`` px) must fit the figure: ``least``, or more for long labels. A sweep point's label
    ("logistics.dispatch.rule=fixed, logistics.pricing.rule=live") ran past the figure's left
    edge and was read cut ("cs.dispatch.rule=fixed, ..."). Widths are estimated: 0.6 of the
    size for a narrow character, the whole size for a wide (Chinese) one."""

    def width(s: str) -> float:
        return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in s)

    return max([least] + [12.0 + width(str(n)) for n in names])


def _cat(cat: str, lang: str) -> str:
    """A goods category as the report's tables name it: as the scenario spells it in English,
    the glossary's name in another language (the scenario's own name when it has none)."""
    return cat if lang == "en" else category_name(cat, lang)


def _gauge_mark(x: float, y: float) -> str:
    """The × that marks a gauge change."""
    return (
        f'<path d="M{x - 4:.1f},{y - 4:.1f}L{x + 4:.1f},{y + 4:.1f}M{x - 4:.1f},'
        f'{y + 4:.1f}L{x + 4:.1f},{y - 4:.1f}" stroke="{INK}" stroke-width="1.6"/>'
    )


# --------------------------------------------------------------------------- deadlines


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
            title=f"{_cat(cat, lang)}: {100 * total:.1f} % {label('of', lang)} {int(mc.sum()):,}",
            percent_x=True,
        )
        for i, (d, is_dest) in enumerate(dests):
            m = mc & is_dest
            n = int(m.sum())
            share = float(ok[m].sum() / n)
            p.label_y(i, d)
            p.rect(0, i - 0.35, share, i + 0.35, OK if share >= ON_TIME_MARK else BELOW_MARK)
            fig.text(
                730, float(p.sy(i)) + 3.5, f"{100 * share:.1f} % {label('of', lang)} {n:,}", size=9
            )
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
    fig = Figure(900, 220, title)
    p = fig.panel(
        60,
        40,
        800,
        140,
        xlim=(0, 7 * len(weekly)),
        ylim=(0, float(weekly.max()) * 1.1),
        xticks=date_ticks(start, 0, 7 * len(weekly), lang),
        ylabel=label("trains", lang),
    )
    for w, v in enumerate(weekly):
        end = min(7 * w + 7, days)  # the week's days inside the run
        first, last = day_label(_date(start, 7 * w), lang), day_label(_date(start, end - 1), lang)
        gap = 0.5 * (end - 7 * w) / 7  # a gap between bars in proportion: a 1-day bar shows
        p.rect(7 * w + gap, 0, end - gap, v, MODE_COLOUR["rail"], title=f"{first} – {last}: {v:g}")
    return fig.render()


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
        colour = colours.line_colour(k.split(":")[0])
        p.label_y(i, k, colour=colour)
        p.rect(0, i - 0.35, lf, i + 0.35, colour)
        fig.text(
            740,
            float(p.sy(i)) + 3.5,
            f"{fmt(100 * lf)} % · {lines[k]['departures']} {label('departures', lang)}",
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


# --------------------------------------------------------------------------- borders


def border_queues(
    crossings: Table,
    days: int,
    start: date,
    lang: str = "en",
    disrupted: Mapping[str, Sequence[tuple[date, date, bool]]] | None = None,
) -> str:
    """Trains waiting for a server at each crossing: the daily time average (line) and the daily
    peak (light band), one small panel per crossing that had a queue; the others are named.

    ``disrupted`` maps a crossing to the scenario's disruption windows there, ``(first day, last
    day, closed)`` with both days included (:func:`disruption_windows`): each is shaded grey in
    the crossing's panel, with its dates as a tooltip, so that a planner sees the queue build in
    the window and drain after it instead of guessing when the disruption was.
    """
    title = label("queue", lang)
    named = _named(crossings, "border")
    borders = [b for b, _ in named]
    if not borders:
        return _no_data(title, label("no_crossings", lang))
    data = {}
    for b, m in named:
        data[b] = queue_by_day(crossings["arrive_h"][m], crossings["start_h"][m], days)
    queued = [b for b in borders if data[b][1].max() > 0]
    quiet = [b for b in borders if b not in queued]
    cols = 3
    rows = math.ceil(len(queued) / cols)
    fig = Figure(960, 60 + 170 * rows, title)
    for k, b in enumerate(queued):
        mean, peak = data[b]
        px, py = 55 + (k % cols) * 310, 60 + (k // cols) * 170
        colour = colours.border_colour(b)
        i = int(np.argmax(peak))
        avg, most = fmt(float(mean.mean())), fmt(float(peak.max()))
        when = day_label(_date(start, i), lang)
        head = (
            f"{b}：{label('mean', lang)} {avg}，{label('peak', lang)} {most}（{when}）"
            if lang == "zh"  # Chinese punctuation in a Chinese title, as the report's text has
            else f"{b}: {label('mean', lang)} {avg}, {label('peak', lang)} {most} ({when})"
        )
        p = fig.panel(
            px,
            py,
            250,
            110,
            xlim=(0, days),
            ylim=(0, float(peak.max()) * 1.15),
            title=head,
            xticks=date_ticks(start, 0, days, lang)[::2],
            ylabel=label("trains", lang),
        )
        for a, z, closed in (disrupted or {}).get(b, ()):
            tip = label("crossing_closed" if closed else "crossing_disrupted", lang).format(
                a=day_label(a, lang), b=day_label(z, lang)
            )
            lo, hi = max((a - start).days, 0), min((z - start).days + 1, days)
            if lo < hi:  # a window outside the run draws nothing
                p.rect(lo, p.y0, hi, p.y1, DISRUPTED, 0.3, title=f"{b}: {tip}")
                for edge in (lo, hi):  # dashed edges: no crossing's own colour has them
                    p.vline(edge, DISRUPTED_EDGE, dash="3 2", width=0.9)
        x = np.arange(days) + 0.5
        p.band(x, np.zeros(days), peak, colour, opacity=0.18)
        p.line(x, mean, colour, width=1.4)
    if quiet:
        # under the panels; with no panel at all, on its own line under the note
        y = 60 + 170 * rows - 20 if queued else 60
        fig.text(14, y, f"{label('no_queue', lang)}: {', '.join(quiet)}", size=11, colour=MUTED)
    shaded = any((disrupted or {}).get(b) for b in queued)
    note = label("queue_note", lang) + (label("queue_note_disrupted", lang) if shaded else "")
    fig.text(14, 36, note, size=10, colour=MUTED)
    if not queued:
        fig.height = 80
    return fig.render()


def border_waits(summary: Mapping[str, Any], lang: str = "en") -> str:
    """Mean and 95th-percentile wait for a server at each crossing, in its colour."""
    b = summary["borders"]
    keys = [k for k in b if b[k]["wait_h_mean"] is not None]
    title = label("border_wait", lang)
    if not keys:
        return _no_data(title, label("no_crossings", lang))
    top = max([b[k]["wait_h_p95"] or 0.0 for k in keys] + [1.0]) * 1.05
    fig = Figure(900, 80 + 16 * len(keys), title)
    p = fig.panel(
        60,
        40,
        640,
        16 * len(keys),
        xlim=(0, top),
        ylim=(len(keys) - 0.5, -0.5),
        yticks=[],
        grid="x",
        xlabel=label("hours", lang),
    )
    for i, k in enumerate(keys):
        colour = colours.border_colour(k)
        p.label_y(i, k, colour=colour)
        p.rect(0, i - 0.3, b[k]["wait_h_mean"], i + 0.3, colour)
        if b[k]["wait_h_p95"] is not None:
            p.hinterval(b[k]["wait_h_mean"], b[k]["wait_h_p95"], i, colour, width=1)
        fig.text(
            710,
            float(p.sy(i)) + 3.5,
            f"{fmt(b[k]['wait_h_mean'])} / {fmt(b[k]['wait_h_p95'] or 0)} h · "
            f"{b[k]['crossings']:,} {label('crossings', lang)}",
            size=9,
        )
    if not any((b[k]["wait_h_p95"] or b[k]["wait_h_mean"] or 0.0) > 0 for k in keys):
        # no bar to draw: say so on the empty axes (the teaching world, with no other trains
        # at its crossings, showed ten empty rows on a 0-1 h axis and nothing more)
        p.text(top / 2, (len(keys) - 1) / 2, term("no_wait", lang), size=11, anchor="middle",
               colour=MUTED, halo=True)  # fmt: skip
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


# --------------------------------------------------------------------------- experiments


def paired_differences(
    differences: Mapping[str, Mapping[str, Mapping[str, Any]]],
    kpis: Sequence[tuple[str, str]],
    lang: str = "en",
) -> str:
    """For each KPI (one panel each) and each scenario against the baseline: the paired
    difference with its 95 % interval, zero marked; a filled dot when the interval excludes it."""
    scen = list(differences)
    rows = [(lbl, key) for lbl, key in kpis if any(differences[s].get(key) for s in scen)]
    title = label("paired", lang)
    if not rows or not scen:
        return _no_data(title, label("no_data", lang))

    def zero(key: str) -> bool:
        return all(
            abs((differences[s].get(key) or {}).get(v) or 0.0) < 1e-12
            for s in scen
            for v in ("mean", "ci_low", "ci_high")
        )

    same = [lbl for lbl, key in rows if zero(key)]
    rows = [(lbl, key) for lbl, key in rows if not zero(key)]
    per = 18.0 * len(scen)
    left = label_room(scen)  # the scenarios' names fit left of the panels
    fig = Figure(left + 670, 60 + (per + 36) * len(rows), title)
    y = 56.0
    for lbl, key in rows:
        ds = [differences[s].get(key) or {} for s in scen]
        vals = [
            v
            for d in ds
            for v in (d.get("ci_low"), d.get("ci_high"), d.get("mean"))
            if v is not None
        ]
        span = max([abs(v) for v in vals] + [1e-9]) * 1.15
        p = fig.panel(
            left,
            y,
            520,
            per,
            xlim=(-span, span),
            ylim=(len(scen) - 0.5, -0.5),
            yticks=[],
            grid="x",
            title=lbl,
        )
        p.vline(0.0, INK, dash="3 3")
        for i, (s, d) in enumerate(zip(scen, ds)):
            p.label_y(i, s)
            if d.get("mean") is None:
                continue
            # green better, red worse, blue a change neither (the explorer's colours)
            colour = verdicts.COLOUR[verdicts.verdict(key, d)]
            if d.get("ci_low") is not None:
                p.hinterval(d["ci_low"], d["ci_high"], i, colour)
            p.point(d["mean"], i, colour if d.get("distinguishable") else "white", r=4.5)
            text = mean_hw(d["mean"], d.get("half_width"))
            fig.text(
                left + 530,
                float(p.sy(i)) + 3.5,
                text + (" *" if d.get("distinguishable") else ""),
                size=10,
                colour=colour,
            )
        y += per + 36
    fig.text(14, y, label("paired_colours", lang), size=10, colour=MUTED)
    y += 16
    if same:
        # wrapped, so a long list is not cut off at the figure's edge
        line, lines = f"{label('no_difference', lang)}: ", []
        for k, name in enumerate(same):
            piece = name + (", " if k < len(same) - 1 else "")
            if len(line) + len(piece) > (70 if lang == "zh" else 140):
                lines.append(line)
                line = ""
            line += piece
        for text in [*lines, line]:
            fig.text(14, y, text, size=10, colour=MUTED)
            y += 14
    fig.height = y + 10
    return fig.render()


def kpi_intervals(
    aggregates: Mapping[str, Mapping[str, Any]], kpis: Sequence[tuple[str, str]], lang: str = "en"
) -> str:
    """Mean and 95 % interval across replications of each KPI, per scenario or sweep point."""
    names = list(aggregates)
    rows = [
        (lbl, k)
        for lbl, k in kpis
        if any(aggregates[n].get(k, {}).get("mean") is not None for n in names)
    ]
    title = label("kpi_ci", lang)
    if not rows:
        return _no_data(title, label("no_data", lang))
    per = 18.0 * len(names)
    left = label_room(names)  # the scenarios' or points' names fit left of the panels
    fig = Figure(left + 670, 60 + (per + 36) * len(rows), title)
    y = 56.0
    for lbl, key in rows:
        ds = [aggregates[n].get(key) or {} for n in names]
        vals = [
            v
            for d in ds
            for v in (d.get("ci_low"), d.get("ci_high"), d.get("mean"))
            if v is not None
        ]
        lo, hi = min(vals), max(vals)
        pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1.0
        p = fig.panel(
            left,
            y,
            520,
            per,
            xlim=(lo - pad, hi + pad),
            ylim=(len(names) - 0.5, -0.5),
            yticks=[],
            grid="x",
            title=lbl,
        )
        for i, (n, d) in enumerate(zip(names, ds)):
            p.label_y(i, n)
            if d.get("mean") is None:
                continue
            if d.get("ci_low") is not None:
                p.hinterval(d["ci_low"], d["ci_high"], i, "#1f77b4")
            p.point(d["mean"], i, "#1f77b4")
            fig.text(
                left + 530, float(p.sy(i)) + 3.5, mean_hw(d["mean"], d.get("half_width")), size=10
            )
        y += per + 36
    return fig.render()
