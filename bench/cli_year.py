"""Command-line full-scale year: ``yiwu-sim run`` of the full-scale year with ``--no-report``,
simulating and writing the tables, timed from outside (interpreter start-up, reading the
scenario, the simulation, the tables, the manifest's hashes). Prints the median of several runs
in bare-SimPy-timeout equivalents (wall seconds x the events per second of a bare SimPy loop
measured in this same script, before and after) and the size of the results folder.

Usage: python bench/cli_year.py [--runs 3] [--format parquet|csv] [--bytecode cached]
       [--against CHECKOUT]

``--bytecode cached``: the command runs with its compiled bytecode at hand, as an installed
package does (see ``bench/report_speed.py``); by default the shell's setting is inherited.

``--against CHECKOUT``: each run of this checkout is paired with one of another (e.g. the
session's start), alternating which goes first; prints both medians and the median of the
pairs' ratios, which drift less than either figure on a machine whose speed drifts.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import YEAR, bare_simpy_events_per_s, full_scale_overrides
from report_speed import child_env


def one_run(fmt: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds of one command and the megabytes it wrote."""
    out = Path(tempfile.mkdtemp(prefix="cli-year-"))
    exe = Path(sys.executable).parent / "yiwu-sim"  # the installed command, as a user runs it
    cmd = [str(exe), "run", str(YEAR), "--no-report", "--out", str(out), "--format", fmt]
    for o in full_scale_overrides():
        cmd += ["--set", o]
    try:
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        wall = time.perf_counter() - t
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        if not list(out.rglob(f"orders.{fmt}")):
            raise SystemExit(f"the command wrote no orders table under {out}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return wall, size


def against(other: Path, pairs: int, fmt: str, bytecode: str) -> None:
    """``pairs`` interleaved pairs of this checkout and ``other`` (the order alternates)."""
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as cache:
        envs = {name: child_env(bytecode, cache, tree)
                for name, tree in (("this", root), ("other", other))}  # fmt: skip
        teaching = YEAR.parent / "teaching_small.yaml"
        exe = Path(sys.executable).parent / "yiwu-sim"
        for env in envs.values():  # untimed: compiles each checkout once, on a short run
            with tempfile.TemporaryDirectory() as out:
                subprocess.run([str(exe), "run", str(teaching), "--out", out, "--quiet"],
                               check=True, capture_output=True, env=env)  # fmt: skip
        rates = [bare_simpy_events_per_s()]
        walls: dict[str, list[float]] = {"this": [], "other": []}
        for i in range(pairs):
            for name in ("this", "other") if i % 2 == 0 else ("other", "this"):
                walls[name].append(one_run(fmt, envs[name])[0])
            print(f"  pair {i + 1}: this {walls['this'][-1]:.2f} s, other "
                  f"{walls['other'][-1]:.2f} s")  # fmt: skip
        rates.append(bare_simpy_events_per_s())
    rate = statistics.mean(rates)
    print(f"bare SimPy: {rates[0]:,.0f} and {rates[1]:,.0f} events/s (before, after)")
    for name, label in (("this", str(root)), ("other", str(other))):
        w = statistics.median(walls[name])
        print(f"{label}: median {w:.2f} s = {w * rate / 1e6:.2f} million bare-SimPy equivalents")
    ratios = [a / b for a, b in zip(walls["this"], walls["other"], strict=True)]
    print(f"this / other, median of {pairs} pairs: {statistics.median(ratios):.3f} "
          f"({min(ratios):.3f}-{max(ratios):.3f})")  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--format", default="parquet", choices=["parquet", "csv"])
    p.add_argument("--bytecode", choices=["environment", "cached"], default="environment")
    p.add_argument("--against", type=Path, help="another checkout, run in interleaved pairs")
    args = p.parse_args()
    if args.against is not None:
        against(args.against, args.runs, args.format, args.bytecode)
        return
    with tempfile.TemporaryDirectory() as cache:
        env = child_env(args.bytecode, cache)
        if args.bytecode == "cached":  # untimed: compiles the package once, on a short run
            teaching = YEAR.parent / "teaching_small.yaml"
            exe = Path(sys.executable).parent / "yiwu-sim"
            with tempfile.TemporaryDirectory() as out:
                subprocess.run([str(exe), "run", str(teaching), "--out", out, "--quiet"],
                               check=True, capture_output=True, env=env)  # fmt: skip
        bare_before = bare_simpy_events_per_s()
        runs = [one_run(args.format, env) for _ in range(args.runs)]
    bare = (bare_before + bare_simpy_events_per_s()) / 2
    for wall, size in runs:
        print(f"  run: {wall:.2f} s, {size:.0f} MB written")
    wall = statistics.median(w for w, _ in runs)
    size = statistics.median(s for _, s in runs)
    print(f"bare SimPy on this machine now: {bare:,.0f} events/s (mean of before and after)")
    print(f"median of {args.runs} ({args.format}): wall {wall:.2f} s = {wall * bare / 1e6:.2f} "
          f"million bare-SimPy equivalents (target <= 3.5), {size:.0f} MB written "
          "(target <= 100)")  # fmt: skip


if __name__ == "__main__":
    main()
