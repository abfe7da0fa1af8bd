"""Loading: which closed containers board a departure, decided at its cut-off.

``fifo``
    First closed, first loaded (the forwarder's queue as it is).
``earliest_deadline``
    Containers holding goods with a deadline first, earliest deadline first (a container's
    deadline is the earliest of its orders'); then the rest, first closed first. This is what
    forwarders do in December and January, when festival goods go on the first train.

Either way the departure takes containers in that order while they fit; the first one goes even
if it is larger than the whole train (a large order's group), so nothing is stranded.
"""

from __future__ import annotations

import numpy as np

from sim.policies.base import NetworkView, Policy, PolicySpec, policy_class, register


class LoadingPolicy(Policy, kind="loading"):
    """Base of loading policies: :meth:`order` ranks the waiting containers."""

    def __init__(self, spec: PolicySpec) -> None:
        self.spec = spec

    def order(
        self, closed_h: np.ndarray, deadline_h: np.ndarray, route: int, view: NetworkView
    ) -> np.ndarray | None:
        """Positions of the waiting containers (in queue order, the order they closed) in the
        order they should board; None keeps the queue order."""
        raise NotImplementedError


@register("loading", "fifo")
class FirstClosedFirstLoaded(LoadingPolicy):
    """The queue as it is."""

    def order(
        self, closed_h: np.ndarray, deadline_h: np.ndarray, route: int, view: NetworkView
    ) -> np.ndarray | None:
        return None


@register("loading", "earliest_deadline")
class EarliestDeadlineFirst(LoadingPolicy):
    """Deadline goods first, earliest deadline first; ties and the rest in queue order."""

    def order(
        self, closed_h: np.ndarray, deadline_h: np.ndarray, route: int, view: NetworkView
    ) -> np.ndarray | None:
        key = np.where(np.isnan(deadline_h), np.inf, deadline_h)
        return np.argsort(key, kind="stable")


def make_loading(name: str, spec: PolicySpec) -> LoadingPolicy:
    """The loading policy the scenario names."""
    policy = policy_class("loading", name)(spec)
    assert isinstance(policy, LoadingPolicy)
    return policy
