"""A run's results in memory and on disk: the results folder contract of DESIGN.md.

A run folder ``results/<scenario-name>/<run-id>/`` holds ``scenario.yaml`` (the resolved scenario),
``manifest.json`` (versions, seed, scenario hash, command line, wall time, event count),
``summary.json`` (the KPIs), ``orders.csv``, ``trains.csv``, ``borders.csv`` and ``daily.csv``.
It is written to a temporary folder beside its final place and renamed when complete, so a crash
never leaves a half-written run folder, and an existing folder is replaced only on request.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import json
import math
import os
import platform
import shutil
import sys
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


def write_csv(path: Path, table: Table, columns: tuple[str, ...] | None = None) -> None:
    """Write a column table as CSV (4 decimals, empty cell for NaN), column by column in
    chunks of rows; a table of several chunks is formatted by forked workers where that is
    safe (:mod:`sim.output.forking`), the chunks written in order."""
    cols = columns or tuple(table)
    n = len(table[cols[0]]) if cols else 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(cols)
        pieces = -(-n // CSV_CHUNK_ROWS)
        for text in ordered_map(lambda t, i: _chunk(t, cols, i), table, pieces):
            fh.write(text)


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


def read_csv(path: Path) -> Table:
    """Read a CSV written by :func:`write_csv` back into column arrays (in chunks of rows)."""
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
    return {
        col: np.concatenate(p) if p else _column(path, col, []) for col, p in zip(header, parts)
    }


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")


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
    if folder.exists() and not force:
        raise ResultsError(f"{folder} exists already; choose another --out or pass --force")
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f".{folder.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        (tmp / "scenario.yaml").write_text(result.scenario.to_yaml(), encoding="utf-8")
        write_csv(tmp / "orders.csv", result.tables["orders"], ORDER_COLUMNS)
        write_csv(tmp / "trains.csv", result.tables["departures"], TRAIN_COLUMNS)
        write_csv(tmp / "borders.csv", result.tables["crossings"], BORDER_COLUMNS)
        write_csv(
            tmp / "daily.csv",
            daily_table(result.tables, result.scenario.days, result.scenario.start),
        )
        _write_json(tmp / "summary.json", result.summary)
        _write_json(tmp / "manifest.json", result.manifest)
        if folder.exists():
            trash = folder.parent / f".{folder.name}.old-{os.getpid()}"
            folder.rename(trash)
            tmp.rename(folder)
            shutil.rmtree(trash)
        else:
            tmp.rename(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for stale in folder.parent.glob(f".{folder.name}.tmp-*"):  # left by a killed writer
        shutil.rmtree(stale, ignore_errors=True)
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


def load_run(folder: str | Path) -> RunResult:
    """Read a run folder back (tables, summary, manifest, scenario).

    Raises
    ------
    ResultsError
        Naming the file that is missing or damaged.
    """
    from sim.scenario import parse_yaml
    from sim.world.inputs import validate_data

    folder = Path(folder)
    if not folder.is_dir():
        raise ResultsError(f"{folder}: not a results folder")
    for name in RUN_FILES:
        if not (folder / name).is_file():
            raise ResultsError(f"{folder / name}: file is missing (incomplete run folder)")
    docs = {}
    for name in ("summary.json", "manifest.json"):
        try:
            docs[name] = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ResultsError(f"{folder / name}: damaged ({exc})") from None
    try:
        sc = validate_data(
            parse_yaml((folder / "scenario.yaml").read_text(encoding="utf-8"), "scenario.yaml"),
            str(folder / "scenario.yaml"),
        )
    except Exception as exc:  # a ScenarioError here means the folder was edited or damaged
        raise ResultsError(f"{folder / 'scenario.yaml'}: damaged ({exc})") from None
    tables = {
        "orders": read_csv(folder / "orders.csv"),
        "departures": read_csv(folder / "trains.csv"),
        "crossings": read_csv(folder / "borders.csv"),
        "daily": read_csv(folder / "daily.csv"),
    }
    return RunResult(
        sc,
        int(docs["manifest.json"].get("seed", sc.seed)),
        tables,
        docs["summary.json"],
        docs["manifest.json"],
    )
