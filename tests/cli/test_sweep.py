"""sim.cli.sweep: the sweep command's printed table says how many replications each point
ran, --precision's count and not --replications' default."""

from __future__ import annotations

from sim.cli import main
from tests.test_cli import TEACHING


def test_a_sweep_to_a_precision_says_how_many_replications_ran(tmp_path, capsys):
    """With --precision the replications a sweep ran are not --replications' default."""
    argv = ["sweep", TEACHING, "--vary", "logistics.lines.L01.trains_per_week=1,2",
            "--set", "days=12", "--precision", "orders.placed=0.5", "--min-replications", "2",
            "--max-replications", "7", "--out", str(tmp_path), "--no-report", "--quiet",
            "--jobs", "1"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    ran = len(list(next(tmp_path.glob("*/*/p000")).glob("rep-*")))
    assert f"2 points x {ran} replications" in out
