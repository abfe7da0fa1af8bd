"""The plan's page: ``plan.md`` and a self-contained ``plan.html`` in the plan's folder.

Written from ``plan.json`` alone (no simulation): the recommended decision and its KPIs with
95 % intervals, the contenders that lost and why, the trade-off between the objective and the
first constraint (or the two objectives) with its Pareto front as an inline SVG, and the scenario
file to run. Every value shown in HTML is escaped.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any


def _num(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        a = abs(v)
        return f"{v:,.0f}" if a >= 1000 else f"{v:.4g}"
    return str(v)


def _ci(d: dict[str, Any] | None) -> str:
    if not d or d.get("mean") is None:
        return "-"
    if d.get("ci_low") is None:
        return _num(d["mean"])
    return f"{_num(d['mean'])} [{_num(d['ci_low'])}, {_num(d['ci_high'])}]"


def _decision(d: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in d.items())


def sections(result: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]], str]]:
    """The page as (title, table header, table rows, paragraph) sections, shared by both
    formats."""
    sel = result["selection"]
    goals = [
        f"{c['kpi']} {c['sense']} {c['bound']} (tolerance {c['tolerance']:.3g})"
        for c in result["constraints"]
    ]
    goals += [f"{o['sense']}imise {o['kpi']}" for o in result["objectives"]]
    out: list[tuple[str, list[str], list[list[str]], str]] = []
    intro = (
        f"Scenario {result['scenario']} ({result['source']}), root seed {result['root_seed']}. "
        f"Goal: {'; '.join(goals)}. {result['runs']} runs of a budget of {result['budget']} "
        f"({result.get('wall_s', '-')} s). Search: {result['search']['method']}, "
        f"{result['search']['replications']} runs per candidate, "
        f"{result['search']['candidates']} candidates. Selection: {sel['procedure']}, "
        f"probability of correct selection {sel['probability_correct_selection']}, "
        f"indifference zone {_num(sel['indifference_zone'])}, first stage {sel['first_stage']}."
    )
    out.append(("Plan", [], [], intro))
    rec = result["recommended"]
    cands = {c["id"]: c for c in result["candidates"]}
    if rec is None:
        text = "No candidate meets the goal. The contenders below are the closest."
        out.append(("Recommended decision", [], [], text))
    else:
        c = cands[rec["id"]]
        how = (
            "selected with the stated probability of correct selection"
            if sel["guaranteed"]
            else "NOT guaranteed: the budget ended before the selection could stop; "
            "the best mean among those that meet the goal so far"
        )
        rows = [[k, _ci(v)] for k, v in c.get("kpis", {}).items()]
        for k, lb in (c.get("lower_bounds") or {}).items():
            if lb is not None:
                rows.append([f"{k}: one-sided lower bound", _num(lb)])
        text = (
            f"{_decision(rec['decision'])} ({how}; {c['selection_runs']} selection runs, "
            f"mean [95 % interval]). Scenario file: recommended.yaml, or --set "
            + " --set ".join(rec["overrides"])
        )
        out.append(("Recommended decision", ["KPI", "mean [95 %]"], rows, text))
    goal_kpis = list(
        dict.fromkeys(
            [o["kpi"] for o in result["objectives"]] + [c["kpi"] for c in result["constraints"]]
        )
    )
    rows = []
    for c in result["candidates"]:
        if c["role"] == "search":
            continue
        src = c.get("kpis") or c["search_kpis"]
        rows.append(
            [
                _decision(c["decision"]),
                c["role"],
                *(_ci(src.get(k)) for k in goal_kpis),
                str(c["selection_runs"]),
                c["why"],
            ]
        )
    out.append(
        (
            "Contenders and why they lost",
            ["decision", "role", *goal_kpis, "runs", "why"],
            rows,
            "KPIs over the selection runs (common seeds for all contenders).",
        )
    )
    rows = [
        [_decision(c["decision"]), *(_ci(c["search_kpis"].get(k)) for k in goal_kpis), c["why"]]
        for c in result["candidates"]
        if c["role"] == "search"
    ]
    if rows:
        out.append(
            (
                "Other candidates of the search",
                ["decision", *goal_kpis, "why"],
                rows,
                "KPIs over the search runs.",
            )
        )
    t = result.get("tradeoff") or {}
    if t.get("points"):
        front = t["pareto"]
        rows = [
            [
                _decision(t["points"][i]["decision"]),
                _num(t["points"][i]["x"]),
                _num(t["points"][i]["y"]),
            ]
            for i in front
        ]
        out.append(
            (
                f"Trade-off: {t['x']} against {t['y']} (Pareto front)",
                ["decision", t["x"], t["y"]],
                rows,
                f"Candidates no other beats on both; {t['note']}.",
            )
        )
    return out


def markdown(result: dict[str, Any]) -> str:
    lines = [f"# Plan: {result['scenario']}", ""]
    for title, header, rows, text in sections(result):
        lines += [f"## {title}", "", text, ""]
        if header:
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
            lines.append("")
    return "\n".join(lines)


def _svg(t: dict[str, Any]) -> str:
    """A scatter of every candidate, the Pareto front drawn as a line."""
    pts = t["points"]
    if not pts:
        return ""
    xs = [p["x"] for p in pts.values()]
    ys = [p["y"] for p in pts.values()]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    w, h, m = 560, 320, 50

    def px(x: float) -> float:
        return m + (w - 2 * m) * ((x - x0) / (x1 - x0) if x1 > x0 else 0.5)

    def py(y: float) -> float:
        return h - m - (h - 2 * m) * ((y - y0) / (y1 - y0) if y1 > y0 else 0.5)

    e = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img">',
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="white"/>',
        f'<line x1="{m}" y1="{h - m}" x2="{w - m}" y2="{h - m}" stroke="black"/>',
        f'<line x1="{m}" y1="{m}" x2="{m}" y2="{h - m}" stroke="black"/>',
        f'<text x="{w / 2}" y="{h - 12}" text-anchor="middle" font-size="12">'
        f"{e(t['x'])} ({e(_num(x0))} .. {e(_num(x1))})</text>",
        f'<text x="14" y="{h / 2}" font-size="12" transform="rotate(-90 14 {h / 2})" '
        f'text-anchor="middle">{e(t["y"])} ({e(_num(y0))} .. {e(_num(y1))})</text>',
    ]
    front = [pts[i] for i in t["pareto"]]
    if len(front) > 1:
        path = " ".join(f"{px(p['x']):.1f},{py(p['y']):.1f}" for p in front)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#c0392b"/>')
    for i, p in pts.items():
        colour = "#c0392b" if i in t["pareto"] else "#7f8c8d"
        parts.append(
            f'<circle cx="{px(p["x"]):.1f}" cy="{py(p["y"]):.1f}" r="4" '
            f'fill="{colour}"><title>{e(_decision(p["decision"]))}: '
            f"{e(_num(p['x']))}, {e(_num(p['y']))}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def html_page(result: dict[str, Any]) -> str:
    e = html.escape
    body = [f"<h1>Plan: {e(str(result['scenario']))}</h1>"]
    for title, header, rows, text in sections(result):
        body.append(f"<h2>{e(title)}</h2><p>{e(text)}</p>")
        if header:
            body.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
            body += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows]
            body.append("</table>")
        if title.startswith("Trade-off"):
            body.append(_svg(result["tradeoff"]))
    style = (
        "body{font-family:sans-serif;max-width:70em;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
        "text-align:left}"
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Plan: {e(str(result['scenario']))}</title><style>{style}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def write_plan_report(result: dict[str, Any] | Path, folder: Path) -> list[Path]:
    """Write ``plan.md`` and ``plan.html`` into ``folder``; ``result`` may be the path of
    ``plan.json``."""
    if isinstance(result, Path):
        result = json.loads(result.read_text(encoding="utf-8"))
    assert isinstance(result, dict)
    paths = []
    for name, text in (("plan.md", markdown(result)), ("plan.html", html_page(result))):
        path = Path(folder) / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        paths.append(path)
    return paths
