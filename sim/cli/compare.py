"""``yiwu-sim compare``: scenarios run with common random numbers; each KPI's interval per
scenario and the paired differences against the first.
"""

from __future__ import annotations

import argparse
from typing import Any

from sim.cli.printing import (
    HEADLINE,
    _ci,
    _json,
    _kpis,
    _lang,
    _nd,
    _out,
    _precision_line,
    _table,
    _warning,
)
from sim.cli.scenario_warnings import _horizon, _warn
from sim.cli.settings import _exec_kwargs, _maybe_report, _overrides
from sim.cli.summary import print_disruptions_over


def _compare_kpis(comp: Any) -> list[tuple[str, str, int]]:
    """The headline KPIs plus each deadline's on-time share and the crossings whose mean wait
    changed most (as in the comparison report)."""
    from sim.output.report import comparison_kpis

    data = {
        "kpis": {label: s.aggregate for label, s in zip(comp.labels, comp.sets)},
        "paired_differences": comp.differences,
    }
    shown = {k for _, k, _ in HEADLINE}
    extra = [
        (f"{lbl}, %" if u == "%" else lbl, k, 1 if u == "%" else 0 if u == "n" else 2)
        for lbl, k, u in comparison_kpis(data)
    ]
    return [*HEADLINE, *((lbl, k, nd) for lbl, k, nd in extra if k not in shown)]


def cmd_compare(args: argparse.Namespace) -> int:
    from sim.experiment.runs import compare
    from sim.world.inputs import load_scenario

    scenarios = [load_scenario(p, _overrides(args)) for p in args.scenarios]
    from sim.world.inputs import resolve

    lang = _lang(args)
    for sc in scenarios:
        _warn(resolve(sc), sc.name, lang)
    _horizon(scenarios, lang)
    if len({sc.scale for sc in scenarios}) > 1:  # the report says so too
        from sim.output.glossary import term

        scales = ", ".join(f"{sc.name} {sc.scale:g}" for sc in scenarios)
        _warning(term("warn_scales", lang, scales=scales), lang)
    comp = compare(scenarios, args.replications, **_exec_kwargs(args))
    _maybe_report(args, comp.folder)
    if _json(args, "compare", comp.folder, comp.to_json()):
        return 0

    from sim.output.glossary import kpi_name, term

    base = comp.sets[0]
    _out(term("cli:cmp_intro", lang, n=len(base.seeds), base=base.scenario.name))
    header = [term("kpi", lang), *comp.labels]  # unique even when two scenarios share a name
    header += [
        f"diff {lb}" if lang == "en" else term("diff_vs", lang, name=lb, base=comp.labels[0])
        for lb in comp.labels[1:]
    ]
    from sim.output.report_parts import with_fixed_dispatch

    aggs = with_fixed_dispatch({lb: s.aggregate for lb, s in zip(comp.labels, comp.sets)})
    rows = []
    pairs = len(comp.sets[0].seeds)
    for lbl, k, given in _compare_kpis(comp):
        name = lbl if lang == "en" else kpi_name(k, lang)
        paired = [diffs.get(k) for diffs in comp.differences.values()]
        nd = _nd(given, k, [*(aggs[lb].get(k) for lb in comp.labels), *paired])  # (as the report)
        count = given == 0  # (the rows of no decimals: orders, trains)
        row = [name, *(_ci(aggs[lb].get(k), nd, k, len(s.seeds), count)
                       for lb, s in zip(comp.labels, comp.sets))]  # fmt: skip
        for d in paired:
            cell = _ci(d, nd, k, pairs, count)
            row.append(cell + (" *" if d and d.get("distinguishable") else ""))
        rows.append(row)
    _table(header, rows)
    for lb, s in zip(comp.labels, comp.sets):  # each scenario's own closure, over its runs
        print_disruptions_over(s.folder, lang, lb, len(s.seeds))
    _precision_line(comp.precision, lang)
    _out(term("cli:results_more", lang, folder=comp.folder, file="comparison.json",
              kpis=_kpis(args)))  # fmt: skip
    return 0
