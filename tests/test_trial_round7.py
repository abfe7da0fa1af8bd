"""Round-7 trial: a planner, a researcher and a student in English and Chinese — what the
command line says on standard error under ``--lang zh``, how a plan reads KPIs some runs have
no value for, and what the pages show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim.cli import main
from sim.experiment import planning
from sim.experiment.planning import PlanSpec, parse_decide, parse_goal, plan
from sim.scenario import read_scenario_file

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "scenarios" / "teaching_small.yaml"
HAN = "\u4e00-\u9fff"


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# ------------------------------------------------------------------ stderr follows --lang


def test_a_warning_about_min_replications_without_precision_is_in_chinese_under_lang_zh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--min-replications`` without ``--precision`` was warned of in English under
    ``--lang zh``; the English stays as it was."""
    args = ["run", str(SMALL), "--out", str(tmp_path), "--no-report", "--min-replications", "3"]
    assert main([*args, "--lang", "zh", "--run-id", "zh"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("警告：--min-replications"), err
    assert "applies with" not in err
    assert main([*args, "--run-id", "en"]) == 0
    assert "warning: --min-replications applies with --precision only" in capsys.readouterr().err


def test_capacity_and_horizon_warnings_of_a_run_are_in_chinese_under_lang_zh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line offered more goods than its trains carry and a deadline after the end: both
    warnings in Chinese, each one line, with the line's id and the numbers kept."""
    args = ["run", str(SMALL), "--out", str(tmp_path), "--no-report", "--set", "days=30",
            "--set", "logistics.lines.L01.trains_per_week=0.2", "--lang", "zh"]  # fmt: skip
    assert main(args) == 0
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2, lines
    assert all(x.startswith("警告：") and _has_chinese(x[3:]) for x in lines)
    assert "L01" in lines[0] and "0.2" in lines[0] and "goods will queue" not in lines[0]
    assert "140" in lines[1] and "falls after" not in lines[1]


def test_an_existing_run_folder_and_a_bad_scenario_value_are_refused_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The refusal of an existing folder is one Chinese line naming the folder and the ways
    out; a bad --set value keeps its key path, its value and the rule under a Chinese head."""
    args = ["run", str(SMALL), "--out", str(tmp_path), "--no-report", "--lang", "zh"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "--force" in err and "exists" not in err
    assert len(err.strip().splitlines()) == 1
    assert main([*args, "--set", "days=-3"]) == 2
    head, problem = capsys.readouterr().err.strip().splitlines()
    assert head.startswith("错误：情景") and "1 个问题" in head
    assert "days" in problem and "-3" in problem


@pytest.mark.parametrize(
    ("goal", "zh", "en"),
    [
        ("bad", "应写作 min:KPI", "expected min:KPI, max:KPI"),
        ("x>=.nan", "不是有限数值", "is not a finite number"),
    ],
)
def test_a_plans_bad_goal_is_one_line_in_either_language(
    goal: str, zh: str, en: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--goal`` refusals name the option and the value in both languages."""
    args = ["plan", str(SMALL), "--decide", "logistics.lines.L01.trains_per_week=1..2",
            "--goal", goal, "--goal", "min:rail_departures"]  # fmt: skip
    assert main([*args, "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and zh in err and "expected" not in err
    assert main(args) == 2
    assert en in capsys.readouterr().err


def test_precision_options_out_of_range_are_refused_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["run", str(SMALL), "--precision", "on_time.share=0.1", "--min-replications", "3",
            "--max-replications", "3", "--lang", "zh"]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：--max-replications（3）至少应为") and "\n" not in err


def test_validate_speaks_chinese_with_lang_zh(capsys: pytest.CaptureFixture[str]) -> None:
    """``validate`` prints the same warnings as ``run``, so it takes ``--lang`` as well."""
    assert main(["validate", str(SMALL), "--set", "days=30", "--lang", "zh"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("警告：teaching-small：") and "140" in err
    assert main(["validate", str(SMALL), "--set", "days=0", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.startswith("情景 ")


# ------------------------------------------------------------------ a plan's partial KPIs

DECIDE = "logistics.lines.L01.trains_per_week"


def _execute_with_gaps(tasks: Any, **_: Any) -> tuple[list[dict[str, Any]], int]:
    """Summaries in which Almaty has orders judged in some runs only (the group is then left
    out of summary.json, as the model does) and the overall on-time share is null in some."""
    out = []
    for t in tasks:
        v = int(t.scenario.logistics.lines["L01"].trains_per_week)
        rng = np.random.default_rng([t.seed, v])
        by_dest: dict[str, Any] = {"MAD": {"orders": 10, "on_time": 9, "share": 0.9}}
        if rng.random() < 0.5:
            by_dest["ALA"] = {"orders": 4, "on_time": 2 + v, "share": (2 + v) / 4}
        share = None if rng.random() < 0.3 else 0.9
        out.append(
            {
                "on_time": {"share": share, "by_destination": by_dest},
                "lines": {"L01": {"departures": 10 * v}},
            }
        )
    return out, len(tasks)


def _spec(goal: list[str]) -> PlanSpec:
    constraints, objectives = parse_goal(goal)
    return PlanSpec(read_scenario_file(SMALL), parse_decide([f"{DECIDE}=1..2"]), constraints,
                    objectives, budget=20, screen_replications=4, first_stage=3, contenders=2,
                    source=str(SMALL))  # fmt: skip


def test_a_plan_counts_a_group_a_run_had_none_of_as_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A goal on a count of Almaty's orders: a run without Almaty orders judged has 0 of them,
    as in a replication set's statistics; the plan refused the KPI ("has no value in some
    runs") or, when the first run had none, as "not a KPI of summary.json"."""
    monkeypatch.setattr(planning, "execute", _execute_with_gaps)
    kpi = "on_time.by_destination.ALA.on_time"
    result, _ = plan(_spec([f"{kpi}>=1", "min:rail_departures"]), out=tmp_path, root_seed=5)
    for c in result["candidates"]:
        v = int(c["decision"][DECIDE])
        runs = c["search_runs"]
        iv = c["search_kpis"][kpi]
        assert iv["n"] == runs  # every run counts, none left out
        assert 0 < iv["mean"] < 2 + v  # zeros averaged in, not only the runs that had some


def test_a_plan_says_over_how_many_runs_a_kpi_without_data_in_some_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overall on-time share is null in some runs: the plan's pages and the printed
    answer give it with ``(n k/N)``, as the replication reports do, not as if over all."""
    from sim.output.plan_report import markdown, plan_summary

    monkeypatch.setattr(planning, "execute", _execute_with_gaps)
    goal = ["on_time.by_destination.MAD.share>=0.5", "min:rail_departures"]
    result, _ = plan(_spec(goal), out=tmp_path, root_seed=5)
    rec = next(c for c in result["candidates"] if c["role"] == "recommended")
    share = rec["kpis"]["on_time.share"]
    runs = rec["search_runs"] + rec["selection_runs"]
    assert 0 < share["n"] < runs
    said = f"(n {share['n']}/{runs})"
    for lang in ("en", "zh"):
        assert said in markdown(result, lang)
    assert any(said in x for x in plan_summary({**result, "constraints": [], "objectives": [
        {"kpi": "on_time.share", "sense": "max"}]}))  # fmt: skip


def test_a_plan_whose_share_goal_has_no_value_in_some_runs_says_in_how_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A share cannot be judged on runs that did not measure it: the plan stops, saying in
    how many of the decision's runs it had no value (in the reader's language)."""
    from sim.errors import SimError
    from sim.output.saying import in_lang

    monkeypatch.setattr(planning, "execute", _execute_with_gaps)
    goal = ["on_time.by_destination.ALA.share>=0.5", "min:rail_departures"]
    with pytest.raises(SimError) as info:
        plan(_spec(goal), out=tmp_path, root_seed=5)
    text = in_lang(info.value.args[0], "zh")
    assert "on_time.by_destination.ALA.share" in text and "次运行中有" in text
    assert " of 4 runs of " in str(info.value)


# ------------------------------------------------------------------ what the pages show


def test_a_chinese_report_names_the_goods_in_chinese_in_its_figures_and_dates_alike(
    tmp_path: Path,
) -> None:
    """The tables of a ``--lang zh`` report said 春节用品 while the figures beside them said
    festival_goods; the late orders gave ISO dates under a table of Chinese dates; and a list
    of all 22 groups was headed "the 22 largest of 22"."""
    assert main(["run", str(SMALL), "--out", str(tmp_path), "--lang", "zh", "--quiet"]) == 0
    import re

    page = next(tmp_path.glob("*/seed-*/report.html")).read_text(encoding="utf-8")
    html = re.sub(r"<[^>]+>", " ", page)  # what a reader sees (keys stay in attributes)
    assert "festival_goods" not in html
    assert "春节用品（" in html or "春节用品 (2026年2月17日)" in html
    assert "(2026-02-17)" not in html
    assert "中最大的" not in html and "共 22 组" in html
    assert " d (" not in html


def test_a_plans_share_interval_stays_within_0_and_100_percent_and_its_chart_has_margins() -> None:
    """A search candidate's on-time share read "82.12 [64.08, 100.16] %"; the trade-off
    chart put its extreme points on the axes and the frame."""
    import re

    from sim.output.plan_report import _ci, _svg

    d = {"n": 2, "mean": 0.8212, "ci_low": 0.6408, "ci_high": 1.0016, "half_width": 0.18}
    assert _ci(d, "on_time.share", 2) == "82.12 [64.08, 100.00] %"
    pts = {"a": {"x": 102.0, "y": 0.75, "decision": {}, "words": []},
           "b": {"x": 143.0, "y": 0.82, "decision": {}, "words": []}}  # fmt: skip
    t = {"x": "rail_departures", "y": "on_time.share", "goal_y": 0.8, "points": pts,
         "pareto": ["a"]}  # fmt: skip
    svg = _svg({"tradeoff": t, "recommended": None}, "en")
    ml, w, mr = 80, 960, 30
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert all(ml + 10 < x < w - mr - 10 for x in xs), xs


def test_the_chinese_run_summary_lines_its_values_up_in_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Labels were padded by characters, not by the columns a Chinese character takes (two),
    so the values of the Chinese summary and tables started at ragged columns."""
    import unicodedata

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    args = ["run", str(SMALL), "--out", str(tmp_path), "--no-report", "--lang", "zh"]
    assert main(args) == 0
    import re

    out = capsys.readouterr().out.splitlines()
    starts = set()
    for line in out[1:]:
        m = re.match(r"^( +\S(?:.*?\S)?)( {2,})(\S.*)$", line)  # label, gap, value
        if m:
            starts.add(columns(m.group(1) + m.group(2)))
    assert len(starts) == 1, out
    assert any("商户 " in x and "，拼箱" in x for x in out)


@pytest.mark.parametrize("values", ["1,1", "1,1.0", "share,share"])
def test_a_sweep_refuses_a_value_given_twice(values: str) -> None:
    """``--vary L01.trains_per_week=1,1`` ran the same point twice and printed it twice, as
    two rows of one table; ``plan --decide`` refuses it already."""
    from sim.errors import ScenarioError
    from sim.experiment.runs import parse_vary
    from sim.output.saying import in_lang

    with pytest.raises(ScenarioError) as info:
        parse_vary([f"logistics.lines.L01.trains_per_week={values}"])
    (problem,) = info.value.problems
    assert "given twice" in problem and "有取值重复" in in_lang(problem, "zh")
    assert parse_vary(["days=20,30"]) == {"days": [20, 30]}


def test_a_plan_over_a_run_that_ends_before_the_deadline_warns_and_says_why_its_goal_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``plan`` printed none of the warnings ``run`` prints, and a goal on an on-time share
    of runs that end before the festival was refused as "not a KPI of summary.json (did you
    mean lead_time_days.by_destination.MAD.n ...?)", though the name is right."""
    args = ["plan", str(SMALL), "--out", str(tmp_path), "--set", "days=40", "--set",
            "warmup_days=0", "--decide", "logistics.mode_choice.rule=share,live", "--goal",
            "max:on_time.by_destination.MAD.share", "--budget", "8", "--jobs", "1",
            "--quiet"]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "warning: teaching-small: festival_goods: its deadline 17 Feb 2026" in err
    assert "no order was judged against a deadline" in err and "did you mean" not in err
    assert main([*args, "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("警告：") and "没有按截止日判定的订单" in err


@pytest.mark.parametrize(
    ("override", "said"),
    [
        ("days=abc", "days：应为整数，无法把这段文字读作整数（给出的值：'abc'）"),
        ("days=-3", "days：应大于或等于 1（给出的值：-3）"),
        ("scale=0", "scale：应大于 0（给出的值：0）"),
        ("seed=true", "seed：需要数字，而不是 true/false 值（给出的值：true）"),
        ("engine=fast", "engine：应为 'batched' 或 'per_actor'（给出的值：'fast'）"),
        ("logistics.lin.x=1", "logistics.lin：未知的键 'lin'（是否指 'lines'？）；允许的键："),
        ("logistics.mode_choice.rule=magic", "logistics.mode_choice.rule：未知的 routing 策略"),
    ],
)
def test_a_bad_scenario_value_is_one_chinese_line_with_its_key_and_value(
    override: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under ``--lang zh`` the common problems of a scenario (pydantic's and the checks'
    words, read back by the glossary's templates) are said in Chinese, one line each, with
    the key path and the value given as they are; in English nothing changes."""
    assert main(["run", str(SMALL), "--set", override, "--lang", "zh", "--no-report"]) == 2
    head, problem = capsys.readouterr().err.rstrip("\n").split("\n")
    assert head.startswith("错误：情景") and problem.startswith(f"  - {said}")
    assert main(["run", str(SMALL), "--set", override, "--no-report"]) == 2
    assert "invalid scenario" in capsys.readouterr().err


def test_a_problem_no_template_reads_stays_as_the_checks_wrote_it() -> None:
    from sim.output.saying import in_lang

    text = "warmup_days: warmup_days (200) must be less than days (150)"
    assert in_lang(text, "zh") == text
    assert in_lang("x: Input should be {oops} (got 1)", "zh") == "x: Input should be {oops} (got 1)"
    assert (
        in_lang("x: Input should be '{a}' or 'b' (got 1)", "zh")
        == "x：应为 '{a}' 或 'b'（给出的值：1）"
    )


def test_a_sweep_value_too_large_for_a_float_is_still_read() -> None:
    from sim.experiment.runs import parse_vary

    huge = "7" * 400
    assert parse_vary([f"days={huge},1"]) == {"days": [int(huge), 1]}


def test_a_comparisons_reason_in_chinese_writes_dates_as_the_page_and_runs_its_sentences_on() -> (
    None
):
    """The reasons of a Chinese comparison report gave the window as 2025-12-01 beside tables
    of 2025年11月15日, and joined their sentences with an English space (。 其上)."""
    from sim.output.explain import _effect_text

    e = {"nodes": ["MAL"], "replications": 3, "trains": 35, "window": ["2025-12-01", "2025-12-14"],
         "hold_days_min": 0.4, "hold_days_max": 4.9, "orders": 423, "already_late": 42,
         "late": 0, "margin_days_min": 49.6, "held_at_end": 0}  # fmt: skip
    zh = _effect_text(e, "zh")
    assert "2025年12月1日至2025年12月14日" in zh and "2025-12-01" not in zh
    assert "。 " not in zh
    en = _effect_text(e, "en")
    assert "2025-12-01" in en and ". " in en


def test_a_run_too_large_for_memory_is_refused_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["run", str(SMALL), "--set", "buyers.visits_per_day=1e9", "--no-report"]
    assert main([*args, "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "个订单，超过单次运行内存所能容纳的 30,000,000 个；请调低 days" in err
    assert "the run would" not in err
    assert main(args) == 2
    assert "the run would place about" in capsys.readouterr().err


def test_a_replication_set_without_a_safe_date_says_why_and_a_chinese_warning_has_its_colon(
    tmp_path: Path,
) -> None:
    """A replication set of runs that end before the festival explained the conservative
    date's method above no table at all; its Chinese warning read "警告: " with an English
    colon."""
    import re

    args = ["run", str(SMALL), "--out", str(tmp_path), "--replications", "2", "--jobs", "1",
            "--set", "days=30", "--set", "warmup_days=0", "--quiet"]  # fmt: skip
    assert main(args) == 0
    page = next(tmp_path.glob("*/replications-*/report.html")).read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    assert "None in these replications" in text and "the mean date ± 95 %" not in text
    assert main([*args, "--lang", "zh", "--force"]) == 0
    page = next(tmp_path.glob("*/replications-*/report.html")).read_text(encoding="utf-8")
    assert "警告：" in page and "警告:" not in page
    assert "这些重复中无此项" in page


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "文件为空；情景应是由键组成的 YAML 映射"),
        (b"- a\n- b\n", "顶层必须是由键组成的映射，实际是 list"),
        (b"name: x\nname: y\n", "不是有效的 YAML（第 2 行第 1 列）：键 'name' 重复"),
        (b"name: \xff\xfe\n", "文件不是 UTF-8 文本"),
    ],
)
def test_a_file_that_is_no_scenario_is_refused_in_chinese(
    content: bytes, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(content)
    assert main(["validate", str(path), "--lang", "zh"]) == 2
    assert capsys.readouterr().err.rstrip().endswith(f"  - {said}")


def test_a_set_date_that_does_not_exist_is_refused_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["run", str(SMALL), "--set", "start=2025-13-01", "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "--set start：值 '2025-13-01' 无法读取：不是有效的 YAML（第 1 行第 1 列）：" in err
    assert "'2025-13-01' 不是有效日期（月份必须在 1..12 之间）" in err


@pytest.mark.parametrize(
    ("override", "said"),
    [
        (
            "warmup_days=200",
            "warmup_days：warmup_days（200）必须小于 days（150）；较短的运行需要"
            "较短的预热期（--set warmup_days=75，或 0 则计入全部订单）",
        ),
        ("logistics.only_lines=[L01,L10,L12,L99]", "logistics.only_lines：未知的线路 'L99'；"),
        (
            "logistics.only_lines=[L01,L12,S01]",
            "logistics.lines.L10：为本次运行未包含的线路做了设置",
        ),
    ],
)
def test_the_scenario_checks_common_refusals_are_said_in_chinese(
    override: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(SMALL), "--set", override, "--lang", "zh"]) == 2
    assert f"  - {said}" in capsys.readouterr().err


def test_a_scenario_too_small_to_place_an_order_is_warned_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--set scale=1e-9`` ran silently and printed a summary of zeros and dashes (no order
    placed, lead time -, load factor 0 %), as if the network had stood idle."""
    args = ["run", str(SMALL), "--out", str(tmp_path), "--no-report", "--set", "scale=1e-9"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: the run is expected to place about 3.7e-05 orders")
    assert main(["validate", str(SMALL), "--set", "scale=1e-9", "--lang", "zh"]) == 0
    assert "很可能一单也没有" in capsys.readouterr().err
    assert main(["validate", str(SMALL)]) == 0
    assert capsys.readouterr().err == ""


def test_a_decision_in_chinese_uses_chinese_brackets_and_commas() -> None:
    """ "每周 1 列 (150 天内共 21 列)" and "…, 窗口内 +7 列" mixed English punctuation into the
    Chinese answer."""
    from sim.output.plan_report import _one

    season = {"target": "Madrid (L01)", "what": "trains per week", "value": 1, "per_week": 1,
              "season": 21, "days": 150}  # fmt: skip
    assert _one(season, "zh").endswith("每周 1 列（150 天内共 21 列）")
    assert _one(season, "en").endswith("1 a week (21 in the 150-day run)")
    window = {"target": "Liege (L04)", "what": "departures", "value": 2.5, "per_week": 1.25,
              "extra": 7}  # fmt: skip
    assert "，窗口内 +7 列" in _one(window, "zh")


def test_a_decisions_window_in_chinese_is_in_chinese_dates() -> None:
    from sim.output.plan_report import _decision

    c = {"decision": {}, "words": [{"target": "Liege (L04)", "what": "departures", "value": 2,
                                    "per_week": 1, "extra": 4,
                                    "window": "2025-12-01 - 2026-01-31"}]}  # fmt: skip
    assert _decision(c, "zh").startswith("2025年12月1日至2026年1月31日：列日（L04）")
    assert _decision(c, "en").startswith("2025-12-01 - 2026-01-31: Liege (L04)")


def test_a_plan_that_tried_part_of_its_grid_does_not_say_more_trains_cannot_reach_the_goal() -> (
    None
):
    """A 14-run plan of a 6-decision grid evaluated 3 decisions and said of the closest "more
    trains of these kinds do not reach it" — of decisions it never ran."""
    from sim.output.plan_report import plan_summary

    close = {"id": "c", "decision": {}, "words": [], "runs": 5, "meets_goal": False,
             "constraints": [{"kpi": "on_time.share", "mean": 0.9}], "more_runs": 0}  # fmt: skip
    result = {"runs": 14, "budget": 14, "recommended": None, "closest": close,
              "candidates": [close], "selection": {"probability_correct_selection": 0.95},
              "decisions": [{"path": "a", "values": [1, 1.5, 2]}, {"path": "b", "values": [1, 2]}],
              "search": {"candidates": 3}, "constraints": [], "objectives": []}  # fmt: skip
    text = " ".join(plan_summary(result, "en"))
    assert "3 of the 6 decisions of the grid were evaluated" in text
    assert "do not reach it" not in text
    result["search"]["candidates"] = 6
    assert "closest of all 6 decisions of the grid, every one evaluated" in " ".join(
        plan_summary(result, "en")
    )


def test_a_folder_that_is_no_results_folder_is_refused_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path), "--lang", "zh"]) == 1
    err = capsys.readouterr().err.strip()
    said = "不是结果文件夹（没有 summary、aggregate、comparison 或 sweep 文件）"
    assert err == f"错误：{tmp_path}：{said}"
    assert main(["report", str(tmp_path)]) == 1
    assert "not a results folder" in capsys.readouterr().err


def test_warmup_marks_a_series_that_never_moves_and_names_the_series_without_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In the teaching world no train ever queues, so every crossing's queue is 0 all season
    and MSER "suggested" a warm-up of 0 days from it; and the closing line said "a minimum lies
    in the second half" without saying of which series."""
    assert main(["run", str(SMALL), "--out", str(tmp_path), "--no-report"]) == 0
    capsys.readouterr()
    assert main(["warmup", str(next(tmp_path.glob("*/seed-*")))]) == 0
    out = capsys.readouterr().out
    assert "queue_MAL         0 (constant)" in out
    assert "no warm-up suggested: for teu_waiting_yiwu the minimum" in out


def test_the_explorers_brackets_round_its_words_are_chinese_in_chinese() -> None:
    """A crossing's table read "18.1 (办理中：换轨与海关)" in Chinese: every place the page
    puts one of its words in brackets has the Chinese brackets beside the English ones."""
    js = "\n".join(p.read_text(encoding="utf-8") for p in ROOT.glob("sim/explore/static/*.js"))
    bare = [line.strip() for line in js.splitlines() if "(${t(" in line and "（" not in line]
    assert bare == []


@pytest.mark.parametrize(
    ("override", "said"),
    [
        (
            "logistics.lines.L01=null",
            "logistics.lines.L01：应为设置的映射（键: 值），可用的键：capacity_teu, "
            "poisson_per_week, timetable, trains_per_week（给出的值：null）",
        ),
        (
            "market.categories.5.share=1",
            "--set market.categories.5.share：情景中没有这个位置"
            "（market.categories 是列表，位置只能是 0 至 1；给出的是 '5'）",
        ),
        ("start=2025-10-01T12:00", "start：此处只写日期，不带时刻（如 2025-10-01）"),
    ],
)
def test_odd_set_values_are_refused_in_chinese(
    override: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``Input should be a valid dictionary or instance of LineSpec`` was taken for a choice
    of values ("应为 a valid dictionary or instance of LineSpec"); a position beyond a list
    and a date with a time of day stayed English."""
    assert main(["run", str(SMALL), "--set", override, "--lang", "zh"]) == 2
    assert f"  - {said}" in capsys.readouterr().err


def test_a_comparison_of_different_scales_warns_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The warning that two scenarios run at different scales was written in English under
    ``--lang zh`` (the glossary had its Chinese)."""
    text = SMALL.read_text(encoding="utf-8")
    other = tmp_path / "half.yaml"
    other.write_text(
        text.replace("name: teaching-small", "name: half").replace("scale: 0.1", "scale: 0.05"),
        encoding="utf-8",
    )
    args = ["compare", str(SMALL), str(other), "--replications", "2", "--jobs", "1", "--out",
            str(tmp_path), "--set", "days=20", "--set", "warmup_days=0", "--quiet",
            "--no-report", "--lang", "zh"]  # fmt: skip
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "警告：各情景的规模不同（teaching-small 0.1, half 0.05）" in err
    assert "different scales" not in err


def test_runs_csv_gives_a_count_a_run_had_none_of_as_0_as_the_plan_judged_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv

    monkeypatch.setattr(planning, "execute", _execute_with_gaps)
    kpi = "on_time.by_destination.ALA.on_time"
    _, folder = plan(_spec([f"{kpi}>=1", "min:rail_departures"]), out=tmp_path, root_seed=5)
    with (folder / "runs.csv").open(encoding="utf-8") as f:
        cells = [r[kpi] for r in csv.DictReader(f)]
    assert cells and all(c != "" for c in cells) and "0.0" in cells


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["run", "--jobs", "0"],
            "yiwu-sim run：错误：参数 --jobs：应为不小于 1 的整数，给出的是 '0'",
        ),
        (["plan"], "yiwu-sim plan：错误：缺少必需的参数：--decide, --goal"),
        (["run", "--bogus"], "yiwu-sim run：错误：无法识别的参数：--bogus"),
        (["run", "--seed", "-5"], "yiwu-sim run：错误：参数 --seed：随机种子应为 0 至"),
        (["run", "--jobs"], "yiwu-sim run：错误：参数 --jobs：需要一个值"),
    ],
)
def test_a_bad_option_is_refused_in_chinese_when_the_arguments_ask_for_it(
    args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's refusals (a count out of range, a required option missing, an unknown
    option) were English under ``--lang zh``: the language is read from the arguments before
    they are parsed. The usage line is said in Chinese too (用法：); English is unchanged."""
    assert main([*args, "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("用法： yiwu-sim") and said in err
    assert main(args) == 2
    assert ": error: " in capsys.readouterr().err


def test_a_bad_policy_option_and_a_bad_scheduler_address_are_refused_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--policy bogus=x`` was headed "情景无效" (an invalid scenario, no name) and worded in
    English; ``--scheduler bogus`` likewise."""
    assert main(["run", str(SMALL), "--policy", "bogus=x", "--lang", "zh", "--no-report"]) == 2
    head, problem = capsys.readouterr().err.rstrip("\n").split("\n")
    assert head == "错误：--policy 有误：1 个问题"
    assert problem.startswith("  - --policy bogus=x：未知的策略种类 'bogus'；请写作 KIND=NAME")
    args = ["run", str(SMALL), "--replications", "2", "--scheduler", "bogus", "--lang", "zh",
            "--no-report"]  # fmt: skip
    assert main(args) == 2
    assert capsys.readouterr().err.startswith("错误：--scheduler 'bogus' 不是调度器地址")
