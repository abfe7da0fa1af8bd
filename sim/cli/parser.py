"""The command line's parser: every command, its own options (those several share are in
:mod:`sim.cli.options`) and the function that runs it; and ``yiwu-sim completion``, the shell
completion script made from this parser.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sim import __version__
from sim.cli.compare import cmd_compare
from sim.cli.help_text import _Parser
from sim.cli.options import (
    POLICY_HELP,
    _add_exec,
    _add_experiment,
    _add_experiment_basics,
    _add_format,
    _add_json,
    _add_lang,
    _confidence,
    _count,
    _even,
    _port,
    _positive,
    _power_of_two,
    _run_id,
    _seed,
)
from sim.cli.plan import cmd_plan
from sim.cli.process import EXIT_ERROR
from sim.cli.results_folders import (
    cmd_collect,
    cmd_events,
    cmd_figures,
    cmd_report,
    cmd_warmup,
)
from sim.cli.run import cmd_run
from sim.cli.scenario_tools import cmd_explore, cmd_network, cmd_schema, cmd_validate
from sim.cli.sensitivity import cmd_sensitivity
from sim.cli.sweep import cmd_sweep


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="yiwu-sim",
        description="Discrete-event simulation of Yiwu market logistics and Yixin'ou rail lines.",
    )
    p.add_argument("--version", action="version", version=f"yiwu-sim {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    p.add_argument("--lang", dest="top_lang", choices=["en", "zh"],
                   help="language of the command that follows, as its own --lang")  # fmt: skip
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    r = sub.add_parser("run", help="simulate a scenario and write a results folder")
    r.add_argument(
        "scenario",
        nargs="?",
        help="scenario YAML file (default: the shipped Spring Festival season)",
    )
    r.add_argument("--seed", type=_seed, help="random seed (default: the scenario's)")
    r.add_argument(
        "--set",
        action="append",
        metavar="KEY.PATH=VALUE",
        help="override a scenario value, e.g. --set buyers.visits_per_day=2000",
    )
    r.add_argument("--policy", action="append", metavar="KIND=MODULE:CLASS", help=POLICY_HELP)
    r.add_argument("--days", type=_count(1), help="simulate this many days")
    r.add_argument("--out", default="results", help="results root folder (default: results)")
    r.add_argument(
        "--run-id",
        type=_run_id,
        help="name of the run folder (default: seed-<seed>; "
        "with --replications, the set's folder, default replications-<seed>)",
    )
    r.add_argument("--force", action="store_true", help="replace an existing run folder")
    r.add_argument(
        "--replications",
        type=_count(1),
        metavar="N",
        help="run N replications and write aggregate.json with 95%% intervals",
    )
    _add_exec(r)
    r.set_defaults(func=cmd_run)

    c = sub.add_parser("compare", help="compare scenarios with common random numbers")
    c.add_argument(
        "scenarios", nargs="+", metavar="SCENARIO", help="two or more; the first is the baseline"
    )
    c.add_argument(
        "--replications",
        type=_count(2),
        default=10,
        metavar="N",
        help="per scenario (default 10; at least 2, for an interval)",
    )
    _add_experiment(c, "the first scenario's", "override in every scenario")
    c.set_defaults(func=cmd_compare)

    w = sub.add_parser("sweep", help="full-factorial parameter sweep with replications")
    w.add_argument("scenario", nargs="?", help="scenario YAML file (default: the shipped one)")
    w.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="KEY.PATH=V1,V2,...",
        help="a parameter and its values; repeat for a grid",
    )
    w.add_argument(
        "--replications", type=_count(1), default=5, metavar="N", help="per point (default 5)"
    )
    _add_experiment(w, "the scenario's", "override before sweeping")
    w.set_defaults(func=cmd_sweep)

    pl = sub.add_parser(
        "plan", help="the best decision that meets a goal, with a stated confidence (capacity)"
    )
    pl.add_argument("scenario", nargs="?", help="scenario YAML file (default: the shipped one)")
    pl.add_argument("--decide", action="append", required=True,
                    metavar="KEY.PATH=LO..HI[:STEP]|V1,V2,...",
                    help="a decision and its values; repeat for several")  # fmt: skip
    pl.add_argument("--goal", action="append", required=True, metavar="min:KPI|KPI>=Q[,tol=E]",
                    help="objective (min:/max:, one or two) or constraint over summary.json "
                    "KPIs or rail_departures; repeat")  # fmt: skip
    pl.add_argument("--budget", type=_count(1), default=60, metavar="RUNS",
                    help="most simulation runs in all (default 60)")  # fmt: skip
    pl.add_argument("--confidence", type=_confidence, default=0.95, metavar="P",
                    help="probability of correct selection (default 0.95)")  # fmt: skip
    pl.add_argument("--indifference", type=_positive, metavar="DELTA",
                    help="objective differences below this do not matter (default: 1%% of the "
                    "best, 0.5 for rail_departures)")  # fmt: skip
    pl.add_argument("--screen-replications", type=_count(1), default=3, metavar="N",
                    help="runs per candidate in the search (default 3)")  # fmt: skip
    pl.add_argument("--first-stage", type=_count(2), default=5, metavar="N",
                    help="first-stage runs per contender in the selection (default 5)")  # fmt: skip
    pl.add_argument("--contenders", type=_count(1), default=5, metavar="K",
                    help="candidates that go on to the selection (default 5)")  # fmt: skip
    pl.add_argument("--seed", type=_seed, help="root seed (default: the scenario's)")
    pl.add_argument("--set", action="append", metavar="KEY.PATH=VALUE",
                    help="override before planning")  # fmt: skip
    pl.add_argument("--policy", action="append", metavar="KIND=MODULE:CLASS", help=POLICY_HELP)
    pl.add_argument("--out", default="results", help="results root folder (default: results)")
    pl.add_argument("--force", action="store_true", help="recompute runs that are complete")
    _add_format(pl)
    pl.add_argument(
        "--jobs", type=_count(1), metavar="J", help="worker processes (default: all cores)"
    )
    pl.add_argument("--scheduler", metavar="ADDRESS",
                    help="run on an existing Dask cluster (needs the 'dask' extra)")  # fmt: skip
    pl.add_argument("--quiet", action="store_true", help="no progress bar")
    pl.add_argument("--no-report", action="store_true", help="do not write plan.html / plan.md")
    pl.add_argument("--lang", default="en", choices=["en", "zh"],
                    help="language of plan.md, plan.html and this summary")  # fmt: skip
    _add_json(pl)
    pl.set_defaults(func=cmd_plan)

    se = sub.add_parser(
        "sensitivity", help="global sensitivity (Morris, Sobol) over the estimated assumptions"
    )
    se.add_argument("scenario", nargs="?", help="scenario YAML file (default: the shipped one)")
    se.add_argument("--method", default="morris", choices=["morris", "sobol"],
                    help="morris (screening, many inputs; default) or sobol (a few)")  # fmt: skip
    se.add_argument("--vary", action="append", metavar="KEY.PATH=LO..HI",
                    help="an input and its range (KEY.PATH=*LO..HI: a factor on the "
                    "scenario's value); repeat. Default: every estimated (E) assumption, "
                    "x0.75..1.25")  # fmt: skip
    se.add_argument("--kpi", action="append", metavar="KPI",
                    help="a KPI of summary.json, e.g. lead_time_days.overall.mean; repeat "
                    "(default: festival on-time share, rail and overall lead time)")  # fmt: skip
    se.add_argument("--trajectories", type=_count(2), default=10, metavar="R",
                    help="morris: trajectories (default 10)")  # fmt: skip
    se.add_argument("--levels", type=_even(2), default=4, metavar="P",
                    help="morris: grid levels, even (default 4)")  # fmt: skip
    se.add_argument("--samples", type=_power_of_two(2), default=64, metavar="N",
                    help="sobol: base samples, a power of two (default 64)")  # fmt: skip
    se.add_argument("--replications", type=_count(1), default=2, metavar="N",
                    help="runs per point, common seeds (default 2)")  # fmt: skip
    se.add_argument(
        "--keep-tables",
        action="store_true",
        help="keep each run's orders, trains and borders tables (default: summaries)",
    )
    _add_json(se)
    _add_experiment_basics(se)
    _add_lang(se, "language of this summary")
    se.set_defaults(func=cmd_sensitivity)

    rp = sub.add_parser(
        "report",
        help="(re)build report.html (a plan's plan.html) from a results folder; no simulation",
    )
    rp.add_argument("folder", metavar="RESULTS_DIR")
    rp.add_argument(
        "--lang",
        default="en",
        choices=["en", "zh"],
        help="language of the report and of what this command prints",
    )
    rp.set_defaults(func=cmd_report)

    co = sub.add_parser(
        "collect", help="gather results folders into one tidy KPI table (checks manifests)"
    )
    co.add_argument("folders", nargs="+", metavar="FOLDER", help="run or experiment folders")
    co.add_argument(
        "--out",
        default="kpis.parquet",
        help="the table to write; .parquet or .csv (default kpis.parquet)",
    )
    co.add_argument("--keep-duplicates", action="store_true",
                    help="keep runs that repeat another run's scenario and seed (default: "
                    "counted once, with a warning)")  # fmt: skip
    _add_lang(co)
    co.set_defaults(func=cmd_collect)

    ev = sub.add_parser(
        "events", help="a run's event log (entity, event, time, resource) for animation tools"
    )
    ev.add_argument("folder", metavar="RESULTS_DIR", help="a run folder with its tables")
    ev.add_argument("--entities", default="trains", choices=["trains", "orders"],
                    help="trains through the border crossings (default) or orders")  # fmt: skip
    ev.add_argument("--out", help="file to write, .csv or .parquet (default: in the folder)")
    _add_lang(ev)
    ev.set_defaults(func=cmd_events)

    wu = sub.add_parser("warmup", help="suggest warmup_days from runs' daily series (MSER-5)")
    wu.add_argument("folders", nargs="+", metavar="FOLDER", help="run or experiment folders")
    wu.add_argument(
        "--series",
        action="append",
        metavar="COLUMN",
        help="daily column (default: teu_waiting_yiwu and every queue_<BORDER>)",
    )
    _add_lang(wu)
    wu.set_defaults(func=cmd_warmup)

    ex = sub.add_parser(
        "explore", help="a local web page: move a control, watch the season change (offline)"
    )
    ex.add_argument(
        "scenario", nargs="?", help="scenario YAML file (default: the teaching scenario)"
    )
    ex.add_argument(
        "--port", type=_port, default=0, help="port on 127.0.0.1 (default: a free one, printed)"
    )
    ex.add_argument(
        "--allow-host",
        action="append",
        metavar="NAME",
        help="also answer requests for this host name (a proxy's, e.g. a JupyterHub's)",
    )
    _add_lang(ex, "language the page opens in (it has its own switch) and of this line")
    ex.set_defaults(func=cmd_explore)

    v = sub.add_parser("validate", help="check scenario files and list every problem")
    v.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    v.add_argument("--set", action="append", metavar="KEY.PATH=VALUE",
                   help="check each file with this override, as `run --set` applies it "
                   "(repeatable)")  # fmt: skip
    v.add_argument("--lang", default="en", choices=["en", "zh"],
                   help="language of the problems' heads and the warnings")  # fmt: skip
    v.set_defaults(func=cmd_validate)

    n = sub.add_parser("network", help="list the lines; export GraphML and GeoJSON with --out")
    n.add_argument("--out", help="folder for network.graphml and network.geojson")
    _add_lang(n, "language of the table (the exports carry name and name_zh)")
    n.set_defaults(func=cmd_network)

    s = sub.add_parser("schema", help="print the scenario JSON Schema")
    s.set_defaults(func=cmd_schema)

    fg = sub.add_parser(
        "figures", help="matplotlib figures of a results folder as PDF/PNG/SVG; no simulation"
    )
    fg.add_argument(
        "folder", metavar="RESULTS_DIR", help="a run, replications, comparison or sweep"
    )
    fg.add_argument("--format", default="pdf", choices=["pdf", "png", "svg"],
                    help="file format (default pdf)")  # fmt: skip
    fg.add_argument(
        "--out", metavar="DIR", help="folder to write (default RESULTS_DIR/figures-FORMAT)"
    )
    _add_lang(fg, "language of the figures' words and of this summary")
    fg.set_defaults(func=cmd_figures)

    cp = sub.add_parser("completion", help="print a shell completion script (bash or zsh)")
    cp.add_argument("shell", choices=["bash", "zsh"])
    cp.set_defaults(func=cmd_completion)
    return p


def cmd_completion(args: argparse.Namespace) -> int:
    try:
        import shtab
    except ImportError:
        sys.stderr.write(
            "error: yiwu-sim completion needs shtab: pip install 'yiwu-sim[completion]'\n"
        )
        return EXIT_ERROR
    parser = build_parser()
    _complete_paths(parser, shtab.FILE, shtab.DIRECTORY)
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return 0


def _complete_paths(parser: argparse.ArgumentParser, files: Any, folders: Any) -> None:
    """Scenario arguments complete to files, results folders to folders (shtab reads an
    argument's ``complete`` attribute)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _complete_paths(sub, files, folders)
        elif action.dest in ("scenario", "scenarios"):
            action.complete = files  # type: ignore[attr-defined]
        elif action.dest in ("folder", "folders"):
            action.complete = folders  # type: ignore[attr-defined]
