"""The sections of the plan's page (:mod:`sim.output.plan_sections`): their order, the goal and
the method in words, and why each contender lost."""

from __future__ import annotations

from sim.output.plan_sections import _delta_text, _goal_text, _selection_runs, _why, sections
from tests.output.plan_results import SHARE, festival_plan


def test_the_page_is_the_answer_then_the_trade_off_the_method_the_contenders_a_glossary() -> None:
    titles = [s[0] for s in sections(festival_plan())]
    assert titles == [
        "Recommended decision",
        "Trade-off: rail departures from Yiwu against festival goods on time, %",
        "Goal and method",
        "Contenders and why they lost",
        "Glossary",
    ]
    assert sections(festival_plan(), "zh")[0][0] == "推荐方案"
    assert sections(festival_plan(False))[0][0] == "Answer"


def test_the_goal_and_method_say_the_goal_the_runs_and_the_selection() -> None:
    _, _, _, text = next(s for s in sections(festival_plan()) if s[0] == "Goal and method")
    assert text.startswith(
        "Goal: festival goods on time at least 90.00 % (tolerance 0.4 points); "
        "fewest rail departures from Yiwu. 21 simulation runs of a budget of 24, 9.5 s."
    )
    assert "indifference zone 0.5 departures" in text and "up to 5 selection runs" in text


def test_each_contender_says_why_it_lost() -> None:
    plan = festival_plan()
    today, rec, more = plan["candidates"]
    assert _why(today, plan, "en") == "misses: festival goods on time, % (after 7 runs)"
    assert _why(rec, plan, "en") == "the cheapest decision known to meet the goal"
    assert _why(more, plan, "en") == "meets the goal, but costs more than the recommendation"
    tie = {**more, "all_runs": {**more["all_runs"], "objective_mean": 665.0}}
    assert _why(tie, plan, "en").startswith("meets the goal at the same cost")  # not "dearer"
    plan["selection"]["rounds"][0]["state"]["eliminated"] = {"c": {}}
    assert _why({**more, "all_runs": {}}, plan, "en").startswith(
        "rail departures from Yiwu worse than a decision that meets the goal"
    )
    unsure = {**more, "all_runs": {"constraints": [{"kpi": SHARE, "more_runs": 3}]}}
    assert (
        _why(unsure, festival_plan(False), "en") == "undecided: about 3 more runs would settle it"
    )


def test_the_search_only_decisions_have_a_table_of_their_own() -> None:
    plan = festival_plan()
    assert "Other decisions of the search" not in [s[0] for s in sections(plan)]
    other = {**plan["candidates"][0], "id": "d", "role": "search", "selection_runs": 0,
             "all_runs": {}}  # fmt: skip
    plan["candidates"].append(other)
    title, head, rows, note = sections(plan)[-2]
    assert title == "Other decisions of the search" and note == "KPIs over the search runs."
    assert head[-1] == "why" and rows[0][2] == "88.00 [87.00, 89.00]"  # its search runs' KPIs


def test_the_selection_runs_are_the_most_a_contender_had() -> None:
    """A "round" of KN is one more run per contender: a plan of only a search has none."""
    assert _selection_runs(festival_plan()["selection"]) == 5
    assert _selection_runs({}) == 0
    assert _selection_runs({"rounds": [], "state": {"replications": 4}}) == 4


# moved from tests/experiment/test_plan_words.py


def test_a_shares_goal_and_indifference_say_its_unit_once() -> None:
    """The goal said "festival goods on time, % at least 90.00 %" and a share's indifference
    zone "0.50 % (festival goods on time, %)", a per cent where it is percentage points."""
    share = "on_time.by_category.festival_goods.share"
    result = {"constraints": [{"kpi": share, "sense": ">=", "bound": 0.9, "tolerance": 0.002}],
              "objectives": [{"sense": "min", "kpi": "rail_departures"}],
              "selection": {"indifference_zone": 0.005, "indifference_unit": share}}  # fmt: skip
    assert _goal_text(result, "en").startswith(
        "festival goods on time at least 90.00 % (tolerance 0.2 points)"
    )
    assert _goal_text(result, "zh").startswith("春节用品准时率至少 90.00 %")
    assert _delta_text(result, "en") == "0.5 points (festival goods on time)"
    assert _delta_text(result, "zh") == "0.5 个百分点（春节用品准时率）"
    no_zone = {**result, "selection": {"indifference_zone": None}}
    assert _delta_text(no_zone, "en") == "-"


def test_the_recommended_row_of_the_front_says_the_means_it_was_chosen_on() -> None:
    """trial17: the front's table gave the recommendation's 2 search runs, 91.84, right under
    an answer of 92.29 % and a goal of 92 %, with nothing marking the row."""
    plan = festival_plan()
    plan["candidates"][1]["search_kpis"][SHARE]["mean"] = 0.8984  # "b", recommended
    plan["tradeoff"]["points"]["b"]["y"] = 0.8984
    _, head, rows, note = sections(plan)[1]
    assert head == ["decision", "rail departures from Yiwu", "festival goods on time, %"]
    assert rows[1][0].startswith("recommended: 2025-12-01 - 2026-01-31: Liege (L04)")
    # the departures are the same over all its runs: said once
    assert rows[1][1:] == ["665", "89.84 (91.20 over all its 7 runs)"]
    assert not any(r[0].startswith("recommended") for r in (rows[0], rows[2]))
    assert "The recommended row gives in brackets its means over all its 7 runs" in note
    _, _, zh_rows, zh_note = sections(plan, "zh")[1]
    assert zh_rows[1][0].startswith("推荐：") and zh_rows[1][2] == "89.84（全部 7 次运行：91.20）"
    assert "推荐方案一行括号内是其全部 7 次运行的均值" in zh_note
    # a plan without a recommendation marks no row
    assert not any("recommended" in r[0] for r in sections(festival_plan(False))[1][2])


def test_no_row_of_the_front_looks_worse_than_another_on_both_axes() -> None:
    """Issue 24's trial: two rows of the front shown as 673 | 92.30 and 673 | 92.31 read as
    one decision worse on both axes, though it had fewer departures (672.6 against 673.4): the
    departures get a decimal, and the note says why that column has more than the others."""
    plan = festival_plan()
    pts = plan["tradeoff"]["points"]
    pts["a"].update(x=672.6, y=0.9230)
    pts["c"].update(x=673.4, y=0.9231)
    plan["tradeoff"]["pareto"] = ["a", "c"]
    _, _, rows, note = sections(plan)[1]
    assert [r[1:] for r in rows] == [["672.6", "92.30"], ["673.4", "92.31"]]
    assert "A column shows more decimals than the tables below" in note
    _, _, zh_rows, zh_note = sections(plan, "zh")[1]
    assert [r[1:] for r in zh_rows] == [["672.6", "92.30"], ["673.4", "92.31"]]
    assert "该列便多显示几位小数" in zh_note
    # the usual decimals where they tell the rows apart: no note
    pts["c"].update(x=675.0)
    _, _, rows, note = sections(plan)[1]
    assert [r[1:] for r in rows] == [["673", "92.30"], ["675", "92.31"]]
    assert "more decimals" not in note
