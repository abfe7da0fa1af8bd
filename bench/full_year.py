"""Full-scale year: 75,000 merchants, ~1,600 foreign buyers a day plus online orders, all lines,
365 days, on one core. Prints the median of several runs: wall time in bare-SimPy-timeout
equivalents (wall seconds x the events per second of a bare SimPy loop measured in this same
script, before and after the runs), events, peak memory.

Usage: python bench/full_year.py [--runs 3]
"""

from __future__ import annotations

import argparse

from common import bare_simpy_events_per_s, full_scale_overrides, measure_once, median_of


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--set", action="append", default=[], help="extra overrides (policies)")
    p.add_argument(
        "--numpy-defaults",
        action="store_true",
        help="the libraries' defaults (NumPy's huge-page advice, glibc's allocator), not the "
        "command's",
    )
    args = p.parse_args()
    bare_before = bare_simpy_events_per_s()
    runs = [measure_once(full_scale_overrides() + args.set, args.numpy_defaults)
            for _ in range(args.runs)]  # fmt: skip
    bare = (bare_before + bare_simpy_events_per_s()) / 2
    for r in runs:
        print(f"  run: {r['wall_s']:.2f} s, {r['events']:,} events, {r['orders']:,} orders, "
              f"{r['peak_mb']:.0f} MB; bare SimPy beside it {r['bare']:,.0f} events/s: "
              f"{r['equivalents'] / 1e6:.2f} million equivalents")  # fmt: skip
    m = median_of(runs)
    how = "the libraries' defaults" if args.numpy_defaults else "as the command (sim.command)"
    print(f"process: {how}")
    print(f"bare SimPy on this machine now: {bare:,.0f} events/s (mean of before and after)")
    print(f"median of {args.runs}: wall {m['wall_s']:.2f} s = {m['wall_s'] * bare / 1e6:.2f} "
          f"million bare-SimPy equivalents (target <= 2.5 static, <= 1.2x that with live "
          f"policies), peak memory {m['peak_mb']:.0f} MB "
          f"(target <= 1024 MB), {m['orders']:,.0f} orders, {m['events']:,.0f} events")  # fmt: skip
    print(f"each run with the bare rate of its own process, just before and after it: median "
          f"{m['equivalents'] / 1e6:.2f} million bare-SimPy equivalents "
          f"({min(r['equivalents'] for r in runs) / 1e6:.2f}-"
          f"{max(r['equivalents'] for r in runs) / 1e6:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
