"""Rewrite the regression baseline on purpose: the fixed-seed reference runs' summaries.

Usage: python scripts/update_regression_baseline.py

tests/test_regression.py compares fresh runs with these files; a change that moves any result
fails that test until this script is run and the change is recorded in CHANGELOG.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from sim.model import Model
from sim.world.inputs import load_scenario

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tests" / "regression"

REFERENCE_RUNS = {
    # name: (scenario file, overrides) -- short enough to run in a few seconds
    "teaching_small": ("scenarios/teaching_small.yaml", []),
    "spring_festival_60d": ("scenarios/spring_festival_2026.yaml", ["days=60", "warmup_days=7"]),
}


def reference_summary(name: str) -> dict:
    path, overrides = REFERENCE_RUNS[name]
    return Model(load_scenario(ROOT / path, overrides)).run().summary


def main() -> None:
    BASELINE.mkdir(parents=True, exist_ok=True)
    for name in REFERENCE_RUNS:
        out = BASELINE / f"{name}.summary.json"
        out.write_text(json.dumps(reference_summary(name), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
