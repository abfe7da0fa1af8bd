"""Figures from saved results folders (never a simulation), and writing them as files.

A folder is recognised by what it holds, as ``yiwu-sim report`` recognises it:
``comparison.json`` (a comparison), ``sweep.json`` (a sweep), ``aggregate.json`` (a replication
set) or ``summary.json`` (one run). A run folder is read with :func:`sim.output.results.load_run`,
which checks every file against the run's manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure

from sim.errors import ResultsError
from sim.figures import experiments as E
from sim.figures import run as R

FORMATS = ("pdf", "png", "svg")
"""File formats :func:`save_figures` and ``yiwu-sim figures`` write."""

PUBLICATION_RC: dict[Any, Any] = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none"}
"""Fonts embedded as TrueType in PDF and kept as text in SVG, so that journals accept the files
and the labels can still be edited (applied while saving only; the global style is untouched)."""


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ResultsError(f"{path}: cannot be read ({exc})") from None
    if not isinstance(data, dict):
        raise ResultsError(f"{path}: not a JSON object")
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
    from sim.output.results import load_run
    from sim.results.planning_answers import last_safe_orders, safe_order_share
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
        rows = last_safe_orders(orders, from_h=from_h, end_h=end_h, start=start, target=target)
        figs["last_safe_order"] = R.last_safe_order_dates(rows, start, target, lang=lang)
        figs["teu_by_line"] = R.teu_per_week_by_line(deps, days, start, lang=lang)
        figs["trains_per_week"] = R.trains_per_week(deps, days, start, lang=lang)
        figs["lead_time"] = R.lead_time(orders, end_h, from_h, lang=lang)
        figs["stages"] = R.stage_breakdown(orders, end_h, from_h, lang=lang)
        figs["border_queues"] = R.border_queues(cross, days, start, lang=lang)
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
    """Each replication's value of each KPI, from the ``rep-*/summary.json`` files present."""
    values: dict[str, list[float]] = {k: [] for k in kpis}
    for path in sorted(folder.glob("rep-*/summary.json")):
        summary = _json(path)
        for k in kpis:
            v = _get(summary, k)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                values[k].append(float(v))
    return values


def replication_figures(folder: str | Path, kpis: list[str] | None = None) -> dict[str, Figure]:
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
    title = f"{name}: {agg.get('replications', '?')} replications, mean and 95 % interval"
    return {"kpi_intervals": E.kpi_intervals({name: stats}, keys, reps, title=title)}


def comparison_figures(folder: str | Path, kpis: list[str] | None = None) -> dict[str, Figure]:
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
        raise ResultsError(f"{folder / 'comparison.json'}: no scenarios in it")
    # scenario k's runs are in the sub-folder "<k>-<scenario name>" (sim.experiment.runs.compare)
    subs = {d.name.split("-", 1)[0]: d for d in folder.iterdir() if d.is_dir()}
    keys = kpis or [k for k, _, _ in E.KPIS]
    reps = {
        name: _replication_values(subs[str(k)], keys)
        for k, name in enumerate(sets)
        if str(k) in subs
    }
    diffs = comp.get("paired_differences", {})
    title = "Each scenario: mean and 95 % interval (dots: replications)"
    return {
        "kpi_intervals": E.kpi_intervals(sets, kpis, reps, title=title),
        "paired_differences": E.paired_differences(diffs, str(comp.get("baseline")), kpis),
    }


def sweep_figures(folder: str | Path, kpis: list[str] | None = None) -> dict[str, Figure]:
    """The figures of a sweep (``sweep.json`` and a ``p###/aggregate.json`` per point): each
    KPI against the swept parameter, with its 95 % interval.

    Raises
    ------
    ResultsError
        If ``sweep.json`` is missing or damaged (points whose runs are missing are left out).
    """
    folder = Path(folder)
    spec = _json(folder / "sweep.json")
    points = spec.get("points")
    if not isinstance(points, list) or not points:
        raise ResultsError(f"{folder / 'sweep.json'}: no points in it")
    kept, sets = [], []
    for i, point in enumerate(points):
        path = folder / f"p{i:03d}" / "aggregate.json"
        if path.is_file():
            kept.append(point)
            sets.append(_json(path).get("kpis", {}))
    if not kept:
        raise ResultsError(f"{folder}: no point of the sweep has finished (no p000/aggregate.json)")
    return {"kpi_vs_parameter": E.kpi_vs_parameter(kept, sets, kpis)}


def folder_figures(folder: str | Path, lang: str = "en") -> dict[str, Figure]:
    """The figures of any results folder: a run, a replication set, a comparison or a sweep.

    Raises
    ------
    ResultsError
        If the folder is none of these, or a file in it is missing or damaged.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ResultsError(f"{folder}: no such results folder")
    try:
        if (folder / "comparison.json").is_file():
            return comparison_figures(folder)
        if (folder / "sweep.json").is_file():
            return sweep_figures(folder)
        if (folder / "aggregate.json").is_file():
            return replication_figures(folder)
        if (folder / "summary.json").is_file():
            return run_figures(folder, lang)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResultsError(f"{folder}: a results file is damaged ({exc!r})") from None
    raise ResultsError(
        f"{folder}: not a results folder (no summary.json, aggregate.json, comparison.json "
        "or sweep.json)"
    )


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
