"""The warnings a scenario gives before it runs are in the reports of its folders too
(:func:`sim.output.report_parts.scenario_warnings`): a planner who reads only ``report.html``
must learn that a line cannot carry what it is offered, as the command line said."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from tests.conftest import ROOT

SMALL = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["--set", "days=40", "--set", "warmup_days=2"]
STARVED = ["--set", "logistics.lines.L01.trains_per_week=0.25"]
"""A quarter of a train a week to Madrid: about 2 TEU a week for about 8 offered."""


def _said(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr()
    return out.out + out.err


def test_a_runs_report_says_the_capacity_warning_the_command_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for lang, words in (("en", "goods will queue at Yiwu"), ("zh", "马德里")):
        out = tmp_path / lang
        assert main(["--lang", lang, "run", str(SMALL), "--out", str(out), *SHORT, *STARVED]) == 0
        printed = _said(capsys)
        assert words in printed, printed
        run = out / "teaching-small" / "seed-42"
        for page in ("report.html", "report.md"):
            text = (run / page).read_text(encoding="utf-8")
            assert words in text, (lang, page)
    warned = [
        line
        for line in (tmp_path / "en" / "teaching-small" / "seed-42" / "report.md")
        .read_text(encoding="utf-8")
        .splitlines()
        if "L01 (Yiwu-Madrid)" in line
    ]
    assert len(warned) == 1 and "0.25 departures a week" in warned[0], warned


def test_a_set_and_a_comparison_say_it_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reps = tmp_path / "reps"
    args = ["run", str(SMALL), "--out", str(reps), "--replications", "2", "--jobs", "1"]
    assert main([*args, *SHORT, *STARVED]) == 0
    page = next(reps.glob("teaching-small/replications-*/report.md")).read_text(encoding="utf-8")
    assert "goods will queue at Yiwu" in page, page
    starved = tmp_path / "starved.yaml"
    text = SMALL.read_text(encoding="utf-8").replace("name: teaching-small", "name: starved")
    starved.write_text(text, encoding="utf-8")
    cmp = tmp_path / "cmp"
    args = ["compare", str(SMALL), str(starved), "--replications", "2", "--jobs", "1"]
    assert main([*args, "--out", str(cmp), *SHORT]) == 0
    capsys.readouterr()
    md = next(cmp.glob("*/report.md")).read_text(encoding="utf-8")
    assert "goods will queue at Yiwu" not in md  # neither scenario is short of trains here
    cmp2 = tmp_path / "cmp2"
    assert main([*args, "--out", str(cmp2), *SHORT, *STARVED]) == 0
    md = next(cmp2.glob("*/report.md")).read_text(encoding="utf-8")
    named = [line for line in md.splitlines() if "goods will queue at Yiwu" in line]
    assert len(named) == 2, named  # each scenario's, named as its tables name it
    assert {"starved", "teaching-small"} <= {
        n for n in ("starved", "teaching-small") for line in named if n in line
    }, named


def test_a_folder_of_another_networks_scenario_still_gets_its_report() -> None:
    """A saved scenario naming a line this version's network lacks (a folder of another
    version) cannot have its capacity worked out: its report is written without those warnings
    (``capacity_warnings`` raised KeyError 'L99'), the run's own warnings kept."""
    from sim.output.report_parts import run_warnings
    from sim.scenario import LineSpec
    from sim.world.inputs import load_scenario, resolve

    sc = resolve(load_scenario(SMALL, ["logistics.lines.L01.trains_per_week=0.25", "days=40"]))
    assert any("goods will queue at Yiwu" in w for w in run_warnings(sc))
    other = sc.model_copy(deep=True)
    other.logistics.lines["L99"] = LineSpec()
    said = run_warnings(other)
    assert not any("goods will queue" in w for w in said), said
    assert any("festival_goods" in w for w in said), said  # the run ends before its deadline


def test_a_chinese_sweep_names_the_points_of_a_warning_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sweep's warning that concerns some points is named by them; the Chinese page joined
    them with the English "; " and ": " (``警告：days=40: ...``), where the command line says
    ``days=40：...``."""
    out = tmp_path / "sweep"
    args = ["--lang", "zh", "sweep", str(SMALL), "--vary", "days=40,150", "--replications", "1",
            "--jobs", "1", "--out", str(out), "--set", "warmup_days=2"]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    md = next(out.glob("*/*/report.md")).read_text(encoding="utf-8")
    named = [line for line in md.splitlines() if "days=40" in line and "春节用品" in line]
    assert named and all("days=40：" in line for line in named), named


def test_freight_cost_in_usd_m_takes_the_decimals_its_cells_read_side_by_side_need() -> None:
    """Two decimals of USD m, four where a half-width (a mean without one) is under 0.1, and
    more where a mean that is not 0 would read 0: one number for cells read side by side, so
    that a difference of a few thousand USD is not 0.00 and the cells line up."""
    from sim.output.report_parts import usd_m_decimals

    assert usd_m_decimals([]) == 2 and usd_m_decimals([None, {"mean": None}]) == 2
    assert usd_m_decimals([{"mean": 1_130_000.0, "half_width": 170_000.0}]) == 2
    assert usd_m_decimals([{"mean": 0.0, "half_width": 0.0}]) == 2  # no difference at all
    row = [{"mean": 1_127_000.0, "half_width": 170_100.0}, {"mean": 5_300.0, "half_width": 6_500.0}]
    assert usd_m_decimals(row) == 4  # the difference's 0.0065 sets the row's
    assert usd_m_decimals([{"mean": 11_100.0, "half_width": 110_000.0}]) == 2  # 0.01 ± 0.11
    assert usd_m_decimals([{"mean": 4_000.0, "half_width": 200_000.0}]) == 3  # 0.004, not 0.00
    assert usd_m_decimals([{"mean": 3_400.0}]) == 4  # no interval: the mean's
    assert usd_m_decimals([{"mean": 30.0, "half_width": 20.0}]) == 5  # 0.00003, not 0.0000
    assert usd_m_decimals([{"mean": 0.4, "half_width": 0.2}]) == 6  # to a dollar at most
    assert usd_m_decimals([{"mean": float("nan"), "half_width": float("inf")}]) == 2


def test_a_run_past_a_spring_festival_its_own_list_leaves_out_is_warned_of() -> None:
    """``calendar.spring_festival: [2026-02-17]`` copied into a season from June 2026 to June
    2027 ran with no closure for the festival of 6 February 2027 and no deadline on any
    festival order, without a word (an empty list is refused; a list that stops short was
    not). The warning names the festival left out, in English and in Chinese; a list that
    moves a festival by days (a made-up world) or a run that passes none is not warned of."""
    from sim.output.report_parts import scenario_warnings
    from sim.world.inputs import load_scenario, resolve

    def warnings(lang: str, *sets: str) -> list[str]:
        sc = resolve(load_scenario(SMALL, ["warmup_days=0", *sets]))
        return [w for w in scenario_warnings(sc, lang) if "spring_festival" in w]

    year = ["start=2026-06-01", "days=365"]
    (said,) = warnings("en", *year, "calendar.spring_festival=[2026-02-17]")
    assert said.startswith("calendar.spring_festival lists 17 Feb 2026, but the run (01 Jun 2026")
    assert "passes the Spring Festival of 06 Feb 2027 (the lunar calendar's)" in said, said
    (said,) = warnings("zh", *year, "calendar.spring_festival=[2026-02-17]")
    assert "2027年2月6日" in said and "春节" in said, said
    assert warnings("en", *year, "calendar.spring_festival=[2027-02-06]") == []
    assert warnings("en", *year, "calendar.spring_festival=[2027-02-20]") == []  # moved by days
    assert warnings("en", *year) == []  # the lunar calendar's own
    assert (
        warnings("en", "start=2026-03-01", "days=60", "calendar.spring_festival=[2026-02-17]") == []
    )


def test_a_sets_replications_are_its_own_first_n_even_with_one_lost(tmp_path):
    """A set of 2 in a folder an earlier set of 3 left rep-002 in: its replications are
    rep-000 and rep-001 (aggregate.json's count), not the first two present, so with
    rep-001's summary lost the earlier set's rep-002 does not stand in for it."""
    import json

    from sim.output.report_parts import replication_summaries

    for i in range(3):
        (tmp_path / f"rep-{i:03d}").mkdir()
        (tmp_path / f"rep-{i:03d}" / "summary.json").write_text("{}", encoding="utf-8")
    assert len(replication_summaries(tmp_path)) == 3  # no aggregate.json: every one there
    (tmp_path / "aggregate.json").write_text(json.dumps({"replications": 2}), encoding="utf-8")
    assert [p.parent.name for p in replication_summaries(tmp_path)] == ["rep-000", "rep-001"]
    (tmp_path / "rep-001" / "summary.json").unlink()
    assert [p.parent.name for p in replication_summaries(tmp_path)] == ["rep-000"]
    assert len(replication_summaries(tmp_path, 3)) == 2  # a count asked for


CLOSURE = ROOT / "scenarios" / "hindcast_2025_closure.yaml"


def test_a_deadline_the_scenario_leaves_aside_is_not_warned_of_and_any_other_still_is() -> None:
    """The closure hindcast warned on every run of its 91 days that its festival goods' deadline
    (17 February 2026) falls after the run: true, and not its question. It lists festival_goods
    under ``reporting.deadlines_not_judged``, so its run says nothing of them; shortened to 60
    days it still warns that christmas_goods (due 15 November) are not judged, and without the
    key the festival's warning is back, in English and in Chinese."""
    from sim.output.report_parts import horizon_warnings
    from sim.world.inputs import load_scenario

    def warned(lang: str, *sets: str) -> list[str]:
        return horizon_warnings(load_scenario(CLOSURE, list(sets)), None, lang)

    assert not [w for w in warned("en") if "deadline" in w], warned("en")
    short = warned("en", "days=60")
    assert any(w.startswith("christmas_goods: its deadline 15 Nov 2025") for w in short), short
    assert not any("festival_goods" in w for w in short), short
    (said,) = [w for w in warned("en", "reporting.deadlines_not_judged=null") if "deadline" in w]
    assert said.startswith("festival_goods: its deadline 17 Feb 2026 falls after the run"), said
    (zh,) = [w for w in warned("zh", "reporting.deadlines_not_judged=null") if "截止日" in w]
    assert "2026年2月17日" in zh, zh
    assert not [w for w in warned("zh") if "截止日" in w]


def test_a_chinese_page_says_the_scenarios_chinese_description_or_whose_english_it_shows() -> None:
    """A run report, a comparison and the explorer in Chinese showed the scenario's English
    description as if it were the page's own words. With ``description_zh`` they show it; without
    one they say the English is the author's, marked as English for a screen reader; an English
    page is as it was."""
    from sim.output.report_parts import description_html, description_parts, description_text
    from sim.world.inputs import load_scenario

    sc = load_scenario(SMALL)
    assert description_parts(sc, "zh") == ("", sc.description_zh, "zh")
    assert sc.description_zh.startswith("一个小型教学世界")
    assert description_parts(sc, "en") == ("", sc.description, "en")
    bare = load_scenario(SMALL, ["description_zh=null"])
    lead, text, text_lang = description_parts(bare, "zh")
    assert (lead, text, text_lang) == ("（情景作者的英文说明，未翻译）", sc.description, "en")
    page = description_html(bare, "zh", "teaching-small")
    assert page.startswith("<p class='description'><b>teaching-small</b>：（情景作者的英文说明")
    assert "<span lang='en'>A small teaching world" in page
    assert description_html(bare, "en") == f"<p class='description'>{sc.description}</p>"
    assert description_text(bare, "zh", "x").startswith("**x**：（情景作者的英文说明，未翻译）A")
    blank = load_scenario(SMALL, ["description=", "description_zh=null"])
    assert description_html(blank, "zh") == description_text(blank, "zh") == ""


def test_a_count_row_has_one_decimal_only_where_a_small_mean_is_not_whole():
    from sim.output.report_parts import count_decimals

    assert count_decimals([]) == 0 and count_decimals([None, {"mean": None}]) == 0
    # hundreds of orders: whole, their half-width too (the report wrote 304 ± 19.9)
    assert count_decimals([{"mean": 53_993.0, "half_width": 233.4},
                           {"mean": 304.1, "half_width": 19.9}]) == 0  # fmt: skip
    assert count_decimals([{"mean": 0.0, "half_width": 0.0}, {"mean": 75.0}]) == 0
    # 74.9 extra trains a season over ten: the row reads a tenth (0.4 would read 0)
    assert count_decimals([{"mean": 0.0, "half_width": 0.0},
                           {"mean": 74.9, "half_width": 1.8}]) == 1  # fmt: skip
    assert count_decimals([{"mean": -0.4, "half_width": 0.5}]) == 1
    assert count_decimals([{"mean": 0.0, "half_width": 0.5}]) == 1  # not as certain as 0 ± 0


def test_prose_columns_are_those_with_a_cell_wider_than_forty_columns() -> None:
    """The run, comparison and plan pages set numbers right and prose left by one rule: a
    column with a cell wider than 40 columns, a Chinese character counting two."""
    from sim.output.report_parts import prose_columns, text_width

    assert text_width("平均交货周期") == 12 and text_width("lead") == 4
    rows = [["a", "663", "x" * 41], ["b", "91.20 [90.80, 91.60]", "short"], ["c", "7", "中" * 21]]
    assert prose_columns(rows) == {2}
    assert prose_columns([["a", "中" * 20]]) == set()
    # words: a column of roles or short reasons reads from the left too (the plan's)
    short = [["a", "recommended", "12", "misses: on time (after 3 runs)", "L01", "-0.4"],
             ["b", "contender", "–", "the cheapest", "L02", "+1.2"]]  # fmt: skip
    assert prose_columns(short) == set()
    assert prose_columns(short, words=True) == {0, 1, 3, 4}
