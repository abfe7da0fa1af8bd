"""Experiments: replications, paired scenario comparisons and parameter sweeps.

One run of a stochastic model is an anecdote. This module runs many, each an independent
replication with a seed spawned from one ``SeedSequence``
(:func:`sim.world.random_streams.replication_seeds`), and summarises every KPI of ``summary.json``
with a 95 % Student-t interval (:mod:`sim.experiment.statistics`). A comparison gives every
scenario the
*same* seeds, so its named random streams draw the same numbers (common random numbers) and
differences are paired replication by replication. A sweep runs the full factorial grid of
``--vary`` values the same way.

Runs execute serially, in a local process pool (``jobs``; started once per experiment, see
:class:`Workers`) or on an existing Dask cluster (``scheduler``: a bounded window of runs in
flight, each result released once handled, failed runs retried; workers that see ``--out``
write the run folders themselves, others send back the folder's files); each finished run is
written to its own folder at once (atomically), and a re-launched experiment skips every run folder
that is complete and was made from the same resolved scenario, so an interrupted experiment
loses only the runs in progress. The result files do not depend on which executor ran them.

Every experiment also writes ``kpis.parquet`` (or ``kpis.csv``): one row per run and KPI, with
the scenario, seed, replication and the swept parameters as columns
(:mod:`sim.experiment.collect`). Instead of a fixed number, the replications can run until named
KPIs reach a stated precision (:mod:`sim.experiment.precision`); with ``summaries_only`` each run
keeps its summary and daily table but not its orders, trains and borders tables.

This module holds the three experiments (:func:`run_replications`, :func:`compare`,
:func:`sweep`) and names the public parts of the others, which it is made of:
:mod:`sim.experiment.tasks` (one replication as a task, and what a worker does with it),
:mod:`sim.experiment.executor` (running tasks: skip the complete, then serially, on local
workers or on Dask), :mod:`sim.experiment.workers` (the local worker processes),
:mod:`sim.experiment.replication` (replications on common seeds, fixed or to a precision, and
the checks before any run), :mod:`sim.experiment.result_sets` (replication sets, comparisons,
sweeps and their files) and :mod:`sim.experiment.sweep_grid` (a sweep's grid of scenarios).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim.errors import ResultsError, UsageError
from sim.experiment import precision as prec
from sim.experiment.executor import execute
from sim.experiment.progress import BarWords
from sim.experiment.provenance import build, warn_seeds, warn_sweep_windows, warn_windows
from sim.experiment.replication import (
    Plan,
    _run_groups,
    check_memory,
    check_run_count,
    warn_beyond,
)
from sim.experiment.result_sets import (
    SCHEMA_VERSION,
    Comparison,
    ReplicationSet,
    Sweep,
    _write_json,
    _write_kpis,
    comparison_labels,
)
from sim.experiment.statistics import paired_difference
from sim.experiment.sweep_grid import (
    MAX_SWEEP_POINTS,
    SWEEP_NAME_CHARS,
    check_grid,
    on_key_path,
    parse_vary,
    point_label,
    sweep_folder_name,
    sweep_scenarios,
)
from sim.experiment.tasks import Task, experiment_command
from sim.experiment.workers import POOL_RETRIES, Workers
from sim.output.report_parts import HEADLINE, LOST
from sim.output.saying import said
from sim.scenario import Scenario
from sim.scenario.yaml_write import scenario_source

__all__ = [  # the experiments, and the public names of the modules they are made of
    "MAX_SWEEP_POINTS",
    "POOL_RETRIES",
    "SCHEMA_VERSION",
    "SWEEP_NAME_CHARS",
    "Comparison",
    "Plan",
    "ReplicationSet",
    "Sweep",
    "Task",
    "Workers",
    "check_grid",
    "check_memory",
    "check_run_count",
    "compare",
    "comparison_labels",
    "execute",
    "experiment_command",
    "on_key_path",
    "parse_vary",
    "point_label",
    "run_replications",
    "sweep",
    "sweep_folder_name",
    "sweep_scenarios",
    "warn_beyond",
]


def run_replications(
    scenario: Scenario,
    n: int | None,
    *,
    out: str | Path = "results",
    root_seed: int | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | BarWords = False,
    force: bool = False,
    fmt: str = "parquet",
    summaries_only: bool = False,
    precision: prec.Precision | None = None,
    name: str | None = None,
) -> ReplicationSet:
    """Run ``n`` replications of a scenario (or as many as ``precision`` needs) and write
    ``aggregate.json`` and the per-replication ``kpis.parquet`` (``kpis.csv`` with
    ``fmt="csv"``).

    Folder: ``<out>/<scenario>/replications-<root_seed>/rep-000 ...`` (``name`` in place of
    ``replications-<root_seed>``: the command's ``--run-id``). The i-th seed depends only on the
    root seed and i, so a larger ``n`` later reuses the runs made before.
    """
    plan = Plan(n, precision, fmt, summaries_only)
    root = scenario.seed if root_seed is None else root_seed
    folder = Path(out) / scenario.name / (name or f"replications-{root}")
    if name is not None and (folder / "manifest.json").is_file():
        # a single run's folder (--run-id seed-42): the set's runs would sit inside it, and
        # collect and report would read it as the one run
        raise ResultsError(f"{folder}: a single run's folder; give the set another --run-id")
    run = {"jobs": jobs, "scheduler": scheduler, "progress": progress, "force": force,
           "label": scenario.name}  # fmt: skip
    seeds, results, computed, report = _run_groups([(scenario, folder)], root, plan, run)
    rs = ReplicationSet(scenario, seeds, results[0], folder, computed, report)
    _write_json(folder / "aggregate.json", rs.to_json())
    _write_kpis(folder, rs.runs(), [], fmt)
    return rs


def compare(
    scenarios: Sequence[Scenario],
    n: int | None,
    *,
    out: str | Path = "results",
    root_seed: int | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | BarWords = False,
    force: bool = False,
    fmt: str = "parquet",
    summaries_only: bool = False,
    precision: prec.Precision | None = None,
) -> Comparison:
    """Run every scenario with the same ``n`` seeds (or as many as ``precision`` needs, the
    same for all); paired differences against the first.

    Folder: ``<out>/compare-<A>-vs-<B>.../<i>-<scenario>/rep-000 ...``, ``comparison.json`` and
    ``kpis.parquet``.
    """
    if len(scenarios) < 2:
        raise UsageError(said("err:compare_two", n=len(scenarios)))
    if precision is None and (n is None or n < 2):
        raise UsageError(f"a comparison needs at least 2 replications for an interval, got {n}")
    plan = Plan(n, precision, fmt, summaries_only)
    root = scenarios[0].seed if root_seed is None else root_seed
    if root_seed is None:  # common random numbers: a later file's own seed yields, said once
        warn_seeds(scenarios)
    warn_windows(scenarios)
    name = "compare-" + "-vs-".join(s.name for s in scenarios)
    if len(name) > 150:
        name = "compare-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    folder = Path(out) / f"{name}-{root}"
    groups = [(sc, folder / f"{k}-{sc.name}") for k, sc in enumerate(scenarios)]
    run = {"jobs": jobs, "scheduler": scheduler, "progress": progress, "force": force,
           "label": "compare"}  # fmt: skip
    seeds, results, computed, report = _run_groups(groups, root, plan, run)
    sets = [
        ReplicationSet(sc, seeds, part, path, 0, report)
        for (sc, path), part in zip(groups, results)
    ]
    sets[0].computed = computed
    for s in sets:
        _write_json(s.folder / "aggregate.json", s.to_json())
    labels = comparison_labels(scenarios)
    differences = {
        labels[k]: paired_difference(sets[0].summaries, s.summaries)
        for k, s in enumerate(sets[1:], 1)
    }
    comp = Comparison(sets, differences, folder, labels, report)
    _write_json(folder / "comparison.json", comp.to_json())
    _write_kpis(folder, comp.runs(), [], fmt)
    return comp


def _headline_differences(
    base: Sequence[dict[str, Any]], other: Sequence[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The paired differences of a sweep's report (its headline KPIs, the on-time shares and
    the lost sales): every KPI's difference is in ``kpis.parquet``, and a thousand points of
    every KPI would make ``sweep.json`` tens of megabytes."""
    shown = {k for _, k, _ in HEADLINE} | {"on_time.share", LOST}
    return {
        k: v
        for k, v in paired_difference(base, other).items()
        if k in shown or (k.startswith("on_time.by_category.") and k.endswith(".share"))
    }


def sweep(
    base: dict[str, Any],
    vary: dict[str, list[Any]],
    n: int | None,
    *,
    source: str = "scenario",
    out: str | Path = "results",
    root_seed: int | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | BarWords = False,
    force: bool = False,
    fmt: str = "parquet",
    summaries_only: bool = False,
    precision: prec.Precision | None = None,
) -> Sweep:
    """Full-factorial sweep over ``vary`` of the scenario mapping ``base``.

    Every grid point is validated before any run starts. All points use the same seeds (common
    random numbers), and with ``precision`` the same number of them. Writes ``sweep.csv`` (tidy:
    one row per point and KPI), ``sweep.json`` and ``kpis.parquet`` (one row per run and KPI)
    into ``<out>/<scenario>/sweep-<what varies>-<hash>-<root seed>/``.
    """
    plan = Plan(n, precision, fmt, summaries_only)
    params = list(vary)
    points, scenarios = sweep_scenarios(base, vary, source)  # (refuses an empty vary)
    warn_sweep_windows(scenarios)
    layout = scenario_source(source)  # each point's scenario.yaml keeps the file's comments
    for sc in scenarios:
        sc._source = layout
    first = scenarios[0]
    root = first.seed if root_seed is None else root_seed
    folder = Path(out) / first.name / sweep_folder_name(vary, root)
    groups = [(sc, folder / f"p{i:03d}") for i, sc in enumerate(scenarios)]
    run = {"jobs": jobs, "scheduler": scheduler, "progress": progress, "force": force,
           "label": "sweep"}  # fmt: skip
    seeds, results, computed, report = _run_groups(groups, root, plan, run)
    sets = [
        ReplicationSet(sc, seeds, part, path, 0, report)
        for (sc, path), part in zip(groups, results)
    ]
    sets[0].computed = computed
    for s in sets:
        _write_json(s.folder / "aggregate.json", s.to_json())
    result = Sweep(params, points, sets, folder, report)
    rows = result.rows()
    columns = ["point", *params, "kpi", "n", "mean", "sd", "ci_low", "ci_high", "half_width"]
    tmp = folder / ".sweep.csv.tmp"
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows({k: ("" if r.get(k) is None else r.get(k)) for k in columns} for r in rows)
    tmp.replace(folder / "sweep.csv")
    spec = {"schema_version": SCHEMA_VERSION, **build([s.scenario for s in sets]),
            "parameters": params, "points": points, "replications": len(seeds),
            "seeds": seeds, "confidence": 0.95}  # fmt: skip
    # each point against the first, paired by replication: what the common seeds are for
    spec["baseline"] = point_label(points[0])
    result.differences = {
        point_label(pt): _headline_differences(sets[0].summaries, s.summaries)
        for pt, s in zip(points[1:], sets[1:])
    }
    spec["paired_differences"] = result.differences
    if report is not None:
        spec["precision"] = report
    _write_json(folder / "sweep.json", spec)
    _write_kpis(folder, result.runs(), params, fmt)
    return result
