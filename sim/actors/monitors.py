"""Monitors from the actors' records, and a run's monitors as one table.

The series behind :class:`sim.policies.monitors.Monitor` are built from timestamps the actors
record as things happen (:meth:`sim.actors.borders.BorderCrossing.queue_series`,
:func:`level_series` over containers closing and departing); :func:`monitors_table` writes every
monitor of a run out as one long table (``monitor``, ``subject``, ``t_h``, ``value``).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from sim.policies.monitors import Monitor


def level_series(
    up_h: np.ndarray, up: np.ndarray, down_h: np.ndarray, down: np.ndarray, now: float
) -> tuple[np.ndarray, np.ndarray]:
    """A level from amounts added at ``up_h`` and removed at ``down_h`` (NaN or after ``now``:
    not yet): the times it changed up to ``now`` and its value just after each (additions
    before removals at one time; one row per time, the last)."""
    up_on = up_h <= now
    down_on = down_h <= now  # NaN compares false
    t = np.concatenate((up_h[up_on], down_h[down_on]))
    step = np.concatenate((up[up_on], -down[down_on])).astype(float)
    order = np.lexsort((-step, t))
    t, level = t[order], np.cumsum(step[order])
    last = np.append(t[1:] != t[:-1], True) if t.size else np.zeros(0, dtype=bool)
    return t[last], level[last]


class HasMonitors(Protocol):
    def monitors(self) -> list[str]: ...

    def monitor(self, name: str) -> Monitor: ...


def monitors_table(view: HasMonitors) -> dict[str, np.ndarray]:
    """Every monitor of a run as one long table: ``monitor`` (quantity), ``subject`` (crossing
    or line), ``t_h`` and ``value``, monitors in :meth:`monitors` order, rows in time order."""
    found = [view.monitor(name) for name in view.monitors()]
    sizes = [m.times_h.size for m in found]
    return {
        # text as objects, the monitors' own names (the rule of sim.results.table)
        "monitor": np.repeat(np.array([m.quantity for m in found], dtype=object), sizes),
        "subject": np.repeat(np.array([m.subject for m in found], dtype=object), sizes),
        "t_h": np.concatenate([m.times_h for m in found]) if found else np.zeros(0),
        "value": np.concatenate([m.values for m in found]) if found else np.zeros(0),
    }
