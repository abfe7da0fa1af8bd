"""Round-10 trial: a researcher's sweeps, comparisons and sensitivity analyses with slips of the
keyboard in them, and a planner's plan that finds nothing meeting its goal, read as a careful
user reads them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["--set", "days=40", "--set", "warmup_days=2"]


# ------------------------------------------------------------------ a sweep's points in words


def test_a_sweep_names_a_bad_point_as_key_value_and_a_misspelt_key_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad sweep point was named as a Python dict ("point {'logistics.lines.L01.trains_per_week':
    -2}: ..."), and a misspelt --vary key gave the same problem once for every point of the
    grid."""
    out = ["--replications", "1", "--out", str(tmp_path), "--quiet", *SHORT]
    args = ["sweep", str(SMALL), "--vary", "logistics.lines.L01.trains_per_week=1,-2", *out]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "point logistics.lines.L01.trains_per_week=-2: " in err, err
    assert "{'" not in err and "'}" not in err
    args = ["sweep", str(SMALL), "--vary", "logistics.linez.L01.trains_per_week=1,2,3", *out]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("unknown key 'linez'") == 1, err
    assert "1 problem\n" in err and "point " not in err
    assert not (tmp_path / "teaching-small").exists()


# ------------------------------------------------------------------ experiments too large to run


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_hundred_million_replications_are_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """``--replications 100000000`` (a slip of the keyboard) built a hundred million seeds and
    tasks before the first run: 21 GB of memory and nothing on the screen, with --quiet."""
    out = ["--out", str(tmp_path), "--quiet", "--lang", lang]
    assert main(["run", str(SMALL), "--replications", "100000000", *out]) == 2
    err = capsys.readouterr().err
    assert "--replications 100000000" in err and "100,000" in err, err
    assert len(err.strip().splitlines()) == 1
    assert ("collect" in err) and (("fewer replications" in err) == (lang == "en"))
    # two scenarios of 60,000 each: 120,000 runs
    cmd = ["compare", str(SMALL), str(SMALL), "--replications", "60000", *out]
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert "120,000" in err and "60000" in err, err
    assert not any(tmp_path.iterdir())


def test_a_sweep_and_a_precision_run_count_their_runs_against_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The limit is on the experiment's runs: points times replications, and for a run to a
    precision the most it may make (``--max-replications``)."""
    out = ["--out", str(tmp_path), "--quiet", *SHORT]
    cmd = ["sweep", str(SMALL), "--vary", "logistics.lines.L01.trains_per_week=1,2,3",
           "--replications", "40000", *out]  # fmt: skip
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert "--replications 40000 for each of 3 scenarios or sweep points makes 120,000" in err
    cmd = ["run", str(SMALL), "--precision", "lead_time_days.overall.mean=0.01",
           "--max-replications", "200000", *out]  # fmt: skip
    assert main(cmd) == 2
    assert "--max-replications 200000" in capsys.readouterr().err
    assert not (tmp_path / "teaching-small").exists()


def test_a_sensitivity_design_too_large_is_refused_before_it_is_sampled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``sensitivity --trajectories 100000000`` sampled 1.7 billion points for minutes, taking
    the machine's memory, before saying anything."""
    out = ["--out", str(tmp_path), "--quiet", *SHORT]
    assert main(["sensitivity", str(SMALL), "--trajectories", "100000000", *out]) == 2
    err = capsys.readouterr().err
    assert "--trajectories 100000000" in err and "runs" in err and "100,000" in err, err
    cmd = ["sensitivity", str(SMALL), "--method", "sobol", "--samples", "1073741824", *out]
    assert main(cmd) == 2
    assert "--samples 1073741824" in capsys.readouterr().err
    assert main(["sensitivity", str(SMALL), "--replications", "100000000", *out]) == 2
    assert "100000000 replications" in capsys.readouterr().err
    assert not (tmp_path / "teaching-small").exists()


def test_a_sensitivity_input_with_a_misspelt_key_is_one_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt ``--vary`` key gave 21 lines, the same unknown key at every point of the
    design; and a point was written as a Python dict."""
    cmd = ["sensitivity", str(SMALL), "--vary", "foo=1..2", "--vary", "days=30..40",
           "--out", str(tmp_path), "--quiet"]  # fmt: skip
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert err.count("unknown key 'foo'") == 1 and "1 problem\n" in err, err
    assert "{'" not in err


# ------------------------------------------------------------------ a plan's decisions


def test_a_reversed_decision_range_names_its_value(capsys: pytest.CaptureFixture[str]) -> None:
    """``--decide KEY=4..1`` said "need lo <= hi and a positive step" without the range given."""
    cmd = ["plan", str(SMALL), "--decide", "logistics.lines.L01.trains_per_week=4..1",
           "--goal", "lead_time_days.overall.mean<=30",
           "--goal", "min:rail_departures"]  # fmt: skip
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert "--decide logistics.lines.L01.trains_per_week=4..1: need lo <= hi" in err, err
    assert main([*cmd, "--lang", "zh"]) == 2
    assert "trains_per_week=4..1：需要 lo <= hi" in capsys.readouterr().err


def test_a_misspelt_decision_key_is_one_problem_naming_its_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt decision key gave the same problem once for each of its values."""
    cmd = ["plan", str(SMALL), "--decide", "logistics.linez.L01.trains_per_week=1,2,3",
           "--goal", "lead_time_days.overall.mean<=30", "--goal", "min:rail_departures",
           "--out", str(tmp_path), "--quiet"]  # fmt: skip
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert err.count("unknown key 'linez'") == 1, err
    assert "--decide logistics.linez.L01.trains_per_week=1,2,3: logistics.linez" in err
    assert not (tmp_path / "teaching-small").exists()


# ------------------------------------------------------------------ a plan that finds nothing


@pytest.fixture(scope="module")
def failed_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan whose goal no decision meets (a mean lead time of at most 5 days)."""
    out = tmp_path_factory.mktemp("plan")
    cmd = ["plan", str(SMALL), "--decide", "logistics.lines.L01.trains_per_week=1,2,3",
           "--goal", "lead_time_days.overall.mean<=5", "--goal", "min:rail_departures",
           "--budget", "14", "--screen-replications", "2", "--first-stage", "2",
           "--contenders", "2", "--jobs", "1", "--out", str(out), "--quiet", *SHORT]  # fmt: skip
    assert main(cmd) == 0
    return next((out / "teaching-small").glob("plan-*"))


def test_the_scenarios_own_decision_is_no_change_needed_only_when_recommended(
    failed_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan whose goal the scenario's own timetable misses listed that timetable as "every
    decision as in the scenario (no change needed)" among the decisions that miss."""
    from sim.output.plan_report import _answer, _decision

    result = json.loads((failed_plan / "plan.json").read_text(encoding="utf-8"))
    assert result["recommended"] is None
    for lang in ("en", "zh"):
        assert main(["report", str(failed_plan), "--lang", lang]) == 0
        capsys.readouterr()
        md = (failed_plan / "plan.md").read_text(encoding="utf-8")
        page = (failed_plan / "plan.html").read_text(encoding="utf-8")
        assert "no change needed" not in md + page and "无需改变" not in md + page
        # (its one kept value said: 2 a week, as in the scenario; trial17)
        assert "2 a week, as in the scenario" in md or "每周 2 列，与情景相同" in md
    # where the scenario's own decision is the recommendation, the words stay
    own = next(c for c in result["candidates"] if not any(w.get("changed") for w in c["words"]))
    assert _decision(own, "en", recommended=True).startswith("no change needed: ")
    cands = {c["id"]: c for c in result["candidates"]}
    rec = {"id": own["id"], "overrides": [], "basis": "one-sided bounds"}
    text = _answer({**result, "recommended": rec}, "en", cands)[3]
    assert text.startswith("No change needed: Madrid (L01) trains per week: 2 a week, as in")


def test_the_trade_off_of_a_plan_without_answer_rings_the_closest_and_says_what_its_table_is(
    failed_plan: Path,
) -> None:
    """The trade-off said "ringed: the recommendation" when there was none and no dot was
    ringed, and its table listed the Pareto front only, without saying so: a planner looked
    for the decisions missing from it."""
    from sim.output.plan_report import _svg, sections

    result = json.loads((failed_plan / "plan.json").read_text(encoding="utf-8"))
    closest = result["closest"]["id"]
    assert closest in result["tradeoff"]["points"]
    svg = _svg(result, "en")
    assert svg.count('r="9"') == 1  # the closest decision's ring
    _, _, rows, note = next(s for s in sections(result, "en") if s[0].startswith("Trade"))
    assert "the recommendation" not in note and "ringed: the closest decision" in note
    assert "The table lists the decisions of the Pareto front" in note
    assert len(rows) == len(result["tradeoff"]["pareto"])
    zh = next(s for s in sections(result, "zh") if s[0].startswith("权衡"))[3]
    assert "最接近目标的方案" in zh and "帕累托前沿上的方案" in zh and "推荐方案" not in zh


# ------------------------------------------------------------------ a comparison's reasons


def test_a_comparisons_why_table_gives_each_reason_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One change of a setting moved five KPIs and the "Why" table gave five rows with the
    same reason word for word; it now gives the reason once, naming the KPIs it explains."""
    text = SMALL.read_text(encoding="utf-8")
    other = tmp_path / "more_rail.yaml"
    other.write_text(text.replace("name: teaching-small", "name: more-rail")
                     .replace("rail_share: 0.5", "rail_share: 0.9"), encoding="utf-8")  # fmt: skip
    cmd = ["compare", str(SMALL), str(other), "--replications", "3", "--jobs", "1",
           "--out", str(tmp_path), "--quiet", *SHORT]  # fmt: skip
    assert main(cmd) == 0
    capsys.readouterr()
    md = next(tmp_path.glob("compare-*/report.md")).read_text(encoding="utf-8")
    why = md.split("## Why", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in why.splitlines() if r.startswith("| more-rail |")]
    reasons = [r.rsplit(" | ", 1)[1] for r in rows]
    assert len(reasons) == len(set(reasons)) == 1, why
    assert "mean lead time, days; " in rows[0] and "CO2e, tonnes" in rows[0], rows[0]


def test_a_comparisons_warnings_name_each_scenario_as_its_tables_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The comparison page's warnings named its scenarios by their folders ("0-teaching-small",
    "1-more-rail") while every table named them "teaching-small" and "more-rail", and kept an
    English colon in Chinese."""
    other = tmp_path / "more_rail.yaml"
    text = SMALL.read_text(encoding="utf-8")
    other.write_text(text.replace("name: teaching-small", "name: more-rail"), "utf-8")
    cmd = ["compare", str(SMALL), str(other), "--replications", "2", "--jobs", "1",
           "--out", str(tmp_path), "--quiet", *SHORT]  # fmt: skip
    assert main(cmd) == 0
    folder = next(tmp_path.glob("compare-*"))
    md = (folder / "report.md").read_text(encoding="utf-8")
    warnings = [r for r in md.splitlines() if r.startswith("> warning: ")]
    assert len(warnings) == 2, md[:1500]
    assert warnings[0].startswith("> warning: teaching-small: festival_goods")
    assert warnings[1].startswith("> warning: more-rail: festival_goods")
    assert main(["report", str(folder), "--lang", "zh"]) == 0
    capsys.readouterr()
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert "> 警告：teaching-small：" in md and "0-teaching-small" not in md


# ------------------------------------------------------------------ the experiment files, described


def test_every_top_level_key_of_the_experiment_files_is_in_the_results_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``aggregate.json``'s ``seeds``, ``statistics_from_day`` and ``confidence``,
    ``comparison.json``'s ``scenarios`` and ``kpis`` and ``sweep.json``'s ``parameters`` and
    ``points`` were in no page: a researcher reading the files had to guess what they held."""
    out = ["--out", str(tmp_path), "--quiet", "--no-report", "--jobs", "1", *SHORT]
    assert main(["run", str(SMALL), "--replications", "2", *out]) == 0
    assert main(["compare", str(SMALL), str(SMALL), "--replications", "2", *out]) == 0
    vary = ["--vary", "logistics.lines.L01.trains_per_week=1,2", "--replications", "1"]
    assert main(["sweep", str(SMALL), *vary, *out]) == 0
    capsys.readouterr()
    doc = (ROOT / "docs" / "results-reference.md").read_text(encoding="utf-8")
    section = doc.split("## Experiments", 1)[1].split("\n## ", 1)[0]
    files = {
        "aggregate.json": next(tmp_path.glob("*/replications-*/aggregate.json")),
        "comparison.json": next(tmp_path.glob("compare-*/comparison.json")),
        "sweep.json": next(tmp_path.glob("*/sweep-*/sweep.json")),
    }
    for name, path in files.items():
        row = next(r for r in section.splitlines() if r.startswith(f"| `{name}` |"))
        for key in json.loads(path.read_text(encoding="utf-8")):
            assert f"`{key}`" in row or f"`{key}`" in section.split("| file | keys |")[0], (
                name,
                key,
            )


# ------------------------------------------------------------------ --set on a list the file lacks


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_setting_an_item_of_a_list_the_scenario_lacks_says_to_give_the_whole_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """``--set disruptions.0.id=MAL`` on a scenario without disruptions made a mapping
    ``{"0": {"id": "MAL"}}`` and the schema said only "disruptions: Input should be a valid
    list", which did not say what to write instead."""
    cmd = ["run", str(SMALL), "--set", "disruptions.0.id=MAL", "--out", str(tmp_path),
           "--quiet", "--lang", lang]  # fmt: skip
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert "--set disruptions.0.id" in err and "--set 'disruptions=[...]'" in err, err
    assert "scenario file" in err or "情景文件" in err
    assert "valid list" not in err
    if lang == "zh":
        assert "情景中没有 disruptions" in err
    # an item of a list the scenario has is still set
    from sim.scenario import apply_overrides, read_scenario_file

    base = read_scenario_file(ROOT / "scenarios" / "plan_festival_2026.yaml")
    done = apply_overrides(base, ["disruptions.0.trains_factor=2"])
    assert done["disruptions"][0]["trains_factor"] == 2
    assert not any(tmp_path.iterdir())


def test_every_key_of_a_summarys_orders_and_containers_groups_is_documented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``orders.delivered`` (24,784 in the 2025 closure hindcast) counts the warm-up's orders
    too, while the report's "orders delivered by the end" (22,308) is
    ``orders.delivered_after_warmup``: that key and ``at_end_after_warmup`` were in no page,
    and a researcher checking the report against ``summary.json`` found two numbers."""
    cmd = ["run", str(ROOT / "scenarios" / "spring_festival_2026.yaml"), "--set", "days=30",
           "--set", "warmup_days=5", "--out", str(tmp_path), "--quiet", "--no-report"]  # fmt: skip
    assert main(cmd) == 0
    capsys.readouterr()
    summary = json.loads(next(tmp_path.glob("*/seed-*/summary.json")).read_text("utf-8"))
    doc = (ROOT / "docs" / "results-reference.md").read_text(encoding="utf-8")
    kpis = doc.split("## summary.json", 1)[1]
    row = next(r for r in kpis.splitlines() if r.startswith("| `orders` |"))
    for key in summary["orders"]:
        assert f"`{key}`" in row, key
    assert "warm-up's too" in row
    both_ways = (ROOT / "docs" / "both-ways.md").read_text(encoding="utf-8")
    for key in summary["containers"]:
        assert f"`{key}`" in both_ways, key


# ------------------------------------------------------------------ fewer replications than on disk


def test_a_replication_set_run_again_with_fewer_says_which_folders_it_does_not_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """``run --replications 3`` then ``--replications 2`` on one folder: ``aggregate.json``
    covered 2 runs, ``rep-002`` stayed on disk and ``collect`` on the folder gathered 3, with
    nothing said."""
    # (--lang en: an earlier command's --lang zh stays on the log handlers of this process)
    out = ["--out", str(tmp_path), "--quiet", "--no-report", "--jobs", "1", "--lang", "en", *SHORT]
    assert main(["run", str(SMALL), "--replications", "3", *out]) == 0
    capsys.readouterr()
    caplog.clear()
    assert main(["run", str(SMALL), "--replications", "2", *out]) == 0
    err = caplog.text
    assert "1 replication folder from an earlier, larger run (rep-002) is kept" in err, err
    assert "--replications 3 to count it" in err
    folder = next(tmp_path.glob("*/replications-*"))
    assert json.loads((folder / "aggregate.json").read_text("utf-8"))["replications"] == 2
    assert (folder / "rep-002").is_dir()  # kept: a larger set later reuses it
    caplog.clear()
    assert main(["run", str(SMALL), "--replications", "3", *out]) == 0
    assert "earlier, larger run" not in caplog.text


def test_a_plans_method_line_counts_selection_runs_not_selections_as_rounds(
    failed_plan: Path,
) -> None:
    """The page said "1 selection round(s)" after twelve selection runs a contender: it
    counted the selections (sets of contenders) and called them rounds, the word how-to-plan
    uses for one more run per contender."""
    from sim.output.plan_report import sections

    result = json.loads((failed_plan / "plan.json").read_text(encoding="utf-8"))
    runs = max(x["state"]["replications"] for x in result["selection"]["rounds"])
    text = next(s for s in sections(result, "en") if s[0] == "Goal and method")[3]
    assert "selection round" not in text
    n = len(result["selection"]["rounds"])  # "1 selection", "2 selections" (eleventh session)
    said = f"{n} selection{'' if n == 1 else 's'} of contenders, up to {runs} selection runs a "
    assert said + "contender" in text, text
    zh = next(s for s in sections(result, "zh") if s[0] == "目标与方法")[3]
    assert f"至多 {runs} 次选择运行" in zh, zh
    # a plan with no selection (every candidate missed in the search): no state to count
    bare = {**result, "selection": {**result["selection"], "rounds": [], "state": None}}
    text = next(s for s in sections(bare, "en") if s[0] == "Goal and method")[3]
    assert "no selection runs" in text and "of contenders" not in text


def test_a_command_in_english_after_one_in_chinese_logs_in_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``main`` called twice in one process (a notebook, a test suite): after a ``--lang zh``
    command every later command's library warnings stayed in Chinese, whatever its ``--lang``."""
    import logging

    assert main(["validate", str(SMALL), "--lang", "zh"]) == 0
    assert any(getattr(h.formatter, "lang", "") == "zh" for h in logging.getLogger().handlers)
    assert main(["validate", str(SMALL), "--lang", "en"]) == 0
    capsys.readouterr()
    # (every command sets its own: in English now)
    assert all(getattr(h.formatter, "lang", "en") == "en" for h in logging.getLogger().handlers)


def test_figures_of_a_replication_set_says_one_figure_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``yiwu-sim figures`` of a replication set printed "1 figures (svg)"."""
    out = ["--out", str(tmp_path), "--quiet", "--no-report", "--jobs", "1", *SHORT]
    assert main(["run", str(SMALL), "--replications", "2", *out]) == 0
    capsys.readouterr()
    folder = next(tmp_path.glob("*/replications-*"))
    cmd = ["figures", str(folder), "--format", "svg", "--out", str(tmp_path / "f")]
    assert main(cmd) == 0
    said = capsys.readouterr().out
    assert said.startswith("1 figure (svg) in ") and "1 figures" not in said, said


def test_a_last_safe_date_judged_on_the_orders_since_the_first_day_says_so_plainly() -> None:
    """A row read "100.0 % of 8 (all orders from the first day; too few to pool)" under "in
    time that day", as if all eight orders had been placed on the first day; they are the
    orders placed from the first order day to the date shown, judged together."""
    from sim.output.glossary import term

    en, zh = term("few_orders", "en"), term("few_orders", "zh")
    assert "from the first order day to this one" in en and "all orders from the first" not in en
    assert "自首个下单日至此日" in zh


def test_a_policys_params_may_have_a_key_of_digits() -> None:
    """``--set`` on an absent list item is refused with the whole-list advice; a policy's own
    ``params`` are a mapping whose keys may be digits (a year), which the advice refused too."""
    from sim.scenario.overrides import apply_overrides

    out = apply_overrides({"logistics": {"dispatch": {}}}, ["logistics.dispatch.params.2026.x=1"])
    assert out["logistics"]["dispatch"]["params"] == {"2026": {"x": 1}}
