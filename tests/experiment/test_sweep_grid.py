"""A sweep's grid of scenarios (sim.experiment.sweep_grid)."""

from __future__ import annotations

from sim.experiment.sweep_grid import sweep_scenarios
from sim.world.inputs import read_with_overrides
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


def test_a_vary_into_a_part_the_file_leaves_out_starts_from_its_default() -> None:
    """``--vary logistics.borders.MAL.servers=1,2`` on a file that lists no crossing was
    refused at every point ("logistics.borders.MAL.service_h: required key is missing", about a
    key the user never touched): each point now changes that one value of the network's
    crossing, as ``--set`` does."""
    base = read_with_overrides(TEACHING, ["days=20"])
    assert "borders" not in base.get("logistics", {})
    points, scenarios = sweep_scenarios(base, {"logistics.borders.MAL.servers": [1, 2]},
                                        str(TEACHING))  # fmt: skip
    assert [p["logistics.borders.MAL.servers"] for p in points] == [1, 2]
    mal = [sc.logistics.borders["MAL"] for sc in scenarios]
    assert [b.servers for b in mal] == [1, 2]
    # every other value of the crossing is the network's, the same at both points
    assert mal[0].service_h == mal[1].service_h


def test_a_set_into_a_left_out_part_reaches_a_sweeps_base() -> None:
    """``sweep --set logistics.borders.MAL.service_h.mean=12`` (as ``run`` takes it)."""
    base = read_with_overrides(TEACHING, ["logistics.borders.MAL.service_h.mean=12"])
    _, scenarios = sweep_scenarios(base, {"days": [10, 20]}, str(TEACHING))
    service = [sc.logistics.borders["MAL"].service_h.model_dump(by_alias=True) for sc in scenarios]
    assert [s["mean"] for s in service] == [12, 12]


def test_sweep_plan_and_sensitivity_take_a_set_into_a_left_out_part(tmp_path, capsys) -> None:
    """The three commands applied ``--set`` without the file's defaults, so a key path copied
    from a run's ``scenario.yaml`` into a part the file leaves out was refused."""
    from sim.cli import main

    left_out = ["--set", "logistics.borders.MAL.service_h.mean=12", "--set", "days=5",
                "--set", "warmup_days=0"]  # fmt: skip
    sweep = ["sweep", str(TEACHING), "--vary", "warmup_days=0", "--replications", "1",
             "--jobs", "1", "--no-report", "--out", str(tmp_path / "sweep"), *left_out]  # fmt: skip
    assert main(sweep) == 0, capsys.readouterr().err
    sens = ["sensitivity", str(TEACHING), "--method", "morris", "--trajectories", "2",
            "--replications", "1", "--jobs", "1", "--vary", "buyers.order_teu.mean=0.2..0.4",
            "--vary", "days=4..6", "--out", str(tmp_path / "sens"), *left_out]  # fmt: skip
    assert main(sens) == 0, capsys.readouterr().err


def test_a_range_or_a_value_given_twice_in_a_vary_is_named_with_what_to_write() -> None:
    """``--vary KEY=1..3`` (plan's form) was read as one value: "Input should be a valid number
    ... (got '1..3')"; it now says a sweep takes a list and shows one. A value given twice is
    named ("1,2,1.0": 1.0 is 1), for --decide too, in English and Chinese."""
    import pytest

    from sim.errors import ScenarioError
    from sim.experiment.plan_spec import parse_decide
    from sim.experiment.sweep_grid import parse_vary
    from sim.output.saying import in_lang

    key = "logistics.lines.L01.trains_per_week"
    for raw in ("1..3", "1..4:0.5", "0.5 .. 2"):
        with pytest.raises(ScenarioError) as err:
            parse_vary([f"{key}={raw}"])
        (said,) = err.value.problems
        assert f"--vary {key}={raw}: a sweep takes a list of values, not a range" in said, said
        assert f"--vary {key}=1,2,3" in said
        assert "参数扫描接受取值列表" in in_lang(said, "zh")
    with pytest.raises(ScenarioError) as err:
        parse_vary([f"{key}=1,2,1.0"])
    assert err.value.problems == [f"--vary {key}: a value is given twice (1.0); give each "
                                  "value once"]  # fmt: skip
    assert "有取值重复（1.0）" in in_lang(err.value.problems[0], "zh")
    with pytest.raises(ScenarioError) as err:
        parse_decide([f"{key}=1,2,2"])
    assert "a value is given twice (2)" in err.value.problems[0]
    assert parse_vary([f"{key}=0.5,1,2"]) == {key: [0.5, 1, 2]}  # a list is still a list
