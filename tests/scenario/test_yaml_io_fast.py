"""The fast reading of scenario files (libyaml's parser) against the full reader (ruamel.yaml).

Whatever the fast reader returns must be exactly what the full reader returns (values and
their types, key order); whatever it cannot vouch for, and every error, is left to the full
reader, so a bad file's message (with its line and column) is the same either way.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.errors import ScenarioError
from sim.scenario import yaml_io
from sim.scenario.yaml_io import MAX_ALIASES, MAX_DEPTH, parse_yaml
from sim.world.inputs import validate_data
from tests.test_robustness_input import documents, scalars

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted([*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("sim/world/data/*.yaml")])


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types, keys in the same order (``True == 1`` is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (
            list(map(type, a)) == list(map(type, b))
            and list(a) == list(b)
            and all(_same(a[k], b[k]) for k in a)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _full(text: str) -> Any:
    """What the full reader gives (or the message it refuses the text with)."""
    try:
        data = yaml_io._load(text, "test")
    except ScenarioError as exc:
        return exc.problems
    return data


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_is_read_fast_and_the_same(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    fast, full = yaml_io._fast_load(text), _full(text)
    assert fast is not None  # the fast reader does read the files the project ships
    assert _same(fast, full)

    def no_full_reading(*args: Any) -> Any:
        raise AssertionError("the full reader was used")

    monkeypatch.setattr(yaml_io, "_load", no_full_reading)
    data = parse_yaml(text, str(path))
    assert validate_data(data, str(path)) == validate_data(full, str(path))


ALIKE = [
    "a: 1\nb: 1.5\nc: -2\nd: +3\ne: 0\nf: -0.0\n",
    "octal: 0755\nexplicit: 0o17\nhex: 0x1F\nsexagesimal: 1:30\nunder: 1_000\n",
    "exp: 1e3\nexp2: 1.0e+20\ninf: .inf\nminf: -.Inf\nnan: .nan\nword: inf\n",
    "yes: yes\nno: NO\non: off\ny: y\nt: true\nf: False\nT: TRUE\n",
    "n1: null\nn2: ~\nn3:\nn4: Null\nn5: NULL\nn6: nil\n",
    "d: 2025-09-01\nts: 2025-09-01 12:30:00\ntz: 2025-09-01T12:30:00Z\nbad: 2025-9-1\n",
    "q1: '0755'\nq2: \"1:30\"\nq3: 'it''s'\nq4: \"tab\\tnew\\nline \\u00e9 \\x41\"\n",
    "block: |\n  one\n  two\n\nfolded: >-\n  one\n  two\n\n  three\nkeep: |+\n  x\n\n",
    "strip: |-\n  text\n    more\nindent: |2\n    spaced\n",
    "flow: {a: 1, b: [1, 2.5, x, 'y'], c: {d: null}}\nlist: [2025-01-01, '2025-01-01']\n",
    "nested:\n  - name: a\n    share: 0.5\n  - {name: b, share: 0.5}\n  -\n    - 1\n    - 2\n",
    "3: int key\n2.5: float key\ntrue: bool key\n2025-01-01: date key\nnull: null key\n",
    "text: Yiwu 义乌 — Małaszewicze\nemoji: 📦\nplain words: with spaces  and   gaps\n",
    "multi: this plain value\n  goes on\n  over lines\nurl: http://example.com/a#b\n",
    "comment: value # a comment\n# a line\nhash: a#b\nlead: '#x'\n",
    "explicit doc: 1\n...\n",
    "---\nstarted: 1\n",
    "? explicit key\n: value\n",
    "empty flow: {}\nempty list: []\n",
    "dash: -x\ncolon: a:b\nq: ?x\n",
]


@pytest.mark.parametrize("text", ALIKE)
def test_what_the_fast_reader_returns_is_what_the_full_reader_returns(text):
    fast = yaml_io._fast_load(text)
    full = _full(text)
    assert isinstance(full, dict), full
    if fast is not None:
        assert _same(fast, full)


REFUSED = [
    "days: 1\ndays: 2\n",  # duplicate key
    "a: 1\n1: x\n1.0: y\n",  # equal keys of different types
    "name: !!python/object/apply:os.system ['echo hi']\n",
    "start: 2025-02-30\n",
    "n: !!int abc\n",
    "a: [1, 2\nb: 3\n",
    "a: b: c\n",
    "a:\n  - 1\n - 2\n",
    "key: 'unterminated\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "- 1\n- 2\n",
    "",
    "# only a comment\n",
    "a:\n\tb: 1\n",
    "a: 1\r\nb: @x\r\n",
    "a: \x07\n",
    "base: &b {x: 1}\n" + "".join(f"k{i}: *b\n" for i in range(MAX_ALIASES + 1)),
    "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    "<<: {a: 1}\nb: 2\nb: 3\n",
    "{a: 1, a: 2}\n",
    "x: {a:1, b: 2}\ny: 1\ny: 2\n",
    "a: 1\ntrue: x\n1: y\n",
    "minus: -\n",
]


@pytest.mark.parametrize("text", REFUSED)
def test_a_refused_file_gets_the_full_readers_message_with_its_line(text, monkeypatch):
    expected = _full(text)
    if isinstance(expected, dict):  # read by the full reader: parse_yaml refuses it otherwise
        pytest.fail(f"not a refused text: {text!r}")
    with pytest.raises(ScenarioError) as fast:
        parse_yaml(text, "test")
    monkeypatch.setattr(yaml_io, "_fast_load", lambda text: None)
    with pytest.raises(ScenarioError) as full:
        parse_yaml(text, "test")
    assert fast.value.problems == full.value.problems


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("days: 1\ndays: 2\n", "line 2, column 1"),
        ("a: 1\nstart: 2025-02-30\n", "line 2, column 8"),
        ("a: [1, 2\nb: 3\n", "line 2"),
        ("a:\n\tb: 1\n", "line 2"),
    ],
)
def test_errors_name_the_line_as_before(text, where):
    """The fast reader never words an error itself: the full reader's line and column stay."""
    with pytest.raises(ScenarioError) as info:
        parse_yaml(text, "test")
    (message,) = info.value.problems
    assert where in message


def test_the_fast_reader_leaves_what_it_cannot_vouch_for():
    assert yaml_io._fast_load("a: &x 1\nb: *x\n") is None  # anchors and aliases
    assert yaml_io._fast_load("a: !!str 1\n") is None  # tags
    assert yaml_io._fast_load("<<: {a: 1}\n") is None  # merge keys
    assert yaml_io._fast_load("a:\tb\n") is None  # tabs
    assert yaml_io._fast_load("a: b\u2028c\n") is None  # a line break in YAML 1.1 only
    assert yaml_io._fast_load("x: {a:1}\n") is None  # ':' inside a flow value
    assert yaml_io._fast_load("a: 1\na: 2\n") is None  # a duplicate key
    assert yaml_io._fast_load("- 1\n") is None  # not a mapping
    assert yaml_io._fast_load("a: 1\n") == {"a": 1}


@pytest.mark.parametrize("char", ["\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff", "\x00", "\x7f"])
def test_characters_yaml_versions_read_apart_go_to_the_full_reader(char):
    assert yaml_io._fast_load(f"a: x{char}y\n") is None


OTHER = [" ", "\xa0", "\u4e49", "\U0001f4e6", "\u2027", "\u202a", "\uff01"]


@pytest.mark.parametrize("char", OTHER)
def test_other_text_is_read_fast(char):
    assert yaml_io._fast_load(f"a: x{char}y\n") == _full(f"a: x{char}y\n") == {"a": f"x{char}y"}


def _agree(text: str) -> None:
    """The fast reading, when there is one, is the full reading; parse_yaml gives the full
    reader's data or its message."""
    fast, full = yaml_io._fast_load(text), _full(text)
    if fast is not None:
        assert _same(fast, full), text
    saved = yaml_io._fast_load
    try:
        expected = _parsed(text)
        yaml_io._fast_load = lambda text: None  # the full reader alone, as before
        assert _same(_parsed(text), expected), text
    finally:
        yaml_io._fast_load = saved


def _parsed(text: str) -> Any:
    try:
        return parse_yaml(text, "test")
    except ScenarioError as exc:
        return exc.problems


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_hostile_documents_read_the_same_fast_or_full(text):
    _agree(text)


flow_or_block = st.builds(
    "{}:\n  a: {}\n  b: [{}, {}]\n  c: {{d: {}}}\n".format,
    st.sampled_from(["k", "'k'", "1", "2025-01-01", "k k"]),
    scalars,
    scalars,
    scalars,
    scalars,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flow_or_block)
def test_scalars_in_block_and_flow_read_the_same_fast_or_full(text):
    _agree(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from(list("ab:-#[]{},'\"!&*?|> \n01.e+~")), max_size=40))
def test_arbitrary_text_reads_the_same_fast_or_full(text):
    _agree(text)
