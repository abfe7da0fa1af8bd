"""A run folder's ``scenario.yaml`` in two checkouts: the same bytes, and what writing it costs.

Usage: python bench/scenario_yaml.py OTHER_CHECKOUT [--repeat 11]

Identity: each checkout writes, in a fresh process of its own, ``to_commented_yaml()`` of every
shipped scenario (``scenarios/*.yaml`` and the packaged default), as loaded and as a run holds
it (resolved), with no override and with four sets of ``--set`` overrides (a value, the length,
the policies, a mix); the texts are compared (their SHA-1s). Exit status 1 when any differs.

Time: the first ``to_commented_yaml()`` of the resolved default scenario in a fresh process
(what one ``yiwu-sim run`` pays, its imports included), CPU milliseconds, ``--repeat`` processes
per checkout, interleaved; the medians and minima are printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from common import ROOT, run_in

OVERRIDES = {
    "none": [],
    "visits": ["buyers.visits_per_day=2000"],
    "days": ["days=250"],
    "policies": [
        "logistics.mode_choice.rule=live",
        "logistics.train_routing=avoid_closed",
        "logistics.dispatch.rule=demand",
    ],
    "mix": [
        "seed=7",
        "scale=0.05",
        "name=NO",
        "disruptions=[]",
        "description=yes",
        "logistics.lines.L01.trains_per_week=1",
    ],
}

IDENTITY = r"""
import hashlib, json, sys
from pathlib import Path
from sim.errors import ScenarioError
from sim.world.inputs import load_scenario, resolve

root, overrides = Path(sys.argv[1]), json.loads(sys.argv[2])
out = {}
for path in [None, *sorted((root / "scenarios").glob("*.yaml"))]:
    name = path.stem if path else "default"
    for key, sets in overrides.items():
        try:
            sc = load_scenario(path, sets or None)
            texts = {"loaded": sc.to_commented_yaml(), "resolved": resolve(sc).to_commented_yaml()}
        except ScenarioError as exc:
            texts = {"error": str(exc)}
        for kind, text in texts.items():
            out[f"{name} {key} {kind}"] = hashlib.sha1(text.encode()).hexdigest()
print(json.dumps(out))
"""

TIME = r"""
import json, time
from sim.world.inputs import load_scenario, resolve
sc = resolve(load_scenario(None))
t = time.process_time()
sc.to_commented_yaml()
print(json.dumps({"ms": 1000 * (time.process_time() - t)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other checkout (e.g. ../main)")
    parser.add_argument("--repeat", type=int, default=11, help="fresh processes per checkout")
    args = parser.parse_args()

    sets = json.dumps(OVERRIDES)
    this, other = (
        run_in(ROOT, IDENTITY, str(ROOT), sets),
        run_in(args.other, IDENTITY, str(ROOT), sets),
    )
    differ = sorted(k for k in this.keys() | other.keys() if this.get(k) != other.get(k))
    errors = sum("error" in k for k in this)
    print(f"identity: {len(this)} texts ({errors} refused overrides), {len(differ)} differ")
    for key in differ:
        print(f"  differs: {key}")
    times: dict[str, list[float]] = {"this": [], "other": []}
    for _ in range(args.repeat):
        times["this"].append(run_in(ROOT, TIME)["ms"])
        times["other"].append(run_in(args.other, TIME)["ms"])
    for who, ms in times.items():
        where = ROOT if who == "this" else args.other
        print(f"{where}: to_commented_yaml() median {statistics.median(ms):.1f} CPU-ms "
              f"(min {min(ms):.1f}) over {len(ms)} fresh processes")  # fmt: skip
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
