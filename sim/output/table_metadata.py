"""What a results table says about itself: units, the time origin, the run it came from.

A Parquet file of a run is read far from its folder: in DuckDB over a thousand runs, in polars,
in R. So each file carries, in its key-value metadata under ``yiwu_sim`` (JSON), the table
layout's ``schema_version``, the run it belongs to (scenario, seed, ``scenario_sha256`` as in
the manifest), the start day, the **time origin** of every ``*_h`` time column (00:00 of the
start day in Asia/Shanghai, ISO 8601 with its offset) and each column's unit; the same unit
and a one-line meaning are on each column of the Arrow schema too (``field.metadata``), which
pyarrow, polars' ``read_parquet_schema`` and ``pq.read_schema`` show. Nothing in it depends on
the machine or the clock: the same scenario and seed still give byte-identical files.

:func:`with_timestamps` turns the hour columns into time-zone aware timestamps from that
metadata, for anyone who would rather read dates than hours.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import numpy as np
import pyarrow as pa

TABLE_SCHEMA_VERSION = 2
"""Version of the tables' layout: 2 added the file metadata and wrote flags as booleans (1:
flags as 0/1 integers, no metadata)."""
METADATA_KEY = b"yiwu_sim"
TIMEZONE = "Asia/Shanghai"
UTC_OFFSET = timedelta(hours=8)  # China has kept UTC+8 all year since 1991

TIME_COLUMNS = {
    "deadline_h", "placed_h", "ready_h", "packed_h", "departed_h", "arrived_h", "delivered_h",
    "arrive_h", "start_h", "end_h",
}  # fmt: skip
"""Columns holding a moment: hours since the time origin."""
BOOL_COLUMNS = {"backordered", "rerouted", "extra"}
"""Flags, written as Parquet booleans (CSV: ``true`` / ``false``)."""

UNITS: dict[str, tuple[str, str]] = {
    "order_id": ("", "0, 1, 2 ... in time order"),
    "channel": ("", "buyer (market visit) or online"),
    "category": ("", "goods category"),
    "merchant": ("", "merchant index"),
    "destination": ("", "node id of the buyer's destination"),
    "mode": ("", "rail or sea"),
    "line": ("", "line or sea route id"),
    "teu": ("TEU", "size of the order / slots used"),
    "value_cny": ("CNY", "goods value"),
    "deadline_h": ("h", "deadline; null if none"),
    "backordered": ("bool", "the merchant had to produce the goods"),
    "placed_h": ("h", "order placed"),
    "ready_h": ("h", "goods at the consolidation point"),
    "packed_h": ("h", "container closed"),
    "departed_h": ("h", "left Yiwu"),
    "arrived_h": ("h", "at the destination"),
    "delivered_h": ("h", "released to the buyer"),
    "departure_id": ("", "row of the trains table (-1: other China-Europe trains)"),
    "co2e_kg": ("kg CO2e", "emissions of its TEU over the route"),
    "cost_usd": ("USD", "freight cost, disruption_usd included"),
    "disruption_usd": ("USD", "the part of its charge above the base rate (surcharges quoted)"),
    "quoted_usd_per_teu": ("USD/TEU", "the freight rate quoted when it was booked: what it pays"),
    "box_wait_h": ("h", "hours its container waited for a box at Yiwu (runs with container pools)"),
    "rerouted": ("bool", "moved to another route / took a detour around a closed crossing"),
    "kind": ("", "train, feeder or sailing"),
    "capacity_teu": ("TEU", "container slots"),
    "goods_teu": ("TEU", "goods loaded"),
    "orders": ("", "orders carried / placed"),
    "border_wait_h": ("h (duration)", "total wait for a server at border crossings"),
    "detour_km": ("km", "km added by its detours"),
    "extra": ("bool", "a departure the dispatch or sailings policy added to the timetable"),
    "blanked": ("", "0 sailed; 1 blanked ahead (festival); 2 blanked at loading (minimum fill)"),
    "border": ("", "node id of the crossing"),
    "arrive_h": ("h", "arrival at the crossing"),
    "start_h": ("h", "start of service"),
    "end_h": ("h", "end of service"),
    "wait_h": ("h (duration)", "start_h - arrive_h"),
    "day": ("day", "day index from the start"),
    "date": ("date", "calendar day (Asia/Shanghai)"),
    "buyers": ("visits", "buyer visits simulated (in scope)"),
    "backorders": ("", "orders backordered"),
    "trains": ("", "trains from Yiwu"),
}
"""Unit and meaning of every column (docs/results-reference.md has the long form)."""


def time_origin(start: date) -> str:
    """00:00 of the start day in Asia/Shanghai, ISO 8601 with its UTC offset."""
    return datetime.combine(start, time(0), timezone(UTC_OFFSET)).isoformat()


def column_unit(name: str) -> tuple[str, str]:
    """(unit, meaning) of a column; a time column's unit names its origin."""
    if name.startswith("queue_"):
        return "trains", f"waiting for a server at {name[6:]} at the end of the day"
    if name.startswith("teu_"):
        return "TEU", name[4:].replace("_", " ")
    unit, meaning = UNITS.get(name, ("", ""))
    if name in TIME_COLUMNS:
        unit = "h since time_origin"
    return unit, meaning


def describe(table: pa.Table, stem: str, run: dict[str, Any] | None) -> pa.Table:
    """``table`` with its file metadata and each column's unit (module docstring).

    ``run`` holds ``scenario``, ``seed``, ``scenario_sha256`` and ``start`` (a date); without
    it only the layout and the units are written.
    """
    units = {name: column_unit(name)[0] for name in table.column_names}
    meta: dict[str, Any] = {"schema_version": TABLE_SCHEMA_VERSION, "table": stem}
    if run is not None:
        meta |= {
            "scenario": run["scenario"],
            "seed": run["seed"],
            "scenario_sha256": run["scenario_sha256"],
            "start": run["start"].isoformat(),
            "time_origin": time_origin(run["start"]),
            "timezone": TIMEZONE,
        }
    meta["time_columns"] = [c for c in table.column_names if c in TIME_COLUMNS]
    meta["units"] = units
    fields = []
    for f in table.schema:
        unit, meaning = column_unit(f.name)
        fields.append(f.with_metadata({b"unit": unit.encode(), b"description": meaning.encode()}))
    schema = pa.schema(fields, metadata={METADATA_KEY: json.dumps(meta, sort_keys=True).encode()})
    return pa.Table.from_arrays(table.columns, schema=schema)


def read_metadata(schema: pa.Schema) -> dict[str, Any]:
    """The ``yiwu_sim`` metadata of a table's schema (``pyarrow.parquet.read_schema(path)``);
    empty for a file written before it existed."""
    raw = (schema.metadata or {}).get(METADATA_KEY)
    return json.loads(raw) if raw else {}


def with_timestamps(table: pa.Table, start: date | None = None) -> pa.Table:
    """The table with a ``<name>_at`` timestamp column (``timestamp[ms, tz=Asia/Shanghai]``)
    after every hour column (``placed_h`` -> ``placed_at``); nulls stay null.

    ``start`` defaults to the file's own metadata (a table read with ``pq.read_table``).
    """
    if start is None:
        origin = read_metadata(table.schema).get("start")
        if origin is None:
            raise ValueError("the table carries no start date: pass start=")
        start = date.fromisoformat(origin)
    base = np.datetime64(datetime.combine(start, time(0)) - UTC_OFFSET, "ms")  # as UTC
    kind = pa.timestamp("ms", tz=TIMEZONE)
    out = table
    for name in [c for c in table.column_names if c in TIME_COLUMNS]:
        hours = table[name].to_numpy(zero_copy_only=False).astype(float)
        missing = np.isnan(hours)
        ms = np.where(missing, 0, np.round(hours * 3_600_000)).astype(np.int64)
        stamps = pa.array(base + ms.astype("timedelta64[ms]"), mask=missing).cast(kind)
        at = out.column_names.index(name) + 1
        out = out.add_column(at, f"{name.removesuffix('_h')}_at", stamps)
    return out
