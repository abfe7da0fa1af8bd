"""Replications per minute with 1 and 2 worker processes, in one invocation.

Usage: python bench/replications.py [SCENARIO] [--replications N]

Runs N replications of the scenario (default: the shipped Spring Festival season) serially and
with a 2-process pool, each into a fresh temporary folder so nothing is skipped, and prints the
wall time and replications per minute of each, and the bare SimPy rate measured just after (this
machine's speed drifts). Worker start-up (spawn: a fresh interpreter that imports numpy, simpy,
networkx and pydantic) is included, as a user would see it.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from common import bare_simpy_events_per_s

from sim.experiment.runs import run_replications
from sim.world.inputs import load_scenario


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?")
    p.add_argument("--replications", type=int, default=8)
    args = p.parse_args()
    sc = load_scenario(args.scenario)
    print(f"scenario {sc.name}, {args.replications} replications, {os.cpu_count()} cores")
    print(f"{'workers':>7} {'wall s':>8} {'reps/min':>9}")
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            rs = run_replications(sc, args.replications, out=tmp, jobs=jobs)
            wall = time.perf_counter() - t0
            assert rs.computed == args.replications
        print(f"{jobs:>7} {wall:>8.1f} {60 * args.replications / wall:>9.1f}")
    print(f"bare SimPy on this machine now: {bare_simpy_events_per_s():,.0f} events/s")


if __name__ == "__main__":
    main()
