"""How an experiment replicates: a fixed number of runs, or as many as a precision needs
(:class:`Plan`); refused before any seed is drawn when it would make too many runs
(:func:`check_run_count`) or need more memory than there is (:func:`check_memory`); run for
every group (a scenario and its folder) on the same seeds, so that common random numbers stay
paired (:func:`_run_groups`); and a folder holding replications beyond those counted is said
(:func:`warn_beyond`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.errors import SimError, UsageError
from sim.experiment import precision as prec
from sim.experiment.collect import MAX_RUNS
from sim.experiment.executor import execute
from sim.experiment.statistics import flatten
from sim.experiment.tasks import Task, _complete, _simulate
from sim.experiment.workers import Workers
from sim.output.saying import said
from sim.results.run import RunResult
from sim.scenario import Scenario
from sim.world.random_streams import replication_seeds

log = logging.getLogger("sim.experiment.runs")  # the experiments' logger: one name to filter


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
            # the first replication of every group, its KPIs checked before any folder is
            # written: a KPI the runs do not produce (a misspelt one) is refused with nothing
            # on disk, and before a whole first stage is spent, as plan and sensitivity do (a
            # KPI of a group the first run had none of, such as the sea route's lead time,
            # waits for the first stage: a later run may have it)
            firsts, done = _first_runs(groups, root, plan, run, workers)
            computed += done
            for k, summary in enumerate(firsts):
                results[k].append(summary)
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


def _first_runs(
    groups: list[tuple[Scenario, Path]],
    root: int,
    plan: Plan,
    run: dict[str, Any],
    workers: Workers,
) -> tuple[list[dict[str, Any]], int]:
    """The first replication of every group, the precision's KPIs checked on them before any
    of them is written (``run --precision lead_time_days.overall.maen=0.1`` wrote ``rep-000``
    into a new folder, or with ``--force`` replaced an earlier set's, and then refused the
    KPI).

    The names a summary has depend on the run (a crossing's waits where trains crossed it, a
    dispatch section where the scenario dispatches), so they are read from the first group's
    first replication, run here in memory and written only once the KPIs are found; the next
    groups' first replications are run in memory too only while a KPI is still not found
    (a comparison's second scenario may have a section the first lacks; not for a KPI of a
    line or crossing none of the scenarios has), else run as every other replication is. A
    folder that already holds that replication complete is read, not run again (a relaunched
    experiment).

    Returns
    -------
    summaries, runs computed now
        The first replication's summary of every group, in group order.

    Raises
    ------
    ScenarioError
        Naming ``--precision``, the KPI and close matches, when no first run has it.
    """
    assert plan.precision is not None
    targets = plan.precision.targets
    seed = replication_seeds(root, 1)[0]
    tasks = [Task(sc, seed, folder / "rep-000", plan.fmt, plan.summaries_only)
             for sc, folder in groups]  # fmt: skip
    names = prec.group_names(sc for sc, _ in groups)  # (a misspelt line is none of them)
    have: list[dict[str, Any]] = []
    made: dict[int, RunResult] = {}
    for k, task in enumerate(tasks):
        done = None if run.get("force") else _complete(task)
        if done is None:
            made[k] = _simulate(task)
            done = made[k].summary
        have.append(done)
        known = {key for summary in have for key in flatten(summary)}
        missing = prec.unknown_kpis(have, targets, first_run=True, known=known, names=names)
        if all(prec.of_another_group(kpi, known) for kpi in missing):
            break  # every KPI found, or one of a group none of the scenarios names
    prec.check_kpis(have, targets, first_run=True, names=names)  # refused if still not found
    for k, result in made.items():
        tasks[k].write(result)
    rest: list[dict[str, Any]] = []
    computed = len(made)
    if len(have) < len(tasks):  # the others as every replication runs (in parallel)
        rest, computed_rest = execute(tasks[len(have) :], workers=workers, **run)
        computed += computed_rest
    return [*have, *rest], computed


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
    if beyond:  # in English, said again in the reader's language where it is printed
        log.warning(said("log:reps_beyond", folder=str(folder), n=len(beyond),
                         first=f"rep-{beyond[0]:03d}", last=f"rep-{beyond[-1]:03d}",
                         upto=f"rep-{n - 1:03d}", all=beyond[-1] + 1))  # fmt: skip
