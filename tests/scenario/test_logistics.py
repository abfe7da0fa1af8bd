"""sim.scenario.logistics: the logistics section refuses rates the simulation cannot schedule,
naming the key, the value and the least allowed."""

from __future__ import annotations

import pytest

from sim.errors import ScenarioError
from sim.experiment.single import simulate
from sim.world.inputs import validate_data

LEAST = 1e-6  # sim.scenario.logistics.MIN_RATE: one departure in about 19,000 years


@pytest.mark.parametrize(
    ("section", "key", "where"),
    [
        ({"lines": {"L12": {"trains_per_week": 5e-324}}}, "trains_per_week", "lines.L12"),
        ({"lines": {"L12": {"poisson_per_week": 5e-324}}}, "poisson_per_week", "lines.L12"),
        ({"sea": {"feeder_trains_per_day": 5e-324}}, "feeder_trains_per_day", "sea"),
    ],
)
def test_a_rate_too_small_to_schedule_is_refused_naming_key_value_and_floor(
    tiny, section, key, where
):
    # 5e-324 is above 0: it passed "> 0", and the run then stopped with a traceback
    # ("cannot convert float NaN to integer": the gap between departures was infinite)
    tiny["logistics"].update(section)
    with pytest.raises(ScenarioError) as info:
        validate_data(tiny, "t")
    (problem,) = info.value.problems
    assert problem.startswith(f"logistics.{where}.{key}: ")
    assert "greater than or equal to 0.000001" in problem and "5e-324" in problem


def test_a_line_and_a_feeder_at_the_least_rate_run(tiny):
    tiny["days"] = 10
    tiny["logistics"]["lines"] = {"L12": {"trains_per_week": LEAST}}
    tiny["logistics"]["sea"] = {"feeder_trains_per_day": LEAST}
    result = simulate(validate_data(tiny, "t"), None)
    # no train and no feeder in ten days: every order is still in Yiwu at the end
    assert result.summary["orders"]["placed"] > 0
    assert result.summary["orders"]["delivered"] == 0
    assert result.summary["orders"]["at_end"]["in_transit"] == 0
