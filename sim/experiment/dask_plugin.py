"""The Dask worker plugin of experiments: the workers' statistical profiler paused while runs go.

Imported only when an experiment names a scheduler (it needs ``distributed``); the workers
import it too, to run the plugin (they have yiwu-sim installed to run the simulation).
"""

from __future__ import annotations

import uuid
from typing import Any

from distributed import WorkerPlugin

PROFILER_CALLBACKS = ("profile", "profile-cycle")
"""A Dask worker's periodic callbacks of its statistical profiler: the one that samples the
running tasks' stacks (``distributed.worker.profile.interval``, 10 ms) and the one that files
the tree of the last cycle (``...profile.cycle``, 1 s) into histories that keep the last
``distributed.admin.low-level-log-length`` (1,000) cycles."""
PLUGIN_PREFIX = "yiwu-sim-experiment-"
"""Names of :class:`PausedProfiler` plugins (one per running experiment)."""


class PausedProfiler(WorkerPlugin):
    """A Dask worker plugin that pauses the worker's statistical profiler while an experiment
    runs, and starts it again when the last experiment using the worker ends.

    The profiler is Dask's debugging aid for the dashboard's profile page. On simulation runs
    it is what made workers grow: each second it files a new tree of every stack it sampled,
    and it keeps 1,000 of them, so a worker's memory grows with the experiment's wall time
    (about 380 kB a second here) for 17 minutes before the histories are full. The
    experiment's runs do not need it; what it sampled before stays readable.
    """

    def __init__(self) -> None:
        self.name = f"{PLUGIN_PREFIX}{uuid.uuid4().hex[:12]}"

    def setup(self, worker: Any) -> None:
        for name in PROFILER_CALLBACKS:
            callback = worker.periodic_callbacks.get(name)
            if callback is not None and callback.is_running():
                callback.stop()

    def teardown(self, worker: Any) -> None:
        others = [n for n in worker.plugins if n.startswith(PLUGIN_PREFIX) and n != self.name]
        if others or worker.status.name != "running":  # another experiment, or closing
            return
        for name in PROFILER_CALLBACKS:  # present only if the worker's config enables them
            callback = worker.periodic_callbacks.get(name)
            if callback is not None and not callback.is_running():
                callback.start()
