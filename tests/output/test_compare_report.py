"""The comparison report explains itself: a column per scenario in every table, the last safe
dates and late orders per scenario, and a "why" computed from the runs' tables — for a border
closure that changes no deadline KPI, the trains it held and the margin by which their goods
still made the deadline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sim.experiment.runs import compare
from sim.output.report import build_report
from sim.world.inputs import load_scenario
from tests.conftest import ROOT, write_closed_teaching

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"


@pytest.fixture(scope="module")
def closure(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The teaching world, and the same with Malaszewicze and Brest closed 6-18 January."""
    tmp = tmp_path_factory.mktemp("closure")
    closed = write_closed_teaching(tmp)
    comp = compare(
        [load_scenario(TEACHING), load_scenario(closed)], 2, out=tmp, jobs=1, progress=False
    )
    return comp.folder


def _md_table(md: str, heading: str) -> list[list[str]]:
    part = md.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return [
        [c.strip() for c in line.strip("|").split("|")]
        for line in part.splitlines()
        if line.startswith("|") and not line.startswith("|---")
    ]


def test_why_of_an_unchanged_kpi_names_the_trains_held_and_the_margin(closure: Path) -> None:
    comp = json.loads((closure / "comparison.json").read_text(encoding="utf-8"))
    diff = comp["paired_differences"]["teaching-closed"]["on_time.by_category.festival_goods.share"]
    assert diff["mean"] == 0 and not diff["distinguishable"]  # the closure changed nothing here
    build_report(closure)
    md = (closure / "report.md").read_text(encoding="utf-8")
    heading = next(h for h in re.findall(r"^## (.+)$", md, re.M) if h.startswith("Why"))
    rows = _md_table(md, heading)
    festival = [r for r in rows if r[1].startswith("festival goods on time")]
    assert festival, rows
    why = festival[0][2]
    assert "Unchanged although a disruption was applied" in why
    assert "Malaszewicze (MAL)" in why and "Brest (BRE)" in why
    held = re.search(r"(\d+) Yiwu trains .* waited ([\d.]+) to ([\d.]+) days", why)
    assert held and int(held.group(1)) > 0 and float(held.group(3)) > 1.0, why
    margin = re.search(r"the closest ([\d.]+) days before its deadline", why)
    assert margin and float(margin.group(1)) > 0, why


def test_every_table_has_a_column_per_scenario(closure: Path) -> None:
    build_report(closure)
    md = (closure / "report.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", md, re.M)
    for start in ("Key figures", "Last safe order date per scenario", "Late orders per scenario"):
        h = next(x for x in headings if x.startswith(start))
        head = _md_table(md, h)[0]
        assert "teaching-small" in head and "teaching-closed" in head, (h, head)
        assert not any("|" in c for c in head)
    kpis = _md_table(md, next(x for x in headings if x.startswith("Key figures")))
    shares = [r for r in kpis if r[1].endswith(" %")]  # a share's cells carry its unit
    assert shares and all(c.endswith(" %") or c == "–" for r in shares for c in r[1:3])
    assert any(r[0] == "CO2e, tonnes" for r in kpis)
    assert "scale" in md.split("##", 1)[0]  # the scale beside the counts


def test_counts_name_every_scale_when_the_scenarios_ran_at_different_ones(closure, tmp_path):
    import shutil

    from sim.output.compare_report import comparison_page

    folder = tmp_path / closure.name
    shutil.copytree(closure, folder)
    assert not any("different scales" in w for w in comparison_page(folder, "en").warnings)
    for summary in (folder / "1-teaching-closed").glob("rep-*/summary.json"):
        s = json.loads(summary.read_text(encoding="utf-8"))
        summary.write_text(json.dumps({**s, "scale": 0.05}), encoding="utf-8")
    page = comparison_page(folder, "en")
    assert page.warnings[0].startswith(
        "the scenarios run at different scales (teaching-small 0.1, teaching-closed 0.05)"
    )
    assert "(0.1 / 0.05: counts are that fraction" in page.intro_md


def test_lost_sales_are_a_row_of_a_comparison_only_where_the_runs_have_them():
    from sim.output.report_parts import comparison_kpis

    comp = {"kpis": {"a": {"lost_sales.orders": {"mean": 5}}, "b": {}}, "paired_differences": {}}
    rows = comparison_kpis(comp)
    assert rows[3] == ("lost sales (placed elsewhere), orders", "lost_sales.orders", "n")
    assert all(k != "lost_sales.orders" for _, k, _ in comparison_kpis({"kpis": {"a": {}}}))


def test_a_fixed_timetable_adds_and_cancels_no_train_in_a_comparison_with_dispatch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import yaml

    from sim.cli import main

    data = yaml.safe_load(TEACHING.read_text(encoding="utf-8"))
    data["name"] = "teaching-demand"
    data.setdefault("logistics", {}).setdefault("dispatch", {})["rule"] = "demand"
    demand = tmp_path / "demand.yaml"
    demand.write_text(yaml.safe_dump(data), encoding="utf-8")
    comp = compare([load_scenario(TEACHING), load_scenario(demand)], 2, out=tmp_path,
                   jobs=1, progress=False)  # fmt: skip
    added = comp.sets[1].aggregate["dispatch.trains_added"]
    assert "dispatch.trains_added" not in comp.sets[0].aggregate  # the data as the runs left it
    diff = comp.differences["teaching-demand"]["dispatch.trains_added"]
    # the fixed timetable added none in each replication: the paired difference is the demand
    # scenario's own trains added
    assert diff["n"] == 2 and diff["mean"] == added["mean"]
    assert diff["half_width"] == pytest.approx(added["half_width"])
    md = build_report(comp.folder, "en").with_suffix(".md").read_text(encoding="utf-8")
    rows = _md_table(md, next(h for h in re.findall(r"^## (.*)$", md, re.M)
                              if h.startswith("Key figures")))  # fmt: skip
    row = next(r for r in rows if r[0].startswith("extra trains added"))
    assert row[1] == "0 ± 0" and row[2] != "–" and row[3] != "–"
    cancelled = next(r for r in rows if r[0].startswith("departures cancelled"))
    assert cancelled[1] == "0 ± 0"
    # the command line's table alike
    code = main(["compare", str(TEACHING), str(demand), "--replications", "2",
                 "--out", str(tmp_path / "cli"), "--no-report"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("extra trains added"))
    assert line.split()[4:7] == ["0", "±", "0"]


def test_a_safe_date_says_how_few_seasons_it_is_the_mean_of(tmp_path: Path) -> None:
    """A line's last safe date in a comparison is the mean of the seasons that have one: a cell
    says "[k of n seasons]" when some have none (a sea line's "25 Sep ± 0.0" was the mean of 2
    seasons of 10, read as a firm date), and nothing more when every season has one."""
    from sim.output.compare_report import _safe_section

    def season(day_s01: int | None) -> dict:
        lines = {"L01": {"MAD": {"day": 40}}, "S01": {"MAD": {"day": day_s01}}}
        return {"start": "2025-09-01", "statistics_from_day": 7, "on_time": {
            "safe_order_share": 0.9,
            "last_safe_order": {"festival_goods": {"deadline_date": "2026-02-17",
                                                   "lines": lines}}}}  # fmt: skip

    days = {"a": [30, None, None, 31], "b": [30, 29, 31, 30]}
    kpis: dict = {}
    for k, (name, s01) in enumerate(days.items()):
        for r, day in enumerate(s01):
            rep = tmp_path / f"{k}-{name}" / f"rep-{r:03d}"
            rep.mkdir(parents=True)
            (rep / "summary.json").write_text(json.dumps(season(day)), encoding="utf-8")
        have = [d for d in s01 if d is not None]
        key = "on_time.last_safe_order.festival_goods.lines"
        kpis[name] = {
            f"{key}.L01.MAD.day": {"mean": 40.0, "half_width": 0.0, "n": 4},
            f"{key}.S01.MAD.day": {"mean": sum(have) / len(have), "half_width": 1.0,
                                   "n": len(have)},
        }  # fmt: skip
    for lang, said in (("en", "[2 of 4 seasons]"), ("zh", "［4 季中 2 季］")):
        _, _, rows = _safe_section(tmp_path, {"kpis": kpis}, ["a", "b"], lang)
        cells = {row[1]: row[3:] for row in rows}
        assert said in cells["S01"][0], cells
        assert "seasons" not in cells["S01"][1] and "季中" not in cells["S01"][1]
        assert all("seasons" not in c and "季中" not in c for c in cells["L01"])


def test_a_safe_date_without_a_conservative_date_says_why(tmp_path: Path) -> None:
    """A comparison's cell read "15 Oct 2025 ± 31.6 (conservative –)" when its seasons gave
    no conservative date: it now says why (too many seasons without a safe day, dates spread
    too widely, too few seasons), in English and Chinese; a line with no safe day in any
    season says "none [0 of n seasons]", and the replication report words it alike."""
    from sim.output.compare_report import _safe_section
    from sim.output.report_parts import no_conservative_why

    def season(day_s01: int | None, day_l01: int | None) -> dict:
        lines = {"L01": {"MAD": {"day": day_l01}}, "S01": {"MAD": {"day": day_s01}}}
        return {"start": "2025-09-01", "statistics_from_day": 7, "on_time": {
            "safe_order_share": 0.9,
            "last_safe_order": {"festival_goods": {"deadline_date": "2026-02-17",
                                                   "lines": lines}}}}  # fmt: skip

    days = {"a": ([30, None, None, 31], [10, 120, 12, 118]), "b": ([None] * 4, [40, 41, 40, 41])}
    kpis: dict = {}
    key = "on_time.last_safe_order.festival_goods.lines"
    for k, (name, (s01, l01)) in enumerate(days.items()):
        for r, (d_s, d_l) in enumerate(zip(s01, l01, strict=True)):
            rep = tmp_path / f"{k}-{name}" / f"rep-{r:03d}"
            rep.mkdir(parents=True)
            (rep / "summary.json").write_text(json.dumps(season(d_s, d_l)), encoding="utf-8")
        have = [d for d in s01 if d is not None]
        kpis[name] = {
            f"{key}.L01.MAD.day": {"mean": sum(l01) / 4, "half_width": 1.0, "n": 4},
            f"{key}.S01.MAD.day": {"mean": sum(have) / len(have) if have else None,
                                   "half_width": 1.0 if have else None, "n": len(have)},
        }  # fmt: skip
    _, _, rows = _safe_section(tmp_path, {"kpis": kpis}, ["a", "b"], "en")
    cells = {row[1]: row[3:] for row in rows}
    assert "(no conservative date: 2 of 4 seasons have no safe day)" in cells["S01"][0]
    assert (
        "(no conservative date: the seasons' dates spread too widely; run more "
        in (cells["L01"][0])
    )
    assert cells["S01"][1] == "none [0 of 4 seasons]"
    assert "(conservative " in cells["L01"][1]
    assert not any("–" in c for row in cells.values() for c in row), cells
    _, _, rows = _safe_section(tmp_path, {"kpis": kpis}, ["a", "b"], "zh")
    zh = {row[1]: row[3:] for row in rows}
    assert "（无保守日期：4 季中有 2 季没有安全下单日）" in zh["S01"][0]
    assert zh["S01"][1] == "无 ［4 季中 0 季］"
    few = {"day": None, "seasons": 1, "seasons_without": 0, "rate": 0.95}
    assert no_conservative_why(few) == "needs at least 2 seasons with a safe day"
    assert no_conservative_why(few, "zh") == "至少需要 2 个有安全下单日的季节"


def test_freight_cost_reads_alike_across_a_row_and_down_a_sweeps_column() -> None:
    """The comparison printed "1.13 ± 0.17 | 1.13 ± 0.17 | 0.0053 ± 0.0065": a difference to
    four decimals beside scenarios to two. Every cell of freight cost read side by side takes
    the decimals of the one that needs most (a few thousand USD is still not 0.00)."""
    from sim.output.compare_report import _cell, sweep_differences

    assert _cell({"mean": 1_127_000.0, "half_width": 170_100.0}, "m", "en", 4) == "1.1270 ± 0.1701"
    assert _cell({"mean": 5_300.0, "half_width": 6_500.0}, "m", "en") == "0.0053 ± 0.0065"
    # a count's half-width takes its mean's decimals, as the command line writes it
    assert _cell({"mean": 304.1, "half_width": 19.9}, "n", "en") == "304 ± 20"
    assert _cell({"mean": 74.9, "half_width": 1.8}, "n", "en") == "74.9 ± 1.8"
    assert _cell({"mean": 0.0, "half_width": 0.0}, "n", "en", 1) == "0 ± 0"  # exact, in any row
    assert _cell({"mean": -0.04, "half_width": 0.1}, "n", "en", 0) == "0 ± 0"
    assert _cell({"mean": 3_400.0, "half_width": 0.0}, "m", "en") == "0.0034 ± 0.0000"
    assert _cell({"mean": 1_080_000.0}, "m", "en") == "1.08"
    cost = "emissions_cost.cost_usd_total"
    spec = {
        "baseline": "a",
        "points": [{"x": 1}, {"x": 2}],
        "paired_differences": {
            "x=1": {cost: {"mean": 410_000.0, "half_width": 120_000.0, "distinguishable": True}},
            "x=2": {cost: {"mean": 2_000.0, "half_width": 1_500.0}},
        },
    }
    _, head, rows = sweep_differences(spec, ["x"], "en")
    column = [r[head.index("freight cost, USD m")] for r in rows]
    assert column == ["0.4100 ± 0.1200 *", "0.0020 ± 0.0015"], column


def test_a_smaller_comparison_in_a_larger_ones_folder_dates_its_own_seasons(tmp_path):
    """``compare --replications 3`` then ``2`` into the same folder keeps each scenario's
    rep-002 ("kept but not counted"); the report's conservative dates were still worked out
    over 3 seasons (the baseline's L01 MAD 08 Jan 2026 where a fresh comparison of 2 says 02
    Jan). They are over the set's own 2, as a fresh folder of 2 gives them, in English and
    Chinese; so is the *Why*'s closure sentence (the trains it held were counted over 3)."""
    small = ROOT / "scenarios" / "teaching_small.yaml"
    closure = ("disruptions=[{target: node, id: MAL, start: 2025-11-20, end: 2025-11-30, "
               "servers_factor: 0}]")  # fmt: skip
    sets = [load_scenario(small), load_scenario(small, ["name=teaching-mal", closure])]
    compare(sets, 3, out=tmp_path / "big")
    kept = compare(sets, 2, out=tmp_path / "big")
    assert (kept.folder / "0-teaching-small" / "rep-002" / "summary.json").is_file()
    fresh = compare(sets, 2, out=tmp_path / "fresh")
    for lang in ("en", "zh"):
        pages = []
        for comp in (kept, fresh):
            build_report(comp.folder, lang)
            page = (comp.folder / "report.md").read_text(encoding="utf-8")
            pages.append(page.split("\n## "))
        assert len(pages[0]) > 2 and pages[0] == pages[1], lang
    build_report(kept.folder, "en")
    page = (kept.folder / "report.md").read_text(encoding="utf-8")
    assert "| L01 | MAD | 13 Jan 2026 ± 12.7 (conservative 02 Jan 2026) |" in page


def test_a_comparison_says_what_each_scenario_is_in_the_pages_language(closure: Path) -> None:
    """The comparison's page named its scenarios without saying what they are: it gives each
    one's description under the introduction, its ``description_zh`` on the Chinese page."""
    sc = load_scenario(TEACHING)
    build_report(closure, lang="zh")
    page = (closure / "report.html").read_text(encoding="utf-8")
    assert f"<b>teaching-small</b>：{sc.description_zh}</p>" in page
    assert f"<b>teaching-closed</b>：{sc.description_zh}</p>" in page
    assert sc.description not in page
    build_report(closure, lang="en")
    md = (closure / "report.md").read_text(encoding="utf-8")
    assert f"**teaching-small**: {sc.description}" in md and sc.description_zh not in md


def test_a_difference_that_rounds_to_zero_has_no_minus_sign() -> None:
    """The comparison report of the festival closure's static and reactive forwarders (3
    replications) gave the lead time's p95 a paired difference of "-0.00 ± 0.17" (a mean of
    -0.0012 days) where the command line printed "0.00 ± 0.17": a sign read as a direction.
    A real difference keeps its sign, to its decimals."""
    from sim.output.compare_report import _cell

    diff = {"mean": -0.0012, "half_width": 0.174381, "diff": True}
    assert _cell(diff, "d", "en") == "0.00 ± 0.17"
    assert _cell({**diff, "mean": -0.006}, "d", "en") == "-0.01 ± 0.17"
    assert _cell({"mean": -0.0002, "half_width": 0.001, "diff": True}, "%", "en") == (
        "0.0 ± 0.1 points"
    )
    assert _cell({"mean": -40.0, "half_width": 300.0}, "t", "en") == "0.0 ± 0.3"
    assert _cell({"mean": -0.04, "half_width": 6.4}, "n", "zh") == "0.0 ± 6.4"
    assert _cell({"mean": -0.4, "half_width": 6.4}, "n", "en") == "-0.4 ± 6.4"
    assert _cell({"mean": -0.001, "half_width": 5_000.0}, "m", "en", 4) == "0.0000 ± 0.0050"


def test_a_count_and_its_half_width_take_the_same_decimals() -> None:
    """trial18: the tutorial's comparison (10 replications) gave the orders delivered as
    "2,897 ± 111" and "2,827 ± 98.1" in one column, and TEU ordered "969 ± 37.0": a half-width
    to other decimals than its mean. Both are whole numbers from 100 up (as the command line
    prints them), both to one decimal below unless both are whole."""
    from sim.output.compare_report import _cell

    assert _cell({"mean": 2_827.0, "half_width": 98.1}, "n", "en") == "2,827 ± 98"
    assert _cell({"mean": 969.0, "half_width": 37.0}, "n", "en") == "969 ± 37"
    assert _cell({"mean": -70.8, "half_width": 41.9, "diff": True}, "n", "en") == "-70.8 ± 41.9"
    assert _cell({"mean": 76.3, "half_width": 6.3}, "n", "en") == "76.3 ± 6.3"
    assert _cell({"mean": 0.0, "half_width": 0.0}, "n", "en") == "0 ± 0"
    assert _cell({"mean": 0.0, "half_width": 0.4}, "n", "en") == "0.0 ± 0.4"
    assert _cell({"mean": 12.0}, "n", "en") == "12"


def test_the_chinese_key_figures_put_no_space_between_chinese_words(closure: Path) -> None:
    """The Chinese comparison of the festival what-ifs read "下单数 (规模 0.2)" (ASCII brackets
    after a space, where every other unit stood in "（天）"), "布列斯特（BRE） 平均等待（小时）"
    and "春节用品 准时率（%）": spaces between Chinese words. A Chinese name follows its place
    or goods directly, and the scale stands in full-width brackets; English is as it was."""
    from sim.output.compare_report import comparison_page
    from sim.output.glossary import kpi_name

    page = comparison_page(closure, "zh")
    kpis = next(rows for _, _, rows in page.sections if any("平均交货周期" in r[0] for r in rows))
    labels = [r[0] for r in kpis]
    assert "下单数（规模 0.1）" in labels, labels
    assert "春节用品准时率" in labels, labels
    for label in labels:
        assert not re.search(r"[\u4e00-\u9fff）] [\u4e00-\u9fff（]", label), label
        assert "(" not in label, label
    assert kpi_name("borders.BRE.wait_h_mean", "zh") == "布列斯特（BRE）平均等待（小时）"
    assert kpi_name("on_time.by_category.my_goods.share", "zh") == "my goods 准时率（%）"
    en = comparison_page(closure, "en")
    rows = next(rows for _, _, rows in en.sections if any("mean lead time" in r[0] for r in rows))
    assert "orders placed (scale 0.1)" in [r[0] for r in rows]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_shares_unit_is_said_once_in_the_key_figures_in_its_cells(closure, lang) -> None:
    """The page read "backordered, % | 0.3 ± 0.0 %" and "缺货订单比例（%） | 0.3 ± 0.0 %": the
    unit in the label and again in the value, and "%" above a difference in points. As in the
    run report's key figures, a share's label names it and its cells carry the unit; the
    figures, whose numbers are bare, keep it in the panel's title."""
    from sim.output.compare_report import comparison_page

    page = comparison_page(closure, lang)
    rows = page.sections[0][2]
    shares = [r for r in rows if r[1].endswith(" %")]
    assert len(shares) >= 2, rows
    for row in shares:
        assert "%" not in row[0], row
        assert all(c.endswith(" %") for c in row[1:3]), row
        assert "%" not in row[3], row  # the difference: in points
    backordered = "backordered" if lang == "en" else "缺货订单比例"
    assert backordered in [r[0] for r in rows], rows
    from sim.output.glossary import term

    why = next(rows for _, h, rows in page.sections if h[-1] == term("reason", lang))
    assert why and not any("%" in r[1] for r in why), why  # named as in the key figures
    intervals = dict((k, svg) for k, _, svg in page.figures.items)["kpi_intervals"]
    assert ("backordered, %" if lang == "en" else "缺货订单比例（%）") in intervals


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_figures_label_each_point_with_the_tables_numbers(closure, lang) -> None:
    """The festival what-ifs' paired-differences figure read "rail lead time 1.8 ± 0.2" and
    "Kena 107 ± 12" where the table beside it said 1.83 ± 0.20 and 106.80 ± 11.51, and the
    interval figure "0.32 ± 0.03" under the table's "0.3 ± 0.0 %": the same number written
    twice, differently. Each point's label is its table cell, without the unit its panel's
    title gives (a share's "%" or "points")."""
    import html as H

    from sim.output.compare_report import comparison_page

    page = comparison_page(closure, lang)
    rows = page.sections[0][2]
    svgs = {k: H.unescape(svg) for k, _, svg in page.figures.items}
    labels = {
        k: re.findall(r"<text[^>]*font-size=\"10\"[^>]*>([^<]*\d[^<]*)</text>", svg)
        for k, svg in svgs.items()
    }
    checked = 0
    for row in rows[3:]:  # the figures' KPIs
        for cell, fig in [(c, "kpi_intervals") for c in row[1:3]] + [
            (row[3], "paired_differences")
        ]:
            text = cell.removesuffix(" *").removesuffix(" %").removesuffix(" points")
            text = text.removesuffix(" 个百分点")
            if text == "–" or "±" not in text:
                continue
            if fig == "paired_differences" and set(text) <= set("0.± "):
                continue  # a KPI no scenario moved has no panel: it is named below
            said = [x.removesuffix(" *") for x in labels[fig]]
            assert text in said, (row[0], cell, fig, said)
            checked += 1
    assert checked >= 6, rows
