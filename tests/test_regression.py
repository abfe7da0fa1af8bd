"""Fixed-seed reference runs must keep their results: any change that moves a number fails here
until `python scripts/update_regression_baseline.py` is run and CHANGELOG.md says why."""

import importlib.util
import json
import math

import pytest

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location(
    "update_regression_baseline", ROOT / "scripts" / "update_regression_baseline.py"
)
assert spec and spec.loader
baseline = importlib.util.module_from_spec(spec)
spec.loader.exec_module(baseline)

REL = 1e-9  # identical up to floating-point noise across platforms


def _compare(got, want, path=""):
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), f"{path}: keys differ"
        for k in want:
            _compare(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, float) and isinstance(got, float):
        assert math.isclose(got, want, rel_tol=REL, abs_tol=1e-12), f"{path}: {got} != {want}"
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


@pytest.mark.parametrize("name", sorted(baseline.REFERENCE_RUNS))
def test_reference_run_matches_the_baseline(name):
    path = ROOT / "tests" / "regression" / f"{name}.summary.json"
    want = json.loads(path.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(baseline.reference_summary(name)))
    _compare(got, want)
