"""Shared pieces of the benchmarks: the full-scale scenario and measuring one run in a fresh
process (so that peak memory is that run's own)."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
YEAR = ROOT / "scenarios" / "full_year_2024.yaml"


def full_scale_overrides(demand: float = 1.0) -> list[str]:
    """The whole market: 75,000 merchants and every one of the ~1,600 foreign buyers a day
    (in-scope share 1), plus online orders, all lines, 365 days. Train and vessel capacity grow
    with the demand (x5 for the in-scope share, x ``demand``) so that loads stay as in the
    shipped scenario; ``demand`` scales merchants and buyers together (the ``scale`` key)."""
    from sim.world.network import load_network

    net = load_network()
    out = [f"scale={demand}", "buyers.in_scope_share=1.0", "days=366",
           "logistics.sea.feeder_capacity_teu=500"]  # fmt: skip
    for lid, line in net.lines.items():
        out.append(f"logistics.lines.{lid}.capacity_teu={5 * line.capacity_teu}")
    return out


def _as_the_command() -> dict[str, str]:
    try:
        from sim.command import KEEP_FREED_MEMORY
    except ImportError:  # a checkout from before the command kept freed memory
        return {"NUMPY_MADVISE_HUGEPAGE": "0"}
    try:
        from sim.command import NUMPY_SETTINGS
    except ImportError:  # before the command asked OpenBLAS for one thread
        NUMPY_SETTINGS = {"NUMPY_MADVISE_HUGEPAGE": "0"}
    return dict(NUMPY_SETTINGS) | {k: str(v) for k, (_, v) in KEEP_FREED_MEMORY.items()}


AS_THE_COMMAND = _as_the_command()
"""The process settings the ``yiwu-sim`` command makes before NumPy is imported
(:mod:`sim.command`: NumPy's huge-page advice off, one OpenBLAS thread, glibc's allocator keeping
freed memory, the latter through the environment variables glibc reads at start): measured runs
get them too unless ``numpy_defaults`` is asked for."""


PRETOUCH_AS_THE_COMMAND = (
    "try:\n"
    "    from sim.world.memory import heap_to_pretouch, pretouch_heap\n"
    "except ImportError:\n"  # a checkout from before the command pre-touched the heap
    "    pass\n"
    "else:\n"
    "    pretouch_heap(heap_to_pretouch(sc))\n"
)
"""What the command does before it simulates the scenario ``sc`` (the heap the run will grow
into faulted in on a spare core: :func:`sim.world.memory.pretouch_heap`), as code for a measured
process; inside the timed part, as the command's wall time has it."""


def process_env(numpy_defaults: bool = False, **extra: str) -> dict[str, str]:
    """The environment of a measured process: as the command line runs, or NumPy's defaults."""
    env = {k: v for k, v in os.environ.items() if k not in AS_THE_COMMAND}
    return {**env, **({} if numpy_defaults else AS_THE_COMMAND), **extra}


BARE_EVENTS_BESIDE = 500_000
"""Events of the bare SimPy loop a measured process runs just before and just after its run
(:func:`measure_once`): half a second each on the development machine."""


def measure_once(overrides: list[str], numpy_defaults: bool = False) -> dict[str, float]:
    """Simulate the full year once in a fresh interpreter (set up as the command line sets up
    its process, or with NumPy's defaults): wall time, events, peak memory, and the bare SimPy
    rate measured in that same process just before and just after the run (``bare``: their
    mean), so that the run's bare-SimPy equivalents (``equivalents``: wall seconds x that rate)
    use the machine's speed of the run's own seconds, not of minutes before or after it (on a
    shared host the bare rate moves by a third between minutes). What the process holds is
    frozen out of the collector first (``gc.freeze``): a full collection during the bare loop
    would otherwise walk the run's objects, and the loop would measure the heap, not the
    machine (after a live year its rate fell by a tenth)."""
    code = (
        "import json,resource,sys,time\n"
        f"sys.path.insert(0, {str(ROOT / 'bench')!r})\n"
        "from common import BARE_EVENTS_BESIDE, bare_simpy_events_per_s\n"
        "from sim.model import Model\nfrom sim.world.inputs import load_scenario\n"
        f"sc=load_scenario({str(YEAR)!r}, {overrides!r})\n"
        "import gc\ngc.freeze()\n"  # (the bare loop's collections skip the process's objects)
        "before=bare_simpy_events_per_s(BARE_EVENTS_BESIDE)\n"
        "t=time.perf_counter()\n"
        + ("" if numpy_defaults else PRETOUCH_AS_THE_COMMAND)
        + "r=Model(sc).run(); wall=time.perf_counter()-t\n"
        "gc.freeze()\nafter=bare_simpy_events_per_s(BARE_EVENTS_BESIDE)\n"
        "peak=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024\n"
        "bare=(before+after)/2\n"
        "print(json.dumps({'wall_s':wall,'events':r.manifest['events'],"
        "'orders':len(r.tables['orders']['placed_h']),'peak_mb':peak,"
        "'bare':bare,'equivalents':wall*bare}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env=process_env(numpy_defaults),
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


LIVE_POLICIES = [
    "logistics.mode_choice.rule=live",
    "logistics.consolidation.loading=earliest_deadline",
    "logistics.consolidation.rollover.rule=live",
    "logistics.train_routing=avoid_closed",
    "logistics.dispatch.rule=demand",
    "logistics.pricing.rule=live",
]
"""Every live policy on: live routing (read from the live state, cost-aware), earliest-deadline
loading, live roll-over, detours around closed crossings, demand-driven dispatch, live prices."""


def run_in(root: Path, code: str, *args: str) -> dict[str, Any]:
    """Run ``code`` (``python -c``) with the checkout at ``root`` on the path, in a fresh
    interpreter set up as the command line sets up its process; its last line of output, JSON."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
        cwd=root, env=process_env(PYTHONPATH=str(root)),
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def bare_simpy_events_per_s(n_events: int = 1_000_000, processes: int = 100) -> float:
    """Events per second of a bare SimPy loop: processes that only wait on timeouts."""
    import simpy

    env = simpy.Environment()

    def ticker(env: simpy.Environment, dt: float):  # type: ignore[no-untyped-def]
        while True:
            yield env.timeout(dt)

    for i in range(processes):
        env.process(ticker(env, 1.0 + i / processes))
    horizon = n_events / processes / 1.0
    t = time.perf_counter()
    env.run(until=horizon)
    wall = time.perf_counter() - t
    events = int(repr(env._eid)[6:-1])
    return events / wall


__all__ = ["AS_THE_COMMAND", "LIVE_POLICIES", "PRETOUCH_AS_THE_COMMAND", "ROOT", "YEAR",
           "bare_simpy_events_per_s", "full_scale_overrides", "measure_once", "median_of",
           "process_env", "resource", "run_in"]  # fmt: skip
