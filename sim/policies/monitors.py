"""Named monitors as policies see them: queues, waits and backlogs of the network as time series.

A monitor is what the network has recorded of one quantity at one place, up to the clock's
time. The actors derive each from timestamps they record as things happen (arrivals and starts
of service at a crossing, containers closing and departing: :mod:`sim.actors.monitors`); no
process samples anything. Policies read them through
:meth:`sim.policies.base.NetworkView.monitor`.

Names are ``<quantity>:<subject>``:

``queue:<crossing>``
    Trains waiting for a server at the crossing (background trains included), a level: each
    row is a time it changed and the number waiting just after.
``wait:<crossing>``
    Hours each train waited for a server there, one row per train at its start of service.
``at_yiwu:<line>``
    Container slots closed for the line and not yet departed from Yiwu (loaded on a departure
    that has not left, or waiting for one), a level. A container moved to another route by
    the roll-over policy counts on the new route from the time it moved (its time on the old
    route is not recorded).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

QUANTITIES: dict[str, tuple[str, bool, str]] = {
    "queue": ("trains", True, "Trains waiting for a server at the crossing."),
    "wait": ("hours", False, "Hours each train waited for a server, at its start of service."),
    "at_yiwu": ("slots", True, "Container slots closed for the line, not yet departed."),
}
"""By quantity: unit, whether it is a level (held until its next row) rather than one value per
event, and its meaning."""


@dataclass(frozen=True)
class Monitor:
    """One named time series: rows in time order up to the clock's time when it was read."""

    name: str
    times_h: np.ndarray
    values: np.ndarray

    @property
    def quantity(self) -> str:
        return self.name.split(":", 1)[0]

    @property
    def subject(self) -> str:
        return self.name.split(":", 1)[1]

    @property
    def unit(self) -> str:
        return QUANTITIES[self.quantity][0]

    @property
    def is_level(self) -> bool:
        """Whether each value holds until the next row (a queue), else one per event."""
        return QUANTITIES[self.quantity][1]

    def at(self, t_h: float) -> float:
        """A level's value at ``t_h`` (0 before its first row)."""
        k = int(np.searchsorted(self.times_h, t_h, side="right"))
        return float(self.values[k - 1]) if k else 0.0

    def mean(self, since_h: float, until_h: float) -> float:
        """Mean over [since_h, until_h): time-weighted for a level, else over the events in
        the window (NaN: none)."""
        if until_h <= since_h:
            return float("nan")
        if not self.is_level:
            inside = (self.times_h >= since_h) & (self.times_h < until_h)
            return float(self.values[inside].mean()) if inside.any() else float("nan")
        inside = (self.times_h > since_h) & (self.times_h < until_h)
        times = np.concatenate(([since_h], self.times_h[inside], [until_h]))
        levels = np.concatenate(([self.at(since_h)], self.values[inside]))
        return float(np.sum(levels * np.diff(times)) / (until_h - since_h))
