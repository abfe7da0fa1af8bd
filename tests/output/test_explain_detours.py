"""Which closure a train that went round a closed crossing is counted under
(:mod:`sim.output.explain_detours`): each detour is one closure's, the one whose crossing and
window made the train leave its line, among the closures known when it decided."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.cli import main
from sim.output.explain_detours import _detours, _LineTimes
from sim.output.explain_disruptions import disruption_effects
from sim.output.explain_words import _effect_text
from sim.scenario import YAML_DUMPER, read_scenario_file
from tests.conftest import ROOT

BRE_LO, BRE_HI = "2025-10-20", "2025-10-31"  # Brest closed first ...


MAL_LO, MAL_HI = "2025-10-28", "2025-11-12"  # ... Malaszewicze from before Brest reopens


@pytest.fixture(scope="module")
def two_closures(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two replications of the teaching world whose Madrid trains go round Brest, then round
    Malaszewicze: two closures on crossings of line L01 with overlapping windows."""
    tmp = tmp_path_factory.mktemp("two-closures")
    data = read_scenario_file(ROOT / "scenarios" / "teaching_small.yaml")
    data.update(name="two-closed", days=60, warmup_days=2)
    data["logistics"]["train_routing"] = "avoid_closed"
    data["disruptions"] = [
        {"target": "node", "id": node, "start": lo, "end": hi, "announced": "2025-10-01T09:00",
         "servers_factor": 0}
        for node, lo, hi in (("BRE", BRE_LO, BRE_HI), ("MAL", MAL_LO, MAL_HI))
    ]  # fmt: skip
    path = tmp / "closed.yaml"
    path.write_text(yaml.dump(data, Dumper=YAML_DUMPER), encoding="utf-8")
    argv = ["run", str(path), "--replications", "2", "--jobs", "1", "--quiet", "--no-report",
            "--out", str(tmp / "out")]  # fmt: skip
    assert main(argv) == 0
    return sorted(next((tmp / "out").glob("*/replications-*")).glob("rep-*"))


def _hour(day: str) -> float:
    return (pd.Timestamp(day) - pd.Timestamp("2025-10-01")).days * 24.0


def _with(scenario: dict, node: str, **changed: object) -> dict:
    """``scenario`` with the disruption at ``node`` changed (what the explanation is told)."""
    out = [{**d, **changed} if d["id"] == node else d for d in scenario["disruptions"]]
    return {**scenario, "disruptions": out}


def test_each_closure_counts_only_the_trains_it_sent_round(two_closures: list[Path]) -> None:
    """Both closures' reasons said "14 Yiwu trains took another path round ...": every train
    that went round either crossing was counted under each, since their journeys overlapped
    both windows. A train now belongs to the closure whose crossing and window it went round:
    the two counts add up to the trains that detoured, and a train that went round while only
    one closure was in force is that closure's."""
    scenario = read_scenario_file(two_closures[0] / "scenario.yaml")
    bre, mal = disruption_effects(two_closures, scenario)
    assert (bre["nodes"], mal["nodes"]) == (["BRE"], ["MAL"])
    detoured = only_bre = only_mal = 0
    km = 0.0
    for run in two_closures:
        trains = pd.read_parquet(run / "trains.parquet")
        borders = pd.read_parquet(run / "borders.parquet")
        went = trains[(trains["rerouted"] == 1) & (trains["detour_km"] > 0)]
        detoured += len(went)
        km += float(went["detour_km"].sum())
        for did in went["departure_id"]:
            # the first crossing of the detour (Kena): next to where Brest would have been
            kena = borders[(borders["departure_id"] == did) & (borders["border"] == "KEN")]
            t = float(kena["arrive_h"].min())
            only_bre += t < _hour(MAL_LO) - 24.0
            only_mal += t > _hour(BRE_HI) + 48.0
    assert detoured > 0 and only_bre > 0 and only_mal > 0  # the check is not vacuous
    assert bre["detoured"] + mal["detoured"] == detoured
    assert bre["detour_km"] + mal["detour_km"] == pytest.approx(km)
    assert bre["detoured"] >= only_bre and mal["detoured"] >= only_mal
    assert bre["detoured"] <= detoured - only_mal and mal["detoured"] <= detoured - only_bre
    for e, name in ((bre, "Brest (BRE)"), (mal, "Malaszewicze (MAL)")):
        text = _effect_text(e, "en")
        assert text.startswith(f"{e['detoured']} Yiwu trains (over 2 replications) took")
        assert name in text
        assert _effect_text(e, "zh").startswith(f"{e['detoured']} 列义乌班列")


def test_one_closure_still_counts_every_train_that_went_round_it(two_closures: list[Path]) -> None:
    """With one of the two closures explained (the other in the baseline too), the trains
    that went round its crossing in its window are its own, as before."""
    scenario = read_scenario_file(two_closures[0] / "scenario.yaml")
    both = disruption_effects(two_closures, scenario)
    (alone,) = disruption_effects(
        two_closures, {**scenario, "disruptions": scenario["disruptions"][1:]}
    )
    assert alone["nodes"] == ["MAL"]
    assert alone["detoured"] >= both[1]["detoured"]
    assert np.isfinite(alone["detour_km"])


def test_a_closure_the_baseline_has_too_keeps_its_own_detours(two_closures: list[Path]) -> None:
    """A comparison explains only the closures its baseline lacks; told of Malaszewicze alone,
    the explanation credited it with the trains Brest (in both scenarios) sent round. With
    every closure of the runs as a possible owner, Malaszewicze counts what it counts when both
    are explained."""
    scenario = read_scenario_file(two_closures[0] / "scenario.yaml")
    bre, mal = disruption_effects(two_closures, scenario)
    assert bre["detoured"] > 0 and mal["detoured"] > 0  # not vacuous
    only_mal = {**scenario, "disruptions": scenario["disruptions"][1:]}
    (alone,) = disruption_effects(two_closures, only_mal, scenario["disruptions"])
    assert alone["nodes"] == ["MAL"] and alone["detoured"] == mal["detoured"]
    assert alone["detour_km"] == pytest.approx(mal["detour_km"])


def test_only_a_closure_known_when_the_train_decided_sends_it_round(
    two_closures: list[Path],
) -> None:
    """A train goes round only a closure announced when it decides its path (at Yiwu or at a
    crossing it leaves). Told that Brest's closure was announced on its last day, the trains
    that went round Brest before then are not Brest's; told it was a slowdown (half the
    servers), none is: ``avoid_closed`` goes round closed crossings only."""
    scenario = read_scenario_file(two_closures[0] / "scenario.yaml")
    bre, _ = disruption_effects(two_closures, scenario)
    late, _ = disruption_effects(two_closures, _with(scenario, "BRE", announced=BRE_HI))
    assert bre["detoured"] > 0 and late["detoured"] == 0, (bre["detoured"], late["detoured"])
    slow, _ = disruption_effects(two_closures, _with(scenario, "BRE", servers_factor=0.5))
    assert slow["detoured"] == 0


def test_a_train_days_from_a_closures_window_is_not_its_own(two_closures: list[Path]) -> None:
    """The fallback gave a detour no window explains to the window nearest the hour the train
    would have reached the crossing, however far (a one-day closure took trains due there
    twelve days later). Told that Brest closed on its last day only, the trains that went round
    Brest a week before Malaszewicze closed were counted as Malaszewicze's; they are nobody's
    now: a train's estimated hour is off by hours, not days."""
    scenario = read_scenario_file(two_closures[0] / "scenario.yaml")
    bre, mal = disruption_effects(two_closures, scenario)
    _, mal_late = disruption_effects(two_closures, _with(scenario, "BRE", start=BRE_HI))
    early = 0  # trains round Brest (their first detour crossing, Kena) days before MAL closed
    for run in two_closures:
        trains = pd.read_parquet(run / "trains.parquet")
        borders = pd.read_parquet(run / "borders.parquet")
        went = trains[(trains["rerouted"] == 1) & (trains["detour_km"] > 0)]
        for did in went["departure_id"]:
            kena = borders[(borders["departure_id"] == did) & (borders["border"] == "KEN")]
            early += float(kena["arrive_h"].min()) < _hour(MAL_LO) - 24.0 * 4
    assert early > 0  # not vacuous
    total = bre["detoured"] + mal["detoured"]
    assert mal_late["detoured"] + early <= total, (mal_late["detoured"], early, total)


def test_a_train_that_went_round_a_crossing_would_have_reached_it_at_the_lines_pace() -> None:
    """A Madrid train that passed the line's first three crossings and went round Brest would
    have reached Brest the line's nominal hours after it left the third, where it decided."""
    route = _LineTimes()
    assert route and route.borders["L01"][:2] == ("AKS", "DST")
    crossed = {"AKS": 100.0, "DST": 130.0, "KRS": 200.0}
    skipped = route.went_round("L01", 0.0, crossed)
    assert [b for b, _, _ in skipped] == ["BRE", "MAL", "IRN"]
    _, t, t0 = skipped[0]
    assert t0 == 200.0  # the hour it left the last crossing it passed
    assert t == pytest.approx(200.0 + route.at["L01"]["BRE"] - route.left["L01"]["KRS"])
    assert route.went_round("L99", 0.0, {}) == []  # a line the network does not have


def test_a_run_without_the_detour_columns_gives_no_closure_a_detour() -> None:
    windows = [(["BRE"], 0.0, 100.0, 0.0, None)]
    assert _detours(None, {}, windows, _LineTimes()) == [{}]
    assert _detours({"line": ["L01"]}, {}, windows, _LineTimes()) == [{}]
