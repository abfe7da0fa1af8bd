"""The ``yiwu-sim`` command's process: set up before NumPy is imported, then the command line.

NumPy advises the kernel to back each large array with 2 MB transparent huge pages. Where Linux
runs transparent huge pages in ``madvise`` mode with direct compaction (the default of many
distributions, and of the machines this project is measured on), every fresh array of the run
then faults in at the cost of compacting memory: measured 0.8 s of a 5 s full-scale year
(``docs/performance.md``), for no gain, since the model's large arrays are written once and read
a few times. The command line is a process of its own, so it switches the advice off with
NumPy's documented setting ``NUMPY_MADVISE_HUGEPAGE=0`` (read when NumPy is imported; worker
processes inherit it). A value the user has set is kept; importing :mod:`sim` as a library
changes nothing.

The C library's allocator hands large blocks back to the system as soon as they are freed and
maps fresh ones for the next, so every large temporary array of a run (a table's column being
built, a summary's masks) is faulted in page by page again: a full-scale year faulted in about
212,000 pages, 0.4-0.5 s of system time on the development machine. The command asks glibc's
allocator to keep freed memory for reuse instead (``mallopt``: blocks up to 32 MB from its own
heap, which it trims only past 1 GB free at the top; the same settings as the ``MALLOC_*_``
environment variables, which worker processes inherit): 161,000 pages, about 0.1 s less
(``docs/performance.md``). Peak memory is unchanged; a value the user has set is kept, and on
another C library nothing is done.

NumPy's OpenBLAS starts a thread per core when NumPy is imported, which then spin waiting for
matrix work the model never gives them (its one product is of two short vectors, which OpenBLAS
does on the calling thread): on the two-core development machine importing NumPy took 0.16-0.19
CPU-s instead of 0.05-0.11 with one thread (5 runs each; 68 million instructions more).
The command asks for one (``OPENBLAS_NUM_THREADS=1``, read when OpenBLAS loads; worker
processes inherit it); a value the user has set is kept.

The command's start-up (imports, reading the scenario) also runs with Python's cyclic garbage
collector paused, and what it made is then frozen out of the collector's work
(:func:`sim.cli.process._settle`): about 0.05 s of every run's start-up went into collections that
found nothing to free.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

NUMPY_SETTINGS = {"NUMPY_MADVISE_HUGEPAGE": "0", "OPENBLAS_NUM_THREADS": "1"}
"""Environment variables the command sets before NumPy is imported (a value the user has set is
kept): NumPy's huge-page advice off, one OpenBLAS thread."""

KEEP_FREED_MEMORY = {
    "MALLOC_MMAP_THRESHOLD_": (-3, 32 * 1024 * 1024),  # M_MMAP_THRESHOLD: glibc's largest
    "MALLOC_TRIM_THRESHOLD_": (-1, 1024 * 1024 * 1024),  # M_TRIM_THRESHOLD
    "MALLOC_TOP_PAD_": (-2, 64 * 1024 * 1024),  # M_TOP_PAD
}
"""glibc's allocator settings the command runs with: environment variable -> (``mallopt``
parameter, value)."""


def keep_freed_memory() -> None:
    """Ask glibc's allocator to keep freed memory for the run's next arrays (this process,
    through ``mallopt``; worker processes, through the environment they inherit). A setting
    the user made in the environment is kept; elsewhere than glibc nothing changes."""
    import sys

    for key, (_, value) in KEEP_FREED_MEMORY.items():
        os.environ.setdefault(key, str(value))
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # (2 ms; ctypes.util's search for the library would take 10 ms more)

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):  # not one with glibc's mallopt
        return
    for key, (param, _) in KEEP_FREED_MEMORY.items():
        try:
            mallopt(param, int(os.environ[key]))
        except ValueError:  # the user's value is not a number: glibc ignores it too
            continue


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``yiwu-sim`` and ``python -m sim``; returns the exit code."""
    for key, value in NUMPY_SETTINGS.items():  # read when NumPy and its OpenBLAS load
        os.environ.setdefault(key, value)
    keep_freed_memory()
    from sim.cli import main as cli_main

    return cli_main(argv, own_process=True)
