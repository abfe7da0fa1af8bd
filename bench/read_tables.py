"""Reading a run's tables back: ``load_run`` (verify the manifest's hashes, read the scenario,
the summary and the four tables) and the tables alone, on the default scenario's run, in Parquet
and in CSV. Prints the median of several reads and the bare SimPy rate measured here.

Usage: python bench/read_tables.py [--reads 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import bare_simpy_events_per_s

from sim.model import Model
from sim.output.arrow import read_table
from sim.output.results import load_run, write_run
from sim.world.inputs import load_scenario


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reads", type=int, default=5)
    args = p.parse_args()
    result = Model(load_scenario(None)).run()
    print(f"{'format':>8} {'MB':>6} {'load_run s':>11} {'tables s':>9}  (target <= 0.2 s)")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("parquet", "csv"):
            folder = write_run(result, Path(tmp) / fmt, fmt=fmt)
            size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
            names = [folder / f"{t}.{fmt}" for t in ("orders", "trains", "borders", "daily")]
            load, tables = [], []
            for _ in range(args.reads):
                t = time.perf_counter()
                load_run(folder)
                load.append(time.perf_counter() - t)
                t = time.perf_counter()
                for name in names:
                    read_table(name)
                tables.append(time.perf_counter() - t)
            print(f"{fmt:>8} {size:>6.1f} {statistics.median(load):>11.3f} "
                  f"{statistics.median(tables):>9.3f}")  # fmt: skip
    print(f"bare SimPy on this machine now: {bare_simpy_events_per_s():,.0f} events/s")


if __name__ == "__main__":
    main()
