"""Wall time of ``yiwu-sim run`` with its report, beside the bare SimPy rate.

Runs the command line in fresh processes (start-up, simulation, writing the folder and the
report all counted), for the default scenario and the teaching scenario, and prints the median
of ``--repeat`` runs, with and without the report, in seconds and in bare-SimPy-timeout
equivalents (wall seconds x bare SimPy events per second, measured in this script)::

    python bench/report_speed.py --repeat 5

``--bytecode cached`` runs the command as an installed package runs: with its modules' compiled
bytecode at hand (a cache folder of this script's own, filled by one untimed run first). By
default the processes inherit the shell's setting, and with ``PYTHONDONTWRITEBYTECODE=1`` and
an editable install every run compiles the package's ~100 modules again (about 0.15 CPU-s).

``--against CHECKOUT`` measures this checkout and another one (e.g. ``../main``) in interleaved
pairs, alternating which goes first, on the default scenario with its report, and prints each
one's median and the median of the pairs' ratios of wall and of CPU time (the machine's speed
drifts between minutes; a pair's two runs share the minute)::

    python bench/report_speed.py --against ../main --repeat 8 --bytecode cached
"""

from __future__ import annotations

import argparse
import os
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


def child_env(bytecode: str, cache: str, checkout: Path | None = None) -> dict[str, str]:
    """The environment of a measured command: the shell's, or with compiled bytecode kept in
    ``cache`` (``bytecode="cached"``); ``checkout``: the source tree to import ``sim`` from."""
    env = dict(os.environ)
    if bytecode == "cached":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    return env


def wall(args: list[str], out: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the writer's thread included) of one command."""
    exe = str(Path(sys.executable).with_name("yiwu-sim"))  # the installed command
    cmd = [exe, "run", *args, "--out", out, "--force", "--quiet"]
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return elapsed, usage.ru_utime + usage.ru_stime


def against(other: Path, repeat: int, bytecode: str, cache: str, out: str) -> None:
    """Interleaved pairs of this checkout and ``other``, default scenario with its report."""
    envs = {"this": child_env(bytecode, cache, ROOT), "other": child_env(bytecode, cache, other)}
    for env in envs.values():  # untimed: fills the bytecode cache
        wall([], out, env)
    runs: dict[str, list[tuple[float, float]]] = {"this": [], "other": []}
    rates = [bare_simpy_events_per_s()]
    for i in range(repeat):
        for name in ("this", "other") if i % 2 == 0 else ("other", "this"):
            runs[name].append(wall([], out, envs[name]))
    rates.append(bare_simpy_events_per_s())
    rate = statistics.mean(rates)
    print(f"bare SimPy: {rates[0]:,.0f} and {rates[1]:,.0f} events/s (before, after)")
    for name, label in (("this", str(ROOT)), ("other", str(other))):
        w = [r[0] for r in runs[name]]
        c = [r[1] for r in runs[name]]
        print(f"{label}: wall median {statistics.median(w):.2f} s ({min(w):.2f}-{max(w):.2f}) "
              f"= {statistics.median(w) * rate / 1e6:.2f} M bare-SimPy events; "
              f"CPU median {statistics.median(c):.2f} s")  # fmt: skip
    ratio_w = [a[0] / b[0] for a, b in zip(runs["this"], runs["other"])]
    ratio_c = [a[1] / b[1] for a, b in zip(runs["this"], runs["other"])]
    print(f"this / other, median of {repeat} pairs: wall {statistics.median(ratio_w):.3f} "
          f"({min(ratio_w):.3f}-{max(ratio_w):.3f}), CPU {statistics.median(ratio_c):.3f} "
          f"({min(ratio_c):.3f}-{max(ratio_c):.3f})")  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument(
        "--bytecode",
        choices=["environment", "cached"],
        default="environment",
        help="compiled bytecode as the shell has it, or cached as an installed package has it",
    )
    p.add_argument(
        "--against",
        type=Path,
        default=None,
        metavar="CHECKOUT",
        help="another source tree, measured in interleaved pairs with this one",
    )
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        print(f"bytecode: {a.bytecode}" + (f" ({os.environ.get('PYTHONDONTWRITEBYTECODE')=})"
                                           if a.bytecode == "environment" else ""))  # fmt: skip
        if a.against is not None:
            against(a.against.resolve(), a.repeat, a.bytecode, cache, out)
            return
        env = child_env(a.bytecode, cache)
        if a.bytecode == "cached":
            wall([], out, env)  # untimed: fills the bytecode cache
        rate = bare_simpy_events_per_s()
        print(f"bare SimPy: {rate:,.0f} events/s")
        for name, args in SCENARIOS.items():
            for extra, what in (([], "with report"), (["--no-report"], "no report")):
                times = [wall([*args, *extra], out, env)[0] for _ in range(a.repeat)]
                med = statistics.median(times)
                print(
                    f"{name:<9} {what:<12} median {med:.2f} s (min {min(times):.2f}, "
                    f"max {max(times):.2f}) = {med * rate / 1e6:.2f} M bare-SimPy events"
                )


if __name__ == "__main__":
    main()
