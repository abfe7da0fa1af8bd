"""Are the tables of two checkouts identical? A hash of every column of every table (and of the
summary) of four runs, compared.

Usage: python bench/tables_identity.py OTHER_CHECKOUT [--runs default teaching year live]
       [--events-may-differ]

The runs: the default scenario (``yiwu-sim run``), ``scenarios/teaching_small.yaml``, the
full-scale year (``bench/common.py``'s overrides) with static policies, and the same year with
every live policy on. Each checkout runs in a fresh process, set up as the command line sets
up its own; a column's hash covers its dtype, its length and its bytes; a text column's, its
length and its strings (whether NumPy holds them as fixed-width ``<U`` or as objects), and the
event counts are compared too. Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from common import LIVE_POLICIES, ROOT, full_scale_overrides, run_in

CODE = r"""
import hashlib, json, sys
import numpy as np
from sim.model import Model
from sim.world.inputs import default_scenario_path, load_scenario

def digest(a):
    a = np.asarray(a)
    # text by its values: fixed-width (<U) and object columns of the same names hash alike
    text = a.dtype.kind in "OU"
    h = hashlib.sha1(str(("text" if text else a.dtype.str, a.shape)).encode())
    if text:
        h.update("\x00".join(map(str, a.tolist())).encode())
    else:
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()[:16]

path, overrides = sys.argv[1], json.loads(sys.argv[2])
r = Model(load_scenario(path or default_scenario_path(), overrides)).run()
out = {"events": r.manifest["events"],
       "summary": digest(np.frombuffer(json.dumps(r.summary, sort_keys=True, default=str).encode(),
                                       dtype=np.uint8))}
for name, table in r.tables.items():
    out[name] = {"columns": list(table), **{c: digest(v) for c, v in table.items()}}
print(json.dumps(out))
"""


def runs_of(root: Path) -> dict[str, tuple[str, list[str]]]:
    year = str(root / "scenarios" / "full_year_2024.yaml")
    return {
        "default": ("", []),
        "teaching": (str(root / "scenarios" / "teaching_small.yaml"), []),
        "year": (year, full_scale_overrides()),
        "live": (year, full_scale_overrides() + LIVE_POLICIES),
    }


def hashes(root: Path, which: str) -> dict[str, object]:
    path, overrides = runs_of(root)[which]
    return run_in(root, CODE, path, json.dumps(overrides))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("other", type=Path)
    p.add_argument("--runs", nargs="+", default=["default", "teaching", "year", "live"],
                   choices=["default", "teaching", "year", "live"])  # fmt: skip
    p.add_argument("--events-may-differ", action="store_true",
                   help="print event counts that differ, not counted as a difference")  # fmt: skip
    args = p.parse_args()
    differ = 0
    for which in args.runs:
        a, b = hashes(args.other.resolve(), which), hashes(ROOT, which)
        bad = [key for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)]
        if args.events_may_differ and "events" in bad:
            print(f"{which}: events {a['events']:,} there, {b['events']:,} here")
            bad.remove("events")
        for key in bad:
            if isinstance(a.get(key), dict) and isinstance(b.get(key), dict):
                cols = [c for c in set(a[key]) | set(b[key]) if a[key].get(c) != b[key].get(c)]
                print(f"{which}: {key}: {', '.join(sorted(cols))} differ")
            else:
                print(f"{which}: {key}: {a.get(key)} against {b.get(key)}")
        print(f"{which}: {'identical' if not bad else 'DIFFERENT'} ({b['events']:,} events)")
        differ += bool(bad)
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
