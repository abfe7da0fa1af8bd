"""The model's cost per SimPy event against a bare SimPy timeout loop, in one invocation.

Usage: python bench/kernel_ratio.py [SCENARIO] [--runs 5] [--set KEY.PATH=VALUE ...]

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
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                   help="override a scenario value, as in yiwu-sim run")  # fmt: skip
    args = p.parse_args()
    sc = load_scenario(args.scenario, args.set)
    Model(sc).run()  # warm-up: imports and first-use caches
    loop_ratios, run_ratios, bare_rates, orders, events = [], [], [], 0, 0
    for _ in range(args.runs):
        # each model run is paired with a bare loop of a similar length, run straight after it,
        # because this machine's speed drifts by tens of per cent from minute to minute
        r = Model(sc).run()
        events = r.manifest["events"]
        orders = len(r.tables["orders"]["placed_h"])
        bare = bare_simpy_events_per_s(n_events=max(200_000, events))
        bare_rates.append(bare)
        loop_ratios.append(bare / (events / r.manifest["clock_time_s"]))
        run_ratios.append(bare / (events / r.manifest["wall_time_s"]))
    bare = statistics.median(bare_rates)
    loop, run = statistics.median(loop_ratios), statistics.median(run_ratios)
    print(f"bare SimPy: {bare:,.0f} events/s (median); {sc.name}: {events:,} events, "
          f"{orders:,} orders as records; median of {args.runs} paired runs")  # fmt: skip
    print(f"event loop: cost per event = {loop:.2f} x a bare SimPy timeout (target <= 2; "
          f"runs {min(loop_ratios):.2f}-{max(loop_ratios):.2f})")  # fmt: skip
    print(f"whole run:  cost per event = {run:.2f} x (runs {min(run_ratios):.2f}-"
          f"{max(run_ratios):.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
