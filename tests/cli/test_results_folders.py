"""The commands that read results folders (sim.cli.results_folders): a plan's folder whose
plan.json this version cannot read is refused naming the file, and the warm-up table names a
daily series in the reader's language."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sim.cli.results_folders import _series_name, cmd_report
from sim.errors import ResultsError


def test_a_plans_folder_whose_plan_this_version_cannot_read_is_refused_naming_it(
    tmp_path: Path,
) -> None:
    """``report`` of a folder with a plan.json is the plan's page; a plan.json edited by hand
    (no scenario) is a results error naming the file and what is missing, and nothing is
    written."""
    plan = tmp_path / "plan.json"
    plan.write_text('{"version": 1}', encoding="utf-8")
    with pytest.raises(ResultsError) as info:
        cmd_report(argparse.Namespace(folder=str(tmp_path), lang="en"))
    assert str(info.value) == (
        f"{plan}: not a plan this version can read (the key 'scenario' is missing)"
    )
    assert list(tmp_path.iterdir()) == [plan]
    # what it lacks in words, in the reader's language too (it was Python's KeyError('scenario'))
    from sim.cli.printing import _error_text

    assert _error_text(info.value, "zh").endswith("不是此版本能读取的计划（缺少键 'scenario'）")


@pytest.mark.parametrize("text", ["[1]", '"a plan"', "null", "not json"])
def test_a_plan_json_that_is_not_an_object_is_refused_in_one_line(
    tmp_path: Path, text: str
) -> None:
    """A plan.json holding a list (or any JSON other than an object, or no JSON) ended in a
    traceback (an assertion in the plan page's writer): it is refused naming the file, and
    nothing is written."""
    plan = tmp_path / "plan.json"
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(ResultsError, match=r"plan\.json: not a plan this version can read"):
        cmd_report(argparse.Namespace(folder=str(tmp_path), lang="en"))
    assert list(tmp_path.iterdir()) == [plan]


@pytest.mark.parametrize(
    ("series", "zh"),
    [("queue_MAL", "queue_MAL（马拉舍维奇排队列车）"),
     ("teu_waiting_yiwu", "teu_waiting_yiwu（义乌待发 TEU）"),
     ("queue_XYZ", "queue_XYZ"),  # no such place: the column alone
     ("orders_placed", "orders_placed")],
)  # fmt: skip
def test_a_daily_series_is_its_column_and_in_chinese_what_it_counts(series: str, zh: str) -> None:
    """The column is what ``--series`` takes, so it stays; Chinese adds what it counts."""
    assert _series_name(series, "en") == series
    assert _series_name(series, "zh") == zh
