"""What a border crossing recorded (:class:`sim.actors.borders.BorderCrossing` inherits it):
one row per train served, in the order the services ended, the trains waiting now, and the
queue and the waits as time series (the monitors of :mod:`sim.policies.monitors`).

A crossing logs each train as its service is decided (:meth:`BorderCrossing._arrive`: the
order of the decision, the departure or -1 for a background train, arrival, start and end of
service); everything here is derived from that log and the starts, up to the clock's time.
"""

from __future__ import annotations

import array
import bisect

import numpy as np


class CrossingRecords:
    """The records of a crossing (a part of :class:`sim.actors.borders.BorderCrossing`, which
    sets every attribute below)."""

    _log: array.array[float]
    _starts: array.array[float]

    def _clock(self) -> float:  # pragma: no cover - BorderCrossing's own
        raise NotImplementedError

    @property
    def log(self) -> list[tuple[int, int, float, float, float]]:
        """What happened here: (order of the record, departure or -1, arrive_h, start_h,
        end_h) per crossing, in the order they ended (built on each access)."""
        rec = self.records().tolist()
        return [(int(k), int(d), a, s, e) for k, d, a, s, e in rec]

    def records(self) -> np.ndarray:
        """The crossings served here by now, one row each, in the order they ended (ties by
        start, then in the order they were decided: :func:`in_end_order`): the order they
        were decided in (a count shared by the crossings of a run), departure (-1: a
        background train), arrive_h, start_h, end_h (numbers below 2**53 are exact)."""
        now = self._clock()  # first: the background trains due by now are served
        # a copy: a view would hold the buffer, and the log could not grow while it lives
        rec = np.frombuffer(self._log, dtype=float).reshape(-1, 5).copy()
        rec = rec[rec[:, 4] <= now]
        return rec[in_end_order(rec)]

    def own_waits(self) -> tuple[np.ndarray, np.ndarray]:
        """Departures of Yiwu's trains served here and the hours each waited."""
        rec = self.records()
        own = rec[:, 1] >= 0
        return rec[own, 1].astype(np.int64), rec[own, 3] - rec[own, 2]

    def waiting(self) -> tuple[np.ndarray, np.ndarray]:
        """The trains waiting for a server now (not in :meth:`records`, which holds the
        crossings finished): their departures (-1: background trains) and arrival hours."""
        now = self._clock()  # first: the background trains due by now join the line
        rec = np.frombuffer(self._log, dtype=float).reshape(-1, 5)
        n = bisect.bisect_right(self._starts, now)
        dep, arrive = rec[n:, 1].astype(np.int64), rec[n:, 2].copy()
        del rec  # the log's buffer must not stay exported (it grows)
        return dep, arrive

    def _started(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The arrivals by now, and the starts of service by now with the waits they ended
        (in the order they started: first come, first served)."""
        now = self._clock()  # first: the background trains due by now are served
        rec = np.frombuffer(self._log, dtype=float).reshape(-1, 5)
        n = bisect.bisect_right(self._starts, now)
        arrive, start = rec[:, 2].copy(), rec[:n, 3].copy()
        del rec  # the log's buffer must not stay exported (it grows)
        return arrive, start, start - arrive[:n]

    def queue_series(self) -> tuple[np.ndarray, np.ndarray]:
        """Trains waiting for a server over time, from the recorded arrivals and starts of
        service: the times of every change and the number waiting just after it (a step
        function; several changes at one time give one row, the last)."""
        arrive, start, _ = self._started()
        t = np.concatenate((arrive, start))
        step = np.concatenate((np.ones(arrive.size), -np.ones(start.size)))
        # at one time, arrivals before starts (a train served at once arrives, then starts)
        order = np.lexsort((-step, t))
        t, level = t[order], np.cumsum(step[order])
        last = np.append(t[1:] != t[:-1], True) if t.size else np.zeros(0, dtype=bool)
        return t[last], level[last]

    def wait_series(self) -> tuple[np.ndarray, np.ndarray]:
        """Each train's start of service here and the hours it waited for a server, in the
        order they started (background trains included)."""
        _, start, wait = self._started()
        return start, wait


def in_end_order(rec: np.ndarray) -> np.ndarray:
    """The order of crossing records (rows of :meth:`BorderCrossing.records`) by the end of
    their service; ties by the start (the order the ends would come in as events, each
    scheduled as its service started: at one crossing and across the crossings of a run),
    then in the order they were decided."""
    end = rec[:, 4]
    # by the end alone when no two ends are equal (then that is the whole order): a stable
    # sort that merges the runs of records already in order (each crossing's), about an
    # eighth of the time of sorting by all three keys
    order = np.argsort(end, kind="stable")
    ends = end[order]
    if ends.size > 1 and (bool(np.any(ends[1:] == ends[:-1])) or np.isnan(ends[-1])):
        return np.lexsort((rec[:, 0], rec[:, 3], end))
    return order
