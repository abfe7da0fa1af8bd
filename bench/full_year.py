"""Full-scale year: 75,000 merchants, ~1,600 foreign buyers a day plus online orders, all lines,
365 days, on one core. Prints the median of several runs: wall time, events, peak memory.

Usage: python bench/full_year.py [--runs 3]
"""

from __future__ import annotations

import argparse

from common import bare_simpy_events_per_s, full_scale_overrides, measure_once, median_of


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    runs = [measure_once(full_scale_overrides()) for _ in range(args.runs)]
    for r in runs:
        print(f"  run: {r['wall_s']:.2f} s, {r['events']:,} events, {r['orders']:,} orders, "
              f"{r['peak_mb']:.0f} MB")  # fmt: skip
    m = median_of(runs)
    bare = bare_simpy_events_per_s()
    print(f"bare SimPy on this machine now: {bare:,.0f} events/s (the machine's speed varies; "
          "compare wall times only with this beside them)")  # fmt: skip
    print(f"median of {args.runs}: wall {m['wall_s']:.2f} s (target <= 20 s), "
          f"peak memory {m['peak_mb']:.0f} MB (target <= 2048 MB), {m['orders']:,.0f} orders, "
          f"{m['events']:,.0f} events")  # fmt: skip


if __name__ == "__main__":
    main()
