"""One tidy table of KPIs across runs: one row per run and KPI.

A researcher compares hundreds of runs in pandas, polars or R; what they need is one long table
with a row per run and KPI (``lead_time_days.overall.mean`` and every other number of
``summary.json``) and, as columns, what identifies the run: its folder, scenario, seed,
replication and every parameter that differs between the runs. Replication sets, comparisons
and sweeps write such a table (``kpis.parquet``, or ``kpis.csv``) beside ``aggregate.json``;
:func:`collect` (``yiwu-sim collect``) gathers any results folders into one, after checking
every run folder against its manifest.

Runs are counted once: two run folders of the same resolved scenario with the same seed hold
the same numbers (same scenario and seed, identical results; a scenario's name and description
change no number, so a copy of a file under another name is the same scenario), so counting
both would be pseudo-replication and narrow every interval for nothing. This happens when, say, the
replications of ``compare`` and of ``run --replications`` of one scenario are collected
together (both start from the scenario's seed). :func:`collect` reports every such duplicate
and keeps only the first, unless asked to keep them all (``keep_duplicates``).

Which parameters "vary" is read from the runs themselves: every key of the resolved scenarios
(``scenario.yaml``) whose value is not the same in all collected runs becomes a column named by
its key path (``logistics.lines.L01.trains_per_week``), except the seed, which has its own
column, and the name and description, which the ``scenario`` column stands for.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from sim.errors import ResultsError, UsageError
from sim.experiment.statistics import complete, flatten
from sim.output.arrow import PARQUET_OPTIONS
from sim.output.install import _os_error
from sim.output.jsonio import read_json, read_limited
from sim.output.results import check_summary, verify_run
from sim.results.run import FORMATS, NOT_HASHED

log = logging.getLogger(__name__)

KPI_TABLE = "kpis"
"""File stem of the per-replication KPI table an experiment writes (``kpis.parquet``)."""
ID_COLUMNS = ("run", "scenario", "seed", "replication")
"""Columns that identify a run, before the varied parameters and ``kpi``, ``value``."""
NOT_PARAMETERS = {"seed", "name", "description", *NOT_HASHED}
"""Scenario keys that are never parameter columns (the seed and scenario columns stand for
them; a description is prose, and the keys :data:`~sim.results.run.NOT_HASHED` names change no
number: a key added there is left out here too)."""


@dataclass
class RunKPIs:
    """One run's KPIs and what identifies it."""

    run: str
    """The run folder, relative to the experiment (or as given to ``collect``)."""
    scenario: str
    seed: int | None
    replication: int | None
    summary: Mapping[str, Any]
    parameters: dict[str, Any] = field(default_factory=dict)


def flat_scenario(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A resolved scenario as ``{"key.path": value}``; lists (disruptions, fairs) stay one
    value, written as JSON text, and dates as ISO text."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flat_scenario(value, path + "."))
        elif isinstance(value, list):
            out[path] = json.dumps(value, sort_keys=True, default=str)
        elif hasattr(value, "isoformat"):
            out[path] = value.isoformat()
        else:
            out[path] = value
    return out


def varied(scenarios: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The keys of flat scenarios whose value is not the same in all of them, in key order, with
    each scenario's value (None where a scenario has no such key)."""
    keys = sorted({k for s in scenarios for k in s} - NOT_PARAMETERS)
    out = {}
    for k in keys:
        values = [s.get(k) for s in scenarios]
        if any(v != values[0] for v in values[1:]):
            out[k] = values
    return out


def _replication(folder_name: str) -> int | None:
    m = re.fullmatch(r"rep-(\d+)", folder_name)
    return int(m[1]) if m else None


INT64 = (-(2**63), 2**63 - 1)


def parameter_column(key: str) -> str:
    """The column of a parameter in a KPI table: its key path, and for a top-level key (no
    dot) ``scenario.<key>``. Every parameter column thus holds a dot and no id column does
    (``run``, ``scenario``, ``seed``, ``replication``, ``kpi``, ``value``): a sweep over
    ``seed`` gives ``scenario.seed`` beside the run's own ``seed``, never a clash."""
    return key if "." in key else f"scenario.{key}"


def _fits_float(v: Any) -> bool:
    try:
        return math.isfinite(float(v))
    except OverflowError:  # an integer beyond a float
        return False


def _parameter_array(values: list[Any]) -> pa.Array:
    """A parameter column: numbers as numbers (integers as int64, others as float64, when
    every value fits), anything mixed or too large for its column as text."""
    present = [v for v in values if v is not None]
    if all(isinstance(v, bool) for v in present):
        return pa.array(values, type=pa.bool_())
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present) and all(
        INT64[0] <= v <= INT64[1] for v in present
    ):
        return pa.array(values, type=pa.int64())
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present) and all(
        _fits_float(v) for v in present
    ):
        return pa.array([None if v is None else float(v) for v in values], type=pa.float64())
    return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def kpi_table(runs: Sequence[RunKPIs], parameters: Sequence[str] = ()) -> pa.Table:
    """The tidy table of ``runs``: ``run``, ``scenario``, ``seed``, ``replication``, one column
    per parameter (named by :func:`parameter_column`), then ``kpi`` and ``value`` (null where
    a run has no data for a KPI, or its value is not a finite float)."""
    cols: dict[str, list[Any]] = {c: [] for c in (*ID_COLUMNS, "kpi", "value")}
    params: dict[str, list[Any]] = {p: [] for p in parameters}  # apart: a key may be "seed"
    # every run of a scenario (and parameter values) has a row for every KPI any of them has:
    # a count it had none of is 0, anything else it has no data for is null
    groups: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(runs):
        point = json.dumps([r.parameters.get(p) for p in parameters], default=str)
        groups.setdefault((r.scenario, point), []).append(i)
    flats: list[dict[str, float | None]] = [{} for _ in runs]
    for members in groups.values():
        for i, flat in zip(members, complete([flatten(runs[i].summary) for i in members])):
            flats[i] = flat
    for r, flat in zip(runs, flats):
        for kpi in sorted(flat):
            cols["run"].append(r.run)
            cols["scenario"].append(r.scenario)
            cols["seed"].append(r.seed)
            cols["replication"].append(r.replication)
            for p in parameters:
                params[p].append(r.parameters.get(p))
            cols["kpi"].append(kpi)
            value = flat[kpi]
            cols["value"].append(value if value is None or _fits_float(value) else None)
    arrays = {
        "run": pa.array(cols["run"], type=pa.string()).dictionary_encode(),
        "scenario": pa.array(cols["scenario"], type=pa.string()).dictionary_encode(),
        "seed": pa.array(cols["seed"], type=pa.int64()),
        "replication": pa.array(cols["replication"], type=pa.int64()),
        **{parameter_column(p): _parameter_array(params[p]) for p in parameters},
        "kpi": pa.array(cols["kpi"], type=pa.string()).dictionary_encode(),
        "value": pa.array(cols["value"], type=pa.float64()),
    }
    return pa.table(arrays)


def check_table_name(path: Path) -> str:
    """The format a KPI table at ``path`` is written in (``parquet`` or ``csv``, by its
    suffix); any other name is a usage error (exit 2: the option is wrong, nothing is read)."""
    fmt = Path(path).suffix.lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"{path}: the table's name must end in .parquet or .csv")
    return fmt


def write_kpi_table(table: pa.Table, path: Path) -> Path:
    """Write a KPI table as Parquet or CSV (by the suffix of ``path``), atomically."""
    path = Path(path)
    fmt = check_table_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where its folder should be: say so, not "File exists"
        raise _cannot_write(NotADirectoryError(errno.ENOTDIR, ""), path.parent) from None
    except OSError as exc:
        raise _os_error(exc, path.parent) from None
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        if fmt == "parquet":
            pq.write_table(table, tmp, **PARQUET_OPTIONS)
        else:
            plain = table.cast(
                pa.schema(
                    pa.field(f.name, f.type.value_type) if pa.types.is_dictionary(f.type) else f
                    for f in table.schema
                )
            )
            pa_csv.write_csv(plain, tmp, pa_csv.WriteOptions(quoting_style="needed"))
        tmp.replace(path)
    except (pa.ArrowException, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(exc, path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


_ARROW_ERRNO = re.compile(r"\[errno (\d+)\]")
"""How Arrow names the operating system's error in its messages ("... Detail: [errno 13]
Permission denied"): its ``OSError`` carries no ``errno`` of its own."""


def _cannot_write(exc: BaseException, path: Path) -> ResultsError:
    """One line for a table that could not be written: the file asked for (not Arrow's
    temporary name) and the operating system's reason."""
    code = getattr(exc, "errno", None)
    if code is None and (found := _ARROW_ERRNO.search(str(exc))):
        code = int(found.group(1))
    if code is not None:
        return _os_error(OSError(code, os.strerror(code), str(path)), path)
    first = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
    return _os_error(OSError(None, first, str(path)), path)


def read_kpi_table(path: str | Path) -> pa.Table:
    """Read a KPI table (``.parquet`` or ``.csv``) as an Arrow table; ``.to_pandas()`` or
    ``polars.from_arrow`` make a data frame of it."""
    path = Path(path)
    try:
        if path.suffix == ".parquet":
            return pq.read_table(path)
        if path.suffix == ".csv":
            return pa_csv.read_csv(
                path,
                convert_options=pa_csv.ConvertOptions(
                    column_types={
                        "seed": pa.int64(),
                        "replication": pa.int64(),
                        "value": pa.float64(),
                        "kpi": pa.string(),
                    },
                ),
            )
    except FileNotFoundError:
        raise ResultsError(f"{path}: file is missing") from None
    except (pa.ArrowException, OSError) as exc:
        raise ResultsError(f"{path}: unreadable ({str(exc).splitlines()[0][:200]})") from None
    raise ResultsError(f"{path}: not a table file (.parquet or .csv)")


MAX_DEPTH = 32
"""Deepest folder below a folder given to ``collect`` that is searched for runs (an
experiment's runs lie two or three levels down)."""
MAX_RUNS = 100_000
"""Most run folders one ``collect`` gathers."""
SUMMARY_VERSIONS = {1}
"""``schema_version`` values of ``summary.json`` this version reads (a folder written without
one is of version 1)."""
MAX_SCENARIO_BYTES = 1_000_000
"""Largest ``scenario.yaml`` read (the limit of scenario files)."""


def find_runs(folder: Path) -> list[Path]:
    """Run folders at or below ``folder`` (those holding a ``manifest.json``), in name order;
    temporary folders of writers (their names start with a dot) and symbolic links are
    skipped. The search is a loop, not a recursion, bounded by :data:`MAX_DEPTH` levels and
    :data:`MAX_RUNS` runs.

    Raises
    ------
    ResultsError
        If ``folder`` is not a folder, nests deeper than :data:`MAX_DEPTH` or holds more than
        :data:`MAX_RUNS` runs.
    """
    folder = Path(folder)
    if (folder / "manifest.json").is_file():
        return [folder]
    if not folder.is_dir():
        raise ResultsError(f"{folder}: not a results folder")
    found: list[Path] = []
    todo = [(folder, 0)]  # a stack, sorted so runs come out in name order
    while todo:
        here, depth = todo.pop()
        if (here / "manifest.json").is_file():
            found.append(here)
            if len(found) > MAX_RUNS:
                raise ResultsError(f"{folder}: holds more than {MAX_RUNS:,} run folders; "
                                   "collect fewer at a time")  # fmt: skip
            continue
        if depth >= MAX_DEPTH:
            raise ResultsError(f"{here}: nested more than {MAX_DEPTH} folders deep below "
                               f"{folder}; results folders are not")  # fmt: skip
        try:
            subs = sorted(
                p for p in here.iterdir()
                if not p.name.startswith(".") and not p.is_symlink() and p.is_dir()
            )  # fmt: skip
        except OSError as exc:
            raise ResultsError(f"{here}: unreadable ({exc.strerror or exc})") from None
        todo.extend((p, depth + 1) for p in reversed(subs))
    return found


def _read_run(folder: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A verified run folder's manifest, summary and resolved scenario (as a mapping), every
    file read with bounded size and nesting."""
    from sim.errors import ScenarioError
    from sim.scenario import parse_yaml

    manifest = verify_run(folder)
    summary = read_json(folder / "summary.json")
    check_summary(summary, folder / "summary.json")  # the KPIs a run writes, with their types
    version = summary.get("schema_version", 1)
    if version not in SUMMARY_VERSIONS or isinstance(version, bool):
        raise ResultsError(
            f"{folder / 'summary.json'}: schema_version {str(version)[:20]} is not one this "
            f"yiwu-sim reads ({', '.join(map(str, sorted(SUMMARY_VERSIONS)))}); collect it "
            "with the version that wrote it"
        )
    path = folder / "scenario.yaml"
    try:
        scenario = parse_yaml(read_limited(path, MAX_SCENARIO_BYTES).decode("utf-8"), str(path))
    except ScenarioError as exc:  # one line: the first problem
        raise ResultsError(f"{path}: damaged ({exc.problems[0][:200]})") from None
    except UnicodeDecodeError:
        raise ResultsError(f"{path}: damaged (not UTF-8 text)") from None
    if not isinstance(scenario, dict):
        raise ResultsError(f"{path}: damaged (not a mapping)")
    return manifest, summary, scenario


def _label(run: Path, given: Path, name: str) -> str:
    """How a run is named in the table: its path from the folder it was found under, prefixed
    with that folder's name (:func:`folder_names`: so runs of two experiments never share a
    label)."""
    rel = run.relative_to(given)
    return f"{name}/{rel.as_posix()}" if rel.parts else name


def folder_names(folders: Sequence[Path]) -> list[str]:
    """A name for each folder given to :func:`collect`: its own name, or as many of its
    parents' names before it as it takes to tell it from the other folders given (two
    experiments in ``a/teaching-small/replications-42`` and ``b/teaching-small/replications-42``
    are ``a/teaching-small/replications-42`` and ``b/...``, not both ``replications-42``)."""
    paths = [Path(f).resolve().parts for f in folders]
    distinct = set(paths)
    names = []
    for parts in paths:
        k = 1
        # the shortest tail that no other distinct folder shares (the whole path always works)
        while k < len(parts) and any(
            other != parts and other[-k:] == parts[-k:] for other in distinct
        ):
            k += 1
        names.append("/".join(parts[-k:]).lstrip("/") or "/")
    return names


def _settings_hash(scenario: Mapping[str, Any]) -> str:
    """A hash of what a resolved scenario simulates: every key but its name, description and
    seed (a run's own seed is the manifest's). A copy of a scenario file saved under another
    name, run with the same seed, gives the same numbers: it is the same run, not another
    replication."""
    settings = {k: v for k, v in flat_scenario(scenario).items() if k not in NOT_PARAMETERS}
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Collected:
    """Runs gathered from results folders, as one tidy KPI table."""

    runs: list[RunKPIs]
    parameters: list[str]
    table: pa.Table
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """Runs of the same resolved scenario and seed as an earlier one: ``(run, first run)``;
    left out of the table unless ``keep_duplicates``."""

    def to_dataframe(self) -> Any:
        """The table as a pandas DataFrame (needs pandas: the ``analysis`` extra)."""
        try:
            return self.table.to_pandas()
        except ImportError:
            from sim.errors import SimError

            raise SimError(
                "to_dataframe() needs pandas: pip install 'yiwu-sim[analysis]'"
            ) from None


def collect(folders: Iterable[str | Path], *, keep_duplicates: bool = False) -> Collected:
    """Gather every run folder at or below ``folders`` into one tidy KPI table, each checked
    against its manifest (every file present with the SHA-256 it was written with).

    A run of the same resolved scenario (every setting but its name and description) and seed
    as an earlier one is a duplicate, not a replication: it is listed in ``duplicates``, logged as a
    warning and, unless ``keep_duplicates``, left out of the table.

    Raises
    ------
    ResultsError
        Naming the first run folder that is incomplete, edited or damaged, or a folder that
        holds no run.
    """
    runs: list[RunKPIs] = []
    scenarios: list[dict[str, Any]] = []
    seen: set[Path] = set()
    first: dict[tuple[str, Any], str] = {}  # (settings' hash, seed) -> the run that had it
    duplicates: list[tuple[str, str]] = []
    given_folders = [Path(f) for f in folders]
    for given, name in zip(given_folders, folder_names(given_folders)):
        found = find_runs(given)
        if not found:
            raise ResultsError(f"{given}: holds no run folder (none with a manifest.json)")
        for run in found:
            if run.resolve() in seen:  # the same run named twice (a folder and its parent)
                continue
            seen.add(run.resolve())
            manifest, summary, scenario = _read_run(run)
            seed = manifest.get("seed", summary.get("seed"))
            label = _label(run, given, name)
            same = (_settings_hash(scenario), seed)
            if isinstance(seed, int):
                if same in first:
                    duplicates.append((label, first[same]))
                    if not keep_duplicates:
                        continue
                else:
                    first[same] = label
            runs.append(
                RunKPIs(
                    run=label,
                    scenario=str(summary.get("scenario", scenario.get("name", ""))),
                    seed=seed if isinstance(seed, int) else None,
                    replication=_replication(run.name),
                    summary=summary,
                )
            )
            scenarios.append(flat_scenario(scenario))
    if duplicates:
        log.warning(
            "%d runs repeat the scenario and seed of another run (%s is %s)%s",
            len(duplicates), *duplicates[0],
            " and are kept" if keep_duplicates else "; each is counted once",
        )  # fmt: skip
    params = varied(scenarios)
    for i, r in enumerate(runs):
        r.parameters = {k: v[i] for k, v in params.items()}
    return Collected(runs, list(params), kpi_table(runs, list(params)), duplicates)
