"""The benchmark scripts keep working (they are run, not timed: timings come from `bench/`
itself, never from tests)."""

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_kernel_ratio_script_reports_the_event_loop_and_the_whole_run():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "kernel_ratio.py"),
         str(ROOT / "scenarios" / "teaching_small.yaml"), "--runs", "1",
         "--set", "days=20"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    assert re.search(r"teaching-small: [\d,]+ events, [\d,]+ orders as records", out)
    assert re.search(r"event loop: cost per event = \d+\.\d\d x", out)
    assert re.search(r"whole run:  cost per event = \d+\.\d\d x", out)
