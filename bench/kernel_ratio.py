"""The model's cost per SimPy event against a bare SimPy timeout loop, in one invocation.

Usage: python bench/kernel_ratio.py [SCENARIO] [--runs 3]

Runs the scenario (default: the shipped Spring Festival season) and a bare loop of processes
that only wait on timeouts, and prints both rates and their ratio (model seconds per event over
bare seconds per event), twice: for SimPy's event loop alone (``clock_time_s``, what the bare
loop measures) and for the whole replication (``wall_time_s``: also drawing the demand,
answering every order, building the tables and the summary). Orders are records handled in
batches, not SimPy events, so the whole-run figure carries the per-order work.
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
    loop_rates, run_rates, orders, events = [], [], 0, 0
    for _ in range(args.runs):
        r = Model(sc).run()
        events = r.manifest["events"]
        loop_rates.append(events / r.manifest["clock_time_s"])
        run_rates.append(events / r.manifest["wall_time_s"])
        orders = len(r.tables["orders"]["placed_h"])
    bare = statistics.median(bare_simpy_events_per_s() for _ in range(args.runs))
    loop, run = statistics.median(loop_rates), statistics.median(run_rates)
    print(f"bare SimPy: {bare:,.0f} events/s; {sc.name}: {events:,} events, "
          f"{orders:,} orders as records")  # fmt: skip
    print(f"event loop:    {loop:,.0f} events/s, cost per event = {bare / loop:.2f} x a bare "
          "SimPy timeout (target <= 2)")  # fmt: skip
    print(f"whole run:     {run:,.0f} events/s, cost per event = {bare / run:.2f} x")


if __name__ == "__main__":
    main()
