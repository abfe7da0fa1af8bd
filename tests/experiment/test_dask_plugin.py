"""sim.experiment.dask_plugin: the worker plugin that pauses Dask's profiler while an
experiment runs on the worker."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

pytest.importorskip("dask.distributed")


class _Callback:  # a periodic callback of a fake worker
    def __init__(self):
        self.running = True

    def is_running(self):
        return self.running

    def stop(self):
        self.running = False

    def start(self):
        assert not self.running  # never started twice (two timers)
        self.running = True


def test_the_profiler_runs_again_only_when_the_last_experiment_on_a_worker_ends():
    from sim.experiment.dask_plugin import PROFILER_CALLBACKS, PausedProfiler

    callbacks = {name: _Callback() for name in PROFILER_CALLBACKS}
    worker = SimpleNamespace(periodic_callbacks={**callbacks, "heartbeat": _Callback()},
                             plugins={}, status=SimpleNamespace(name="running"))  # fmt: skip
    first, second = PausedProfiler(), PausedProfiler()
    assert first.name != second.name
    for plugin in (first, second):  # two experiments share the worker
        worker.plugins[plugin.name] = plugin
        plugin.setup(worker)
    assert not any(c.running for c in callbacks.values())
    assert worker.periodic_callbacks["heartbeat"].running  # only the profiler is touched
    worker.plugins.pop(first.name)  # the worker removes a plugin, then tears it down
    first.teardown(worker)
    assert not any(c.running for c in callbacks.values())  # the other still runs
    worker.plugins.pop(second.name)
    worker.status.name = "closing"  # a closing worker does not start it again
    second.teardown(worker)
    assert not any(c.running for c in callbacks.values())
    worker.status.name = "running"
    second.teardown(worker)
    assert all(c.running for c in callbacks.values())
