"""The ``yiwu-sim`` process switches NumPy's huge-page advice off unless the user chose."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sim.command import main


def test_the_command_sets_numpys_huge_page_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    assert main(["--version"]) == 0
    assert os.environ["NUMPY_MADVISE_HUGEPAGE"] == "0"


def test_a_users_choice_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    assert main(["--version"]) == 0
    assert os.environ["NUMPY_MADVISE_HUGEPAGE"] == "1"


def test_python_m_sim_runs_the_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "sim", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip()
