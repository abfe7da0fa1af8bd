"""A run's results in memory and on disk: the results folder contract of DESIGN.md.

A run folder ``results/<scenario-name>/<run-id>/`` holds ``scenario.yaml`` (the resolved scenario),
``manifest.json`` (versions, seed, scenario hash, command line, wall time, event count),
``summary.json`` (the KPIs), ``orders.csv``, ``trains.csv``, ``borders.csv`` and ``daily.csv``.
It is written to a temporary folder beside its final place and renamed when complete, so a crash
never leaves a half-written run folder, and an existing folder is replaced only on request.

Several writers may aim at the same folder at once (two terminals, two experiments): each owns a
temporary folder with a unique name that no one else removes while its process lives, the final
rename never replaces a folder without ``force``, and the loser is told so in one line. The
manifest lists every file with its row count and SHA-256, and :func:`load_run` checks them, so a
file cut short (even at a row boundary) or edited is reported, naming the file. Operating-system
errors while writing (a full disk) become one :class:`~sim.errors.ResultsError` line naming the
path.
"""

from __future__ import annotations

import csv
import errno
import functools
import hashlib
import io
import itertools
import json
import logging
import math
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from sim import __version__
from sim.errors import ResultsError
from sim.output.forking import ordered_map
from sim.scenario import Scenario

log = logging.getLogger(__name__)

Table = dict[str, np.ndarray]

ORDER_COLUMNS = (
    "order_id", "channel", "category", "merchant", "destination", "mode", "line", "teu",
    "value_cny", "deadline_h", "backordered", "placed_h", "ready_h", "packed_h", "departed_h",
    "arrived_h", "delivered_h", "departure_id", "co2e_kg", "cost_usd",
)  # fmt: skip
TRAIN_COLUMNS = (
    "departure_id", "line", "kind", "departed_h", "capacity_teu", "teu", "goods_teu", "orders",
    "arrived_h", "border_wait_h",
)  # fmt: skip
BORDER_COLUMNS = ("departure_id", "border", "arrive_h", "start_h", "end_h", "wait_h")
TEXT_COLUMNS = {"channel", "category", "destination", "mode", "line", "kind", "border", "date"}
INT_COLUMNS = {
    "order_id", "merchant", "backordered", "departure_id", "capacity_teu", "orders", "day",
    "buyers", "backorders", "trains",
}  # fmt: skip
INT_PREFIXES = ("queue_",)
RUN_FILES = ("scenario.yaml", "manifest.json", "summary.json", "orders.csv", "trains.csv",
             "borders.csv", "daily.csv")  # fmt: skip
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


@functools.cache  # installed versions do not change while a process runs
def dependency_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("simpy", "numpy", "networkx", "pydantic", "PyYAML", "scipy", "matplotlib"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:  # pragma: no cover - declared dependencies
            out[pkg] = "not installed"
    return out


CSV_CHUNK_ROWS = 50_000
"""Rows formatted (or parsed) at a time: a full-scale year's 2 million orders never sit in memory
as Python strings all at once."""


def _quote(text: str) -> str:
    """``text`` as a CSV cell, quoted exactly where Python's csv writer would quote it."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([text, ""])
    return buf.getvalue()[:-2]  # drop the empty second cell's comma and the line end


def _cells(values: np.ndarray) -> list[str]:
    """One column as CSV cells: text as it is (quoted where needed), integers as they are, other
    numbers with 4 decimals, NaN as an empty cell."""
    if values.dtype.kind in "OU":
        # few distinct texts (lines, destinations, categories): quote each once
        texts = (values if values.dtype.kind == "U" else values.astype(str)).tolist()
        quoted = {t: _quote(t) for t in set(texts)}
        return [quoted[t] for t in texts]
    if np.issubdtype(values.dtype, np.integer):
        return list(map(str, values.tolist()))  # Python's int -> str beats numpy's astype(str)
    return ["" if v != v else f"{v:.4f}" for v in values.tolist()]


def _chunk(table: Table, cols: tuple[str, ...], i: int) -> str:
    """Rows ``[i * CSV_CHUNK_ROWS, (i + 1) * CSV_CHUNK_ROWS)`` of ``table`` as CSV lines."""
    lo = i * CSV_CHUNK_ROWS
    cells = [_cells(table[c][lo : lo + CSV_CHUNK_ROWS]) for c in cols]
    return "\n".join(map(",".join, zip(*cells))) + "\n"


def write_csv(path: Path, table: Table, columns: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Write a column table as CSV (4 decimals, empty cell for NaN), column by column in
    chunks of rows; a table of several chunks is formatted by forked workers where that is
    safe (:mod:`sim.output.forking`), the chunks written in order.

    Returns
    -------
    dict
        ``{"rows": ..., "sha256": ...}`` of what was written, for the manifest.
    """
    cols = columns or tuple(table)
    n = len(table[cols[0]]) if cols else 0
    digest = hashlib.sha256()
    with path.open("wb") as fh:
        head = io.StringIO()
        csv.writer(head, lineterminator="\n").writerow(cols)
        pieces = -(-n // CSV_CHUNK_ROWS)
        texts = ordered_map(lambda t, i: _chunk(t, cols, i), table, pieces)
        for text in itertools.chain([head.getvalue()], texts):
            data = text.encode("utf-8")
            digest.update(data)
            fh.write(data)
    return {"rows": n, "sha256": digest.hexdigest()}


def _write_text(path: Path, text: str) -> dict[str, Any]:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return {"rows": None, "sha256": hashlib.sha256(data).hexdigest()}


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _column(path: Path, name: str, cells: Sequence[str]) -> np.ndarray:
    """Parse one column of a CSV written by :func:`write_csv`."""
    if name in TEXT_COLUMNS:
        return np.array(cells, dtype=str)
    try:
        if name in INT_COLUMNS or name.startswith(INT_PREFIXES):
            return np.fromiter(map(int, cells), np.int64, len(cells))
        return np.array([float(v) if v else math.nan for v in cells], dtype=float)
    except ValueError:
        raise ResultsError(f"{path}: column {name!r} holds a value that is not a number") from None


def read_csv(path: Path, expected_rows: int | None = None) -> Table:
    """Read a CSV written by :func:`write_csv` back into column arrays (in chunks of rows).

    With ``expected_rows`` (from the manifest), a file holding another number of rows is refused: a
    file cut at a row boundary parses cleanly and would otherwise be reported from.
    """
    parts: list[list[np.ndarray]] = []
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise ResultsError(f"{path}: empty file (no header)")
            parts = [[] for _ in header]
            while rows := list(itertools.islice(reader, CSV_CHUNK_ROWS)):
                if min(map(len, rows)) < len(header):
                    raise ResultsError(f"{path}: a row has fewer cells than the header")
                for j, cells in enumerate(zip(*rows)):
                    if j < len(header):
                        parts[j].append(_column(path, header[j], cells))
    except FileNotFoundError:
        raise ResultsError(f"{path}: file is missing") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ResultsError(f"{path}: unreadable ({exc})") from None
    out = {col: np.concatenate(p) if p else _column(path, col, []) for col, p in zip(header, parts)}
    got = len(next(iter(out.values()))) if out else 0
    if expected_rows is not None and got != expected_rows:
        raise ResultsError(
            f"{path}: holds {got:,} rows but the manifest lists {expected_rows:,} "
            "(cut short or edited)"
        )
    return out


def _write_json(path: Path, data: Any) -> dict[str, Any]:
    return _write_text(path, json.dumps(data, indent=2, sort_keys=False) + "\n")


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


def _remove_stale(folder: Path) -> None:
    """Remove temporary folders of ``folder`` left by writers that no longer run (killed);
    a live writer's temporary folder is never touched."""
    for stale in folder.parent.glob(f".{folder.name}.*-*"):
        if (".tmp-" in stale.name or ".old-" in stale.name) and not _alive(_pid_of(stale.name)):
            shutil.rmtree(stale, ignore_errors=True)


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
        if folder.is_symlink() or not folder.is_dir():
            raise ResultsError(f"{folder} is not a run folder (a link or a file); not replaced")
        trash = Path(
            tempfile.mkdtemp(prefix=f".{folder.name}.old-{os.getpid()}-", dir=folder.parent)
        )
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


def run_dir(root: Path, sc: Scenario, run_id: str) -> Path:
    """Where a run of ``sc`` with ``run_id`` is stored under ``root``."""
    return root / sc.name / run_id


def write_run(result: RunResult, folder: Path, *, force: bool = False) -> Path:
    """Write the run folder atomically (temporary folder, then rename).

    Raises
    ------
    ResultsError
        If ``folder`` exists and ``force`` is false.
    """
    from sim.output.analysis import daily_table

    folder = Path(folder)
    if folder.is_symlink():
        raise ResultsError(
            f"{folder} is a symbolic link; yiwu-sim does not replace links (remove it, or pass "
            "the folder it points to as --out)"
        )
    if folder.exists() and not force:
        raise ResultsError(f"{folder} exists already; choose another --out or pass --force")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        # unique to this writer: no other writer removes it while this process lives
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-{os.getpid()}-", dir=folder.parent))
    except OSError as exc:
        raise _os_error(exc, folder.parent) from None
    try:
        files = {"scenario.yaml": _write_text(tmp / "scenario.yaml", result.scenario.to_yaml())}
        files["orders.csv"] = write_csv(tmp / "orders.csv", result.tables["orders"], ORDER_COLUMNS)
        files["trains.csv"] = write_csv(
            tmp / "trains.csv", result.tables["departures"], TRAIN_COLUMNS
        )
        files["borders.csv"] = write_csv(
            tmp / "borders.csv", result.tables["crossings"], BORDER_COLUMNS
        )
        files["daily.csv"] = write_csv(
            tmp / "daily.csv",
            daily_table(result.tables, result.scenario.days, result.scenario.start),
        )
        files["summary.json"] = _write_json(tmp / "summary.json", result.summary)
        result.manifest["files"] = {name: files[name] for name in LISTED_FILES}
        _write_json(tmp / "manifest.json", result.manifest)
        _install(tmp, folder, force)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _os_error(exc, folder) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_stale(folder)
    return folder


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


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ResultsError(f"{path}: damaged ({str(exc)[:200]})") from None
    if not isinstance(data, dict):
        raise ResultsError(
            f"{path}: damaged (a JSON object was expected, got {type(data).__name__})"
        )
    return data


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
    for name in LISTED_FILES:
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
    seed = manifest.get("seed")
    if seed is not None and not (isinstance(seed, int) and not isinstance(seed, bool)):
        raise ResultsError(f"{path}: key 'seed' must be an integer, got {seed!r:.40}")
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
    for name in RUN_FILES:
        if not (folder / name).is_file():
            raise ResultsError(f"{folder / name}: file is missing (incomplete run folder)")
    manifest = _read_json(folder / "manifest.json")
    for name, entry in check_manifest(manifest, folder / "manifest.json").items():
        if name not in LISTED_FILES:
            continue
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


def load_run(folder: str | Path) -> RunResult:
    """Read a run folder back (tables, summary, manifest, scenario), verified against the
    manifest's row counts and hashes.

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
    rows = {name: entry["rows"] for name, entry in manifest["files"].items()}
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
        "orders": read_csv(folder / "orders.csv", rows["orders.csv"]),
        "departures": read_csv(folder / "trains.csv", rows["trains.csv"]),
        "crossings": read_csv(folder / "borders.csv", rows["borders.csv"]),
        "daily": read_csv(folder / "daily.csv", rows["daily.csv"]),
    }
    return RunResult(sc, int(manifest.get("seed", sc.seed)), tables, summary, manifest)
