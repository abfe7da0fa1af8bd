"""Hostile input, round two: raw YAML text for every type the reader converts, command-line
``--set``/``--vary`` strings, runaway sizes, and floods of problems.

Issue 17, items 1, 2 and 11. The fuzz tests here write YAML *text* (not already-parsed
values), so PyYAML's own converters (dates, timestamps, ``!!int``, ``!!float``, ``!!binary``,
huge integers, anchors and merge keys) run on what hypothesis makes; docs/robustness.md gives
the counts.
"""

from __future__ import annotations

import copy
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.errors import ScenarioError
from sim.scenario import apply_overrides, parse_yaml
from sim.scenario.messages import MAX_PROBLEMS
from sim.world.inputs import validate_data
from sim.world.size_limits import (
    MAX_CROSSINGS,
    MAX_DEPARTURES,
    MAX_ORDERS,
    run_size,
)
from tests.conftest import TINY

FUZZ_TEXT_EXAMPLES = 300
"""Raw YAML documents per CI run (each is read, then validated when it is a mapping)."""

FUZZ_CLI_EXAMPLES = 300
"""Random ``--set`` and ``--vary`` strings per CI run."""

TINY_TEXT = yaml.safe_dump(TINY, sort_keys=False)

# --------------------------------------------------------------------------- item 1: the reader

IMPOSSIBLE = [
    "2025-13-45",
    "2025-02-30",
    "0000-01-01",
    "2025-01-01 25:00:00",
    "2025-01-01T10:61:00",
    "2025-01-01T00:00:00+99:00",
    "!!int abc",
    "!!float abc",
    "!!timestamp 2025-99-99",
    "9" * 5000,
    "-" + "1" * 4400,
]


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_values_the_reader_converts_and_rejects_name_the_key_in_a_file(value):
    text = TINY_TEXT.replace("start: '2025-09-01'", f"start: {value}")
    with pytest.raises(ScenarioError) as info:
        validate_data(parse_yaml(text, "hostile.yaml"), "hostile.yaml")
    (msg,) = info.value.problems
    assert "start" in msg and "line " in msg, msg
    assert info.value.source == "hostile.yaml"


def test_an_impossible_date_as_a_key_is_refused_with_its_place():
    with pytest.raises(ScenarioError) as info:
        parse_yaml("name: x\ncalendar:\n  2025-02-30: 1\n", "keys.yaml")
    assert "calendar.(key '2025-02-30')" in info.value.problems[0]
    assert "line 3" in info.value.problems[0]


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_values_the_reader_rejects_through_set_and_vary(value):
    from sim.experiment.runs import parse_vary

    with pytest.raises(ScenarioError) as info:
        apply_overrides(TINY, [f"start={value}"])
    assert info.value.problems[0].startswith("--set start: value ")
    with pytest.raises(ScenarioError) as info:
        parse_vary([f"start=2025-09-01,{value}"])
    assert info.value.problems[0].startswith("--vary start: value ")


def test_merge_keys_are_read_and_own_keys_override_them():
    text = "base: &b {servers: 2, service_h: 1}\nborder:\n  <<: *b\n  servers: 3\n"
    assert parse_yaml(text, "merge")["border"] == {"servers": 3, "service_h": 1}
    with pytest.raises(ScenarioError, match="duplicate key 'x'"):
        parse_yaml("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n  x: 3\n", "dup")


scalars = st.one_of(
    st.dates().map(str),
    st.builds(
        "{}-{:02d}-{:02d}".format,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
    ),
    st.builds(
        "{}-{:02d}-{:02d}{}{:02d}:{:02d}:{:02d}{}".format,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
        st.sampled_from(["T", " ", "t"]),
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 99),
        st.sampled_from(["", "Z", "+08:00", "-99:30", ".123456789", "+5"]),
    ),
    st.builds(
        "{} {}".format,
        st.sampled_from(["!!int", "!!float", "!!binary", "!!timestamp", "!!bool", "!!str"]),
        st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=12).map(
            lambda t: repr(t) if t.strip() else "x"
        ),
    ),
    st.integers(-(10**30), 10**30).map(str),
    st.builds(  # integers of up to 6,000 digits (Python refuses to convert past 4,300)
        "{}{}".format, st.sampled_from(["", "-", "+"]), st.integers(1, 6000).map("7".__mul__)
    ),
    st.sampled_from(["0x_", "0o9", "0b2", "1_000", "1e400", "-.inf", ".NaN", "0b", "190:20:30"]),
    st.sampled_from(["~", "null", "yes", "[]", "{}", "''"]),
)

keys = st.sampled_from(
    ["name", "start", "days", "seed", "scale", "warmup_days", "2025-02-30", "1e400", "<<"]
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """TINY as text with a few lines replaced or added: hostile scalars, anchors, aliases,
    merge keys and impossible dates as keys."""
    lines = TINY_TEXT.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "add", "anchor", "merge"]))
        if kind == "replace":
            i = draw(st.sampled_from([i for i, ln in enumerate(lines) if ": " in ln]))
            head = lines[i].split(": ", 1)[0]
            lines[i] = f"{head}: {draw(scalars)}"
        elif kind == "add":
            lines.append(f"{draw(keys)}: {draw(scalars)}")
        elif kind == "anchor":
            lines.append(f"x_anchor: &a {{days: {draw(scalars)}}}")
            lines.append(f"{draw(keys)}: *a")
        else:
            lines.append(f"defaults: &d {{seed: {draw(scalars)}, days: 20}}")
            lines.append(f"<<: {draw(st.sampled_from(['*d', '[*d]', '3', '[*d, *d]']))}")
    return "\n".join(lines) + "\n"


def _read_and_validate(text: str) -> None:
    try:
        validate_data(parse_yaml(text, "fuzz.yaml"), "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)


@settings(
    max_examples=FUZZ_TEXT_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(documents())
def test_raw_yaml_text_gives_a_scenario_or_a_scenario_error(text):
    _read_and_validate(text)


@settings(max_examples=FUZZ_TEXT_EXAMPLES, deadline=None)
@given(scalars)
def test_every_scalar_the_reader_converts_is_read_or_refused_as_a_value(value):
    _read_and_validate(TINY_TEXT.replace("start: '2025-09-01'", f"start: {value}"))


# --------------------------------------------------------------------------- the CLI's strings

SET_PATHS = [
    "days", "start", "buyers.visits_per_day", "market.categories.-1.share",
    "market.categories.0.share", "market.categories.9.share", "market.categories.1_0",
    "logistics.lines.L12.trains_per_week", "calendar.fairs", "a..b", "", ".", "seed",
]  # fmt: skip

set_strings = st.one_of(
    st.text(max_size=60),
    st.builds("{}={}".format, st.sampled_from(SET_PATHS), scalars | st.text(max_size=30)),
)


@settings(max_examples=FUZZ_CLI_EXAMPLES, deadline=None)
@given(st.lists(set_strings, min_size=1, max_size=3))
def test_random_set_strings_give_a_scenario_or_a_scenario_error(items):
    try:
        data = apply_overrides(TINY, items)
    except ScenarioError as exc:
        assert exc.problems and all(p.startswith("--set ") for p in exc.problems)
        return
    try:
        validate_data(data, "fuzz")
    except ScenarioError as exc:
        assert exc.problems


@settings(max_examples=FUZZ_CLI_EXAMPLES, deadline=None)
@given(st.lists(set_strings, min_size=1, max_size=3))
def test_random_vary_strings_give_values_or_a_scenario_error(items):
    from sim.experiment.runs import parse_vary

    try:
        vary = parse_vary(items)
    except ScenarioError as exc:
        assert exc.problems and all(p.startswith("--vary ") for p in exc.problems)
        return
    assert all(isinstance(v, list) and v for v in vary.values())


def test_hostile_set_values_exit_2_with_one_message_and_no_traceback(tmp_path, capsys):
    from sim.cli import main

    for value in ("start=2025-02-30", "days=!!int abc", "seed=" + "9" * 5000):
        t = time.perf_counter()
        code = main(["run", "--set", value, "--out", str(tmp_path), "--no-report"])
        err = capsys.readouterr().err
        assert code == 2, err
        assert "Traceback" not in err and value.split("=")[0] in err
        assert time.perf_counter() - t < 10
    assert not any(tmp_path.iterdir())


# --------------------------------------------------------------------------- item 2: sizes


@pytest.mark.parametrize(
    ("change", "limit"),
    [
        ({"calendar": {"fairs": [{"name": "f", "start": "2025-09-02", "end": "2025-09-20",
                                  "buyer_multiplier": 1e6}]}}, MAX_ORDERS),
        ({"logistics": {"only_lines": ["L12", "S01"],
                        "lines": {"L12": {"trains_per_week": 1e7}}}}, MAX_DEPARTURES),
        ({"logistics": {"only_lines": ["L12", "S01"],
                        "sea": {"feeder_trains_per_day": 1e7}}}, MAX_DEPARTURES),
        ({"logistics": {"only_lines": ["L12", "S01"], "borders": {"DST": {
            "servers": 2, "service_h": {"dist": "constant", "value": 1},
            "background_trains_per_day": 1e7}}}}, MAX_CROSSINGS),
    ],
)  # fmt: skip
def test_every_rate_and_multiplier_counts_in_the_size_estimate(change, limit):
    data = copy.deepcopy(TINY)
    data.update(change)
    t = time.perf_counter()
    with pytest.raises(ScenarioError, match=f"more than the {limit:,} one run can hold"):
        validate_data(data, "huge")
    assert time.perf_counter() - t < 2  # refused before anything is allocated


def test_the_size_estimate_follows_fairs_and_scale():
    sc = validate_data(copy.deepcopy(TINY), "t")
    base = run_size(sc)["orders"]
    data = copy.deepcopy(TINY)
    data["scale"] = 0.1
    data["calendar"] = {"fairs": [{"name": "f", "start": "2025-09-01", "end": "2025-09-30",
                                   "buyer_multiplier": 3}]}  # fmt: skip
    bigger = run_size(validate_data(data, "t"))["orders"]
    assert bigger == pytest.approx(base * 2 * 3, rel=0.05)


# --------------------------------------------------------------------------- item 11


def test_a_negative_list_index_in_set_is_refused_not_taken_from_the_end():
    with pytest.raises(ScenarioError, match="a list takes a position"):
        apply_overrides(TINY, ["market.categories.-1.share=0.5"])
    for index in ("1_0", "٣", " 1", "+1"):
        with pytest.raises(ScenarioError):
            apply_overrides(TINY, [f"market.categories.{index}.share=0.5"])


def test_a_flood_of_problems_is_capped_and_counted():
    data = copy.deepcopy(TINY)
    data.update({f"k{i}": i for i in range(20_000)})
    with pytest.raises(ScenarioError) as info:
        validate_data(data, "flood")
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].startswith(f"... and {20_000 - MAX_PROBLEMS:,} more problems")
    assert "unknown key: " in problems[-1]
    assert len(str(info.value)) < 50_000
