"""The model's cost per SimPy event against a bare SimPy timeout loop, in one invocation.

Usage: python bench/kernel_ratio.py [SCENARIO] [--runs 3]

Runs the scenario (default: the shipped Spring Festival season) and a bare loop of processes
that only wait on timeouts, and prints both rates and their ratio (model seconds per event over
bare seconds per event). Each order is a record handled in daily batches, not a SimPy event, so
the model's per-event cost includes its per-order work.
"""

from __future__ import annotations

import argparse
import statistics

from common import bare_simpy_events_per_s

from sim.model import Model
from sim.scenario import load_scenario


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    sc = load_scenario(args.scenario)
    model_rates, orders = [], 0
    for _ in range(args.runs):
        r = Model(sc).run()
        model_rates.append(r.manifest["events"] / r.manifest["wall_time_s"])
        orders = len(r.tables["orders"]["placed_h"])
    bare = statistics.median(bare_simpy_events_per_s() for _ in range(args.runs))
    model = statistics.median(model_rates)
    print(f"bare SimPy: {bare:,.0f} events/s; {sc.name}: {model:,.0f} events/s "
          f"({orders:,} orders as records)")  # fmt: skip
    print(f"model cost per event = {bare / model:.2f} x a bare SimPy timeout (target <= 2)")


if __name__ == "__main__":
    main()
