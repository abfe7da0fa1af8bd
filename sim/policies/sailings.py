"""Sailings: the carriers' answer to the sea bookings at Ningbo — blank sailings in the weak
weeks after the Spring Festival and under-filled ones, and more space when boxes pile up at the
port.

Carriers on Asia–North Europe plan their Chinese New Year blank sailings weeks ahead and
announce them (the festival window), and at each sailing look at what is booked on it: a
sailing that would leave nearly empty is blanked and its boxes roll to the next one, and a
port full of rolled boxes gets a larger ship or an extra loader. A sea route's sailings ask
the policy twice, with what is known then (:class:`sim.policies.base.NetworkView`):

* :meth:`SailingsPolicy.at_notice`, ``notice_days`` before each published sailing: blank it
  (announced now: the live state stops counting on it) or keep it;
* :meth:`SailingsPolicy.at_cutoff`, when the sailing loads (its cut-off at the port: the boxes
  whose port dwell is over may board): blank it, take more boxes than its booked space, or
  order an extra loader.

``fixed``
    Every published sailing sails with its booked space (the default).
``carriers``
    A share ``festival_blank_share`` of the sailings leaving in the festival window (from
    ``festival_from_days`` to ``festival_to_days`` after the festival) is blanked, spread
    evenly through the window, each announced ``notice_days`` ahead. A sailing whose ready
    bookings fill less than ``min_fill`` of its space is blanked when the route's next sailing
    leaves within ``roll_within_h``. When the boxes at the port beyond the sailing's space reach
    ``add_when_backlog_sailings`` sailing loads, the sailing takes up to ``max_upsize_share``
    more (a larger ship on the loop); what is still left beyond what the published sailings
    before it can take calls an extra loader ``extra_lead_h`` later, at most
    ``max_extra_per_week`` in any 7 days and one pending at a time.

Each limit is marked S/D/E with its basis in the scenario reference
(:class:`sim.scenario.schema.Sailings`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.policies.base import NetworkView, Policy, PolicySpec, policy_class, register
from sim.policies.extras import ExtraDepartures


@dataclass(frozen=True)
class Notice:
    """A published sailing, ``notice_days`` before it leaves (space in container slots)."""

    route: int
    departure_h: float
    capacity: int
    festival_h: float | None
    """The Spring Festival (lunar 1/1, clock hours) nearest to the sailing (None: none)."""


@dataclass(frozen=True)
class SailingCutOff:
    """What the carrier knows when a sailing loads (slots are container slots)."""

    route: int
    departure_h: float
    capacity: int
    ready: int
    """Slots of the boxes at the port whose dwell is over: what the sailing could take."""
    arriving: int
    """Slots of the boxes at the port still in their dwell (for later sailings)."""
    coming: tuple[tuple[float, int], ...]
    """The route's later sailings that are not blanked: (departure time, slots)."""


@dataclass(frozen=True)
class SailingDecision:
    """The carrier's answer at a sailing's cut-off: blank it (its boxes roll), take
    ``extra_slots`` more than its booked space, and/or add a sailing at ``add_at_h``."""

    blank: bool = False
    extra_slots: int = 0
    add_at_h: float | None = None


SAIL = SailingDecision()


class SailingsPolicy(Policy, kind="sailings"):
    """Base of sailings policies: :meth:`at_notice` ahead of each published sailing and
    :meth:`at_cutoff` when it loads."""

    active = False
    """Whether the policy ever changes the sailings (the route skips asking when not)."""

    answers = ("at_notice", "at_cutoff")  # a class of one's own that defines one of them is asked

    notice_h: float = 0.0
    """How long before a published sailing :meth:`at_notice` is asked (clock hours)."""

    def __init__(self, spec: PolicySpec) -> None:
        self.spec = spec

    def at_notice(self, sailing: Notice, view: NetworkView) -> bool:
        """Whether to blank the sailing (announced now)."""
        return False

    def at_cutoff(self, cut: SailingCutOff, view: NetworkView) -> SailingDecision:
        """Blank the sailing, enlarge it, add one, or let it sail as published."""
        return SAIL


@register("sailings", "fixed")
class FixedSailings(SailingsPolicy):
    """The published sailings with their booked space, whatever the bookings."""


@register("sailings", "carriers")
class CarrierSailings(SailingsPolicy):
    """Festival blank sailings, blanks below a minimum fill, a larger ship or an extra loader
    past a port backlog, within the scenario's limits."""

    active = True

    def __init__(self, spec: PolicySpec) -> None:
        super().__init__(spec)
        self.notice_h = float(spec.notice_days) * 24.0
        # per (route, festival): sailings of the window seen so far, and how many blanked
        self._window: dict[tuple[int, float], list[int]] = {}
        self._extras = ExtraDepartures(spec.max_extra_per_week)

    def at_notice(self, sailing: Notice, view: NetworkView) -> bool:
        s = self.spec
        if sailing.festival_h is None or s.festival_blank_share <= 0:
            return False
        days = (sailing.departure_h - sailing.festival_h) / 24.0
        if not s.festival_from_days <= days < s.festival_to_days:
            return False
        seen = self._window.setdefault((sailing.route, sailing.festival_h), [0, 0])
        seen[0] += 1
        # spread evenly: the k-th sailing of the window is blanked when the share of the k
        # seen, rounded half up, asks for one more blank than so far
        if math.floor(s.festival_blank_share * seen[0] + 0.5) > seen[1]:
            seen[1] += 1
            return True
        return False

    def at_cutoff(self, cut: SailingCutOff, view: NetworkView) -> SailingDecision:
        s = self.spec
        now = view.now
        cap = cut.capacity
        if cap <= 0:  # a suspended line's sailing: nothing to decide
            return SAIL
        if (
            cut.ready < s.min_fill * cap
            and bool(cut.coming)
            and cut.coming[0][0] - cut.departure_h <= s.roll_within_h
        ):
            return SailingDecision(blank=True)
        threshold = s.add_when_backlog_sailings * cap
        left = cut.ready + cut.arriving - cap  # boxes at the port this sailing leaves behind
        if left < threshold:
            return SAIL
        # a larger ship: as much of the ready overflow as the limit allows
        extra = min(math.floor(s.max_upsize_share * cap), max(cut.ready - cap, 0))
        left -= extra
        add_at = now + s.extra_lead_h
        need = left - sum(n for dep, n in cut.coming if dep <= add_at + 1e-9)
        if need < threshold or not self._extras.allows(cut.route, now, add_at):
            return SailingDecision(extra_slots=extra)
        self._extras.add(cut.route, add_at)
        return SailingDecision(extra_slots=extra, add_at_h=add_at)


def make_sailings(spec: PolicySpec) -> SailingsPolicy:
    """The sailings policy the scenario names."""
    cls = policy_class("sailings", spec.rule)
    policy = cls(spec)
    assert isinstance(policy, SailingsPolicy), f"{cls} is not a SailingsPolicy"
    return policy
