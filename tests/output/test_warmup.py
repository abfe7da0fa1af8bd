"""MSER-5: a warm-up suggested from the daily series, on series whose answer is known."""

import numpy as np
import pytest

from sim.cli import main
from sim.errors import UsageError
from sim.model import Model
from sim.output.results import write_run
from sim.output.warmup import mser, overall, suggest_warmup
from sim.world.inputs import load_scenario
from tests.conftest import ROOT


def test_an_initial_transient_is_cut_where_it_ends():
    rng = np.random.default_rng(5)
    ramp = np.linspace(0.0, 50.0, 40)  # fills for 40 days, then fluctuates about 50
    series = np.concatenate([ramp, 50.0 + rng.normal(0.0, 2.0, 260)])
    d, stat = mser(series)
    assert d is not None and 30 <= d <= 50 and d % 5 == 0
    assert len(stat) == 300 // 5 // 2 + 1


def test_a_stationary_series_needs_no_warm_up():
    series = 10.0 + np.random.default_rng(6).normal(0.0, 1.0, 300)
    d, _ = mser(series)
    assert d is not None and d <= 25


def test_a_series_that_never_settles_gets_no_suggestion():
    series = np.linspace(0.0, 100.0, 300) ** 2  # grows to the end: no steady state
    assert mser(series)[0] is None
    assert mser([1.0, 2.0, 3.0])[0] is None  # too short to say


def test_mser_by_brute_force():
    z = np.random.default_rng(7).normal(size=100)
    _, stat = mser(z, batch=1)
    for d in (0, 10, 50):
        tail = z[d:]
        assert stat[d] == pytest.approx(((tail - tail.mean()) ** 2).sum() / len(tail) ** 2)


def test_a_run_folder_gets_a_suggestion_per_series(tmp_path, capsys):
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=60"])
    folder = write_run(Model(sc).run(), tmp_path / "run", fmt="csv")
    found = suggest_warmup([folder])
    assert found[0].series == "teu_waiting_yiwu" and found[0].batches == 12
    assert any(t.series.startswith("queue_") for t in found)
    assert overall(found) is None or overall(found) % 5 == 0
    assert main(["warmup", str(tmp_path)]) == 0
    assert "MSER-5" in capsys.readouterr().out
    # a series no run has: the option is wrong (exit 2, the README's rule), not the folder
    with pytest.raises(UsageError, match="--series: no run's daily table has the series 'nothing'"):
        suggest_warmup([folder], ["nothing"])
    assert main(["warmup", str(tmp_path), "--series", "nothing"]) == 2
