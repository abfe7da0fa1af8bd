import json
import re

import numpy as np
import pytest

from sim.cli import main
from sim.errors import SimError
from sim.experiment.assumptions import parse_inputs
from sim.experiment.sensitivity import Design, analyse, run_sensitivity, sample
from sim.world.inputs import load_scenario, resolve
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["days=40", "warmup_days=5"]
RAIL = "lead_time_days.by_mode.rail.mean"
KNOWN = [
    "logistics.terminal_h=0..48",  # adds its hours to every rail delivery: 2 days over the range
    "logistics.costs.rail_usd_per_teu=1000..5000",  # enters only the cost: provably no effect
]


def _base():
    sc = resolve(load_scenario(TEACHING, SHORT))
    return sc.model_dump(mode="json", by_alias=True, exclude_none=True)


def _by_input(result, kpi):
    return {r["input"]: r for r in result.rows if r["kpi"] == kpi}


def test_morris_recovers_the_known_ranking_in_the_model(tmp_path):
    inputs = parse_inputs(KNOWN)
    design = Design("morris", trajectories=4, replications=2)
    res = run_sensitivity(_base(), inputs, design, [RAIL], out=tmp_path, jobs=1)
    rows = _by_input(res, RAIL)
    terminal, cost = rows["logistics.terminal_h"], rows["logistics.costs.rail_usd_per_teu"]
    assert terminal["rank"] == 1 and cost["rank"] == 2
    # mu* is the effect of moving an input across its whole range: 48 h = 2 days of terminal
    # time on every rail delivery (a little more or less where the wagons' return shifts)
    assert 1.5 < terminal["mu_star"] < 2.5
    assert terminal["mu_star_low"] <= terminal["mu_star"] <= terminal["mu_star_high"]
    assert terminal["above_noise"]
    # common random numbers: a cost changes no draw, so its effect is exactly zero
    assert cost["mu_star"] == 0 and cost["sigma"] == 0 and not cost["above_noise"]
    assert res.points == 4 * 3 and res.runs == 24 and res.computed == 24
    table = (res.folder / "sensitivity.csv").read_text().splitlines()
    assert table[0].startswith("method,kpi,input,rank,mu_star,mu_star_low,mu_star_high")
    assert len(table) == 3
    assert (res.folder / "sensitivity.svg").read_text().startswith("<svg")
    assert len((res.folder / "design.csv").read_text().splitlines()) == 13
    # resumable: the same analysis again runs nothing and gives the same table
    again = run_sensitivity(_base(), inputs, design, [RAIL], out=tmp_path, jobs=1)
    assert again.computed == 0 and again.rows == res.rows


def test_sobol_recovers_the_known_ranking_in_the_model(tmp_path):
    inputs = parse_inputs(KNOWN)
    design = Design("sobol", samples=16, replications=1)
    res = run_sensitivity(_base(), inputs, design, [RAIL], out=tmp_path, jobs=1)
    rows = _by_input(res, RAIL)
    terminal, cost = rows["logistics.terminal_h"], rows["logistics.costs.rail_usd_per_teu"]
    assert res.points == 16 * (2 + 2)
    assert terminal["rank"] == 1
    # the terminal time alone moves the rail lead time: both its indices are about 1
    assert terminal["ST"] > 0.7 and terminal["S1"] > 0.7
    assert terminal["ST_low"] < 1 < terminal["ST_high"]
    assert cost["ST"] == 0 and cost["S1"] == 0


def test_bootstrap_intervals_and_noise_on_a_known_function():
    inputs = parse_inputs(["a=0..1", "b=0..1", "c=0..1"])
    design = Design("morris", trajectories=20, replications=4)
    x = sample(inputs, design, 3)
    rng = np.random.default_rng(0)
    effect = 4 * x[:, 0] + 1 * x[:, 1]  # c does nothing
    y = effect[:, None] + rng.normal(0, 0.3, (x.shape[0], 4))
    found = analyse(x, y, inputs, design, 5)
    assert found["mu_star"][0] == pytest.approx(4, rel=0.1)
    assert found["mu_star"][1] == pytest.approx(1, rel=0.3)
    assert found["mu_star_low"][0] < 4 < found["mu_star_high"][0]
    # c's mu* is noise only: about its noise floor, and far below the others
    assert found["mu_star"][2] < 2 * found["noise"][2] + 0.05
    assert found["mu_star_low"][1] > found["noise"][1]


def test_cli_json_and_bad_kpi(tmp_path, capsys):
    args = ["sensitivity", str(TEACHING), *(a for s in SHORT for a in ("--set", s)),
            "--vary", KNOWN[0], "--vary", KNOWN[1], "--trajectories", "2",
            "--replications", "1", "--kpi", RAIL, "--out", str(tmp_path),
            "--jobs", "1"]  # fmt: skip
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "morris" and data["design"]["runs"] == 6
    assert data["indices"][0]["input"] == "logistics.terminal_h"
    bad = [a if a != RAIL else "lead_time.rail" for a in args]
    assert main(bad) == 2  # the input is wrong, as plan's misspelt --goal KPI
    assert "not a KPI of summary.json" in capsys.readouterr().err


def test_closure_kpis_come_from_each_runs_tables(tmp_path):
    hindcast = ROOT / "scenarios" / "hindcast_2025_closure.yaml"
    sc = resolve(load_scenario(hindcast))
    base = sc.model_dump(mode="json", by_alias=True, exclude_none=True)
    inputs = parse_inputs(["logistics.borders.MAL.servers=24..40",
                           "logistics.costs.rail_usd_per_teu=1000..5000"])  # fmt: skip
    kpis = ["closure.held_max", "closure.days_to_clear"]
    res = run_sensitivity(base, inputs, Design("morris", trajectories=2, replications=1), kpis,
                          out=tmp_path, jobs=1)  # fmt: skip
    assert res.kpis == kpis
    for kpi in kpis:
        rows = _by_input(res, kpi)
        assert rows["logistics.costs.rail_usd_per_teu"]["mu_star"] == 0  # only the cost
    assert _by_input(res, "closure.held_max")["logistics.borders.MAL.servers"]["rank"] == 1
    with pytest.raises(SimError, match="closes a border crossing"):
        run_sensitivity(_base(), inputs, Design(trajectories=2, replications=1), kpis,
                        out=tmp_path, jobs=1)  # fmt: skip


def test_a_count_a_run_had_none_of_is_analysed_as_zero():
    # a run whose line ran no train has no lines.L01 in its summary: 0 departures, not "no
    # value" (which left the KPI out of the analysis); a mean of nothing stays without a value
    from sim.experiment.sensitivity import _kpi_values

    runs = [{"lines": {"L01": {"departures": 4, "load_factor": 0.5}}}, {"lines": {}}]
    assert _kpi_values(runs, "lines.L01.departures").tolist() == [4.0, 0.0]
    assert np.isnan(_kpi_values(runs, "lines.L01.load_factor")[1])


def test_a_closure_is_a_cut_that_leaves_no_server_as_the_model_tells_it():
    """The closure KPIs' window: a node cut whose kept servers round to none closes the
    crossing (0.4 of an unlisted crossing's 2 servers keeps one: open; 0.2 keeps none)."""
    from sim.experiment.sensitivity import closure_window

    def window(factor: float):
        cut = (f"disruptions=[{{target: node, id: MAL, start: 2025-12-20, end: 2026-01-02, "
               f"servers_factor: {factor}}}]")  # fmt: skip
        return closure_window(load_scenario(ROOT / "scenarios/teaching_small.yaml", [cut]))

    assert window(0.01) == ({"MAL"}, (80 * 24.0, 94 * 24.0))
    assert window(0.0) == window(0.01)
    servers = load_scenario(ROOT / "scenarios/teaching_small.yaml").logistics.servers_at("MAL")
    assert (window(0.6 / servers) is None) is (round(0.6) > 0)


@pytest.mark.parametrize(
    ("vary", "said", "zh"),
    [
        (  # a list position the scenario has not: named as --set
            "market.categories.9.share=0.1..0.2",
            "--vary market.categories.9.share: no such place in the scenario "
            "(market.categories is a list, and a list takes a position 0 to 1; got '9')",
            "--vary market.categories.9.share：情景中没有这个位置",
        ),
        (
            "days.x=1..2",
            "--vary days.x: no such place in the scenario (days is a value (40)",
            "--vary days.x：情景中没有这个位置",
        ),
        (  # an unknown key: the scenario's key path alone, no --vary
            "buyers.nothere=1..2",
            "--vary buyers.nothere=1..2: buyers.nothere: unknown key 'nothere'; allowed keys: "
            "between_merchants_h, destinations,",
            "--vary buyers.nothere=1..2：buyers.nothere：未知的键 'nothere'；允许的键：",
        ),
        (  # a misspelt part of the path
            "logistics.linez.L01.trains_per_week=1..2",
            "--vary logistics.linez.L01.trains_per_week=1..2: logistics.linez: unknown key "
            "'linez' (did you mean 'lines'?); allowed keys: ",
            "--vary logistics.linez.L01.trains_per_week=1..2：logistics.linez：未知的键 'linez'",
        ),
        (  # a range outside what the key allows: said as a point of the design
            "days=-5..40",
            "--vary days=-5..40: days: Input should be greater than or equal to 1 (got -5)",
            "--vary days=-5..40：days：应大于或等于 1（给出的值：-5）",
        ),
        (
            "logistics.lines.L01.trains_per_week=*-1..2",
            "--vary logistics.lines.L01.trains_per_week=*-1..2: "
            "logistics.lines.L01.trains_per_week: Input should be greater than 0",
            "--vary logistics.lines.L01.trains_per_week=*-1..2：",
        ),
        (  # a bad number: 1e999 reads as infinity, which passed as LO < HI
            "days=1..1e999",
            "--vary 'days=1..1e999': LO and HI must be finite numbers, got 1, inf",
            "--vary 'days=1..1e999'：LO 和 HI 必须是有限的数字，给出的是 1, inf",
        ),
        (
            "days=5..x",
            "--vary 'days=5..x': LO and HI must be numbers with LO < HI, got 5, 'x'",
            "--vary 'days=5..x'：LO 和 HI 必须是数字且 LO < HI",
        ),
        (  # no '=': the form
            "days",
            "--vary 'days': expected key.path=LO..HI (or key.path=*LO..HI, a factor)",
            "--vary 'days'：应写作 key.path=LO..HI",
        ),
        (
            "seed=1..2",
            "--vary seed: every point (or candidate) runs the same seeds",
            "--vary seed：每个取值点（或候选方案）都用同一组种子",
        ),
    ],
)
def test_a_bad_vary_is_named_as_vary_with_its_value_and_what_is_allowed(
    tmp_path, capsys, vary: str, said: str, zh: str
) -> None:
    """``yiwu-sim sensitivity --vary market.categories.9.share=0.1..0.2`` said ``--set
    market.categories.9.share: ...``, an option the user never typed; an unknown key or a
    range outside the key's bounds named the scenario's key alone, or every point of the
    design; 1e999 passed as a number; and ``--vary seed`` was English under ``--lang zh``."""
    args = ["sensitivity", str(TEACHING), *(a for s in SHORT for a in ("--set", s)),
            "--vary", "buyers.visits_per_day=300..500", "--vary", vary, "--trajectories", "2",
            "--replications", "1", "--out", str(tmp_path), "--jobs", "1"]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert said in err and "--set" not in err and "point buyers" not in err, err
    assert err.startswith("error: invalid scenario --vary: 1 problem\n"), err
    assert main([*args, "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：--vary 有误：1 个问题") and zh in err, err
    assert not re.search(r"\b(Input|should|unknown|no such|must|every|expected)\b", err), err
