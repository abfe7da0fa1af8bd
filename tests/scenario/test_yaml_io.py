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
    yaml11_differences,
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


# --------------------------------------------------------------------------- YAML 1.2


def test_values_read_as_yaml_1_2_not_1_1():
    data = parse_yaml(
        "codes: [NO, no, off, y, Yes, true]\nt: 1:30\noct: 0o755\nlead: 0755\nf: 1e3\n", "t"
    )
    assert data["codes"] == ["NO", "no", "off", "y", "Yes", True]  # only true/false are yes/no
    assert data["t"] == "1:30"  # no base-60 numbers
    assert data["oct"] == 493 and data["lead"] == 755  # octal only as 0o755
    assert data["f"] == 1000.0
    assert apply_overrides({"seed": 1}, ["seed=0755"])["seed"] == 755
    assert apply_overrides({"c": ["x"]}, ["c.0=NO"])["c"] == ["NO"]


def test_a_yaml_version_other_than_1_2_is_refused():
    assert "%YAML 1.1" in _refused("%YAML 1.1\n---\nseed: 0755\n")
    assert parse_yaml("%YAML 1.2\n---\nseed: 0755\n", "t") == {"seed": 755}


def test_an_anchor_defined_twice_is_read_without_a_python_warning():
    # pytest turns warnings into errors: ruamel.yaml's ReusedAnchorWarning would fail here
    assert parse_yaml("a: &x 1\nb: &x 2\nc: *x\n", "t") == {"a": 1, "b": 2, "c": 2}


def test_differences_from_yaml_1_1_name_the_key_and_both_readings():
    text = "seed: 0755\nlogistics:\n  codes: [DE, NO]\nt: 1:30\nname: x\nok: true\n"
    notes = yaml11_differences(text, "t")
    assert len(notes) == 3, notes
    seed, code, t = notes
    assert seed.startswith("seed: '0755' (line 1)") and "755" in seed and "493" in seed
    assert "0o755" in seed  # how to write the octal number the author may have meant
    assert code.startswith("logistics.codes[1]: 'NO' (line 3)") and "False" in code
    assert t.startswith("t: '1:30'") and "90" in t
    assert yaml11_differences("name: x\nseed: 755\nok: true\n", "t") == []


def test_seed_0755_in_a_file_or_set_is_the_seed_755(tmp_path, capsys):
    from sim.cli import main
    from tests.conftest import ROOT

    teaching = ROOT / "scenarios" / "teaching_small.yaml"
    octal = tmp_path / "octal.yaml"
    octal.write_text(teaching.read_text(encoding="utf-8").replace("seed: 42", "seed: 0755"))
    runs = {
        "flag": [str(teaching), "--seed", "755"],
        "set": [str(teaching), "--set", "seed=0755"],
        "file": [str(octal)],
    }
    summaries = {}
    for how, args in runs.items():
        out = tmp_path / how
        assert main(["run", *args, "--days", "10", "--out", str(out), "--no-report"]) == 0
        (folder,) = out.glob("teaching-small/*")
        assert folder.name == "seed-755"
        summaries[how] = (folder / "summary.json").read_text(encoding="utf-8")
    assert summaries["set"] == summaries["flag"] == summaries["file"]
    capsys.readouterr()
    assert main(["validate", str(octal)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "seed: '0755'" in err and "493" in err


def test_text_the_project_writes_reads_back_as_text_in_yaml_1_2():
    import yaml

    from sim.scenario import YAML_DUMPER

    texts = ["1e3", "0o17", "NO", "true", "1:30", "0755", "2025-01-01", "plain text"]
    written = yaml.dump({"names": texts}, Dumper=YAML_DUMPER)
    assert parse_yaml(written, "t") == {"names": texts} == yaml.safe_load(written)


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
        "x.0=1": "x is a list, and a list takes a position none: it is empty; got '0'",
    }
    for item, why in expected.items():
        try:
            apply_overrides(data, [item])
        except ScenarioError as exc:
            path = item.split("=", 1)[0]
            assert exc.problems == [f"--set {path}: no such place in the scenario ({why})"]
        else:
            raise AssertionError(f"{item} was applied")


def test_a_tab_is_refused_with_what_to_write_instead():
    for text in ("a:\n\tb: 1\n", "a:\t1\n"):
        with pytest.raises(ScenarioError, match=r"a tab character, .* with spaces$"):
            parse_yaml(text, "t")


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
