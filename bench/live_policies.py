"""What each live policy costs on its own: the full-scale year with static policies, with each
live policy alone, and with all of them (``common.LIVE_POLICIES``), in CPU seconds of the
simulation (``Model.run``: set-up, the clock, tables and summary), each in a fresh interpreter
set up as the command line sets up its process. The rounds go through every variant in turn,
so that a drift of the machine touches each alike; the median of the rounds is printed, with
each variant's extra over the static year::

    python bench/live_policies.py --rounds 3
    python bench/live_policies.py --scenario scenarios/teaching_small.yaml --set days=60

CPU time rather than wall time: on a machine shared with other work it drifts less, and the
question is how much work each policy adds. A planner choosing which live policies a study
needs can read the price of each here.
"""

from __future__ import annotations

import argparse
import json
import statistics

from common import LIVE_POLICIES, ROOT, YEAR, full_scale_overrides, run_in

CODE = r"""
import json, sys, time
from sim.model import Model
from sim.world.inputs import load_scenario
sc = load_scenario(sys.argv[1], json.loads(sys.argv[2]))
t = time.process_time()
r = Model(sc).run()
print(json.dumps({"cpu_s": time.process_time() - t, "events": r.manifest["events"]}))
"""


def variants() -> list[tuple[str, list[str]]]:
    """(label, the overrides of the live policies) of every variant measured."""
    alone = [(p.removeprefix("logistics."), [p]) for p in LIVE_POLICIES]
    return [("static policies", []), *alone, ("all live policies", LIVE_POLICIES)]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--scenario", help="another scenario, as it is (default: the full-scale year)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="an override added to every variant (repeatable)")  # fmt: skip
    args = p.parse_args()
    path = args.scenario or str(YEAR)
    base = (full_scale_overrides() if args.scenario is None else []) + args.set
    cpu: dict[str, list[float]] = {label: [] for label, _ in variants()}
    for _ in range(args.rounds):
        for label, live in variants():
            ov = base + live
            cpu[label].append(run_in(ROOT, CODE, path, json.dumps(ov))["cpu_s"])
    static = statistics.median(cpu["static policies"])
    what = "full-scale year" if args.scenario is None else args.scenario
    print(f"{what}, CPU seconds of Model.run, median of {args.rounds} rounds")
    for label, _ in variants():
        med = statistics.median(cpu[label])
        extra = (
            "" if label == "static policies" else f"  {med - static:+.2f} s, {med / static:.2f}x"
        )
        print(f"  {label:48s} {med:6.2f} s{extra}")


if __name__ == "__main__":
    main()
