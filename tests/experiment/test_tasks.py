"""sim.experiment.tasks: one run of an experiment as a worker does it."""

from __future__ import annotations

import sys

import pytest

import sim.experiment.runs as runs
import sim.experiment.tasks as tasks
from sim.errors import SimError
from tests.experiment.test_runs import _sc


def test_a_worker_that_cannot_import_a_policy_module_says_so_in_the_readers_language(tmp_path):
    import pickle

    from sim.cli.printing import _error_text

    task = runs.Task(_sc(), 1, tmp_path / "rep", plugins=("no_such_policy_module_xyz",))
    with pytest.raises(SimError) as info:
        tasks._import_plugins(task)
    exc = pickle.loads(pickle.dumps(info.value))  # as it travels back from the worker
    # said from its glossary key and values, not by reading its English back
    assert getattr(exc.args[0], "key", None) == "res:worker_import"
    assert str(exc) == (
        "policy module 'no_such_policy_module_xyz': a worker cannot import it: "
        "No module named 'no_such_policy_module_xyz'"
    )
    zh = _error_text(exc, "zh")
    assert "策略模块 'no_such_policy_module_xyz'" in zh and "无法导入" in zh
    assert "a worker cannot import it" not in zh


def test_the_command_a_manifest_records_is_yiwu_sims_or_the_callers_own(monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.setattr(sys, "argv", ["/venv/bin/yiwu-sim", "run", "a.yaml"])
    assert tasks.experiment_command() == ("yiwu-sim", "run", "a.yaml")
    monkeypatch.setattr(sys, "argv", [str(ROOT / "sim" / "__main__.py"), "compare"])
    assert tasks.experiment_command() == ("yiwu-sim", "compare")
    monkeypatch.setattr(sys, "argv", ["analysis.py", "--fast"])
    assert tasks.experiment_command() == ("analysis.py", "--fast")
    task = runs.Task(_sc(), 1, ROOT / "nowhere")
    assert task.argv == ("analysis.py", "--fast")  # recorded when the task is made


def test_a_run_on_disk_counts_as_done_only_when_complete_and_made_as_asked(tmp_path):
    """A complete run folder of the same scenario and seed is not run again; a missing one, a
    damaged one or one written in another format is."""
    task = runs.Task(_sc(), 5, tmp_path / "rep-000")
    assert tasks._complete(task) is None  # nothing there yet
    summary = tasks._simulate_and_write(task)
    assert tasks._complete(task) == summary
    other = runs.Task(task.scenario, 5, task.folder, fmt="csv")
    assert tasks._complete(other) is None
    (task.folder / "orders.parquet").write_bytes(b"cut")
    assert tasks._complete(task) is None


def test_a_reused_run_takes_the_description_and_deadlines_the_file_says_now(tmp_path):
    """The scenario's hash leaves out ``description_zh`` and
    ``reporting.deadlines_not_judged`` (they change no number): a file that gained them reused
    its old run folders, whose scenario.yaml, which the reports read, kept the old words and
    warnings. The reused folder's scenario.yaml is brought up to date; its tables and summary
    are the same bytes, and the folder still checks against its manifest."""
    from sim.output.arrow import file_sha256
    from sim.output.results import load_run

    task = runs.Task(_sc(), 5, tmp_path / "rep-000")
    summary = tasks._simulate_and_write(task)
    kept = {p.name: file_sha256(p) for p in task.folder.iterdir() if p.name != "scenario.yaml"}
    kept.pop("manifest.json")
    now = _sc("description_zh=一个新的说明", "reporting.deadlines_not_judged=[festival_goods]")
    again = runs.Task(now, 5, task.folder)
    assert tasks._complete(again) == summary  # reused, not run again
    saved = load_run(task.folder).scenario  # verified against its manifest
    assert saved.description_zh == "一个新的说明"
    assert saved.reporting.deadlines_not_judged == ["festival_goods"]
    assert {n: file_sha256(task.folder / n) for n in kept} == kept  # no result touched
    assert not [p for p in task.folder.iterdir() if p.name.endswith(".new")]
    assert tasks._complete(runs.Task(_sc(), 5, task.folder)) == summary  # and back again
    assert load_run(task.folder).scenario.description_zh == _sc().description_zh


def test_a_folder_of_another_scenario_is_refused_naming_the_settings_that_differ(tmp_path):
    """ "rep-000 holds a run of a different scenario" left the reader comparing two long files
    for the change: the refusal names the settings that differ, as a comparison's reasons
    do, in English and Chinese; nothing in the folder is touched."""
    from sim.cli.printing import _error_text
    from sim.errors import ResultsError
    from sim.output.arrow import file_sha256

    task = runs.Task(_sc(), 5, tmp_path / "rep-000")
    tasks._simulate_and_write(task)
    before = {p.name: file_sha256(p) for p in task.folder.iterdir()}
    other = runs.Task(_sc("buyers.visits_per_day=900", "scale=0.2"), 5, task.folder)
    with pytest.raises(ResultsError) as err:
        tasks._complete(other)
    assert str(err.value) == (
        f"{task.folder} holds a run of a different scenario (buyers.visits_per_day: 1600 -> 900; "
        "scale: 0.1 -> 0.2); choose another --out or --run-id, or pass --force (which replaces it)"
    )
    assert "中是另一情景的运行（buyers.visits_per_day: 1600 -> 900; scale" in _error_text(
        err.value, "zh"
    )
    assert {p.name: file_sha256(p) for p in task.folder.iterdir()} == before
