"""Local worker processes for an experiment's runs: spawned (no state inherited from this
process) and started once per experiment (:class:`Workers`), each writing the run folders of its
runs and sending back only their summaries. A worker that dies breaks the pool, which is rebuilt
and the unfinished runs run again, up to :data:`POOL_RETRIES` times; on Ctrl-C or a failure the
running workers are ended at once and their temporary folders removed.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from sim.errors import SimError
from sim.experiment.tasks import Task, _simulate_and_write
from sim.output.forking import die_with_parent
from sim.output.install import remove_stale
from sim.world.network import load_network

log = logging.getLogger("sim.experiment.runs")  # the experiments' logger: one name to filter


POOL_RETRIES = 2
"""How many times a broken process pool (a worker that died) is rebuilt before giving up."""


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
                    # one run left in the singular: each template a log: entry of the
                    # glossary to the letter, which says it in the reader's language
                    template = (
                        "a worker process died; %d run left, retry %d of %d"
                        if len(pending) == 1
                        else "a worker process died; %d runs left, retry %d of %d"
                    )
                    log.warning(template, len(pending), attempt + 1, POOL_RETRIES)
            except BaseException:  # Ctrl-C: finished runs are on disk; stop the rest at once
                self._pool = None
                _stop(pool)
                _remove_temporary(tasks, pending)
                raise
        _remove_temporary(tasks, pending)
        from sim.output.glossary import term  # (only here: a set whose workers all died)

        # in English (read back into the reader's language where it is printed), a count of
        # one in the singular
        raise SimError(term("res:workers_died", "en", n=len(pending)))


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
