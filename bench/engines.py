"""The two engines under live policies: each KPI's batched mean against the per-actor
reference's 95 % interval over replications (common seeds), for the worlds of
tests/test_closed_loop.py. Prints, per KPI, the reference mean and half-width, the batched
mean, and their distance in half-widths (docs/model.md quotes the largest).

Usage: python bench/engines.py [--replications 8]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.model import Model  # noqa: E402
from sim.world.inputs import load_scenario  # noqa: E402
from tests.test_closed_loop import KPIS, LIVE_WORLDS, _kpi  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replications", type=int, default=8)
    n = ap.parse_args().replications
    path = ROOT / "scenarios" / "teaching_small.yaml"
    t = stats.t.ppf(0.975, n - 1)
    for world, overrides in LIVE_WORLDS.items():
        ref: dict = {k: [] for k in KPIS}
        bat: dict = {k: [] for k in KPIS}
        for seed in range(1, n + 1):
            a = Model(load_scenario(path, [*overrides, "engine=per_actor"]), seed=seed).run()
            b = Model(load_scenario(path, overrides), seed=seed).run()
            for k in KPIS:
                ref[k].append(_kpi(a.summary, k))
                bat[k].append(_kpi(b.summary, k))
        print(f"## {world} ({n} replications)")
        for k in KPIS:
            r = np.array(ref[k])
            half = t * r.std(ddof=1) / math.sqrt(n)
            got = float(np.mean(bat[k]))
            dist = abs(got - r.mean()) / max(half, 1e-12)
            print(f"{'.'.join(k):45s} reference {r.mean():12.4g} ± {half:9.3g}"
                  f"  batched {got:12.4g}  {dist:5.2f} half-widths")  # fmt: skip


if __name__ == "__main__":
    main()
