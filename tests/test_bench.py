"""The benchmark scripts keep working (they are run, not timed: timings come from `bench/`
itself, never from tests)."""

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_whole_run_script_reports_bare_simpy_equivalents():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "whole_run.py"),
         str(ROOT / "scenarios" / "teaching_small.yaml"), "--runs", "1",
         "--set", "days=20"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    assert re.search(r"teaching-small: [\d,]+ events, [\d,]+ orders", out)
    assert re.search(r"whole run: \d+\.\d\d s wall = \d+\.\d{3} million bare-SimPy", out)
