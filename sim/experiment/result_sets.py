"""The results of an experiment, as objects and as files of its folder: a replication set
(:class:`ReplicationSet`: N runs of one scenario and every KPI's 95 % interval), a comparison
(:class:`Comparison`: scenarios run on the same seeds, with paired differences against the
first) and a sweep (:class:`Sweep`: a grid of points, each a replication set); their tidy rows
and data frames, each replication's KPIs for ``kpis.parquet``, and JSON files written
atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import SimError
from sim.experiment.collect import KPI_TABLE, RunKPIs, kpi_table, write_kpi_table
from sim.experiment.provenance import build
from sim.experiment.statistics import aggregate
from sim.output.jsonio import json_text
from sim.scenario import Scenario

SCHEMA_VERSION = 1


def _tidy(label: dict[str, Any], agg: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**label, "kpi": k, **v} for k, v in agg.items()]


def _dataframe(rows: list[dict[str, Any]]) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise SimError(
            "to_dataframe() needs pandas, which is not installed: pip install 'yiwu-sim[analysis]'"
        ) from None
    return pd.DataFrame(rows)


def comparison_labels(scenarios: Sequence[Scenario]) -> list[str]:
    """A unique key per compared scenario: its name, or ``<position>-<name>`` for every
    scenario whose name another one shares (two files may both be called ``base``), so no
    scenario's results are merged into another's."""
    names = [sc.name for sc in scenarios]
    return [n if names.count(n) == 1 else f"{k}-{n}" for k, n in enumerate(names)]


@dataclass
class ReplicationSet:
    """N replications of one scenario and the interval of every KPI."""

    scenario: Scenario
    seeds: list[int]
    summaries: list[dict[str, Any]]
    folder: Path
    computed: int
    precision: dict[str, Any] | None = None
    """How the number of replications was reached (:func:`sim.experiment.precision.report`),
    when it was not fixed."""
    aggregate: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.aggregate = aggregate(self.summaries)

    @property
    def skipped(self) -> int:
        """Runs that were already complete and not recomputed."""
        return len(self.seeds) - self.computed

    def to_json(self) -> dict[str, Any]:
        out = {
            "schema_version": SCHEMA_VERSION,
            **build([self.scenario]),
            "scenario": self.scenario.name,
            "replications": len(self.seeds),
            "seeds": self.seeds,
            "statistics_from_day": self.scenario.warmup_days,
            "confidence": 0.95,
            "kpis": self.aggregate,
        }
        if self.precision is not None:
            out["precision"] = self.precision
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows: one per KPI, with n, mean, sd and the 95 % interval."""
        return _tidy({"scenario": self.scenario.name}, self.aggregate)

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (needs pandas)."""
        return _dataframe(self.rows())

    def runs(self, label: str | None = None, parameters: dict[str, Any] | None = None,
             prefix: str = "") -> list[RunKPIs]:  # fmt: skip
        """Each replication's KPIs, for the per-replication table (``kpis.parquet``)."""
        return [
            RunKPIs(
                f"{prefix}rep-{i:03d}",
                label or self.scenario.name,
                seed,
                i,
                summary,
                dict(parameters or {}),
            )
            for i, (seed, summary) in enumerate(zip(self.seeds, self.summaries))
        ]


@dataclass
class Comparison:
    """Scenarios run with the same seeds, and paired differences against the first."""

    sets: list[ReplicationSet]
    differences: dict[str, dict[str, dict[str, Any]]]
    folder: Path
    labels: list[str] = field(default_factory=list)
    """One unique key per scenario (its name, or ``<k>-<name>`` when names repeat)."""
    precision: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not self.labels:
            self.labels = comparison_labels([s.scenario for s in self.sets])

    def to_json(self) -> dict[str, Any]:
        out = {
            "schema_version": SCHEMA_VERSION,
            **build([s.scenario for s in self.sets]),
            "baseline": self.labels[0],
            "scenarios": self.labels,
            "replications": len(self.sets[0].seeds),
            "seeds": self.sets[0].seeds,
            "confidence": 0.95,
            "kpis": {label: s.aggregate for label, s in zip(self.labels, self.sets)},
            "paired_differences": self.differences,
        }
        if self.precision is not None:
            out["precision"] = self.precision
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows: one per (scenario, KPI), with the paired difference against the baseline."""
        out = []
        for label, s in zip(self.labels, self.sets):
            diffs = self.differences.get(label, {})
            for row in s.rows():
                d = diffs.get(row["kpi"], {})
                out.append({**row, "scenario": label, "diff_mean": d.get("mean"),
                            "diff_ci_low": d.get("ci_low"), "diff_ci_high": d.get("ci_high"),
                            "distinguishable": d.get("distinguishable")})  # fmt: skip
        return out

    def to_dataframe(self) -> Any:
        return _dataframe(self.rows())

    def runs(self) -> list[RunKPIs]:
        """Every replication of every scenario, labelled by scenario."""
        return [
            r
            for label, s in zip(self.labels, self.sets)
            for r in s.runs(label, prefix=f"{s.folder.name}/")
        ]


@dataclass
class Sweep:
    """A full-factorial grid of parameter values, each point with its replications."""

    parameters: list[str]
    points: list[dict[str, Any]]
    sets: list[ReplicationSet]
    folder: Path
    precision: dict[str, Any] | None = None
    differences: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Each later point (``key=value, ...``) against the first, paired by replication, for the
    report's KPIs: ``sweep.json``'s ``paired_differences``."""

    def rows(self) -> list[dict[str, Any]]:
        """Tidy rows: one per (point, KPI), the point's parameter values as columns."""
        out = []
        for i, (point, s) in enumerate(zip(self.points, self.sets)):
            out.extend(_tidy({"point": i, **point}, s.aggregate))
        return out

    def to_dataframe(self) -> Any:
        return _dataframe(self.rows())

    def runs(self) -> list[RunKPIs]:
        """Every replication at every point, with the point's parameter values."""
        return [
            r
            for point, s in zip(self.points, self.sets)
            for r in s.runs(parameters=point, prefix=f"{s.folder.name}/")
        ]


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json_text(data), encoding="utf-8")  # strict JSON: NaN, inf as null
    tmp.replace(path)


def _write_kpis(folder: Path, runs: list[RunKPIs], parameters: list[str], fmt: str) -> None:
    """The per-replication KPI table of an experiment, beside its JSON files."""
    write_kpi_table(kpi_table(runs, parameters), folder / f"{KPI_TABLE}.{fmt}")
