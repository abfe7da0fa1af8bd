"""Repositioning: how empty boxes get back to Yiwu, where forwarders pack goods into them.

Asked when Yiwu's box pool is short at a cut-off (:meth:`RepositioningPolicy.lease`) and when an
eastbound service leaves a European terminal with slots its import goods leave free
(:meth:`RepositioningPolicy.empties`). See docs/both-ways.md for the figures behind each.

``none``
    Nothing is done about empties: only boxes that carry import goods come back.
``return_on_eastbound``
    Empties waiting at a terminal fill an eastbound service's free slots (a return train's
    boxes were 71-82 % loaded, the rest empties: S, chinaebr.com citing China Railway), and a
    ship in a European port takes the port's empties back; each empty TEU costs
    ``empty_rail_usd_per_teu`` or ``empty_sea_usd_per_teu``.
``lease``
    A box short at Yiwu at a cut-off is leased there, at ``logistics.repositioning
    .lease_usd_per_teu`` a TEU (one way: it stays where its goods go).
"""

from __future__ import annotations

from sim.policies.base import NetworkView, Policy, PolicySpec, policy_class, register


class RepositioningPolicy(Policy, kind="repositioning"):
    """Base of repositioning policies: neither leases nor sends empties back."""

    uses_eastbound = False
    """Whether the policy sends empties on eastbound services (they must run)."""

    def __init__(self, spec: PolicySpec) -> None:
        self.spec = spec

    def lease(self, short_teu: int, view: NetworkView | None) -> int:
        """TEU of boxes to lease at Yiwu now, when ``short_teu`` are missing at a cut-off."""
        return 0

    def empties(self, free_slots: int, at_terminal_teu: int, view: NetworkView | None) -> int:
        """Empty TEU to load on an eastbound service with ``free_slots`` left by its imports,
        from ``at_terminal_teu`` boxes in the terminal's pool."""
        return 0


@register("repositioning", "none")
class NoRepositioning(RepositioningPolicy):
    """Empties stay where they were unloaded."""


@register("repositioning", "return_on_eastbound")
class ReturnOnEastbound(RepositioningPolicy):
    """Empties fill the slots an eastbound service's imports leave free."""

    uses_eastbound = True

    def empties(self, free_slots: int, at_terminal_teu: int, view: NetworkView | None) -> int:
        return max(0, min(free_slots, at_terminal_teu))


@register("repositioning", "lease")
class Lease(RepositioningPolicy):
    """Every box short at a cut-off is leased at Yiwu at once."""

    def lease(self, short_teu: int, view: NetworkView | None) -> int:
        return max(0, short_teu)


def make_repositioning(spec: PolicySpec) -> RepositioningPolicy:
    """The repositioning policy the scenario names."""
    cls = policy_class("repositioning", spec.rule)
    policy = cls(spec)
    assert isinstance(policy, RepositioningPolicy), f"{cls} is not a RepositioningPolicy"
    return policy
