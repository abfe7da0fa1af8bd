"""Cut-offs (:mod:`sim.actors.cutoffs`): what does not fit a train waits for the next departure."""

from __future__ import annotations

from tests.actors.test_logistics import _world


def test_train_capacity_leaves_the_rest_for_the_next_departure(tiny):
    env, _, rec = _world(
        tiny, lines={"L12": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": 2}}
    )
    ids = [rec.order(0.0, 0.8) for _ in range(3)]
    rec.start()
    env.run(until=24 * 10)
    assert rec.stage_times()["departed_h"][ids].tolist() == [10.0, 10.0, 178.0]
