"""Figures from saved results folders (never a simulation), and writing them as files.

A folder is recognised by what it holds, as ``yiwu-sim report`` recognises it:
``comparison.json`` (a comparison), ``sweep.json`` (a sweep), ``aggregate.json`` (a replication
set) or ``summary.json`` (one run). A run folder is read with :func:`sim.output.results.load_run`,
which checks every file against the run's manifest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import rc_context
from matplotlib.figure import Figure

from sim.errors import ResultsError
from sim.figures import experiments as E
from sim.figures import run as R
from sim.output.glossary import term
from sim.output.saying import said

FORMATS = ("pdf", "png", "svg")
"""File formats :func:`save_figures` and ``yiwu-sim figures`` write."""

PUBLICATION_RC: dict[Any, Any] = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none"}
"""Fonts embedded as TrueType in PDF and kept as text in SVG, so that journals accept the files
and the labels can still be edited (applied while saving only; the global style is untouched)."""

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)
"""Fonts with simplified Chinese, the first installed of which a Chinese figure falls back to
for the characters its usual font lacks (Linux, Windows and macOS names)."""


@lru_cache(maxsize=1)
def chinese_font() -> str | None:
    """The first of :data:`CJK_FONTS` matplotlib finds on this machine, or None."""
    from matplotlib import font_manager

    have = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in have), None)


def _made_in(lang: str, make: Callable[[], dict[str, Figure]]) -> dict[str, Figure]:
    """The figures ``make`` draws, in ``lang``: a Chinese figure's words are set in the usual
    font with a Chinese font behind it (matplotlib takes each character from the first font
    that has it), and drawn once while that holds, so that the tick labels matplotlib makes at
    drawing time keep it when the figure is saved later (the global style is untouched)."""
    cjk = chinese_font() if lang == "zh" else None
    if cjk is None:
        return make()
    with rc_context({"font.family": [*mpl.rcParams["font.family"], cjk]}):
        figs = make()
        for fig in figs.values():
            fig.draw_without_rendering()
    return figs


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ResultsError(said("fig:unreadable", path=path, why=exc)) from None
    if not isinstance(data, dict):
        raise ResultsError(said("fig:not_object", path=path))
    return data


def _get(d: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(d, dict) or part not in d:
            return None
        d = d[part]
    return d


def run_figures(folder: str | Path, lang: str = "en") -> dict[str, Figure]:
    """The figures of one run folder, by name (the report's figures, in matplotlib).

    A run that kept only its summaries (no orders table) gets the figures its summary allows.

    Raises
    ------
    ResultsError
        If the folder is not a complete run folder, or a file in it is damaged.
    """
    from sim.output.figures_borders import disruption_windows
    from sim.output.results import load_run
    from sim.results.planning_answers import dated_categories, last_safe_orders, safe_order_share
    from sim.world.calendar import MarketCalendar
    from sim.world.network import load_network

    run = load_run(folder)
    sc, t, s = run.scenario, run.tables, run.summary
    days, start = sc.days, sc.start
    end_h, from_h = days * 24.0, sc.warmup_days * 24.0
    net = load_network()
    teu = {k.split(":")[0]: v["teu"] for k, v in s["lines"].items() if ":sailing" not in k}
    waits = {b: v["wait_h_mean"] or 0.0 for b, v in s["borders"].items()}
    figs = {"network": R.network_map(net, list(sc.logistics.lines), teu, waits, lang=lang)}
    if "orders" in t:
        orders, deps, cross = t["orders"], t["departures"], t["crossings"]
        target = safe_order_share(sc)
        rows = last_safe_orders(orders, from_h=from_h, end_h=end_h, start=start, target=target,
                                categories=dated_categories(sc))  # fmt: skip
        figs["last_safe_order"] = R.last_safe_order_dates(rows, start, target, lang=lang)
        figs["teu_by_line"] = R.teu_per_week_by_line(deps, days, start, lang=lang)
        figs["trains_per_week"] = R.trains_per_week(deps, days, start, lang=lang)
        figs["lead_time"] = R.lead_time(orders, end_h, from_h, lang=lang)
        figs["stages"] = R.stage_breakdown(orders, end_h, from_h, lang=lang)
        figs["border_queues"] = R.border_queues(
            cross, days, start, lang=lang, disrupted=disruption_windows(sc)
        )
        figs["orders_by_category"] = R.orders_by_category(orders, from_h, lang=lang)
    figs["on_time"] = R.on_time_by_destination(s, lang=lang)
    figs["border_waits"] = R.border_waits(s, lang=lang)
    figs["load_factor"] = R.load_factor_by_line(s, lang=lang)
    if "daily" in t and "buyers" in t["daily"]:
        cal = MarketCalendar(sc)
        fairs = [(f.name, f.start, f.end) for f in sc.calendar.fairs]
        figs["buyers"] = R.buyers_per_day(
            t["daily"], start, cal.closure_windows(), fairs, lang=lang
        )
    return figs


def _replication_values(folder: Path, kpis: list[str]) -> dict[str, list[float]]:
    """Each replication's value of each KPI, from the ``rep-*/summary.json`` files present of
    the set's own replications (the count its ``aggregate.json`` records): a set run again
    with fewer keeps the earlier run's later folders, and their dots beside the set's
    interval would be another set's seasons."""
    from sim.output.report_parts import replication_summaries

    values: dict[str, list[float]] = {k: [] for k in kpis}
    for path in replication_summaries(folder):
        summary = _json(path)
        for k in kpis:
            v = _get(summary, k)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                values[k].append(float(v))
    return values


def replication_figures(
    folder: str | Path, kpis: list[str] | None = None, lang: str = "en"
) -> dict[str, Figure]:
    """The figures of a replication set (``aggregate.json``): each KPI's mean and 95 %
    interval, with every replication's value beside it.

    Raises
    ------
    ResultsError
        If ``aggregate.json`` is missing or damaged.
    """
    folder = Path(folder)
    agg = _json(folder / "aggregate.json")
    name = str(agg.get("scenario", folder.name))
    stats = agg.get("kpis", {})
    keys = kpis or [k for k, _, _ in E.KPIS if k in stats]
    reps = {name: _replication_values(folder, keys)}
    title = term("fig:reps_title", lang, name=name, n=agg.get("replications", "?"))
    return {"kpi_intervals": E.kpi_intervals({name: stats}, keys, reps, title=title, lang=lang)}


def comparison_figures(
    folder: str | Path, kpis: list[str] | None = None, lang: str = "en"
) -> dict[str, Figure]:
    """The figures of a comparison (``comparison.json``): every scenario's KPIs with their
    95 % intervals, and the paired differences against the baseline.

    Raises
    ------
    ResultsError
        If ``comparison.json`` is missing or damaged.
    """
    folder = Path(folder)
    comp = _json(folder / "comparison.json")
    sets = comp.get("kpis", {})
    if not isinstance(sets, dict) or not sets:
        raise ResultsError(said("fig:no_scenarios", path=folder / "comparison.json"))
    # scenario k's runs are in the sub-folder "<k>-<scenario name>" (sim.experiment.runs.compare)
    subs = {d.name.split("-", 1)[0]: d for d in folder.iterdir() if d.is_dir()}
    keys = kpis or [k for k, _, _ in E.KPIS]
    reps = {
        name: _replication_values(subs[str(k)], keys)
        for k, name in enumerate(sets)
        if str(k) in subs
    }
    diffs = comp.get("paired_differences", {})
    title = term("fig:cmp_title", lang)
    base = str(comp.get("baseline"))
    return {
        "kpi_intervals": E.kpi_intervals(sets, kpis, reps, title=title, lang=lang),
        "paired_differences": E.paired_differences(diffs, base, kpis, lang),
    }


def sweep_figures(
    folder: str | Path, kpis: list[str] | None = None, lang: str = "en"
) -> dict[str, Figure]:
    """The figures of a sweep (``sweep.json`` and a ``p###/aggregate.json`` per point): each
    KPI against the swept parameter, with its 95 % interval, and each later point's paired
    difference against the first (``sweep.json``'s ``paired_differences``): the points' own
    intervals overlap where the common seeds make a difference plain (Madrid's trains 1 to 3 a
    week: 23.4 ± 1.1 against 22.9 ± 1.2 days, a paired difference of -0.50 ± 0.18).

    Raises
    ------
    ResultsError
        If ``sweep.json`` is missing or damaged (points whose runs are missing are left out).
    """
    folder = Path(folder)
    spec = _json(folder / "sweep.json")
    points = spec.get("points")
    if not isinstance(points, list) or not points:
        raise ResultsError(said("fig:no_points", path=folder / "sweep.json"))
    kept, sets = [], []
    for i, point in enumerate(points):
        path = folder / f"p{i:03d}" / "aggregate.json"
        if path.is_file():
            kept.append(point)
            sets.append(_json(path).get("kpis", {}))
    if not kept:
        raise ResultsError(said("fig:no_point_done", folder=folder))
    figs = {"kpi_vs_parameter": E.kpi_vs_parameter(kept, sets, kpis, lang)}
    diffs = spec.get("paired_differences")
    if isinstance(diffs, dict) and diffs:  # (sweeps written before them have none)
        short = E.short_keys([str(k) for k in points[0]])

        def named(point: dict[str, Any], full: bool) -> str:
            return ", ".join(f"{k if full else short.get(k, k)}={v}" for k, v in point.items())

        # each point by the ending of its keys, as the intervals' figure names points
        later = {named(pt, False): diffs[named(pt, True)] for pt in points[1:]
                 if isinstance(diffs.get(named(pt, True)), dict)}  # fmt: skip
        if later:
            base = named(points[0], False)
            figs["paired_differences"] = E.paired_differences(later, base, kpis, lang)
    return figs


def folder_figures(folder: str | Path, lang: str = "en") -> dict[str, Figure]:
    """The figures of any results folder: a run, a replication set, a comparison or a sweep,
    their words in ``lang`` (``en`` or ``zh``: then in a Chinese font, :data:`CJK_FONTS`).

    Raises
    ------
    ResultsError
        If the folder is none of these, or a file in it is missing or damaged.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ResultsError(said("fig:no_folder", folder=folder))
    found = [f for f in ("comparison", "sweep", "aggregate", "summary")
             if (folder / f"{f}.json").is_file()]  # fmt: skip
    if not found:
        raise ResultsError(said("fig:not_results", folder=folder))

    def make() -> dict[str, Figure]:
        if found[0] == "comparison":
            return comparison_figures(folder, lang=lang)
        if found[0] == "sweep":
            return sweep_figures(folder, lang=lang)
        if found[0] == "aggregate":
            return replication_figures(folder, lang=lang)
        return run_figures(folder, lang)

    try:
        return _made_in(lang, make)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResultsError(said("err:damaged", folder=folder, exc=repr(exc))) from None


def save_figures(
    figures: dict[str, Figure], out: str | Path, fmt: str = "pdf", dpi: int = 200
) -> list[Path]:
    """Write each figure as ``<out>/<name>.<fmt>`` (``pdf``, ``png`` or ``svg``) and return
    the paths; fonts are embedded as TrueType (:data:`PUBLICATION_RC`)."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with rc_context(PUBLICATION_RC):
        for name, fig in figures.items():
            path = out / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, dpi=dpi)
            paths.append(path)
    return paths
