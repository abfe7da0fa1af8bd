"""sim.experiment.executor: an experiment's tasks run (serially here), every summary back in
task order, and the runs already complete on disk skipped."""

from __future__ import annotations

import json

from sim.experiment.executor import execute
from sim.experiment.tasks import Task
from sim.world.inputs import validate_data
from tests.conftest import TINY


def _tasks(folder):
    sc = validate_data(dict(TINY), "test")
    return [Task(sc, seed, folder / f"rep-{k:03d}") for k, seed in enumerate((7, 3))]


def test_every_task_s_summary_comes_back_in_task_order_and_its_folder_is_written(tmp_path):
    tasks = _tasks(tmp_path)
    summaries, computed = execute(tasks)
    assert computed == 2 and len(summaries) == 2
    for task, summary in zip(tasks, summaries):
        written = json.loads((task.folder / "summary.json").read_text(encoding="utf-8"))
        assert written == summary and summary["seed"] == task.seed


def test_complete_runs_are_not_made_again_unless_forced(tmp_path):
    tasks = _tasks(tmp_path)
    first, _ = execute(tasks)
    (tasks[1].folder / "orders.parquet").unlink()  # damaged: made again
    again, computed = execute(tasks)
    assert computed == 1 and again == first
    assert (tasks[1].folder / "orders.parquet").is_file()
    assert execute(tasks) == (first, 0)
    assert execute(tasks, force=True) == (first, 2)
