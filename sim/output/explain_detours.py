"""Which closure a Yiwu train that went round a closed crossing is counted under.

Notes
-----
With ``train_routing: avoid_closed`` a train goes round a closed crossing and never reaches
it, so no crossings table shows what the closure did to it. :class:`_LineTimes` estimates when
such a train would have reached each crossing it went round, at its line's nominal pace, and
:func:`_detours` gives each detouring train to the one closure that made it leave its line
(failing that, the window nearest its estimated hour there, within :data:`NEAR_H`), so two
closures with overlapping windows do not both count it.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class _LineTimes:
    """Each line's crossings and the nominal hours between the points of its path (running
    hours of the edges, plus the nominal dwell of the crossings passed on the way): when a
    train that went round a crossing would have reached it. Empty when the network cannot be
    read (the reasons are words beside the figures: they never stop a report)."""

    def __init__(self) -> None:
        self.at: dict[str, dict[str, float]] = {}  # line -> node -> nominal hours to reach it
        self.left: dict[str, dict[str, float]] = {}  # line -> crossing -> ... to leave it
        self.borders: dict[str, tuple[str, ...]] = {}  # line -> its crossings in path order
        try:
            from sim.world.network import load_network

            net = load_network()
        except Exception:
            return
        for lid, line in net.lines.items():
            total, at, left = line.journey_dwell_h, {}, {}
            for e in line.edges:
                total += e.hours
                at[e.dst] = total
                if e.dst in line.borders:
                    total += net.nodes[e.dst].border_dwell_h or 0.0
                    left[e.dst] = total
            self.at[lid], self.left[lid], self.borders[lid] = at, left, tuple(line.borders)

    def __bool__(self) -> bool:
        return bool(self.at)

    def went_round(
        self, line: str, departed_h: float, crossed: dict[str, float]
    ) -> list[tuple[str, float, float]]:
        """The crossings of ``line`` a train that left Yiwu at ``departed_h`` and crossed
        ``crossed`` (crossing -> hour it left it) went round, in path order, each with the
        hour it would have reached it, from the last crossing of the line it passed before it
        (or from Yiwu) at the line's nominal pace, and the hour it left that point (where a
        train decides its path: a detour round the crossing was decided then at the latest)."""
        if line not in self.at:
            return []
        at, left = self.at[line], self.left[line]
        out = []
        t0, offset = departed_h, 0.0  # the last point passed, and its nominal hours
        for b in self.borders[line]:
            if b in crossed:
                t0, offset = crossed[b], left[b]
            else:
                out.append((b, t0 + at[b] - offset, t0))
        return out


NEAR_H = 48.0
"""How far (hours) from a closure's window a detouring train's estimated hour at the crossing
may fall and still be that closure's: the estimate runs at the line's nominal pace from the
last crossing the train left, so it is off by hours (waits between crossings), not days.

An estimate (E). On the teaching world with Brest and Malaszewicze closed in overlapping
windows (``tests/output/test_explain_detours.py``, 2 replications) the counts, 6 and 8 trains,
are the same for any bound from 12 hours to none; told of a one-day window at Brest instead, its
count is 0 at 12 or 24 hours and 2 from 48 hours on, and Malaszewicze's 10, 12, or 14 with no
bound (the trains that went round Brest a week before it closed)."""


def _detours(
    deps: dict[str, Any] | None,
    cr: dict[str, Any],
    windows: list[tuple[list[str], float, float, float, Any]],
    route: _LineTimes,
) -> list[dict[int, float]]:
    """For each closure window (the crossings it closes, start, end and announcement hour) the
    departures of one run that went round it, with the km each added. A train belongs to one
    closure: the first crossing on its path it went round whose window it would have reached
    it in, among the closures announced when it left the last point before that crossing (the
    one that made it leave its line: a train goes round only a closure known when it decides;
    beyond it, the detour avoids the others anyway); failing that (its pace was not the line's
    nominal one), the window nearest to the hour it would have been there, within
    :data:`NEAR_H`, among those announced by then. None is a train no known closure explains."""
    owned: list[dict[int, float]] = [{} for _ in windows]
    if deps is None or "rerouted" not in deps or "detour_km" not in deps:
        return owned
    km = np.asarray(deps["detour_km"], float)
    rows = np.flatnonzero(np.asarray(deps["rerouted"], bool) & (km > 0))
    if not rows.size:
        return owned
    dep_ids = np.asarray(deps.get("departure_id", np.arange(km.size)))
    lines = np.asarray(deps["line"]).astype(str)
    departed = np.asarray(deps["departed_h"], float)
    arrived = np.nan_to_num(np.asarray(deps["arrived_h"], float), nan=np.inf)
    ids, borders = np.asarray(cr["departure_id"]), np.asarray(cr["border"]).astype(str)
    ends = np.asarray(cr["end_h"], float)
    for r in rows.tolist():
        mine = ids == dep_ids[r]
        crossed = dict(zip(borders[mine].tolist(), ends[mine].tolist()))
        skipped = route.went_round(str(lines[r]), float(departed[r]), crossed)
        owner = next((g for b, t, t0 in skipped
                      for g, (nodes, lo, hi, told, _) in enumerate(windows)
                      if b in nodes and lo <= t < hi and told <= t0), None)  # fmt: skip
        if owner is None:
            near = [(max(lo - t, t - hi), g) for b, t, t0 in skipped
                    for g, (nodes, lo, hi, told, _) in enumerate(windows)
                    if b in nodes and told <= t0 and departed[r] < hi and arrived[r] > lo
                    and max(lo - t, t - hi) <= NEAR_H]  # fmt: skip
            owner = min(near)[1] if near else None
        if owner is not None:
            owned[owner][int(dep_ids[r])] = float(km[r])
    return owned
