from sim.scenario.reference import markdown
from tests.conftest import ROOT


def test_scenario_reference_is_up_to_date():
    page = ROOT / "docs" / "scenario-reference.md"
    fix = "python -m sim.scenario.reference > docs/scenario-reference.md"
    assert page.read_text(encoding="utf-8") == markdown() + "\n", f"out of date: run {fix}"


def test_every_top_level_key_is_documented():
    text = markdown()
    for key in ("name", "start", "days", "market", "buyers", "online", "logistics", "disruptions"):
        assert f"| `{key}` |" in text
    assert "| `production_teu_per_day` | number | TEU/day |" in text
