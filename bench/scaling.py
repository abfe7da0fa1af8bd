"""Wall time and peak memory of a full-scale year at 0.1, 0.3, 1 and 3 times the demand, with
the fitted exponent (time ~ demand^k). Each point runs in a fresh process.

Usage: python bench/scaling.py [--factors 0.1 0.3 1 3]
"""

from __future__ import annotations

import argparse

import numpy as np
from common import full_scale_overrides, measure_once


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--factors", type=float, nargs="+", default=[0.1, 0.3, 1.0, 3.0])
    args = p.parse_args()
    rows = []
    print(f"{'demand':>7} {'orders':>11} {'wall s':>8} {'peak MB':>8}")
    for f in args.factors:
        r = measure_once(full_scale_overrides(f))
        rows.append((f, r["orders"], r["wall_s"], r["peak_mb"]))
        print(f"{f:>7} {r['orders']:>11,} {r['wall_s']:>8.2f} {r['peak_mb']:>8.0f}")
    x = np.log([r[0] for r in rows])
    k_time = np.polyfit(x, np.log([r[2] for r in rows]), 1)[0]
    k_mem = np.polyfit(x, np.log([r[3] for r in rows]), 1)[0]
    print(f"fitted exponent: time {k_time:.2f}, peak memory {k_mem:.2f} (target <= 1.1)")


if __name__ == "__main__":
    main()
