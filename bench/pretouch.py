"""The full-scale year with and without the heap pre-touched on a spare core, in pairs.

Usage: python bench/pretouch.py [--pairs 3] [--set KEY=VALUE ...]

Each pair runs ``Model.run`` of the full-scale year (``bench/common.py``'s overrides) once
without and once with :func:`sim.world.memory.pretouch_heap` (the order alternates), each in a
fresh process set up as the command line sets up its own, and prints the wall time, the pages
the simulating thread faulted in and its system time (``getrusage(RUSAGE_THREAD)``), and the
process's peak memory.
"""

from __future__ import annotations

import argparse
import json

from common import ROOT, YEAR, full_scale_overrides, median_of, run_in

CODE = r"""
import json, resource, sys, time
from sim.model import Model
from sim.world.inputs import load_scenario
sc = load_scenario(sys.argv[1], json.loads(sys.argv[2]))
thread = getattr(resource, "RUSAGE_THREAD", resource.RUSAGE_SELF)
before = resource.getrusage(thread)
t = time.perf_counter()
if sys.argv[3] == "pretouch":
    from sim.world.memory import heap_to_pretouch, pretouch_heap
    pretouch_heap(heap_to_pretouch(sc))
Model(sc).run()
wall = time.perf_counter() - t
after = resource.getrusage(thread)
print(json.dumps({"wall_s": wall, "faults": after.ru_minflt - before.ru_minflt,
                  "sys_s": after.ru_stime - before.ru_stime,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", type=int, default=3)
    p.add_argument("--set", action="append", default=[], help="extra overrides (policies)")
    args = p.parse_args()
    overrides = json.dumps(full_scale_overrides() + args.set)
    runs: dict[str, list[dict[str, float]]] = {"plain": [], "pretouch": []}
    for k in range(args.pairs):
        for mode in ("plain", "pretouch") if k % 2 == 0 else ("pretouch", "plain"):
            r = run_in(ROOT, CODE, str(YEAR), overrides, mode)
            runs[mode].append(r)
            print(
                f"  {mode:8s} {r['wall_s']:.2f} s, simulating thread: {r['faults']:,} pages "
                f"faulted in, {r['sys_s']:.2f} s system time; peak {r['peak_mb']:.0f} MB"
            )
    for mode, rs in runs.items():
        med = median_of(rs)
        print(
            f"median {mode:8s} {med['wall_s']:.2f} s, {med['faults']:,.0f} pages, "
            f"{med['sys_s']:.2f} s system, {med['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
