"""One replication as a task, and what a worker process does with it.

A :class:`Task` is a scenario, a seed and the folder its run goes to, with the modules of the
user's policies a worker imports first and the command line the run's manifest records
(:func:`experiment_command`). A worker runs it (:func:`_simulate`; :func:`_simulate_and_write`
where the worker writes the folder itself), and :func:`_complete` finds a run folder made
already from the same scenario, seed and build, which a re-launched experiment skips.
"""

from __future__ import annotations

import importlib
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.errors import ResultsError, SimError
from sim.experiment.single import simulate, simulate_into
from sim.model import Model
from sim.output.jsonio import read_json
from sim.output.refresh import refresh_scenario, shown_keys
from sim.output.results import RunWriter, verify_run
from sim.output.saying import said
from sim.results.run import (
    SUMMARY_TABLES,
    TABLES,
    RunResult,
    code_sha256,
    policy_code,
    scenario_hash,
)
from sim.scenario import Scenario, registry

log = logging.getLogger("sim.experiment.runs")  # the experiments' logger: one name to filter


@dataclass(frozen=True)
class Task:
    """One replication to run: a scenario, a seed and the folder it goes to."""

    scenario: Scenario
    seed: int
    folder: Path
    fmt: str = "parquet"
    summaries_only: bool = False
    plugins: tuple[str, ...] | None = None
    """Modules of the user's policies the scenario chooses (registered from Python or named
    ``package.module:Class``; default: found where the task is made): a worker process imports
    them before the run, so the scenario's policy names mean there what they mean here."""

    argv: tuple[str, ...] | None = None
    """The command line that ran the experiment, which the replication's manifest records
    (default: this process's, :func:`experiment_command`; a worker's own is not it)."""

    def __post_init__(self) -> None:
        if self.plugins is None:
            object.__setattr__(self, "plugins", tuple(registry.plugin_modules(self.scenario)))
        if self.argv is None:
            object.__setattr__(self, "argv", experiment_command())

    def write(self, result: RunResult) -> None:
        self.writer().finish(result)

    def writer(self) -> RunWriter:
        return RunWriter(self.folder, force=True, fmt=self.fmt, summaries_only=self.summaries_only)


def experiment_command() -> tuple[str, ...]:
    """The command line of this process, as a run's manifest records it: ``yiwu-sim`` and its
    arguments when this is the command (its script, or ``python -m sim``), else ``sys.argv``
    (a script or notebook that called the experiment)."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    if script.name == "yiwu-sim" or (script.name == "__main__.py" and script.parent.name == "sim"):
        return ("yiwu-sim", *sys.argv[1:])
    return tuple(sys.argv)


def _import_plugins(task: Task) -> None:
    """Import the modules of the task's user policies (a no-op where they are imported)."""
    for name in task.plugins or ():
        try:
            importlib.import_module(name)
        except ImportError as exc:  # said from its key: it travels back from the worker whole
            raise SimError(said("res:worker_import", name=repr(name), why=str(exc))) from None


def _simulate(task: Task) -> RunResult:
    """Run one replication (executed in a worker)."""
    _import_plugins(task)
    return simulate(task.scenario, task.seed, list(task.argv or ()))


def _simulate_and_write(task: Task) -> dict[str, Any]:
    """Run one replication and write its folder (in a local worker process, so that writing the
    tables is spread over the workers and the tables never travel back; the orders table is
    written while the summary is worked out); returns its summary."""
    _import_plugins(task)
    return simulate_into(task.writer(), task.scenario, task.seed, list(task.argv or ())).summary


def _complete(task: Task) -> dict[str, Any] | None:
    """The summary of an existing, complete run folder made from the same scenario and seed by
    this build of yiwu-sim (the same ``code_sha256``)."""
    folder = task.folder
    if not folder.exists():
        return None
    try:  # every file present, with the rows and hash its manifest lists: else run it again
        manifest = verify_run(folder)
        summary: dict[str, Any] = read_json(folder / "summary.json")  # bounded size, depth
    except (ResultsError, OSError, ValueError) as exc:
        # said, not done silently: the folder a researcher edited, or a disk damaged, is
        # replaced by the run made again, and the aggregate's runs are not the ones on disk
        log.warning("%s; the run is made again", str(exc).removeprefix("error: "))
        return None
    tables = list(SUMMARY_TABLES if task.summaries_only else TABLES)
    if manifest.get("format", "csv") != task.fmt or manifest.get("tables", list(TABLES)) != tables:
        return None  # made with another --format or --summaries-only: made again as asked
    if manifest.get("code_sha256") != code_sha256():
        # made by another build of yiwu-sim (an upgrade, an edit of the model): its numbers
        # may differ, and an experiment's aggregate never mixes builds; made again (before the
        # scenario's check: another build may resolve the same file with other defaults)
        return None
    if manifest.get("policy_code", {}) != policy_code(task.scenario):
        return None  # made with another version of a user's policy module: made again
    scenario = Model(task.scenario, seed=task.seed).scenario
    if manifest.get("scenario_sha256") != scenario_hash(scenario):
        seed = manifest.get("seed")
        if isinstance(seed, int) and seed != task.seed:  # the same set under another --seed
            raise ResultsError(said("res:other_seed", folder=folder, was=seed, now=task.seed))
        changes = _changes(folder, scenario)
        if changes:  # which settings differ: the reader looked for it in two long files
            raise ResultsError(said("res:other_scenario_in", folder=folder, changes=changes))
        raise ResultsError(said("res:other_scenario", folder=folder))
    # the hash leaves out what only the pages show (a Chinese description, the deadlines left
    # aside): the folder's scenario.yaml, which its reports read, is brought up to date
    # (the text, a YAML round trip in the author's layout, made only for a folder to refresh)
    text = scenario.to_yaml if task.summaries_only else scenario.to_commented_yaml
    shown = shown_keys(scenario.model_dump(mode="json", by_alias=True, exclude_none=True))
    try:
        refresh_scenario(folder, text, shown)
    except OSError as exc:  # the runs stand; only their pages keep the earlier words
        log.warning("%s: scenario.yaml not brought up to date (%s)", folder, exc.strerror)
    return summary


def _changes(folder: Path, scenario: Scenario) -> str:
    """The settings the run in ``folder`` was made with that differ from ``scenario``'s, as a
    comparison's reasons name them (``days: 30 -> 31``; at most three and a count), or "" where
    its scenario.yaml cannot be read."""
    import yaml

    from sim.output.explain_settings import setting_differences

    try:
        was = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return ""
    if not isinstance(was, dict):
        return ""
    now = yaml.safe_load(scenario.to_yaml())  # (read as the saved one is: dates alike)
    return "; ".join(setting_differences(was, now, limit=3))
