"""The explorer's glossary: every word the page asks for exists in English and Chinese."""

from __future__ import annotations

import re
from importlib import resources

from sim.explore.controls import Controls
from sim.explore.engine import TEACHING
from sim.explore.i18n import SHARED, TEXT, glossary, place, text
from sim.explore.server import MODULES
from sim.output.labels import LABELS
from sim.scenario import read_scenario_file
from sim.world.network import load_network


def test_every_entry_has_both_languages():
    for key, entry in glossary().items():
        assert set(entry) - {"en_one", "count"} == {"en", "zh"}, key  # (a form for one)
        assert entry["zh"] or key.startswith("description."), key
        assert entry["en"] or key.startswith("description."), key


def test_shared_terms_are_the_reports_words():
    g = glossary()
    for key in SHARED:
        assert g[key] == {"en": LABELS["en"][key], "zh": LABELS["zh"][key]}
    assert not set(SHARED) & set(TEXT)  # one source for each word


def test_every_key_the_page_uses_is_in_the_glossary():
    static = resources.files("sim.explore") / "static"
    js = "\n".join((static / f"{m}.js").read_text(encoding="utf-8") for m in MODULES)
    html = (resources.files("sim.explore") / "static" / "index.html").read_text(encoding="utf-8")
    g = glossary()
    used = set(re.findall(r'\bt\("([\w.]+)"', js))
    used |= set(re.findall(r'data-i18n(?:-aria|-title)?="([\w.]+)"', html))
    prefixes = {k for k in used if k.endswith(".")}  # t("reason." + why) and the like
    assert len(used) > 60
    assert sorted(k for k in used - prefixes if k not in g) == []
    assert prefixes <= {"reason.", "kpi.", "unit.", "choice.", "group.", "state."}
    # keys built from a prefix: the reasons, the KPIs, the units and the choices
    for prefix in ("reason.", "kpi.", "unit.", "choice.", "group.", "state."):
        assert any(k.startswith(prefix) for k in g), prefix
    for reason in ("closed", "no_server", "none", "gauge", "customs", "box", "departure", "full"):
        assert f"reason.{reason}" in g


def test_every_control_has_chinese_words_and_known_units():
    controls = Controls(read_scenario_file(TEACHING), "teaching_small.yaml", load_network())
    g = glossary()
    for c in controls.controls:
        assert c.label_zh and c.help_zh, c.key
        words = set(re.findall(r"[A-Za-z]{3,}", c.label_zh + c.help_zh)) - {"TEU"}
        assert not words, (c.key, words)  # codes such as L01 and TEU aside, all Chinese
        assert not c.unit or f"unit.{c.unit}" in g, c.unit
        assert f"group.{c.group}" in g
    sea = controls.by_key["lines.S01.capacity_teu"]
    assert "sailing" in sea.help and "train" not in sea.help  # the vessel's help speaks of ships


def test_places_and_fields():
    assert place("MAL", "Malaszewicze", "zh") == "马拉舍维奇"  # the network's name_zh
    assert place("L07", "Yiwu-Budapest-Belgrade", "zh") == "义乌—布达佩斯—贝尔格莱德"
    assert place("XYZ", "Somewhere", "zh") == "Somewhere"
    assert place("MAL", "Malaszewicze") == "Malaszewicze"
    assert text("kpi.wait_h", "zh", name="满洲里") == "满洲里平均排队等待时间（含关闭期间）"


def test_a_chinese_unit_reads_after_its_number():
    """Units follow their numbers ("由 6 降至 4.6 {unit}"): a Chinese unit that starts with 每
    ("per") reads backwards there (由 6 降至 4.6 每周); it says 班/周 instead."""
    units = {k: v["zh"] for k, v in TEXT.items() if k.startswith("unit.")}
    assert units and not [k for k, u in units.items() if u.startswith("每")], units
    line = text("sum_fell", "zh", name="义乌发出班列", base="6", cur="4.6",
                unit=text("unit.per week", "zh"))  # fmt: skip
    assert line == "义乌发出班列：由 6 降至 4.6 班/周"


def test_the_waits_of_trains_still_waiting_carry_their_own_unit():
    """A held or queued sentence names no unit of its own after the hours it reports: each
    number comes with its unit (one hour, 2.5 hours; 小时), chosen by the page for that number."""
    for key in ("sum_held", "sum_queued", "detail_held", "detail_queued"):
        for lang in ("en", "en_one", "zh"):
            words = TEXT[key][lang]
            assert "{mean} {mean_unit}" in words, (key, lang)
            assert "hours" not in words and "小时" not in words, (key, lang)
            if lang != "en_one":
                assert "{max} {max_unit}" in words, (key, lang)
