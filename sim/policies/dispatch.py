"""Dispatch: the rail operator's answer to its bookings — extra trains when goods pile up at
Yiwu, and cancelled (merged) departures that would run nearly empty.

Asked at each departure's cut-off, after the forwarder has packed and loaded it, with what is
known then: the slots the departure will carry, the closed containers and ready goods it leaves
behind, and the line's coming departures (:class:`sim.policies.base.NetworkView`).

``fixed``
    The timetable runs as published (the default).
``demand``
    When what a departure leaves behind reaches ``add_when_backlog_trains`` trainloads, the
    operator schedules an extra departure ``lead_h`` later (wagons, a locomotive and a path have
    to be found), but not before the departure itself (goods leave in the order their
    containers closed), at most ``max_extra_per_week`` in any 7 days and one pending at a time. A
    departure whose bookings (what it loaded and what still waits for the line) fill less than
    ``min_fill`` of its slots is cancelled when the line's next departure leaves within
    ``merge_within_h``: its containers wait for that one (merged).

Every limit is an estimate (E) with its basis in the scenario reference
(:class:`sim.scenario.schema.Dispatch`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.policies.base import NetworkView, Policy, PolicySpec, policy_class, register
from sim.policies.extras import ExtraDepartures


@dataclass(frozen=True)
class CutOff:
    """What the operator knows at a departure's cut-off (slots are container slots)."""

    route: int
    departure_h: float
    capacity: int
    loaded: int
    left_behind: int
    """Closed containers' slots still waiting after loading, plus ready loose goods at a
    typical fill."""


@dataclass(frozen=True)
class Decision:
    """The operator's answer: cancel this departure (its load waits), and/or add a departure
    leaving at ``add_at_h`` (None: none)."""

    cancel: bool = False
    add_at_h: float | None = None


KEEP = Decision()


class DispatchPolicy(Policy, kind="dispatch"):
    """Base of dispatch policies: :meth:`at_cutoff` answers at each rail cut-off."""

    active = False
    """Whether the policy ever changes the timetable (the timetable skips asking when not)."""

    answers = ("at_cutoff",)  # a class of one's own that defines one of them is asked

    def __init__(self, spec: PolicySpec) -> None:
        self.spec = spec

    def at_cutoff(self, cut: CutOff, view: NetworkView) -> Decision:
        """Cancel the departure, add one, or keep the timetable."""
        return KEEP


@register("dispatch", "fixed")
class FixedTimetable(DispatchPolicy):
    """The published timetable, whatever the bookings."""


@register("dispatch", "demand")
class DemandDispatch(DispatchPolicy):
    """Extra trains when the backlog passes a threshold, cancellations below a minimum fill,
    within the scenario's limits."""

    active = True

    def __init__(self, spec: PolicySpec) -> None:
        super().__init__(spec)
        self._extras = ExtraDepartures(spec.max_extra_per_week)

    def at_cutoff(self, cut: CutOff, view: NetworkView) -> Decision:
        s = self.spec
        now = view.now
        # the line's published departures after this one (the view lists them from the next)
        later = [(dep, n) for dep, n in view.next_departures(cut.route, 32) if n > 0]
        # under-filled: all the line's goods waiting, loaded or not, fill less than min_fill
        # (a train that loaded 8 of 10 slots because the next group of boxes did not fit,
        # with more waiting, is as full as it can be; cancelling it left the goods for the
        # next train, cancelled in turn, and the line stopped)
        cancel = (
            cut.capacity > 0
            and cut.loaded + cut.left_behind < s.min_fill * cut.capacity
            and bool(later)
            and later[0][0] - cut.departure_h <= s.merge_within_h
        )
        if cancel:
            # the goods merge into the next departure (within merge_within_h): an extra train
            # for them as well would postpone the departure, not merge it (one cancelled and
            # one added for the same goods whenever min_fill exceeds the add threshold)
            return Decision(cancel=True)
        waiting = cut.left_behind
        # never before the departure whose cut-off this is: it has loaded the oldest goods,
        # and an extra train leaving first (a lead shorter than the cut-off) would carry the
        # younger goods it left behind ahead of them
        add_at = max(now + s.lead_h, cut.departure_h)
        # what the departures leaving before an extra could take off the backlog
        need = waiting - sum(n for dep, n in later if dep <= add_at + 1e-9)
        if need < s.add_when_backlog_trains * max(cut.capacity, 1) or not self._extras.allows(
            cut.route, now, add_at
        ):
            return KEEP
        self._extras.add(cut.route, add_at)
        return Decision(add_at_h=add_at)


def make_dispatch(spec: PolicySpec) -> DispatchPolicy:
    """The dispatch policy the scenario names."""
    cls = policy_class("dispatch", spec.rule)
    policy = cls(spec)
    assert isinstance(policy, DispatchPolicy), f"{cls} is not a DispatchPolicy"
    return policy
