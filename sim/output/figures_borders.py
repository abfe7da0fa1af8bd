"""The report's border figures: queues at each crossing day by day, and the waits there.

Notes
-----
A crossing keeps its colour in every figure (:mod:`sim.output.colours`). The scenario's
disruptions of a crossing (:func:`disruption_windows`, the model's rule for when one closes it)
are shaded grey in that crossing's queue panel, so that a planner sees the queue build in the
window and drain after it. Labels in English or Chinese (``lang="zh"``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from sim.output import colours
from sim.output.figures_common import DISRUPTED, DISRUPTED_EDGE, _date, _named, _no_data
from sim.output.glossary import term
from sim.output.labels import label
from sim.output.svg import MUTED, Figure, date_ticks, day_label, fmt
from sim.results.analysis import Table, queue_by_day


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
        avg, most = label_number(float(mean.mean())), fmt(float(peak.max()))
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


def label_number(v: float) -> str:
    """A number of a border figure's labels, hours waited or trains queueing: to the tenth from
    one, as the command line's summary and the key figures give hours ("7.8 / 40.3 h"; the
    figure's tick format wrote "7.8 / 40 h" and "0.37 / 2 h"), to the hundredth below (0.14 h,
    not 0.1; a mean queue of 0.10 beside 0.17, not 0.1), and a zero as 0."""
    if v == 0:
        return "0"
    return f"{v:,.1f}" if abs(v) >= 0.995 else f"{v:.2f}"


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
            f"{label_number(b[k]['wait_h_mean'])} / {label_number(b[k]['wait_h_p95'] or 0)} h · "
            f"{b[k]['crossings']:,} {label('crossings', lang)}",
            size=9,
        )
    if not any((b[k]["wait_h_p95"] or b[k]["wait_h_mean"] or 0.0) > 0 for k in keys):
        # no bar to draw: say so on the empty axes (the teaching world, with no other trains
        # at its crossings, showed ten empty rows on a 0-1 h axis and nothing more)
        p.text(top / 2, (len(keys) - 1) / 2, term("no_wait", lang), size=11, anchor="middle",
               colour=MUTED, halo=True)  # fmt: skip
    return fig.render()
