"""Shared fixtures: tiny scenario mappings that tests change one key at a time."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by ``python -c`` in a fresh interpreter from the repository's root, its
    output captured (a failure raises)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )


SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))

TINY: dict[str, Any] = {
    "name": "tiny",
    "start": "2025-09-01",  # a Monday
    "days": 30,
    "seed": 7,
    "scale": 0.05,
    "market": {
        "merchants": 2000,
        "categories": [
            {"name": "festival", "share": 0.5, "deadline": {"kind": "spring_festival"}},
            {"name": "everyday", "share": 0.5},
        ],
    },
    "buyers": {"visits_per_day": 400, "destinations": {"ALA": 0.6, "RTM": 0.4}},
    "logistics": {"only_lines": ["L12", "S01"]},
}


@pytest.fixture
def tiny() -> dict[str, Any]:
    """A fresh copy of a tiny scenario mapping (Almaty by rail, Rotterdam by sea)."""
    return copy.deepcopy(TINY)


def fresh_result(result: Any) -> Any:
    """A copy of a run's result whose summary and manifest a writer may extend without touching
    a fixture shared by several tests (the tables are shared: writers only read them)."""
    from sim.results.run import RunResult

    return RunResult(
        result.scenario, result.seed, result.tables, copy.deepcopy(result.summary),
        copy.deepcopy(result.manifest),
    )  # fmt: skip


def write_closed_teaching(folder: Path) -> Path:
    """The teaching world with Malaszewicze and Brest closed 6-18 January (trains wait there),
    written to ``folder/closed.yaml`` as a scenario named ``teaching-closed``."""
    import yaml

    data = yaml.safe_load((ROOT / "scenarios" / "teaching_small.yaml").read_text("utf-8"))
    data["name"] = "teaching-closed"
    data["disruptions"] = [
        {"target": "node", "id": n, "start": "2026-01-06", "end": "2026-01-18",
         "servers_factor": 0.0, "description": "closed"}
        for n in ("MAL", "BRE")
    ]  # fmt: skip
    path = folder / "closed.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
