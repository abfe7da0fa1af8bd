"""``scripts/live_expectation_bias.py``: the live expectations' bias, measured in both engines
(the per-actor reference books each order alone, through ``choose_one``), and one run after
another in the same process."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location(
        "live_expectation_bias", ROOT / "scripts" / "live_expectation_bias.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["live_expectation_bias"] = mod
    spec.loader.exec_module(mod)
    return mod


bias = _script()


@pytest.mark.parametrize("engine", ["per_actor", "batched", "batched"])
def test_the_bias_is_measured_in_either_engine_run_after_run(engine, capsys):
    bias.main([str(ROOT / "scenarios" / "teaching_small.yaml"), "days=40", f"engine={engine}"])
    out = capsys.readouterr().out
    assert "arrival - expected arrival, days" in out
    rail = next(line for line in out.splitlines() if line.strip().startswith("rail"))
    assert int(rail.split()[1]) > 100  # rail orders delivered, each paired with its expectation
