"""The sensitivity figure in the reader's language: under ``zh`` its title, panel titles, the
empty figure's note and the bars' tips are Chinese, with no English words left; under ``en`` it
reads as it always has."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sim.output.sensitivity_figure import sensitivity_svg

INPUTS = ("buyers.visits_per_day", "logistics.lines.L01.trains_per_week")
KPIS = ("lead_time_days.overall.mean", "lead_time_days.by_mode.rail.mean")


def _data(method: str, kpis: tuple[str, ...] = KPIS) -> dict[str, Any]:
    """A sensitivity.json's content: two inputs, the given KPIs, made-up indices."""
    rows = []
    for kpi in kpis:
        for j, name in enumerate(INPUTS):
            v = 1.0 / (j + 1)
            row: dict[str, Any] = {"kpi": kpi, "input": name, "noise": 0.2}
            for key in ("mu_star", "ST", "S1"):
                row |= {key: v, f"{key}_low": v * 0.8, f"{key}_high": v * 1.2}
            rows.append(row)
    return {"method": method, "kpis": list(kpis), "indices": rows,
            "inputs": [{"name": n} for n in INPUTS]}  # fmt: skip


def _words(svg: str) -> str:
    """Every text a reader sees: the SVG's texts and its hover tips."""
    return " ".join(re.findall(r"<(?:text|title)[^>]*>([^<]*)<", svg))


def _english(text: str) -> list[str]:
    """English words left in ``text``, key paths and the indices' symbols aside."""
    symbols = {"mu", "mu_star", "ST", "S1", "Morris", "Sobol", "sensitivity.json", "notes"}
    text = re.sub(r"[\w.]*\.[\w.]+", " ", text)  # key paths (buyers.visits_per_day)
    return [w for w in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", text) if w not in symbols]


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_the_chinese_figure_has_no_english_words(method: str) -> None:
    svg = sensitivity_svg(_data(method), "zh")
    words = _words(svg)
    assert _english(words) == []
    assert ("Morris 筛选" if method == "morris" else "Sobol 指数") in words
    assert "平均交货周期（天）" in words and "铁路平均交货周期（天）" in words  # panel titles
    assert "buyers.visits_per_day" in words  # an input is its key path in both languages
    empty = _words(sensitivity_svg({**_data(method), "kpis": [], "indices": []}, "zh"))
    assert _english(empty) == [] and "没有可以分析的指标" in empty


def test_a_kpi_without_a_chinese_name_is_titled_by_its_key() -> None:
    kpi = "borders.BRE.a_figure_of_a_kind_not_named"  # (cut to fit as in English when long)
    svg = sensitivity_svg(_data("morris", (kpi,)), "zh")
    assert f">{kpi}</text>" in svg and svg.replace("Morris 筛选", "") != svg


def test_the_english_figure_is_as_it_was() -> None:
    morris = sensitivity_svg(_data("morris"))
    assert morris == sensitivity_svg(_data("morris"), "en")
    assert (">Morris: mu* (bar) with 95 % bootstrap interval; orange tick: noise alone</text>"
            in morris)  # fmt: skip
    assert ">lead_time_days.overall.mean</text>" in morris
    assert "<title>noise alone: mu* 0.2</title>" in morris
    assert "<title>buyers.visits_per_day: mu_star 1</title>" in morris
    sobol = sensitivity_svg(_data("sobol"))
    assert ">Sobol: total index ST (bar) with 95 % bootstrap interval; red dot: S1</text>" in sobol
    empty = sensitivity_svg({**_data("sobol"), "kpis": [], "indices": []})
    assert ">no KPI could be analysed (see notes in sensitivity.json)</text>" in empty
    assert not re.search("[\u4e00-\u9fff]", morris + sobol + empty)


def test_freight_cost_is_drawn_and_titled_in_usd_millions() -> None:
    """Morris's mu* of the freight bill is in USD in sensitivity.json; the figure draws it in
    USD m under the name that says so, as every table shows freight cost."""
    kpi = "emissions_cost.cost_usd_total"
    data = _data("morris", (kpi,))
    for r in data["indices"]:
        r |= {"mu_star": 250_000.0, "mu_star_low": 200_000.0, "mu_star_high": 300_000.0}
    for lang, name in (("en", "freight cost, USD m"), ("zh", "运费（百万美元）")):
        svg = sensitivity_svg(data, lang)
        assert f">{name}</text>" in svg
        assert "mu_star 0.25</title>" in svg and "250000" not in svg
    sobol = sensitivity_svg(_data("sobol", (kpi,)))  # indices: shares of variance, no unit
    assert "ST 1</title>" in sobol
