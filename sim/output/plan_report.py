"""The plan's page: ``plan.md`` and a self-contained ``plan.html`` in the plan's folder.

Written from ``plan.json`` alone (no simulation), in English or Chinese (``lang``): the answer
first (the recommended decision in line names and departures, or the closest one and the runs
that would settle it), the goal and the method, the contenders and why they lost, the
trade-off chart (ticks, the goal line, labelled points) and a glossary of the statistical terms.
Shares are shown in %, CO2e in tonnes; every value shown in HTML is escaped. All interface
strings come from :mod:`sim.output.glossary`.
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path
from typing import Any

from sim.output.glossary import (
    GLOSSARY,
    glossary_rows,
    is_share,
    kpi_name,
    kpi_scale,
    objective_words,
    term,
)
from sim.output.report_parts import partial_n
from sim.output.svg import nice_ticks
from sim.world.network import place_name

Section = tuple[str, list[str], list[list[str]], str]


def _num(v: Any, kpi: str = "", unit: bool = True) -> str:
    """A KPI's value as shown (a share in %); ``unit=False`` beside the KPI's name, which
    says the unit already ("festival goods on time, %: 90.43", not "90.43 %" again)."""
    if v is None:
        return "-"
    if isinstance(v, bool):
        return str(v)
    x = float(v) * kpi_scale(kpi)
    if is_share(kpi):
        return f"{x:.2f} %" if unit else f"{x:.2f}"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 100 or float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.3g}"


def _ci(d: dict[str, Any] | None, kpi: str, of: int | None = None, unit: bool = True) -> str:
    """``mean [low, high]``, and ``(n k/of)`` after it when only ``k`` of the decision's ``of``
    runs had a value (a share of orders none of the others had); ``unit=False`` beside the
    KPI's name (:func:`_num`)."""
    if not d or d.get("mean") is None:
        return "-" + (f" (n 0/{of})" if of else "")
    if d.get("ci_low") is None or d.get("ci_low") == d.get("ci_high"):
        return _num(d["mean"], kpi, unit) + partial_n(d, of)
    pct = " %" if is_share(kpi) and unit else ""
    # a share's interval is shown within 0..100 %: a Student-t interval of a few runs near
    # 100 % reaches past it (64.08 .. 100.16 %), which no share can
    bounds = [d["ci_low"], d["ci_high"]]
    if is_share(kpi):
        bounds = [min(max(b, 0.0), 1.0) for b in bounds]
    lo, hi = (_num(b, kpi).removesuffix(" %") for b in bounds)
    return f"{_num(d['mean'], kpi).removesuffix(' %')} [{lo}, {hi}]{pct}" + partial_n(d, of)


def _kpis(c: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A decision's KPIs with the runs they are over: all its runs once it was selected on,
    else its search runs."""
    if c.get("kpis"):
        return c["kpis"], c["search_runs"] + c["selection_runs"]
    return c["search_kpis"], c["search_runs"]


def _one(w: dict[str, Any], lang: str, window: bool = True) -> str:
    """One decided value in words: ``London (L03) departures ×1.5: 0.75 a week, +2 in the
    window`` (with the window's dates unless the caller states them once for all)."""
    key = f"what:{w.get('what')}"
    # a setting the glossary has no words for reads as the scenario names it ("announced",
    # "capacity teu"), not as the glossary key ("what:announced")
    what = (term(key, lang) if key in GLOSSARY else str(w["what"])) if w.get("what") else ""
    head = " ".join(x for x in (_target(w["target"], lang), what) if x)
    if window and w.get("window"):
        head += f"（{_window_words(w['window'], lang)}）" if lang == "zh" else f" ({w['window']})"
    v = w["value"]
    sep = "：" if lang == "zh" else ": "
    if "extra" in w:
        if w["extra"] == 0 and v == 1:
            return head + sep + term("today", lang)
        week = term("a_week", lang, n=f"{w['per_week']:g}")
        extra = term("in_window", lang, n=f"{w['extra']:+d}")
        return f"{head} ×{v:g}{sep}{week}{'，' if lang == 'zh' else ', '}{extra}"
    if "season" in w:
        week = term("a_week", lang, n=f"{w['per_week']:g}")
        which = "in_run_published" if w.get("published") else "in_run"
        run = term(which, lang, n=w["season"], d=f"{w['days']:.0f}")
        return f"{head}{sep}{week}" + (f"（{run}）" if lang == "zh" else f" ({run})")
    return head + sep + str(v)


def _target(target: str, lang: str) -> str:
    """A decision's target (``London (L03)``, ``Malaszewicze (MAL)``, as ``plan.json`` keeps it)
    in ``lang``: ``伦敦（L03）``, ``马拉舍维奇（MAL）`` from the network's Chinese names."""
    if lang != "zh" or not target.endswith(")") or "(" not in target:
        return target
    code = target.rsplit("(", 1)[-1][:-1]
    name = place_name(code, lang)
    if name == code:  # not a place of the shipped network: as plan.json has it
        return target
    return f"{name.removeprefix('义乌—')}（{code}）"


def _window_words(window: str, lang: str) -> str:
    """A decision's window ("2025-12-01 - 2026-01-31") in the page's dates: 2025年12月1日至
    2026年1月31日 in Chinese; as it is otherwise."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d) - (\d{4})-(\d\d)-(\d\d)", window)
    if lang != "zh" or not m:
        return window
    y0, m0, d0, y1, m1, d1 = (int(x) for x in m.groups())
    return f"{y0}年{m0}月{d0}日至{y1}年{m1}月{d1}日"


def _decision(
    c: dict[str, Any], lang: str, changed_only: bool = True, recommended: bool = False
) -> str:
    """A decision in the planner's words; by default only what differs from the scenario, with
    a window shared by every decided value stated once. The scenario's own decision is "no
    change needed" only where it is ``recommended``: a plan whose goal it misses lists it among
    the contenders and as the closest, where those words would say the opposite."""
    words = c.get("words")
    if not words:  # plan.json of an earlier version
        return ", ".join(f"{k} = {v}" for k, v in c["decision"].items())
    shown = [w for w in words if w.get("changed", True)] if changed_only else words
    sep = "；" if lang == "zh" else "; "
    if not shown:
        return term("all_as_today_rec" if recommended else "all_as_today", lang)
    windows = {w.get("window", "") for w in words}
    shared = windows.pop() if len(windows) == 1 else ""
    text = sep.join(_one(w, lang, window=not shared) for w in shown)
    if shared:
        text = (f"{_window_words(shared, lang)}：" if lang == "zh" else f"{shared}: ") + text
    rest = (sep + term("rest_as_today", lang)) if len(shown) < len(words) else ""
    return text + rest


def _short(c: dict[str, Any], lang: str = "en") -> str:
    """A chart label: the changed values only (``L03 ×1.5, L04 ×2``)."""
    words = [w for w in c.get("words") or [] if w.get("changed", True)]
    if not words:
        if not c.get("words"):
            return ""
        # "today's timetable" for decisions on trains; a cap or a date is "as in the scenario"
        timetable = all("extra" in w or "season" in w for w in c["words"])
        return term("today" if timetable else "as_scenario", lang)
    out = []
    for w in words:
        code = w["target"].rsplit("(", 1)[-1].rstrip(")") if "(" in w["target"] else w["path"]
        out.append(f"{code} ×{w['value']:g}" if "extra" in w else f"{code} {w['value']}")
    return ", ".join(out)


def _goal_text(result: dict[str, Any], lang: str) -> str:
    parts = []
    for c in result["constraints"]:
        k = c["kpi"]
        tol = (
            f"{c['tolerance'] * 100:.2g} {term('points', lang)}"
            if is_share(k)
            else _num(c["tolerance"], k)
        )
        key = "at_least" if c["sense"] == ">=" else "at_most"
        parts.append(term(key, lang, kpi=_unitless(k, lang), q=_num(c["bound"], k), tol=tol))
    for o in result["objectives"]:
        parts.append(objective_words(o["sense"], o["kpi"], lang))
    return ("；" if lang == "zh" else "; ").join(parts)


def _delta_text(result: dict[str, Any], lang: str) -> str:
    sel = result["selection"]
    kpi = sel.get("indifference_unit") or result["objectives"][0]["kpi"]
    d = sel.get("indifference_zone")
    if d is None:
        return "-"
    if kpi == "rail_departures":
        return f"{d:g} {term('departures_unit', lang)}"
    left, right = ("（", "）") if lang == "zh" else (" (", ")")
    if is_share(kpi):  # a difference of two shares: percentage points, not a per cent
        return f"{d * 100:.2g} {term('points', lang)}{left}{_unitless(kpi, lang)}{right}"
    return f"{_num(d, kpi)}{left}{kpi_name(kpi, lang)}{right}"


def _unitless(kpi: str, lang: str) -> str:
    """A share's name without its unit, for a sentence that gives the unit after the number
    ("festival goods on time at least 90.00 %"); any other KPI's name as it is."""
    name = kpi_name(kpi, lang)
    return re.sub(r"(, %|（%）)$", "", name) if is_share(kpi) else name


def _answer(result: dict[str, Any], lang: str, cands: dict[str, Any]) -> Section:
    sel = result["selection"]
    pcs = sel["probability_correct_selection"]
    rec = result["recommended"]
    if rec is None:
        close = result.get("closest")
        text = term("none_meets", lang)
        rows: list[list[str]] = []
        if close:
            c = cands.get(close["id"], close)
            if close.get("meets_goal") is False:
                # "more trains do not reach it" only when the whole grid was tried
                grid = math.prod(len(d.get("values", [])) for d in result.get("decisions", []))
                tried = result.get("search", {}).get("candidates", grid)
                verdict = (
                    term("closest_fails", lang)
                    if not grid or tried >= grid
                    else term("closest_fails_part", lang, k=tried, grid=grid)
                )
            else:
                more = int(close.get("more_runs") or 1)
                verdict = term("closest_more", lang, more=more, budget=result["budget"] + more)
            text += ("" if lang == "zh" else " ") + term(
                "closest", lang, decision=_decision(c, lang), n=close["runs"], verdict=verdict
            )
            # the interval and the one-sided bound, as for a recommendation: how far it is
            src, of = _kpis(c) if "search_runs" in c else ({}, 0)
            for e in close.get("constraints", []):
                k = e["kpi"]
                got = _ci(src[k], k, of, False) if src.get(k) else _num(e["mean"], k, False)
                rows.append([kpi_name(k, lang), got])
                if e.get("bound") is not None:
                    pcs = sel["probability_correct_selection"]
                    label = term("lower_bound_of", lang, kpi=kpi_name(k, lang), pcs=pcs)
                    rows.append([label, _num(e["bound"], k, False)])
        return (term("answer", lang), [term("kpi", lang), term("mean_ci", lang)], rows, text)
    c = cands[rec["id"]]
    basis = rec.get("basis") or ("selection" if sel["guaranteed"] else "one-sided bounds")
    runs = c["search_runs"] + c["selection_runs"]
    how = {
        "selection": term("rec_guaranteed", lang, pcs=pcs),
        "declared feasible by the selection": term("rec_declared", lang),
        "tied with the selection's pick": term("rec_tie", lang, pcs=pcs, n=runs),
    }.get(basis) or term("rec_bounds", lang, pcs=pcs, n=runs)
    src, of = _kpis(c)
    # each value beside its KPI's name, which gives the unit
    rows = [[kpi_name(k, lang), _ci(v, k, of, False)] for k, v in src.items()]
    for e in c.get("all_runs", {}).get("constraints", []):
        if e.get("bound") is not None:
            rows.append(
                [
                    term("lower_bound_of", lang, kpi=kpi_name(e["kpi"], lang), pcs=pcs),
                    _num(e["bound"], e["kpi"], False),
                ]
            )
    sets = " ".join(f"--set {o}" for o in rec["overrides"])
    stop = "。" if lang == "zh" else ". "
    run_it = term("run_it", lang, file=rec.get("scenario_file", "recommended.yaml"), sets=sets)
    words = _decision(c, lang, recommended=True)
    if not re.match(r"[a-z_]+\.[a-z_]", words):  # a sentence's capital, not a key path's
        words = f"{words[:1].upper()}{words[1:]}"  # ("Logistics.dispatch.max_extra_per_week")
    text = f"{words}{stop}{how}{stop}{run_it}"
    return (term("recommended", lang), [term("kpi", lang), term("mean_ci", lang)], rows, text)


def _goal_kpis(result: dict[str, Any]) -> list[str]:
    return list(
        dict.fromkeys(
            [o["kpi"] for o in result["objectives"]] + [c["kpi"] for c in result["constraints"]]
        )
    )


def _why(c: dict[str, Any], result: dict[str, Any], lang: str) -> str:
    """The reason in ``lang``, from the candidate's state in plan.json."""
    if c["role"] == "recommended":
        return term("why:recommended", lang)
    allr = c.get("all_runs") or {}
    if allr.get("meets_goal") is True:
        rec = next((o for o in result["candidates"] if o["role"] == "recommended"), None)
        cost = ((rec or {}).get("all_runs") or {}).get("objective_mean")
        if cost is not None and allr.get("objective_mean") == cost:  # a tie is not "dearer"
            return term("why:same_cost", lang)
        return term("why:dearer", lang)
    runs = c["search_runs"] + c["selection_runs"]
    for rnd in result["selection"].get("rounds", []):
        st = rnd["state"]
        if c["id"] in st.get("infeasible", {}):
            k = st["infeasible"][c["id"]]["constraint"]
            return term("why:fails", lang, kpi=kpi_name(k, lang), r=runs)
        if c["id"] in st.get("eliminated", {}):
            return term(
                "why:worse", lang, kpi=kpi_name(result["objectives"][0]["kpi"], lang), r=runs
            )
    cons = allr.get("constraints", [])
    failed = [e["kpi"] for e in cons if e.get("verdict") is False]
    if failed:
        return term("why:fails", lang, kpi=kpi_name(failed[0], lang), r=runs)
    more = max((int(e.get("more_runs") or 0) for e in cons), default=0)
    return term("why:undecided", lang, more=max(more, 1))


def sections(result: dict[str, Any], lang: str = "en") -> list[Section]:
    """The page as (title, table header, table rows, paragraph) sections, shared by both
    formats."""
    sel = result["selection"]
    cands = {c["id"]: c for c in result["candidates"]}
    out: list[Section] = [_answer(result, lang, cands)]
    t = result.get("tradeoff") or {}
    if t.get("points"):
        x, y = kpi_name(t["x"], lang), kpi_name(t["y"], lang)
        rows = [
            [
                _decision(t["points"][i], lang),
                _num(t["points"][i]["x"], t["x"], False),  # (the column's name: the unit)
                _num(t["points"][i]["y"], t["y"], False),
            ]
            for i in t["pareto"]
        ]
        out.append(
            (
                term("tradeoff", lang, x=x, y=y),
                [term("decision", lang), x, y],
                rows,
                _tradeoff_note(result, lang),
            )
        )
    tpe = "optuna" in result["search"]["method"].lower()
    method = term(
        "search_tpe" if tpe else "search_exhaustive",
        lang,
        k=result["search"]["candidates"],
        n=result["search"]["replications"],
    )
    sep = "。" if lang == "zh" else ". "
    intro = sep.join(
        [
            f"{term('goal', lang)}{'：' if lang == 'zh' else ': '}{_goal_text(result, lang)}",
            runs_line(result, lang),
            method,
            term(
                # a "round" of KN is one more run per contender: the count of selections
                # (sets of contenders) said "1 selection round(s)" after 12 runs each
                "selection_line" if _selection_runs(sel) else "selection_line_none",
                lang,
                pcs=sel["probability_correct_selection"],
                delta=_delta_text(result, lang),
                n0=sel["first_stage"],
                rounds=len(sel.get("rounds") or []) or 1,
                r=_selection_runs(sel),
            ),
        ]
    )
    out.append((term("goal_method", lang), [], [], intro + sep.strip()))
    goal_kpis = _goal_kpis(result)
    head = [term("decision", lang), term("role", lang), *(kpi_name(k, lang) for k in goal_kpis)]
    head += [term("runs", lang), term("why", lang)]
    rows = []
    for c in result["candidates"]:
        if c["role"] == "search":
            continue
        src, of = _kpis(c)
        rows.append(
            [
                _decision(c, lang),
                term(f"role:{c['role']}", lang),
                *(_ci(src.get(k), k, of, False) for k in goal_kpis),
                str(c["search_runs"] + c["selection_runs"]),
                _why(c, result, lang),
            ]
        )
    out.append((term("contenders", lang), head, rows, term("contenders_note", lang)))
    rows = [
        [
            _decision(c, lang),
            *(_ci(c["search_kpis"].get(k), k, c["search_runs"], False) for k in goal_kpis),
            _why(c, result, lang),
        ]
        for c in result["candidates"]
        if c["role"] == "search"
    ]
    if rows:
        head = [term("decision", lang), *(kpi_name(k, lang) for k in goal_kpis), term("why", lang)]
        out.append((term("others", lang), head, rows, term("others_note", lang)))
    out.append(
        (
            term("glossary", lang),
            ["", ""],
            [[a, b] for a, b in glossary_rows(lang)],
            "",
        )
    )
    return out


def markdown(result: dict[str, Any], lang: str = "en") -> str:
    lines = [f"# {term('plan', lang)}{'：' if lang == 'zh' else ': '}{result['scenario']}", ""]
    for title, header, rows, text in sections(result, lang):
        lines += [f"## {title}", ""]
        if text:
            lines += [text, ""]
        if header:
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
            lines.append("")
    return "\n".join(lines)


def _padded(values: list[float], pad: float = 0.06) -> tuple[float, float]:
    """The range of ``values`` widened by ``pad`` of its span on each side (by 1 when the
    values are all one)."""
    lo, hi = min(values), max(values)
    span = hi - lo if hi > lo else 1.0
    return lo - pad * span, hi + pad * span


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


def _selection_runs(sel: dict[str, Any]) -> int:
    """The most selection runs a contender had, over the plan's selections (0 when the budget
    ended before any: a plan of only a search has no selection state)."""
    states = [r.get("state") or {} for r in sel.get("rounds") or []]
    states.append(sel.get("state") or {})
    return max(int(st.get("replications") or 0) for st in states)


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
            f"{e(_decision(p, lang))}: {e(_num(p['x'], t['x']))}, {e(_num(p['y'], t['y']))}"
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
                    f"<title>{e(words)}: {e(_num(settled[0], t['x']))}, "
                    f"{e(_num(settled[1], t['y']))}</title></path>"
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


def html_page(result: dict[str, Any], lang: str = "en") -> str:
    e = html.escape
    title = f"{term('plan', lang)}{'：' if lang == 'zh' else ': '}{result['scenario']}"
    body = [f"<h1>{e(str(title))}</h1>"]
    t = result.get("tradeoff") or {}
    chart = (
        term("tradeoff", lang, x=kpi_name(t["x"], lang), y=kpi_name(t["y"], lang))
        if t.get("points")
        else None
    )
    for heading, header, rows, text in sections(result, lang):
        body.append(f"<h2>{e(heading)}</h2>" + (f"<p>{e(text)}</p>" if text else ""))
        if heading == chart:
            body.append(_svg(result, lang))
        if header:
            body.append("<table>")
            if any(header):
                body.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
            body += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows]
            body.append("</table>")
    style = (
        "body{font-family:sans-serif;max-width:72em;margin:2em auto;padding:0 1.5em;"
        "line-height:1.4}"
        "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;"
        "padding:3px 6px;text-align:left;vertical-align:top}"
        # figures, roles and run counts on one line; the decision and the reason wrap
        "td:nth-child(n+2):not(:last-child){white-space:nowrap}"
    )
    return (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{e(str(title))}</title><style>{style}</style></head>'
        f"<body>{''.join(body)}</body></html>\n"
    )


def write_plan_report(result: dict[str, Any] | Path, folder: Path, lang: str = "en") -> list[Path]:
    """Write ``plan.md`` and ``plan.html`` into ``folder``; ``result`` may be the path of
    ``plan.json``."""
    if isinstance(result, Path):
        result = json.loads(result.read_text(encoding="utf-8"))
    assert isinstance(result, dict)
    paths = []
    for name, text in (("plan.md", markdown(result, lang)), ("plan.html", html_page(result, lang))):
        path = Path(folder) / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        paths.append(path)
    return paths


def runs_line(result: dict[str, Any], lang: str = "en") -> str:
    """The runs a plan used and the wall time it took; a plan started again (its finished runs
    kept on disk) says how many runs this start made, since its wall time covers only those."""
    runs, wall = result["runs"], result.get("wall_s", "-")
    computed = result.get("runs_computed", runs)  # (a plan.json from before it was counted)
    if computed >= runs:
        return term("runs_of_budget", lang, runs=runs, budget=result["budget"], wall=wall)
    return term("runs_of_budget_resumed", lang, runs=runs, budget=result["budget"], wall=wall,
                computed=computed, kept=runs - computed)  # fmt: skip


def plan_summary(result: dict[str, Any], lang: str = "en") -> list[str]:
    """The command line's lines after a plan: runs used, then the answer in the planner's words
    (or the closest decision and what would settle it), then the ``--set`` to reproduce it."""
    cands = {c["id"]: c for c in result["candidates"]}
    lines = [runs_line(result, lang)]
    title, _, rows, text = _answer(result, lang, cands)
    colon = "：" if lang == "zh" else ": "
    lines.append(f"{title}{colon}{text}")
    rec = result["recommended"]
    if rec is not None:
        c = cands[rec["id"]]
        src, of = _kpis(c)
        for k, v in src.items():
            if k in _goal_kpis(result):
                lines.append(f"  {kpi_name(k, lang)}{colon}{_ci(v, k, of, False)}")
    else:
        lines += [f"  {a}{colon}{b}" for a, b in rows]
    return lines
