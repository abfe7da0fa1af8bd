"""A run's results in memory and on disk: the results folder contract of DESIGN.md.

A run folder ``results/<scenario-name>/<run-id>/`` holds ``scenario.yaml`` (the resolved scenario),
``manifest.json`` (versions, seed, scenario hash, command line, wall time, event count, every file
with its row count and SHA-256), ``summary.json`` (the KPIs) and four tables: ``orders``,
``trains``, ``borders`` and ``daily``. The tables are Parquet files by default (typed columns:
numbers as 64-bit integers or floats with nulls for stages not reached, dates as dates, names as
dictionary columns) or CSV files on request, both written and read through Apache Arrow
(``pyarrow``); a run that keeps only its summaries writes the daily table alone.

A folder is written to a temporary folder beside its final place and renamed when complete, so a
crash never leaves a half-written run folder, and an existing folder is replaced only on request.
Several writers may aim at the same folder at once (two terminals, two experiments): each owns a
temporary folder with a unique name that no one else removes while its process lives, the final
rename never replaces a folder without ``force``, and the loser is told so in one line. The
manifest lists every file with its row count and SHA-256, and :func:`load_run` checks them, so a
file cut short or edited is reported, naming the file. Operating-system errors while writing (a
full disk) become one :class:`~sim.errors.ResultsError` line naming the path.

This module writes, verifies and loads the folder; the result type and the table schema are
:mod:`sim.results.run`, the table files :mod:`sim.output.arrow`, the atomic install
:mod:`sim.output.install` and strict JSON :mod:`sim.output.jsonio`. Their public names are
re-exported here (imported ``as`` themselves) for notebooks and scripts written before the split;
code inside :mod:`sim` imports them from their homes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sim.errors import ResultsError
from sim.output.arrow import NUMPY_OF as NUMPY_OF
from sim.output.arrow import PARQUET_OPTIONS as PARQUET_OPTIONS
from sim.output.arrow import arrow_table as arrow_table
from sim.output.arrow import file_sha256, read_table, write_table
from sim.output.arrow import read_arrow as read_arrow
from sim.output.install import MAX_MANIFEST_BYTES as MAX_MANIFEST_BYTES
from sim.output.install import (
    TMP_MARKER,
    _install,
    _mark,
    _os_error,
    check_replaceable,
    current_umask,
    remove_stale,
)
from sim.output.install import run_dir as run_dir
from sim.output.install import run_folder_kind as run_folder_kind
from sim.output.jsonio import MAX_JSON_BYTES as MAX_JSON_BYTES
from sim.output.jsonio import MAX_JSON_DEPTH as MAX_JSON_DEPTH
from sim.output.jsonio import finite_json as finite_json
from sim.output.jsonio import json_depth as json_depth
from sim.output.jsonio import json_text, read_json
from sim.output.jsonio import read_limited as read_limited
from sim.results.run import BORDER_COLUMNS as BORDER_COLUMNS
from sim.results.run import (
    CORE_FILES,
    FORMATS,
    SUMMARY_KEYS,
    SUMMARY_TABLES,
    TABLES,
    RunResult,
    columns_of,
    run_metadata,
)
from sim.results.run import DATE_COLUMNS as DATE_COLUMNS
from sim.results.run import DELTA_COLUMNS as DELTA_COLUMNS
from sim.results.run import FLOAT32_COLUMNS as FLOAT32_COLUMNS
from sim.results.run import INT_COLUMNS as INT_COLUMNS
from sim.results.run import INT_PREFIXES as INT_PREFIXES
from sim.results.run import LISTED_FILES as LISTED_FILES
from sim.results.run import ORDER_COLUMNS as ORDER_COLUMNS
from sim.results.run import PLANNER_FILES as PLANNER_FILES
from sim.results.run import RUN_FILES as RUN_FILES
from sim.results.run import SPLIT_COLUMNS as SPLIT_COLUMNS
from sim.results.run import TEXT_COLUMNS as TEXT_COLUMNS
from sim.results.run import TRAIN_COLUMNS as TRAIN_COLUMNS
from sim.results.run import build_manifest as build_manifest
from sim.results.run import dependency_versions as dependency_versions
from sim.results.run import run_files as run_files
from sim.results.run import scenario_hash as scenario_hash
from sim.results.table import Table
from sim.scenario import Scenario


def _write_text(path: Path, text: str) -> dict[str, Any]:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return {"rows": None, "sha256": hashlib.sha256(data).hexdigest()}


def _rows_of(table: Table) -> int:
    return len(next(iter(table.values()))) if table else 0


def _write_json(path: Path, data: Any) -> dict[str, Any]:
    return _write_text(path, json_text(data))


class RunWriter:
    """Writes one run folder atomically (a temporary folder, then a rename), and can begin with
    the orders table, by far the largest, as soon as the run's tables exist.

    :meth:`start` hands the orders table to a second thread (Arrow's Parquet and CSV writers
    release the GIL), so that it is written while the run's tables are checked and its summary
    is worked out;
    :meth:`finish` writes the rest of the folder, waits for the orders and installs the folder;
    :meth:`abort` removes what was written. :func:`write_run` does all of it at once.

    Parameters
    ----------
    folder
        The run folder to write.
    force
        Replace the folder if it exists.
    fmt
        ``"parquet"`` (default) or ``"csv"``: the format of the tables.
    summaries_only
        Keep the summary, the scenario, the manifest and the daily table only (no orders,
        trains or borders tables): for large experiments where the KPIs are what counts. The
        scenario is written plain (the values, without the source file's comments).

    Raises
    ------
    ResultsError
        If ``folder`` exists and ``force`` is false, is a symbolic link, or ``fmt`` is not a
        known format (before anything is written).
    """

    def __init__(
        self,
        folder: Path,
        *,
        force: bool = False,
        fmt: str = "parquet",
        summaries_only: bool = False,
    ) -> None:
        if fmt not in FORMATS:
            raise ResultsError(f"unknown table format {fmt!r}; use one of {', '.join(FORMATS)}")
        folder = Path(folder)
        if folder.exists() and not folder.is_symlink() and not force:
            raise ResultsError(f"{folder} exists already; choose another --out or pass --force")
        check_replaceable(folder)
        self.folder, self.force, self.fmt = folder, force, fmt
        self.summaries_only = summaries_only
        self.tables = SUMMARY_TABLES if summaries_only else tuple(TABLES)
        self._tmp: Path | None = None
        self.run: dict[str, Any] | None = None
        """What the tables' metadata says of the run (:meth:`describe`)."""
        self._beside: ThreadPoolExecutor | None = None
        self._written: dict[str, Future[dict[str, Any]]] = {}

    def _make_tmp(self) -> Path:
        if self._tmp is None:
            try:
                self.folder.parent.mkdir(parents=True, exist_ok=True)
                # unique to this writer: no other writer removes it while this process lives
                prefix = f".{self.folder.name}.tmp-{os.getpid()}-"
                tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=self.folder.parent))
                self._tmp = tmp
                _mark(tmp)
                # mkdtemp makes it 0700; a run folder follows the umask like every file
                os.chmod(tmp, 0o777 & ~current_umask())
            except OSError as exc:
                self.abort()
                raise _os_error(exc, self.folder.parent) from None
        return self._tmp

    def describe(self, scenario: Scenario, seed: int) -> None:
        """Name the run in the Parquet files' metadata (before :meth:`start`, which writes
        the first tables; :meth:`finish` does it from the result otherwise)."""
        self.run = run_metadata(scenario, seed)

    BESIDE = ("orders",)
    """Tables written by the second thread: the orders, by far the largest, whose Parquet
    encoding is the longest step after the clock (the trains and borders tables, small, are
    written by the first thread while it waits for it, as are the daily table and the
    planner's answers, worked out from the tables)."""

    def start(self, tables: dict[str, Table]) -> None:
        """Begin writing the orders table (:data:`BESIDE`) in a second thread (nothing, when
        only summaries are kept); the tables must not change until :meth:`finish`."""
        if self._beside is not None or "orders" not in self.tables:
            return
        tmp = self._make_tmp()
        self._beside = ThreadPoolExecutor(max_workers=1)
        for stem in self.BESIDE:
            name = f"{stem}.{self.fmt}"
            table = tables[TABLES[stem]]
            self._written[name] = self._beside.submit(
                write_table, tmp / name, table, columns_of(stem, table), self.fmt, self.run
            )

    def _join(self) -> dict[str, dict[str, Any]]:
        """Wait for the tables of the second thread (re-raising what stopped one) and end it."""
        beside, self._beside = self._beside, None
        if beside is None:
            return {}
        try:
            return {name: job.result() for name, job in self._written.items()}
        finally:
            beside.shutdown(wait=True)
            self._written = {}

    def abort(self) -> None:
        """Stop: wait for the thread, remove everything written."""
        try:
            with contextlib.suppress(Exception):  # the error that stopped the run is raised
                self._join()
        finally:
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None

    def finish(self, result: RunResult) -> Path:
        """Write the rest of the folder, wait for the orders table and install the folder."""
        from sim.results.analysis import run_daily_table
        from sim.results.planning_answers import run_planner_tables, write_rows_csv

        fmt = self.fmt
        try:
            if self.run is None:
                self.describe(result.scenario, result.seed)
            self.start(result.tables)  # if the caller did not
            tmp = self._make_tmp()
            # the user's comments kept where a person reads the folder; an experiment's
            # replication (summaries only) gets the plain resolved scenario, 0.1 s a run less
            # (the comments are in the experiment's own scenario file)
            scenario = result.scenario
            text = scenario.to_yaml() if self.summaries_only else scenario.to_commented_yaml()
            files = {"scenario.yaml": _write_text(tmp / "scenario.yaml", text)}
            for stem in self.tables:
                name = f"{stem}.{fmt}"
                if name in self._written:
                    files[name] = {}  # written beside: keeps the manifest's order of files
                    continue
                # the daily table is kept with the run for its report
                data = run_daily_table(result) if stem == "daily" else result.tables[TABLES[stem]]
                files[name] = write_table(tmp / name, data, columns_of(stem, data), fmt, self.run)
            if "monitors" in result.tables and not self.summaries_only:  # reporting.monitors
                name = f"monitors.{fmt}"
                files[name] = write_table(
                    tmp / name, result.tables["monitors"], None, fmt, self.run
                )
            if not self.summaries_only:  # the planner's answers, with or without a report
                for name, rows in run_planner_tables(result).items():  # kept too
                    write_rows_csv(tmp / name, rows)
                    files[name] = {"rows": _rows_of(rows), "sha256": file_sha256(tmp / name)}
            files.update(self._join())
            files["summary.json"] = _write_json(tmp / "summary.json", result.summary)
            result.manifest["format"] = fmt
            result.manifest["tables"] = list(self.tables)
            result.manifest["files"] = files
            _write_json(tmp / "manifest.json", result.manifest)
            (tmp / TMP_MARKER).unlink()  # complete: from here the manifest marks it
            _install(tmp, self.folder, self.force)
        except OSError as exc:
            self.abort()
            raise _os_error(exc, self.folder) from None
        except BaseException:
            self.abort()
            raise
        self._tmp = None
        remove_stale(self.folder)
        return self.folder


def write_run(
    result: RunResult,
    folder: Path,
    *,
    force: bool = False,
    fmt: str = "parquet",
    summaries_only: bool = False,
) -> Path:
    """Write the run folder of ``result`` atomically (temporary folder, then rename), all at
    once: :class:`RunWriter` explains the parameters and what it raises."""
    writer = RunWriter(folder, force=force, fmt=fmt, summaries_only=summaries_only)
    return writer.finish(result)


_read_json = read_json


def manifest_tables(manifest: dict[str, Any], path: Path) -> tuple[str, dict[str, str]]:
    """The format and table files a run folder's manifest promises: ``(fmt, {stem: file})``.

    A manifest written before tables were Parquet has neither ``format`` nor ``tables``: its
    folder holds the four tables as CSV.
    """
    fmt = manifest.get("format", "csv")
    tables = manifest.get("tables", list(TABLES))
    if fmt not in FORMATS:
        raise ResultsError(f"{path}: key 'format' must be one of {', '.join(FORMATS)}, got "
                           f"{fmt!r:.40}")  # fmt: skip
    if not (isinstance(tables, list) and all(t in TABLES for t in tables)):
        raise ResultsError(f"{path}: key 'tables' must list tables of {', '.join(TABLES)}")
    return fmt, {t: f"{t}.{fmt}" for t in tables}


def check_manifest(manifest: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    """The manifest's list of files, checked for shape: ``{name: {"rows", "sha256"}}``.

    Raises
    ------
    ResultsError
        Naming the manifest and the key that is missing or of the wrong type.
    """
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise ResultsError(
            f"{path}: key 'files' is missing or not an object (a run folder written before "
            "files were listed, or an edited manifest; run it again)"
        )
    _, tables = manifest_tables(manifest, path)
    for name in {*CORE_FILES, *tables.values(), *files} - {"manifest.json"}:
        entry = files.get(name)
        if not isinstance(entry, dict):
            raise ResultsError(f"{path}: files.{name} is missing or not an object")
        rows, digest = entry.get("rows"), entry.get("sha256")
        if not (
            rows is None or (isinstance(rows, int) and not isinstance(rows, bool) and rows >= 0)
        ):
            raise ResultsError(f"{path}: files.{name}.rows must be a count, got {rows!r:.40}")
        if not (isinstance(digest, str) and len(digest) == 64):
            raise ResultsError(f"{path}: files.{name}.sha256 must be a SHA-256, got {digest!r:.40}")
        if "/" in name or "\\" in name or name.startswith("."):
            raise ResultsError(f"{path}: files.{name[:40]}: not a file of the run folder")
    seed = manifest.get("seed")
    if seed is not None and not (isinstance(seed, int) and not isinstance(seed, bool)):
        raise ResultsError(f"{path}: key 'seed' must be an integer, got {seed!r:.40}")
    if seed is not None and not 0 <= seed <= 2**63 - 1:
        raise ResultsError(f"{path}: key 'seed' must be 0 .. 2^63 - 1, got {seed!r:.40}")
    return files


def check_summary(summary: dict[str, Any], path: Path) -> None:
    """Check the keys of ``summary.json`` that the report and the command line read.

    Raises
    ------
    ResultsError
        Naming the file and the key that is missing or of the wrong type.
    """
    for key, kind in SUMMARY_KEYS.items():
        value = summary.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ResultsError(
                f"{path}: key {key!r} must be {kind.__name__}, got {type(value).__name__}"
            )


def verify_run(folder: Path) -> dict[str, Any]:
    """Check a run folder against its manifest: every listed file present, with the SHA-256
    the writer recorded. Returns the manifest.

    Raises
    ------
    ResultsError
        Naming the first file that is missing, changed or cut short.
    """
    from sim.output.refresh import finish_refresh

    with contextlib.suppress(OSError):  # (a folder one may not write: checked as it is)
        finish_refresh(folder)  # a refresh of its scenario.yaml that was stopped
    for name in CORE_FILES:
        if not (folder / name).is_file():
            raise ResultsError(f"{folder / name}: file is missing (incomplete run folder)")
    manifest = _read_json(folder / "manifest.json")
    for name, entry in check_manifest(manifest, folder / "manifest.json").items():
        if name == "manifest.json":
            continue
        if not (folder / name).is_file():
            raise ResultsError(f"{folder / name}: file is missing (incomplete run folder)")
        try:
            digest = file_sha256(folder / name)
        except OSError as exc:
            raise ResultsError(f"{folder / name}: unreadable ({exc.strerror})") from None
        if digest != entry["sha256"]:
            raise ResultsError(
                f"{folder / name}: its content differs from what the run wrote (SHA-256 in "
                "manifest.json): cut short, edited or damaged"
            )
    return manifest


def has_tables(folder: str | Path) -> bool:
    """Whether a run folder holds its orders, trains and borders tables (a run of an experiment
    that kept only summaries does not)."""
    folder = Path(folder)
    return any((folder / f"orders.{fmt}").is_file() for fmt in FORMATS)


def load_run(folder: str | Path) -> RunResult:
    """Read a run folder back (tables, summary, manifest, scenario), verified against the
    manifest's row counts and hashes. Tables may be Parquet or CSV; a run that kept only its
    summaries has its daily table alone.

    Raises
    ------
    ResultsError
        Naming the file (and key) that is missing, damaged, cut short or edited.
    """
    from sim.scenario import parse_yaml
    from sim.world.inputs import validate_data

    folder = Path(folder)
    if not folder.is_dir():
        raise ResultsError(f"{folder}: not a results folder")
    manifest = verify_run(folder)
    _, table_files = manifest_tables(manifest, folder / "manifest.json")
    summary = _read_json(folder / "summary.json")
    check_summary(summary, folder / "summary.json")
    try:
        sc = validate_data(
            parse_yaml((folder / "scenario.yaml").read_text(encoding="utf-8"), "scenario.yaml"),
            str(folder / "scenario.yaml"),
        )
    except Exception as exc:  # a ScenarioError here means the folder was edited or damaged
        raise ResultsError(f"{folder / 'scenario.yaml'}: damaged ({exc})") from None
    tables = {
        TABLES[stem]: read_table(folder / name, manifest["files"][name]["rows"])
        for stem, name in table_files.items()
    }
    return RunResult(sc, int(manifest.get("seed", sc.seed)), tables, summary, manifest)
