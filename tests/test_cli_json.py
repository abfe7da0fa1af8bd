"""``--json``: run, compare, sweep, plan and sensitivity print one JSON object on standard
output (and no table), for scripts and pipelines."""

import json
from pathlib import Path

import pytest

from sim.cli import main
from tests.conftest import ROOT

TEACHING = str(ROOT / "scenarios" / "teaching_small.yaml")
SHORT = ["--set", "days=20", "--set", "warmup_days=2"]


def _json(capsys: pytest.CaptureFixture[str], args: list[str]) -> dict:
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one line: the object, nothing else
    return json.loads(out)


def test_run_prints_its_summary(tmp_path, capsys):
    data = _json(capsys, ["run", TEACHING, *SHORT, "--out", str(tmp_path), "--no-report",
                          "--json"])  # fmt: skip
    assert data["command"] == "run"
    summary = json.loads((tmp_path / "teaching-small" / "seed-42" / "summary.json").read_text())
    assert data["summary"] == summary and data["folder"].endswith("seed-42")


def test_replications_compare_and_sweep_print_their_files(tmp_path, capsys):
    common = [*SHORT, "--out", str(tmp_path), "--jobs", "1", "--quiet", "--no-report", "--json"]
    reps = _json(capsys, ["run", TEACHING, "--replications", "2", *common])
    assert reps["replications"] == 2 and "lead_time_days.overall.mean" in reps["kpis"]
    comp = _json(capsys, ["compare", TEACHING, TEACHING, "--replications", "2", *common])
    assert comp["command"] == "compare" and comp["scenarios"] == ["0-teaching-small",
                                                                  "1-teaching-small"]  # fmt: skip
    on_disk = json.loads((Path(comp["folder"]) / "comparison.json").read_text())
    assert comp["paired_differences"] == on_disk["paired_differences"]
    sw = _json(capsys, ["sweep", TEACHING, "--vary", "logistics.lines.L01.trains_per_week=1,2",
                        "--replications", "2", *common])  # fmt: skip
    assert sw["parameters"] == ["logistics.lines.L01.trains_per_week"]
    assert len(sw["points"]) == 2 and sw["rows"][0]["kpi"]


def test_plan_prints_plan_json(tmp_path, capsys):
    data = _json(capsys, ["plan", TEACHING, "--set", "logistics.mode_choice.rail_share=1",
                          "--set", "start=2025-11-01", "--set", "days=110",
                          "--decide", "logistics.lines.L01.trains_per_week=1,2",
                          "--goal", "min:rail_departures", "--budget", "8",
                          "--screen-replications", "1", "--first-stage", "2",
                          "--out", str(tmp_path), "--jobs", "1", "--quiet", "--no-report",
                          "--json"])  # fmt: skip
    assert data["command"] == "plan"
    on_disk = json.loads((Path(data["folder"]) / "plan.json").read_text())
    assert {k: v for k, v in data.items() if k not in ("command", "folder")} == json.loads(
        json.dumps(on_disk)
    )
