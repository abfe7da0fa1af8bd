"""The plan's page (:mod:`sim.output.plan_report`): ``plan.md`` and a self-contained
``plan.html`` written from ``plan.json`` alone, every value escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.output.plan_report import _whole_options, html_page, markdown, write_plan_report
from sim.output.plan_sections import sections
from tests.output.plan_results import festival_plan


def test_the_markdown_has_every_sections_heading_paragraph_and_table() -> None:
    plan = festival_plan()
    md = markdown(plan)
    assert md.startswith("# Plan: plan-festival-2026\n\n## Recommended decision\n\n")
    for title, head, _, text in sections(plan):
        assert f"## {title}\n\n{text}" in md if text else f"## {title}" in md
        if head:
            assert "| " + " | ".join(head) + " |" in md
    assert "| KPI | mean [95 %] |\n|---|---|\n| rail departures from Yiwu | 665 |" in md
    assert markdown(plan, "zh").startswith("# 计划：plan-festival-2026")


def test_a_pipe_in_a_cell_does_not_split_the_markdown_table() -> None:
    plan = festival_plan()
    for c in plan["candidates"]:
        c["words"][0]["target"] = "Liege | Antwerp (L04)"
    assert "Liege \\| Antwerp (L04)" in markdown(plan)


def test_the_html_page_is_self_contained_escaped_and_draws_the_chart_under_its_heading() -> None:
    plan = {**festival_plan(), "scenario": "<script>alert(1)</script>"}
    page = html_page(plan)
    assert page.startswith('<!doctype html><html lang="en">') and page.endswith("</html>\n")
    assert "<script>" not in page and "&lt;script&gt;" in page
    chart = page.index("<h2>Trade-off: ")
    assert chart < page.index("<svg") < page.index("<h2>Goal and method</h2>")
    assert page.count("<svg") == 1 and "<link" not in page  # nothing to fetch
    assert html_page(plan, "zh").startswith('<!doctype html><html lang="zh-CN">')


def test_a_plan_without_a_trade_off_has_no_chart() -> None:
    plan = festival_plan()
    plan["tradeoff"] = {"points": {}}
    assert "<svg" not in html_page(plan)


def test_the_page_is_written_from_plan_json_into_the_plans_folder(tmp_path: Path) -> None:
    plan = festival_plan()
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    written = write_plan_report(path, tmp_path, lang="zh")
    assert written == [tmp_path / "plan.md", tmp_path / "plan.html"]
    assert written[0].read_text(encoding="utf-8") == markdown(plan, "zh")
    assert written[1].read_text(encoding="utf-8") == html_page(plan, "zh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.html", "plan.json", "plan.md"]


def test_the_commands_options_are_not_broken_across_lines() -> None:
    """The answer's command broke after "--" at a line's end, "set" on the next line."""
    page = html_page(festival_plan())
    assert '<span class="opt">--set</span> logistics.mode_choice.rule=live' in page
    assert '<span class="opt">--replications</span> 10' in page
    assert ".opt{white-space:nowrap}" in page
    assert (
        _whole_options("a-b --x 2 yiwu-sim x--y")
        == 'a-b <span class="opt">--x</span> 2 yiwu-sim x--y'
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_numbers_are_set_right_and_prose_left_as_in_the_run_and_comparison_reports(lang) -> None:
    """plan.html set every column left ("text-align:left"), its figures, intervals and run
    counts out of line with the run and comparison reports, which set numbers right. The plan
    page takes their rule: the first column and prose (a cell wider than 40 columns: a long
    decision, a reason, the glossary) from the left, and words (a role, a short reason) too;
    the numbers from the right."""
    import re

    page = html_page(festival_plan(), lang)
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right" in style, style
    assert "td:first-child,th:first-child,.prose{text-align:left}" in style, style
    cells = re.findall(r"<td( class='prose')?>([^<]*)</td>", page)
    numbers = [c for prose, c in cells if re.fullmatch(r"[\d.,]+( \[[\d., ]+\])?", c)]
    assert {"663", "91.20 [90.80, 91.60]", "7"} <= set(numbers), numbers
    assert all(not prose for prose, c in cells if c in numbers)
    why = (
        "the cheapest decision known to meet the goal" if lang == "en" else "已知满足目标的最省方案"
    )
    role = "recommended" if lang == "en" else "推荐"  # words: from the left, however short
    assert (" class='prose'", why) in cells and (" class='prose'", role) in cells, cells
