"""sim.experiment.single: one run, as every experiment runs one (simulated, and written while
it is simulated, leaving nothing behind when it fails)."""

from __future__ import annotations

import json

import pytest

from sim.model import Model
from sim.output import results
from sim.output.results import write_run
from sim.world.inputs import validate_data
from tests.conftest import TINY


@pytest.fixture(scope="module")
def result():
    """A run of the tiny world (as in tests/output/test_results.py)."""
    return Model(validate_data(dict(TINY), "test")).run()


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "manifest.json"}


def test_a_writer_started_on_the_tables_writes_the_same_folder(result, tmp_path):
    from sim.experiment.single import simulate_into

    plain = write_run(result, tmp_path / "plain")
    writer = results.RunWriter(tmp_path / "early")
    early = simulate_into(writer, result.scenario, result.seed)
    assert early.summary == result.summary
    assert _files(tmp_path / "early") == _files(plain)
    manifest = json.loads((tmp_path / "early" / "manifest.json").read_text())
    assert list(manifest["files"]) == list(
        json.loads((plain / "manifest.json").read_text())["files"]
    )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_run_that_fails_after_its_tables_leaves_nothing(result, tmp_path, monkeypatch):
    from sim import model
    from sim.experiment.single import simulate_into

    def broken(*args, **kwargs):
        raise RuntimeError("summary failed")

    monkeypatch.setattr(model, "summarise", broken)  # the orders table is being written then
    writer = results.RunWriter(tmp_path / "run")
    with pytest.raises(RuntimeError, match="summary failed"):
        simulate_into(writer, result.scenario, result.seed)
    assert list(tmp_path.iterdir()) == []


def test_a_run_whose_tables_fail_their_check_leaves_nothing(result, tmp_path, monkeypatch):
    """The orders table is being written while the tables are checked: a failed check stops
    the writer and removes what it wrote, and its message comes through."""
    from sim import model
    from sim.errors import ConservationError
    from sim.experiment.single import simulate_into

    started = []

    def broken(tables, lg):
        started.append(writer._beside is not None)  # the writer had begun
        raise ConservationError("an order counted on two departures")

    monkeypatch.setattr(model, "check_conservation", broken)
    writer = results.RunWriter(tmp_path / "run")
    with pytest.raises(ConservationError, match="two departures"):
        simulate_into(writer, result.scenario, result.seed)
    assert started == [True]
    assert list(tmp_path.iterdir()) == []


def test_a_replication_is_the_model_run_with_the_seed_given_or_the_scenarios_own(result):
    from sim.experiment.single import simulate

    again = simulate(result.scenario, None)
    assert again.seed == result.scenario.seed and again.summary == result.summary
    other = simulate(result.scenario, result.scenario.seed + 1)
    assert other.seed == result.scenario.seed + 1 and other.summary != result.summary


def test_run_and_write_writes_the_run_folder_it_returns_the_run_of(result, tmp_path):
    from sim.experiment.single import run_and_write
    from sim.output.results import load_run

    run = run_and_write(result.scenario, None, tmp_path / "run", fmt="csv")
    assert run.summary == result.summary
    assert load_run(tmp_path / "run").summary == json.loads(json.dumps(run.summary))
    assert (tmp_path / "run" / "orders.csv").is_file()
