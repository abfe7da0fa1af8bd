"""A run's results in memory: the result type, the table schema and the provenance of a run.

:class:`RunResult` holds one replication's resolved scenario, its tables (orders, departures,
crossings, days), its KPIs and its manifest. The schema constants name each table's columns and
how each kind of column is stored (names, dates, 32-bit amounts, counts), and which files a run
folder holds; :func:`build_manifest` records what was simulated, with which versions. Nothing
here reads or writes a file: the results folder itself is :mod:`sim.output.results`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import platform
import re
import sys
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import Any

from sim import __version__
from sim.results.table import Table
from sim.scenario import Scenario

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
DELTA_COLUMNS = {"order_id", "merchant", "departure_id"}
"""Integer columns written as deltas rather than a dictionary: ids that count up (0, 1, 2 ...)
take a few bytes for the whole column, where a dictionary of two million distinct ids took a
quarter of the orders' writing; merchants (75,000 at full scale) and departures are smaller so
too and sooner written (the full-scale year's orders file in 0.62 s and 92.7 MB against 0.66 s
and 93.0 MB with their dictionaries: median of 7 writes, 6 Dec 2026)."""
INT_COLUMNS = {
    "order_id", "merchant", "departure_id", "capacity_teu", "orders", "day",
    "buyers", "backorders", "trains",
}  # fmt: skip
INT_PREFIXES = ("queue_",)

TABLES = {"orders": "orders", "trains": "departures", "borders": "crossings", "daily": "daily"}
"""Table files of a run folder (file stem) and the key of each in :attr:`RunResult.tables`."""
COLUMNS = {"orders": ORDER_COLUMNS, "trains": TRAIN_COLUMNS, "borders": BORDER_COLUMNS}
OPTIONAL_COLUMNS = {"orders": ("box_wait_h",), "trains": ("blanked",)}
"""Columns a table has only in some runs (``box_wait_h``: a run with container pools;
``blanked``: a run whose sailings policy can blank sailings), written after the fixed ones when
present."""


def columns_of(stem: str, table: Any) -> tuple[str, ...] | None:
    """The columns written for table ``stem``: its fixed ones, then the optional ones it has
    (None: every column, for a table without a fixed list)."""
    fixed = COLUMNS.get(stem)
    if fixed is None:
        return None
    return (*fixed, *(c for c in OPTIONAL_COLUMNS.get(stem, ()) if c in table))


FORMATS = ("parquet", "csv")
SUMMARY_TABLES = ("daily",)
"""Tables a run keeps when only summaries are kept: the daily series (one row a day) is small,
and the warm-up detector (:mod:`sim.output.warmup`) reads it."""
CORE_FILES = ("scenario.yaml", "manifest.json", "summary.json")
PLANNER_FILES = ("last_safe_order.csv", "late_orders.csv")
"""The planner's answers (:mod:`sim.results.planning_answers`), written with the orders table."""


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
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """What was worked out from ``tables`` once, kept for whoever needs it next: the results
    folder's daily table and planner's answers, then the report drawn from them
    (:func:`sim.results.analysis.run_daily_table`,
    :func:`sim.results.planning_answers.planner_rows`). A run's tables do not change once it
    has them; the keys are not part of the result's value (``==`` ignores them)."""


NOT_HASHED = ("description_zh", "reporting.deadlines_not_judged")
"""Keys of a scenario that only say what its pages show (a translation of its description, the
deadlines its warnings leave aside), left out of :func:`scenario_hash`: a scenario that gains
them has the hash, and so tables, of the runs made before, byte for byte."""


def scenario_hash(sc: Scenario) -> str:
    """SHA-256 of the resolved scenario's YAML (identifies what was simulated), without the
    keys :data:`NOT_HASHED` names."""
    data = sc.model_dump(mode="json", by_alias=True, exclude_none=True)
    for key in NOT_HASHED:
        *head, last = key.split(".")
        part = data
        for name in head:
            part = part.get(name) or {}
        part.pop(last, None)
    return hashlib.sha256(sc.to_yaml(data).encode("utf-8")).hexdigest()


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
            out[pkg] = installed_version(pkg)
        except PackageNotFoundError:  # pragma: no cover - declared dependencies
            out[pkg] = "not installed"
    return out


CODE_FILES = (".py", ".csv", ".yaml", ".geojson")
"""The package's files whose content decides what a run computes and writes: its modules and
its data (the network, the rates, the calendars, the map). The explorer's page and the data's
README are not among them."""


@functools.cache  # the installed files do not change while a process runs
def code_sha256() -> str:
    """SHA-256 of the simulation's own code and data as installed (:func:`tree_sha256` of the
    ``sim`` package).

    Every change before a release keeps the package's version number; this tells two builds of
    one version apart, so that a researcher can cite, and reproduce, the code that made a result.
    A source checkout and an install of it give the same hash (the same files, by the same
    relative paths). About 1.5 MB are read and hashed, once a process (some 8 ms).
    """
    return tree_sha256(Path(__file__).resolve().parents[1])


_POLICY_CODE: dict[tuple[str, int], str] = {}
"""SHA-256 of a policy module's source, per module object: read once, as soon after its import
as a run asks, so that an edit of the file later in a session (a notebook's, without reloading
the module) is not taken for the code that runs."""


def policy_code(sc: Scenario) -> dict[str, str]:
    """SHA-256 of the source file of every module outside yiwu-sim that defines a policy the
    scenario chooses (``package.module:Class``, or a class registered from Python), by module
    name; empty when every policy is yiwu-sim's own.

    :func:`code_sha256` covers the simulation's own code only; a run that depends on a user's
    policy records this beside it, so that a result can be cited with the policy's code and a
    re-launched experiment makes again the runs of another version of it. A module without a
    source file (built in a notebook's ``__main__``) is left out; a policy's helper modules are
    not followed.
    """
    from sim.scenario.registry import plugin_modules

    out = {}
    for name in plugin_modules(sc):
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if module is None or not path:
            continue
        key = (name, id(module))
        if key not in _POLICY_CODE:
            try:
                _POLICY_CODE[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:  # a module loaded from an archive, say: no file to hash
                continue
        out[name] = _POLICY_CODE[key]
    return out


def tree_sha256(root: Path) -> str:
    """SHA-256 of every file under ``root`` with a suffix of :data:`CODE_FILES` (compiled
    bytecode folders left out), in the order of their relative paths, each hashed as its path,
    its length and its bytes, so that no other set of files hashes alike."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [os.path.join(folder, f) for f in files if f.endswith(CODE_FILES)]
    digest = hashlib.sha256()
    for path in sorted(Path(f).relative_to(root).as_posix() for f in found):
        rel = path.encode("utf-8")
        data = (root / path).read_bytes()
        digest.update(b"%d:%s:%d:" % (len(rel), rel, len(data)))
        digest.update(data)
    return digest.hexdigest()


_VERSION_FIELD = re.compile(r"^Version:[ \t]*(\S.*?)[ \t]*$", re.MULTILINE | re.IGNORECASE)


def installed_version(name: str) -> str:
    """The installed version of distribution ``name``, as ``importlib.metadata.version`` gives
    it.

    ``version`` parses the whole metadata file as an e-mail message (pydantic's holds its
    144 kB README: 8 ms for the manifest's eight packages); the ``Version`` field is read from
    the file's header block instead, with ``version``'s own reading where it is not found.

    Raises
    ------
    importlib.metadata.PackageNotFoundError
        If ``name`` is not installed.
    """
    dist = distribution(name)
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    found = _VERSION_FIELD.search(text.split("\n\n", 1)[0])
    return found.group(1) if found else dist.version


def platform_text() -> str:
    """The machine a run ran on, as :func:`platform.platform` words it, without the
    processor's name: that one runs ``uname -p`` as a subprocess, 10-25 ms of every run's
    provenance (it is empty on most Linux machines, and the machine's type is there)."""
    u = platform.uname()
    parts = [u.system, u.release, u.machine]
    if u.system == "Linux":
        name, version = platform.libc_ver()
        if name:
            parts += ["with", name + version]
    return "-".join(p for p in parts if p)


def build_manifest(
    sc: Scenario,
    seed: int,
    wall_s: float,
    clock_s: float,
    events: int,
    argv: list[str] | None = None,
) -> dict[str, Any]:
    """Provenance of a run (with ``report.html``, which prints it, the only file that differs
    between identical runs).

    ``wall_s`` is the whole replication (set-up, the clock, tables and summary); ``clock_s``
    the part spent in SimPy's event loop, which is what a bare SimPy benchmark measures.
    """
    policies = policy_code(sc)
    return {
        "package": "yiwu-sim",
        "version": __version__,
        "code_sha256": code_sha256(),
        **({"policy_code": policies} if policies else {}),
        "versions": dict(dependency_versions()),
        "platform": platform_text(),
        "seed": seed,
        "scenario": sc.name,
        "scenario_sha256": scenario_hash(sc),
        "command": list(sys.argv if argv is None else argv),
        "wall_time_s": round(wall_s, 3),
        "clock_time_s": round(clock_s, 3),
        "events": events,
    }
