"""The plan's trade-off chart: every decision a dot, the Pareto front, the goal line (SVG).

Notes
-----
The chart of ``plan.html`` (:func:`_svg`: ticks on both axes, the goal as a dashed line, the
front's points labelled) and the paragraph under its heading (:func:`_tradeoff_note`). The dots
are the search's means; the recommendation, or the closest decision when there is none, is
ringed (:func:`_ringed`), and when it had more runs than the search gave every decision a
diamond marks its means over all of them (:func:`_over_all_runs`), the numbers of the answer
above the chart. Every text in the SVG is escaped.
"""

from __future__ import annotations

import html
from typing import Any

from sim.output.glossary import kpi_name, kpi_scale, term
from sim.output.plan_decisions import _decision, _short
from sim.output.plan_values import _num, front_places
from sim.output.svg import nice_ticks


def _tradeoff_note(result: dict[str, Any], lang: str) -> str:
    """What the trade-off's dots are: the search means, and the recommendation's means over
    all its runs when it had more (the numbers of the answer above the chart)."""
    n = result["search"]["replications"]
    sep = "" if lang == "zh" else " "
    table = term("tradeoff_table", lang)  # the chart shows every decision, its table the front
    if not result.get("recommended"):  # the ring marks the closest decision (the answer's)
        key = "tradeoff_note_closest" if _ringed(result) else "tradeoff_note_none"
        return term(key, lang, n=n) + sep + table
    settled = _over_all_runs(result, (result.get("recommended") or {}).get("id"))
    if settled is None:
        return term("tradeoff_note", lang, n=n) + sep + table
    return term("tradeoff_note_settled", lang, n=n, m=settled[2]) + sep + table


def _ringed(result: dict[str, Any]) -> str | None:
    """The decision the trade-off chart rings: the recommendation, or when there is none the
    closest decision the answer names (the dot the planner looks for), if it has a dot."""
    t = result.get("tradeoff") or {}
    cid = (result.get("recommended") or result.get("closest") or {}).get("id")
    return cid if cid in (t.get("points") or {}) else None


def _over_all_runs(result: dict[str, Any], cid: str | None) -> tuple[float, float, int] | None:
    """The trade-off's two KPIs of candidate ``cid`` over every run it had (its search runs and
    its selection's), and how many, when it had more runs than its search gave every
    candidate (None otherwise: its dot is already that)."""
    t = result.get("tradeoff") or {}
    c = next((c for c in result.get("candidates", []) if c.get("id") == cid), None)
    if c is None or not c.get("kpis") or not c.get("selection_runs"):
        return None
    x, y = c["kpis"].get(t.get("x")), c["kpis"].get(t.get("y"))
    if not x or not y or x.get("mean") is None or y.get("mean") is None:
        return None
    return float(x["mean"]), float(y["mean"]), int(c["search_runs"] + c["selection_runs"])


def _padded(values: list[float], pad: float = 0.06) -> tuple[float, float]:
    """The range of ``values`` widened by ``pad`` of its span on each side (by 1 when the
    values are all one)."""
    lo, hi = min(values), max(values)
    span = hi - lo if hi > lo else 1.0
    return lo - pad * span, hi + pad * span


def _svg(result: dict[str, Any], lang: str) -> str:
    """Every candidate as a dot (search means), the Pareto front as a line, the goal as a
    dashed line, tick values on both axes, the front's points and the recommendation labelled."""
    t = result["tradeoff"]
    pts = t["points"]
    if not pts:
        return ""
    sx, sy = kpi_scale(t["x"]), kpi_scale(t["y"])
    xs = [p["x"] * sx for p in pts.values()]
    ys = [p["y"] * sy for p in pts.values()]
    # a dot's hover text to the decimals of the Pareto front's table: the default ones showed
    # two front decisions alike (673 and 673 departures) that the table tells apart
    xp, yp = front_places([(pts[i]["x"], pts[i]["y"]) for i in t["pareto"]], (t["x"], t["y"]))
    rec = _ringed(result)  # the recommendation, or the closest decision when none
    settled = _over_all_runs(result, (result.get("recommended") or {}).get("id"))
    if settled is not None:
        xs.append(settled[0] * sx)
        ys.append(settled[1] * sy)
    goal = t.get("goal_y")
    if goal is not None:
        ys.append(goal * sy)
    # a margin round the points: none sits on an axis or on the frame's edge
    x0, x1 = _padded(xs)
    y0, y1 = _padded(ys)
    xt = nice_ticks(x0, x1, 6)
    yt = nice_ticks(y0, y1, 5)
    w, h, ml, mr, mt, mb = 960, 480, 80, 30, 20, 60

    def px(x: float) -> float:
        return ml + (w - ml - mr) * ((x - x0) / (x1 - x0) if x1 > x0 else 0.5)

    def py(y: float) -> float:
        return h - mb - (h - mt - mb) * ((y - y0) / (y1 - y0) if y1 > y0 else 0.5)

    def tick(v: float, step: float) -> str:
        nd = max(0, -int(f"{step:e}".split("e")[1])) if step < 1 else 0
        return f"{v:,.{nd}f}"

    e = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="white"/>',
        f'<line x1="{ml}" y1="{h - mb}" x2="{w - mr}" y2="{h - mb}" stroke="black"/>',
        f'<line x1="{ml}" y1="{mt}" x2="{ml}" y2="{h - mb}" stroke="black"/>',
    ]
    xstep = xt[1] - xt[0] if len(xt) > 1 else 1.0
    ystep = yt[1] - yt[0] if len(yt) > 1 else 1.0
    for v in xt:
        parts.append(
            f'<line x1="{px(v):.1f}" y1="{h - mb}" x2="{px(v):.1f}" y2="{h - mb + 5}" '
            f'stroke="black"/><text x="{px(v):.1f}" y="{h - mb + 18}" text-anchor="middle">'
            f"{e(tick(v, xstep))}</text>"
        )
    for v in yt:
        parts.append(
            f'<line x1="{ml - 5}" y1="{py(v):.1f}" x2="{ml}" y2="{py(v):.1f}" stroke="black"/>'
            f'<line x1="{ml}" y1="{py(v):.1f}" x2="{w - mr}" y2="{py(v):.1f}" stroke="#eee"/>'
            f'<text x="{ml - 8}" y="{py(v) + 4:.1f}" text-anchor="end">{e(tick(v, ystep))}</text>'
        )
    parts.append(
        f'<text x="{(ml + w - mr) / 2}" y="{h - 14}" text-anchor="middle">'
        f"{e(kpi_name(t['x'], lang))}</text>"
        f'<text x="16" y="{(mt + h - mb) / 2}" transform="rotate(-90 16 {(mt + h - mb) / 2})" '
        f'text-anchor="middle">{e(kpi_name(t["y"], lang))}</text>'
    )
    if goal is not None:
        gy = py(goal * sy)
        parts.append(
            f'<line x1="{ml}" y1="{gy:.1f}" x2="{w - mr}" y2="{gy:.1f}" stroke="#2c7a3f" '
            f'stroke-dasharray="6 4"/><text x="{w - mr - 4}" y="{gy - 5:.1f}" text-anchor="end" '
            f'fill="#2c7a3f">{e(term("goal", lang))} {e(_num(goal, t["y"]))}</text>'
        )
    front = [pts[i] for i in t["pareto"]]
    if len(front) > 1:
        path = " ".join(f"{px(p['x'] * sx):.1f},{py(p['y'] * sy):.1f}" for p in front)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#c0392b"/>')
    for i, p in pts.items():
        colour = "#c0392b" if i in t["pareto"] else "#7f8c8d"
        cx, cy = px(p["x"] * sx), py(p["y"] * sy)
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}"><title>'
            f"{e(_decision(p, lang))}: {e(_num(p['x'], t['x'], places=xp))}, "
            f"{e(_num(p['y'], t['y'], places=yp))}"
            "</title></circle>"
        )
        if i == rec:
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="9" fill="none" stroke="#1f4e9c" '
                'stroke-width="2"/>'
            )
            if settled is not None:  # where its search runs put it, and where all its runs do
                sx_, sy_ = px(settled[0] * sx), py(settled[1] * sy)
                words = term("tradeoff_settled", lang, n=settled[2])
                parts.append(
                    f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{sx_:.1f}" y2="{sy_:.1f}" '
                    'stroke="#1f4e9c" stroke-dasharray="3 3"/>'
                    f'<path d="M{sx_:.1f},{sy_ - 7:.1f} L{sx_ + 7:.1f},{sy_:.1f} '
                    f'L{sx_:.1f},{sy_ + 7:.1f} L{sx_ - 7:.1f},{sy_:.1f} Z" fill="#1f4e9c">'
                    f"<title>{e(words)}: {e(_num(settled[0], t['x'], places=xp))}, "
                    f"{e(_num(settled[1], t['y'], places=yp))}</title></path>"
                    # right of the diamond, or left of it near the right edge (its words
                    # ran off the chart: "the recommen")
                    f'<text x="{sx_ + (-10 if sx_ > w * 0.6 else 10):.1f}" y="{sy_ + 4:.1f}" '
                    f'text-anchor="{"end" if sx_ > w * 0.6 else "start"}" font-size="11" '
                    f'fill="#1f4e9c">{e(words)}</text>'
                )
    labelled = list(dict.fromkeys([*([rec] if rec in pts else []), *t["pareto"]]))
    used: list[tuple[float, float, float]] = []
    for i in labelled:
        p = pts[i]
        cx, cy = px(p["x"] * sx), py(p["y"] * sy)
        ly = cy - 10
        text = _short(p, lang)
        span = 6.5 * len(text)
        if i != rec and any(
            abs(ly - uy) < 13 and abs(cx - ux) < max(span, us) for ux, uy, us in used
        ):
            continue  # a label on top of another helps nobody: the table lists the front
        used.append((cx, ly, span))
        anchor = "end" if cx > w * 0.7 else "start"
        parts.append(
            f'<text x="{cx + (-6 if anchor == "end" else 6):.1f}" y="{ly:.1f}" '
            f'text-anchor="{anchor}" font-size="11">{e(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
