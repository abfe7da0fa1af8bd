"""sim.output.report_run_sections: the sections of a run's report (last safe dates, late
orders, disruptions, containers)."""

from __future__ import annotations


def test_a_pooled_last_safe_date_is_marked_and_explained_once_under_the_title():
    """A row judged on the orders since the first order day carried a 90-character sentence in
    its "in time that day" cell: the column grew as wide as the page and every row of the
    default season's table (90 of them) took two lines. The cell has a mark now, and the title
    says once what it means (English and Chinese); a table without such a row has neither."""
    from datetime import date

    from sim.output.report_run_sections import _safe_section

    def row(few):
        return {"category": "festival_goods", "deadline_day": 100, "line": "L07",
                "destination": "BEG", "day": 40, "days_before_deadline": 60, "share": 1.0,
                "orders": 8, "few_orders": few, "next_day_share": None}  # fmt: skip

    start = date(2025, 9, 1)
    title, _, rows = _safe_section([row(True), row(False)], start, 0.9)
    assert [r[5] for r in rows] == ["100.0 % of 8 *", "100.0 % of 8"]
    assert title.endswith(
        "beside the mean. *: the orders placed from the first order day to this one, together "
        "(too few to judge a day alone)."
    ), title
    zh, _, rows = _safe_section([row(True)], start, 0.9, "zh")
    assert rows[0][5].endswith(" *") and zh.endswith(
        "。*：自首个下单日至此日下单的订单合计（订单太少，无法逐日判断）。"
    )
    plain, _, _ = _safe_section([row(False)], start, 0.9)
    assert "*" not in plain
