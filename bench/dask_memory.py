"""A worker's memory over a long experiment on a local Dask cluster: Sobol of 4 inputs.

Usage: python bench/dask_memory.py [--samples 256] [--days 20] [--threads 2]

Starts a local cluster of one worker process with ``--threads`` threads (Dask's defaults
otherwise, its profiler on), and runs, through the library, what the command line runs for

    yiwu-sim sensitivity scenarios/teaching_small.yaml --set days=20 --set warmup_days=1 \\
        --method sobol --samples 256 --replications 1 \\
        --vary logistics.terminal_h=12..36 --vary 'buyers.visits_per_day=*0.75..1.25' \\
        --vary logistics.lines.L01.trains_per_week=1..3 \\
        --vary logistics.costs.rail_usd_per_teu=1000..5000 --scheduler ADDRESS

(256 x 6 = 1,536 runs, each a different scenario, into a fresh temporary folder). The worker
records its resident memory (RSS) after every 100th run it finishes, from a plugin's
``transition`` hook; the script prints them, the memory after the first 100 runs and after the
last, and their ratio (the issue's target: at most 1.10), then the worker's live Python objects
and this process's memory (client and scheduler) at the end.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from typing import Any

import psutil
from distributed import Client, LocalCluster, WorkerPlugin

from sim.experiment.assumptions import parse_inputs
from sim.experiment.sensitivity import Design, run_sensitivity
from sim.scenario import apply_overrides, read_scenario_file
from sim.world.inputs import resolve, validate_data

SCENARIO = os.path.join(os.path.dirname(__file__), "..", "scenarios", "teaching_small.yaml")
INPUTS = ["logistics.terminal_h=12..36", "buyers.visits_per_day=*0.75..1.25",
          "logistics.lines.L01.trains_per_week=1..3",
          "logistics.costs.rail_usd_per_teu=1000..5000"]  # fmt: skip
EVERY = 100


class RunMemory(WorkerPlugin):
    """On the worker: its RSS after every ``EVERY``-th run it finished, and after the last."""

    name = "bench-run-memory"

    def setup(self, worker: Any) -> None:
        self.process = psutil.Process()
        self.runs = 0
        self.rss: dict[int, int] = {}
        self.last = (0, 0)

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "memory" and str(key).startswith("_dask_run"):
            self.runs += 1
            self.last = (self.runs, self.process.memory_info().rss)
            if self.runs % EVERY == 0:
                self.rss[self.runs] = self.last[1]


def _recorded(dask_worker: Any) -> dict[str, Any]:
    import gc

    plugin = dask_worker.plugins[RunMemory.name]
    gc.collect()
    return {"rss": plugin.rss, "last": plugin.last, "objects": len(gc.get_objects())}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--samples", type=int, default=256, help="Sobol base samples N (N x 6 runs)")
    p.add_argument("--days", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    base = apply_overrides(read_scenario_file(SCENARIO), [f"days={args.days}", "warmup_days=1"])
    resolved = resolve(validate_data(base, SCENARIO))
    data = resolved.model_dump(mode="json", by_alias=True, exclude_none=True)
    inputs = parse_inputs(INPUTS)
    design = Design("sobol", samples=args.samples, replications=1)
    cluster_kw = {"n_workers": 1, "threads_per_worker": args.threads, "processes": True}
    with (
        tempfile.TemporaryDirectory(prefix="dask-memory-") as out,
        LocalCluster(**cluster_kw, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(RunMemory())
        t0 = time.perf_counter()
        result = run_sensitivity(data, inputs, design, source=SCENARIO, out=out,
                                 scheduler=cluster.scheduler_address)  # fmt: skip
        wall = time.perf_counter() - t0
        found = next(iter(client.run(_recorded).values()))
    here = psutil.Process().memory_info().rss
    print(f"sobol: {len(inputs)} inputs, {result.points} points, {result.runs} runs "
          f"({result.computed} run now) on 1 worker x {args.threads} threads, "
          f"{args.days} days each, {wall:.0f} s")  # fmt: skip
    print(f"{'runs':>6} {'worker RSS MB':>14}")
    for n, rss in sorted(found["rss"].items()):
        print(f"{n:>6} {rss / 1e6:>14.1f}")
    first, (n_last, last) = found["rss"][EVERY], found["last"]
    print(f"worker RSS after the first {EVERY} runs: {first / 1e6:.1f} MB; after the last "
          f"({n_last}): {last / 1e6:.1f} MB; ratio {last / first:.3f} (at most 1.10)")  # fmt: skip
    print(f"worker live Python objects at the end: {found['objects']:,}; "
          f"this process (client and scheduler): {here / 1e6:.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
