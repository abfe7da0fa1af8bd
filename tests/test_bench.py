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


def test_crossings_against_finds_a_checkout_the_same_as_itself():
    spec = (
        '{"path": "' + str(ROOT / "scenarios" / "teaching_small.yaml") + '", "overrides": '
        '["days=30", "reporting.monitors=true"], "patch": {"disruptions": [{"target": "node", '
        '"id": "MAL", "start": "2025-10-20", "end": "2025-10-30", "servers_factor": 0.0, '
        '"surge_factor": 2.0, "surge_days": 2}]}, "probe_dt": 5.37}'
    )
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "crossings_against.py"), str(ROOT),
         "--spec", spec],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    assert out.splitlines() == ["0: identical", "1 world, 0 different"]


def test_live_policies_script_prices_each_live_policy_against_the_static_run():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "live_policies.py"), "--rounds", "1",
         "--scenario", str(ROOT / "scenarios" / "teaching_small.yaml"), "--set", "days=20"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    lines = out.splitlines()
    assert "CPU seconds of Model.run, median of 1 rounds" in lines[0]
    assert re.match(r"  static policies +\d+\.\d\d s$", lines[1])
    assert len(lines) == 2 + 7  # the six live policies alone, then all of them
    assert all(
        re.search(r"=\w+ +\d+\.\d\d s  [+-]\d+\.\d\d s, \d+\.\d\dx$", x) for x in lines[2:-1]
    )
    assert re.match(r"  all live policies +\d+\.\d\d s  [+-]\d+\.\d\d s, \d+\.\d\dx$", lines[-1])
