"""The commands that read results folders and run no simulation: ``report`` (a report, or a
plan's page, built again), ``collect`` (one KPI table of many folders), ``events`` (a run's event
log), ``warmup`` (a warm-up suggested from daily series) and ``figures`` (matplotlib figures).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from sim.cli.printing import _lang, _out, _table, _warning
from sim.cli.process import EXIT_ERROR
from sim.errors import ResultsError


def cmd_report(args: argparse.Namespace) -> int:
    from sim.output.glossary import term
    from sim.output.report import build_report
    from sim.output.saying import said

    plan = Path(args.folder) / "plan.json"
    if plan.is_file():  # a plan's folder: its page is plan.html (and plan.md), from plan.json
        from sim.output.plan_report import write_plan_report

        try:
            paths = write_plan_report(plan, Path(args.folder), lang=args.lang)
        except (ValueError, KeyError, TypeError) as exc:  # edited or damaged by hand
            # a key it lacks in words ("KeyError('scenario')" was Python's, in any language)
            why = (
                said("res:key_missing", name=repr(exc.args[0]))
                if isinstance(exc, KeyError) and exc.args
                else str(exc) or repr(exc)
            )
            raise ResultsError(said("cmd:plan_unreadable", plan=plan, exc=why)) from None
        _out(term("cli:report_done", args.lang, path=paths[-1]))
        return 0
    path = build_report(args.folder, lang=args.lang)
    _out(term("cli:report_done", args.lang, path=path))
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from sim.experiment.collect import check_table_name, collect, write_kpi_table
    from sim.output.glossary import term

    check_table_name(Path(args.out))  # before any folder is read
    lang = _lang(args)
    if not args.debug:  # the warning below says it once (the library logs it for notebooks)
        logging.getLogger("sim.experiment.collect").setLevel(logging.ERROR)
    got = collect(args.folders, keep_duplicates=args.keep_duplicates)
    if got.duplicates:  # the same scenario and seed twice: pseudo-replication
        run, same = got.duplicates[0]
        n = len(got.duplicates)
        more = term("cmd:dup_more", lang, n=n - 1) if n > 1 else ""
        what = term("cmd:dup_kept" if args.keep_duplicates else "cmd:dup_once", lang)
        _warning(term("cli:warn_duplicates", lang, n=n, what=what, run=run, same=same,
                      more=more), lang)  # fmt: skip
    path = write_kpi_table(got.table, Path(args.out))
    params = ", ".join(got.parameters) or term("cmd:none", lang)
    _out(term("cmd:collect_done", lang, runs=f"{len(got.runs):,}", rows=f"{got.table.num_rows:,}",
              params=params))  # fmt: skip
    _out(term("cmd:table", lang, path=path))
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    from sim.experiment.collect import check_table_name, write_kpi_table
    from sim.output.event_log import event_log
    from sim.output.glossary import term
    from sim.output.results import has_tables, load_run
    from sim.output.saying import said

    if args.out:
        check_table_name(Path(args.out))  # before the run is read
    folder = Path(args.folder)
    runs = sorted(p.parent for p in folder.glob("**/manifest.json")) if folder.is_dir() else []
    if runs and not (folder / "manifest.json").is_file():  # an experiment: one run's events
        raise ResultsError(said("cmd:events_many", folder=folder, n=len(runs), example=runs[0]))
    if folder.is_dir() and (folder / "manifest.json").is_file() and not has_tables(folder):
        raise ResultsError(said("cmd:events_summaries", folder=folder))
    run = load_run(folder)
    log = event_log(run.tables, run.seed, args.entities)
    path = Path(args.out) if args.out else folder / f"events-{args.entities}.csv"
    write_kpi_table(log, path)  # Parquet or CSV by the suffix, atomically
    lang = _lang(args)
    entities = term(f"cmd:ent_{args.entities}", lang)
    _out(term("cmd:events_done", lang, n=f"{log.num_rows:,}", entities=entities, path=path))
    return 0


def cmd_warmup(args: argparse.Namespace) -> int:
    from sim.output.glossary import term
    from sim.output.warmup import BATCH, overall, suggest_warmup

    lang = _lang(args)
    found = suggest_warmup(args.folders, args.series)
    _out(term("cmd:mser_head", lang, batch=BATCH))

    def cell(t: Any) -> str:
        if t.warmup_days is None:
            return "-"
        # a series that never moves (no train ever queued there) bounds no warm-up: its 0
        # says nothing, and the table says so rather than suggest one
        flat = bool(t.mser) and max(t.mser) == 0
        return term("cmd:constant", lang, d=t.warmup_days) if flat else str(t.warmup_days)

    # the days MSER-5 looked at: whole batches (a 196-day run uses 195)
    header = [term(k, lang, batch=BATCH) for k in ("cmd:series", "cmd:warmup", "cmd:days_in_run")]
    _table(header, [[_series_name(t.series, lang), cell(t), str(t.batches * BATCH)]
                    for t in found])  # fmt: skip
    best = overall(found)
    if best is None:
        none = ", ".join(t.series for t in found if t.warmup_days is None)
        _out(term("cmd:no_warmup", lang, none=none))
    else:
        _out(term("cmd:suggested", lang, d=best))
    return 0


def _series_name(series: str, lang: str) -> str:
    """A daily series as the warm-up table names it: its column (what ``--series`` takes) and,
    in Chinese, what it counts (``queue_MAL（马拉舍维奇排队列车）``)."""
    if lang == "en":
        return series
    from sim.output.glossary import term

    if series == "teu_waiting_yiwu":
        return f"{series}（{term('cmd:series_waiting', lang)}）"
    if series.startswith("queue_"):
        from sim.world.network import place_name

        code = series.removeprefix("queue_")
        place = place_name(code, lang)
        if place != code:
            return f"{series}（{term('cmd:series_queue', lang, place=place)}）"
    return series


def cmd_figures(args: argparse.Namespace) -> int:
    from sim.output.glossary import term

    lang = _lang(args)
    try:
        import matplotlib  # noqa: F401 - an optional extra
    except ImportError:
        needs = term("cmd:needs", lang, command="figures", package="matplotlib", extra="figures")
        sys.stderr.write(term("cli:error", lang, text=needs) + "\n")
        return EXIT_ERROR
    from sim.figures import folder_figures, save_figures
    from sim.figures.folders import chinese_font

    if lang == "zh" and chinese_font() is None:  # the figures' Chinese would be boxes
        _warning(term("fig:no_font", lang), lang)
    folder = Path(args.folder)
    # beside the report's own figures/ (which a rebuilt report replaces), not inside it
    out = Path(args.out) if args.out else folder / f"figures-{args.format}"
    figures = folder_figures(folder, lang)
    try:
        paths = save_figures(figures, out, args.format)
    except OSError as exc:  # "cannot write (Not a directory)", as every command says it
        from sim.output.install import _os_error

        raise _os_error(exc, out) from None
    names = ", ".join(p.stem for p in paths)
    done = "cmd:figure_done" if len(paths) == 1 else "cmd:figures_done"  # not "1 figures"
    _out(term(done, lang, n=len(paths), fmt=args.format, out=out, names=names))
    return 0
