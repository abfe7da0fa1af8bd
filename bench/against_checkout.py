"""The full-scale year of this code against another checkout of the project, in pairs.

Usage: python bench/against_checkout.py OTHER_CHECKOUT [--pairs 3] [--loader sim.scenario]

Each pair runs the other checkout's model, then this one, each in a fresh process on its own
checkout's full-year scenario with the full-scale overrides of ``bench/full_year.py``, with a
bare SimPy loop before and after the pair. ``--loader`` names the module that provides
``load_scenario`` in the other checkout (``sim.scenario`` before the layered layout).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from common import (
    PRETOUCH_AS_THE_COMMAND,
    ROOT,
    YEAR,
    bare_simpy_events_per_s,
    full_scale_overrides,
    process_env,
)


def once(root: Path, loader: str, year: Path) -> dict[str, float]:
    code = (
        "import json,resource,time\n"
        f"from sim.model import Model\nfrom {loader} import load_scenario\n"
        f"sc=load_scenario({str(year)!r}, {full_scale_overrides()!r})\n"
        "t=time.perf_counter()\n"
        + PRETOUCH_AS_THE_COMMAND  # (nothing, in a checkout from before it)
        + "r=Model(sc).run(); wall=time.perf_counter()-t\n"
        "peak=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024\n"
        "print(json.dumps({'wall_s':wall,'peak_mb':peak}))\n"
    )
    env = process_env(PYTHONPATH=str(root))  # both checkouts as the command line runs
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=root
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("other", type=Path)
    p.add_argument("--pairs", type=int, default=3)
    p.add_argument("--loader", default="sim.scenario")
    args = p.parse_args()
    other_year = args.other / "scenarios" / YEAR.name
    for _ in range(args.pairs):
        before = bare_simpy_events_per_s()
        old = once(args.other, args.loader, other_year)
        new = once(ROOT, "sim.world.inputs", YEAR)
        bare = (before + bare_simpy_events_per_s()) / 2
        for name, r in (("other", old), ("this", new)):
            eq = r["wall_s"] * bare / 1e6
            print(f"bare {bare:,.0f}/s  {name} {r['wall_s']:.2f} s = {eq:.2f} M equivalents, "
                  f"{r['peak_mb']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
