"""Experiments: one replication, replication sets, paired comparisons and sweeps, on a local
process pool or a Dask cluster (:mod:`sim.experiment.runs`), with their statistics
(:mod:`sim.experiment.statistics`).

The names below are imported from :mod:`sim.experiment.runs` when first used: ``yiwu-sim run``
needs only :mod:`sim.experiment.single`, and importing the package for it should not cost the
process pool, the progress bar, the statistics and the KPI tables of the experiments (about
20 ms of every run's start-up).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and editors: the names as if imported here
    from sim.experiment.runs import (
        Comparison,
        ReplicationSet,
        Sweep,
        compare,
        parse_vary,
        run_replications,
        sweep,
    )

__all__ = [
    "Comparison",
    "ReplicationSet",
    "Sweep",
    "compare",
    "parse_vary",
    "run_replications",
    "sweep",
]


def __getattr__(name: str) -> Any:
    """``sim.experiment.compare`` and the other public names, from :mod:`sim.experiment.runs`
    on first use (PEP 562); a submodule's name (``sim.experiment.runs``) imports it, as
    importing the package used to."""
    if name in __all__:
        value = getattr(importlib.import_module("sim.experiment.runs"), name)
        globals()[name] = value  # looked up once
        return value
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'sim.experiment' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
