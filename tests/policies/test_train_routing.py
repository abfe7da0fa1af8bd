"""sim.policies.train_routing: a train keeps its line's path unless a crossing ahead is announced
closed when it would get there and a detour round it is expected to arrive sooner than waiting
for the reopening."""

from __future__ import annotations

from sim.policies.train_routing import Ahead, AvoidClosedCrossings, FixedPaths, make_train_routing
from sim.world.network import load_network

CROSSINGS = ("BRE", "MAL", "KEN", "MCK")


class View:
    """Closures as announced now (node -> (from_h, until_h)) and each crossing's hours."""

    def __init__(self, now: float, closed: dict[str, tuple[float, float]], hours: float = 10.0):
        self.now, self.closed, self.hours = now, closed, hours

    def is_crossing(self, node: str) -> bool:
        return node in CROSSINGS

    def crossings(self) -> list[str]:
        return list(CROSSINGS)

    def closed_until_h(self, node: str, at_h: float) -> float | None:
        start, end = self.closed.get(node, (0.0, -1.0))
        return end if start <= at_h < end else None

    def expected_crossing_h(self, node: str, at_h: float) -> float:
        return self.hours


# Minsk to Warsaw by Brest (2 h away) and Malaszewicze
AHEAD = Ahead(at="MSQ", nodes=("BRE", "MAL", "WAW"), hours_to=(6.0, 12.0, 16.0),
              destination="WAW")  # fmt: skip


def test_a_train_goes_round_a_closure_only_when_the_detour_is_quicker_than_waiting():
    net = load_network(calibrated=False)
    policy = make_train_routing("avoid_closed", None, net)
    assert isinstance(policy, AvoidClosedCrossings) and policy.active
    # Brest closed from now for 200 h: round it by Kena and Mockava (22.8 h running)
    path = policy.reroute(AHEAD, View(0.0, {"BRE": (0.0, 200.0)}))
    assert path is not None and [e.dst for e in path] == ["KEN", "VNO", "MCK", "WAW"]
    # closed only until just after the train gets there: waiting is quicker
    assert policy.reroute(AHEAD, View(0.0, {"BRE": (0.0, 7.0)})) is None
    # closing before the train gets there (at 6 h), for long: the detour
    assert policy.reroute(AHEAD, View(0.0, {"BRE": (5.0, 300.0)})) == path
    # closed now, open again by then: keeps its path
    assert policy.reroute(AHEAD, View(0.0, {"BRE": (0.0, 5.0)})) is None
    # the detour's crossings held long now: waiting is quicker again
    assert policy.reroute(AHEAD, View(0.0, {"BRE": (0.0, 200.0)}, hours=500.0)) is None
    assert policy.reroute(AHEAD, View(0.0, {})) is None


def test_no_detour_is_taken_through_a_crossing_closed_now():
    net = load_network(calibrated=False)
    policy = make_train_routing("avoid_closed", None, net)
    both = View(0.0, {"BRE": (0.0, 200.0), "KEN": (0.0, 200.0)})
    assert policy.reroute(AHEAD, both) is None  # Kena closed too: no other way to Warsaw


def test_fixed_paths_never_reroute():
    policy = make_train_routing("fixed", None, load_network(calibrated=False))
    assert isinstance(policy, FixedPaths) and not policy.active
    assert policy.reroute(AHEAD, View(0.0, {"BRE": (0.0, 1000.0)})) is None


def test_a_detour_takes_only_the_paths_its_crossings_grant_a_day():
    """With ``detour_paths_per_day`` 2, the third train that would reach Kena on the same day
    finds its paths taken and waits for the reopening; a train a day later goes round again.
    Without a limit, every train goes round a closure expected to last."""
    from types import SimpleNamespace

    net = load_network(calibrated=False)
    closed = {"BRE": (0.0, 2000.0)}
    limited = make_train_routing("avoid_closed", SimpleNamespace(detour_paths_per_day=2), net)
    went = [limited.reroute(AHEAD, View(0.0, closed)) for _ in range(3)]
    assert went[0] is not None and went[1] is not None and went[2] is None
    assert limited.reroute(AHEAD, View(24.0, closed)) is not None  # the next day's paths
    free = make_train_routing("avoid_closed", SimpleNamespace(detour_paths_per_day=None), net)
    assert all(free.reroute(AHEAD, View(0.0, closed)) is not None for _ in range(10))
