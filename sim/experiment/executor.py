"""Running an experiment's tasks (:func:`execute`): the runs already complete on disk are
skipped, and the rest run serially in this process, on local worker processes
(:mod:`sim.experiment.workers`) or on a Dask cluster (:mod:`sim.experiment.cluster`), under a
progress bar in the reader's language; every task's summary comes back in task order. The
result files do not depend on which executor ran them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sim.errors import SimError
from sim.experiment.progress import BarWords, Progress
from sim.experiment.tasks import Task, _complete, _simulate
from sim.experiment.workers import Workers, _run_pool
from sim.results.run import RunResult
from sim.scenario import registry


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
