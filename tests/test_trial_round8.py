"""Round-8 trial: answers people can trust — a researcher's intervals and byte-identical
folders, a planner's report against its summary, and bad input refused in one line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sim.cli import main
from sim.output.install import current_umask

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["--set", "days=20", "--set", "warmup_days=2"]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ------------------------------------------------------------------ folders others can read


def test_a_reports_figures_folder_follows_the_umask_as_the_run_folder_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``figures/`` beside ``report.html`` was made by ``mkdtemp`` and kept its 0700: a
    colleague who could open the report and every table of a shared results folder could not
    open its figures."""
    assert main(["run", str(SMALL), "--out", str(tmp_path), *SHORT]) == 0
    capsys.readouterr()
    run = tmp_path / "teaching-small" / "seed-42"
    wanted = 0o777 & ~current_umask()
    assert _mode(run) == wanted
    assert _mode(run / "figures") == wanted, oct(_mode(run / "figures"))


def test_a_run_folder_sent_back_by_a_worker_follows_the_umask(tmp_path: Path) -> None:
    """A Dask worker without the shared folder sends back the files; the client installed them
    in a ``mkdtemp`` folder renamed into place, 0700, unlike every folder written locally."""
    from sim.experiment.cluster import install_files
    from sim.output.results import verify_run

    assert main(["run", str(SMALL), "--out", str(tmp_path / "a"), "--no-report", *SHORT]) == 0
    made = tmp_path / "a" / "teaching-small" / "seed-42"
    files = {p.name: p.read_bytes() for p in made.iterdir()}
    target = tmp_path / "b" / "rep-000"
    install_files(target, files)
    verify_run(target)
    assert _mode(target) == 0o777 & ~current_umask(), oct(_mode(target))
    assert os.listdir(target.parent) == ["rep-000"]
