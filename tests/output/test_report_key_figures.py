"""sim.output.report_key_figures: the key figures' rows of a run's report."""

from __future__ import annotations

import pytest

from sim.output import report


def _moving(trains: int, orders: int, held: int = 0) -> dict:
    return {"trains": trains, "teu": 2.5, "goods_teu": 2.0, "orders": orders, "held": held,
            "queued": 0, "under_way": trains - held,
            "by_line": {"L01": {"trains": trains, "teu": 2.5, "goods_teu": 2.0,
                                "orders": orders}}}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_key_figures_count_the_trains_under_way_at_the_end_only_when_there_are_some(
    run_folder, lang
):
    """``in_service_at_end`` (Yiwu trains that left and had not arrived): a key figure beside
    the trains held or queued, in both languages, each count in the singular for one, and no
    row at all when every train arrived."""
    import json

    s = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))
    label = "Yiwu trains under way at the end (left, not arrived)" if lang == "en" else (
        "期末在途的义乌班列（已发出、未到达）")  # fmt: skip
    s.pop("in_service_at_end", None)
    assert label not in dict(report._kpi_rows(s, lang)[0])
    rows = dict(report._kpi_rows({**s, "in_service_at_end": _moving(1, 1)}, lang)[0])
    two = dict(report._kpi_rows({**s, "in_service_at_end": _moving(2, 5, 1)}, lang)[0])
    if lang == "en":
        assert rows[label] == ("1 train, 2.500 TEU, 1 order aboard (by line: L01 1); the trains "
                               "table's departures = arrivals + these")  # fmt: skip
        assert two[label] == ("2 trains, 2.500 TEU, 5 orders aboard (by line: L01 2); the trains "
                              "table's departures = arrivals + these; 1 of them held or queued "
                              "at a crossing (above)")  # fmt: skip
    else:
        assert rows[label].startswith("1 列，2.500 TEU，载 1 单（按线路：L01 1）；")
        assert two[label].endswith("；其中 1 列在口岸滞留或排队（见上）")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_what_live_prices_added_to_the_freight_is_a_key_figure_and_in_the_summary(lang):
    """With live prices the freight cost held the congestion surcharges and Cape rates, but no
    figure said how much: a planner could not read what a closure or a diversion cost in
    prices. ``summary.json``'s ``emissions_cost.disruption_usd_total`` is the orders' charges
    above the base rates (the shipped orders' ``disruption_usd``), a key figure under the
    freight cost when there is some, and not with fixed prices."""
    import numpy as np

    from sim.model import Model
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    teaching = ROOT / "scenarios" / "teaching_small.yaml"
    live = Model(load_scenario(teaching, ["days=60", "logistics.pricing.rule=live",
                                          "buyers.visits_per_day=2600"])).run()  # fmt: skip
    o, s = live.tables["orders"], live.summary
    shipped = (o["placed_h"] >= s["statistics_from_day"] * 24.0) & ~np.isnan(o["departed_h"])
    above = s["emissions_cost"]["disruption_usd_total"]
    assert above > 0
    assert above == pytest.approx(float(o["disruption_usd"][shipped].sum()), abs=0.1)
    label = "freight above the base rates, USD m" if lang == "en" else (
        "运费中超出基准运价部分（百万美元）")  # fmt: skip
    rows, keys = report._kpi_rows(s, lang)
    at = keys.index("emissions_cost.disruption_usd_total")
    from sim.output.report_parts import usd_m_decimals

    nd = usd_m_decimals([{"mean": above}])  # a small charge to the digits it needs
    assert rows[at] == (label, f"{above / 1e6:,.{nd}f}") and float(rows[at][1]) > 0
    assert keys[at - 1] == "emissions_cost.cost_usd_total"  # just under the freight cost
    fixed = Model(load_scenario(teaching, ["days=60"])).run().summary
    assert fixed["emissions_cost"]["disruption_usd_total"] == 0.0
    assert "emissions_cost.disruption_usd_total" not in report._kpi_rows(fixed, lang)[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hours_held_or_queued_at_the_end_are_shown_as_summary_json_gives_them(run_folder, lang):
    """``held_at_end`` and ``queued_at_end`` give the hours waited to a tenth of an hour; the
    report's key figures showed them to a thousandth ("waited 1.100 h so far on average,
    longest 1.700 h", the live-priced default season), a precision the figures do not have,
    where the printed summary said "1.1 h" and "1.7 h"."""
    import json

    s = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))
    s.pop("held_at_end", None)
    queued = {"trains": 2, "yiwu_trains": 1, "waited_h_mean": 1.1, "waited_h_max": 1.7,
              "departure_ids": [7, -1], "arrive_h": [10.0, 11.0]}  # fmt: skip
    held = {**queued, "waited_h_mean": 481.0, "waited_h_max": 1234.5, "reopens_h": None}
    rows = report._kpi_rows({**s, "queued_at_end": {"DST": queued}, "held_at_end": {"MAL": held}},
                            lang)[0]  # fmt: skip
    text = " ".join(v for _, v in rows)
    if lang == "en":
        assert "waited 1.1 h so far on average, longest 1.7 h" in text, text
        assert "waited 481.0 h so far on average, longest 1,234.5 h" in text, text
    else:
        assert "平均已等 1.1 小时，最长 1.7 小时" in text, text
        assert "平均已等 481.0 小时，最长 1,234.5 小时" in text, text
    assert "1.100" not in text and "1.700" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_shares_label_does_not_say_percent_beside_a_value_that_does(run_folder, lang):
    """The Chinese key figures read "缺货订单比例（%） | 0.3 %" (the unit twice) where the English
    read "backordered | 0.3 %": a share's value carries its "%", so its label does not."""
    import json

    s = json.loads((run_folder / "summary.json").read_text(encoding="utf-8"))
    rows = report._kpi_rows(s, lang)[0]
    shares = [(k, v) for k, v in rows if v.endswith(" %")]
    assert shares, rows
    for label, value in shares:
        assert "%" not in label, (label, value)
    assert dict(rows)["backordered" if lang == "en" else "缺货订单比例"].endswith(" %")
