"""The warnings printed before scenarios run (sim.cli.scenario_warnings)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

SMALL = ROOT / "scenarios" / "teaching_small.yaml"


def test_a_sweeps_warning_names_its_points_as_key_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The capacity warning of some points of a sweep began
    "{'logistics.lines.L01.trains_per_week': 0.5}: line L01 ...", a Python dict."""
    from sim.cli.scenario_warnings import _sweep_warnings
    from sim.experiment.runs import sweep_scenarios
    from sim.scenario import read_scenario_file

    base = read_scenario_file(SMALL)
    vary = {"logistics.lines.L01.trains_per_week": [0.5, 2], "logistics.mode_choice.rail_share":
            [0.5, 0.9]}  # fmt: skip
    points, scenarios = sweep_scenarios(base, vary)
    _sweep_warnings(points, scenarios, "en")
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "line L01" in x)
    assert line.startswith(
        "warning: logistics.lines.L01.trains_per_week=0.5, logistics.mode_choice.rail_share=0.5"
    ), line
    assert "{'" not in err
    _sweep_warnings(points, scenarios, "zh")
    assert "{'" not in capsys.readouterr().err
