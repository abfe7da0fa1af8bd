"""Train routing: which path a departure (or a background train) takes through the network.

Asked as a train is about to run its next leg, so a train reacts to a closure when it is
announced, and a train already past the branch point simply meets the closure and waits.

``fixed``
    Trains keep their line's path.
``avoid_closed``
    If a crossing ahead on the path is announced closed for the time the train would reach it,
    the train takes the quickest detour avoiding every crossing announced closed then
    (:func:`sim.world.paths.detour`), when that is expected to arrive sooner than waiting for
    the reopening (running hours, and at each of the detour's crossings the trains queueing
    there now and its service); with ``logistics.detour_paths_per_day``, only while each of
    the detour's crossings has a path left for the day the train would get there.

Both ways: an eastbound train (Yiwu's eastbound services, other operators' trains running
back) asks the same question with ``Ahead.eastbound``, and its detour is searched on the
network's edges run backwards. A detour's paths (``logistics.detour_paths_per_day``) are
counted per crossing, day and direction: crossings are rated in pairs of trains a day, one
each way, and a railway grants a path in each direction separately.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.policies.base import (
    NetworkView,
    Policy,
    PolicySpec,
    policy_class,
    register,
    view_method,
)
from sim.world.network import Edge, Network
from sim.world.paths import detour, reached


@dataclass(frozen=True)
class Ahead:
    """What a train has ahead of it: where it is, the nodes still to pass with the nominal
    hours until each, and its destination; ``fixed_h``, the hours it spends whichever path it
    takes (at its origin, before its first leg: the line's journey dwell of terminal handling
    and marshalling, which ``hours_to`` includes and a path of graph edges does not);
    ``eastbound``, a train running the network's edges backwards, towards Yiwu (its detour
    is searched so, and its crossings are the eastbound ones)."""

    at: str
    nodes: tuple[str, ...]
    hours_to: tuple[float, ...]
    destination: str
    fixed_h: float = 0.0
    eastbound: bool = False


class TrainRoutingPolicy(Policy, kind="train_routing"):
    """Base of train-routing policies: :meth:`reroute` returns a new path or None."""

    active = False
    """Whether the policy ever changes a path (trains skip the check when not)."""

    answers = ("reroute",)  # a class of one's own that defines one of them is asked

    def __init__(self, spec: PolicySpec, net: Network) -> None:
        self.spec = spec
        self.net = net

    def reroute(self, ahead: Ahead, view: NetworkView) -> list[Edge] | None:
        raise NotImplementedError


@register("train_routing", "fixed")
class FixedPaths(TrainRoutingPolicy):
    """Trains keep their line's path."""

    active = False  # never changes one: trains skip asking

    def reroute(self, ahead: Ahead, view: NetworkView) -> list[Edge] | None:
        return None


@register("train_routing", "avoid_closed")
class AvoidClosedCrossings(TrainRoutingPolicy):
    """Detour around crossings announced closed, when the detour is expected to be quicker
    and, with ``logistics.detour_paths_per_day``, each of its crossings has a path left for
    the day the train would get there."""

    active = True

    def __init__(self, spec: PolicySpec, net: Network) -> None:
        super().__init__(spec, net)
        self.paths_per_day: int | None = getattr(spec, "detour_paths_per_day", None)
        # detouring trains booked per crossing, day (of when each would get there) and
        # direction (eastbound or not): a crossing is rated in trains a day each way
        self._paths: dict[tuple[str, int, bool], int] = {}

    def reroute(self, ahead: Ahead, view: NetworkView) -> list[Edge] | None:
        now = view.now
        closed_ahead = []
        wait_h = 0.0
        for node, hours in zip(ahead.nodes, ahead.hours_to):
            if not view.is_crossing(node):
                continue
            end = view.closed_until_h(node, now + hours)
            if end is not None:
                closed_ahead.append(node)
                wait_h = max(wait_h, end - (now + hours))
        if not closed_ahead:
            return None
        avoid = set(closed_ahead) | {n for n in view.crossings() if view.closed_until_h(n, now)}
        east = ahead.eastbound
        path = detour(self.net, ahead.at, ahead.destination, avoid, east)
        if path is None:
            return None
        crossing_h = view.expected_crossing_h
        if east:  # the eastbound crossings' own lines (a view without them: the westbound's)
            crossing_h = view_method(view, "expected_east_crossing_h") or crossing_h
        stay_h = ahead.hours_to[-1] + wait_h if ahead.hours_to else wait_h
        # the detour as it stands now: running hours, and at each crossing the line ahead
        # of the train (trains already queueing there: not only the recent waits, which lag
        # and would send every train the same way at once)
        go_h = ahead.fixed_h  # the journey dwell at the origin, which a detour has too
        # each crossing of the detour, the day it gets there, the direction
        days: list[tuple[str, int, bool]] = []
        for e in path:
            go_h += e.hours
            node = reached(e, east)
            if view.is_crossing(node):
                days.append((node, int((now + go_h) // 24.0), east))
                go_h += crossing_h(node, now + go_h)
        if go_h >= stay_h:
            return None
        limit, paths = self.paths_per_day, self._paths
        if limit is not None:
            if any(paths.get(k, 0) >= limit for k in days):
                return None  # no path left that day: the train waits for the reopening
            for k in days:
                paths[k] = paths.get(k, 0) + 1
        return path


def make_train_routing(name: str, spec: PolicySpec, net: Network) -> TrainRoutingPolicy:
    """The train-routing policy the scenario names."""
    policy = policy_class("train_routing", name)(spec, net)
    assert isinstance(policy, TrainRoutingPolicy)
    return policy
