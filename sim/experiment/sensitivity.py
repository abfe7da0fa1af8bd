"""Global sensitivity analysis: which of the model's assumptions drive a KPI.

A sweep changes one or two keys over a grid; a sensitivity analysis moves many uncertain inputs
(:mod:`sim.experiment.assumptions`: by default every estimated assumption of the scenario and its
data, each over its range) at once and attributes the KPI's variation to them, with SALib:

- **Morris screening** (elementary effects, ``method="morris"``) for many inputs: ``r``
  trajectories of ``k + 1`` points each, one input moved per step. ``mu*`` (the mean absolute
  effect of moving an input across its range) ranks the inputs; ``sigma`` (the spread of the
  effects) says whether an input acts through interactions or curvature.
- **Sobol indices** (Saltelli sampling, ``method="sobol"``) for a few: ``N (k + 2)`` points give
  each input's first-order share ``S1`` of the KPI's variance and its total share ``ST``
  (interactions included).

Every point of the design is simulated with the same seeds (common random numbers: two points
differ by their inputs, not by their luck) and ``replications`` times, and the indices are
computed on the mean over the replications. The noise is kept apart from the effect in two ways:
the intervals are bootstrap percentile intervals that resample both the design (trajectories or
Saltelli blocks) and the replications, and every KPI carries the index that replication noise
alone would produce (``noise``: for Morris the ``mu*`` of the within-point deviations, scaled to
a mean of ``replications`` runs, through the same design; for Sobol the share of a single run's
variance that is within a point). An input whose ``mu*`` interval lies above the noise is one
the data can tell apart from nothing.

The runs go through the executor of every experiment (:func:`sim.experiment.executor.execute`:
a local process pool or a Dask cluster), each into its own folder
``<out>/<scenario>/sensitivity-<method>-<hash>-<root seed>/points/p0000/rep-000``; the design
is fixed by the root seed, so an interrupted analysis launched again skips the finished runs.
The folder receives ``sensitivity.csv`` (tidy: one row per KPI and input), ``sensitivity.json``
(the inputs, the design's size, the indices), ``design.csv`` (the inputs' values at every
point) and ``sensitivity.svg`` (:mod:`sim.output.sensitivity_figure`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import ScenarioError, UsageError
from sim.experiment.assumptions import DECLARED, Input, with_base
from sim.experiment.executor import execute
from sim.experiment.progress import BarWords
from sim.experiment.provenance import build
from sim.experiment.statistics import complete, flatten, near_kpis
from sim.experiment.sweep_grid import on_key_path
from sim.experiment.tasks import Task
from sim.output.saying import said
from sim.problems import problem as said_problem
from sim.scenario import apply_overrides
from sim.world.inputs import validate_data
from sim.world.random_streams import replication_seeds

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
METHODS = ("morris", "sobol")
DEFAULT_KPIS = (
    "on_time.by_category.festival_goods.share",
    "lead_time_days.by_mode.rail.mean",
    "lead_time_days.overall.mean",
)
"""KPIs analysed when none is named (those the scenario does not produce are left out)."""
CLOSURE_KPIS = ("closure.held_max", "closure.days_to_clear", "closure.caught_delay_days_mean",
                "closure.rerouted_trains")  # fmt: skip
"""KPIs of a border closure, worked out from each run's tables after the run
(:func:`sim.output.disruption.closure_effects`): trains held at the closed crossings at the
worst point, days from the reopening until the queue is back to its level before, the extra
wait of the Yiwu trains caught, trains that took a detour. They need the runs' tables, so an
analysis that names one keeps them."""
BOOTSTRAP = 200
"""Bootstrap resamples behind every interval."""
COLUMNS = ["method", "kpi", "input", "rank", "mu_star", "mu_star_low", "mu_star_high", "mu",
           "sigma", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "noise",
           "above_noise"]  # fmt: skip
"""The tidy table's columns (those of the other method are empty)."""


@dataclass(frozen=True)
class Design:
    """What to sample: the method and its size."""

    method: str = "morris"
    trajectories: int = 10
    """Morris: trajectories ``r`` (``r (k + 1)`` points)."""
    levels: int = 4
    """Morris: grid levels of each input's range."""
    samples: int = 64
    """Sobol: base samples ``N`` (a power of two; ``N (k + 2)`` points)."""
    replications: int = 2

    def __post_init__(self) -> None:
        problems, options = [], []
        if self.method not in METHODS:
            options.append("--method")
            problems.append(f"--method {self.method!r}: choose one of {', '.join(METHODS)}")
        if self.trajectories < 2:
            options.append("--trajectories")
            problems.append(f"--trajectories {self.trajectories}: at least 2")
        if self.levels < 2 or self.levels % 2:
            options.append("--levels")
            problems.append(f"--levels {self.levels}: an even number, at least 2")
        if self.samples < 2 or self.samples & (self.samples - 1):
            options.append("--samples")
            problems.append(f"--samples {self.samples}: a power of two (Sobol sequences), >= 2")
        if self.replications < 1:
            options.append("--replications")
            problems.append(f"--replications {self.replications}: at least 1")
        if problems:
            # headed with the options at fault ("invalid --levels: 1 problem"): the head
            # "invalid scenario sensitivity" named neither a scenario nor what was wrong
            raise ScenarioError(problems, ", ".join(options))


@dataclass
class SensitivityResult:
    """The indices of every KPI and input, and where the runs are."""

    design: Design
    inputs: list[Input]
    kpis: list[str]
    rows: list[dict[str, Any]]
    folder: Path
    points: int
    runs: int
    computed: int
    seeds: list[int]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            **build([]),  # (a policy of the user's own: its hash is in the runs' manifests)
            "method": self.design.method,
            "design": {
                "trajectories": self.design.trajectories,
                "levels": self.design.levels,
                "samples": self.design.samples,
                "points": self.points,
                "replications": self.design.replications,
                "runs": self.runs,
                "seeds": self.seeds,
            },
            "bootstrap": {"resamples": BOOTSTRAP, "confidence": 0.95},
            "inputs": [i.to_json() for i in self.inputs],
            "kpis": self.kpis,
            "indices": self.rows,
            "notes": self.notes,
        }


# --------------------------------------------------------------------------- the design


def problem(inputs: list[Input]) -> dict[str, Any]:
    """The SALib problem of the inputs (names and ranges)."""
    return {"num_vars": len(inputs), "names": [i.name for i in inputs],
            "bounds": [[i.low, i.high] for i in inputs]}  # fmt: skip


def design_points(inputs: list[Input], design: Design) -> int:
    """The points of the design: ``r (k + 1)`` for Morris, ``N (k + 2)`` for Sobol."""
    k = len(inputs)
    return design.trajectories * (k + 1) if design.method == "morris" else design.samples * (k + 2)


def check_size(inputs: list[Input], design: Design) -> None:
    """Refuse, before the design is sampled, one of more runs than an experiment may hold
    (:data:`sim.experiment.collect.MAX_RUNS`): ``--trajectories 100000000`` sampled for minutes
    and took all the memory before the first run, saying nothing.

    Raises
    ------
    UsageError
        Naming the option, its value, the runs it makes and the limit.
    """
    from sim.experiment.collect import MAX_RUNS

    runs = design_points(inputs, design) * design.replications
    if runs > MAX_RUNS:
        option, n = (("--trajectories", design.trajectories) if design.method == "morris"
                     else ("--samples", design.samples))  # fmt: skip
        raise UsageError(said("err:too_many_design_runs", option=option, n=n,
                              points=f"{design_points(inputs, design):,}", k=len(inputs),
                              reps=design.replications, runs=f"{runs:,}",
                              most=f"{MAX_RUNS:,}"))  # fmt: skip


def sample(inputs: list[Input], design: Design, seed: int) -> np.ndarray:
    """The design's points (one row per point, one column per input)."""
    if len(inputs) < 2:
        names = ", ".join(i.name for i in inputs) or "-"
        raise UsageError(said("res:sens_two", n=len(inputs), names=names))
    prob = problem(inputs)
    rng_seed = seed % 2**32
    if design.method == "morris":
        from SALib.sample import morris

        return np.asarray(morris.sample(prob, design.trajectories, num_levels=design.levels,
                                        seed=rng_seed))  # fmt: skip
    from SALib.sample import sobol

    return np.asarray(sobol.sample(prob, design.samples, calc_second_order=False, seed=rng_seed))


def _folder_name(inputs: list[Input], design: Design, base: dict[str, Any], root: int) -> str:
    """``sensitivity-<method>-<hash>-<root seed>``: the hash covers the scenario, the inputs and
    the design's size (not the replications: more of them later reuse the runs made before)."""
    spec = {"inputs": [i.to_json() for i in inputs], "method": design.method,
            "r": design.trajectories, "levels": design.levels, "N": design.samples,
            "base": base}  # fmt: skip
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    return f"sensitivity-{design.method}-{digest[:8]}-{root}"


# --------------------------------------------------------------------------- the analysis


def closure_window(sc: Any) -> tuple[set[str], tuple[float, float]] | None:
    """The crossings a scenario closes (node disruptions whose kept servers round to none:
    :meth:`sim.scenario.Disruption.closes`) and the closure's (start, reopening) in clock
    hours; None when it closes none."""
    closed = [d for d in sc.disruptions if d.closes(sc.logistics.servers_at(d.id))]
    if not closed:
        return None
    start = min(d.start for d in closed)
    end = max(d.end for d in closed)
    hours = (float((start - sc.start).days * 24), float(((end - sc.start).days + 1) * 24))
    return {d.id for d in closed}, hours


def closure_kpis(folder: Path, sc: Any) -> dict[str, float | None]:
    """:data:`CLOSURE_KPIS` of one run folder (its trains and borders tables)."""
    from sim.output.disruption import closure_effects
    from sim.output.results import load_run

    window = closure_window(sc)
    assert window is not None
    run = load_run(folder)
    fx = closure_effects(run.tables, window[0], window[1], normal_from_h=sc.warmup_days * 24.0)
    return {k: (None if fx[k.split(".")[1]] is None else float(fx[k.split(".")[1]]))
            for k in CLOSURE_KPIS}  # fmt: skip


def _kpi_values(summaries: list[dict[str, Any]], kpi: str) -> np.ndarray:
    """Each run's value of ``kpi``: NaN where a run has none, 0 for a count of a group the run
    had none of (:func:`sim.experiment.statistics.complete`)."""
    vals = [f.get(kpi) for f in complete([flatten(s) for s in summaries])]
    return np.asarray([np.nan if v is None else v for v in vals], dtype=float)


def _morris(x: np.ndarray, y: np.ndarray, prob: dict[str, Any], levels: int) -> dict[str, Any]:
    from SALib.analyze import morris

    if np.ptp(y) == 0:  # constant output: no effect at all (SALib would divide by zero)
        zeros = np.zeros(prob["num_vars"])
        return {"mu_star": zeros, "mu": zeros, "sigma": zeros}
    res = morris.analyze(prob, x, y, num_resamples=2, num_levels=levels, seed=1)
    return {k: np.asarray(res[k], dtype=float) for k in ("mu_star", "mu", "sigma")}


def _sobol(y: np.ndarray, prob: dict[str, Any]) -> dict[str, Any]:
    from SALib.analyze import sobol

    if np.ptp(y) == 0:
        zeros = np.zeros(prob["num_vars"])
        return {"S1": zeros, "ST": zeros}
    res = sobol.analyze(prob, y, calc_second_order=False, num_resamples=2, seed=1)
    return {k: np.asarray(res[k], dtype=float) for k in ("S1", "ST")}


def analyse(
    x: np.ndarray, y: np.ndarray, inputs: list[Input], design: Design, seed: int
) -> dict[str, Any]:
    """Indices of one KPI with bootstrap intervals and the noise index.

    Parameters
    ----------
    x
        The design (points x inputs).
    y
        The KPI at every point and replication (points x replications), no missing values.

    Returns
    -------
    dict
        Per index name an array over the inputs, ``<name>_low`` / ``<name>_high`` the 95 %
        bootstrap interval, and ``noise``.
    """
    prob = problem(inputs)
    k = len(inputs)
    block = k + 1 if design.method == "morris" else k + 2
    blocks = x.shape[0] // block
    reps = y.shape[1]

    def indices(rows: np.ndarray, cols: np.ndarray) -> dict[str, Any]:
        xb, yb = x[rows], y[np.ix_(rows, cols)].mean(axis=1)
        if design.method == "morris":
            return _morris(xb, yb, prob, design.levels)
        return _sobol(yb, prob)

    everything = np.arange(x.shape[0])
    out = indices(everything, np.arange(reps))
    rng = np.random.default_rng(seed)
    draws: dict[str, list[np.ndarray]] = {name: [] for name in out}
    for _ in range(BOOTSTRAP):
        chosen = np.asarray(rng.integers(0, blocks, size=blocks))
        rows = (chosen[:, None] * block + np.arange(block)[None, :]).ravel()
        cols: np.ndarray = np.asarray(rng.integers(0, reps, size=reps))
        for name, v in indices(rows, cols).items():
            draws[name].append(v)
    for name in list(out):
        stack = np.vstack(draws[name])
        out[f"{name}_low"] = np.percentile(stack, 2.5, axis=0)
        out[f"{name}_high"] = np.percentile(stack, 97.5, axis=0)
    out["noise"] = _noise(x, y, prob, design)
    return out


def _noise(x: np.ndarray, y: np.ndarray, prob: dict[str, Any], design: Design) -> np.ndarray:
    """The index replication noise alone produces, per input (module docstring); NaN with one
    replication.

    Morris: one replication's deviation from its point's mean, scaled to the noise of a mean of
    ``replications`` runs, through the same design. The same replication at every point keeps
    the pairing of the common random numbers, so an input that leaves the random streams
    aligned (a truck speed) has a low noise floor and one that shifts them (the number of
    orders) a high one. Sobol: the share of a single run's variance that is within a point (the
    same for every input).
    """
    reps, k = y.shape[1], prob["num_vars"]
    if reps < 2:
        return np.full(k, np.nan)
    if design.method == "morris":
        dev = (y[:, 0] - y.mean(axis=1)) / math.sqrt(reps - 1)
        return np.asarray(_morris(x, dev, prob, design.levels)["mu_star"], dtype=float)
    total = float(y.var(ddof=1))
    share = float(y.var(axis=1, ddof=1).mean() / total) if total > 0 else 0.0
    return np.full(k, share)


def tidy_rows(kpi: str, found: dict[str, Any], inputs: list[Input], method: str) -> list[dict]:
    """One row per input for one KPI, ranked by mu* (Morris) or ST (Sobol)."""
    key = "mu_star" if method == "morris" else "ST"
    order = np.argsort(-np.asarray(found[key]), kind="stable")
    rank = {int(i): r + 1 for r, i in enumerate(order)}
    noise = found["noise"]
    rows = []
    for j, inp in enumerate(inputs):
        row: dict[str, Any] = {c: None for c in COLUMNS}
        row.update(method=method, kpi=kpi, input=inp.name, rank=rank[j], noise=_r(noise[j]))
        for name in ("mu_star", "mu", "sigma", "S1", "ST"):
            if name in found:
                row[name] = _r(found[name][j])
            for end in ("low", "high"):
                if f"{name}_{end}" in found:
                    row[f"{name}_{end}"] = _r(found[f"{name}_{end}"][j])
        if method == "morris" and row["noise"] is not None:
            row["above_noise"] = bool(found["mu_star_low"][j] > noise[j])
        elif method == "sobol":
            row["above_noise"] = bool(found["ST_low"][j] > 0)
        rows.append(row)
    return sorted(rows, key=lambda r: r["rank"])


def _input_of(p: str, inputs: list[Input]) -> Input | None:
    """The ``--vary`` input whose key the point's problem ``p`` is about (at that key, below
    it or at a part of its path: the misspelt ``buyers.nothere`` of ``buyers.nothere.x``),
    None for a problem of another key, of an input the scenario estimates, or one that names
    its option already."""
    where = getattr(p, "where", None)
    if not where or where.startswith("--"):
        return None
    where = re.sub(r"\[(\d+)\]", r".\1", where)  # categories[0].share: as --vary writes it
    for i in inputs:
        if i.basis == DECLARED and any(on_key_path(where, k) for k in i.paths):
            return i
    return None


def _declared(i: Input) -> str:
    """An input as ``--vary`` declared it: ``key=LO..HI`` (``key=*LO..HI``, a factor)."""
    star = "*" if i.scale == "factor" else ""
    return f"{i.name}={star}{i.low:g}..{i.high:g}"


def _r(v: Any) -> float | None:
    if v is None or not math.isfinite(float(v)):
        return None
    return float(f"{float(v):.6g}")


# --------------------------------------------------------------------------- running it


def run_sensitivity(
    base: dict[str, Any],
    inputs: list[Input],
    design: Design,
    kpis: list[str] | None = None,
    *,
    source: str = "scenario",
    out: str | Path = "results",
    root_seed: int | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | BarWords = False,
    force: bool = False,
    fmt: str = "parquet",
    summaries_only: bool = True,
    lang: str = "en",
) -> SensitivityResult:
    """Sample the inputs, simulate every point ``design.replications`` times with common random
    numbers, and write the indices (module docstring).

    ``base`` is the resolved scenario as a mapping (the inputs' key paths refer to it).
    Every point is validated before any run starts. ``lang`` is the language of the words in
    ``sensitivity.svg`` (``en`` or ``zh``); the tables and the JSON are the same in both.
    """
    first = validate_data(base, source)
    inputs = with_base(inputs, first)  # a factor declared as KEY=*LO..HI: on this value
    root = first.seed if root_seed is None else root_seed
    closure = [k for k in (kpis or []) if k.startswith("closure.")]
    if closure:
        unknown = [k for k in closure if k not in CLOSURE_KPIS]
        if unknown:
            raise UsageError(f"--kpi {unknown[0]!r}: closure KPIs are {', '.join(CLOSURE_KPIS)}")
        if closure_window(first) is None:
            raise UsageError("closure KPIs need a scenario that closes a border crossing (a node "
                           "disruption with servers_factor: 0)")  # fmt: skip
        summaries_only = False  # they are worked out from each run's tables
    check_size(inputs, design)
    x = sample(inputs, design, root)
    scenarios: list[Any] = []
    failed: dict[str, list[str]] = {}  # each problem once, with the points it concerns
    bad = 0  # rows refused (a Morris design may visit one point twice)
    # the inputs' keys are set as --vary named them (the estimated ones as a --set would be)
    option = "--vary" if any(i.basis == DECLARED for i in inputs) else "--set"
    for row in x:
        overrides = [o for inp, v in zip(inputs, row, strict=True) for o in inp.overrides(v)]
        try:
            scenarios.append(validate_data(apply_overrides(base, overrides, option), source))
        except ScenarioError as exc:
            # the point as key=value, not as a Python dict
            point = ", ".join(f"{i.name}={_r(v)}" for i, v in zip(inputs, row, strict=True))
            bad += 1
            for p in exc.problems[:3]:
                failed.setdefault(p, []).append(point)
            if len(failed) > 20:
                break
    if failed:
        # a misspelt --vary key fails at every point: said once, not twenty times; a problem
        # of a --vary key (unknown, or a value outside what it allows) names that --vary
        problems = [
            said_problem("scn:vary_input", vary=_declared(i), why=p)
            if (i := _input_of(p, inputs)) is not None
            else p if len(where) == bad == len(x)
            else said_problem("scn:at_point", point="; ".join(where[:3])
                              + (f" (+{len(where) - 3})" if len(where) > 3 else ""), text=p)
            for p, where in failed.items()
        ]  # fmt: skip
        ours = all(str(p).startswith("--vary") for p in problems)
        raise ScenarioError(problems, "--vary" if ours else source)
    folder = Path(out) / first.name / _folder_name(inputs, design, base, root)
    seeds = replication_seeds(root, design.replications)
    tasks = [
        Task(sc, seed, folder / "points" / f"p{p:04d}" / f"rep-{r:03d}", fmt, summaries_only)
        for p, sc in enumerate(scenarios)
        for r, seed in enumerate(seeds)
    ]
    run: dict[str, Any] = {"jobs": jobs, "scheduler": scheduler, "progress": progress,
                           "force": force, "label": "sensitivity"}  # fmt: skip
    # the first run alone first: a KPI the scenario does not produce is reported before the
    # other runs are spent
    head, computed = execute(tasks[:1], **{**run, "progress": False})
    named = list(kpis) if kpis else list(DEFAULT_KPIS)
    produced = flatten(head[0]) | {k: 0.0 for k in CLOSURE_KPIS if closure}
    unknown = [k for k in named if k not in produced]
    if kpis and unknown:
        close = near_kpis(unknown[0], produced)
        raise UsageError(f"--kpi {unknown[0]!r} is not a KPI of summary.json"
                       + (f"; close: {', '.join(close)}" if close else ""))  # fmt: skip
    rest, more = execute(tasks[1:], **run)
    summaries, computed = head + rest, computed + more
    reps = design.replications
    if closure:  # the closure's figures from each run's own tables, beside its summary
        summaries = [{**s, "closure": {k.split(".")[1]: v for k, v in
                                       closure_kpis(t.folder, t.scenario).items()}}
                     for s, t in zip(summaries, tasks, strict=True)]  # fmt: skip
    notes: list[str] = []
    if unknown:
        notes.append(f"not produced by this scenario, left out: {', '.join(unknown)}")
    analysed = []
    rows: list[dict[str, Any]] = []
    for kpi in (k for k in named if k not in unknown):
        y = _kpi_values(summaries, kpi).reshape(len(scenarios), reps)
        if np.isnan(y).any():
            missing = said("res:sens_no_value", n=int(np.isnan(y).sum()))  # (1 run, 2 runs)
            notes.append(f"{kpi}: {missing}")
            continue
        analysed.append(kpi)
        rows.extend(tidy_rows(kpi, analyse(x, y, inputs, design, root), inputs, design.method))
    result = SensitivityResult(design, inputs, analysed, rows, folder, len(scenarios),
                               len(tasks), computed, seeds, notes)  # fmt: skip
    write_outputs(result, x, lang)
    return result


def write_outputs(result: SensitivityResult, x: np.ndarray, lang: str = "en") -> None:
    """``sensitivity.csv``, ``sensitivity.json``, ``design.csv`` and ``sensitivity.svg`` (its
    words in ``lang``)."""
    from sim.output.sensitivity_figure import sensitivity_svg

    folder = result.folder
    folder.mkdir(parents=True, exist_ok=True)
    _atomic_csv(folder / "sensitivity.csv", COLUMNS, result.rows)
    names = [i.name for i in result.inputs]
    design_rows = [{"point": p, **{n: _r(v) for n, v in zip(names, row)}} for p, row in
                   enumerate(x)]  # fmt: skip
    _atomic_csv(folder / "design.csv", ["point", *names], design_rows)
    tmp = folder / ".sensitivity.json.tmp"
    tmp.write_text(json.dumps(result.to_json(), indent=2) + "\n", encoding="utf-8")
    tmp.replace(folder / "sensitivity.json")
    tmp = folder / ".sensitivity.svg.tmp"
    tmp.write_text(sensitivity_svg(result.to_json(), lang), encoding="utf-8")
    tmp.replace(folder / "sensitivity.svg")


def _atomic_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows({k: ("" if r.get(k) is None else r.get(k)) for k in columns} for r in rows)
    tmp.replace(path)
