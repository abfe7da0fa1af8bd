"""Experiments under Ctrl-C and dying workers; comparisons of same-named scenarios; exit codes.

Issue 17, items 8, 9 and 11.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from sim.cli import main
from tests.conftest import ROOT

TEACHING = str(ROOT / "scenarios" / "teaching_small.yaml")

# --------------------------------------------------------------------------- item 8

INTERRUPTED = textwrap.dedent(
    """
    import sys
    from sim.cli import main
    sys.exit(main(["run", sys.argv[1], "--replications", "6", "--jobs", "2", "--set", "scale=4",
                   "--out", sys.argv[2], "--no-report", "--quiet"]))
    """
)


def _workers(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z" and b"resource_tracker" not in cmd:
            out.append(int(entry))
    return out


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find worker processes")
def test_ctrl_c_stops_an_experiment_within_seconds_and_keeps_finished_runs(tmp_path):
    from sim.output.results import verify_run

    scenario = str(ROOT / "scenarios" / "full_year_2024.yaml")
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, scenario, str(tmp_path)],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.time() + 60
        while time.time() < deadline and len(_workers(proc.pid)) < 2:
            time.sleep(0.05)
        workers = _workers(proc.pid)
        assert len(workers) >= 2, "no worker processes started"
        time.sleep(1.5)  # runs in flight
        t = time.perf_counter()
        os.kill(proc.pid, signal.SIGINT)  # the command only, as a signal from another process
        _, err = proc.communicate(timeout=30)
        took = time.perf_counter() - t
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert took < 3.0, f"Ctrl-C took {took:.1f} s"
    assert not [w for w in workers if os.path.exists(f"/proc/{w}") and _alive(w)]
    reps = sorted((tmp_path / "full-year-2024").glob("replications-*/rep-*"))
    for rep in reps:  # whatever is there under its final name is complete
        verify_run(rep)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# --------------------------------------------------------------------------- item 9


def test_compare_keeps_two_scenarios_that_share_a_name(tmp_path, capsys):
    other = tmp_path / "same_name.yaml"
    text = (ROOT / "scenarios" / "teaching_small.yaml").read_text(encoding="utf-8")
    other.write_text(text, encoding="utf-8")
    code = main(["compare", TEACHING, str(other), "--replications", "2", "--jobs", "1",
                 "--set", "days=20", "--set", "warmup_days=0", "--out", str(tmp_path / "out"),
                 "--no-report", "--quiet"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    (path,) = (tmp_path / "out").glob("compare-*/comparison.json")
    comp = json.loads(path.read_text(encoding="utf-8"))
    assert comp["scenarios"] == ["0-teaching-small", "1-teaching-small"]
    assert sorted(comp["kpis"]) == ["0-teaching-small", "1-teaching-small"]
    assert list(comp["paired_differences"]) == ["1-teaching-small"]
    assert "diff 1-teaching-small" in capsys.readouterr().out


# --------------------------------------------------------------------------- item 11


def test_a_bad_run_id_is_a_usage_error_like_a_bad_scenario(tmp_path, capsys):
    bad_id = main(["run", TEACHING, "--out", str(tmp_path), "--run-id", "../x"])
    bad_scenario = main(["run", TEACHING, "--out", str(tmp_path), "--set", "days=-1"])
    assert bad_id == bad_scenario == 2
    err = capsys.readouterr().err
    assert "--run-id" in err and "Traceback" not in err
    assert not any(tmp_path.iterdir())
