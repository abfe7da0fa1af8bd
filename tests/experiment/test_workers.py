"""sim.experiment.workers: the local process pool an experiment's runs share (started once,
retried when a worker dies, leaving no temporary folder when stopped)."""

from __future__ import annotations

import copy
import logging
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

import sim.experiment.workers as workers
import sim.output.results as res
from sim.errors import ResultsError, SimError
from sim.experiment.precision import Precision
from sim.experiment.runs import run_replications
from sim.world.inputs import validate_data
from tests.conftest import TINY
from tests.experiment.test_runs import _aggregate_bytes, _sc


def test_a_sequential_experiment_starts_its_workers_once(tmp_path, monkeypatch):
    started = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(kwargs["max_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Counted)
    never = Precision({"orders.delivered": 1e-12}, min_replications=2, max_replications=6,
                      lookahead=1)  # fmt: skip
    sc = _sc()
    pooled = run_replications(sc, None, out=tmp_path / "pool", jobs=2, precision=never)
    assert len(pooled.seeds) == 6  # three steps of two runs
    assert started == [2]
    serial = run_replications(sc, None, out=tmp_path / "serial", jobs=1, precision=never)
    assert _aggregate_bytes(serial) == _aggregate_bytes(pooled)


def test_temporary_folders_of_workers_stopped_by_a_full_disk_are_removed(tmp_path, monkeypatch):
    """One worker's disk fills; the pool is stopped while another worker has begun its folder
    (its temporary folder exists, its process is then gone): nothing of it stays."""
    from concurrent.futures import Future

    import sim.experiment.runs as runs
    import sim.experiment.workers as workers

    sc = validate_data(copy.deepcopy(TINY), "test")
    tasks = [runs.Task(sc, 1, tmp_path / "rep-000"), runs.Task(sc, 2, tmp_path / "rep-001")]

    class Pool:
        def __init__(self, *args, **kwargs):
            pass

        def submit(self, fn, task):
            fut: Future = Future()
            if task.folder.name == "rep-000":
                fut.set_exception(ResultsError(f"{task.folder}: cannot write (No space left)"))
            else:  # this worker has made its temporary folder when it is stopped
                left = task.folder.parent / f".{task.folder.name}.tmp-999999999-abc"
                left.mkdir()
                (left / getattr(res, "TMP_MARKER", ".marker")).write_text("x")
            return fut

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Pool)
    with pytest.raises(ResultsError, match="No space left"):
        workers._run_pool(tasks, [1, 0], 2, lambda i, s: None)
    assert not any(tmp_path.iterdir())


def test_a_pool_that_keeps_breaking_counts_its_retries_within_the_limit(monkeypatch, caplog):
    import sim.experiment.workers as workers

    class Broken:
        def __init__(self, *args, **kwargs):
            pass

        def submit(self, fn, *args):
            fut: Future = Future()
            fut.set_exception(BrokenProcessPool("a worker died"))
            return fut

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Broken)
    with caplog.at_level(logging.WARNING), pytest.raises(SimError, match="kept dying"):
        workers._run_pool([None, None], [0, 1], 2, lambda i, s: None)  # type: ignore[list-item]
    retries = [r.getMessage() for r in caplog.records if "retry" in r.getMessage()]
    assert retries == [
        f"a worker process died; 2 runs left, retry {k} of {workers.POOL_RETRIES}"
        for k in range(1, workers.POOL_RETRIES + 1)
    ]
    # one run left: said in the singular, in the log too ("1 runs left" before)
    caplog.clear()
    with caplog.at_level(logging.WARNING), pytest.raises(SimError, match="1 run was not completed"):
        workers._run_pool([None], [0], 2, lambda i, s: None)  # type: ignore[list-item]
    retries = [r.getMessage() for r in caplog.records if "retry" in r.getMessage()]
    assert retries[0] == f"a worker process died; 1 run left, retry 1 of {workers.POOL_RETRIES}"
