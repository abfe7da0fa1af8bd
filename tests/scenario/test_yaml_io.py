"""Reading scenario YAML safely, and ``--set`` overrides."""

import pytest

from sim.errors import ScenarioError
from sim.scenario.yaml_io import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    apply_overrides,
    parse_yaml,
    read_scenario_file,
)
from sim.world.inputs import validate_data


def _refused(text):
    with pytest.raises(ScenarioError) as info:
        parse_yaml(text, "test")
    (msg,) = info.value.problems
    return msg


def test_duplicate_keys_are_refused():
    assert "duplicate key 'days'" in _refused("days: 1\ndays: 2\n")


def test_python_tags_are_never_constructed():
    assert "not valid YAML" in _refused("name: !!python/object/apply:os.system ['echo hi']\n")


def test_oversized_text_and_file(tmp_path):
    text = "# " + "x" * (MAX_FILE_BYTES + 1)
    assert "larger than" in _refused(text)
    (tmp_path / "big.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="larger than"):
        read_scenario_file(tmp_path / "big.yaml")


def test_aliases_and_depth_are_bounded():
    shared = "base: &b {dist: constant, value: 1}\n"
    assert "aliases" in _refused(shared + "".join(f"k{i}: *b\n" for i in range(MAX_ALIASES + 1)))
    assert "nested" in _refused("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert parse_yaml(shared + "k: *b\n", "test")["k"] == {"dist": "constant", "value": 1}


def test_overrides_set_nested_values_and_list_items(tiny):
    out = apply_overrides(
        tiny, ["buyers.visits_per_day=99", "market.categories.0.share=0.25", "name=other"]
    )
    assert out["buyers"]["visits_per_day"] == 99
    assert out["market"]["categories"][0]["share"] == 0.25
    assert out["name"] == "other"
    assert tiny["buyers"]["visits_per_day"] == 400  # the input is not changed


@pytest.mark.parametrize("item", ["novalue", "market.categories.9.share=1", "=3"])
def test_bad_overrides(tiny, item):
    with pytest.raises(ScenarioError):
        apply_overrides(tiny, [item])


def test_override_values_are_yaml_scalars_not_code(tiny):
    out = apply_overrides(tiny, ["name=__import__('os')"])
    assert out["name"] == "__import__('os')"
    with pytest.raises(ScenarioError, match="name"):
        validate_data(out, "test")
