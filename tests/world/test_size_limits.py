"""The run-size limits (:mod:`sim.world.size_limits`): every source of records counts towards
a run's size, and a run too large is refused before it starts, naming the keys that made it."""

from __future__ import annotations

import pytest

from sim.errors import ScenarioError
from sim.world.inputs import load_scenario
from tests.conftest import ROOT
from tests.world.conftest import TEACHING


def test_other_operators_trains_on_a_flow_count_towards_the_runs_size():
    """A background flow of a billion trains a day was let through and the run took the
    machine's memory until the kernel killed it: it is refused before the run, as the same
    trains at one crossing were."""
    flow = "logistics.background_flows=[{name: x, path: [BRE, MAL], trains_per_day: 1.0e9}]"
    with pytest.raises(ScenarioError) as err:
        load_scenario(TEACHING, [flow])
    (problem,) = err.value.problems
    assert problem.startswith("the run would record about 300,000,000,")
    assert "logistics.background_flows.*.trains_per_day" in problem
    # the eastbound trains of a return share count too
    east = [
        "logistics.background_flows=[{name: x, path: [BRE, MAL], trains_per_day: 50000}]",
        "logistics.containers={pools_teu: {YIW: 1000}, eastbound: {enabled: true, "
        "background_share: 1.0}}",
    ]
    load_scenario(TEACHING, east[:1])  # 15 million crossings: within the limit
    with pytest.raises(ScenarioError, match="crossings, more than the 20,000,000"):
        load_scenario(TEACHING, east)


def test_too_many_crossings_names_the_eastbound_share_that_made_them():
    """``background_share`` multiplies every crossing's background trains: a huge one is refused
    before the run, and the problem names it among the keys to lower (it named only the others,
    so the user could not find the key they had typed)."""
    default = ROOT / "scenarios" / "spring_festival_2026.yaml"
    with pytest.raises(ScenarioError) as err:
        load_scenario(default, ["days=20", "logistics.containers.eastbound.background_share=1e12"])
    (problem,) = err.value.problems
    assert "crossings, more than the" in problem
    assert "logistics.containers.eastbound.background_share" in problem
