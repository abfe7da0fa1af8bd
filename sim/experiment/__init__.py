"""Experiments: one replication, replication sets, paired comparisons and sweeps, on a local
process pool or a Dask cluster (:mod:`sim.experiment.runs`), with their statistics
(:mod:`sim.experiment.statistics`)."""

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
