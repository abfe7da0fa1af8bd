"""The limits on extra departures an operator schedules, shared by the rail operator's
dispatch (:mod:`sim.policies.dispatch`) and the carriers' extra loaders
(:mod:`sim.policies.sailings`): one pending at a time per route, and at most a number leaving in
any 7 days (wagon sets, locomotives and paths; ships to charter)."""

from __future__ import annotations


class ExtraDepartures:
    """The extra departures scheduled so far, per route, and whether another one may be.

    Parameters
    ----------
    per_week
        At most this many extras of a route leave within any 7 days.
    """

    def __init__(self, per_week: int) -> None:
        self.per_week = per_week
        self._added: dict[int, list[float]] = {}  # per route: departure times of its extras

    def allows(self, route: int, now: float, at_h: float) -> bool:
        """Whether an extra of ``route`` may be scheduled now to leave at ``at_h``: none of its
        extras is still to leave, and fewer than ``per_week`` leave within the 7 days before
        ``at_h``."""
        extras = self._added.get(route, ())
        if any(t > now for t in extras):
            return False
        return sum(1 for t in extras if t > at_h - 168.0) < self.per_week

    def add(self, route: int, at_h: float) -> None:
        """An extra of ``route`` leaves at ``at_h``."""
        self._added.setdefault(route, []).append(at_h)
