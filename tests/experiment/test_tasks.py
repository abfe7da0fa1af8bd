"""sim.experiment.tasks: one run of an experiment as a worker does it."""

from __future__ import annotations

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
