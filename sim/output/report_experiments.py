"""The report pages of experiments: a replication set, a comparison and a sweep.

Notes
-----
A replication set's page gives each KPI's mean and 95 % interval, the last safe order dates
with their intervals and conservative dates, and the KPI intervals figure; a sweep's page a row
per point and the paired differences; a comparison's page is built by
:mod:`sim.output.compare_report`. The warnings a run of the scenario would print are said at the
top of each.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sim.output import figures as F
from sim.output.glossary import category_name, term
from sim.output.report_key_figures import _headline_label
from sim.output.report_parts import (
    DISPATCH,
    HEADLINE,
    LOST,
    Figures,
    Page,
    _aggregate_safe,
    _season_days,
    no_conservative_why,
    precision_text,
    replication_summaries,
    replications_beyond,
    saved_warnings,
)
from sim.output.report_values import _day, _esc, _unit_interval


def _replications_page(folder: Path, lang: str) -> Page:
    agg = json.loads((folder / "aggregate.json").read_text(encoding="utf-8"))
    name = str(agg["scenario"])
    n = agg["replications"]
    kpis = agg["kpis"]
    # every replication's summary (the seasons' last safe days need each); a set a run left
    # short, or whose files were lost, says so and how to complete it, instead of leaving out
    # its dates without a word. The set's own n alone: an earlier, larger set's later
    # folders kept beside them are not its seasons (its statistics leave them out too)
    have = replication_summaries(folder, n)
    first = json.loads(have[0].read_text(encoding="utf-8")) if have else {}
    intro_text = term("reps_intro_one" if n == 1 else "reps_intro", lang, n=n, name=name)
    if len(have) < n:
        there = {p.parent.name for p in have}
        missing = [f"rep-{i:03d}" for i in range(n) if f"rep-{i:03d}" not in there]
        intro_text += (" " if lang == "en" else "") + term(
            "reps_incomplete", lang, k=len(have), n=n, missing=", ".join(missing[:5])
        )
    precise = precision_text(agg.get("precision"), lang)
    intro_text += (" " if precise and lang == "en" else "") + precise
    intro = f"<p>{_esc(intro_text)}</p>"
    headline = list(HEADLINE)
    if LOST in kpis:  # buyers who placed elsewhere: beside the orders placed
        headline.insert(3, (term(f"kpi:{LOST}"), LOST, "n"))
    headline += [(term(f"kpi:{k}"), k, "n") for k in DISPATCH if k in kpis]
    table = [
        (_headline_label(k, p, u, lang), _unit_interval(kpis.get(p), u, n, lang))
        for k, p, u in headline
    ]
    keys: list[str | None] = [p for _, p, _ in headline]
    for key in sorted(kpis):
        if key.startswith("on_time.by_category.") and key.endswith(".share"):
            cat = key.split(".")[2]
            cat = cat if lang == "en" else category_name(cat, lang)
            table.append(
                (term("on_time_of", lang, cat=cat), _unit_interval(kpis[key], "%", n, lang))
            )
            keys.append(key)
    items: list[tuple[str, str, str]] = []
    sections = []
    if first:
        start = date.fromisoformat(first["start"])
        rows = _aggregate_safe(kpis, first, _season_days(folder, n))
        target = first.get("on_time", {}).get("safe_order_share", 0.9)
        intervals = {
            (r["category"], r["line"], r["destination"]): (
                r["mean"] - r["half_width"],
                r["mean"] + r["half_width"],
            )
            for r in rows
            if r["mean"] is not None and r["half_width"] is not None
        }
        items.append(
            (
                "last_order",
                term("cap:last_order_one" if n == 1 else "cap:last_order_reps", lang),
                F.last_safe_dates(rows, start, target, lang, intervals),
            )
        )

        def conservative(r: dict[str, Any]) -> str:
            c = r["conservative"]
            if c["day"] is not None:
                return _day(start, c["day"], lang)
            return term("cons_none", lang, why=no_conservative_why(c, lang))

        sections.append(
            (
                term("reps_safe_one" if n == 1 else "reps_safe", lang, pct=f"{100 * target:g}")
                if rows
                else term("reps_safe_none", lang),  # say why, not a method over nothing
                [
                    term("deadline", lang),
                    term("line", lang),
                    term("destination", lang),
                    term("mean_date", lang),
                    term("pm_days", lang),
                    term("cons_date", lang),
                    term("runs", lang),
                ],
                [
                    [
                        r["category"] if lang == "en" else category_name(r["category"], lang),
                        r["line"],
                        r["destination"] if r["destination"] != "all" else term("all", lang),
                        _day(start, r["mean"], lang),
                        "–" if r["half_width"] is None else f"{r['half_width']:.1f}",
                        conservative(r),
                        str(r["n"]),
                    ]
                    for r in rows
                ],
            )
        )
    held = _disruptions_over(have, lang)
    if held is not None:  # first, as a run's report says it first
        sections.insert(0, held)
    shown = [(_headline_label(k, p, u, lang), p) for k, p, u in HEADLINE[3:7]]
    cap = term("cap:kpis_one" if n == 1 else "cap:kpis", lang)  # one run: no interval drawn
    # each point labelled as the table above writes it (days to the hundredth, "19.41 ±
    # 0.80"), not to the half-width's two significant digits ("19.4 ± 0.8")
    said = {p: {name: _unit_interval(kpis.get(p), u)} for _, p, u in HEADLINE[3:7]}
    items.append(("kpis", cap, F.kpi_intervals({name: kpis}, shown, lang, said)))
    md = intro_text
    title = term("reps_title", lang, name=name)
    page = Page(title, intro, md, table, Figures(items), keys=keys, lang=lang)
    page.sections = sections
    # what a run of it would say
    page.warnings = saved_warnings([have[0].parent if have else folder / "rep-000"], lang)
    # ... and what it said of the folder: an earlier, larger set's replications beside its own
    page.warnings += replications_beyond(folder, n, lang)
    return page


def _disruptions_over(have: list[Path], lang: str) -> tuple[str, list[str], list[list[str]]] | None:
    """What each crossing disruption of the set's scenario did to Yiwu's trains and their
    deadlines, over every replication that kept its tables, as a run's report says it for the
    run (:func:`sim.output.report_run_sections._disruption_section`); the report of a set, the
    one a planner runs for the conservative dates, said nothing of it. ``have``: the set's own
    replications' ``summary.json`` files (:func:`replication_summaries` with its count: an
    earlier, larger set's trains are not its). None without a crossing disruption or tables."""
    import yaml

    from sim.output.report_run_sections import disruptions_table

    if not have:
        return None
    path = have[0].parent / "scenario.yaml"
    try:
        scenario = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):  # a damaged set: its other sections say what they can
        return None
    return disruptions_table(sorted(p.parent for p in have), scenario, "disrupted_title_reps", lang)


def _comparison_page(folder: Path, lang: str) -> Page:
    from sim.output.compare_report import comparison_page

    page: Page = comparison_page(folder, lang)
    return page


def _sweep_page(folder: Path, lang: str) -> Page:
    spec = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    points, params = spec["points"], spec["parameters"]
    aggs = {}
    for i, pt in enumerate(points):
        path = folder / f"p{i:03d}" / "aggregate.json"
        name = ", ".join(f"{k}={v}" for k, v in pt.items())
        aggs[name] = json.loads(path.read_text(encoding="utf-8"))["kpis"] if path.exists() else {}
    shown = [(_headline_label(k, p, u, lang), p) for k, p, u in HEADLINE[3:7]]
    # each point labelled as the table writes a lead time (to the hundredth of a day)
    labels = {
        p: {n: _unit_interval(a.get(p), u) for n, a in aggs.items()} for _, p, u in HEADLINE[3:7]
    }
    figs = [("kpis", term("cap:sweep_kpis", lang), F.kpi_intervals(aggs, shown, lang, labels))]
    # a point by its values under the keys' names (the header), as the paired differences
    values = [", ".join(str(v) for v in pt.values()) for pt in points]
    table = [
        (value, _unit_interval(a.get("lead_time_days.overall.mean"), "d"))
        for value, a in zip(values, aggs.values())
    ]
    text = term("sweep_intro", lang, params=", ".join(map(str, params)), n=spec["replications"])
    precise = precision_text(spec.get("precision"), lang)
    text += (" " if precise and lang == "en" else "") + precise
    page = Page(
        term("sweep_title", lang), f"<p>{_esc(text)}</p>", text, table, Figures(figs), lang=lang
    )
    # the rows are the points, not KPIs: the columns say so (as the paired differences' do)
    lead = next((k, p, u) for k, p, u in HEADLINE if p == "lead_time_days.overall.mean")
    page.head = (", ".join(map(str, params)), _headline_label(*lead, lang))
    if spec.get("paired_differences"):  # sweeps written before them have none
        from sim.output.compare_report import sweep_differences

        page.sections.append(sweep_differences(spec, params, lang))
    # each warning once, with the points it concerns unless it concerns all of them
    said: dict[str, list[str]] = {}
    for i, name in enumerate(aggs):
        for w in saved_warnings([folder / f"p{i:03d}" / "rep-000"], lang):
            said.setdefault(w, []).append(name)
    join = "；" if lang == "zh" else "; "
    page.warnings = [
        w if len(at) == len(aggs) else term("cli:warn_named", lang, which=join.join(at), text=w)
        for w, at in said.items()
    ]
    return page
