"""One run, the way every experiment runs one: simulate a scenario with a seed and write its
results folder. The command line's ``run`` and each replication of a set, comparison or sweep go
through here, so a single run is a replication like any other."""

from __future__ import annotations

from pathlib import Path

from sim.model import Model
from sim.output.results import RunWriter
from sim.results.run import RunResult
from sim.scenario import Scenario
from sim.world.network import Network


def simulate(
    scenario: Scenario,
    seed: int | None,
    argv: list[str] | None = None,
    network: Network | None = None,
) -> RunResult:
    """One replication of ``scenario`` (its own seed when ``seed`` is None), on ``network``
    (default: the shipped one)."""
    return Model(scenario, seed=seed, network=network).run(argv=argv)


def run_and_write(
    scenario: Scenario,
    seed: int | None,
    folder: Path,
    *,
    force: bool = False,
    fmt: str = "parquet",
    argv: list[str] | None = None,
) -> RunResult:
    """Simulate and write the run folder atomically; returns the run."""
    return simulate_into(RunWriter(folder, force=force, fmt=fmt), scenario, seed, argv)


def simulate_into(
    writer: RunWriter, scenario: Scenario, seed: int | None, argv: list[str] | None = None
) -> RunResult:
    """Simulate and write with ``writer``: the orders table is written while the summary is
    worked out (nothing is left behind if either fails); returns the run."""
    try:
        model = Model(scenario, seed=seed)
        writer.describe(model.scenario, model.seed)  # the tables' metadata names the run
        result = model.run(argv=argv, on_tables=writer.start)
    except BaseException:
        writer.abort()
        raise
    writer.finish(result)
    return result
