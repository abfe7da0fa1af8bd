"""The sections of the plan's page, shared by ``plan.md`` and ``plan.html``.

Notes
-----
:func:`sections` lays the page out in order: the answer (:mod:`sim.output.plan_answer`), the
trade-off's front (its chart is :mod:`sim.output.plan_chart`), the goal and the method (the goal
in words, the search, the selection and its indifference zone), the contenders and why each
lost (:func:`_why`), the other decisions of the search, and a glossary of the statistical terms.
"""

from __future__ import annotations

import re
from typing import Any

from sim.output.glossary import glossary_rows, is_share, kpi_name, objective_words, term
from sim.output.plan_answer import Section, _answer, runs_line
from sim.output.plan_chart import _tradeoff_note
from sim.output.plan_decisions import _decision
from sim.output.plan_values import _ci, _goal_kpis, _kpis, _num, front_places


def sections(result: dict[str, Any], lang: str = "en") -> list[Section]:
    """The page as (title, table header, table rows, paragraph) sections, shared by both
    formats."""
    sel = result["selection"]
    cands = {c["id"]: c for c in result["candidates"]}
    out: list[Section] = [_answer(result, lang, cands)]
    t = result.get("tradeoff") or {}
    if t.get("points"):
        x, y = kpi_name(t["x"], lang), kpi_name(t["y"], lang)
        places = front_places(
            [(t["points"][i]["x"], t["points"][i]["y"]) for i in t["pareto"]], (t["x"], t["y"])
        )
        rows = [_front_row(t, i, result, cands, lang, places) for i in t["pareto"]]
        note = _tradeoff_note(result, lang)
        if places != (None, None):  # why a column has more decimals than the others
            note += ("" if lang == "zh" else " ") + term("front_places", lang)
        rec = cands.get((result.get("recommended") or {}).get("id", ""))
        if rec is not None and rec["id"] in t["pareto"] and rec.get("kpis"):
            n = rec["search_runs"] + rec["selection_runs"]
            note += ("" if lang == "zh" else " ") + term("front_rec_note", lang, n=n)
        out.append((term("tradeoff", lang, x=x, y=y), [term("decision", lang), x, y], rows, note))
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


def _front_row(
    t: dict[str, Any],
    i: str,
    result: dict[str, Any],
    cands: dict[str, Any],
    lang: str,
    places: tuple[int | None, int | None] = (None, None),
) -> list[str]:
    """A row of the trade-off's table: the decision and its search runs' means, as the chart
    draws it, each column to ``places`` decimals (:func:`front_places`). The recommended row
    says so, and gives beside each mean the one over all its runs it was chosen on: its 2
    search runs' 91.84 under an answer of 92.29 % and a goal of 92 %, unmarked, read as a
    contradiction (trial17)."""
    p = t["points"][i]
    # (the column's name gives the unit)
    row = [
        _decision(p, lang),
        _num(p["x"], t["x"], False, places[0]),
        _num(p["y"], t["y"], False, places[1]),
    ]
    rec = (result.get("recommended") or {}).get("id")
    c = cands.get(i)
    if i != rec or c is None:
        return row
    row[0] = term("front_rec_row", lang, decision=row[0])
    if not c.get("kpis"):  # (selected on its search runs alone: the row's means are its own)
        return row
    n = c["search_runs"] + c["selection_runs"]
    for col, k in ((1, t["x"]), (2, t["y"])):
        whole = (c["kpis"].get(k) or {}).get("mean")
        v = _num(whole, k, False, places[col - 1])
        if whole is not None and v != row[col]:  # (673 departures either way: said once)
            row[col] = term("front_rec_value", lang, v=row[col], all=v, n=n)
    return row


def _goal_text(result: dict[str, Any], lang: str) -> str:
    """The goal in words: each constraint with its bound and tolerance (a share's tolerance in
    percentage points), then each objective."""
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
    """The selection's indifference zone in the objective's unit: departures, percentage
    points of a share, or the KPI's own unit with its name; ``-`` when there is none."""
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


def _selection_runs(sel: dict[str, Any]) -> int:
    """The most selection runs a contender had, over the plan's selections (0 when the budget
    ended before any: a plan of only a search has no selection state)."""
    states = [r.get("state") or {} for r in sel.get("rounds") or []]
    states.append(sel.get("state") or {})
    return max(int(st.get("replications") or 0) for st in states)
