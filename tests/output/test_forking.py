"""Pieces of output work in forked workers: in order, only where safe, and never lost."""

import multiprocessing
import subprocess
import sys
import threading

import pytest

from sim.output import forking
from tests.conftest import ROOT

HAS_FORK = "fork" in multiprocessing.get_all_start_methods()


def _square(offset, i):
    return offset + i * i


def test_work_is_done_here_on_one_core_or_for_one_piece(monkeypatch):
    monkeypatch.setattr(forking.os, "cpu_count", lambda: 1)
    assert forking.fork_workers(10) == 0
    monkeypatch.setattr(forking.os, "cpu_count", lambda: 8)
    assert forking.fork_workers(1) == 0


def test_no_fork_while_another_thread_runs(monkeypatch):
    monkeypatch.setattr(forking.os, "cpu_count", lambda: 2)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert forking.fork_workers(10) == 0
    finally:
        release.set()
        other.join()


def test_no_fork_inside_a_worker_process(monkeypatch):
    monkeypatch.setattr(forking.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forking.multiprocessing, "parent_process", lambda: object())
    assert forking.fork_workers(10) == 0


def test_results_come_in_order_whoever_computes_them(monkeypatch):
    monkeypatch.setattr(forking, "fork_workers", lambda pieces: 0)
    assert list(forking.ordered_map(_square, 0, 7)) == [i * i for i in range(7)]


@pytest.mark.skipif(not HAS_FORK, reason="no fork here")
def test_forked_workers_return_results_in_order():
    # in a fresh interpreter: threads left by other tests would rightly stop the forking here
    code = """
from sim.output import forking
from tests.conftest import ROOT
from tests.output.test_forking import _square
forking.os.cpu_count = lambda: 2
assert forking.fork_workers(25) == 2
assert list(forking.ordered_map(_square, 10, 25, window=1)) == [10 + i * i for i in range(25)]
print("ok")
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip() == "ok", out.stderr


def test_a_broken_pool_leaves_the_rest_to_this_process(monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    class Breaks:
        """A pool whose third piece finds its worker dead."""

        def __init__(self, *a, **k):
            self.n = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, fn, i):
            from concurrent.futures import Future

            fut = Future()
            if i == 2:
                fut.set_exception(BrokenProcessPool("a worker died"))
            else:
                fut.set_result(fn(i))
            return fut

    monkeypatch.setattr(forking, "fork_workers", lambda pieces: 2)
    monkeypatch.setattr(forking, "ProcessPoolExecutor", Breaks)
    assert list(forking.ordered_map(_square, 0, 6, window=1)) == [i * i for i in range(6)]


def test_an_error_in_the_work_itself_is_raised(monkeypatch):
    def bad(data, i):
        raise ValueError(f"piece {i}")

    monkeypatch.setattr(forking, "fork_workers", lambda pieces: 0)
    with pytest.raises(ValueError, match="piece 0"):
        list(forking.ordered_map(bad, None, 3))


def test_no_fork_off_linux(monkeypatch):
    monkeypatch.setattr(forking.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forking.sys, "platform", "darwin")
    assert forking.fork_workers(10) == 0
