"""A run as an event log: one row per thing that happened to an entity, for animation and
process-mining tools.

Built after the run from its recorded tables (the model records timestamps, not a log), in the
layout vidigi reads (``entity_id``, ``event_type``, ``event``, ``time``, ``resource_id``,
``pathway``, ``run_number``), which pandas-based process-mining tools take as they are:

- ``arrival_departure`` rows with ``event`` ``arrival`` and ``depart`` open and close each
  entity's journey;
- ``queue`` rows mark a moment where the entity waits (``wait_<BORDER>``) or reaches a stage;
- ``resource_use`` / ``resource_use_end`` rows mark service by one server of a resource
  (``served_<BORDER>`` and ``served_<BORDER>_end``), with the server's ``resource_id``.

Two kinds of entity:

``trains``
    Every departure from Yiwu (``entity_id`` = its ``departure_id``) and every other
    China-Europe train seen at a crossing (negative ids, one per crossing row): arrival at
    departure, then at each border crossing a wait, the service by a server and its end, and
    the departure at arrival. Servers are numbered 0, 1, ... per crossing, each service given
    the lowest server free at its start, so that no two services on one server overlap and at
    most as many numbers are used as the crossing had servers busy at once.
``orders``
    Every order: arrival when placed, ``ready`` and ``packed`` stages, the train that carried it
    as the resource (``on_train`` from departure to arrival, ``resource_id`` = departure id),
    and the departure at delivery. A default season has about 10^5 orders: filter first.

Times are hours since the run's start (the tables' ``*_h``); ``run_number`` is the seed.
"""

from __future__ import annotations

import heapq
from typing import Any

import numpy as np
import pyarrow as pa

from sim.results.table import distinct_text

Table = dict[str, np.ndarray]
ENTITIES = ("trains", "orders")
COLUMNS = ("entity_id", "event_type", "event", "time", "resource_id", "pathway", "run_number")


class _Rows:
    """The log's columns as lists, appended to row by row."""

    def __init__(self) -> None:
        self.cols: dict[str, list[Any]] = {c: [] for c in COLUMNS}

    def add(self, entity: int, kind: str, event: str, time: float, resource: int | None,
            pathway: str) -> None:  # fmt: skip
        if time != time:  # NaN: the stage was not reached in the run
            return
        c = self.cols
        c["entity_id"].append(entity)
        c["event_type"].append(kind)
        c["event"].append(event)
        c["time"].append(float(time))
        c["resource_id"].append(resource)
        c["pathway"].append(pathway)


def server_ids(start_h: np.ndarray, end_h: np.ndarray) -> np.ndarray:
    """A server number for each service (start, end) at one crossing: the lowest number free
    at its start (services ending at that moment free theirs first)."""
    out = np.zeros(start_h.size, dtype=np.int64)
    busy: list[tuple[float, int]] = []  # (end, server)
    free: list[int] = []
    used = 0
    for i in np.argsort(start_h, kind="stable").tolist():
        while busy and busy[0][0] <= start_h[i]:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            server = heapq.heappop(free)
        else:
            server, used = used, used + 1
        out[i] = server
        heapq.heappush(busy, (float(end_h[i]), server))
    return out


def _trains(tables: dict[str, Table], rows: _Rows) -> None:
    dep, cr = tables["departures"], tables["crossings"]
    line_of = {int(d): str(li) for d, li in zip(dep["departure_id"], dep["line"], strict=True)}
    for d, li, t in zip(dep["departure_id"].tolist(), dep["line"].tolist(),
                        dep["departed_h"].tolist(), strict=True):  # fmt: skip
        rows.add(d, "arrival_departure", "arrival", t, None, str(li))
    servers = np.zeros(cr["border"].size, dtype=np.int64)
    for border in distinct_text(cr["border"]):
        at = np.flatnonzero(cr["border"] == border)
        servers[at] = server_ids(cr["start_h"][at], cr["end_h"][at])
    for k, (d, b, a, s, e) in enumerate(zip(cr["departure_id"].tolist(), cr["border"].tolist(),
                                            cr["arrive_h"].tolist(), cr["start_h"].tolist(),
                                            cr["end_h"].tolist(), strict=True)):  # fmt: skip
        entity = d if d >= 0 else -(k + 1)
        path = line_of.get(d, "background")
        if d < 0:  # another China-Europe train: its journey is this crossing
            rows.add(entity, "arrival_departure", "arrival", a, None, path)
        rows.add(entity, "queue", f"wait_{b}", a, None, path)
        rows.add(entity, "resource_use", f"served_{b}", s, int(servers[k]), path)
        rows.add(entity, "resource_use_end", f"served_{b}_end", e, int(servers[k]), path)
        if d < 0:
            rows.add(entity, "arrival_departure", "depart", e, None, path)
    for d, li, t in zip(dep["departure_id"].tolist(), dep["line"].tolist(),
                        dep["arrived_h"].tolist(), strict=True):  # fmt: skip
        rows.add(d, "arrival_departure", "depart", t, None, str(li))


def _orders(tables: dict[str, Table], rows: _Rows) -> None:
    o = tables["orders"]
    names = ("order_id", "line", "placed_h", "ready_h", "packed_h", "departed_h", "arrived_h",
             "delivered_h", "departure_id")  # fmt: skip
    cols = [o[c].tolist() for c in names]
    for oid, li, placed, ready, packed, dep, arr, deliv, train in zip(*cols, strict=True):
        train = int(train) if train >= 0 else None
        rows.add(oid, "arrival_departure", "arrival", placed, None, li)
        rows.add(oid, "queue", "ready", ready, None, li)
        rows.add(oid, "queue", "packed", packed, None, li)
        if train is not None:
            rows.add(oid, "resource_use", "on_train", dep, train, li)
            rows.add(oid, "resource_use_end", "on_train_end", arr, train, li)
        rows.add(oid, "arrival_departure", "depart", deliv, None, li)


def event_log(tables: dict[str, Table], seed: int, entities: str = "trains") -> pa.Table:
    """The event log of a run's tables (module docstring), sorted by time (ties: in the order
    of the entity's journey).

    Raises
    ------
    ValueError
        For an unknown ``entities``.
    """
    if entities not in ENTITIES:
        raise ValueError(f"entities {entities!r}: use one of {', '.join(ENTITIES)}")
    rows = _Rows()
    (_trains if entities == "trains" else _orders)(tables, rows)
    c = rows.cols
    order = np.argsort(np.asarray(c["time"], dtype=float), kind="stable")
    take = pa.array(order)
    table = pa.table({
        "entity_id": pa.array(c["entity_id"], pa.int64()),
        "event_type": pa.array(c["event_type"], pa.string()),
        "event": pa.array(c["event"], pa.string()),
        "time": pa.array(c["time"], pa.float64()),
        "resource_id": pa.array(c["resource_id"], pa.int64()),
        "pathway": pa.array(c["pathway"], pa.string()),
        "run_number": pa.array([seed] * len(c["time"]), pa.int64()),
    })  # fmt: skip
    return table.take(take)
