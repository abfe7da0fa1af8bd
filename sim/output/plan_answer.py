"""The plan's answer: the recommended decision, or the closest one and what would settle it.

Notes
-----
The answer is the first section of ``plan.md`` and ``plan.html`` and what ``yiwu-sim plan``
prints after its runs (:func:`plan_summary`, after the runs it used: :func:`runs_line`); both
come from :func:`_answer`, so the page and the command line never say different things. A
:data:`Section` is how every section of the page is kept (:mod:`sim.output.plan_sections`):
title, table header, table rows and paragraph.
"""

from __future__ import annotations

import math
import re
import shlex
from pathlib import Path
from typing import Any

from sim.output.glossary import kpi_name, term
from sim.output.plan_decisions import _decision
from sim.output.plan_values import _ci, _goal_kpis, _kpis, _num

Section = tuple[str, list[str], list[list[str]], str]
"""A section of the plan's page: title, table header, table rows, paragraph (no table when
the header is empty)."""


def _answer(
    result: dict[str, Any], lang: str, cands: dict[str, Any], folder: Path | None = None
) -> Section:
    """The answer as a section: the recommended decision, how it was chosen and the command
    that runs it, with its KPIs and one-sided bounds; or, when no decision is known to meet
    the goal, the closest one, whether more runs of it or of the grid could settle it, and
    its goal KPIs. ``cands``: the candidates of ``plan.json`` by id; ``folder``: the plan's
    folder, for a command run from where the plan was (the command line), or None for the
    page, which lies beside ``recommended.yaml``."""
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
                # "none in the grid reaches it" only when the whole grid was tried; never of
                # values beyond it (2..5 a week missed at 89 %, where 8 a week reached 91 %)
                grid = math.prod(len(d.get("values", [])) for d in result.get("decisions", []))
                tried = result.get("search", {}).get("candidates", grid)
                verdict = (
                    term("closest_fails", lang, grid=grid or tried)
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
    # the plan's own --set first, then the decision's: the scenario the plan ran, then the
    # change (without the plan's, the command ran another scenario than recommended.yaml)
    sets = set_options([*(result.get("sets") or []), *_changed_sets(rec)])
    stop = "。" if lang == "zh" else ". "
    file = rec.get("scenario_file", "recommended.yaml")
    if folder is not None:
        # the command line runs in the folder the plan ran in, not the plan's own: "yiwu-sim
        # run recommended.yaml" there was "no such file" (trial18)
        file = shlex.quote(str(folder / file))
    # nothing to add to the scenario when nothing changes: "no change needed ... or the
    # scenario with --set L01=2.0" read as a change (trial17)
    # a plan.json from before the plan kept its own --set cannot say which the scenario had:
    # only the file, which has them
    scenario = shlex.quote(str(result.get("source") or "scenario.yaml"))
    run_it = (
        term("run_it", lang, file=file, scenario=scenario, sets=sets)
        if sets and "sets" in result
        else term("run_it_file", lang, file=file)
    )
    words = _decision(c, lang, recommended=True)
    if not re.match(r"[a-z_]+\.[a-z_]", words):  # a sentence's capital, not a key path's
        words = f"{words[:1].upper()}{words[1:]}"  # ("Logistics.dispatch.max_extra_per_week")
    text = f"{words}{stop}{how}{stop}{run_it}"
    return (term("recommended", lang), [term("kpi", lang), term("mean_ci", lang)], rows, text)


def _changed_sets(rec: dict[str, Any]) -> list[str]:
    """The ``--set`` values that turn the scenario into the recommended decision: only the
    decided values that differ from the scenario (the festival's answer listed all seven, five
    at ``=1.0``), a whole-number float written as a scenario file would (``=2``, not ``=2.0``).
    Every override of a ``plan.json`` without words, which cannot tell."""
    words = rec.get("words") or []
    kept = {w["path"] for w in words if "path" in w and not w.get("changed", True)}
    out = []
    for o in rec.get("overrides") or []:
        path, eq, value = o.partition("=")
        if path in kept:
            continue
        out.append(f"{path}{eq}{_plain(value)}")
    return out


def set_options(items: list[str]) -> str:
    """``--set`` options for a shell: ``--set a.b=1 --set 'c=[x, y]'`` (a value with a space
    or a bracket quoted, so that the command can be pasted as it is)."""
    return " ".join(f"--set {shlex.quote(o)}" for o in items)


def _plain(value: str) -> str:
    """A ``--set`` value as a scenario file writes it: ``2.0`` as ``2``, anything else as it
    is (``2.5``, ``live``, a date)."""
    return re.sub(r"^(-?\d+)\.0+$", r"\1", value)


def runs_line(result: dict[str, Any], lang: str = "en") -> str:
    """The runs a plan used and the wall time it took; a plan started again (its finished runs
    kept on disk) says how many runs this start made, since its wall time covers only those."""
    runs, wall = result["runs"], result.get("wall_s", "-")
    computed = result.get("runs_computed", runs)  # (a plan.json from before it was counted)
    if computed >= runs:
        return term("runs_of_budget", lang, runs=runs, budget=result["budget"], wall=wall)
    return term("runs_of_budget_resumed", lang, runs=runs, budget=result["budget"], wall=wall,
                computed=computed, kept=runs - computed)  # fmt: skip


def plan_summary(result: dict[str, Any], lang: str = "en", folder: Path | None = None) -> list[str]:
    """The command line's lines after a plan: runs used, then the answer in the planner's words
    (or the closest decision and what would settle it), then the ``--set`` to reproduce it;
    ``folder``: the plan's folder, where the command finds ``recommended.yaml``."""
    cands = {c["id"]: c for c in result["candidates"]}
    lines = [runs_line(result, lang)]
    title, _, rows, text = _answer(result, lang, cands, folder)
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
