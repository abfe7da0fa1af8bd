"""Spelling out the orders table's five text columns at full scale (two million rows): as
fixed-width ``<U`` text (how the run's tables held text before), as an object array by NumPy's
indexing expression, and as ``ColumnTable.set_text`` makes it now; then comparing each column
with a name. CPU milliseconds and the pages of fresh memory faulted in, each way in a fresh
process (so that one way does not reuse the memory another freed), medians of several.

Usage: python bench/text_columns.py [--rows 2000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from common import ROOT, median_of, process_env

CODE = r"""
import json, resource, sys, time
import numpy as np
from sim.results.table import ColumnTable

way, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1)
# names as long as the full-scale year's (category <U22, line <U3 ...), codes as the model
# hands them over (channel int8, category and destination int16, route int64)
columns = {
    "channel": (["buyer", "online"], np.int8),
    "category": ([f"category_name_{i:02d}_goods"[:22] for i in range(6)], np.int16),
    "destination": ([f"D{i:02d}" for i in range(18)], np.int16),
    "mode": (["rail"] * 16 + ["sea"] * 2, np.int64),
    "line": ([f"L{i:02d}" for i in range(18)], np.int64),
}
codes = {k: rng.integers(0, len(v[0]), n).astype(v[1]) for k, v in columns.items()}

def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

table = ColumnTable()
f, t = faults(), time.process_time()
for k, (labels, _) in columns.items():
    if way == "fixed":  # before: the sorted distinct names as <U, indexed by the codes
        distinct, merged = np.unique(np.asarray(labels, dtype=str), return_inverse=True)
        table[k] = distinct[merged[codes[k]]]
    elif way == "indexing":  # an object array by the indexing expression
        table[k] = np.array(labels, dtype=object)[codes[k]]
    else:
        table.set_text(k, codes[k], labels)
spell, pages = time.process_time() - t, faults() - f
t = time.process_time()
for k in table:
    table[k] == columns[k][0][0]
compare = time.process_time() - t
print(json.dumps({"spell_ms": 1e3 * spell, "pages": pages, "compare_ms": 1e3 * compare}))
"""

WAYS = {
    "fixed": "fixed-width <U (before)",
    "indexing": "object, indexing expression",
    "set_text": "object, ColumnTable.set_text",
}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=2_000_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    runs: dict[str, list[dict[str, float]]] = {w: [] for w in WAYS}
    for _ in range(args.repeat):  # interleaved: the machine's drift shared by the three ways
        for way in WAYS:
            out = subprocess.run(
                [sys.executable, "-c", CODE, way, str(args.rows)],
                capture_output=True, text=True, check=True, cwd=ROOT, env=process_env(),
            )  # fmt: skip
            runs[way].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"five text columns of {args.rows:,} rows, medians of {args.repeat}:")
    for way, rs in runs.items():
        med = median_of(rs)
        print(
            f"  {WAYS[way]:<30} spelled {med['spell_ms']:6.0f} ms CPU, {med['pages']:>7,.0f} "
            f"pages; compared with a name {med['compare_ms']:5.0f} ms"
        )


if __name__ == "__main__":
    main()
