"""Experiments: replications, paired scenario comparisons and parameter sweeps.

One run of a stochastic model is an anecdote. This module runs many, each an independent
replication with a seed spawned from one ``SeedSequence``
(:func:`sim.world.random_streams.replication_seeds`), and summarises every KPI of ``summary.json``
with a 95 % Student-t interval (:mod:`sim.experiment.statistics`). A comparison gives every
scenario the
*same* seeds, so its named random streams draw the same numbers (common random numbers) and
differences are paired replication by replication. A sweep runs the full factorial grid of
``--vary`` values the same way.

Runs execute serially, in a local process pool (``jobs``) or on an existing Dask cluster
(``scheduler``); each finished run is written to its own folder at once (atomically), and a
re-launched experiment skips every run folder that is complete and was made from the same
resolved scenario, so an interrupted experiment loses only the runs in progress. The result
files do not depend on which executor ran them.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from sim.errors import ResultsError, ScenarioError, SimError
from sim.experiment.statistics import aggregate, paired_difference
from sim.model import Model
from sim.output.forking import die_with_parent
from sim.output.results import RunResult, scenario_hash, verify_run, write_run
from sim.scenario import Scenario, apply_overrides
from sim.scenario.yaml_io import parse_value
from sim.world.inputs import validate_data
from sim.world.random_streams import replication_seeds

log = logging.getLogger(__name__)


class Progress(tqdm):
    """tqdm without its monitor thread, which outlives the bar by up to 10 s; the report drawn
    after an experiment forks processes to draw its figures, and only does so while this
    process runs no other thread."""

    monitor_interval = 0


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


def _simulate(task: Task) -> RunResult:
    """Run one replication (executed in a worker)."""
    return Model(task.scenario, seed=task.seed).run(argv=["yiwu-sim", "experiment"])


def _simulate_and_write(task: Task) -> dict[str, Any]:
    """Run one replication and write its folder (in a local worker process, so that writing the
    tables is spread over the workers and the tables never travel back); returns its summary."""
    result = _simulate(task)
    write_run(result, task.folder, force=True)
    return result.summary


def _complete(task: Task) -> dict[str, Any] | None:
    """The summary of an existing, complete run folder made from the same scenario and seed."""
    folder = task.folder
    if not folder.exists():
        return None
    try:  # every file present, with the rows and hash its manifest lists: else run it again
        manifest = verify_run(folder)
        summary: dict[str, Any] = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (ResultsError, OSError, ValueError):
        return None
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
    progress: bool = False,
    force: bool = False,
    label: str = "runs",
) -> tuple[list[dict[str, Any]], int]:
    """Run the tasks that are not complete yet and return every task's summary, in task order.

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
        bar = Progress(total=len(todo), desc=label, unit="run", delay=2.0, disable=not progress)

        def written(i: int, summary: dict[str, Any]) -> None:
            summaries[i] = summary
            bar.update(1)

        def finished(i: int, result: RunResult) -> None:
            write_run(result, tasks[i].folder, force=True)
            written(i, result.summary)

        try:
            if scheduler:  # a remote worker may not see --out: the results come back here
                _run_dask(tasks, todo, scheduler, finished)
            elif jobs > 1 and len(todo) > 1:
                _run_pool(tasks, todo, jobs, written)
            else:
                for i in todo:
                    finished(i, _simulate(tasks[i]))
        finally:
            bar.close()
    assert all(s is not None for s in summaries)
    return [s for s in summaries if s is not None], len(todo)


def _run_pool(
    tasks: Sequence[Task],
    todo: list[int],
    jobs: int,
    written: Callable[[int, dict[str, Any]], None],
) -> None:
    pending = list(todo)
    ctx = multiprocessing.get_context("spawn")  # no state inherited from the parent process
    for attempt in range(POOL_RETRIES + 1):
        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(pending)),
            mp_context=ctx,
            initializer=die_with_parent,  # a killed command leaves no worker running on
            initargs=(os.getpid(),),
        )
        futures: dict[Future[dict[str, Any]], int] = {
            pool.submit(_simulate_and_write, tasks[i]): i for i in pending
        }
        try:
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for fut in done:
                    i = futures.pop(fut)
                    written(i, fut.result())
                    pending.remove(i)
            pool.shutdown()
            return
        except BrokenProcessPool:
            pool.shutdown(wait=True, cancel_futures=True)
            if attempt < POOL_RETRIES:
                log.warning(
                    "a worker process died; %d runs left, retry %d of %d",
                    len(pending), attempt + 1, POOL_RETRIES,
                )  # fmt: skip
        except BaseException:  # Ctrl-C: finished runs are on disk; stop the rest at once
            _stop(pool)
            raise
    raise SimError(f"worker processes kept dying; {len(pending)} runs were not completed")


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel queued runs and end the running workers now (their runs are lost anyway; a
    worker's temporary folder is removed by the next writer of that folder)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for w in workers:
        w.terminate()
    for w in workers:
        w.join(1.0)


def _run_dask(
    tasks: Sequence[Task], todo: list[int], address: str, finished: Callable[[int, RunResult], None]
) -> None:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise SimError(
            "--scheduler needs dask.distributed; install it with: pip install 'yiwu-sim[dask]'"
        ) from None
    try:
        client = Client(address, timeout="30s")
    except OSError as exc:
        raise SimError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        futures = client.map(_simulate, [tasks[i] for i in todo], pure=False)
        index = {f.key: i for f, i in zip(futures, todo)}
        for fut in as_completed(futures):
            finished(index[fut.key], fut.result())
    finally:
        client.close()


# --------------------------------------------------------------------------- result objects


def _tidy(label: dict[str, Any], agg: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**label, "kpi": k, **v} for k, v in agg.items()]


def _dataframe(rows: list[dict[str, Any]]) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise SimError("to_dataframe() needs pandas, which is not installed") from None
    return pd.DataFrame(rows)


@dataclass
class ReplicationSet:
    """N replications of one scenario and the interval of every KPI."""

    scenario: Scenario
    seeds: list[int]
    summaries: list[dict[str, Any]]
    folder: Path
    computed: int
    aggregate: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.aggregate = aggregate(self.summaries)

    @property
    def skipped(self) -> int:
        """Runs that were already complete and not recomputed."""
        return len(self.seeds) - self.computed

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.scenario.name,
            "replications": len(self.seeds),
            "seeds": self.seeds,
            "statistics_from_day": self.scenario.warmup_days,
            "confidence": 0.95,
            "kpis": self.aggregate,
        }

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows: one per KPI, with n, mean, sd and the 95 % interval."""
        return _tidy({"scenario": self.scenario.name}, self.aggregate)

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (needs pandas)."""
        return _dataframe(self.rows())


@dataclass
class Comparison:
    """Scenarios run with the same seeds, and paired differences against the first."""

    sets: list[ReplicationSet]
    differences: dict[str, dict[str, dict[str, Any]]]
    folder: Path
    labels: list[str] = field(default_factory=list)
    """One unique key per scenario (its name, or ``<k>-<name>`` when names repeat)."""

    def __post_init__(self) -> None:
        if not self.labels:
            self.labels = comparison_labels([s.scenario for s in self.sets])

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "baseline": self.labels[0],
            "scenarios": self.labels,
            "replications": len(self.sets[0].seeds),
            "seeds": self.sets[0].seeds,
            "confidence": 0.95,
            "kpis": {label: s.aggregate for label, s in zip(self.labels, self.sets)},
            "paired_differences": self.differences,
        }

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


@dataclass
class Sweep:
    """A full-factorial grid of parameter values, each point with its replications."""

    parameters: list[str]
    points: list[dict[str, Any]]
    sets: list[ReplicationSet]
    folder: Path

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows: one per (point, KPI), the point's parameter values as columns."""
        out = []
        for i, (point, s) in enumerate(zip(self.points, self.sets)):
            out.extend(_tidy({"point": i, **point}, s.aggregate))
        return out

    def to_dataframe(self) -> Any:
        return _dataframe(self.rows())


# --------------------------------------------------------------------------- the three experiments


def _tasks(sc: Scenario, seeds: list[int], folder: Path) -> list[Task]:
    return [Task(sc, seed, folder / f"rep-{i:03d}") for i, seed in enumerate(seeds)]


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def run_replications(
    scenario: Scenario,
    n: int,
    *,
    out: str | Path = "results",
    root_seed: int | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool = False,
    force: bool = False,
) -> ReplicationSet:
    """Run ``n`` replications of a scenario and write ``aggregate.json``.

    Folder: ``<out>/<scenario>/replications-<root_seed>/rep-000 ...``. The i-th seed depends only
    on the root seed and i, so a larger ``n`` later reuses the runs made before.
    """
    if n < 1:
        raise SimError(f"--replications must be at least 1, got {n}")
    root = scenario.seed if root_seed is None else root_seed
    seeds = replication_seeds(root, n)
    folder = Path(out) / scenario.name / f"replications-{root}"
    tasks = _tasks(scenario, seeds, folder)
    summaries, computed = execute(
        tasks, jobs=jobs, scheduler=scheduler, progress=progress, force=force,
        label=scenario.name,
    )  # fmt: skip
    rs = ReplicationSet(scenario, seeds, summaries, folder, computed)
    _write_json(folder / "aggregate.json", rs.to_json())
    return rs


def comparison_labels(scenarios: Sequence[Scenario]) -> list[str]:
    """A unique key per compared scenario: its name, or ``<position>-<name>`` for every
    scenario whose name another one shares (two files may both be called ``base``), so no
    scenario's results are merged into another's."""
    names = [sc.name for sc in scenarios]
    return [n if names.count(n) == 1 else f"{k}-{n}" for k, n in enumerate(names)]


def compare(
    scenarios: Sequence[Scenario],
    n: int,
    *,
    out: str | Path = "results",
    root_seed: int | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool = False,
    force: bool = False,
) -> Comparison:
    """Run every scenario with the same ``n`` seeds; paired differences against the first.

    Folder: ``<out>/compare-<A>-vs-<B>.../<i>-<scenario>/rep-000 ...`` and ``comparison.json``.
    """
    if len(scenarios) < 2:
        raise SimError("compare needs at least two scenarios")
    if n < 2:
        raise SimError(f"a comparison needs at least 2 replications for an interval, got {n}")
    root = scenarios[0].seed if root_seed is None else root_seed
    seeds = replication_seeds(root, n)
    name = "compare-" + "-vs-".join(s.name for s in scenarios)
    if len(name) > 150:
        name = "compare-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    folder = Path(out) / f"{name}-{root}"
    tasks: list[Task] = []
    for k, sc in enumerate(scenarios):
        tasks.extend(_tasks(sc, seeds, folder / f"{k}-{sc.name}"))
    summaries, computed = execute(
        tasks, jobs=jobs, scheduler=scheduler, progress=progress, force=force, label="compare"
    )
    sets = []
    for k, sc in enumerate(scenarios):
        part = summaries[k * n : (k + 1) * n]
        sets.append(ReplicationSet(sc, seeds, part, folder / f"{k}-{sc.name}", 0))
    sets[0].computed = computed
    for s in sets:
        _write_json(s.folder / "aggregate.json", s.to_json())
    labels = comparison_labels(scenarios)
    differences = {
        labels[k]: paired_difference(sets[0].summaries, s.summaries)
        for k, s in enumerate(sets[1:], 1)
    }
    comp = Comparison(sets, differences, folder, labels)
    _write_json(folder / "comparison.json", comp.to_json())
    return comp


def parse_vary(items: Iterable[str]) -> dict[str, list[Any]]:
    """``key.path=v1,v2,v3`` -> ``{"key.path": [v1, v2, v3]}`` (values as YAML scalars)."""
    out: dict[str, list[Any]] = {}
    problems = []
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip() or not raw.strip():
            problems.append(f"--vary {item!r}: expected key.path=v1,v2,...")
            continue
        try:  # the same guarded reader as files and --set: no reader exception escapes
            values = [parse_value(v, f"--vary {key.strip()[:80]}") for v in raw.split(",")]
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        if key.strip() in out:
            problems.append(f"--vary {key}: given twice")
        out[key.strip()] = values
    if problems:
        raise ScenarioError(problems, "--vary")
    return out


def sweep(
    base: dict[str, Any],
    vary: dict[str, list[Any]],
    n: int,
    *,
    source: str = "scenario",
    out: str | Path = "results",
    root_seed: int | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool = False,
    force: bool = False,
) -> Sweep:
    """Full-factorial sweep over ``vary`` of the scenario mapping ``base``.

    Every grid point is validated before any run starts. All points use the same seeds (common
    random numbers). Writes ``sweep.csv`` (tidy: one row per point and KPI) and ``sweep.json``.
    """
    if not vary:
        raise SimError("sweep needs at least one --vary key.path=v1,v2,...")
    params = list(vary)
    points = [dict(zip(params, combo)) for combo in itertools.product(*vary.values())]
    scenarios: list[Scenario] = []
    problems: list[str] = []
    for point in points:
        overrides = [
            f"{k}={yaml.safe_dump(v, default_flow_style=True).strip()}" for k, v in point.items()
        ]
        overrides = [o.removesuffix("\n...") for o in overrides]
        try:
            scenarios.append(validate_data(apply_overrides(base, overrides), source))
        except ScenarioError as exc:
            problems.extend(f"point {point}: {p}" for p in exc.problems)
    if problems:
        raise ScenarioError(problems, source)
    first = scenarios[0]
    root = first.seed if root_seed is None else root_seed
    seeds = replication_seeds(root, n)
    spec = json.dumps(vary, sort_keys=True, default=str)
    folder = (
        Path(out) / first.name / f"sweep-{hashlib.sha256(spec.encode()).hexdigest()[:10]}-{root}"
    )
    tasks: list[Task] = []
    for i, sc in enumerate(scenarios):
        tasks.extend(_tasks(sc, seeds, folder / f"p{i:03d}"))
    summaries, computed = execute(
        tasks, jobs=jobs, scheduler=scheduler, progress=progress, force=force, label="sweep"
    )
    sets = [
        ReplicationSet(sc, seeds, summaries[i * n : (i + 1) * n], folder / f"p{i:03d}", 0)
        for i, sc in enumerate(scenarios)
    ]
    sets[0].computed = computed
    for s in sets:
        _write_json(s.folder / "aggregate.json", s.to_json())
    result = Sweep(params, points, sets, folder)
    rows = result.rows()
    columns = ["point", *params, "kpi", "n", "mean", "sd", "ci_low", "ci_high", "half_width"]
    tmp = folder / ".sweep.csv.tmp"
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows({k: ("" if r.get(k) is None else r.get(k)) for k in columns} for r in rows)
    tmp.replace(folder / "sweep.csv")
    _write_json(
        folder / "sweep.json",
        {"schema_version": SCHEMA_VERSION, "parameters": params, "points": points,
         "replications": n, "seeds": seeds},
    )  # fmt: skip
    return result
