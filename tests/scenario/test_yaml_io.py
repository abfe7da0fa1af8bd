"""Reading scenario YAML safely, and ``--set`` overrides."""

import pytest

from sim.errors import ScenarioError
from sim.scenario.overrides import apply_overrides
from sim.scenario.yaml_io import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    parse_yaml,
    read_scenario_file,
    yaml11_differences,
)


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


def test_a_tab_is_refused_with_what_to_write_instead():
    for text in ("a:\n\tb: 1\n", "a:\t1\n"):
        with pytest.raises(ScenarioError, match=r"a tab character, .* with spaces$"):
            parse_yaml(text, "t")


@pytest.mark.parametrize(
    ("text", "code", "cure"),
    [
        ("name: x\nmarket:\n  merchants: 5\n   days: 3\n", "scn:yaml_mapping", "indentation"),
        ("name: x\nmarket: [1, 2\n", "scn:yaml_flow", "a comma is missing"),
        ("name: x\nmarket: [1,\n", "scn:yaml_node", "a value is missing here"),
        ('name: "x\n', "scn:yaml_end", "a quote or a bracket is not closed"),
        ('name: "a\\qb"\n', "scn:yaml_escape", "write a backslash twice"),
        ("name: *nowhere\n", "scn:yaml_alias", "needs an anchor &name"),
        ("name: `x`\n", "scn:yaml_token", "put the value in quotes"),
    ],
)
def test_the_readers_reasons_say_the_likely_cure_in_english_as_in_chinese(text, code, cure):
    """The YAML reader's own words ("mapping values are not allowed here") said nothing of
    the cure in English, where the Chinese said the indentation was most likely off: each
    reason the reader gives most is read to a code of its own, worded with the cure in both
    languages, and the reader's words are still read back from a line printed before."""
    from sim.output.saying import in_lang

    said = _refused(text)
    why = said.fields["why"]
    assert why.code == code and cure in said
    zh = in_lang(said, "zh")
    assert "（多半" in zh or "（" in zh.split("：", 1)[1]
    # a line in the reader's bare words (a log of an older version) reads back all the same
    from sim.output.saying import _problem as read_back
    from sim.problems import READER_WORDS

    bare = READER_WORDS[code].format(**why.fields)
    assert read_back(bare, "zh") == in_lang(why, "zh")
