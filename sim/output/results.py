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
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import logging
import math
import os
import platform
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from sim import __version__
from sim.errors import ResultsError
from sim.output.table import ColumnTable, Table, first_appearance
from sim.output.table_metadata import BOOL_COLUMNS, describe
from sim.scenario import Scenario

log = logging.getLogger(__name__)

ORDER_COLUMNS = (
    "order_id", "channel", "category", "merchant", "destination", "mode", "line", "teu",
    "value_cny", "deadline_h", "backordered", "placed_h", "ready_h", "packed_h", "departed_h",
    "arrived_h", "delivered_h", "departure_id", "co2e_kg", "cost_usd", "disruption_usd",
    "rerouted", "quoted_usd_per_teu",
)  # fmt: skip
TRAIN_COLUMNS = (
    "departure_id", "line", "kind", "departed_h", "capacity_teu", "teu", "goods_teu", "orders",
    "arrived_h", "border_wait_h", "rerouted", "detour_km", "extra",
)  # fmt: skip
BORDER_COLUMNS = ("departure_id", "border", "arrive_h", "start_h", "end_h", "wait_h")
TEXT_COLUMNS = {"channel", "category", "destination", "mode", "line", "kind", "border"}
"""Names (lines, crossings, categories ...): few distinct values, stored as dictionary columns."""
DATE_COLUMNS = {"date"}
FLOAT32_COLUMNS = {"teu", "goods_teu", "value_cny", "co2e_kg", "cost_usd", "disruption_usd"}
"""Amounts stored as 32-bit floats (7 significant digits: a TEU to 1e-7, a freight cost in USD
to the cent): a full-scale year's orders table is 30 MB smaller. Times stay 64-bit."""
SPLIT_COLUMNS = FLOAT32_COLUMNS | {"placed_h", "ready_h", "packed_h", "delivered_h"}
"""Float columns written with Parquet's byte-stream-split encoding rather than a dictionary:
values that are almost all distinct compress better so, and a dictionary of them is built only
to be given up (measured on the full-scale year, where departure and arrival times, shared by
the orders of one train, do better with a dictionary)."""
DELTA_COLUMNS = {"order_id"}
"""Integer columns that count up (0, 1, 2 ...), written as deltas: a few bytes for the whole
column, where a dictionary of two million distinct ids took a quarter of the orders' writing."""
INT_COLUMNS = {
    "order_id", "merchant", "departure_id", "capacity_teu", "orders", "day",
    "buyers", "backorders", "trains",
}  # fmt: skip
INT_PREFIXES = ("queue_",)

TABLES = {"orders": "orders", "trains": "departures", "borders": "crossings", "daily": "daily"}
"""Table files of a run folder (file stem) and the key of each in :attr:`RunResult.tables`."""
COLUMNS = {"orders": ORDER_COLUMNS, "trains": TRAIN_COLUMNS, "borders": BORDER_COLUMNS}
FORMATS = ("parquet", "csv")
SUMMARY_TABLES = ("daily",)
"""Tables a run keeps when only summaries are kept: the daily series (one row a day) is small,
and the warm-up detector (:mod:`sim.output.warmup`) reads it."""
CORE_FILES = ("scenario.yaml", "manifest.json", "summary.json")
PLANNER_FILES = ("last_safe_order.csv", "late_orders.csv")
"""The planner's answers (:mod:`sim.output.planning_answers`), written with the orders table."""


def run_files(fmt: str = "parquet", tables: tuple[str, ...] = tuple(TABLES)) -> tuple[str, ...]:
    """The files of a run folder written in format ``fmt`` with ``tables``."""
    planner = PLANNER_FILES if "orders" in tables else ()
    return (*CORE_FILES, *(f"{t}.{fmt}" for t in tables), *planner)


RUN_FILES = run_files()
"""The files of a complete run folder in the default format."""
LISTED_FILES = tuple(f for f in RUN_FILES if f != "manifest.json")
"""Files the manifest lists with their row count and hash (it cannot list itself)."""

SUMMARY_KEYS = {
    "scenario": str, "seed": int, "days": int, "start": str, "orders": dict,
    "lead_time_days": dict, "stage_days_mean": dict, "on_time": dict, "lines": dict,
    "borders": dict, "emissions_cost": dict,
}  # fmt: skip
"""Top-level keys of ``summary.json`` that the report and the command line read, with types."""


@dataclass
class RunResult:
    """One replication's resolved scenario, tables, KPIs and manifest."""

    scenario: Scenario
    seed: int
    tables: dict[str, Table]
    summary: dict[str, Any]
    manifest: dict[str, Any]


def scenario_hash(sc: Scenario) -> str:
    """SHA-256 of the resolved scenario's YAML (identifies what was simulated)."""
    return hashlib.sha256(sc.to_yaml().encode("utf-8")).hexdigest()


def run_metadata(sc: Scenario, seed: int) -> dict[str, Any]:
    """What a table file's metadata says of its run: scenario, seed, hash, start day."""
    return {"scenario": sc.name, "seed": seed, "scenario_sha256": scenario_hash(sc),
            "start": sc.start}  # fmt: skip


@functools.cache  # installed versions do not change while a process runs
def dependency_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in (
        "simpy",
        "numpy",
        "networkx",
        "pydantic",
        "PyYAML",
        "scipy",
        "matplotlib",
        "pyarrow",
    ):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:  # pragma: no cover - declared dependencies
            out[pkg] = "not installed"
    return out


def _names(values: np.ndarray) -> pa.Array:
    """A column of names as a dictionary column (indices into the distinct names, in order of
    first appearance).

    NumPy's fixed-width text is hashed as it lies in memory (fixed-size binary, no copy), and only
    the few distinct names are turned into strings: converting two million cells to Python or
    Arrow strings first took most of a full-scale year's writing time.
    """
    if values.dtype.kind != "U" or values.dtype.itemsize == 0 or len(values) == 0:
        return pa.array(values.astype(str).tolist(), type=pa.string()).dictionary_encode()
    cells = np.ascontiguousarray(values, dtype=values.dtype.newbyteorder("<"))  # UTF-32-LE
    raw = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(cells.dtype.itemsize), len(cells), [None, pa.py_buffer(cells)]
    )
    enc = raw.dictionary_encode()
    # NumPy pads with NUL characters, which its text cannot otherwise hold
    names = [b.decode("utf-32-le").rstrip("\x00") for b in enc.dictionary.to_pylist()]
    return _dictionary(enc.indices, names)


def _dictionary(indices: pa.Array, names: list[str]) -> pa.Array:
    """A dictionary column of int32 ``indices`` into ``names`` (``DictionaryArray.from_arrays``
    would import pandas, see :func:`_numbers`)."""
    kind = pa.dictionary(pa.int32(), pa.string())
    return pa.DictionaryArray.from_buffers(kind, len(indices), indices.buffers(), _strings(names))


def _strings(words: list[str]) -> pa.Array:
    """A few words as an Arrow string array, from their UTF-8 bytes and offsets (``pa.array``
    of a list imports pandas too, see :func:`_numbers`)."""
    data = [w.encode("utf-8") for w in words]
    offsets = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in data], out=offsets[1:])
    return pa.StringArray.from_buffers(
        len(data), pa.py_buffer(offsets), pa.py_buffer(b"".join(data))
    )


def _coded_names(codes: np.ndarray, labels: list[str]) -> pa.Array:
    """A text column the model kept as integer codes, as the same dictionary column
    :func:`_names` makes of its text (names in order of first appearance), without the text."""
    indices, old = first_appearance(codes, len(labels))
    return _dictionary(_numbers(indices, pa.int32()), [labels[k] for k in old.tolist()])


NUMPY_OF = {pa.int32(): np.int32, pa.int64(): np.int64, pa.float32(): np.float32,
            pa.float64(): np.float64, pa.date32(): np.int32}  # fmt: skip
"""The NumPy type holding the values of each Arrow type written (a date32 is days since 1970)."""


def _numbers(values: np.ndarray, kind: pa.DataType, missing: np.ndarray | None = None) -> pa.Array:
    """A NumPy column as an Arrow array of type ``kind`` over its memory (``missing``: null).

    ``pa.array`` of a NumPy array asks pandas whether it is one of its own types, and imports
    pandas to ask when it is installed (0.2-0.3 s in every process that writes a run); the
    buffers are handed over as they are instead."""
    if kind == pa.bool_():  # Arrow packs booleans in bits
        data = np.packbits(np.asarray(values, dtype=bool), bitorder="little")
    else:
        with np.errstate(over="ignore"):  # an amount beyond float32 (3.4e38) is stored as inf
            data = np.ascontiguousarray(values, dtype=NUMPY_OF[kind])
    validity, nulls = None, 0
    if missing is not None and missing.any():
        validity = pa.py_buffer(np.packbits(~missing, bitorder="little"))
        nulls = int(missing.sum())
    return pa.Array.from_buffers(kind, len(values), [validity, pa.py_buffer(data)], nulls)


def _arrow_column(name: str, values: np.ndarray, table: Table | None = None) -> pa.Array:
    """One column as an Arrow array of its documented type: names as dictionary columns, dates
    as dates, NaN in a float column as null (a stage not reached)."""
    kept = table.known_codes(name) if isinstance(table, ColumnTable) else None
    if kept is not None:
        return _coded_names(*kept)
    if name in DATE_COLUMNS:
        days = np.asarray(values).astype("datetime64[D]").astype(np.int64)
        return _numbers(days, pa.date32())
    if name in BOOL_COLUMNS:  # 0/1 flags of the model, written as what they are
        return _numbers(np.asarray(values) != 0, pa.bool_())
    if name in TEXT_COLUMNS or values.dtype.kind in "UO":
        return _names(values)
    if values.dtype.kind == "f":  # NaN (a stage not reached) as null
        kind = pa.float32() if name in FLOAT32_COLUMNS else pa.float64()
        return _numbers(values, kind, np.isnan(values))
    if values.dtype.kind == "b":
        return _numbers(values, pa.bool_())
    return _numbers(values, pa.int64())


def arrow_table(table: Table, columns: tuple[str, ...] | None = None) -> pa.Table:
    """A column table (NumPy arrays) as an Arrow table with typed columns."""
    cols = columns or tuple(table)
    return pa.table({c: _arrow_column(c, np.asarray(table[c]), table) for c in cols})


PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 1,
    # min/max statistics of every column: DuckDB, polars and pyarrow skip the files and row
    # groups a filter excludes when a query spans many runs (they cost some of the writing)
    "write_statistics": True,
    # written the same way on every machine: the bytes of a file depend on the data and the
    # pyarrow version only (tests/output/test_results.py checks two runs of a seed give equal files)
    "data_page_version": "2.0",
    "version": "2.6",
}
"""How Parquet files are written: zstd at its fastest level (higher levels shrank the full-scale
year's orders by under 2 % and took longer)."""


def write_table(
    path: Path,
    table: Table,
    columns: tuple[str, ...] | None = None,
    fmt: str = "parquet",
    run: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write a column table as Parquet or CSV.

    CSV cells hold every number exactly (the shortest text that reads back as the same float),
    an empty cell for a stage not reached, dates as ``YYYY-MM-DD``, and quote text. A Parquet
    file carries its units, time origin and ``run`` (:func:`run_metadata`) in its metadata
    (:mod:`sim.output.table_metadata`).

    Returns
    -------
    dict
        ``{"rows": ..., "sha256": ...}`` of what was written, for the manifest.
    """
    at = arrow_table(table, columns)
    if fmt == "parquet":
        at = describe(at, path.name.partition(".")[0], run)
        encoding = {c: "BYTE_STREAM_SPLIT" for c in at.column_names if c in SPLIT_COLUMNS}
        encoding |= {c: "DELTA_BINARY_PACKED" for c in at.column_names if c in DELTA_COLUMNS}
        pq.write_table(
            at,
            path,
            column_encoding=encoding or None,
            use_dictionary=[c for c in at.column_names if c not in encoding],
            **PARQUET_OPTIONS,
        )
    elif fmt == "csv":
        plain = pa.table(
            {
                c: (col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col)
                for c, col in zip(at.column_names, at.columns)
            }
        )
        pa_csv.write_csv(plain, path, pa_csv.WriteOptions(quoting_style="needed"))
    else:
        raise ResultsError(f"unknown table format {fmt!r}; use one of {', '.join(FORMATS)}")
    return {"rows": at.num_rows, "sha256": file_sha256(path)}


def _write_text(path: Path, text: str) -> dict[str, Any]:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return {"rows": None, "sha256": hashlib.sha256(data).hexdigest()}


def _rows_of(table: Table) -> int:
    return len(next(iter(table.values()))) if table else 0


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _csv_type(name: str) -> pa.DataType:
    if name in BOOL_COLUMNS:
        return pa.bool_()
    if name in TEXT_COLUMNS:
        return pa.dictionary(pa.int32(), pa.string())
    if name in DATE_COLUMNS:
        return pa.date32()
    if name in INT_COLUMNS or name.startswith(INT_PREFIXES):
        return pa.int64()
    return pa.float32() if name in FLOAT32_COLUMNS else pa.float64()


def _numpy(col: pa.ChunkedArray) -> np.ndarray:
    """An Arrow column as the NumPy array the analysis works on: text as ``str``, dates as
    ``datetime64[D]``, null floats as NaN."""
    if pa.types.is_dictionary(col.type):
        arr = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
        words = arr.dictionary.to_numpy(zero_copy_only=False).astype(str)
        if len(words) == 0:
            return np.zeros(len(arr), dtype=str)
        return words[arr.indices.to_numpy(zero_copy_only=False)]
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return col.to_numpy().astype(str)
    if pa.types.is_date(col.type):
        return col.to_numpy().astype("datetime64[D]")
    if pa.types.is_floating(col.type):  # float32 amounts widen exactly to float64
        return col.to_numpy().astype(float)
    if col.null_count:  # an integer column with gaps: only in a file someone edited
        return col.to_numpy().astype(float)
    return col.to_numpy()


def read_arrow(path: Path, expected_rows: int | None = None) -> pa.Table:
    """Read a table file (``.parquet`` or ``.csv``) as an Arrow table with typed columns.

    With ``expected_rows`` (from the manifest), a file holding another number of rows is
    refused: a file cut at a row boundary parses cleanly and would otherwise be reported from.
    """
    try:
        if path.suffix == ".parquet":
            at = pq.read_table(path)
        elif path.suffix == ".csv":
            with path.open("rb") as fh:
                header = fh.readline().decode("utf-8").strip()
            if not header:
                raise ResultsError(f"{path}: empty file (no header)")
            names = [n.strip('"') for n in header.split(",")]
            at = pa_csv.read_csv(
                path,
                convert_options=pa_csv.ConvertOptions(
                    column_types={n: _csv_type(n) for n in names}, strings_can_be_null=False
                ),
            )
        else:
            raise ResultsError(f"{path}: not a table file (.parquet or .csv)")
    except FileNotFoundError:
        raise ResultsError(f"{path}: file is missing") from None
    except (pa.ArrowException, OSError, UnicodeDecodeError, ValueError) as exc:
        raise ResultsError(f"{path}: unreadable ({str(exc).splitlines()[0][:200]})") from None
    if expected_rows is not None and at.num_rows != expected_rows:
        raise ResultsError(
            f"{path}: holds {at.num_rows:,} rows but the manifest lists {expected_rows:,} "
            "(cut short or edited)"
        )
    return at


def read_table(path: Path, expected_rows: int | None = None) -> Table:
    """Read a table file (``.parquet`` or ``.csv``) back into NumPy column arrays: text as
    ``str``, dates as ``datetime64[D]``, a stage not reached as NaN."""
    at = read_arrow(Path(path), expected_rows)
    out = ColumnTable()
    for name, col in zip(at.column_names, at.columns):
        if pa.types.is_dictionary(col.type) and len(col) and not col.null_count:
            # keep the file's codes: grouping by them needs no sort of the text
            arr = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
            words = arr.dictionary.to_numpy(zero_copy_only=False).astype(str).tolist()
            out.set_text(name, arr.indices.to_numpy(zero_copy_only=False), words)
        else:
            out[name] = _numpy(col)
    return out


def finite_json(data: Any) -> Any:
    """``data`` with every non-finite float (NaN, +-Infinity) as None: strict JSON has no
    such numbers (Python's ``json`` would write ``NaN`` and ``Infinity``, which other readers
    refuse), and a KPI that cannot be computed or overflowed is written as ``null``."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite_json(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite_json(v) for v in data]
    return data


def json_text(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    """Strict JSON text of ``data`` (non-finite numbers as null, see :func:`finite_json`),
    indented, with a final newline: every JSON file yiwu-sim writes. ``default`` converts
    what JSON has no type for, as in :func:`json.dumps`."""
    text = json.dumps(finite_json(data), indent=2, allow_nan=False, default=default)
    return text + "\n"


def _write_json(path: Path, data: Any) -> dict[str, Any]:
    return _write_text(path, json_text(data))


def _os_error(exc: OSError, where: Path) -> ResultsError:
    """One line for an operating-system error while writing: the path and the reason."""
    path = exc.filename or where
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = "; free some space or write elsewhere with --out" if exc.errno == errno.ENOSPC else ""
    return ResultsError(f"{path}: cannot write ({reason}){hint}")


def _pid_of(name: str) -> int | None:
    """The process id in a temporary name ``.<run>.tmp-<pid>-<random>`` (or ``.old-``)."""
    for tag in (".tmp-", ".old-"):
        if tag in name:
            try:
                return int(name.split(tag, 1)[1].split("-", 1)[0])
            except ValueError:
                return None
    return None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a live process of another user
        return True
    return True


TMP_MARKER = ".yiwu-sim-partial"
"""A file the writer puts in each temporary folder it makes (and removes just before the
folder becomes the run folder): what marks a folder as a partial run of this program, which
stale-folder clean-up and ``--force`` may remove; a folder without it (or a manifest) is the
user's and is never removed."""


def _mark(tmp: Path) -> None:
    (tmp / TMP_MARKER).write_bytes(b"a partial run folder of yiwu-sim; safe to remove\n")


def remove_stale(folder: Path) -> None:
    """Remove temporary folders of ``folder`` left by writers that no longer run (killed);
    a live writer's temporary folder is never touched, nor a folder not marked as one of
    this program's (:data:`TMP_MARKER`), whatever its name."""
    for stale in folder.parent.glob(f".{folder.name}.*-*"):
        ours = stale.is_dir() and not stale.is_symlink() and (stale / TMP_MARKER).is_file()
        tagged = ".tmp-" in stale.name or ".old-" in stale.name
        if ours and tagged and not _alive(_pid_of(stale.name)):
            shutil.rmtree(stale, ignore_errors=True)


MAX_MANIFEST_BYTES = 16 << 20
"""Largest ``manifest.json`` read (a full-scale year's takes about 3 kB)."""


def run_folder_kind(folder: Path) -> str | None:
    """``"run"`` if ``folder`` is a run folder yiwu-sim wrote (its ``manifest.json`` names
    the package), ``"partial"`` if it holds this program's temporary marker, else None (a
    folder of the user's, a file, a link, or nothing)."""
    if folder.is_symlink() or not folder.is_dir():
        return None
    if (folder / TMP_MARKER).is_file() and not (folder / TMP_MARKER).is_symlink():
        return "partial"
    manifest = folder / "manifest.json"
    if manifest.is_symlink():
        return None
    try:
        data = json.loads(read_limited(manifest, MAX_MANIFEST_BYTES).decode("utf-8"))
    except (ResultsError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return "run" if isinstance(data, dict) and data.get("package") == "yiwu-sim" else None


def check_replaceable(folder: Path) -> None:
    """Refuse to replace ``folder`` unless it is a complete or partial run of this program:
    ``--force`` replaces run folders only, never a folder of the user's that happens to have
    the run's path.

    Raises
    ------
    ResultsError
        Naming the folder and why it is not replaced.
    """
    folder = Path(folder)
    if folder.is_symlink():
        raise ResultsError(
            f"{folder} is a symbolic link; yiwu-sim does not replace links (remove it, or "
            "pass the folder it points to as --out)"
        )
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ResultsError(f"{folder} is a file, not a run folder; --force does not replace it "
                           "(move it, or choose another --out or --run-id)")  # fmt: skip
    if run_folder_kind(folder) is None:
        raise ResultsError(
            f"{folder} exists and is not a yiwu-sim run folder (no manifest.json written by "
            "yiwu-sim); --force replaces run folders only: move it, or choose another --out "
            "or --run-id"
        )


_EXISTS = {errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR}


def _install(tmp: Path, folder: Path, force: bool) -> None:
    """Rename the complete ``tmp`` to ``folder``; an existing folder is replaced only with
    ``force`` (moved aside under a name of this process, then removed)."""
    for _ in range(10):  # another forced writer may move the folder between our two renames
        try:
            os.rename(tmp, folder)  # refuses a non-empty folder: never replaces silently
            return
        except OSError as exc:
            if exc.errno not in _EXISTS:
                raise
        if not force:
            raise ResultsError(
                f"{folder} was written by another run meanwhile; this run's results were not "
                "kept (pass --force to replace it)"
            )
        check_replaceable(folder)  # again: the folder may have changed since the run began
        trash = Path(
            tempfile.mkdtemp(prefix=f".{folder.name}.old-{os.getpid()}-", dir=folder.parent)
        )
        _mark(trash)
        try:
            os.rename(folder, trash / "run")
        except FileNotFoundError:  # another writer moved it away first: try again
            shutil.rmtree(trash, ignore_errors=True)
            continue
        try:
            os.rename(tmp, folder)
        except OSError as exc:
            try:  # put the old run back rather than lose it
                os.rename(trash / "run", folder)
                shutil.rmtree(trash, ignore_errors=True)
            except OSError:
                log.warning("the replaced run is kept in %s", trash / "run")
            if exc.errno not in _EXISTS:
                raise
            continue
        shutil.rmtree(trash, ignore_errors=True)
        return
    raise ResultsError(f"{folder}: other writers kept replacing it; try again")


def current_umask() -> int:
    """The process's umask, read without changing it where Linux shows it (``os.umask``
    would set it for a moment, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def run_dir(root: Path, sc: Scenario, run_id: str) -> Path:
    """Where a run of ``sc`` with ``run_id`` is stored under ``root``."""
    return root / sc.name / run_id


class RunWriter:
    """Writes one run folder atomically (a temporary folder, then a rename), and can begin with
    the orders table, by far the largest, as soon as the run's tables exist.

    :meth:`start` hands the orders table (and the trains and borders tables) to a second thread
    (Arrow's Parquet and CSV writers release the GIL), so that it is written while the run's
    summary is worked out;
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
        trains or borders tables): for large experiments where the KPIs are what counts.

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

    BESIDE = ("orders", "trains", "borders")
    """Tables written by the second thread: what the run's tables hold as they are (the daily
    table and the planner's answers are worked out from them by the first)."""

    def start(self, tables: dict[str, Table]) -> None:
        """Begin writing the orders, trains and borders tables in a second thread (nothing,
        when only summaries are kept); the tables must not change until :meth:`finish`."""
        if self._beside is not None or "orders" not in self.tables:
            return
        tmp = self._make_tmp()
        self._beside = ThreadPoolExecutor(max_workers=1)
        for stem in self.BESIDE:
            name = f"{stem}.{self.fmt}"
            self._written[name] = self._beside.submit(
                write_table, tmp / name, tables[TABLES[stem]], COLUMNS[stem], self.fmt, self.run
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
        from sim.output.analysis import daily_table
        from sim.output.planning_answers import planner_tables, write_rows_csv

        fmt = self.fmt
        try:
            if self.run is None:
                self.describe(result.scenario, result.seed)
            self.start(result.tables)  # if the caller did not
            tmp = self._make_tmp()
            text = result.scenario.to_commented_yaml()  # the user's comments kept
            files = {"scenario.yaml": _write_text(tmp / "scenario.yaml", text)}
            for stem in self.tables:
                name = f"{stem}.{fmt}"
                if name in self._written:
                    files[name] = {}  # written beside: keeps the manifest's order of files
                    continue
                if stem == "daily":
                    data = daily_table(result.tables, result.scenario.days, result.scenario.start)
                else:
                    data = result.tables[TABLES[stem]]
                files[name] = write_table(tmp / name, data, COLUMNS.get(stem), fmt, self.run)
            if "monitors" in result.tables and not self.summaries_only:  # reporting.monitors
                name = f"monitors.{fmt}"
                files[name] = write_table(
                    tmp / name, result.tables["monitors"], None, fmt, self.run
                )
            if not self.summaries_only:  # the planner's answers, with or without a report
                for name, rows in planner_tables(result.scenario, result.tables).items():
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


def build_manifest(
    sc: Scenario,
    seed: int,
    wall_s: float,
    clock_s: float,
    events: int,
    argv: list[str] | None = None,
) -> dict[str, Any]:
    """Provenance of a run (the only file that differs between identical runs).

    ``wall_s`` is the whole replication (set-up, the clock, tables and summary); ``clock_s``
    the part spent in SimPy's event loop, which is what a bare SimPy benchmark measures.
    """
    return {
        "package": "yiwu-sim",
        "version": __version__,
        "versions": dict(dependency_versions()),
        "platform": platform.platform(),
        "seed": seed,
        "scenario": sc.name,
        "scenario_sha256": scenario_hash(sc),
        "command": list(sys.argv if argv is None else argv),
        "wall_time_s": round(wall_s, 3),
        "clock_time_s": round(clock_s, 3),
        "events": events,
    }


MAX_JSON_BYTES = 16 << 20
"""Largest JSON file of a results folder that is read (a full-scale year's manifest and
summary take a few kB; a larger one was not written by yiwu-sim)."""
MAX_JSON_DEPTH = 64
"""Deepest nesting of a JSON file of a results folder that is read (yiwu-sim writes five)."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Only a regular file is opened (a FIFO would block for ever, ``/dev/zero`` never ends),
    without following a last symbolic link to somewhere else unnoticed, and at most
    ``limit + 1`` bytes are read whatever the file claims its size is.

    Raises
    ------
    ResultsError
        Naming the file: missing, not a regular file, unreadable or larger than ``limit``.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ResultsError(f"{path}: file is missing") from None
    except OSError as exc:
        raise ResultsError(f"{path}: unreadable ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ResultsError(f"{path}: not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ResultsError(f"{path}: unreadable ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ResultsError(f"{path}: larger than {limit:,} bytes; not a file yiwu-sim wrote")
    return data


def json_depth(data: Any) -> int:
    """How deeply ``data`` nests (a number: 0), counted without recursion."""
    deepest, todo = 0, [(data, 0)]
    while todo:
        item, depth = todo.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            todo.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            todo.extend((v, depth + 1) for v in item)
    return deepest


def read_json(path: Path, limit: int = MAX_JSON_BYTES) -> dict[str, Any]:
    """A JSON object from a file of a results folder: bounded in size and nesting, numbers
    finite and within a float (a 400-digit integer is refused, not read)."""
    raw = read_limited(path, limit)

    def number(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"the number {text[:20]}... is out of range")
        return value

    def integer(text: str) -> int:
        if len(text.lstrip("-")) > 19:  # beyond a 64-bit integer: no count or seed is
            raise ValueError(f"the integer {text[:20]}... has more than 19 digits")
        return int(text)

    def constant(text: str) -> Any:
        raise ValueError(f"{text} is not JSON (non-finite numbers are written as null)")

    try:
        data = json.loads(raw.decode("utf-8"), parse_float=number, parse_int=integer,
                          parse_constant=constant)  # fmt: skip
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ResultsError(f"{path}: damaged ({str(exc)[:200]})") from None
    if json_depth(data) > MAX_JSON_DEPTH:
        raise ResultsError(f"{path}: damaged (nested more than {MAX_JSON_DEPTH} levels deep)")
    if not isinstance(data, dict):
        raise ResultsError(
            f"{path}: damaged (a JSON object was expected, got {type(data).__name__})"
        )
    return data


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
