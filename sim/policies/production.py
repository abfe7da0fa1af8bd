"""Production: how the merchants' workshops run around the Spring Festival closure.

A policy gives each day's output as a share of full output (0 on closed days). Merchants turn it
into a production clock (:class:`ProductionClock`): production hours up to a time, and the time
at which a number of production hours is reached, so a backlog is made up at the rate the policy
allows, without a process per workshop (the per-actor reference runs one per merchant,
:mod:`sim.actors.workshops`, working each day at the day's share).

``calendar``
    Full output on every open day, none while the market is closed.
``ramp``
    As ``calendar``, but after each reopening output restarts at ``restart_share`` and rises
    linearly to full over ``ramp_days`` as workers return from their home provinces.
"""

from __future__ import annotations

import math

import numpy as np

from sim.policies.base import Policy, PolicySpec, policy_class, register


class ProductionPolicy(Policy, kind="production"):
    """Base of production policies."""

    def __init__(self, spec: PolicySpec) -> None:
        self.spec = spec

    def daily_output(self, open_day: np.ndarray) -> np.ndarray | None:
        """Each day's output as a share of full (``open_day``: the calendar's open days);
        None: full on open days, nothing on closed ones (the calendar's own arithmetic)."""
        raise NotImplementedError

    @property
    def decides_daily(self) -> bool:
        """Whether :meth:`overtime` is asked at the start of each day."""
        return bool(self.spec.overtime_share > 0)

    def overtime(self, backlog_teu: float, full_output_teu_per_day: float) -> float:
        """The day's output factor (1: as planned) from the market's backlog at its start."""
        if full_output_teu_per_day <= 0:
            return 1.0
        days = backlog_teu / full_output_teu_per_day
        return 1.0 + self.spec.overtime_share if days > self.spec.overtime_backlog_days else 1.0


@register("production", "calendar")
class CalendarProduction(ProductionPolicy):
    """Full output on open days."""

    def daily_output(self, open_day: np.ndarray) -> np.ndarray | None:
        return None


@register("production", "ramp")
class RampAfterClosure(ProductionPolicy):
    """Output restarts at ``restart_share`` after a closure and reaches full in ``ramp_days``."""

    def daily_output(self, open_day: np.ndarray) -> np.ndarray | None:
        out = open_day.astype(float)
        reopen = np.flatnonzero(open_day[1:] & ~open_day[:-1]) + 1
        s, n = self.spec.restart_share, self.spec.ramp_days
        ramp = s + (1.0 - s) * np.arange(n) / n  # day k after reopening
        for d in reopen.tolist():
            k = min(n, open_day.size - d)
            out[d : d + k] = np.where(open_day[d : d + k], ramp[:k], 0.0)
        return out


class ProductionClock:
    """Production hours from a daily output share: cumulative and inverse.

    Parameters
    ----------
    output
        Share of full output per day (the run and the padding after it); beyond, full.
    """

    def __init__(self, output: np.ndarray) -> None:
        self.output = np.asarray(output, dtype=float).copy()
        self.planned = self.output.copy()
        self.cum = np.concatenate(([0.0], np.cumsum(24.0 * self.output)))
        self.n = self.output.size

    def set_factor(self, day: int, factor: float) -> None:
        """Day ``day`` produces ``factor`` times its planned output (overtime, decided when the
        day starts); the days after stay as planned until they are decided in turn."""
        if not 0 <= day < self.n:
            return
        self.output[day] = self.planned[day] * factor
        self.cum[day + 1 :] = self.cum[day] + np.cumsum(24.0 * self.output[day:])

    def hours_until_many(self, t: np.ndarray) -> np.ndarray:
        """Production hours from the start of the run up to clock hours ``t``."""
        h = np.clip(t, 0.0, None)
        d = np.minimum((h // 24).astype(np.int64), self.n)
        rate = np.append(self.output, 1.0)[d]
        return self.cum[d] + rate * (h - 24.0 * d)

    def time_at_hours_many(self, target: np.ndarray, not_before: np.ndarray) -> np.ndarray:
        """Earliest clock time, not before ``not_before``, at which production hours reach
        ``target`` (an infinite target stays infinite)."""
        finite = np.isfinite(target)
        tgt = np.where(finite, target, 0.0)
        cum = self.cum
        # the day whose production brings the total to the target (a day with no output
        # never does: searchsorted skips flat stretches by taking the first day reaching it)
        d = np.minimum(np.maximum(np.searchsorted(cum, tgt, side="left"), 1) - 1, self.n)
        rate = np.append(self.output, 1.0)[d]
        inside = np.divide(tgt - cum[d], rate, out=np.zeros_like(tgt), where=rate > 0)
        t = np.maximum(24.0 * d + inside, not_before)
        return np.where(finite, t, target)

    def time_at_hours_one(self, target: float, not_before: float) -> float:
        """:meth:`time_at_hours_many` of one target, in plain Python (the per-actor
        reference): the same operations on the same numbers, so the same time."""
        if not math.isfinite(target):
            return target
        cum = self.cum
        d = min(max(int(np.searchsorted(cum, target, side="left")), 1) - 1, self.n)
        rate = float(self.output[d]) if d < self.n else 1.0
        inside = (target - float(cum[d])) / rate if rate > 0 else 0.0
        t = 24.0 * d + inside
        return t if t >= not_before else not_before


def make_production(spec: PolicySpec) -> ProductionPolicy:
    """The production policy the scenario names."""
    policy = policy_class("production", spec.rule)(spec)
    assert isinstance(policy, ProductionPolicy)
    return policy
