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


# Warsaw back to Minsk by Malaszewicze (8 h away) and Brest, eastbound
EAST = Ahead(at="WAW", nodes=("MAL", "BRE", "MSQ"), hours_to=(8.0, 14.0, 22.0),
             destination="MSQ", eastbound=True)  # fmt: skip


class EastView(View):
    """A view whose eastbound crossings hold a train ``east_hours`` (the westbound ones
    ``hours``)."""

    def __init__(self, now, closed, hours=10.0, east_hours=10.0):
        super().__init__(now, closed, hours)
        self.east_hours = east_hours

    def expected_east_crossing_h(self, node: str, at_h: float) -> float:
        return self.east_hours


def test_an_eastbound_train_goes_round_a_closure_on_the_edges_run_backwards():
    """A train from Warsaw to Minsk with Malaszewicze announced closed goes back by Mockava,
    Vilnius and Kena (the data's edges, run from their ends to their starts), when that is
    quicker than waiting, by the eastbound crossings' own lines."""
    net = load_network(calibrated=False)
    policy = make_train_routing("avoid_closed", None, net)
    path = policy.reroute(EAST, EastView(0.0, {"MAL": (0.0, 200.0)}))
    assert path is not None
    assert [(e.src, e.dst) for e in path] == [("MCK", "WAW"), ("VNO", "MCK"), ("KEN", "VNO"),
                                              ("MSQ", "KEN")]  # fmt: skip
    # closed only until just after it gets there: it waits
    assert policy.reroute(EAST, EastView(0.0, {"MAL": (0.0, 9.0)})) is None
    # the eastbound lines at Mockava and Kena long (the westbound ones short): it waits
    assert policy.reroute(EAST, EastView(0.0, {"MAL": (0.0, 200.0)}, east_hours=500.0)) is None
    # the westbound way from Warsaw leads nowhere near Minsk: no westbound detour is offered
    west = Ahead(at="WAW", nodes=("MAL",), hours_to=(8.0,), destination="MSQ")
    assert policy.reroute(west, EastView(0.0, {"MAL": (0.0, 200.0)})) is None


def test_a_detours_paths_a_day_are_counted_per_direction():
    """With ``detour_paths_per_day`` 1, one westbound and one eastbound train go round on the
    same day (a crossing is rated in trains a day each way); a second eastbound one waits."""
    from types import SimpleNamespace

    net = load_network(calibrated=False)
    closed = {"BRE": (0.0, 2000.0), "MAL": (0.0, 2000.0)}
    one = make_train_routing("avoid_closed", SimpleNamespace(detour_paths_per_day=1), net)
    assert one.reroute(AHEAD, EastView(0.0, closed)) is not None
    assert one.reroute(EAST, EastView(0.0, closed)) is not None
    assert one.reroute(EAST, EastView(0.0, closed)) is None
    assert one.reroute(AHEAD, EastView(0.0, closed)) is None
