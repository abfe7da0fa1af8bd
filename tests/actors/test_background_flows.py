"""Background flows (:mod:`sim.actors.background_flows`): other operators' trains, a Poisson stream
per flow."""

from __future__ import annotations

from sim.world.inputs import resolve, validate_data
from sim.world.random_streams import RandomStreams
from tests.worlds import LogisticsWorld


def _flow_world(tiny, flows, days=20):
    tiny["days"] = days
    tiny["buyers"]["destinations"] = {"ALA": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L12"],
        "lines": {"L12": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": 100}},
        "background_flows": flows,
    }
    tiny["scale"] = 1.0
    return LogisticsWorld(resolve(validate_data(tiny, "test")), ["ALA"])


def test_two_flows_of_one_name_share_their_stream_gap_by_gap(tiny):
    """Flows with the same name draw from one random stream: their gaps are drawn one at a
    time, as each train arrives, not in batches (which would hand the draws out otherwise)."""
    flows = [
        {"name": "same", "trains_per_day": 10, "path": ["HRG", "ALT"]},
        {"name": "same", "trains_per_day": 4, "path": ["HRG", "ALT"]},
    ]
    w = _flow_world(tiny, flows)
    w.start()
    w.env.run(until=24 * 20)
    got = sorted(c[2] for c in w.crossings if c[0] == -1 and c[1] == "HRG")
    # the same stream, drawn in the order the arrivals happen
    rng = RandomStreams(1).get("background:same")
    means = [24 / f["trains_per_day"] for f in flows]
    horizon = 24 * 20.0
    pending = []  # (time, flow) of each flow's next arrival
    for k, mean in enumerate(means):
        t = float(rng.exponential(mean))
        if t < horizon:
            pending.append((t, k))
    want = []
    while pending:
        pending.sort()
        t, k = pending.pop(0)
        want.append(t)
        nxt = t + float(rng.exponential(means[k]))
        if nxt < horizon:
            pending.append((nxt, k))
    served = [t for t in want if t < horizon - 24]  # those served by the end of the run
    assert got[: len(served)] == served
    assert len(got) > 100
