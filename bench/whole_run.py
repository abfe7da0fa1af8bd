"""A whole replication's wall time in bare-SimPy-timeout equivalents, in one invocation.

Usage: python bench/whole_run.py [SCENARIO | --full-scale] [--runs 5] [--set KEY.PATH=VALUE]

Runs the scenario (default: the shipped Spring Festival season; ``--full-scale``: the full-scale
year of ``bench/full_year.py``) between two runs of a bare loop of processes that only wait on
timeouts, and prints the replication's wall time times the bare loop's events per second: how
many bare SimPy timeouts the same seconds would have bought. That is the project's performance
measure (DESIGN.md): it counts all the work of a run, on the clock or not, and survives a machine
whose speed drifts. The cost per SimPy event is printed as a diagnostic only: it rewards moving
work off the clock, which the closed loop must not do.
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
    events = Model(sc).run().manifest["events"]
    n_bare = max(200_000, events)
    equivalents, per_event, bare_rates, walls, orders = [], [], [], [], 0
    for _ in range(args.runs):
        # each model run sits between bare loops of a similar length run just before and just
        # after it (their geometric mean): this machine's speed drifts from minute to minute
        before = bare_simpy_events_per_s(n_events=n_bare)
        r = Model(sc).run()
        bare = math.sqrt(before * bare_simpy_events_per_s(n_events=n_bare))
        wall = r.manifest["wall_time_s"]
        events = r.manifest["events"]
        orders = len(r.tables["orders"]["placed_h"])
        bare_rates.append(bare)
        walls.append(wall)
        equivalents.append(wall * bare)
        per_event.append(bare / (events / r.manifest["clock_time_s"]))
    eq = statistics.median(equivalents)
    print(f"bare SimPy: {statistics.median(bare_rates):,.0f} events/s (median); {sc.name}: "
          f"{events:,} events, {orders:,} orders; median of {args.runs} paired runs")  # fmt: skip
    lo, hi = min(equivalents) / 1e6, max(equivalents) / 1e6
    print(f"whole run: {statistics.median(walls):.2f} s wall = {eq / 1e6:.3f} million bare-SimPy "
          f"equivalents (runs {lo:.3f}-{hi:.3f})")  # fmt: skip
    print(f"diagnostic: event loop cost per event = {statistics.median(per_event):.2f} x a bare "
          "SimPy timeout")  # fmt: skip


if __name__ == "__main__":
    main()
