"""The model's cost per SimPy event against a bare SimPy timeout loop, in one invocation.

Usage: python bench/kernel_ratio.py [SCENARIO | --full-scale] [--runs 5] [--set KEY.PATH=VALUE]

Runs the scenario (default: the shipped Spring Festival season; ``--full-scale``: the full-scale
year of ``bench/full_year.py``) between two runs of a bare loop of processes that only wait on
timeouts, and prints both rates and their ratio (model seconds per event over bare seconds per
event), twice: for SimPy's event loop alone (``clock_time_s``, what the bare
loop measures) and for the whole replication (``wall_time_s``: also drawing the demand,
answering every order, building the tables and the summary). Orders are records handled in
batches, not SimPy events, so the whole-run figure carries the per-order work.
"""

from __future__ import annotations

import argparse
import math
import statistics

from common import YEAR, bare_simpy_events_per_s, full_scale_overrides

from sim.model import Model
from sim.world.inputs import load_scenario


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", nargs="?")
    p.add_argument("--full-scale", action="store_true", help="the full-scale year")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                   help="override a scenario value, as in yiwu-sim run")  # fmt: skip
    args = p.parse_args()
    if args.full_scale:
        sc = load_scenario(args.scenario or YEAR, full_scale_overrides() + args.set)
    else:
        sc = load_scenario(args.scenario, args.set)
    # the first run warms up imports and first-use caches, and gives the number of events
    loop_ratios, run_ratios, bare_rates, orders, events = [], [], [], 0, 0
    events = Model(sc).run().manifest["events"]
    n_bare = max(200_000, events)
    for _ in range(args.runs):
        # each model run is paired with bare loops of a similar length run just before and just
        # after it (their geometric mean), because this machine's speed drifts by tens of per
        # cent from minute to minute
        before = bare_simpy_events_per_s(n_events=n_bare)
        r = Model(sc).run()
        bare = math.sqrt(before * bare_simpy_events_per_s(n_events=n_bare))
        events = r.manifest["events"]
        orders = len(r.tables["orders"]["placed_h"])
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
