"""The one glossary: every entry in both languages with the same placeholders, lookups that fall
back sensibly, KPI names with their units, and crossings named in full."""

from __future__ import annotations

import re

from sim.output.explain import worst_border
from sim.output.glossary import GLOSSARY, TERMS, crossing_name, kpi_name, kpi_scale, term


def test_every_entry_has_english_and_chinese_with_the_same_placeholders() -> None:
    for key, entry in GLOSSARY.items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"] and entry["zh"], key
        fields = {lang: set(re.findall(r"\{(\w+)\}", text)) for lang, text in entry.items()}
        assert fields["en"] == fields["zh"], key
    for k in TERMS:  # every statistical term is explained
        assert k in GLOSSARY and f"{k}_def" in GLOSSARY


def test_lookup_fills_fields_and_falls_back() -> None:
    assert term("a_week", "zh", n=3) == "每周 3 列"
    assert term("a_week", "fr", n=3) == "3 a week"  # no such language: English
    assert term("no such key") == "no such key"


def test_kpi_names_units_and_crossings() -> None:
    assert kpi_name("on_time.by_category.festival_goods.share") == "festival goods on time, %"
    assert kpi_name("on_time.by_category.festival_goods.share", "zh") == "春节用品 准时率（%）"
    assert kpi_name("borders.MAL.wait_h_mean") == "mean wait at Malaszewicze (MAL), h"
    assert kpi_name("something.else") == "something.else"
    assert kpi_scale("on_time.share") == 100 and kpi_scale("emissions_cost.co2e_kg_total") == 0.001
    assert crossing_name("ICB").endswith("(ICB)") and crossing_name("XXX") == "XXX"


def test_one_worst_border_the_longest_mean_wait() -> None:
    borders = {
        "MAL": {"wait_h_mean": 5.0, "wait_h_p95": 20.0},
        "ICB": {"wait_h_mean": 7.8, "wait_h_p95": 10.0},  # shorter p95, longer mean
    }
    assert worst_border(borders) == "ICB"
    assert worst_border({}) is None
    # no train waited anywhere: no crossing is named (not the last code of a tie of zeros)
    idle = {b: {"wait_h_mean": 0.0, "wait_h_p95": 0.0} for b in ("AKS", "MAL", "ZBK")}
    assert worst_border(idle) is None
    assert worst_border({**idle, "BRE": {"wait_h_mean": 0.0, "wait_h_p95": 0.5}}) == "BRE"


def test_a_category_the_glossary_does_not_know_keeps_its_own_name_in_every_language():
    from sim.output.glossary import category_name

    assert category_name("festival_goods", "en") == "festival goods"
    assert category_name("festival_goods", "zh") == "春节用品"
    for lang in ("en", "zh"):
        assert category_name("goods", lang) == "goods"  # not the key "cat:goods"


def test_a_plans_objective_says_fewest_of_a_count_and_lowest_of_a_quantity():
    """A plan minimising freight cost said "fewest freight cost": "fewest" fits counts."""
    from sim.output.glossary import objective_words

    assert objective_words("min", "lines.L01.departures").startswith("fewest ")
    assert objective_words("max", "orders.delivered").startswith("most ")
    cost = objective_words("min", "emissions_cost.cost_usd_total")
    assert cost.startswith("lowest ") and "fewest" not in cost
    assert objective_words("max", "on_time.share").startswith("highest ")
    assert objective_words("min", "emissions_cost.cost_usd_total", "zh").endswith("最低")
    assert objective_words("min", "dispatch.trains_added", "zh").endswith("最少")


def test_the_counts_of_a_summary_are_counts_and_its_quantities_are_not():
    """The plan's own count, ``rail_departures`` (the objective of ``min:rail_departures``),
    read "lowest rail departures from Yiwu"; the sea carriers' sailings blanked and added, the
    box pools' trains and waiting orders and the trains held at a closed crossing likewise."""
    from sim.output.glossary import is_count, objective_words

    assert objective_words("min", "rail_departures") == "fewest rail departures from Yiwu"
    counts = ["rail_departures", "sailings.added", "sailings.blanked_festival",
              "sailings.blanked_min_fill", "sailings.enlarged", "sailings.extra_slots",
              "sailings.by_line.S01.added", "containers.eastbound_trains",
              "containers.westbound_trains", "containers.orders_waited_for_box",
              "containers.orders_waiting_for_box_at_end", "held_at_end.BRE.trains",
              "held_at_end.BRE.yiwu_trains", "lost_sales.orders",
              "lost_sales.by_category.festival_goods", "dispatch.added_by_line.L10",
              "lead_time_days.overall.n", "borders.MAL.crossings"]  # fmt: skip
    assert [k for k in counts if not is_count(k)] == []
    quantities = ["lost_sales.teu", "containers.box_cost_usd", "containers.return_ratio",
                  "containers.pools_end_teu.YIW", "containers.teu_days_waited_for_box",
                  "production.overtime_days", "lines.L01.departures_per_week",
                  "on_time.by_category.festival_goods.late_teu", "borders.MAL.wait_h_mean",
                  "on_time.last_safe_order.festival_goods.lines.L01.MAD.day"]  # fmt: skip
    assert [k for k in quantities if is_count(k)] == []


def test_freight_cost_is_named_and_scaled_in_usd_millions():
    """Every table that names a KPI with the glossary and scales it with kpi_scale (the plan's
    report, the command line in Chinese) shows freight cost in USD m, as the reports do."""
    from sim.output.glossary import kpi_name, kpi_scale

    key = "emissions_cost.cost_usd_total"
    assert kpi_name(key) == "freight cost, USD m"
    assert kpi_name(key, "zh") == "运费（百万美元）"
    assert kpi_scale(key) == 1e-6


def test_a_count_of_one_train_is_said_in_the_singular_where_no_verb_agrees() -> None:
    row = dict(b="MAL", k=1, mean="3", longest="4", date="2026-01-19")
    assert term("cli:held_row", "en", n=1, **row).startswith("MAL: 1 train (1 from Yiwu), ")
    assert term("cli:held_row", "en", n=11, **row).startswith("MAL: 11 trains (1 from Yiwu), ")
    assert term("cli:held_row", "zh", n=1, **row).startswith("MAL：1 列")
