import json

import pytest
import yaml

from sim.errors import ScenarioError
from sim.scenario import json_schema
from sim.world.inputs import default_scenario_path, load_scenario, resolve, validate_data
from sim.world.network import load_network
from tests.conftest import ROOT, SCENARIOS


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_libyaml_and_pure_python_write_the_same_scenario_text(path):
    sc = resolve(load_scenario(path))
    data = sc.model_dump(mode="json", by_alias=True, exclude_none=True)
    pure = yaml.dump(data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=100)
    assert sc.to_yaml() == pure  # so scenario_sha256 does not depend on libyaml being installed
    assert validate_data(yaml.safe_load(pure), "again") == sc


def _problems(tmp_path, text: str) -> list[str]:
    p = tmp_path / "s.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    return info.value.problems


def _bad(tiny, tmp_path, mutate) -> list[str]:
    mutate(tiny)
    return _problems(tmp_path, yaml.safe_dump(tiny))


def test_every_shipped_scenario_validates():
    assert len(SCENARIOS) >= 4
    for path in SCENARIOS:
        sc = load_scenario(path)
        assert sc.name
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Question"), f"{path.name} must open with the question it answers"


def test_packaged_default_is_the_scenarios_copy():
    shipped = ROOT / "scenarios" / "spring_festival_2026.yaml"
    assert default_scenario_path().read_bytes() == shipped.read_bytes()


def test_broken_yaml(tmp_path):
    (msg,) = _problems(tmp_path, "name: x\nmarket: [1, 2\n")
    assert "not valid YAML at line" in msg


def test_empty_file(tmp_path):
    assert _problems(tmp_path, "") == ["the file is empty; a scenario is a YAML mapping of keys"]


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "nope.yaml")


def test_top_level_must_be_a_mapping(tmp_path):
    assert "must be a mapping" in _problems(tmp_path, "- 1\n- 2\n")[0]


def test_unknown_key_names_path_and_allowed_keys(tiny, tmp_path):
    (msg,) = _bad(tiny, tmp_path, lambda d: d["buyers"].update(visits_per_dya=3))
    assert msg.startswith("buyers.visits_per_dya: unknown key 'visits_per_dya'")
    assert "did you mean 'visits_per_day'" in msg
    assert "allowed keys:" in msg


def test_wrong_type_names_path_and_value(tiny, tmp_path):
    (msg,) = _bad(tiny, tmp_path, lambda d: d.update(days="many"))
    assert msg.startswith("days: ") and "'many'" in msg


def test_negative_rate(tiny, tmp_path):
    (msg,) = _bad(tiny, tmp_path, lambda d: d["buyers"].update(visits_per_day=-5))
    assert msg.startswith("buyers.visits_per_day: ") and "greater than or equal to 0" in msg
    assert "(got -5)" in msg


def test_distribution_error_path_has_no_union_tag(tiny, tmp_path):
    (msg,) = _bad(
        tiny,
        tmp_path,
        lambda d: d["buyers"].update(order_teu={"dist": "lognormal", "mean": 0, "cv": 1}),
    )
    assert msg.startswith("buyers.order_teu.mean: ")


def test_unknown_line_and_node(tiny, tmp_path):
    def mutate(d):
        d["logistics"]["only_lines"] = ["L12", "L99"]
        d["buyers"]["destinations"] = {"ALA": 0.5, "XXX": 0.5}

    problems = _bad(tiny, tmp_path, mutate)
    assert any(p.startswith("logistics.only_lines: unknown line 'L99'") for p in problems)
    assert any(p.startswith("buyers.destinations.XXX: unknown destination 'XXX'") for p in problems)


def test_destination_without_a_route(tiny, tmp_path):
    (msg,) = _bad(
        tiny, tmp_path, lambda d: d["buyers"].update(destinations={"ALA": 0.5, "MOW": 0.5})
    )
    assert msg.startswith("buyers.destinations.MOW: has demand") and "no line or sea route" in msg


def test_every_problem_is_listed_at_once(tiny, tmp_path):
    def mutate(d):
        d["days"] = 0
        d["scale"] = -1
        d["buyers"]["visits_per_day"] = "x"

    assert len(_bad(tiny, tmp_path, mutate)) == 3


def test_disruption_outside_the_run_and_on_a_non_border(tiny, tmp_path):
    def mutate(d):
        d["disruptions"] = [
            {
                "target": "node",
                "id": "ALA",
                "start": "2030-01-01",
                "end": "2030-01-02",
                "servers_factor": 0.5,
            }
        ]

    problems = _bad(tiny, tmp_path, mutate)
    assert any("lies outside the run" in p for p in problems)
    assert any("'ALA' is not a border crossing" in p for p in problems)


def test_resolve_fills_lines_and_borders(tiny):
    sc = resolve(validate_data(tiny, "test"))
    assert list(sc.logistics.lines) == ["L12", "S01"]
    assert sc.logistics.lines["L12"].trains_per_week == load_network().lines["L12"].trains_per_week
    assert sc.logistics.lines["S01"].capacity_teu == 500
    assert set(sc.logistics.borders) == {"HRG", "ALT"}
    again = validate_data(yaml.safe_load(sc.to_yaml()), "resolved")
    assert resolve(again) == sc


def test_json_schema_lists_the_top_level_keys():
    schema = json_schema()
    assert {"name", "start", "days", "market", "buyers", "logistics"} <= set(schema["properties"])
    json.dumps(schema)


def test_the_destination_shares_message_reads_as_english():
    """It said "destinations shares must sum to 1" (the key's plural as an adjective)."""
    with pytest.raises(ScenarioError) as err:
        load_scenario(ROOT / "scenarios/teaching_small.yaml",
                      ["buyers.destinations={MAD: 0.5, HAM: 0.4}"])  # fmt: skip
    assert "buyers.destinations: the shares of destinations must sum to 1, they sum to 0.9" in (
        str(err.value)
    )


def test_a_chinese_description_and_the_deadlines_left_aside_are_checked_as_any_key(tiny, tmp_path):
    """``description_zh`` is text and ``reporting.deadlines_not_judged`` names goods categories
    of the market: a wrong one names the key, the value and what is allowed, in English and in
    Chinese; both are left out of the file a run writes when not given."""
    from sim.output.saying import in_lang

    (msg,) = _bad(tiny, tmp_path, lambda d: d.update(description_zh=["一", "二"]))
    assert msg.startswith("description_zh: Input should be a valid string"), msg
    tiny.pop("description_zh")
    categories = [c["name"] for c in tiny["market"]["categories"]]
    (msg,) = _bad(tiny, tmp_path, lambda d: d.update(reporting={"deadlines_not_judged": ["toys"]}))
    assert msg.startswith("reporting.deadlines_not_judged: "), msg
    assert "names toys, which is not a goods category of market.categories; allowed: " in msg
    assert msg.endswith(", ".join(categories)), msg
    zh = in_lang(msg, "zh")
    assert "列出了 toys，它不是 market.categories 中的货物类别；允许的有：" in zh, zh
    (msg,) = _bad(tiny, tmp_path, lambda d: d.update(reporting={"deadlines_not_judged": "x"}))
    assert msg.startswith("reporting.deadlines_not_judged: Input should be a valid list"), msg
    tiny["reporting"] = {"deadlines_not_judged": categories[:1]}
    tiny["description_zh"] = "一个很小的世界。"
    sc = validate_data(tiny, "tiny")
    assert sc.description_zh == "一个很小的世界。"
    assert sc.reporting.deadlines_not_judged == categories[:1]
    tiny.pop("reporting"), tiny.pop("description_zh")
    text = validate_data(tiny, "tiny").to_yaml()
    assert "description_zh" not in text and "deadlines_not_judged" not in text
