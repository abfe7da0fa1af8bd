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

The command's start-up (imports, reading the scenario) also runs with Python's cyclic garbage
collector paused, and what it made is then frozen out of the collector's work
(:func:`sim.cli._settle`): about 0.05 s of every run's start-up went into collections that
found nothing to free.
"""

from __future__ import annotations

import os
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``yiwu-sim`` and ``python -m sim``; returns the exit code."""
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    from sim.cli import main as cli_main

    return cli_main(argv, own_process=True)
