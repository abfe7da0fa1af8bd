"""``yiwu-sim run``: one run of a scenario, written to its results folder and summarised; or,
with ``--replications`` or ``--precision``, a replication set with each KPI's interval and the
conservative last safe order dates.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sim.cli import process
from sim.cli.options import RUN_ID
from sim.cli.printing import (
    HEADLINE,
    _ci,
    _json,
    _kpis,
    _label,
    _lang,
    _out,
    _pad,
    _precision_line,
    _table,
    _warning,
    _width,
)
from sim.cli.process import EXIT_INTERRUPTED, _settle
from sim.cli.scenario_warnings import _horizon, _warn
from sim.cli.settings import _exec_kwargs, _maybe_report, _overrides
from sim.cli.summary import (
    disruption_said,
    print_disruptions_over,
    print_summary,
    safe_dates_said,
)
from sim.errors import ResultsError, SimError


def cmd_run(args: argparse.Namespace) -> int:
    from sim.experiment.single import run_and_write
    from sim.world.inputs import load_scenario, resolve

    if args.replications is not None or args.precision:
        _settle()
        return cmd_replications(args)
    sc = load_scenario(args.scenario, _overrides(args))
    if args.seed is not None:
        sc = sc.model_copy(update={"seed": int(args.seed)})
    resolved = resolve(sc)
    lang = _lang(args)
    _warn(resolved, lang=lang)
    if args.summaries_only:  # an experiment's option: a single run is kept whole
        from sim.output.saying import said

        _warning(said("cli:warn_summaries_single"), lang)
    run_id = args.run_id or f"seed-{resolved.seed}"
    if not RUN_ID.match(run_id):
        raise ResultsError(f"--run-id {run_id!r}: use letters, digits, _ . - (at most 80)")
    folder = Path(args.out) / resolved.name / run_id
    if folder.exists() and not args.force:
        from sim.output.saying import said

        raise ResultsError(said("err:folder_exists", folder=folder))
    from sim.output.install import check_replaceable

    check_replaceable(folder)  # before simulating: --force replaces run folders only
    from sim.world.memory import memory_problem

    if problem := memory_problem(resolved):  # this machine, container or ulimit -v
        raise SimError(problem)
    _settle()  # modules imported, scenario read: the run begins
    if process._own_process:  # the heap it will grow into, faulted in on a spare core meanwhile
        from sim.world.memory import heap_to_pretouch, pretouch_heap

        pretouch_heap(heap_to_pretouch(resolved))
    result = run_and_write(
        sc, None, folder, force=args.force, fmt=args.format, argv=["yiwu-sim", *sys.argv[1:]]
    )
    try:
        _maybe_report(args, folder, result)
    except KeyboardInterrupt:  # the run is complete: running it again would meet its folder
        from sim.output.glossary import term

        sys.stderr.write(term("cli:interrupted_report", lang, folder=folder) + "\n")
        return EXIT_INTERRUPTED
    _horizon([resolved], lang)  # after the run: a failed write stays one line
    if _json(args, "run", folder, {"summary": result.summary}):
        return 0
    disrupted = disruption_said([folder], resolved.model_dump(mode="json"), lang)
    print_summary(result.summary, folder, result.manifest["wall_time_s"],
                  result.manifest["events"], lang, disrupted)  # fmt: skip
    return 0


def cmd_replications(args: argparse.Namespace) -> int:
    from sim.experiment.runs import run_replications
    from sim.world.inputs import load_scenario

    sc = load_scenario(args.scenario, _overrides(args))
    from sim.world.inputs import resolve

    lang = _lang(args)
    _warn(resolve(sc), lang=lang)  # the warnings a single run prints: a set needs them as much
    _horizon([sc], lang)
    # --run-id names the set's folder, as it names a single run's
    rs = run_replications(sc, args.replications, name=args.run_id, **_exec_kwargs(args))
    _maybe_report(args, rs.folder)
    if _json(args, "run", rs.folder, rs.to_json()):
        return 0
    from sim.output.glossary import term

    one = len(rs.seeds) == 1  # no interval to show: said, and the column is the value
    _out(term("cli:reps_intro_one" if one else "cli:reps_intro", lang, name=sc.name,
              n=len(rs.seeds), now=rs.computed, done=rs.skipped, day=sc.warmup_days))  # fmt: skip
    shown = list(HEADLINE)
    if "lost_sales.orders" in rs.aggregate:  # buyers who placed elsewhere
        shown.insert(1, (term("kpi:lost_sales.orders"), "lost_sales.orders", 0))
    _table(
        [term("kpi", lang), term("value" if one else "cli:mean_hw", lang)],
        [
            [_label(lbl, k, lang), _ci(rs.aggregate.get(k), nd, k, len(rs.seeds))]
            for lbl, k, nd in shown
        ],
    )
    if not one:  # what the single run's "run with --replications 20" promised
        _conservative_dates(rs.folder, rs.aggregate, lang, len(rs.seeds))
    print_disruptions_over(rs.folder, lang, n=len(rs.seeds))
    _precision_line(rs.precision, lang)
    _out(term("cli:results_more", lang, folder=rs.folder, file="aggregate.json", kpis=_kpis(args)))
    return 0


def _named(where: list[str], lang: str) -> str:
    """Lines and destinations as a printed range names them: three, then how many more."""
    from sim.output.glossary import term

    if len(where) <= 3:
        return ", ".join(where)
    return term("cli:and_more", lang, some=", ".join(where[:3]), n=len(where) - 3)


def _conservative_dates(
    folder: Path, kpis: dict[str, Any], lang: str = "en", n: int | None = None
) -> None:
    """The range of the conservative last safe order dates of a replication set, per deadline,
    as a single run prints the range of its own dates: first and last over every line and
    destination that has one (the dates that hold in 95 % of seasons; each row, and the rows
    without one, are in the report and its table).

    A single run's summary tells the reader to run ``--replications 20`` for these dates; the
    set's table printed only means and intervals, so the promised dates were in report.html
    alone (and in none of the files with ``--no-report``). ``n``: the set's replications, the
    first ``n`` in the folder (a larger earlier run's later ones are kept there, not counted).
    """
    from datetime import date, timedelta

    from sim.output.glossary import category_name, term
    from sim.output.report_parts import (
        _aggregate_safe,
        _season_days,
        no_conservative_why,
        replication_summaries,
    )

    have = replication_summaries(folder)[:n]  # (rep-000's may be lost: the first there)
    if not have:
        return
    first = json.loads(have[0].read_text(encoding="utf-8"))
    start = date.fromisoformat(first["start"])
    found: dict[str, list[tuple[str, str]]] = {}
    missed: dict[str, list[str]] = {}  # lines with no conservative date: said, not left out
    # ... and why: "even the first orders miss" only where no season has a safe day; where
    # some have, the seasons disagree (too few with a date, too many without, too spread)
    unsure: dict[str, dict[str, list[str]]] = {}
    # each season's day in replication order: the set's own first n, as its statistics
    seasons = {k: v[:n] for k, v in _season_days(folder).items()}
    for r in _aggregate_safe(kpis, first, seasons):
        c = r["conservative"]
        where = r["line"] if r["destination"] == "all" else f"{r['line']}>{r['destination']}"
        if c["day"] is not None:
            found.setdefault(r["category"], []).append(
                ((start + timedelta(days=c["day"])).isoformat(), where)
            )
        elif c["seasons"] and c["seasons_without"] < c["seasons"]:
            why = term("cons_none", lang, why=no_conservative_why(c, lang))
            unsure.setdefault(r["category"], {}).setdefault(why, []).append(where)
        else:
            missed.setdefault(r["category"], []).append(where)
    rows = []
    for cat, spec in first.get("on_time", {}).get("last_safe_order", {}).items():
        said = safe_dates_said(found.get(cat, []), missed.get(cat, []), spec["deadline_date"], lang)
        groups = [_named(where, lang) + (f"（{why}）" if lang == "zh" else f" ({why})")
                  for why, where in unsure.get(cat, {}).items()]  # fmt: skip
        if groups:
            sep = "；" if lang == "zh" else "; "
            said = sep.join([said, *groups] if said else groups)
        if said is None:
            continue
        name = cat if lang == "en" else category_name(cat, lang)
        comma = "，" if lang == "zh" else ", "  # the single run's line, then which date
        rows.append((term("cli:safe", lang, cat=name).strip() + comma + term("cons_date", lang),
                     said))  # fmt: skip
    if rows:
        width = max(_width(k) for k, _ in rows)
        for k, v in rows:
            _out(f"{_pad(k, width)}  {v}")
