"""Why a comparison came out as it did (:mod:`sim.output.explain`): the reasons' counts come
from the runs' own tables."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from sim.output.explain import _subfolders, explain, load_comparison
from sim.scenario import read_scenario_file
from tests.conftest import ROOT

KPIS = [("mean lead time, days", "lead_time_days.overall.mean", "d"),
        ("on time, %", "on_time.share", "%")]  # fmt: skip


def _comparison(folder: Path) -> Path:
    """A comparison's folder as ``compare`` leaves it, summaries only: a baseline, a policy
    changed, the same scenario again and a closure, each KPI moved but the on-time share."""
    base = {"name": "base", "start": "2025-10-01", "days": 60,
            "logistics": {"mode_choice": {"rule": "share"}}}  # fmt: skip
    shut = [{"target": "node", "id": "MAL", "start": "2025-10-10", "end": "2025-10-20",
             "servers_factor": 0}]  # fmt: skip
    for label, scenario in (("0-base", base),
                            ("1-live", {**base, "name": "live",
                                        "logistics": {"mode_choice": {"rule": "live"}}}),
                            ("2-again", {**base, "name": "again"}),
                            ("3-shut", {**base, "name": "shut", "disruptions": shut})):  # fmt: skip
        rep = folder / label / "rep-000"
        rep.mkdir(parents=True)
        (rep / "scenario.yaml").write_text(yaml.safe_dump(scenario), encoding="utf-8")
    moved = {"lead_time_days.overall.mean": {"distinguishable": True},
             "on_time.share": {"distinguishable": False}}  # fmt: skip
    comp = {"baseline": "base", "paired_differences": {k: moved for k in ("live", "again", "shut")}}
    (folder / "comparison.json").write_text(json.dumps(comp), encoding="utf-8")
    return folder


def test_a_scenarios_folder_is_found_by_its_name_or_its_own_folder_name(tmp_path: Path) -> None:
    subs = _subfolders(_comparison(tmp_path))
    assert subs["live"] == subs["1-live"] == tmp_path / "1-live"


def test_each_kpi_that_moved_gets_the_reason_the_scenarios_give(tmp_path: Path) -> None:
    """A policy changed: the setting; nothing changed: chance; a closure the tables cannot
    explain: it says so, also for the deadline KPI that did not move."""
    folder = _comparison(tmp_path)
    why = explain(folder, load_comparison(folder), KPIS)
    assert why == [
        ("live", "mean lead time, days",
         "The scenarios differ in: routing (`logistics.mode_choice.rule`): share -> live."),
        ("again", "mean lead time, days", "No setting differs: a difference this size is chance."),
        ("shut", "mean lead time, days", "Malaszewicze (MAL) disrupted, but the replications kept "
         "no tables to explain from (--summaries-only)."),
        ("shut", "on time, %", "Unchanged although a disruption was applied: Malaszewicze (MAL) "
         "disrupted, but the replications kept no tables to explain from (--summaries-only)."),
    ]  # fmt: skip
    zh = explain(folder, load_comparison(folder), KPIS, "zh")
    assert zh[1][2] == "设定没有差别：此差异来自随机性。" and zh[2][2].startswith(
        "马拉舍维奇（MAL）"
    )


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


def test_the_settings_that_differ_are_named_in_words_with_their_key_paths(tmp_path: Path) -> None:
    """The *Why* listed bare key paths ("logistics.mode_choice.rule: share -> cheapest") where
    the rest of the reports say "routing": each setting is named in the reports' words now,
    its key path beside them as a code span for whoever types it into ``--set``, in English
    and Chinese; a setting the reports have no words for keeps its key path alone."""
    base = {"name": "base", "start": "2025-10-01", "days": 60,
            "buyers": {"visits_per_day": 1600},
            "logistics": {"mode_choice": {"rule": "share", "rail_share": 0.5},
                          "lines": {"L01": {"trains_per_week": 2}}}}  # fmt: skip
    other = {"name": "more", "start": "2025-10-01", "days": 60, "engine": "per_actor",
             "buyers": {"visits_per_day": 2000},
             "logistics": {"mode_choice": {"rule": "share", "rail_share": 0.7},
                           "lines": {"L01": {"trains_per_week": 4}}}}  # fmt: skip
    for label, scenario in (("0-base", base), ("1-more", other)):
        rep = tmp_path / label / "rep-000"
        rep.mkdir(parents=True)
        (rep / "scenario.yaml").write_text(yaml.safe_dump(scenario), encoding="utf-8")
    moved = {"lead_time_days.overall.mean": {"distinguishable": True}}
    comp = {"baseline": "base", "paired_differences": {"more": moved}}
    (tmp_path / "comparison.json").write_text(json.dumps(comp), encoding="utf-8")
    ((_, _, en),) = explain(tmp_path, load_comparison(tmp_path), KPIS)
    assert en == (
        "The scenarios differ in: buyer visits a day (`buyers.visits_per_day`): 1600 -> 2000; "
        "`engine`: - -> per_actor; "
        "Madrid (L01) trains per week (`logistics.lines.L01.trains_per_week`): 2 -> 4; "
        "routing: rail share (`logistics.mode_choice.rail_share`): 0.5 -> 0.7."
    )
    ((_, _, zh),) = explain(tmp_path, load_comparison(tmp_path), KPIS, "zh")
    assert zh == (
        "两个情景的差别：每日外商到访人次（`buyers.visits_per_day`）：1600 -> 2000；"
        "`engine`：- -> per_actor；"
        "马德里（L01）每周班列数（`logistics.lines.L01.trains_per_week`）：2 -> 4；"
        "路径选择：铁路份额（`logistics.mode_choice.rail_share`）：0.5 -> 0.7。"
    )
