"""The ``yiwu-sim`` command line: a thin layer over the library.

Commands: ``run`` (simulate a scenario and write a results folder), ``collect`` (gather results
folders into one KPI table), ``warmup`` (suggest a warm-up from daily series), ``validate`` (check
scenario files), ``network`` (list the lines and export the network), ``schema`` (print the
scenario JSON Schema). Errors a user can cause are printed as a message with a non-zero exit
code; ``--debug`` shows the traceback as well. Exit codes: 0 done; 2 the input is wrong (a
scenario, ``--set``, ``--vary``, an option out of its range such as ``--seed -5``,
``--replications 0`` or ``--run-id ../x``: nothing was run); 1 the work could not be done (a
results folder exists, is not a run folder or is damaged, the disk is full, too little memory,
workers kept dying); 130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import math
import os
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from sim import __version__
from sim.errors import ResultsError, ScenarioError, SimError, UsageError

EXIT_USAGE = 2
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130
EXIT_PIPE_CLOSED = 141
"""The reader of the output went away (``yiwu-sim network | head``): 128 + SIGPIPE, the status
a shell gives a command its pipe's reader left, said silently as such commands do."""

_own_process = False
"""Whether this process is the command's own (:func:`main` with ``own_process``): then it may
fault in, on a spare core, the heap a run will need
(:func:`sim.world.memory.pretouch_heap`)."""

_collector_paused = False
"""Whether the cyclic garbage collector is paused for this process's start-up (:func:`main`
with ``own_process``, until :func:`_settle`)."""


def _settle() -> None:
    """The command's start-up is over: resume the garbage collector, with what start-up made
    frozen out of its work.

    Start-up (the modules, their classes, the scenario schema, the scenario read: about 90,000
    objects, nearly all kept to the end) paid about 0.05 s of collections that found almost
    nothing, and every full collection later would walk them again. So the command's own
    process starts with the collector paused, and here ``gc.freeze`` moves what exists to the
    permanent generation (the few cycles start-up left as garbage, ~3,000 objects, stay) before
    collection resumes for the run itself.
    """
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _lang(args: argparse.Namespace) -> str:
    """The reader's language (``--lang``; English for commands without it)."""
    return getattr(args, "lang", None) or "en"


def _warning(text: str, lang: str = "en") -> None:
    """One warning on standard error, in ``lang`` (a :func:`~sim.output.saying.said`
    message is said again in it)."""
    from sim.output.glossary import term
    from sim.output.saying import in_lang

    sys.stderr.write(term("cli:warning", lang, text=in_lang(text, lang)) + "\n")


def _error_text(exc: BaseException, lang: str, frame: bool = True) -> str:
    """An error's message in ``lang``: a scenario's problems one a line under a translated
    head, each said again in ``lang`` (:func:`~sim.output.saying.in_lang`: the key path and
    the value as given; a wording no glossary template reads stays in English)."""
    from sim.output.glossary import term
    from sim.output.saying import in_lang

    if isinstance(exc, ScenarioError):
        n = len(exc.problems)
        if exc.source is None:
            head = term("cli:invalid_nosource", lang, n=n)
        elif lang != "en" and (exc.source.startswith("--") or exc.source == "sensitivity"):
            # an option (sensitivity's design: its options), not a scenario file
            head = term("cli:invalid_option", lang, source=exc.source, n=n)
        else:
            head = term("cli:invalid", lang, source=exc.source, n=n)
        lines = "\n".join(f"  - {in_lang(p, lang)}" for p in exc.problems)
        text = f"{head}\n{lines}"
    else:
        text = in_lang(exc.args[0], lang) if len(exc.args) == 1 else str(exc)
    return term("cli:error", lang, text=text) if frame else text


def _os_words(exc: OSError, lang: str) -> str:
    """What the system said went wrong, in ``lang`` for the common cases (a missing folder, no
    permission, a full disk: the words of the system's own Chinese messages), else as the
    system said it."""
    import errno

    if isinstance(exc, FileExistsError) and exc.filename and not Path(exc.filename).is_dir():
        # a folder asked for (--out) where a file is: the file is what is in the way
        exc = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), exc.filename)
    said = exc.strerror or str(exc)
    if lang == "en" or exc.errno is None:
        return said
    from sim.output.glossary import GLOSSARY, term

    key = f"os:{errno.errorcode.get(exc.errno, '')}"
    return term(key, lang) if key in GLOSSARY else said


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (on the left when ``right``)."""
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _fmt(v: Any, nd: int = 1) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def print_summary(
    summary: dict[str, Any], folder: Path | None, wall_s: float, events: int, lang: str = "en"
) -> None:
    """A short table of the run's main KPIs, in ``lang`` (labels from the glossary)."""
    from sim.output.explain import crossing_name, date_at, worst_border
    from sim.output.glossary import GLOSSARY, term

    def t(key: str, **kw: Any) -> str:
        return term(key, lang, **kw)

    def cat_name(cat: str) -> str:
        return t(f"cat:{cat}") if lang != "en" and f"cat:{cat}" in GLOSSARY else cat

    o = summary["orders"]
    lt = summary["lead_time_days"]
    rows: list[tuple[str, str]] = [
        (t("cli:placed"), _fmt(o["placed_after_warmup"])),
        (t("cli:delivered"), _fmt(o.get("delivered_after_warmup", o["delivered"]))),
        (t("cli:teu"), _fmt(o["teu_placed_after_warmup"])),
    ]
    lost = summary.get("lost_sales")  # buyers who place elsewhere: not among the orders placed
    if lost is not None:
        said = t("cli:lost_row", n=_fmt(lost["orders"]), teu=_fmt(lost["teu"]))
        rows.append((t("cli:lost"), said))
    rows.append((t("cli:lead"), f"{_fmt(lt['overall']['mean'])} / {_fmt(lt['overall']['p95'])}"))
    for mode, d in lt["by_mode"].items():
        name = t(f"mode:{mode}") if f"mode:{mode}" in GLOSSARY else mode
        rows.append((t("cli:by_mode", mode=name), f"{_fmt(d['mean'])} / {_fmt(d['p95'])}"))
    stages = summary["stage_days_mean"]
    from sim.output.labels import label

    comma = "，" if lang == "zh" else ", "
    stage_text = comma.join(f"{label(k, lang)} {_fmt(v)}" for k, v in stages.items())
    rows.append((t("cli:stages"), stage_text))
    ot = summary["on_time"]
    if ot["orders"]:
        # each deadline apart: a festival share and a Christmas share do not add up to one
        rows.append((t("cli:by_deadline"), ""))
        for cat, d in ot["by_category"].items():
            late = t("cli:late", n=f"{d['late']:,}") if "late" in d else ""
            share = t("cli:share_of", pct=_fmt(100 * d["share"]), n=f"{d['orders']:,}", late=late)
            rows.append((f"  {cat_name(cat)}", share))
        safe = ot.get("last_safe_order", {})
        dated = False  # a date printed: then, and only then, how sure one season's dates are
        for cat, spec in safe.items():
            # the range of every row of last_safe_order.csv: a line's pooled row ("all") and
            # each of its destinations' (one may be earlier than the pooled date)
            days = [
                (v["date"], f"{line}>{dest}" if dest != "all" else line)
                for line, dests in spec["lines"].items()
                for dest, v in dests.items()
                if v["date"]
            ]
            if days:
                first, last = min(days), max(days)
                rng = t("cli:safe_range", a=first[0], la=first[1], b=last[0], lb=last[1],
                        d=spec["deadline_date"])  # fmt: skip
                rows.append((t("cli:safe", cat=cat_name(cat)), rng))
                dated = True
        if dated:
            rows.append((t("cli:how_sure"), ""))
    trains = [v for k, v in summary["lines"].items() if ":" not in k]
    if trains:
        n = sum(v["departures"] for v in trains)
        teu = sum(v["teu"] for v in trains)
        lf = [v["load_factor"] for v in trains if v["load_factor"] is not None]
        rows.append((t("cli:trains"), f"{n:,} / {teu:,.0f}"))
        if lf:
            rows.append((t("cli:load"), f"{100 * sum(lf) / len(lf):.0f} %"))
    borders = summary["borders"]
    if borders:
        worst = worst_border(borders)
        if worst is None:
            rows.append((t("cli:wait"), t("no_wait")))
        else:
            w = borders[worst]
            mean, p95 = _fmt(w["wait_h_mean"]), _fmt(w["wait_h_p95"])
            hours = t("cmd:hours", mean=mean, p95=p95)
            rows.append((t("cli:wait"), f"{crossing_name(worst, lang)} {hours}"))
    for node, h in summary.get("held_at_end", {}).items():
        reopens = h["reopens_h"]
        when = "-" if reopens is None else date_at(summary["start"], reopens)
        rows.append((t("cli:held"), t("cli:held_row", b=crossing_name(node, lang), n=h["trains"],
                                      k=h["yiwu_trains"], mean=_fmt(h["waited_h_mean"]),
                                      longest=_fmt(h["waited_h_max"]), date=when)))  # fmt: skip
    for node, h in summary.get("queued_at_end", {}).items():  # open, every server busy
        if not h["yiwu_trains"]:  # other operators' trains in line at the end: summary.json
            continue
        rows.append((t("cli:queued"), t("cli:queued_row", b=crossing_name(node, lang),
                                        n=h["trains"], k=h["yiwu_trains"],
                                        mean=_fmt(h["waited_h_mean"]),
                                        longest=_fmt(h["waited_h_max"]))))  # fmt: skip
    ec = summary["emissions_cost"]
    rows.append(
        (
            t("cli:co2"),
            f"{_fmt(ec['co2e_kg_total'] / 1000)} / {_fmt(ec['cost_usd_total'] / 1e6, 2)}",
        )
    )
    rows.append((t("cli:events"), t("cmd:events_wall", n=f"{events:,}", s=f"{wall_s:.2f}")))
    width = max(_width(k) for k, v in rows if v)
    day = summary.get("statistics_from_day", 0)
    _out(
        t("cli:head" if day else "cli:head_all", name=summary["scenario"], seed=summary["seed"],
          days=summary["days"], start=summary["start"], scale=summary.get("scale", 1), day=day)
    )  # fmt: skip
    for k, v in rows:
        _out(f"  {_pad(k, width)}  {v}".rstrip())
    if folder is not None:
        _out(f"{term('results', lang)}：{folder}" if lang == "zh" else f"results: {folder}")


HEADLINE = (
    ("orders delivered", "orders.delivered_after_warmup", 0),
    ("lead time mean, d", "lead_time_days.overall.mean", 2),
    ("lead time p95, d", "lead_time_days.overall.p95", 2),
    ("rail lead time mean, d", "lead_time_days.by_mode.rail.mean", 2),
    ("sea lead time mean, d", "lead_time_days.by_mode.sea.mean", 2),
    ("on time, %", "on_time.share", 1),
    ("CO2e, t", "emissions_cost.co2e_kg_total", 1),
    ("freight cost, USD m", "emissions_cost.cost_usd_total", 2),
)
"""KPIs shown in experiment tables (every KPI is in the JSON files)."""


def _ci(d: dict[str, Any] | None, nd: int, key: str = "", of: int | None = None) -> str:
    """``mean ± half-width``; shares in % and kg in tonnes, freight cost in USD m, as in every
    report (glossary); ``(n k/of)`` after it when only ``k`` of the ``of`` replications had a
    value (the sea route's lead time in runs where few or no ships arrived)."""
    from sim.output.glossary import FREIGHT, kpi_scale

    if not d or d.get("mean") is None:
        return "-"
    f = kpi_scale(key)
    hw = d.get("half_width")
    if key == FREIGHT and 0 < abs(hw if hw else d["mean"]) * f < 0.1:
        nd = 4  # a paired difference of a few thousand USD is not 0.00 million (the reports)
    text = f"{d['mean'] * f:,.{nd}f}" + (f" ± {hw * f:,.{nd}f}" if hw is not None else "")
    from sim.output.report_parts import partial_n

    return text + partial_n(d, of)


def _table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        _out("  ".join(_pad(str(c), w, i > 0) for i, (c, w) in enumerate(zip(r, widths))))


def _overrides(args: argparse.Namespace) -> list[str]:
    out = list(args.set or []) + _policy_overrides(getattr(args, "policy", None) or [])
    if getattr(args, "days", None) is not None:
        out.append(f"days={args.days}")
    return out


POLICY_HELP = (
    "choose a policy: KIND=NAME, NAME a built-in one or package.module:Class (a class on "
    "PYTHONPATH), KIND one of routing, loading, rollover, production, train_routing, "
    "dispatch, pricing, repositioning, sailings; or package.module:Class alone (its base says "
    "the kind); repeatable"
)  # the kinds of sim.scenario.registry.KINDS (not imported here: the help starts fast)


def _policy_overrides(items: list[str]) -> list[str]:
    """``--policy`` values as ``--set`` overrides of the key naming each kind's policy."""
    import sim.policies  # noqa: F401 - the kinds' base classes, to tell a class's kind
    from sim.output.saying import said
    from sim.scenario import registry
    from sim.scenario.messages import refused_at

    out = []
    for item in items:
        kind, eq, name = item.partition("=")
        kind, name = (kind.strip(), name.strip()) if eq else ("", item.strip())
        if not kind and registry.is_plugin(name):
            try:
                found = registry.kind_of(registry.import_class(name))
            except ValueError as exc:
                raise ScenarioError([refused_at(exc, f"--policy {item}")], "--policy") from None
            if found is None:
                raise ScenarioError([said("err:no_policy_class", item=item, name=name)], "--policy")
            kind = found
        if kind not in registry.KINDS:
            kinds = ", ".join(registry.KINDS)
            raise ScenarioError(
                [said("err:policy_kind", item=item, kind=kind, kinds=kinds)], "--policy"
            )
        out.append(f"{registry.KEYS[kind][0]}={name}")
    return out


def _progress(args: argparse.Namespace) -> Any:
    """The experiment's ``progress``: False with ``--quiet``; in English True (tqdm's own
    bar); in another language the bar's words in it
    (:class:`~sim.experiment.progress.BarWords`)."""
    lang = _lang(args)
    if args.quiet or lang == "en":
        return not args.quiet
    from sim.experiment.progress import BarWords
    from sim.output.glossary import GLOSSARY, term

    labels = {k[10:]: term(k, lang) for k in GLOSSARY if k.startswith("bar:label:")}
    return BarWords(term("bar:format", lang), term("bar:rate", lang), term("bar:rate_inv", lang),
                    term("bar:rate_unknown", lang), labels)  # fmt: skip


def _exec_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "out": args.out,
        "root_seed": args.seed,
        "jobs": args.jobs or os.cpu_count() or 1,
        "scheduler": args.scheduler,
        "progress": _progress(args),
        "force": args.force,
        "fmt": args.format,
        "summaries_only": args.summaries_only,
        "precision": _precision(args),
    }


def _precision(args: argparse.Namespace) -> Any:
    """The ``--precision`` targets as a :class:`~sim.experiment.precision.Precision`, or None."""
    if not getattr(args, "precision", None):
        return None
    from sim.experiment.precision import Precision, parse_precision

    given = {k: v for k in ("min_replications", "max_replications")
             if (v := getattr(args, k)) is not None}  # fmt: skip
    return Precision(parse_precision(args.precision), **given)


def _warn_unused_precision_options(args: argparse.Namespace) -> None:
    """``--min-replications`` or ``--max-replications`` without ``--precision`` bound nothing:
    say so, rather than run a number of replications the user did not expect."""
    if getattr(args, "precision", None):
        return
    from sim.output.saying import said

    for option in ("min_replications", "max_replications"):
        if getattr(args, option, None) is not None:
            flag = "--" + option.replace("_", "-")
            _warning(said("cli:warn_precision_only", flag=flag), _lang(args))


def _precision_line(report: dict[str, Any] | None, lang: str = "en") -> None:
    """How many replications the precision took (or that it was not reached), in ``lang``."""
    from sim.output.glossary import term

    if report is None:
        return
    widths = ("，" if lang == "zh" else ", ").join(
        f"{k} ±{100 * v:.2g} %" if v is not None else term("cli:no_interval", lang, kpi=k)
        for k, v in report["relative_half_width"].items()
    )
    if report["reached"]:
        _out(term("cli:precision_reached", lang, needed=report["replications_needed"],
                  ahead=report["lookahead"], run=report["replications_run"],
                  widths=widths))  # fmt: skip
    else:
        _out(term("cli:precision_not_reached", lang, run=report["replications_run"],
                  widths=widths))  # fmt: skip


def cmd_replications(args: argparse.Namespace) -> int:
    from sim.experiment.runs import run_replications
    from sim.world.inputs import load_scenario

    sc = load_scenario(args.scenario, _overrides(args))
    from sim.world.inputs import resolve

    lang = _lang(args)
    _warn(resolve(sc), lang=lang)  # the warnings a single run prints: a set needs them as much
    _horizon([sc], lang)
    rs = run_replications(sc, args.replications, **_exec_kwargs(args))
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
        _conservative_dates(rs.folder, rs.aggregate, lang)
    _precision_line(rs.precision, lang)
    _out(term("cli:results_more", lang, folder=rs.folder, file="aggregate.json", kpis=_kpis(args)))
    return 0


def _conservative_dates(folder: Path, kpis: dict[str, Any], lang: str = "en") -> None:
    """The range of the conservative last safe order dates of a replication set, per deadline,
    as a single run prints the range of its own dates: first and last over every line and
    destination that has one (the dates that hold in 95 % of seasons; each row, and the rows
    without one, are in the report and its table).

    A single run's summary tells the reader to run ``--replications 20`` for these dates; the
    set's table printed only means and intervals, so the promised dates were in report.html
    alone (and in none of the files with ``--no-report``).
    """
    from datetime import date, timedelta

    from sim.output.glossary import category_name, term
    from sim.output.report_parts import _aggregate_safe, _season_days

    first_path = folder / "rep-000" / "summary.json"
    if not first_path.is_file():
        return
    first = json.loads(first_path.read_text(encoding="utf-8"))
    start = date.fromisoformat(first["start"])
    found: dict[str, list[tuple[str, str]]] = {}
    for r in _aggregate_safe(kpis, first, _season_days(folder)):
        day = r["conservative"]["day"]
        if day is not None:
            where = r["line"] if r["destination"] == "all" else f"{r['line']}>{r['destination']}"
            found.setdefault(r["category"], []).append(
                ((start + timedelta(days=day)).isoformat(), where)
            )
    rows = []
    for cat, spec in first.get("on_time", {}).get("last_safe_order", {}).items():
        if found.get(cat):
            a, b = min(found[cat]), max(found[cat])
            name = cat if lang == "en" else category_name(cat, lang)
            comma = "，" if lang == "zh" else ", "  # the single run's line, then which date
            head = term("cli:safe", lang, cat=name).strip() + comma + term("cons_date", lang)
            rows.append((head,
                         term("cli:safe_range", lang, a=a[0], la=a[1], b=b[0], lb=b[1],
                              d=spec["deadline_date"])))  # fmt: skip
    if rows:
        width = max(_width(k) for k, _ in rows)
        for k, v in rows:
            _out(f"{_pad(k, width)}  {v}")


def _label(label: str, key: str, lang: str) -> str:
    """A headline KPI's label in ``lang`` (the English one of :data:`HEADLINE` as it is)."""
    from sim.output.glossary import kpi_name

    return label if lang == "en" else kpi_name(key, lang)


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


def _horizon(scenarios: Sequence[Any], lang: str = "en") -> None:
    """Warn when a run ends before a deadline or a disruption's effects can show."""
    from sim.output.glossary import term
    from sim.output.report import horizon_warnings

    for sc in scenarios:
        for w in horizon_warnings(sc, None, lang):
            _warning(term("cli:warn_named", lang, which=sc.name, text=w), lang)


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
    for lbl, k, nd in _compare_kpis(comp):
        name = lbl if lang == "en" else kpi_name(k, lang)
        row = [name, *(_ci(aggs[lb].get(k), nd, k, len(s.seeds))
                       for lb, s in zip(comp.labels, comp.sets))]  # fmt: skip
        for diffs in comp.differences.values():
            d = diffs.get(k)
            pairs = len(comp.sets[0].seeds)
            row.append(_ci(d, nd, k, pairs) + (" *" if d and d.get("distinguishable") else ""))
        rows.append(row)
    _table(header, rows)
    _precision_line(comp.precision, lang)
    _out(term("cli:results_more", lang, folder=comp.folder, file="comparison.json",
              kpis=_kpis(args)))  # fmt: skip
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from sim.experiment.runs import parse_vary, sweep, sweep_scenarios
    from sim.scenario import apply_overrides, read_scenario_file
    from sim.world.inputs import default_scenario_path

    path = args.scenario or default_scenario_path()
    base = apply_overrides(read_scenario_file(path), _overrides(args))
    vary = parse_vary(args.vary)
    lang = _lang(args)
    _sweep_warnings(*sweep_scenarios(base, vary, str(path)), lang=lang)
    result = sweep(base, vary, args.replications, source=str(path),
                   **_exec_kwargs(args))  # fmt: skip
    _maybe_report(args, result.folder)
    if _json(
        args,
        "sweep",
        result.folder,
        {"parameters": result.parameters, "points": result.points, "rows": result.rows()},
    ):
        return 0
    from sim.output.glossary import term

    ran = len(result.sets[0].seeds) if result.sets else args.replications  # (--precision: n)
    _out(term("cli:sweep_intro", lang, n=len(result.points), r=ran))
    shown = HEADLINE[1:3] + HEADLINE[5:6]
    header = [*result.parameters, *(_label(lbl, k, lang) for lbl, k, _ in shown)]
    rows = []
    for point, s in zip(result.points, result.sets):
        cells = [_ci(s.aggregate.get(k), nd, k, len(s.seeds)) for _, k, nd in shown]
        rows.append([*(str(point[p]) for p in result.parameters), *cells])
    _table(header, rows)
    _precision_line(result.precision, lang)
    _out(term("cli:results_more", lang, folder=result.folder, file="sweep.csv",
              kpis=_kpis(args)))  # fmt: skip
    return 0


def _plan_memory(base: dict[str, Any], source: str, jobs: int, lang: str = "en") -> None:
    """Refuse a plan whose base scenario's runs, ``jobs`` at a time, would not fit in memory
    (the decisions may change the size; the base is what every candidate starts from); warn,
    as ``run`` does, of what the base scenario's runs cannot show (a deadline after the end:
    a goal on its on-time share has nothing to judge)."""
    import copy

    from sim.experiment.runs import check_memory
    from sim.world.inputs import resolve, validate_data

    try:
        sc = resolve(validate_data(copy.deepcopy(base), source))
    except ScenarioError:  # a decision may supply what the base lacks: the plan reports it
        return
    _warn(sc, lang=lang)
    _horizon([sc], lang)
    check_memory([sc], jobs)


def cmd_plan(args: argparse.Namespace) -> int:
    from sim.experiment.planning import PlanSpec, parse_decide, parse_goal, plan
    from sim.output.plan_report import plan_summary, write_plan_report
    from sim.scenario import apply_overrides, read_scenario_file
    from sim.world.inputs import default_scenario_path

    path = args.scenario or default_scenario_path()
    base = apply_overrides(read_scenario_file(path), _overrides(args))
    constraints, objectives = parse_goal(args.goal)
    spec = PlanSpec(base, parse_decide(args.decide), constraints, objectives, budget=args.budget,
                    pcs=args.confidence, screen_replications=args.screen_replications,
                    first_stage=args.first_stage, contenders=args.contenders,
                    delta=args.indifference, source=str(path))  # fmt: skip
    _plan_memory(base, str(path), args.jobs or os.cpu_count() or 1, args.lang)
    result, folder = plan(spec, out=args.out, root_seed=args.seed,
                          jobs=args.jobs or os.cpu_count() or 1, scheduler=args.scheduler,
                          progress=_progress(args), force=args.force, fmt=args.format)  # fmt: skip
    if not args.no_report:
        write_plan_report(result, folder, lang=args.lang)
    if _json(args, "plan", folder, result):
        return 0
    for line in plan_summary(result, args.lang):
        _out(line)
    files = ["plan.json", *([] if args.no_report else ["plan.md", "plan.html"])]
    files += ["recommended.yaml"] if result["recommended"] else []
    listed = ", ".join([*files, "runs.csv"])
    _out(f"结果：{folder}（{listed}）" if args.lang == "zh" else f"results: {folder} ({listed})")
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from sim.experiment.assumptions import estimated_inputs, parse_inputs
    from sim.experiment.sensitivity import Design, run_sensitivity
    from sim.scenario import apply_overrides, read_scenario_file
    from sim.world.inputs import default_scenario_path, resolve, validate_data

    design = Design(args.method, args.trajectories, args.levels, args.samples, args.replications)
    path = args.scenario or default_scenario_path()
    base = apply_overrides(read_scenario_file(path), _overrides(args))
    resolved = resolve(validate_data(base, str(path)))
    declared = parse_inputs(args.vary or [])
    inputs = declared or estimated_inputs(resolved)
    data = resolved.model_dump(mode="json", by_alias=True, exclude_none=True)
    result = run_sensitivity(data, inputs, design, args.kpi, source=str(path), out=args.out,
                             root_seed=args.seed, jobs=args.jobs or os.cpu_count() or 1,
                             scheduler=args.scheduler, progress=not args.json and _progress(args),
                             force=args.force, fmt=args.format,
                             summaries_only=not args.keep_tables, lang=_lang(args))  # fmt: skip
    if _json(args, "sensitivity", result.folder, {**result.to_json(),
                                                   "computed": result.computed}):  # fmt: skip
        return 0
    from sim.output.glossary import kpi_name, kpi_scale, term
    from sim.output.saying import in_lang

    lang = _lang(args)
    _out(term("cmd:sens_intro", lang, method=design.method, n=len(inputs), points=result.points,
              reps=design.replications, runs=result.runs, now=result.computed))  # fmt: skip
    key = "mu_star" if design.method == "morris" else "ST"
    noise = term("cmd:sens_near_noise", lang)
    for kpi in result.kpis:
        rows = [r for r in result.rows if r["kpi"] == kpi]
        # mu* and sigma are in the KPI's unit, shown as every table shows it (freight cost in
        # USD m, shares in %); Sobol's indices are shares of variance and have none
        f = kpi_scale(kpi) if key == "mu_star" else 1.0
        name = kpi_name(kpi, lang)  # the key as it is in English, named in Chinese
        unnamed = name == kpi or (lang == "en" and f == 1.0)  # English names a rescaled KPI
        _out(kpi if unnamed else f"{name}（{kpi}）" if lang == "zh" else f"{name} ({kpi})")
        header = [term("cmd:sens_input", lang), key, term("cmd:sens_interval", lang)]
        header += ["S1"] if key == "ST" else ["sigma", term("cmd:sens_noise", lang)]
        table = []
        for r in rows:
            lo, hi = _scaled(r[f"{key}_low"], f), _scaled(r[f"{key}_high"], f)
            other = [r["S1"]] if key == "ST" else [_scaled(r["sigma"], f), _scaled(r["noise"], f)]
            table.append([r["input"] + (noise if r["above_noise"] is False else ""),
                          _fmt(_scaled(r[key], f), 4), f"{_fmt(lo, 4)} .. {_fmt(hi, 4)}",
                          *(_fmt(v, 4) for v in other)])  # fmt: skip
        _table(header, table)
    for note in result.notes:
        _out(term("cmd:note", lang, text=in_lang(note, lang)))
    files = "sensitivity.csv, sensitivity.json, sensitivity.svg"
    _out(term("cmd:results_files", lang, folder=result.folder, files=files))
    return 0


def _scaled(v: float | None, f: float) -> float | None:
    """``v`` times ``f`` (a KPI's factor to the unit shown), None as it is."""
    return v if v is None or f == 1.0 else v * f


def _json(args: argparse.Namespace, command: str, folder: Path, data: dict[str, Any]) -> bool:
    """With ``--json``: print what the command found as one JSON object on standard output
    (``command``, ``folder`` and the command's own file content) and say so."""
    if not getattr(args, "json", False):
        return False
    _out(json.dumps({"command": command, "folder": str(folder), **data}, default=str))
    return True


def _kpis(args: argparse.Namespace) -> str:
    return f"kpis.{args.format}"


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
    if _own_process:  # the heap it will grow into, faulted in on a spare core meanwhile
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
    print_summary(result.summary, folder, result.manifest["wall_time_s"],
                  result.manifest["events"], lang)  # fmt: skip
    return 0


RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
"""Run folder names: no path separators, so a run can never be written outside --out."""


def _run_id(text: str) -> str:
    """``--run-id`` checked while the arguments are read: a bad one is a usage error (exit 2,
    like every other bad input), before any scenario is read or run."""
    if not RUN_ID.match(text):
        raise argparse.ArgumentTypeError(
            f"{text[:80]!r}: use letters, digits, _ . - (at most 80, not starting with . or -)"
        )
    return text


def _count(minimum: int) -> Any:
    """An argparse type: a whole number at least ``minimum`` (a count of runs, workers ...);
    anything else is a usage error (exit 2), before a scenario is read."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip(), 10) if len(text) <= 20 else None
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(
                f"expected a whole number of at least {minimum}, got {text[:40]!r}"
            )
        return value

    parse.__name__ = "count"  # argparse names the type in its messages
    return parse


def _port(text: str) -> int:
    """A TCP port 0-65535 (0: a free one)."""
    value = _count(0)(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {value}")
    return value


def _finite(text: str) -> float:
    """A finite number (no nan, inf)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text[:40]!r}")
    return value


def _seed(text: str) -> int:
    """A ``--seed`` value: a whole number from 0 to 2^63 - 1, as in a scenario; anything else
    is a usage error (exit 2) before a scenario is read or run."""
    from sim.scenario.schema import seed_problem

    try:
        value = int(text.strip(), 10) if len(text) <= 40 else None
    except ValueError:
        value = None
    problem = seed_problem(value) if value is not None else seed_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    assert value is not None
    return value


def _warn(resolved: Any, which: str = "", lang: str = "en") -> None:
    """Print the warnings of a resolved scenario before it runs (capacity, idle disruptions, a
    run of less than one order; they do not stop the run, and its reports say them too);
    ``which`` names the scenario where a command runs several."""
    from sim.output.glossary import term
    from sim.output.report_parts import scenario_warnings

    for w in scenario_warnings(resolved, lang):
        _warning(term("cli:warn_named", lang, which=which, text=w) if which else w, lang)


def _sweep_warnings(points: list[dict[str, Any]], scenarios: list[Any], lang: str = "en") -> None:
    """The warnings ``run`` prints (capacity, and what the run ends too soon to show), for
    every point of a sweep: each once, with the points it concerns unless it concerns all."""
    from sim.experiment.runs import point_label
    from sim.output.glossary import term
    from sim.output.report import horizon_warnings
    from sim.output.report_parts import scenario_warnings
    from sim.world.inputs import resolve

    said: dict[str, list[dict[str, Any]]] = {}
    for point, sc in zip(points, scenarios):
        texts = [*scenario_warnings(resolve(sc), lang),
                 *(term("cli:warn_named", lang, which=sc.name, text=w)
                   for w in horizon_warnings(sc, None, lang))]  # fmt: skip
        for text in texts:
            said.setdefault(text, []).append(point)
    for text, where in said.items():
        if len(where) < len(points):
            # each point as the sweep's report names it (key=value), not as a Python dict
            which = "; ".join(point_label(p) for p in where)
            text = term("cli:warn_named", lang, which=which, text=text)
        _warning(text, lang)


def _maybe_report(args: argparse.Namespace, folder: Path, run: Any = None) -> None:
    """Write the report unless --no-report; ``run`` is the run just written, if in memory."""
    if getattr(args, "no_report", False):
        return
    from sim.output.report import build_report

    build_report(folder, lang=args.lang, run=run)


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
            raise ResultsError(said("cmd:plan_unreadable", plan=plan, exc=repr(exc))) from None
        _out(term("cli:report_done", args.lang, path=paths[-1]))
        return 0
    path = build_report(args.folder, lang=args.lang)
    _out(term("cli:report_done", args.lang, path=path))
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from sim.experiment.collect import collect, write_kpi_table
    from sim.output.glossary import term

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
    from sim.experiment.collect import write_kpi_table
    from sim.output.event_log import event_log
    from sim.output.glossary import term
    from sim.output.results import has_tables, load_run
    from sim.output.saying import said

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


def cmd_explore(args: argparse.Namespace) -> int:
    from sim.explore.server import serve
    from sim.output.glossary import term

    lang = _lang(args)
    server = serve(args.scenario, args.port, tuple(args.allow_host or ()))
    url = server.url + ("#lang=zh" if lang == "zh" else "")  # the page opens in the language
    _out(term("cmd:explorer", lang, url=url))
    sys.stdout.flush()
    try:
        server.serve_forever()
    finally:
        server.explorer.stop()
        server.server_close()
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from sim.output.glossary import term
    from sim.world.inputs import load_scenario

    bad = 0
    lang = _lang(args)
    overrides = list(args.set or [])  # checked against every file, as `run --set` would be
    for path in args.scenarios:
        try:
            sc = load_scenario(path, overrides)
        except ScenarioError as exc:
            bad += 1
            sys.stderr.write(_error_text(exc, lang, frame=False) + "\n")
        else:
            _out(term("cmd:valid_ok", lang, path=path))
            from sim.scenario.yaml_io import yaml11_differences
            from sim.scenario.yaml_write import scenario_source
            from sim.world.inputs import resolve

            source = scenario_source(path)  # values YAML 1.1 (PyYAML) read otherwise
            for note in yaml11_differences(source.text, path) if source else []:
                _warning(term("cli:warn_named", lang, which=path, text=note), lang)
            _warn(resolve(sc), lang=lang)
            _horizon([sc], lang)  # the same warnings `run` prints: "ok" is not silent about them
    return EXIT_USAGE if bad else 0


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
    paths = save_figures(folder_figures(folder, lang), out, args.format)
    names = ", ".join(p.stem for p in paths)
    done = "cmd:figure_done" if len(paths) == 1 else "cmd:figures_done"  # not "1 figures"
    _out(term(done, lang, n=len(paths), fmt=args.format, out=out, names=names))
    return 0


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


def cmd_network(args: argparse.Namespace) -> int:
    from sim.output.glossary import term
    from sim.world.network import load_network

    lang = _lang(args)
    net = load_network()

    def t(key: str) -> str:
        return term(f"cmd:net_{key}", lang)

    def sourced_days(text: str) -> str:  # "31-35 port-to-port": the words in lang
        return text.replace("port-to-port", t("port_to_port")) if text else "-"

    # columns padded by terminal width (a Chinese character takes two), each at least as wide
    # as its head
    heads = ("line", "name", "km", "model_d", "sourced_d", "sourced_km")
    w = dict(zip(heads, (max(n, _width(t(h))) for h, n in zip(heads, (5, 30, 7, 7, 18, 12)))))

    def row(cells: dict[str, str], last: str) -> str:
        return (
            " ".join(_pad(cells[h], w[h], h not in ("line", "name")) for h in heads) + "  " + last
        )

    _out(row({h: t(h) for h in heads}, t("borders")))
    for line in net.lines.values():
        cells = {"line": line.id, "name": line.name_in(lang), "km": f"{line.km:,.0f}",
                 "model_d": f"{net.nominal_days(line):.1f}",
                 "sourced_d": sourced_days(line.sourced_days),
                 "sourced_km": line.sourced_km or "-"}  # fmt: skip
        _out(row(cells, "-".join(line.borders) or "-"))
    _out(t("note"))
    # the crossings' codes in the table, named once in the reader's language
    codes = dict.fromkeys(b for line in net.lines.values() for b in line.borders)
    named = ("、" if lang == "zh" else ", ").join(f"{b} {net.place_name(b, lang)}" for b in codes)
    _out(term("cmd:net_legend", lang, list=named))
    if args.out:
        graphml, geojson = net.write_exports(Path(args.out))
        _out(term("cmd:net_wrote", lang, graphml=graphml, geojson=geojson))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from sim.scenario import json_schema

    _out(json.dumps(json_schema(), indent=2))
    return 0


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        default="parquet",
        choices=["parquet", "csv"],
        help="format of the tables (default parquet)",
    )


def _add_exec(p: argparse.ArgumentParser) -> None:
    _add_format(p)
    p.add_argument(
        "--summaries-only",
        action="store_true",
        help="replications keep summary.json and the daily table, not the orders, trains and "
        "borders tables (for large experiments)",
    )
    p.add_argument(
        "--precision",
        action="append",
        metavar="KPI=REL",
        help="run replications until the KPI's 95%% half-width is at most REL x its mean, e.g. "
        "lead_time_days.overall.mean=0.02 (repeat for several KPIs)",
    )
    p.add_argument(
        "--min-replications",
        type=_count(2),
        metavar="N",
        help="with --precision (default 5)",
    )
    p.add_argument(
        "--max-replications",
        type=_count(2),
        metavar="N",
        help="with --precision: stop here even if not reached (default 100)",
    )
    p.add_argument(
        "--jobs", type=_count(1), metavar="J", help="worker processes (default: all cores)"
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on an existing Dask cluster (needs the 'dask' extra)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_json(p)
    _add_report(p)


def _add_experiment(p: argparse.ArgumentParser, seed_default: str, set_help: str) -> None:
    """Options shared by compare and sweep."""
    p.add_argument("--seed", type=_seed, help=f"root seed (default: {seed_default})")
    p.add_argument("--set", action="append", metavar="KEY.PATH=VALUE", help=set_help)
    p.add_argument("--policy", action="append", metavar="KIND=MODULE:CLASS", help=POLICY_HELP)
    p.add_argument("--out", default="results", help="results root folder (default: results)")
    p.add_argument("--force", action="store_true", help="recompute runs that are already complete")
    _add_exec(p)


def _add_experiment_basics(p: argparse.ArgumentParser) -> None:
    """Seed, overrides, output and executor options of sensitivity."""
    p.add_argument("--seed", type=int, help="root seed (default: the scenario's)")
    p.add_argument("--set", action="append", metavar="KEY.PATH=VALUE", help="override first")
    p.add_argument("--out", default="results", help="results root folder (default: results)")
    p.add_argument("--force", action="store_true", help="recompute runs that are complete")
    _add_format(p)
    p.add_argument("--jobs", type=int, metavar="J", help="worker processes (default: all cores)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing Dask cluster (needs the 'dask' extra)")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--json",
        action="store_true",
        help="print the result as one JSON object on standard output (no table)",
    )


def _add_report(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-report", action="store_true", help="do not write report.html")
    _add_lang(p, "report language")


def _add_lang(
    p: argparse.ArgumentParser, what: str = "language of what this command prints"
) -> None:
    """``--lang en|zh``: the language of what the command prints, its warnings and errors."""
    p.add_argument("--lang", default="en", choices=["en", "zh"], help=what)


_argv_lang = "en"
"""The language the command line asked for (``--lang``), read before its arguments are parsed:
a usage error is told before ``args.lang`` exists."""


def _asked_lang(argv: Sequence[str]) -> str:
    """``zh`` when the arguments hold ``--lang zh`` (or ``--lang=zh``), else ``en``."""
    for i, a in enumerate(argv):
        if a == "--lang=zh" or (a == "--lang" and i + 1 < len(argv) and argv[i + 1] == "zh"):
            return "zh"
    return "en"


@lru_cache(maxsize=2)
def _help_words(lang: str) -> dict[str, str]:
    """The help texts of the options and commands in ``lang``, by their English (the ``help:``
    entries of the glossary)."""
    from sim.output.glossary import GLOSSARY

    return {e["en"]: e.get(lang) or e["en"] for k, e in GLOSSARY.items() if k.startswith("help:")}


class _SaidHelp(argparse.HelpFormatter):
    """argparse's help formatter, saying each option's and command's help (and the program's
    description) in the language the arguments ask for; a text with no translation as it is."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        return _help_words(_argv_lang).get(text, text) if text and _argv_lang != "en" else text

    def add_text(self, text: str | None) -> None:
        if text and _argv_lang != "en":
            text = _help_words(_argv_lang).get(text, text)
        super().add_text(text)

    def _split_lines(self, text: str, width: int) -> list[str]:
        if _argv_lang == "en":
            return super()._split_lines(text, width)
        return _wrap_columns(" ".join(text.split()), width)

    def start_section(self, heading: str | None) -> None:
        if heading and _argv_lang != "en":
            from sim.output.glossary import term

            heads = {"positional arguments": "help:positional", "options": "help:options"}
            heading = term(heads[heading], _argv_lang) if heading in heads else heading
        super().start_section(heading)


_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_TOKEN = f"[{_CJK}]|[^\\s{_CJK}]+|\\s+"  # compiled when help is wrapped, not at start-up
_NO_BREAK_BEFORE = set("，。；：、）》」！？")


def _wrap_columns(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a Chinese character takes two),
    broken at spaces or between Chinese characters, never inside a word or an option, nor
    before a closing mark (，。；） ...)."""
    lines: list[str] = []
    line = ""
    for tok in re.findall(_TOKEN, text):
        if tok.isspace():
            line += " " if line else ""
            continue
        if line.strip() and _width(line + tok) > width and tok[0] not in _NO_BREAK_BEFORE:
            lines.append(line.rstrip())
            line = tok
        else:
            line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors and its help in the language the arguments ask for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _SaidHelp)
        super().__init__(*args, **kwargs)

    def format_usage(self) -> str:
        return _framed(super().format_usage())

    def format_help(self) -> str:
        return _framed(super().format_help())

    def error(self, message: str) -> Any:
        if _argv_lang == "en":
            return super().error(message)
        from sim.output.glossary import term
        from sim.output.saying import in_lang

        self.print_usage(sys.stderr)
        text = term("arg:error", _argv_lang, prog=self.prog, text=in_lang(message, _argv_lang))
        self.exit(EXIT_USAGE, text + "\n")


def _framed(text: str) -> str:
    """argparse's frame in the language the arguments ask for: ``usage:`` (as wide as the
    English, so that the usage's wrapped lines stay under its first) and the section heads'
    colons."""
    if _argv_lang == "en":
        return text
    from sim.output.glossary import term

    if text.startswith("usage: "):
        text = term("help:usage", _argv_lang) + text[len("usage: ") :]
    for key in ("help:positional", "help:options"):
        said = term(key, _argv_lang)
        text = text.replace(f"\n{said}:\n", f"\n{said}：\n")
    return text


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
    r.add_argument("--run-id", type=_run_id, help="name of the run folder (default: seed-<seed>)")
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
    pl.add_argument("--confidence", type=_finite, default=0.95, metavar="P",
                    help="probability of correct selection (default 0.95)")  # fmt: skip
    pl.add_argument("--indifference", type=_finite, metavar="DELTA",
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
    se.add_argument("--trajectories", type=int, default=10, metavar="R",
                    help="morris: trajectories (default 10)")  # fmt: skip
    se.add_argument("--levels", type=int, default=4, metavar="P",
                    help="morris: grid levels (default 4)")  # fmt: skip
    se.add_argument("--samples", type=int, default=64, metavar="N",
                    help="sobol: base samples, a power of two (default 64)")  # fmt: skip
    se.add_argument("--replications", type=int, default=2, metavar="N",
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
    rp.add_argument("--lang", default="en", choices=["en", "zh"], help="report language")
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


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """Entry point of ``yiwu-sim``; returns the exit code.

    ``own_process``: the process is the command's own (:mod:`sim.command`), so its start-up
    may run with the garbage collector paused (:func:`_settle`); a caller's process (a test, a
    notebook) is left as it is.
    """
    global _collector_paused, _own_process
    _own_process = own_process
    if own_process and gc.isenabled():
        gc.disable()
        _collector_paused = True
    try:
        return _main(argv)
    except BrokenPipeError:  # while printing --help or a usage error to a closed pipe
        _quiet_stdout()
        return EXIT_PIPE_CLOSED
    finally:
        _settle()


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that flushing what is left of it at exit
    meets no closed pipe again (Python's own advice for SIGPIPE, in the ``signal`` module's
    notes)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a notebook's stream): nothing to do
        return


def _top_lang(args: argparse.Namespace, argv: list[str]) -> None:
    """``yiwu-sim --lang zh run ...``: the language given before the command is the command's
    own ``--lang``, unless the command is given one of its own."""
    top = getattr(args, "top_lang", None)
    if top is None or not hasattr(args, "lang") or args.command not in argv:
        return
    after = argv[argv.index(args.command) + 1 :]
    if not any(a == "--lang" or a.startswith("--lang=") for a in after):
        args.lang = top


def _main(argv: Sequence[str] | None) -> int:
    global _argv_lang
    _argv_lang = _asked_lang(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.func is not cmd_run:  # a run settles once its scenario is read
        _settle()
    _top_lang(args, list(sys.argv[1:] if argv is None else argv))
    lang = _lang(args)
    _warn_unused_precision_options(args)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    from sim.output.saying import LogWords

    for handler in logging.getLogger().handlers:
        if lang != "en" and not args.debug:  # the library's warnings in the reader's language
            handler.setFormatter(LogWords(lang))
        elif isinstance(handler.formatter, LogWords):
            # an earlier command of this process (a notebook's, a test's) said them in Chinese
            handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    from sim.output.glossary import term

    try:
        return int(args.func(args))
    except (ScenarioError, UsageError) as exc:  # the input is wrong: nothing was run
        if args.debug:
            raise
        sys.stderr.write(_error_text(exc, lang) + "\n")
        return EXIT_USAGE
    except SimError as exc:
        if args.debug:
            raise
        sys.stderr.write(_error_text(exc, lang) + "\n")
        return EXIT_ERROR
    except BrokenPipeError:  # the output's reader closed the pipe (| head): nothing to say
        _quiet_stdout()
        return EXIT_PIPE_CLOSED
    except OSError as exc:  # a full disk, a folder one may not write: one line with the path
        if args.debug:
            raise
        where = f"{exc.filename}{'：' if lang == 'zh' else ': '}" if exc.filename else ""
        sys.stderr.write(term("cli:error", lang, text=f"{where}{_os_words(exc, lang)}") + "\n")
        return EXIT_ERROR
    except MemoryError:  # beyond the estimate: one line, not a traceback
        if args.debug:
            raise
        sys.stderr.write(term("cli:error", lang, text=term("cli:oom", lang)) + "\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(term("cli:interrupted", lang) + "\n")
        return EXIT_INTERRUPTED
