"""Wall time of ``yiwu-sim run`` with its report, beside the bare SimPy rate.

Runs the command line in fresh processes (start-up, simulation, writing the folder and the
report all counted), for the default scenario and the teaching scenario, and prints the median
of ``--repeat`` runs, with and without the report, in seconds and in bare-SimPy-timeout
equivalents (wall seconds x bare SimPy events per second, measured in this script)::

    python bench/report_speed.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, bare_simpy_events_per_s

SCENARIOS = {
    "default": [],
    "teaching": [str(ROOT / "scenarios" / "teaching_small.yaml")],
}


def wall(args: list[str], out: str) -> float:
    exe = str(Path(sys.executable).with_name("yiwu-sim"))  # the installed command
    cmd = [exe, "run", *args, "--out", out, "--force", "--quiet"]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    rate = bare_simpy_events_per_s()
    print(f"bare SimPy: {rate:,.0f} events/s")
    with tempfile.TemporaryDirectory() as out:
        for name, args in SCENARIOS.items():
            for extra, what in (([], "with report"), (["--no-report"], "no report")):
                times = [wall([*args, *extra], out) for _ in range(a.repeat)]
                med = statistics.median(times)
                print(
                    f"{name:<9} {what:<12} median {med:.2f} s (min {min(times):.2f}, "
                    f"max {max(times):.2f}) = {med * rate / 1e6:.2f} M bare-SimPy events"
                )


if __name__ == "__main__":
    main()
