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
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import importlib
import itertools
import json
import logging
import math
import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.errors import ResultsError, ScenarioError, SimError, UsageError
from sim.experiment import precision as prec
from sim.experiment.collect import KPI_TABLE, MAX_RUNS, RunKPIs, kpi_table, write_kpi_table
from sim.experiment.plan_spec import SEED_NOT_A_PARAMETER
from sim.experiment.progress import BarWords, Progress
from sim.experiment.provenance import build, warn_seeds, warn_windows
from sim.experiment.single import simulate, simulate_into
from sim.experiment.statistics import aggregate, paired_difference
from sim.model import Model
from sim.output.forking import die_with_parent
from sim.output.install import remove_stale
from sim.output.jsonio import json_text, read_json
from sim.output.report_parts import HEADLINE, LOST
from sim.output.results import RunWriter, verify_run
from sim.output.saying import said
from sim.problems import problem
from sim.results.run import (
    SUMMARY_TABLES,
    TABLES,
    RunResult,
    code_sha256,
    policy_code,
    scenario_hash,
)
from sim.scenario import YAML_DUMPER, Scenario, apply_overrides, registry
from sim.scenario.yaml_io import parse_value
from sim.scenario.yaml_write import scenario_source
from sim.world.inputs import validate_data
from sim.world.network import load_network
from sim.world.random_streams import replication_seeds

log = logging.getLogger(__name__)


SCHEMA_VERSION = 1
POOL_RETRIES = 2
"""How many times a broken process pool (a worker that died) is rebuilt before giving up."""


# --------------------------------------------------------------------------- tasks and execution


@dataclass(frozen=True)
class Task:
    """One replication to run: a scenario, a seed and the folder it goes to."""

    scenario: Scenario
    seed: int
    folder: Path
    fmt: str = "parquet"
    summaries_only: bool = False
    plugins: tuple[str, ...] | None = None
    """Modules of the user's policies the scenario chooses (registered from Python or named
    ``package.module:Class``; default: found where the task is made): a worker process imports
    them before the run, so the scenario's policy names mean there what they mean here."""

    argv: tuple[str, ...] | None = None
    """The command line that ran the experiment, which the replication's manifest records
    (default: this process's, :func:`experiment_command`; a worker's own is not it)."""

    def __post_init__(self) -> None:
        if self.plugins is None:
            object.__setattr__(self, "plugins", tuple(registry.plugin_modules(self.scenario)))
        if self.argv is None:
            object.__setattr__(self, "argv", experiment_command())

    def write(self, result: RunResult) -> None:
        self.writer().finish(result)

    def writer(self) -> RunWriter:
        return RunWriter(self.folder, force=True, fmt=self.fmt, summaries_only=self.summaries_only)


def experiment_command() -> tuple[str, ...]:
    """The command line of this process, as a run's manifest records it: ``yiwu-sim`` and its
    arguments when this is the command (its script, or ``python -m sim``), else ``sys.argv``
    (a script or notebook that called the experiment)."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    if script.name == "yiwu-sim" or (script.name == "__main__.py" and script.parent.name == "sim"):
        return ("yiwu-sim", *sys.argv[1:])
    return tuple(sys.argv)


def _import_plugins(task: Task) -> None:
    """Import the modules of the task's user policies (a no-op where they are imported)."""
    for name in task.plugins or ():
        try:
            importlib.import_module(name)
        except ImportError as exc:  # said from its key: it travels back from the worker whole
            raise SimError(said("res:worker_import", name=repr(name), why=str(exc))) from None


def _simulate(task: Task) -> RunResult:
    """Run one replication (executed in a worker)."""
    _import_plugins(task)
    return simulate(task.scenario, task.seed, list(task.argv or ()))


def _simulate_and_write(task: Task) -> dict[str, Any]:
    """Run one replication and write its folder (in a local worker process, so that writing the
    tables is spread over the workers and the tables never travel back; the orders table is
    written while the summary is worked out); returns its summary."""
    _import_plugins(task)
    return simulate_into(task.writer(), task.scenario, task.seed, list(task.argv or ())).summary


def _complete(task: Task) -> dict[str, Any] | None:
    """The summary of an existing, complete run folder made from the same scenario and seed by
    this build of yiwu-sim (the same ``code_sha256``)."""
    folder = task.folder
    if not folder.exists():
        return None
    try:  # every file present, with the rows and hash its manifest lists: else run it again
        manifest = verify_run(folder)
        summary: dict[str, Any] = read_json(folder / "summary.json")  # bounded size, depth
    except (ResultsError, OSError, ValueError) as exc:
        # said, not done silently: the folder a researcher edited, or a disk damaged, is
        # replaced by the run made again, and the aggregate's runs are not the ones on disk
        log.warning("%s; the run is made again", str(exc).removeprefix("error: "))
        return None
    tables = list(SUMMARY_TABLES if task.summaries_only else TABLES)
    if manifest.get("format", "csv") != task.fmt or manifest.get("tables", list(TABLES)) != tables:
        return None  # made with another --format or --summaries-only: made again as asked
    if manifest.get("code_sha256") != code_sha256():
        # made by another build of yiwu-sim (an upgrade, an edit of the model): its numbers
        # may differ, and an experiment's aggregate never mixes builds; made again (before the
        # scenario's check: another build may resolve the same file with other defaults)
        return None
    if manifest.get("policy_code", {}) != policy_code(task.scenario):
        return None  # made with another version of a user's policy module: made again
    expected = scenario_hash(Model(task.scenario, seed=task.seed).scenario)
    if manifest.get("scenario_sha256") != expected:
        raise ResultsError(
            f"{folder} holds a run of a different scenario; choose another --out or pass --force"
        )
    return summary


def execute(
    tasks: Sequence[Task],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | BarWords = False,
    force: bool = False,
    label: str = "runs",
    workers: Workers | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Run the tasks that are not complete yet and return every task's summary, in task order.

    ``workers`` lends the local worker processes of a longer experiment (several calls, as
    ``precision`` makes), which then start once; without it, a pool lives for this call only.

    Returns
    -------
    summaries, computed
        One summary per task (same order) and how many runs were computed now.
    """
    summaries: list[dict[str, Any] | None] = [None] * len(tasks)
    todo: list[int] = []
    for i, t in enumerate(tasks):
        done = None if force else _complete(t)
        if done is None:
            todo.append(i)
        else:
            summaries[i] = done
    if todo:
        words = progress if isinstance(progress, BarWords) else None  # the reader's language
        bar = Progress(total=len(todo), desc=words.desc(label) if words else label, unit="run",
                       delay=2.0, disable=not progress, words=words)  # fmt: skip

        def written(i: int, summary: dict[str, Any]) -> None:
            summaries[i] = summary
            bar.update(1)

        def finished(i: int, result: RunResult) -> None:
            tasks[i].write(result)
            written(i, result.summary)

        if scheduler or (jobs > 1 and len(todo) > 1):  # policies other processes can import
            here = sorted({p for i in todo for p in registry.only_here(tasks[i].scenario)})
            if here:
                bar.close()
                raise SimError("; ".join(here))
        try:
            if scheduler:  # workers write the folders, or send back only their files
                from sim.experiment.cluster import run_dask

                run_dask(tasks, todo, scheduler, written)
            elif jobs > 1 and len(todo) > 1:
                if workers is None:
                    _run_pool(tasks, todo, jobs, written)
                else:
                    workers.run(tasks, todo, written)
            else:
                for i in todo:
                    finished(i, _simulate(tasks[i]))
        finally:
            bar.close()
    assert all(s is not None for s in summaries)
    return [s for s in summaries if s is not None], len(todo)


# --------------------------------------------------------------------------- local worker processes


_SPAWN = multiprocessing.get_context("spawn")  # no state inherited from the parent process


def _start_worker(parent: int) -> None:
    """Set up a worker process once, before its first run: end with the parent, load the
    network (cached in the process for every run), then move everything alive now (the imported
    modules, the network) to the garbage collector's permanent generation. They live as long
    as the process, and the collector no longer walks through them: its time per run of the
    shipped scenario fell from about 40 to 25 ms. (Only in workers: the serial path runs in the
    caller's process, whose collector is not this module's to set.)"""
    die_with_parent(parent)  # a killed command leaves no worker running on
    load_network()
    gc.collect()  # nothing collectable is made permanent
    gc.freeze()


class Workers:
    """Local worker processes (spawned: no state inherited from this process) for one
    experiment: started when a batch of runs first needs them and used by every later batch,
    so that a sequential experiment (``precision``) pays the start-up of its workers (a fresh
    interpreter importing numpy, simpy, networkx, pydantic and pyarrow) once rather than per
    step. Each worker writes the run folders of its runs and sends back only their summaries.

    Use as a context manager; :meth:`close` waits for the workers to end.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._size = 0

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _executor(self, pending: int) -> ProcessPoolExecutor:
        size = min(self.jobs, pending)
        if self._pool is not None and self._size < size:  # a larger batch: more workers
            self.close()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=size,
                mp_context=_SPAWN,
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            self._size = size
        return self._pool

    def close(self) -> None:
        """End the workers (after the runs they were given)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown()

    def run(
        self,
        tasks: Sequence[Task],
        todo: list[int],
        written: Callable[[int, dict[str, Any]], None],
    ) -> None:
        """Run ``tasks[i]`` for every ``i`` in ``todo``, calling ``written(i, summary)`` as each
        run's folder is written. A worker that dies breaks the pool: it is rebuilt and the runs
        not yet finished are run again, up to :data:`POOL_RETRIES` times."""
        pending = list(todo)
        for attempt in range(POOL_RETRIES + 1):
            pool = self._executor(len(pending))
            try:
                futures: dict[Future[dict[str, Any]], int] = {
                    pool.submit(_simulate_and_write, tasks[i]): i for i in pending
                }
                while futures:
                    done, _ = wait(futures, return_when=FIRST_COMPLETED)
                    for fut in done:
                        i = futures.pop(fut)
                        written(i, fut.result())
                        pending.remove(i)
                return
            except BrokenProcessPool:
                self._pool = None
                pool.shutdown(wait=True, cancel_futures=True)
                if attempt < POOL_RETRIES:
                    log.warning(
                        "a worker process died; %d runs left, retry %d of %d",
                        len(pending), attempt + 1, POOL_RETRIES,
                    )  # fmt: skip
            except BaseException:  # Ctrl-C: finished runs are on disk; stop the rest at once
                self._pool = None
                _stop(pool)
                _remove_temporary(tasks, pending)
                raise
        _remove_temporary(tasks, pending)
        raise SimError(f"worker processes kept dying; {len(pending)} runs were not completed")


def _remove_temporary(tasks: Sequence[Task], pending: list[int]) -> None:
    """Remove the temporary folders the stopped workers left for their unfinished runs (a
    full disk in one worker stops the others in the middle of their writes): no ``.rep-*.tmp-*``
    folder outlives a failed experiment. Only folders marked as a writer's, of processes that
    have ended, are removed."""
    for i in pending:
        folder = getattr(tasks[i], "folder", None)
        if folder is not None:
            remove_stale(Path(folder))


def _run_pool(
    tasks: Sequence[Task],
    todo: list[int],
    jobs: int,
    written: Callable[[int, dict[str, Any]], None],
) -> None:
    """Run the tasks on ``jobs`` workers of their own, ended when the runs are done."""
    with Workers(jobs) as workers:
        workers.run(tasks, todo, written)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel queued runs and end the running workers now (their runs are lost anyway; the
    caller removes their temporary folders)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for w in workers:
        w.terminate()
    for w in workers:
        w.join(1.0)


# --------------------------------------------------------------------------- result objects


def _tidy(label: dict[str, Any], agg: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**label, "kpi": k, **v} for k, v in agg.items()]


def _dataframe(rows: list[dict[str, Any]]) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise SimError(
            "to_dataframe() needs pandas, which is not installed: pip install 'yiwu-sim[analysis]'"
        ) from None
    return pd.DataFrame(rows)


@dataclass
class ReplicationSet:
    """N replications of one scenario and the interval of every KPI."""

    scenario: Scenario
    seeds: list[int]
    summaries: list[dict[str, Any]]
    folder: Path
    computed: int
    precision: dict[str, Any] | None = None
    """How the number of replications was reached (:func:`sim.experiment.precision.report`),
    when it was not fixed."""
    aggregate: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.aggregate = aggregate(self.summaries)

    @property
    def skipped(self) -> int:
        """Runs that were already complete and not recomputed."""
        return len(self.seeds) - self.computed

    def to_json(self) -> dict[str, Any]:
        out = {
            "schema_version": SCHEMA_VERSION,
            **build([self.scenario]),
            "scenario": self.scenario.name,
            "replications": len(self.seeds),
            "seeds": self.seeds,
            "statistics_from_day": self.scenario.warmup_days,
            "confidence": 0.95,
            "kpis": self.aggregate,
        }
        if self.precision is not None:
            out["precision"] = self.precision
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows: one per KPI, with n, mean, sd and the 95 % interval."""
        return _tidy({"scenario": self.scenario.name}, self.aggregate)

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (needs pandas)."""
        return _dataframe(self.rows())

    def runs(self, label: str | None = None, parameters: dict[str, Any] | None = None,
             prefix: str = "") -> list[RunKPIs]:  # fmt: skip
        """Each replication's KPIs, for the per-replication table (``kpis.parquet``)."""
        return [
            RunKPIs(
                f"{prefix}rep-{i:03d}",
                label or self.scenario.name,
                seed,
                i,
                summary,
                dict(parameters or {}),
            )
            for i, (seed, summary) in enumerate(zip(self.seeds, self.summaries))
        ]


@dataclass
class Comparison:
    """Scenarios run with the same seeds, and paired differences against the first."""

    sets: list[ReplicationSet]
    differences: dict[str, dict[str, dict[str, Any]]]
    folder: Path
    labels: list[str] = field(default_factory=list)
    """One unique key per scenario (its name, or ``<k>-<name>`` when names repeat)."""
    precision: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not self.labels:
            self.labels = comparison_labels([s.scenario for s in self.sets])

    def to_json(self) -> dict[str, Any]:
        out = {
            "schema_version": SCHEMA_VERSION,
            **build([s.scenario for s in self.sets]),
            "baseline": self.labels[0],
            "scenarios": self.labels,
            "replications": len(self.sets[0].seeds),
            "seeds": self.sets[0].seeds,
            "confidence": 0.95,
            "kpis": {label: s.aggregate for label, s in zip(self.labels, self.sets)},
            "paired_differences": self.differences,
        }
        if self.precision is not None:
            out["precision"] = self.precision
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows: one per (scenario, KPI), with the paired difference against the baseline."""
        out = []
        for label, s in zip(self.labels, self.sets):
            diffs = self.differences.get(label, {})
            for row in s.rows():
                d = diffs.get(row["kpi"], {})
                out.append({**row, "scenario": label, "diff_mean": d.get("mean"),
                            "diff_ci_low": d.get("ci_low"), "diff_ci_high": d.get("ci_high"),
                            "distinguishable": d.get("distinguishable")})  # fmt: skip
        return out

    def to_dataframe(self) -> Any:
        return _dataframe(self.rows())

    def runs(self) -> list[RunKPIs]:
        """Every replication of every scenario, labelled by scenario."""
        return [
            r
            for label, s in zip(self.labels, self.sets)
            for r in s.runs(label, prefix=f"{s.folder.name}/")
        ]


@dataclass
class Sweep:
    """A full-factorial grid of parameter values, each point with its replications."""

    parameters: list[str]
    points: list[dict[str, Any]]
    sets: list[ReplicationSet]
    folder: Path
    precision: dict[str, Any] | None = None
    differences: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Each later point (``key=value, ...``) against the first, paired by replication, for the
    report's KPIs: ``sweep.json``'s ``paired_differences``."""

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows: one per (point, KPI), the point's parameter values as columns."""
        out = []
        for i, (point, s) in enumerate(zip(self.points, self.sets)):
            out.extend(_tidy({"point": i, **point}, s.aggregate))
        return out

    def to_dataframe(self) -> Any:
        return _dataframe(self.rows())

    def runs(self) -> list[RunKPIs]:
        """Every replication at every point, with the point's parameter values."""
        return [
            r
            for point, s in zip(self.points, self.sets)
            for r in s.runs(parameters=point, prefix=f"{s.folder.name}/")
        ]


# --------------------------------------------------------------------------- the three experiments


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json_text(data), encoding="utf-8")  # strict JSON: NaN, inf as null
    tmp.replace(path)


def _write_kpis(folder: Path, runs: list[RunKPIs], parameters: list[str], fmt: str) -> None:
    """The per-replication KPI table of an experiment, beside its JSON files."""
    write_kpi_table(kpi_table(runs, parameters), folder / f"{KPI_TABLE}.{fmt}")


@dataclass
class Plan:
    """How an experiment runs its replications: a fixed number, or until a precision."""

    n: int | None
    precision: prec.Precision | None = None
    fmt: str = "parquet"
    summaries_only: bool = False

    def __post_init__(self) -> None:
        if self.precision is None and (self.n is None or self.n < 1):
            raise UsageError(f"--replications must be at least 1, got {self.n}")


def check_run_count(groups: int, plan: Plan) -> None:
    """Refuse, before any seed is drawn, an experiment of more runs than
    :data:`~sim.experiment.collect.MAX_RUNS` (what ``collect`` gathers): ``--replications
    100000000``, a slip of the keyboard, built a hundred million seeds and tasks first and took
    21 GB of memory before the first run, with nothing on the screen.

    Raises
    ------
    UsageError
        Naming the option, its value, the runs it makes and the limit.
    """
    if plan.n is not None:
        option, n = "--replications", plan.n
    elif plan.precision is not None:
        option, n = "--max-replications", plan.precision.max_replications
    else:
        return
    if groups * n > MAX_RUNS:
        key = "err:too_many_runs" if groups == 1 else "err:too_many_runs_of"
        raise UsageError(said(key, option=option, n=n, groups=groups, runs=f"{groups * n:,}",
                              most=f"{MAX_RUNS:,}"))  # fmt: skip


def check_memory(scenarios: Sequence[Scenario], jobs: int) -> None:
    """Refuse, before any run, an experiment whose ``jobs`` parallel runs of its largest
    scenario would need more memory than is available (:mod:`sim.world.memory`)."""
    from sim.world.memory import estimate_bytes, memory_problem

    if scenarios:
        largest = max(scenarios, key=estimate_bytes)
        problem = memory_problem(largest, max(1, int(jobs)))
        if problem:
            raise SimError(problem)


def _run_groups(
    groups: list[tuple[Scenario, Path]],
    root: int,
    plan: Plan,
    run: dict[str, Any],
) -> tuple[list[int], list[list[dict[str, Any]]], int, dict[str, Any] | None]:
    """Run every group (scenario and folder) with the same seeds, a fixed number of them or
    sequentially until the plan's precision (every group the same number: common random
    numbers stay paired).

    Returns
    -------
    seeds, summaries per group, runs computed now, the precision report (or None)
    """
    replication_seeds(root, 0)  # a root seed outside 0 .. 2^63 - 1 is refused before any run
    check_run_count(len(groups), plan)
    if run.get("scheduler") is None:  # local workers: each holds one run at a time
        runs_now = len(groups) * plan.n if plan.n is not None else run["jobs"]
        check_memory([sc for sc, _ in groups], min(run["jobs"], runs_now))
    results: list[list[dict[str, Any]]] = [[] for _ in groups]
    computed = 0
    workers = Workers(run["jobs"])  # started only if a batch needs them; one set for all steps

    def more(count: int) -> None:
        nonlocal computed
        have = len(results[0])
        seeds = replication_seeds(root, have + count)
        tasks = [
            Task(sc, seed, folder / f"rep-{i:03d}", plan.fmt, plan.summaries_only)
            for sc, folder in groups
            for i, seed in enumerate(seeds[have:], have)
        ]
        summaries, done = execute(tasks, workers=workers, **run)
        computed += done
        for k in range(len(groups)):
            results[k].extend(summaries[k * count : (k + 1) * count])

    report = None
    with workers:
        if plan.precision is None:
            assert plan.n is not None
            more(plan.n)
        else:
            p = plan.precision
            if not results[0]:
                # one run first: a KPI the runs do not produce (a misspelt one) is refused
                # before a whole first stage is spent, as plan and sensitivity do
                more(1)
                # (a KPI of a group the first run had none of, such as the sea route's lead
                # time, waits for the first stage: a later run may have it)
                prec.check_kpis([g[0] for g in results], p.targets, first_run=True)
            checked = False  # the KPIs' names and values, once the first stage is in
            while not (step := prec.next_step(results, p)).done:
                more(step.more)
                if not checked and len(results[0]) >= p.min_replications:
                    # (a later stage adds no reason to refuse: each check is done once, not
                    # over every summary again at every step)
                    prec.check_kpis([s for group in results for s in group], p.targets)
                    prec.check_values(results, p, [sc.name for sc, _ in groups])
                    checked = True
            report = prec.report(results, p, step.needed)
    for _, folder in groups:
        warn_beyond(folder, len(results[0]))
    return replication_seeds(root, len(results[0])), results, computed, report


_REP = re.compile(r"rep-(\d{3,})")


def warn_beyond(folder: Path, n: int) -> None:
    """Say when ``folder`` holds replications beyond the ``n`` this experiment used: a set run
    again with fewer (``--replications 5``, then ``3``) kept ``rep-003`` and ``rep-004`` from
    the first, so its ``aggregate.json`` covered 3 runs and ``collect`` on the folder gathered
    5, with nothing said. They are kept (a larger ``n`` later reuses them)."""
    if not folder.is_dir():
        return
    beyond = sorted(
        int(m.group(1))
        for p in folder.iterdir()
        if (m := _REP.fullmatch(p.name)) and int(m.group(1)) >= n and p.is_dir()
    )
    if beyond:
        log.warning(
            "%s: %d replication folder(s) from an earlier, larger run (rep-%03d .. rep-%03d) "
            "are kept but not counted: the statistics cover rep-000 .. rep-%03d, while "
            "yiwu-sim collect on the folder gathers every one (run with --replications %d to "
            "count them, or remove them)",
            folder, len(beyond), beyond[0], beyond[-1], n - 1, beyond[-1] + 1,
        )  # fmt: skip


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
) -> ReplicationSet:
    """Run ``n`` replications of a scenario (or as many as ``precision`` needs) and write
    ``aggregate.json`` and the per-replication ``kpis.parquet`` (``kpis.csv`` with
    ``fmt="csv"``).

    Folder: ``<out>/<scenario>/replications-<root_seed>/rep-000 ...``. The i-th seed depends only
    on the root seed and i, so a larger ``n`` later reuses the runs made before.
    """
    plan = Plan(n, precision, fmt, summaries_only)
    root = scenario.seed if root_seed is None else root_seed
    folder = Path(out) / scenario.name / f"replications-{root}"
    run = {"jobs": jobs, "scheduler": scheduler, "progress": progress, "force": force,
           "label": scenario.name}  # fmt: skip
    seeds, results, computed, report = _run_groups([(scenario, folder)], root, plan, run)
    rs = ReplicationSet(scenario, seeds, results[0], folder, computed, report)
    _write_json(folder / "aggregate.json", rs.to_json())
    _write_kpis(folder, rs.runs(), [], fmt)
    return rs


def comparison_labels(scenarios: Sequence[Scenario]) -> list[str]:
    """A unique key per compared scenario: its name, or ``<position>-<name>`` for every
    scenario whose name another one shares (two files may both be called ``base``), so no
    scenario's results are merged into another's."""
    names = [sc.name for sc in scenarios]
    return [n if names.count(n) == 1 else f"{k}-{n}" for k, n in enumerate(names)]


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


def parse_vary(items: Iterable[str]) -> dict[str, list[Any]]:
    """``key.path=v1,v2,v3`` -> ``{"key.path": [v1, v2, v3]}`` (values as YAML scalars)."""
    out: dict[str, list[Any]] = {}
    problems: list[str] = []
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip() or not raw.strip():
            problems.append(said("err:vary_form", item=item))
            continue
        try:  # the same guarded reader as files and --set: no reader exception escapes
            values = [parse_value(v, f"--vary {key.strip()[:80]}") for v in raw.split(",")]
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        what = f"--vary {key.strip()[:80]}"
        if len({_same(v) for v in values}) < len(values):  # 1,1 would run one point twice
            problems.append(said("err:value_twice", what=what))
        if key.strip() in out:
            problems.append(said("err:given_twice", what=what))
        out[key.strip()] = values
    if problems:
        raise ScenarioError(problems, "--vary")
    return out


def _same(value: Any) -> Any:
    """A value as a sweep point would run it: 1 and 1.0 are the same number of trains."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ("number", value)  # 1 == 1.0, with one hash (and no float of a huge int)
    return ("value", repr(value))


MAX_SWEEP_POINTS = 1_000
"""Most points of one sweep's grid: each point is validated, holds a folder per replication
and a column of aggregates, so a grid of two lists of 2,000 and 900 values (1.8 million
points) would exhaust memory long before it ran; such a grid is refused at once."""


def check_grid(vary: dict[str, list[Any]]) -> int:
    """The number of points of the full-factorial grid of ``vary``, refused when more than
    :data:`MAX_SWEEP_POINTS` (counted from the list lengths, before any point is built).

    Raises
    ------
    ScenarioError
        Naming each ``--vary`` key with its number of values, the product and the limit; or
        ``seed`` among the keys (:data:`SEED_NOT_A_PARAMETER`).
    """
    if "seed" in vary:  # the points' own seeds yield to the sweep's: they would not differ
        raise ScenarioError([SEED_NOT_A_PARAMETER.format(opt="--vary")], "--vary")
    points = math.prod(len(values) for values in vary.values())
    if points > MAX_SWEEP_POINTS:
        sizes = " x ".join(f"{len(v):,} ({k[:60]})" for k, v in vary.items())
        raise ScenarioError(
            [f"the grid has {points:,} points ({sizes}), more than the {MAX_SWEEP_POINTS:,} "
             "one sweep runs; vary fewer values, or split the sweep"],
            "--vary",
        )  # fmt: skip
    return points


SWEEP_NAME_CHARS = 100
"""Longest readable part of a sweep folder's name (file systems allow 255 bytes)."""


def sweep_folder_name(vary: dict[str, list[Any]], root: int) -> str:
    """``sweep-<what varies>-<hash>-<root seed>``: the last two parts of each swept key with
    its values (``sweep-L01.trains_per_week=0.5,1,2-3f9a1c-20260217``), cut to
    :data:`SWEEP_NAME_CHARS`; the hash of the full specification keeps two sweeps whose readable
    parts coincide apart."""
    spec = json.dumps(vary, sort_keys=True, default=str)
    digest = hashlib.sha256(spec.encode()).hexdigest()[:6]
    parts = [
        ".".join(key.split(".")[-2:]) + "=" + ",".join(str(v) for v in values)
        for key, values in vary.items()
    ]
    readable = re.sub(r"[^A-Za-z0-9_.,=+-]+", "-", "_".join(parts))[:SWEEP_NAME_CHARS]
    return f"sweep-{readable}-{digest}-{root}"


def sweep_scenarios(
    base: dict[str, Any], vary: dict[str, list[Any]], source: str = "scenario"
) -> tuple[list[dict[str, Any]], list[Scenario]]:
    """The points of a full-factorial sweep over ``vary`` of the scenario mapping ``base``
    and the validated scenario of each, in grid order (the command line warns about them
    before the runs start, as ``run`` and ``compare`` do).

    Raises
    ------
    ScenarioError
        Every problem of every point, each named with its point.
    """
    if not vary:
        raise SimError("sweep needs at least one --vary key.path=v1,v2,...")
    check_grid(vary)
    params = list(vary)
    given = [dict(zip(params, combo)) for combo in itertools.product(*vary.values())]
    # a point's date as the scenario file writes it: YAML reads 2025-11-01 as a date, which no
    # JSON file or table column holds ("Object of type date is not JSON serializable" once
    # the sweep had run); the scenario itself gets the date, as from --set
    points = [
        {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in pt.items()} for pt in given
    ]
    scenarios: list[Scenario] = []
    failed: dict[str, list[str]] = {}  # each problem once, with the points it concerns
    for point, values in zip(points, given):
        # written as YAML 1.1 and 1.2 both read it: the override is read back as YAML 1.2
        overrides = [
            f"{k}={yaml.dump(v, Dumper=YAML_DUMPER, default_flow_style=True).strip()}"
            for k, v in values.items()
        ]
        overrides = [o.removesuffix("\n...") for o in overrides]
        try:
            scenarios.append(validate_data(apply_overrides(base, overrides, "--vary"), source))
        except ScenarioError as exc:
            for p in exc.problems:
                failed.setdefault(p, []).append(point_label(point))
    # a misspelt key fails at every point of the grid: said once, not once a point, and a
    # point as the report names it ("key=value"), not as a Python dict
    # a problem of a swept key at every point (a misspelt key) names the --vary that gave it
    problems = [
        problem("scn:vary_input", vary=f"{k}={','.join(map(str, vary[k]))}"[:160], why=p)
        if len(where) == len(points) and (k := _swept_key(p, params)) is not None
        else p if len(where) == len(points)
        else problem("scn:at_point", point="; ".join(where), text=p)
        for p, where in failed.items()
    ]  # fmt: skip
    if problems:
        ours = all(str(p).startswith("--vary") for p in problems)
        raise ScenarioError(problems, "--vary" if ours else source)
    return points, scenarios


def _swept_key(p: str, keys: list[str]) -> str | None:
    """The swept key a point's problem ``p`` is about (at that key, below it, or at a part of
    its path: ``logistics.linez`` of ``logistics.linez.L01.trains_per_week``); None for a
    problem of another key, or one that names its option already."""
    where = getattr(p, "where", None)
    if not where or where.startswith("--"):
        return None
    where = re.sub(r"\[(\d+)\]", r".\1", where)  # categories[0].share: as --vary writes it
    return next((k for k in keys if on_key_path(where, k)), None)


def on_key_path(where: str, key: str) -> bool:
    """Whether key path ``where`` is ``key``, below it or a part of its path."""
    return where == key or where.startswith(key + ".") or key.startswith(where + ".")


def point_label(point: dict[str, Any]) -> str:
    """A sweep point as its report names it: ``key=value, key=value``."""
    return ", ".join(f"{k}={v}" for k, v in point.items())


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
            "seeds": seeds}  # fmt: skip
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
