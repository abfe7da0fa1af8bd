"""Worker processes that die with their parent (Linux), and nothing else to the module."""

import os
import subprocess
import sys
import textwrap
import time

import pytest

from sim.output import forking
from tests.conftest import ROOT

POOL = textwrap.dedent(
    """
    import os, sys, time
    from concurrent.futures import ProcessPoolExecutor
    from sim.output.forking import die_with_parent

    def sleep(_):
        time.sleep(60)
        return os.getpid()

    # the experiment pools' set-up (sim.experiment.runs): each worker arms die_with_parent
    with ProcessPoolExecutor(2, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(sleep, i) for i in range(2)]
        print("working", flush=True)
        time.sleep(60)
    """
)


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl: Linux only")
def test_pool_workers_die_when_their_parent_is_killed():
    proc = subprocess.Popen(
        [sys.executable, "-c", POOL], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    left: list[int] = []
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "working"
        deadline = time.time() + 30
        workers: list[int] = []
        while time.time() < deadline and len(workers) < 2:
            workers = [w for w in _children(proc.pid) if _alive(w)]
            time.sleep(0.05)
        assert len(workers) >= 2, "the pool started no workers"
        time.sleep(0.3)  # the workers have armed the signal in their initializer
        proc.kill()  # SIGKILL: the parent has no chance to stop its pool
        proc.wait(10)
        deadline = time.time() + 5
        while time.time() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        left = [w for w in workers if _alive(w)]
    finally:
        for w in _children(proc.pid):
            os.kill(w, 9)
        proc.kill()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
    for w in left:  # do not leave them behind even when the test fails
        os.kill(w, 9)
    assert left == [], "pool workers outlived their killed parent"


def test_only_the_worker_set_up_is_left():
    public = {n for n in vars(forking) if not n.startswith("_") and callable(getattr(forking, n))}
    assert "die_with_parent" in public
    assert not {"ordered_map", "fork_workers"} & public  # no callers: removed
