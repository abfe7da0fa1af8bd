"""The full-scale year with every live policy on, against the same year with static policies.

Runs interleaved pairs (static, then live, each in a fresh interpreter set up as the command
line sets up its process) and prints each pair's wall times and their ratio, the median ratio
(the target: at most 1.2), and both medians in bare-SimPy-timeout equivalents (wall seconds x
the events per second of a bare SimPy loop measured before and after). Pairs, because this
machine's speed drifts from minute to minute: a ratio of two runs a few seconds apart drifts
less than either figure::

    python bench/live_vs_static.py --pairs 3

The live policies: live routing (read from the live state, cost-aware), earliest-deadline
loading, live roll-over, detours around closed crossings, demand-driven dispatch and live
prices.
"""

from __future__ import annotations

import argparse
import statistics

from common import LIVE_POLICIES, bare_simpy_events_per_s, full_scale_overrides, measure_once


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", type=int, default=3)
    args = p.parse_args()
    bare_before = bare_simpy_events_per_s()
    static, live = [], []
    for _ in range(args.pairs):
        s = measure_once(full_scale_overrides())
        v = measure_once(full_scale_overrides() + LIVE_POLICIES)
        static.append(s)
        live.append(v)
        print(f"  static {s['wall_s']:.2f} s, live {v['wall_s']:.2f} s: "
              f"{v['wall_s'] / s['wall_s']:.2f}x ({v['peak_mb']:.0f} MB live)")  # fmt: skip
    bare = (bare_before + bare_simpy_events_per_s()) / 2
    ratio = statistics.median(v["wall_s"] / s["wall_s"] for s, v in zip(static, live, strict=True))
    ws = statistics.median(r["wall_s"] for r in static)
    wl = statistics.median(r["wall_s"] for r in live)
    print(f"bare SimPy on this machine now: {bare:,.0f} events/s (mean of before and after)")
    print(f"median of {args.pairs} pairs: live {ratio:.2f}x static (target <= 1.2); static "
          f"{ws:.2f} s = {ws * bare / 1e6:.2f} million, live {wl:.2f} s = "
          f"{wl * bare / 1e6:.2f} million bare-SimPy equivalents")  # fmt: skip
    es = statistics.median(r["equivalents"] for r in static)
    el = statistics.median(r["equivalents"] for r in live)
    print(
        f"each run with the bare rate of its own process, just before and after it: static "
        f"{es / 1e6:.2f} million, live {el / 1e6:.2f} million (live / static {el / es:.2f}x)"
    )


if __name__ == "__main__":
    main()
