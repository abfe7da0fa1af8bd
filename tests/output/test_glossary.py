"""The one glossary: every entry in both languages with the same placeholders, lookups that fall
back sensibly, KPI names with their units, and crossings named in full."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from sim.output.glossary import (
    GLOSSARY,
    PLURAL_KEYS,
    TERMS,
    crossing_name,
    form,
    is_one,
    kpi_name,
    kpi_scale,
    term,
)


def test_every_entry_has_english_and_chinese_with_the_same_placeholders() -> None:
    for key, entry in GLOSSARY.items():
        assert set(entry) - set(PLURAL_KEYS) == {"en", "zh"}, key
        assert entry["en"] and entry["zh"], key
        fields = {lang: set(re.findall(r"\{(\w+)\}", entry[lang])) for lang in ("en", "zh")}
        assert fields["en"] == fields["zh"], key
        # a form for one goes with the field that counts, and says no field the others lack
        assert ("en_one" in entry) == ("count" in entry), key
        if "en_one" in entry:
            assert set(re.findall(r"\{(\w+)\}", entry["en_one"])) <= fields["en"], key
    for k in TERMS:  # every statistical term is explained
        assert k in GLOSSARY and f"{k}_def" in GLOSSARY


def test_lookup_fills_fields_and_falls_back() -> None:
    assert term("a_week", "zh", n=3) == "每周 3 列"
    assert term("a_week", "fr", n=3) == "3 a week"  # no such language: English
    assert term("no such key") == "no such key"


def test_kpi_names_units_and_crossings() -> None:
    assert kpi_name("on_time.by_category.festival_goods.share") == "festival goods on time, %"
    assert kpi_name("on_time.by_category.festival_goods.share", "zh") == "春节用品准时率（%）"
    assert kpi_name("borders.MAL.wait_h_mean") == "mean wait at Malaszewicze (MAL), h"
    assert kpi_name("something.else") == "something.else"
    assert kpi_scale("on_time.share") == 100 and kpi_scale("emissions_cost.co2e_kg_total") == 0.001
    assert crossing_name("XXX") == "XXX"


def test_a_crossing_whose_name_has_brackets_takes_its_code_inside_them() -> None:
    # "Incheh Burun (TM-IR border) (ICB)" read as two asides (a new user's trial)
    assert crossing_name("ICB") == "Incheh Burun (TM-IR border, ICB)"
    assert crossing_name("HRG") == "Khorgos (Horgos, HRG)"
    assert crossing_name("MAL") == "Malaszewicze (MAL)"
    assert crossing_name("HRG", "zh") == "霍尔果斯（HRG）"
    zh = crossing_name("ICB", "zh")
    assert zh.endswith("，ICB）") and zh.count("（") == 1


def test_a_category_the_glossary_does_not_know_keeps_its_own_name_in_every_language() -> None:
    from sim.output.glossary import category_name

    assert category_name("festival_goods", "en") == "festival goods"
    assert category_name("festival_goods", "zh") == "春节用品"
    for lang in ("en", "zh"):
        assert category_name("goods", lang) == "goods"  # not the key "cat:goods"


def test_every_category_of_the_shipped_scenarios_has_a_name_in_both_languages() -> None:
    """The teaching world's (and the tutorial's) ``everyday_goods`` was the one category of a
    shipped scenario the glossary did not know: a Chinese report of the students' first run
    showed it as ``everyday_goods`` beside 春节用品."""
    from sim.output.glossary import GLOSSARY, category_name
    from sim.scenario import read_scenario_file
    from tests.conftest import ROOT

    names = {
        c["name"]
        for f in sorted((ROOT / "scenarios").glob("*.yaml"))
        for c in read_scenario_file(f)["market"]["categories"]
    }
    assert "everyday_goods" in names
    for name in sorted(names):
        assert f"cat:{name}" in GLOSSARY, name
        assert category_name(name, "zh") != name
        assert not re.search(r"[A-Za-z]", category_name(name, "zh")), name


def test_a_plans_objective_says_fewest_of_a_count_and_lowest_of_a_quantity() -> None:
    """A plan minimising freight cost said "fewest freight cost": "fewest" fits counts."""
    from sim.output.glossary import objective_words

    assert objective_words("min", "lines.L01.departures").startswith("fewest ")
    assert objective_words("max", "orders.delivered").startswith("most ")
    cost = objective_words("min", "emissions_cost.cost_usd_total")
    assert cost.startswith("lowest ") and "fewest" not in cost
    assert objective_words("max", "on_time.share").startswith("highest ")
    assert objective_words("min", "emissions_cost.cost_usd_total", "zh").endswith("最低")
    assert objective_words("min", "dispatch.trains_added", "zh").endswith("最少")


def test_the_counts_of_a_summary_are_counts_and_its_quantities_are_not() -> None:
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


def test_freight_cost_is_named_and_scaled_in_usd_millions() -> None:
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


def test_a_count_of_one_chooses_the_entrys_singular_form_verb_included() -> None:
    """As gettext's ngettext: the entry's ``count`` field chooses ``en_one`` for one, the
    plural otherwise; Chinese has one form for every count."""
    e = dict(over="over 1 replication", nodes="Malaszewicze (MAL)", d="2.5")
    one = term("why_held_at_end", "en", n=1, **e)
    assert one.startswith("1 Yiwu train (over 1 replication) reached Malaszewicze (MAL) and was ")
    assert "(it finished no crossing" in one and "trains" not in one and " were " not in one
    two = term("why_held_at_end", "en", n=2, **e)
    assert two.startswith("2 Yiwu trains (over 1 replication) reached") and " were still " in two
    assert term("why_held_at_end", "zh", n=1, **e).startswith("1 列义乌班列")
    assert term("why_held_at_end", "zh", n=2, **e).startswith("2 列义乌班列")
    assert term("why_held_at_end", "fr", n=1, **e) == one  # no such language: English's form
    q = dict(over="over 2 replications", nodes="MAL", d="1.0")
    assert " was still waiting there " in term("why_queued_at_end", "en", n=1, **q)
    assert " were still waiting there " in term("why_queued_at_end", "en", n=2, **q)
    held = dict(nodes="MAL", lo="1 Dec", hi="5 Dec", over="over 1 replication", a="1.0", b="3.0")
    assert "1 Yiwu train (over" in term("why_held", "en", trains=1, **held)
    assert "2 Yiwu trains (over" in term("why_held", "en", trains=2, **held)
    w = dict(over="over 1 replication", nodes="MAL", lo="1 Dec", hi="5 Dec", km="120")
    assert term("why_detoured", "en", n=1, **w).startswith("1 Yiwu train (over 1 replication) ")
    assert "; it did not wait there" in term("why_not_held", "en", n=1, **w)
    assert "; none waited there" in term("why_not_held", "en", n=3, **w)
    one, two = term("why_already_late", "en", n=1), term("why_already_late", "en", n=2)
    assert one.startswith("Besides, 1 order was already past its ")
    assert two.startswith("Besides, 2 orders were already past their")
    assert term("why_rest_margin", "en", m="2.0", others=1).startswith("The other arrived")
    assert term("why_rest_margin", "en", m="2.0", others=4).startswith("The others arrived")
    assert term("why_margin", "en", n=1, m="2.0").startswith("The 1 order with a deadline on ")
    assert term("warn_open", "en", n="1", teu="2.0", id="MAL").startswith("1 order (2.0 TEU)")
    assert " was still under way " in term("warn_open", "en", n="1", teu="2.0", id="MAL")
    assert " were still under way " in term("warn_open", "en", n="12", teu="2", id="MAL")
    assert term("cli:lost_row", "en", n="1", teu="0.5") == "1 order, 0.5 TEU"
    assert term("cli:lost_row", "en", n="1,001", teu="9") == "1,001 orders, 9 TEU"
    assert term("cli:invalid_nosource", "en", n=1) == "invalid scenario: 1 problem"
    assert term("cli:invalid_nosource", "en", n=3) == "invalid scenario: 3 problems"
    assert term("why:undecided", "en", more=1) == "undecided: about 1 more run would settle it"
    sel = dict(pcs="0.95", delta="1", n0=10, r=4)
    assert "; 1 selection of contenders, up to 4" in term("selection_line", "en", rounds=1, **sel)
    assert "; 2 selections of contenders" in term("selection_line", "en", rounds=2, **sel)
    assert term("search_tpe", "en", k=40, n=1).endswith("over 40 decisions, 1 run each")
    assert term("count:replications", "en", n=1) == "1 replication"
    assert term("count:replications", "en", n=2) == "2 replications"
    assert term("count:sweep_points", "en", n=1) == "1 point"
    assert term("count:inputs", "en", n=1) == "1 input"
    assert term("count:runs", "zh", n=1) == "1 次运行"
    assert term("cli:warn_duplicates", "en", n=1, what="w", run="r", same="s", more="").startswith(
        "1 run repeats the scenario"
    )


def test_what_reads_as_one() -> None:
    assert is_one(1) and is_one("1") and is_one(1.0) and is_one(" 1")
    assert is_one(np.int64(1)) and is_one(np.float64(1.0)) and not is_one(np.int64(2))
    assert not any(is_one(v) for v in (0, 2, "1.0", "1,000", "01", "11", True, None, "+1"))
    entry = {"en": "{n} trains", "en_one": "{n} train", "count": "n", "zh": "{n} 列"}
    assert form(entry, "en", {"n": 1}) == "{n} train" and form(entry, "en", {}) == "{n} trains"
    assert form(entry, "zh", {"n": 1}) == "{n} 列" and form(entry, "de", {"n": 1}) == "{n} train"


def test_a_problem_that_counts_one_more_says_it_in_the_singular() -> None:
    from sim.problems import problem

    assert problem("scn:more_problems", n="1", kinds="x: 1") == "... and 1 more problem (x: 1)"
    assert problem("scn:more_problems", n="2", kinds="x: 2") == "... and 2 more problems (x: 2)"
    assert term("scn:more_problems", "en", n="1", kinds="k") == "... and 1 more problem (k)"
    assert term("scn:more_problems", "zh", n="1", kinds="k") == "……另有 1 个问题（k）"


def test_an_english_message_in_its_form_for_one_is_read_back_into_chinese() -> None:
    """The command line says an English message again in Chinese by reading its fields back
    from the template; a message in the form for one ("in 1 run") is read back as well."""
    from sim.output.saying import in_lang

    one = in_lang("festival_goods.share: no value in 1 run, not analysed", "zh")
    assert one == "festival_goods.share：1 次运行没有数值，未作分析"
    two = in_lang("festival_goods.share: no value in 2 runs, not analysed", "zh")
    assert two == "festival_goods.share：2 次运行没有数值，未作分析"
    assert in_lang("... and 1 more problem (unknown key: 1)", "zh").startswith("……另有 1 个问题")


TWO_COUNTS = [  # key, fields, English, Chinese (the same for every count)
    ("search_exhaustive", dict(k=1, n=3), "Search: every one of 1 decision, 3 runs each",
     "搜索：全部 1 个方案，每个运行 3 次"),
    ("search_exhaustive", dict(k=2, n=1), "Search: every one of 2 decisions, 1 run each",
     "搜索：全部 2 个方案，每个运行 1 次"),
    ("search_tpe", dict(k=1, n=1), "Search: TPE search (Optuna) over 1 decision, 1 run each",
     "搜索：TPE 搜索（Optuna），共 1 个方案，每个运行 1 次"),
    ("search_tpe", dict(k=40, n=2), "Search: TPE search (Optuna) over 40 decisions, 2 runs each",
     "搜索：TPE 搜索（Optuna），共 40 个方案，每个运行 2 次"),
    ("cons_why_without", dict(k=1, n=10), "1 of 10 seasons has no safe day",
     "10 季中有 1 季没有安全下单日"),
    ("cons_why_without", dict(k=3, n=10), "3 of 10 seasons have no safe day",
     "10 季中有 3 季没有安全下单日"),
    ("err:no_value", dict(kpi="x", k=1, n=1, decision="d"), "x has no value in 1 of 1 run of d:",
     "x 在方案 d 的 1 次运行中有 1 次没有数值："),
    ("err:no_value", dict(kpi="x", k=1, n=3, decision="d"), "x has no value in 1 of 3 runs of d:",
     "x 在方案 d 的 3 次运行中有 1 次没有数值："),
    ("err:plan_budget", dict(budget=3, screen=3, first=1),
     "--budget 3 is too small: one candidate needs 3 search and 1 selection run",
     "--budget 3 太小：一个候选方案需要 3 次搜索运行和 1 次筛选运行"),
    ("err:plan_budget", dict(budget=3, screen=1, first=5),
     "--budget 3 is too small: one candidate needs 1 search and 5 selection runs",
     "--budget 3 太小：一个候选方案需要 1 次搜索运行和 5 次筛选运行"),
    ("runs_of_budget_resumed", dict(runs=1, budget=9, wall=0.1, computed=0, kept=1),
     "1 simulation run of a budget of 9: 0 run now in 0.1 s, 1 kept from",
     "共 1 次模拟运行（预算 9 次）：本次运行 0 次，用时 0.1 秒；1 次沿用"),
    ("runs_of_budget_resumed", dict(runs=5, budget=9, wall=0.1, computed=4, kept=1),
     "5 simulation runs of a budget of 9: 4 run now in 0.1 s, 1 kept from",
     "共 5 次模拟运行（预算 9 次）：本次运行 4 次，用时 0.1 秒；1 次沿用"),
    ("tradeoff_note_settled", dict(n=1, m=4), "Each dot a decision (its 1 search run, the same "
     "number", "每个点为一个方案（其 1 次搜索运行的均值，各方案运行次数相同）"),
    ("tradeoff_note_settled", dict(n=2, m=4), "Each dot a decision (means of its 2 search runs, "
     "the same number", "每个点为一个方案（其 2 次搜索运行的均值，各方案运行次数相同）"),
    ("closest_fails_part", dict(k=1, grid=6), "Its runs miss the goal at the stated "
     "confidence; 1 of the 6 decisions of the grid was evaluated", "其运行结果在所述置信水平下"
     "未达到目标；网格中 6 个方案只评估了 1 个"),
    ("closest_fails_part", dict(k=2, grid=6), "Its runs miss the goal at the stated "
     "confidence; 2 of the 6 decisions of the grid were evaluated", "其运行结果在所述置信水平下"
     "未达到目标；网格中 6 个方案只评估了 2 个"),
    ("warn_few_orders", dict(n="0.4", days=1, scale="0.01"), "the run is expected to place "
     "about 0.4 orders in its 1 day (scale 0.01)", "预计这次运行在 1 天内只下约 0.4 个订单"),
    ("warn_few_orders", dict(n="1", days=2, scale="0.01"), "the run is expected to place "
     "about 1 order in its 2 days (scale 0.01)", "预计这次运行在 2 天内只下约 1 个订单"),
    ("err:too_many_design_runs", dict(option="--samples", n=5, points="10", k=1, reps=1,
                                      runs="10", most="5"),
     "--samples 5: 10 points (1 input) x 1 replication make 10 runs, more than the 5 ",
     "--samples 5：10 个取值点（1 个输入）× 1 次重复共 10 次运行，超过"),
    ("err:too_many_design_runs", dict(option="--samples", n=5, points="12", k=2, reps=3,
                                      runs="12", most="5"),
     "--samples 5: 12 points (2 inputs) x 3 replications make 12 runs, more than the 5 ",
     "--samples 5：12 个取值点（2 个输入）× 3 次重复共 12 次运行，超过"),
]  # fmt: skip
"""Messages with two or more counts, any of which may be one: each count agrees with its own
number in English ("every one of 1 decision, 3 runs each"); the Chinese, which has no plural,
reads as it always did."""


@pytest.mark.parametrize(("key", "fields", "english", "chinese"), TWO_COUNTS)
def test_each_count_of_a_message_with_two_says_one_in_the_singular(
    key: str, fields: dict[str, Any], english: str, chinese: str
) -> None:
    assert term(key, "en", **fields).startswith(english)
    assert term(key, "zh", **fields).startswith(chinese)


def test_a_message_said_again_in_chinese_says_its_counts_from_their_numbers() -> None:
    """A library error keeps its counts as numbers (:func:`sim.output.saying.said`): English
    and Chinese each say them in their own words."""
    from sim.output.saying import in_lang, said

    f = dict(option="--samples", n=5, points="10", k=1, reps=1, runs="10", most="5")
    message = said("err:too_many_design_runs", **f)
    assert message.startswith("--samples 5: 10 points (1 input) x 1 replication make 10 runs")
    assert message.fields["k"] == 1  # (the number, not the words)
    assert in_lang(message, "zh").startswith("--samples 5：10 个取值点（1 个输入）× 1 次重复共")


def test_other_counts_name_count_entries_and_leave_words_as_they_are() -> None:
    """Every ``counts`` of an entry names a ``count:`` entry that says its number; a value
    already in words (a message read back from its English) is not counted again."""
    for key, entry in GLOSSARY.items():
        for pair in entry.get("counts", "").split():
            field, _, what = pair.partition("=")
            assert f"{{{field}}}" in entry["en"] and f"{{{field}}}" in entry["zh"], key
            assert GLOSSARY[f"count:{what}"]["count"] == "n", key
    assert term("search_tpe", "en", k="7 decisions", n=2).endswith("over 7 decisions, 2 runs each")
    assert term("search_tpe", "en", k="1,204", n=2).endswith("over 1,204 decisions, 2 runs each")


def test_what_a_disruption_did_puts_no_space_between_chinese_words():
    """trial18: ``yiwu-sim run scenarios/hindcast_2025_closure.yaml --lang zh`` said
    "布列斯特（BRE）、马拉舍维奇（MAL） 在 2025年9月12日 至 2025年9月24日 受到干扰": spaces
    between Chinese words ("日 至", "） 在") where the sentence has none; a number keeps its
    space from the words round it."""
    import re

    from sim.output.glossary import term

    fields = {"nodes": "布列斯特（BRE）、马拉舍维奇（MAL）", "lo": "2025年9月12日",
              "hi": "2025年9月24日", "n": 3, "trains": 6, "over": "3 次重复合计", "km": "400",
              "a": "5.4", "b": "10.2", "d": "2.8"}  # fmt: skip
    keys = ("why_no_tables", "why_detoured", "why_no_trains", "why_not_held", "why_held_at_end",
            "why_queued_at_end", "why_held")  # fmt: skip
    for key in keys:
        said = term(key, "zh", **fields)
        assert not re.search(r"[\u4e00-\u9fff）] [\u4e00-\u9fff（]", said), (key, said)
    said = term("why_held", "zh", **fields)
    assert said.startswith(
        "布列斯特（BRE）、马拉舍维奇（MAL）在 2025年9月12日至2025年9月24日受到干扰：6 列"
    )
