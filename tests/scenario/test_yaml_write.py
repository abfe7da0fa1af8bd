"""Writing a scenario back in its author's layout (comments, key order), reading the same."""

import yaml

from sim.scenario.yaml_io import parse_yaml
from sim.scenario.yaml_write import ScenarioSource, keep_comments
from sim.world.inputs import load_scenario, resolve
from tests.conftest import ROOT

SOURCE = """\
# Question: what if? (S = sourced)
name: demo   # the folder's name
days: 30
codes: [NO, DE]          # country codes, not booleans
lines:
  L01: {trains_per_week: 2}   # (S) timetable
shared: &d {x: 1}
again: *d
"""


def _plain(data):
    return yaml.safe_dump(data, sort_keys=False)


def test_comments_and_key_order_are_kept_and_the_values_are_the_written_ones():
    data = parse_yaml(SOURCE, "t")
    data["days"] = 60
    data["lines"]["L01"]["capacity_teu"] = 90  # a filled-in default
    data = {"seed": 7, **data}  # a key the user did not write goes after theirs
    text = keep_comments(SOURCE, _plain(data))
    assert parse_yaml(text, "t") == data
    for comment in ("# Question: what if? (S = sourced)", "# the folder's name", "# (S) timetable"):
        assert comment in text
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == ["name", "days", "codes", "lines", "shared", "again", "seed"]


def test_text_yaml_1_1_would_misread_is_quoted_for_older_readers():
    data = parse_yaml(SOURCE, "t")
    text = keep_comments(SOURCE, _plain(data))
    assert yaml.safe_load(text)["codes"] == ["NO", "DE"]  # PyYAML (YAML 1.1) reads it too
    assert parse_yaml(text, "t")["codes"] == ["NO", "DE"]


def test_a_change_the_layout_cannot_hold_falls_back_to_the_plain_text():
    data = parse_yaml(SOURCE, "t")
    data["again"] = {"x": 2}  # the source shares one node between 'shared' and 'again'
    plain = _plain(data)
    assert keep_comments(SOURCE, plain) == plain
    assert keep_comments(None, plain) == plain
    assert keep_comments("- not a mapping\n", plain) == plain


def test_sources_do_not_change_what_a_scenario_equals():
    assert ScenarioSource("# one") == ScenarioSource("# two") == None  # noqa: E711
    path = ROOT / "scenarios" / "teaching_small.yaml"
    sc = load_scenario(path)
    assert sc == sc.model_copy(deep=True)
    text = resolve(sc).to_commented_yaml()
    assert text.startswith("# Question (for students)")
    assert parse_yaml(text, "t") == parse_yaml(resolve(sc).to_yaml(), "t")


def test_a_run_folder_s_scenario_keeps_the_user_s_comments(tmp_path):
    from sim.cli import main
    from sim.output.results import load_run

    path = ROOT / "scenarios" / "teaching_small.yaml"
    out = tmp_path / "runs"
    assert main(["run", str(path), "--days", "10", "--out", str(out), "--no-report"]) == 0
    (folder,) = out.glob("teaching-small/*")
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    first_comments = [ln for ln in path.read_text(encoding="utf-8").splitlines() if "#" in ln]
    assert all(c.strip() in text for c in first_comments[:5])
    assert parse_yaml(text, "t")["days"] == 10
    load_run(folder)  # the manifest's hashes and the scenario still check out


def test_keys_yaml_1_1_would_misread_are_quoted_and_keep_their_comments():
    source = "shares: {NO: 0.5, DE: 0.5}   # by country\nby:\n  NO: 1    # Norway\n  off: 2\n"
    data = parse_yaml(source, "t")
    text = keep_comments(source, _plain(data), data)
    assert "# by country" in text and "# Norway" in text
    assert yaml.safe_load(text) == parse_yaml(text, "t") == data


def test_a_commented_list_replaced_by_an_override_still_writes_a_file_that_reads_back():
    """The hindcast's disruptions (a commented list) set to [] by an override: where merging the
    user's comments would not give the same scenario, the plain file is written."""
    from sim.world.inputs import load_scenario, validate_data
    from tests.conftest import ROOT

    sc = load_scenario(ROOT / "scenarios" / "hindcast_2025_closure.yaml", ["disruptions=[]"])
    text = sc.to_commented_yaml()
    from sim.scenario.yaml_io import parse_yaml

    assert validate_data(parse_yaml(text, "written"), "again") == sc


def test_a_layout_used_again_gives_the_same_text_each_time():
    """The first use of a file's layout changes the document read for it; later uses work on
    copies of a kept one: neither may leak one scenario's values into the next."""
    source = SOURCE.replace("demo", "demo-again")  # a text no other test has used
    first = parse_yaml(source, "t")
    second = {**first, "days": 90}
    texts = [keep_comments(source, _plain(d)) for d in (first, second, first, second, first)]
    assert texts[0] == texts[2] == texts[4] and texts[1] == texts[3]
    assert parse_yaml(texts[0], "t") == first and parse_yaml(texts[1], "t") == second
    assert "# the folder's name" in texts[0] and "# the folder's name" in texts[3]


def test_a_long_line_the_user_wrote_stays_one_line_with_its_comment():
    # a flow mapping past 100 characters, as the shipped scenarios' fairs are: rewrapped, it
    # left a trailing space and its comment far from where the user put it
    source = (
        "fairs:\n"
        "  - {name: China Yiwu International Commodities Fair, start: 2025-10-21, "
        "end: 2025-10-25, buyer_multiplier: 1.5}  # dates S, multiplier E\n"
        "note: " + "a long sentence of the author's " * 5 + "  # (E)\n"
    )
    data = parse_yaml(source, "t")
    text = keep_comments(source, _plain(data))
    assert parse_yaml(text, "t") == data
    lines = text.splitlines()
    assert len(lines) == 3, text
    assert lines[1].startswith("  - {name: China Yiwu") and lines[1].endswith(
        "buyer_multiplier: 1.5}  # dates S, multiplier E"
    )
    assert lines[2].endswith("  # (E)")
    assert all(line == line.rstrip() for line in lines)


def test_every_shipped_scenario_is_written_back_without_trailing_spaces():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        text = resolve(load_scenario(path)).to_commented_yaml()
        assert "# " in text, path.name  # the comments are kept
        bad = [line for line in text.splitlines() if line != line.rstrip()]
        assert not bad, (path.name, bad[:3])
