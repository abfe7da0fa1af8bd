"""The --set overrides (:mod:`sim.scenario.overrides`): nested values and list items, values read as
YAML and never as code, a path that leads nowhere named with its option, the problems of an invalid
overridden scenario first."""

from __future__ import annotations

import pytest

from sim.errors import ScenarioError
from sim.scenario.overrides import apply_overrides
from sim.world.inputs import validate_data


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


def test_a_set_path_that_leads_nowhere_says_where_it_stops_and_why():
    from sim.errors import ScenarioError
    from sim.scenario import apply_overrides

    data = {"scale": 0.1, "market": {"categories": [{"share": 0.2}, {"share": 0.8}]}, "x": []}
    expected = {
        "scale.x=1": "scale is a value (0.1), not a mapping of keys",
        "market.categories.5.share=0.1": (
            "market.categories is a list, and a list takes a position 0 to 1; got '5'"
        ),
        "market.categories.0.share.x=1": (
            "market.categories.0.share is a value (0.2), not a mapping of keys"
        ),
        "x.0=1": (
            "x is an empty list, so it has no item '0'; give the whole list in the scenario "
            "file or with --set 'x=[...]'"
        ),
    }
    for item, why in expected.items():
        try:
            apply_overrides(data, [item])
        except ScenarioError as exc:
            path = item.split("=", 1)[0]
            assert exc.problems == [f"--set {path}: no such place in the scenario ({why})"]
        else:
            raise AssertionError(f"{item} was applied")


def test_a_bracketed_list_index_in_set_is_refused_with_the_dotted_path(tiny):
    with pytest.raises(ScenarioError) as err:
        apply_overrides(tiny, ["market.categories[0].share=1", "days=3"])
    assert err.value.problems == [
        "--set market.categories[0].share: a list item is named by its position after a dot "
        "(market.categories.0.share)"
    ]


def test_a_bad_path_is_named_with_the_option_it_came_from(tiny):
    with pytest.raises(ScenarioError) as err:
        apply_overrides(tiny, ["market.categories[0].share=1"], "--decide")
    assert err.value.problems[0].startswith("--decide market.categories[0].share: a list item")


def test_a_path_into_a_part_of_an_invalid_overridden_mapping_says_its_problems_first() -> None:
    """``defaults`` of the mapping as overridden so far refuses it (it is not a valid
    scenario): the part cannot be filled in, and the overrides fail with that mapping's
    problems first, then the override, not with keys of the part never touched."""
    from sim.errors import ScenarioError
    from sim.scenario import apply_overrides

    def defaults(current: dict[str, object] | None = None) -> dict[str, object] | None:
        if current is None:
            return {"a": {"b": 1}}  # the file's own: no part "x"
        raise ScenarioError([f"a.b: must be 1 (got {current['a']['b']})"], "file.yaml")  # type: ignore[index]

    with pytest.raises(ScenarioError) as caught:
        apply_overrides({"a": {"b": 1}}, ["a.b=2", "x.y.z=3", "q=[1"], defaults=defaults)
    assert caught.value.source == "file.yaml"
    problems = caught.value.problems
    assert problems[0] == "a.b: must be 1 (got 2)"
    assert problems[1].startswith("--set x.y.z: cannot fill in x from its defaults: the ")
    assert problems[2].startswith("--set q: value '[1' cannot be read")
    assert len(problems) == 3
    # no earlier override: the file's defaults, as before
    assert apply_overrides({"a": {"b": 1}}, ["x.y.z=3"], defaults=defaults) == {
        "a": {"b": 1},
        "x": {"y": {"z": 3}},
    }


def test_a_set_into_an_empty_list_says_so_in_chinese_too(capsys):
    """``--set calendar.fairs.0.name=x`` on the teaching world (no fairs) said "a list takes a
    position none: it is empty", and the Chinese message carried those English words
    ("位置只能是 none: it is empty"). It says the list is empty and to give it whole, in each
    language (trial14)."""
    from sim.cli import main
    from tests.conftest import ROOT

    teaching = str(ROOT / "scenarios" / "teaching_small.yaml")
    args = ["validate", teaching, "--set", "calendar.fairs.0.name=x"]
    assert main(["--lang", "zh", *args]) == 2
    err = capsys.readouterr().err
    assert "none" not in err and "empty" not in err, err
    assert "calendar.fairs 是空列表，因此没有第 '0' 项；请在情景文件中或用 --set " in err, err
    assert main(args) == 2
    assert "calendar.fairs is an empty list, so it has no item '0'" in capsys.readouterr().err


def test_a_distribution_kind_set_into_a_default_keeps_what_the_new_kind_takes() -> None:
    """``--set logistics.borders.DST.service_h.dist=exponential`` on a file that names no
    border kept the default gamma's ``cv`` beside the new kind, and was refused with
    "logistics.borders.DST.service_h.cv: unknown key 'cv'", a key the user never wrote. As a
    line's frequency rule set into its default replaces the default's, the kind set into a
    default distribution keeps the parameters it takes (the mean) and drops the others."""
    from sim.world.inputs import load_scenario, resolve
    from tests.conftest import ROOT

    teaching = ROOT / "scenarios" / "teaching_small.yaml"
    path = "logistics.borders.DST.service_h"
    before = resolve(load_scenario(teaching)).logistics.borders["DST"].service_h
    assert before.dist == "lognormal"  # (the default the kind is set into: mean and cv)
    service = load_scenario(teaching, [f"{path}.dist=exponential"]).logistics.borders["DST"]
    assert service.service_h.dist == "exponential"
    assert service.service_h.mean() == pytest.approx(before.mean())
    # the mean set first is kept; a kind with other parameters says which are missing
    sc = load_scenario(teaching, [f"{path}.mean=30", f"{path}.dist=poisson"])
    assert sc.logistics.borders["DST"].service_h.mean() == 30
    with pytest.raises(ScenarioError) as info:
        load_scenario(teaching, [f"{path}.dist=triangular"])
    assert all("cv" not in p and "mean" not in p for p in info.value.problems), info.value
    assert any(p.startswith(f"{path}.low: required key is missing") for p in info.value.problems)
