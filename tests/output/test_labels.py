"""sim.output.labels: the figures' and the report's labels in English and Chinese."""

from __future__ import annotations

import re

from sim.output.labels import LABELS, label


def test_every_label_has_its_chinese_with_the_same_fields() -> None:
    assert set(LABELS["en"]) == set(LABELS["zh"])
    for key, english in LABELS["en"].items():
        chinese = LABELS["zh"][key]
        assert key == "teu" or re.search("[\u4e00-\u9fff]", chinese), key  # TEU in both
        assert sorted(re.findall(r"\{(\w+)", english)) == sorted(re.findall(r"\{(\w+)", chinese))


def test_a_label_is_in_the_language_asked_for_and_english_when_it_has_none(monkeypatch) -> None:
    assert label("trains_week") == "Trains from Yiwu per week"
    assert label("trains_week", "zh") == LABELS["zh"]["trains_week"] != label("trains_week")
    assert label("trains_week", "fr") == "Trains from Yiwu per week"  # no French: English
    assert label("no_such_label", "zh") == "no_such_label"  # an unknown key: as it is
    monkeypatch.delitem(LABELS["zh"], "trains_week")  # a label not yet translated
    assert label("trains_week", "zh") == "Trains from Yiwu per week"
