"""Round-9 trial: a planner's own scenario (a line suspended, an announcement at a time of day,
a sea delay, demand-driven dispatch, live prices), a researcher's sweeps and comparisons, and
the pages they read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["--set", "days=20", "--set", "warmup_days=2"]

NARROW_PX = 4.5
"""A lower bound of a 9 px sans-serif character's width (DejaVu Sans: about 5 px for lower
case): a label of n characters needs at least n times this much room."""


def _end_labels(svg: str, size: int = 9) -> list[tuple[float, str]]:
    """Every right-aligned text of ``size`` px: its x and its words."""
    pat = rf'<text x="([-\d.]+)" y="[-\d.]+" font-size="{size}" text-anchor="end"[^>]*>([^<]*)<'
    return [(float(x), words) for x, words in re.findall(pat, svg)]


# ------------------------------------------------------------------ a sweep's page


def test_a_sweep_points_long_names_fit_in_its_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sweep over two policy keys names its points
    "logistics.dispatch.rule=fixed, logistics.pricing.rule=live"; the figure drew them right of
    x = 226 and the page showed "cs.dispatch.rule=fixed, ...", cut at the figure's left edge."""
    args = ["sweep", str(SMALL), "--vary", "logistics.dispatch.rule=fixed,demand",
            "--vary", "logistics.pricing.rule=fixed,live", "--replications", "2", "--jobs", "1",
            "--quiet", "--out", str(tmp_path), *SHORT]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    folder = next((tmp_path / "teaching-small").glob("sweep-*"))
    svg = (folder / "figures" / "kpis.svg").read_text(encoding="utf-8")
    labels = _end_labels(svg)
    names = [w for _, w in labels if w.startswith("logistics.dispatch.rule=")]
    assert len(names) >= 4, labels
    for x, words in labels:
        assert x >= NARROW_PX * len(words), (x, words)
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    values = [float(x) for x in re.findall(r'<text x="([\d.]+)"[^>]*font-size="10"', svg)]
    assert values and max(values) + 60 <= width  # the mean ± half-width on the right, inside


def test_a_sweeps_key_figures_table_names_its_points_and_its_value_not_kpi(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sweep page's first table listed its points under the header "KPI | value": a point
    is not a KPI, and "value" did not say it was the mean lead time in days."""
    args = ["sweep", str(SMALL), "--vary", "logistics.lines.L01.trains_per_week=1,2",
            "--replications", "2", "--jobs", "1", "--quiet", "--out", str(tmp_path),
            *SHORT]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    folder = next((tmp_path / "teaching-small").glob("sweep-*"))
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert "| logistics.lines.L01.trains_per_week | lead time mean, days |" in md, md[:800]
    assert "| KPI | value |" not in md
    rows = [r for r in md.splitlines() if r.startswith(("| 1 |", "| 2 |"))]
    assert len(rows) >= 2 and all(" ± " in r for r in rows[:2]), md[:800]  # values, not key=
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "<th>logistics.lines.L01.trains_per_week</th><th>lead time mean, days</th>" in page
    # a run's and a replication set's table are KPIs: their header stays
    assert main(["run", str(SMALL), "--out", str(tmp_path / "r"), "--quiet", *SHORT]) == 0
    capsys.readouterr()
    run_md = (tmp_path / "r" / "teaching-small" / "seed-42" / "report.md").read_text("utf-8")
    assert "| KPI | value |" in run_md


# ------------------------------------------------------------------ a comparison's page


def test_a_comparison_shows_no_crossing_where_no_train_waited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In the teaching world no train waits at any crossing, yet the comparison printed and
    reported four crossings picked by name (Alashankou, Altynkol, Brest, Dostyk), each
    "0.00 ± 0.00": rows that said nothing and looked like findings."""
    other = tmp_path / "two_trains.yaml"
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("L01: {trains_per_week: 2}", "L01: {trains_per_week: 1}")
    other.write_text(text.replace("name: teaching-small", "name: one-madrid"), encoding="utf-8")
    args = ["compare", str(SMALL), str(other), "--replications", "2", "--jobs", "1", "--quiet",
            "--out", str(tmp_path), *SHORT]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "mean wait at" not in printed, printed
    folder = next(tmp_path.glob("compare-*"))
    assert "mean wait at" not in (folder / "report.md").read_text(encoding="utf-8")


def test_a_crossing_where_a_train_waited_stays_in_the_comparison() -> None:
    """The rows kept: a crossing with a wait in one scenario, even one no difference moved."""
    from sim.output.report_parts import comparison_kpis

    kpis = {
        "a": {"borders.MAL.wait_h_mean": {"mean": 0.0}, "borders.BRE.wait_h_mean": {"mean": 0.0},
              "borders.KEN.wait_h_mean": {"mean": 3.5}},
        "b": {"borders.MAL.wait_h_mean": {"mean": 6.0}, "borders.BRE.wait_h_mean": {"mean": 0.0},
              "borders.KEN.wait_h_mean": {"mean": 3.5}},
    }  # fmt: skip
    diffs = {"b": {"borders.MAL.wait_h_mean": {"mean": 6.0}, "borders.KEN.wait_h_mean": {}}}
    rows = comparison_kpis({"kpis": kpis, "paired_differences": diffs})
    shown = [p for _, p, _ in rows if p.startswith("borders.")]
    assert shown == ["borders.MAL.wait_h_mean", "borders.KEN.wait_h_mean"]


def test_a_difference_of_freight_cost_is_written_to_its_half_widths_decimals() -> None:
    """A sweep's paired difference of freight cost read "0.0111 ± 0.11" (USD m): four decimals
    of a mean whose interval is known to two. A small difference with a small interval keeps
    its four decimals (a few thousand USD is not 0.00 million)."""
    from sim.output.compare_report import _cell

    assert _cell({"mean": 11_100.0, "half_width": 110_000.0}, "m", "en") == "0.01 ± 0.11"
    assert _cell({"mean": 3_400.0, "half_width": 1_200.0}, "m", "en") == "0.0034 ± 0.0012"
    assert _cell({"mean": 500_000.0, "half_width": 3_000.0}, "m", "en") == "0.5000 ± 0.0030"
    assert _cell({"mean": 3_400.0, "half_width": 0.0}, "m", "en") == "0.0034 ± 0.0000"
    assert _cell({"mean": 1_080_000.0, "half_width": 650_000.0}, "m", "en") == "1.08 ± 0.65"


# ------------------------------------------------------------------ a plan's chart


def test_the_plan_charts_label_of_the_recommendation_stays_inside_near_the_right_edge() -> None:
    """The diamond of the recommendation over all its runs sat at the chart's right edge and
    its words ran off it ("the recommen")."""
    from sim.output.plan_report import _svg

    result = {
        "tradeoff": {
            "x": "rail_departures", "y": "on_time.by_category.festival_goods.share",
            "points": {
                "a": {"x": 116.0, "y": 0.792, "decision": {}},
                "b": {"x": 143.0, "y": 0.845, "decision": {}},
            },
            "pareto": ["a", "b"], "goal_y": 0.85,
        },
        "recommended": {"id": "b"},
        "candidates": [
            {"id": "b", "kpis": {"rail_departures": {"mean": 145.0},
                                 "on_time.by_category.festival_goods.share": {"mean": 0.8575}},
             "search_runs": 3, "selection_runs": 7},
        ],
    }  # fmt: skip
    svg = _svg(result, "en")
    m = re.search(r'<text x="([\d.]+)" y="[\d.]+" (?:text-anchor="(\w+)" )?font-size="11" '
                  r'fill="#1f4e9c">([^<]+)</text>', svg)  # fmt: skip
    assert m is not None, svg[-800:]
    x, anchor, words = float(m.group(1)), m.group(2) or "start", m.group(3)
    width = float(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    need = 5.5 * len(words)  # 11 px text: at least half its size a character
    left, right = (x - need, x) if anchor == "end" else (x, x + need)
    assert left >= 0 and right <= width, (x, anchor, words, width)


# ------------------------------------------------------------------ a plan's ties


def test_a_plan_recommends_the_scenarios_own_decision_among_decisions_that_cost_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cap on extra trains that never binds gives the same runs at every value: the plan
    recommended "Logistics.dispatch.max_extra_per_week: 4" as "the cheapest" and said the
    scenario's own 2 "costs more than the recommendation" with the same departures in every
    run. Among decisions that cost the same it now recommends the one that changes least, and
    says the others cost the same."""
    args = ["plan", str(SMALL), "--decide", "logistics.dispatch.max_extra_per_week=0..3",
            "--goal", "lead_time_days.overall.mean<=100", "--goal", "min:rail_departures",
            "--budget", "16", "--screen-replications", "2", "--first-stage", "2", "--jobs", "1",
            "--quiet", "--out", str(tmp_path), *SHORT]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    folder = next((tmp_path / "teaching-small").glob("plan-*"))
    result = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    rec = result["recommended"]
    assert rec is not None
    assert [w["changed"] for w in rec["words"]] == [False], rec  # the scenario's own 2
    costs = {c["all_runs"]["objective_mean"] for c in result["candidates"] if c.get("all_runs")}
    assert len(costs) == 1  # every decision the same departures: a tie
    md = (folder / "plan.md").read_text(encoding="utf-8")
    assert "costs more" not in md, md
    # (the value it keeps, named: "No change needed: ...max_extra_per_week: 2, as in the
    # scenario", and no --set of it to run it: only the plan's own --set, issue 24)
    assert "No change needed: logistics.dispatch.max_extra_per_week: 2, as in the" in printed
    run_it = printed.split("Run it:")[1].splitlines()[0]
    assert "max_extra_per_week" not in run_it
    assert run_it.endswith("small.yaml --set days=20 --set warmup_days=2 --replications 10")


def test_a_recommended_key_path_keeps_its_own_spelling() -> None:
    """The answer capitalised a sentence's first letter even when it began with a key path:
    "Logistics.dispatch.max_extra_per_week: 4"."""
    from sim.experiment.plan_words import decision_words
    from sim.output.plan_report import sections
    from sim.scenario import read_scenario_file

    path = "logistics.dispatch.max_extra_per_week"
    words = decision_words(read_scenario_file(SMALL), {path: 4})
    cand = {
        "id": "a",
        "role": "recommended",
        "search_runs": 2,
        "selection_runs": 0,
        "decision": {path: 4},
        "words": words,
        "search_kpis": {"rail_departures": {"mean": 20.0, "n": 2}},
        "all_runs": {"objective_mean": 20.0, "constraints": [], "meets_goal": True},
    }
    result = {
        "scenario": "s", "budget": 4, "runs": 4, "root_seed": 1,
        "decisions": [{"path": path, "values": [2, 4], "label": path}],
        "constraints": [], "objectives": [{"kpi": "rail_departures", "sense": "min"}],
        "search": {"method": "grid", "replications": 2, "candidates": 2},
        "selection": {"guaranteed": False, "probability_correct_selection": 0.95, "rounds": [],
                      "first_stage": 2, "indifference_zone": 0.5,
                      "indifference_unit": "rail_departures", "tolerances": {}, "state": None,
                      "contenders": []},
        "recommended": {"id": "a", "decision": {path: 4}, "words": words,
                        "overrides": [f"{path}=4"], "basis": "one-sided bounds",
                        "scenario_file": "recommended.yaml"},
        "candidates": [cand], "tradeoff": {"points": {}}, "closest": None,
    }  # fmt: skip
    text = next(t for _, _, _, t in sections(result, "en") if t and "recommended.yaml" in t)
    assert text.startswith(f"{path}: 4. "), text


# ------------------------------------------------------------------ a sweep's paper figure


# ------------------------------------------------------------ why: trains that went round a closure


def test_why_says_the_trains_went_round_a_closed_crossing_not_that_none_came(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``train_routing: avoid_closed`` the trains for Madrid took another path round Brest
    while it was closed: CO2e rose with their detours, and the comparison's reason said "No
    Yiwu train reached Brest (BRE) between ..." as if the closure had touched nothing."""
    import yaml

    from sim.output.explain import _effect_text, _subfolders, disruption_effects
    from sim.scenario import YAML_DUMPER, read_scenario_file

    base = read_scenario_file(SMALL)
    base.update(days=60, warmup_days=2)
    base["logistics"]["train_routing"] = "avoid_closed"
    closed = dict(base, name="brest-closed", disruptions=[
        {"target": "node", "id": "BRE", "start": "2025-10-20", "end": "2025-11-05",
         "announced": "2025-10-01T09:00", "servers_factor": 0}])  # fmt: skip
    files = []
    for name, data in (("open", base), ("closed", closed)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.dump(data, Dumper=YAML_DUMPER), encoding="utf-8")
        files.append(str(path))
    args = ["compare", *files, "--replications", "2", "--jobs", "1", "--quiet", "--no-report",
            "--out", str(tmp_path / "out")]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    folder = next((tmp_path / "out").glob("compare-*"))
    runs = sorted((_subfolders(folder)["brest-closed"]).glob("rep-*"))
    scenario = read_scenario_file(runs[0] / "scenario.yaml")
    (effect,) = disruption_effects(runs, scenario)
    assert effect["reached"] == 0 and effect["trains"] == 0
    assert effect["detoured"] > 0 and effect["detour_km"] > 0
    text = _effect_text(effect, "en")
    assert text.startswith(f"{effect['detoured']} Yiwu trains (over 2 replications) took another")
    assert "Brest (BRE)" in text
    assert "绕行" in _effect_text(effect, "zh")


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("disruptions.0.announced", "2025-11-01", "announced: 2025-11-01"),
        ("logistics.lines.L01.capacity_teu", 60, "capacity, TEU: 60"),
    ],
)
def test_a_decision_on_a_setting_without_glossary_words_reads_as_the_scenario_names_it(
    path: str, value: object, words: str
) -> None:
    """``--decide disruptions.0.announced=...`` (how early must the closure be announced?)
    answered "Moscow (Manzhouli) (L10) what:announced: 2025-11-01": the glossary's key, not a
    word. A Chinese page keeps the setting's name too."""
    from sim.experiment.plan_words import decision_words
    from sim.output.plan_report import _one

    base = {
        "start": "2025-10-01", "days": 150,
        "disruptions": [{"target": "line", "id": "L10", "start": "2025-12-01",
                         "end": "2025-12-20", "trains_factor": 0}],
        "logistics": {"lines": {"L01": {"trains_per_week": 2}}},
    }  # fmt: skip
    (w,) = decision_words(base, {path: value})
    for lang in ("en", "zh"):
        text = _one(w, lang)
        assert "what:" not in text, text
    assert ("公布时间" if "announced" in path else "每班容量（TEU）") in _one(w, "zh")
    assert _one(w, "en", window=False).endswith(words), _one(w, "en", window=False)


def test_a_plan_with_a_bad_decision_value_names_it_and_makes_no_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--decide logistics.dispatch.rule=fixed,nope`` was refused only when the search reached
    "nope", without the decision it came from, and left an empty plan folder behind."""
    args = ["plan", str(SMALL), "--decide", "logistics.dispatch.rule=fixed,nope",
            "--decide", "logistics.lines.L01.trains_per_week=1..2",
            "--goal", "lead_time_days.overall.mean<=100", "--goal", "min:rail_departures",
            "--budget", "8", "--jobs", "1", "--quiet", "--out", str(tmp_path / "out"),
            *SHORT]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "--decide logistics.dispatch.rule=nope: logistics.dispatch.rule: unknown" in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ a sweep over dates


def test_a_sweep_over_a_date_writes_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``sweep --vary disruptions.0.announced=2025-10-03,2025-10-05T09:00`` (how early must a
    closure be announced?) ran every point, then stopped with a traceback, "Object of type date
    is not JSON serializable": YAML reads 2025-10-03 as a date, and sweep.json had no type for
    it. Dates are kept as the scenario file writes them."""
    import polars as pl

    closure = ("disruptions=[{target: line, id: L01, start: 2025-10-06, end: 2025-10-12, "
               "trains_factor: 0}]")  # fmt: skip
    args = ["sweep", str(SMALL), "--set", closure,
            "--vary", "disruptions.0.announced=2025-10-03,2025-10-05T09:00",
            "--replications", "2", "--jobs", "1", "--quiet", "--out", str(tmp_path),
            *SHORT]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    folder = next((tmp_path / "teaching-small").glob("sweep-*"))
    spec = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    assert [p["disruptions.0.announced"] for p in spec["points"]] == [
        "2025-10-03", "2025-10-05T09:00"]  # fmt: skip
    table = pl.read_parquet(folder / "kpis.parquet")
    assert set(table["disruptions.0.announced"]) == {"2025-10-03", "2025-10-05T09:00"}
    run = folder / "p000" / "rep-000" / "scenario.yaml"
    assert "announced: '2025-10-03'" in run.read_text(encoding="utf-8")  # as a run writes it
