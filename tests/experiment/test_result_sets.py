"""sim.experiment.result_sets: a replication set, comparison or sweep as a researcher reads it
(tidy rows, a data frame)."""

from __future__ import annotations

import sys

import pytest

from sim.errors import SimError
from sim.experiment.runs import run_replications
from tests.experiment.test_runs import _sc


def test_tidy_rows_and_dataframe(tmp_path, monkeypatch):
    rs = run_replications(_sc(), 2, out=tmp_path)
    rows = rs.rows()
    assert {"scenario", "kpi", "mean", "ci_low", "ci_high"} <= set(rows[0])
    pd = pytest.importorskip("pandas")
    df = rs.to_dataframe()
    assert isinstance(df, pd.DataFrame) and len(df) == len(rows)
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(SimError, match="needs pandas"):
        rs.to_dataframe()


def test_compared_scenarios_that_share_a_name_get_their_place_before_it(tiny):
    from sim.experiment.result_sets import comparison_labels
    from sim.world.inputs import validate_data

    def named(name):
        return validate_data({**tiny, "name": name}, name)

    scenarios = [named("base"), named("busy"), named("base")]
    assert comparison_labels(scenarios) == ["0-base", "busy", "2-base"]
    assert comparison_labels(scenarios[:2]) == ["base", "busy"]
