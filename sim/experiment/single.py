"""One run, the way every experiment runs one: simulate a scenario with a seed and write its
results folder. The command line's ``run`` and each replication of a set, comparison or sweep go
through here, so a single run is a replication like any other."""

from __future__ import annotations

from pathlib import Path

from sim.errors import SimError
from sim.model import Model
from sim.output.results import RunWriter
from sim.results.run import RunResult
from sim.scenario import Scenario, registry
from sim.world.network import Network


def simulate(
    scenario: Scenario,
    seed: int | None,
    argv: list[str] | None = None,
    network: Network | None = None,
) -> RunResult:
    """One replication of ``scenario`` (its own seed when ``seed`` is None), on ``network``
    (default: the shipped one)."""
    try:
        return Model(scenario, seed=seed, network=network).run(argv=argv)
    except Exception as exc:
        _blame_user_policy(scenario, exc)
        raise


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
    except BaseException as exc:
        writer.abort()
        if isinstance(exc, Exception):
            _blame_user_policy(scenario, exc)
        raise
    writer.finish(result)
    return result


def _blame_user_policy(scenario: Scenario, exc: Exception) -> None:
    """Raise a :class:`SimError` naming the policy when ``exc`` came from a policy the user
    wrote (a plug-in class, or one registered from Python): the user's code failed, not the
    model, so the command says so in one line (a plain message: it travels back from a worker
    process too). Anything else is left to propagate as it is."""
    message = registry.failed_policy(scenario, exc)
    if message is not None:
        raise SimError(message) from exc
