"""The command's own process: its exit codes, the garbage collector paused for its start-up,
and standard output quieted once its reader has gone.

:func:`sim.cli.entry.main` starts (:func:`_start`) and settles (:func:`_settle`) the process;
``yiwu-sim run`` settles it itself once its scenario is read, and in the command's own process
faults in the heap its run will need (:data:`_own_process`).
"""

from __future__ import annotations

import gc
import os
import sys

EXIT_USAGE = 2
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130
EXIT_PIPE_CLOSED = 141
"""The reader of the output went away (``yiwu-sim network | head``): 128 + SIGPIPE, the status
a shell gives a command its pipe's reader left, said silently as such commands do."""


_own_process = False
"""Whether this process is the command's own (:func:`sim.cli.entry.main` with
``own_process``): then it may fault in, on a spare core, the heap a run will need
(:func:`sim.world.memory.pretouch_heap`)."""

_collector_paused = False
"""Whether the cyclic garbage collector is paused for this process's start-up
(:func:`sim.cli.entry.main` with ``own_process``, until :func:`_settle`)."""


def _start(own_process: bool) -> None:
    """The command begins: in its own process (:mod:`sim.command`) its start-up runs with the
    garbage collector paused, until :func:`_settle`; a caller's process (a test, a notebook) is
    left as it is."""
    global _collector_paused, _own_process
    _own_process = own_process
    if own_process and gc.isenabled():
        gc.disable()
        _collector_paused = True


def _settle() -> None:
    """The command's start-up is over: resume the garbage collector, with what start-up made
    frozen out of its work.

    Start-up (the modules, their classes, the scenario schema, the scenario read: about 90,000
    objects, nearly all kept to the end) paid about 0.05 s of collections that found almost
    nothing, and every full collection later would walk them again. So the command's own
    process starts with the collector paused, and here ``gc.freeze`` moves what exists to the
    permanent generation (the few cycles start-up left as garbage, ~3,000 objects, stay) before
    collection resumes for the run itself.
    """
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that flushing what is left of it at exit
    meets no closed pipe again (Python's own advice for SIGPIPE, in the ``signal`` module's
    notes)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a notebook's stream): nothing to do
        return
