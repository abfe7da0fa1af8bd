"""The full-scale year's phases against another checkout, in CPU seconds, interleaved.

Usage: python bench/phases_against.py OTHER_CHECKOUT [--pairs 4] [--default] [--set KEY=VALUE ...]

Each pair runs one checkout, then the other (the order alternates from pair to pair), each in a
fresh process set up as the command line sets up its own, and reports the medians of: set-up,
the clock (SimPy's loop), building the tables, the conservation check and the summary, in CPU
seconds of the process, with the pages each post-processing step faulted in. On a machine shared
with other work, CPU time drifts less than wall time, and a step that changes shows in its own
column; the whole run's bare-SimPy equivalents are ``bench/against_checkout.py``'s.
``--default``: the default season (``yiwu-sim run``'s scenario) instead of the full-scale year.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from common import ROOT, full_scale_overrides, run_in

CODE = r"""
import json, resource, sys, time
from sim.model import Model, build_tables, check_conservation
from sim.results.analysis import summarise
from sim.world.inputs import default_scenario_path, load_scenario
sc = load_scenario(sys.argv[1] or default_scenario_path(), json.loads(sys.argv[2]))
cpu = time.process_time
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
t0 = cpu(); m = Model(sc); env = m.build(); t1 = cpu()
env.run(until=m.scenario.days * 24.0); t2 = cpu()
sc = m.scenario
f = faults(); tables = build_tables(m.desk, sc, m.logistics, m.dest_ids); t3 = cpu()
f_tables = faults() - f
check_conservation(tables, m.logistics); t4 = cpu()
f = faults()
summarise(tables, days=sc.days, warmup_days=sc.warmup_days, meta={"start": sc.start.isoformat()},
          safe_order_share=sc.reporting.safe_order_share)
t5 = cpu()
print(json.dumps({"set_up": t1 - t0, "clock": t2 - t1, "tables": t3 - t2, "check": t4 - t3,
                  "summary": t5 - t4, "pages_tables": f_tables, "pages_summary": faults() - f}))
"""


def once(root: Path, overrides: list[str], default: bool = False) -> dict[str, float]:
    year = "" if default else str(root / "scenarios" / "full_year_2024.yaml")
    return run_in(root, CODE, year, json.dumps(overrides))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("other", type=Path)
    p.add_argument("--pairs", type=int, default=4)
    p.add_argument("--default", action="store_true", help="the default season, not the year")
    p.add_argument("--set", action="append", default=[], help="extra overrides (policies)")
    args = p.parse_args()
    overrides = ([] if args.default else full_scale_overrides()) + args.set
    roots = {"other": args.other.resolve(), "this": ROOT}
    runs: dict[str, list[dict[str, float]]] = {"other": [], "this": []}
    for k in range(args.pairs):
        for name in ("other", "this") if k % 2 == 0 else ("this", "other"):
            runs[name].append(once(roots[name], overrides, args.default))
    for name, rs in runs.items():
        med = {key: statistics.median(r[key] for r in rs) for key in rs[0]}
        cpu = sum(v for key, v in med.items() if not key.startswith("pages"))
        print(f"{name}: " + ", ".join(
            f"{key} {v:,.0f}" if key.startswith("pages") else f"{key} {v:.3f} s"
            for key, v in med.items()
        ) + f"; total {cpu:.3f} CPU-s")  # fmt: skip


if __name__ == "__main__":
    main()
