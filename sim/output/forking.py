"""Worker processes of the output and experiment code: forked figure workers, and workers that
die with their parent.

Drawing a report's figures splits into pieces that do not depend on each other
(:func:`ordered_map`). Forked workers inherit what they work on (the figures) without pickling,
and send back bytes, in order. Forking is only used on Linux, in the main process (never inside a
replication's worker: no nested pools), and while this process runs no other thread (forking a
multi-threaded process can deadlock the child); a pool that breaks falls back to doing the rest
here. The output is the same either way. (Results tables no longer need this: Arrow writes them
in C++, faster than the forked formatter of earlier versions.)

Workers die with their parent: each asks the Linux kernel for SIGKILL when the process that
started it ends (``prctl(PR_SET_PDEATHSIG)``, :func:`die_with_parent`), so a ``kill -9`` of the
command leaves no figure worker blocked on a pipe and no replication worker running on; the
experiment pools of :mod:`sim.experiment.runs` use it too.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
D = TypeVar("D")


def fork_workers(pieces: int) -> int:
    """How many forked workers to use for ``pieces`` independent pieces of work: 0 when forking
    is not safe here or would not help (one core, one piece)."""
    if multiprocessing.parent_process() is not None:  # a worker already
        return 0
    # Linux only: macOS has fork, but its system libraries may run threads Python cannot see
    # (Python's documentation calls fork unsafe there)
    if (
        not sys.platform.startswith("linux")
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 0
    if threading.active_count() > 1:
        return 0
    workers = min(pieces, os.cpu_count() or 1)
    return workers if workers >= 2 else 0


PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal a process gets when its parent ends."""


def die_with_parent(parent: int) -> None:
    """Make this (worker) process end when process ``parent`` ends, however it ends.

    Used as the initializer of worker pools. Linux only (elsewhere nothing is done, and a pool
    worker ends when it finds its work queue closed). If the parent is already gone by the time
    the worker starts, the worker leaves at once.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl: nothing to arm
        return
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


_WORK: tuple[Callable[[Any, int], Any], Any] | None = None
"""The work being done, and what it works on: forked workers inherit it (nothing is pickled)."""


def _piece(i: int) -> Any:
    assert _WORK is not None
    fn, data = _WORK
    return fn(data, i)


def ordered_map(fn: Callable[[D, int], T], data: D, pieces: int, window: int = 4) -> Iterator[T]:
    """``fn(data, 0)``, ... ``fn(data, pieces - 1)``, in that order, computed by forked workers
    when :func:`fork_workers` allows, else here.

    Workers inherit ``fn`` and ``data`` through the fork; only the piece's number goes to them,
    and its result comes back. At most ``window`` results per worker wait to be consumed, so a
    slow consumer (a file being written) bounds the memory held.
    """
    global _WORK
    workers = fork_workers(pieces)
    done = 0
    _WORK = (fn, data)
    try:
        if workers:
            try:
                ctx = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=ctx,
                    initializer=die_with_parent,
                    initargs=(os.getpid(),),
                ) as pool:
                    pending: deque[Future[T]] = deque()
                    for i in range(pieces):
                        pending.append(pool.submit(_piece, i))
                        if len(pending) >= window * workers:
                            yield pending.popleft().result()
                            done += 1
                    while pending:
                        yield pending.popleft().result()
                        done += 1
            except (BrokenProcessPool, OSError) as exc:
                log.warning("doing the rest in this process (%s)", exc)
        for i in range(done, pieces):
            yield fn(data, i)
    finally:
        _WORK = None
