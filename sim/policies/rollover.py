"""Roll-over: what happens to a closed container its route's departure leaves behind.

Asked after each departure from Yiwu has loaded, for the containers still waiting.

``next_departure``
    It waits for the route's next departure (today's practice; the queue order is kept).
``sea``
    A rail container that has waited ``after_h`` since it closed moves to the sea route that
    serves its destination, if there is one; unloading and re-booking take ``switch_h`` before
    it can leave on a feeder train to Ningbo.
``live``
    A rail container moves to the sea route of its destination when, by the live state, its
    line is expected to deliver more than ``threshold_h`` later than the sea route would,
    re-booking (``switch_h``) included: what forwarders did when the Poland-Belarus border
    closed in September 2025.
"""

from __future__ import annotations

import contextlib

import numpy as np

from sim.policies.base import NetworkView, Policy, PolicySpec, policy_class, register, view_method


class RollOverPolicy(Policy, kind="rollover"):
    """Base of roll-over policies: :meth:`move` says which waiting containers go elsewhere."""

    def __init__(self, spec: PolicySpec, sea_route_of_dest: np.ndarray, is_rail: np.ndarray):
        self.spec = spec
        self.sea_route_of_dest = sea_route_of_dest  # by destination index; -1 none
        self.is_rail = is_rail  # by route index

    def move(
        self, route: int, closed_h: np.ndarray, dest: np.ndarray, view: NetworkView
    ) -> np.ndarray | None:
        """Target route per waiting container (-1: stays), or None when none moves."""
        raise NotImplementedError


@register("rollover", "next_departure")
class NextDeparture(RollOverPolicy):
    """Left-behind containers wait for the next departure of their route."""

    def move(
        self, route: int, closed_h: np.ndarray, dest: np.ndarray, view: NetworkView
    ) -> np.ndarray | None:
        return None


@register("rollover", "sea")
class RollToSea(RollOverPolicy):
    """Rail containers left behind for ``after_h`` move to the sea route of their destination."""

    def move(
        self, route: int, closed_h: np.ndarray, dest: np.ndarray, view: NetworkView
    ) -> np.ndarray | None:
        if not self.is_rail[route] or not closed_h.size:
            return None
        target = np.where(
            view.now - closed_h >= self.spec.after_h, self.sea_route_of_dest[dest], -1
        )
        return target if (target >= 0).any() else None


@register("rollover", "live")
class RollOverOnLiveState(RollOverPolicy):
    """A rail container moves to sea when its line is expected ``threshold_h`` later."""

    def move(
        self, route: int, closed_h: np.ndarray, dest: np.ndarray, view: NetworkView
    ) -> np.ndarray | None:
        if not self.is_rail[route] or not closed_h.size:
            return None
        target = np.full(dest.size, -1, dtype=np.int64)
        switch = self.spec.switch_h
        # nothing moves while the policy weighs the destinations: the live state keeps what
        # it works out (each route's backlog, each journey) for all of them
        dests = np.unique(dest)
        seas = self.sea_route_of_dest[dests]
        dests, seas = dests[seas >= 0], seas[seas >= 0]
        snapshot = view_method(view, "snapshot")
        pairs = view_method(view, "expected_arrivals_pairs")
        with snapshot() if snapshot is not None else contextlib.nullcontext():
            if pairs is not None:  # the live state: every destination by rail and sea at once
                n = dests.size
                e = pairs(np.concatenate((np.full(n, route), seas)), np.concatenate((dests, dests)),
                          np.full(2 * n, view.now))  # fmt: skip
                late = (e[:n] - (e[n:] + switch)).tolist()
            else:
                late = [
                    view.expected_arrival_h(route, d) - (view.expected_arrival_h(sea, d) + switch)
                    for d, sea in zip(dests.tolist(), seas.tolist(), strict=True)
                ]
        for d, sea, x in zip(dests.tolist(), seas.tolist(), late, strict=True):
            if x > self.spec.threshold_h:
                target[dest == d] = sea
        return target if (target >= 0).any() else None


def make_rollover(
    spec: PolicySpec, sea_route_of_dest: np.ndarray, is_rail: np.ndarray
) -> RollOverPolicy:
    """The roll-over policy the scenario names."""
    policy = policy_class("rollover", spec.rule)(spec, sea_route_of_dest, is_rail)
    assert isinstance(policy, RollOverPolicy)
    return policy
