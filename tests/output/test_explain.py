"""Why a comparison came out as it did (:mod:`sim.output.explain`): the reasons' counts come
from the runs' own tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.cli import main
from sim.output.explain import _effect_text, disruption_effects
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


def test_one_closure_still_counts_every_train_that_went_round_it(two_closures: list[Path]):
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


def test_a_comparison_names_every_setting_that_differs() -> None:
    """The comparison page gives each reason once, so the settings behind it are all named: a
    list cut at six said "... 1 more" (in English on a Chinese page) for the seventh."""
    from sim.output.explain import setting_differences

    base = {"logistics": {"lines": {f"L0{i}": {"trains_per_week": 2} for i in range(1, 9)}}}
    other = {"logistics": {"lines": {f"L0{i}": {"trains_per_week": 3} for i in range(1, 9)}}}
    said = setting_differences(base, other)
    assert len(said) == 8 and not any("more" in s for s in said), said
    assert said[-1] == "logistics.lines.L08.trains_per_week: 2 -> 3", said
    cut = setting_differences(base, other, limit=6)
    assert cut[-1] == "... 2 more" and len(cut) == 7, cut
    assert setting_differences(base, other, 6, "zh")[-1] == "……另有 2 项"


def test_a_window_told_at_another_time_is_one_change_not_an_added_and_a_removed_window():
    """Two scenarios alike but for when a closure was announced were said to differ in
    "disruptions: + MAL 2025-10-06..2025-11-30, - MAL 2025-10-06..2025-11-30", which reads as
    no difference at all."""
    from sim.output.explain import setting_differences

    mal = {"target": "node", "id": "MAL", "start": "2025-10-06", "end": "2025-11-30",
           "servers_factor": 0.0, "announced": "2025-10-02T13:00:00"}  # fmt: skip
    bre = {"target": "node", "id": "BRE", "start": "2025-12-01", "end": "2025-12-10",
           "servers_factor": 0.5}  # fmt: skip
    later = {**mal, "announced": "2025-10-03T13:00:00", "servers_factor": 0.25}
    said = setting_differences({"disruptions": [mal]}, {"disruptions": [later, bre]})
    assert said == [
        "disruptions: MAL 2025-10-06..2025-11-30 announced: 2025-10-02T13:00:00 -> "
        "2025-10-03T13:00:00; servers_factor: 0.0 -> 0.25, + BRE 2025-12-01..2025-12-10"
    ], said
    # a window moved is still one removed and one added
    moved = {**mal, "end": "2025-12-15"}
    assert setting_differences({"disruptions": [mal]}, {"disruptions": [moved]}) == [
        "disruptions: + MAL 2025-10-06..2025-12-15, - MAL 2025-10-06..2025-11-30"
    ]


def _with(scenario: dict, node: str, **changed: object) -> dict:
    """``scenario`` with the disruption at ``node`` changed (what the explanation is told)."""
    out = [{**d, **changed} if d["id"] == node else d for d in scenario["disruptions"]]
    return {**scenario, "disruptions": out}


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


def test_the_backlog_still_waiting_after_a_reopening_is_the_closures(tmp_path: Path) -> None:
    """Malaszewicze reopens three days before the run ends (27 February) with a backlog that
    is still waiting for a server at the end: in no table, so the comparison's reason said
    nothing of the trains the closure still keeps. Those that came by the window's end and
    have waited longer than is usual are counted from ``queued_at_end``, apart from the trains
    a closure in force holds (``held_at_end``), and said in both languages; the printed
    summary and the report have a line for them."""
    from sim.cli import print_summary
    from sim.model import Model
    from sim.output.report import _kpi_rows
    from sim.output.results import write_run
    from sim.world.inputs import validate_data

    data = read_scenario_file(ROOT / "scenarios" / "teaching_small.yaml")
    lo, hi = "2026-02-05", "2026-02-24"
    data["disruptions"] = [{"target": "node", "id": "MAL", "start": lo, "end": hi,
                            "servers_factor": 0}]  # fmt: skip
    result = Model(validate_data(data, "backlog")).run()
    folder = write_run(result, tmp_path / "run")
    scenario = read_scenario_file(folder / "scenario.yaml")
    q = result.summary["queued_at_end"]["MAL"]
    end_h = result.scenario.days * 24.0
    came = [(d, a) for d, a in zip(q["departure_ids"], q["arrive_h"], strict=True)
            if d >= 0 and a < _hour(hi) + 24.0]  # fmt: skip
    assert came  # the closure's backlog
    (e,) = disruption_effects([folder], scenario)
    assert e["held_at_end"] == 0 and e["queued_at_end"] == len(came)
    assert e["queued_days_max"] == pytest.approx(max(end_h - a for _, a in came) / 24.0)
    en, zh = _effect_text(e, "en"), _effect_text(e, "zh")
    trains = "train" if len(came) == 1 else "trains"  # (one, here: "1 Yiwu train ... was")
    assert f"{len(came)} Yiwu {trains} (over 1 replication) that reached Malaszewicze" in en
    assert "when the run ended (the crossing open, every server busy)" in en
    assert f"{e['queued_days_max']:.1f} days" in en and "queued_at_end" in en
    assert "口岸开放，但通道均忙" in zh and "queued_at_end" in zh
    # the printed summary and the report's key figures: a line apart from the held ones
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        print_summary(result.summary, None, 0.1, 1)
    text = out.getvalue()
    assert "queued at an open crossing at the end" in text
    assert "held at a closed crossing" not in text
    n = q["trains"]
    for lang, label, count in (("en", "queued at an open crossing at the end", f"{n} trains"),
                               ("zh", "期末在开放口岸排队", f"{n} 列")):  # fmt: skip
        row = dict(_kpi_rows(result.summary, lang)[0])[label]
        assert count in row and str(q["waited_h_max"]) in row


def test_trains_sent_round_are_told_beside_the_trains_held():
    """A closure that held some trains and sent others round (avoid_closed) said only the held
    ones (the 2025 hindcast: 4 held, 4 detoured for 800 km)."""
    e = {"nodes": ["BRE"], "window": ("2025-09-12", "2025-09-25"), "replications": 1,
         "trains": 4, "hold_days_min": 1.2, "hold_days_max": 6.5, "orders": 10, "late": 0,
         "margin_days_min": 20.0, "already_late": 0, "detoured": 4, "detour_km": 800.0}  # fmt: skip
    en, zh = _effect_text(e, "en"), _effect_text(e, "zh")
    assert en.startswith(
        "Brest (BRE) disrupted 2025-09-12 to 2025-09-25: 4 Yiwu trains"
    ) and en.endswith("4 more went round it (800 km more in all).")
    assert "另有 4 列绕行（共多行驶 800 公里）。" in zh
    assert "went round" not in _effect_text({**e, "detoured": 0}, "en")


def test_the_backlog_a_closure_leaves_is_counted_as_its_own(tmp_path: Path) -> None:
    """Trains that came after the reopening and queued behind the held ones were left out of a
    closure's count (the static what-if: 10 trains said, 17 held more than a day). They are
    counted apart, up to the first that waited no longer than usual, and their orders with the
    held trains' orders."""
    from sim.model import Model
    from sim.output.results import load_run, write_run
    from sim.world.inputs import load_scenario
    from tests.conftest import write_closed_teaching

    one = "{servers: 1, service_h: {dist: lognormal, mean: 12, cv: 0.5}}"
    sc = load_scenario(write_closed_teaching(tmp_path), [
        "logistics.lines={L01: {trains_per_week: 4}}",
        f"logistics.borders={{MAL: {one}, BRE: {one}}}"])  # fmt: skip
    folder = write_run(Model(sc, seed=1).run(), tmp_path / "run")
    scenario = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
    (e,) = disruption_effects([folder], scenario)
    assert e["trains"] > 0 and e["backlog"] > 0
    cr = load_run(folder).tables["crossings"]
    at = np.isin(cr["border"], ["MAL", "BRE"]) & (cr["departure_id"] >= 0)
    after = at & (cr["arrive_h"] >= _hour("2026-01-18") + 24.0)  # came after the reopening
    waited = np.unique(cr["departure_id"][after & (cr["wait_h"] > 1.0)])
    assert e["backlog"] <= waited.size  # those that waited longer than usual, at most
    assert e["backlog_days_max"] * 24.0 <= float(cr["wait_h"][after].max()) + 1e-9
    assert f"{e['backlog']} more came after it reopened" in _effect_text(e, "en")
    assert f"另有 {e['backlog']} 列在重新开放后到达" in _effect_text(e, "zh")


def test_other_operators_trains_in_line_at_the_end_are_no_key_figure(tmp_path: Path) -> None:
    """The default season ends with a few other operators' trains in line at Dostyk and Incheh
    Burun: summary.json lists them, but the printed summary and the report's key figures, read
    by a planner of Yiwu's goods, say only a line where Yiwu's own trains wait."""
    import io
    from contextlib import redirect_stdout

    from sim.cli import print_summary
    from sim.model import Model
    from sim.output.report import _kpi_rows
    from sim.world.inputs import validate_data

    result = Model(validate_data(read_scenario_file(ROOT / "scenarios/teaching_small.yaml"),
                                 "teaching")).run()  # fmt: skip
    summary = {**result.summary, "queued_at_end": {"DST": {
        "trains": 2, "yiwu_trains": 0, "waited_h_mean": 1.2, "waited_h_max": 1.2,
        "departure_ids": [-1, -1], "arrive_h": [3598.0, 3598.5]}}}  # fmt: skip
    out = io.StringIO()
    with redirect_stdout(out):
        print_summary(summary, None, 0.1, 1)
    assert "queued at an open crossing" not in out.getvalue()
    assert "queued at an open crossing at the end" not in dict(_kpi_rows(summary, "en")[0])


def _effect(count: int) -> dict[str, object]:
    """A closure's effect in which every count is ``count``: trains held, orders on board,
    orders late, orders already late, trains held and queued at the end."""
    return {"nodes": ["BRE"], "window": ("2025-09-12", "2025-09-25"), "replications": 1,
            "trains": count, "hold_days_min": 1.2, "hold_days_max": 6.5, "orders": 2 * count,
            "late": count, "margin_days_min": 20.0, "already_late": count, "detoured": 0,
            "detour_km": 0.0, "held_at_end": count, "held_days_max": 3.0,
            "queued_at_end": count, "queued_days_max": 2.0}  # fmt: skip


def test_a_closures_reasons_say_a_count_of_one_in_the_singular_verb_included():
    """ "1 Yiwu trains ... were still held" read wrongly: each sentence that counts trains or
    orders has its own form for one, chosen by the count (Chinese: one form)."""
    one, two = _effect_text(_effect(1), "en"), _effect_text(_effect(2), "en")
    assert one.startswith("Brest (BRE) disrupted 2025-09-12 to 2025-09-25: 1 Yiwu train (over 1 "
                          "replication) reached it in the window")  # fmt: skip
    assert "The 1 order with a deadline on board arrived late." in one
    assert "Besides, 1 was already past its deadline when its train reached" in one
    assert "1 Yiwu train (over 1 replication) reached Brest (BRE) and was still held there" in one
    assert "(it finished no crossing: summary.json's held_at_end)" in one
    assert (
        "1 Yiwu train (over 1 replication) that reached Brest (BRE) by the window's end was "
        "still waiting there" in one
    )
    assert "1 trains" not in one and "1 Yiwu trains" not in one and " were " not in one
    assert two.startswith("Brest (BRE) disrupted 2025-09-12 to 2025-09-25: 2 Yiwu trains")
    assert "Of the 2 orders with a deadline on board, 2 arrived late." in two
    assert "Besides, 2 were already past their deadline" in two
    assert "2 Yiwu trains (over 1 replication) reached Brest (BRE) and were still held" in two
    # the others, beside the late ones: one of them, or several
    e = {**_effect(1), "orders": 2, "already_late": 0, "held_at_end": 0, "queued_at_end": 0}
    assert "The other arrived at least 20.0 days before its deadline." in _effect_text(e, "en")
    e["orders"] = 3
    assert "The others arrived at least 20.0 days before their deadline." in _effect_text(e, "en")
    for count in (1, 2):
        zh = _effect_text(_effect(count), "zh")
        assert f"{count} 列义乌班列（1 次重复）在此期间到达" in zh and "held_at_end" in zh
    one_way = {**_effect(1), "trains": 0, "held_at_end": 0, "queued_at_end": 0, "reached": 1}
    assert "1 Yiwu train (over 1 replication) reached Brest (BRE) between" in _effect_text(
        one_way, "en"
    ) and "; it did not wait there longer than usual." in _effect_text(one_way, "en")
    round_ = {**one_way, "reached": 0, "detoured": 1, "detour_km": 300.0}
    assert _effect_text(round_, "en").startswith(
        "1 Yiwu train (over 1 replication) took another path round Brest (BRE)"
    )
