"""Worker processes that die with their parent.

Each worker of an experiment's pool (:mod:`sim.experiment.workers`) asks the Linux kernel for
SIGKILL when the process that started it ends (``prctl(PR_SET_PDEATHSIG)``,
:func:`die_with_parent`), so a ``kill -9`` of the command leaves no replication worker running
on, writing into a results folder nobody will finish.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

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
