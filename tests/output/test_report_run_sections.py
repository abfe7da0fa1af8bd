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
    # (8 orders not pooled from the first day: the last order days, marked since the audit)
    assert [r[5] for r in rows] == ["100.0 % of 8 *", "100.0 % of 8 †"]
    assert (
        "beside the mean. *: the orders placed from the first order day to this one, together "
        "(too few to judge a day alone)." in title
    ), title
    zh, _, rows = _safe_section([row(True)], start, 0.9, "zh")
    assert rows[0][5].endswith(" *") and zh.endswith(
        "。*：自首个下单日至此日下单的订单合计（订单太少，无法逐日判断）。"
    )
    plain, _, _ = _safe_section([row(False)], start, 0.9)
    assert "*" not in plain


def test_a_last_safe_date_on_the_last_few_orders_of_a_line_is_marked_and_explained():
    """A day is pooled with the days after it up to 10 orders, but the last order days of a line
    have too few after them: their share is of a handful of orders, unmarked, where the docs
    said the date "can err early, not late". Live-priced default season (seed 20260217): Sea
    to Duisburg, festival goods, last safe 8 January 2026 on "100.0 % of 1" with the sea route
    over all its destinations at 36.4 % the day after; the full year at scale 0.02: the latest
    Christmas date, Tehran 6 October 2024, on one order. Such a row is marked and the title
    says why (English and Chinese); a row of 10 orders or more, or without a date, is not."""
    from datetime import date

    from sim.output.report_run_sections import _safe_section

    def row(orders, day=129, few=False):
        return {"category": "festival_goods", "deadline_day": 169, "line": "S01",
                "destination": "DUI", "day": day, "days_before_deadline": 40, "share": 1.0,
                "orders": orders, "few_orders": few, "next_day_share": None}  # fmt: skip

    start = date(2025, 9, 1)
    title, _, rows = _safe_section([row(1), row(10), row(3, day=None)], start, 0.9)
    assert [r[5] for r in rows] == ["100.0 % of 1 †", "100.0 % of 10", "100.0 % of 3"]
    assert title.endswith(
        "†: fewer than 10 orders from that day to the last order day, the share is of them "
        "alone: the date may be later than a safe one."
    ), title
    zh, _, zrows = _safe_section([row(1)], start, 0.9, "zh")
    assert zrows[0][5].endswith(" †") and zh.endswith(
        "。†：自此日至最后一个下单日的订单不足 10 单，份额仅据这些订单计算：日期可能晚于安全日期。"
    ), zh
    plain, _, _ = _safe_section([row(10)], start, 0.9)
    assert "†" not in plain


def test_the_container_section_speaks_chinese_from_the_glossary():
    from sim.output.report_run_sections import container_section

    c = {
        "westbound_trains": 10, "eastbound_trains": 4, "return_ratio": 0.4,
        "westbound_load_factor": 0.9, "eastbound_load_factor": 0.7,
        "eastbound_loaded_share": 0.7, "import_teu": 12.0, "empty_teu_returned": 5.0,
        "empty_teu_returned_by_sea": 1.0, "empty_teu_km": 1000.0, "orders_waited_for_box": 3,
        "box_wait_days_mean": 1.5, "teu_days_waited_for_box": 2.0, "leased_teu": 0,
        "lease_usd": 0.0, "repositioning_usd": 10.0, "withdrawn_teu": 0,
        "boxes_owned_teu": 100, "pools_end_teu": {"YIW": 80, "MAD": 20},
    }  # fmt: skip
    en_title, _, en_rows = container_section(c, "en")
    zh_title, zh_head, zh_rows = container_section(c, "zh")
    assert zh_head == ["", "数值"]
    assert zh_title != en_title and "集装箱" in zh_title
    for (en_label, value), (zh_label, zh_value) in zip(en_rows, zh_rows, strict=True):
        assert value == zh_value  # the figures are the same
        assert zh_label != en_label and not any(w.isalpha() and w.isascii() and len(w) > 3
                                                for w in zh_label.split())  # fmt: skip


def test_the_empty_teu_km_is_a_whole_number_as_the_costs_beside_it():
    """A season of empties moved back read "empty TEU-km 55,871,802.0", and none "0.000",
    where the costs beside it are whole dollars: whole TEU-km."""
    from sim.output.report_run_sections import container_section

    c = {
        "westbound_trains": 10, "eastbound_trains": 4, "return_ratio": 0.4,
        "westbound_load_factor": 0.9, "eastbound_load_factor": 0.7,
        "eastbound_loaded_share": 0.7, "import_teu": 12.0, "empty_teu_returned": 5.0,
        "empty_teu_km": 55_871_802.0, "orders_waited_for_box": 3,
        "box_wait_days_mean": 1.5, "teu_days_waited_for_box": 2.0, "leased_teu": 0,
        "lease_usd": 0.0, "withdrawn_teu": 0, "boxes_owned_teu": 100, "pools_end_teu": {},
    }  # fmt: skip
    for lang in ("en", "zh"):
        _, _, rows = container_section(c, lang)
        assert rows[6][1] == "55,871,802", rows[6]
    _, _, rows = container_section({**c, "empty_teu_km": 0.0})
    assert rows[6] == ["empty TEU-km", "0"]
