"""The added keys of a written scenario, written line by line: the same text as ruamel.yaml's."""

import copy
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.scenario.yaml_io import parse_yaml
from sim.scenario.yaml_splice import TOKEN, Runs, lines
from sim.scenario.yaml_write import _ambiguous, _plain, _writer, commented
from sim.world.inputs import default_scenario_path, load_scenario, resolve
from tests.conftest import SCENARIOS

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# a file with what the writer has to keep: comments at the end of lines and on their own, a
# block list of mappings, a flow mapping (what it gets stays flow), an indentless list
SOURCE = """\
# Question (S = sourced)
name: demo   # the folder's name
days: 30

market:
  merchants: 75000          # S
  categories:
    - name: toys            # District 1
      share: 0.5
    - name: tools
      share: 0.5
  flow: {a: 1, b: 2}        # E
codes:
- DE
- PL     # the last item
"""

WORDS = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
TRICKY = st.sampled_from(
        ["NO", "yes", "off", "1.5", "0755", "1:30", "null", "~", "2025-09-01", "a: b", "#x",
         "x #y", "it's", "a,b", "(a) b/c", "x  y", " lead", "trail ", "-x", "- x", "é", "",
         "a" * 60 + " " + "b" * 45, "a" * 120, "x\ny", TOKEN + "1x", "{a}", "!x", "*x", "&x"]
)  # fmt: skip
TEXTS = st.one_of(WORDS, WORDS, WORDS, TRICKY)  # mostly text the fast writer takes
SCALARS = st.one_of(
    TEXTS,
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.1, 200000.0, 1e20, 1e-05, -2.5, 1e16]),
    st.none(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(TEXTS, inner, max_size=4),
        st.lists(st.dictionaries(TEXTS, inner, min_size=1, max_size=3), min_size=1, max_size=3),
    ),
    max_leaves=12,
)
SAFE = st.recursive(  # values the fast writer takes whole (it must write them right)
    st.one_of(WORDS, st.integers(-(10**6), 10**6), st.booleans(), st.floats(-1e6, 1e6)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(WORDS, inner, max_size=3),
        st.lists(st.dictionaries(WORDS, inner, min_size=1, max_size=3), min_size=1, max_size=3),
    ),
    max_leaves=12,
)
ADDED = st.one_of(
    st.dictionaries(TEXTS, VALUES, max_size=5), st.dictionaries(WORDS, SAFE, max_size=5)
)


def _both(source: str, data: dict) -> tuple[str | None, str | None]:
    return commented(source, copy.deepcopy(data), fast=True), commented(
        source, copy.deepcopy(data), fast=False
    )


@PROPERTY
@given(
    root=ADDED,
    nested=ADDED,
    item=ADDED,
    items=st.one_of(st.lists(VALUES, max_size=3), st.lists(SAFE, max_size=3)),
)
def test_added_keys_and_items_are_written_as_ruamel_yaml_writes_them(root, nested, item, items):
    """Keys added at the top, in a nested mapping and in a list's mapping, and items added to a
    list: the fast writer gives exactly the slow one's text (or hands the run back to it)."""
    data = parse_yaml(SOURCE, "t")
    data["market"].update({k: v for k, v in nested.items() if k not in data["market"]})
    first = data["market"]["categories"][0]
    first.update({k: v for k, v in item.items() if k not in first})
    data["codes"] += items
    data.update({k: v for k, v in root.items() if k not in data})
    fast, slow = _both(SOURCE, data)
    assert fast == slow


@PROPERTY
@given(value=st.dictionaries(TEXTS, VALUES, min_size=1, max_size=5))
def test_a_mapping_the_fast_writer_takes_is_written_as_ruamel_yaml_writes_it(value):
    """Lines of a mapping the fast writer takes (and finds short enough) are ruamel.yaml's."""
    if not Runs(_ambiguous).writable(value):
        return
    written = lines(0, pairs=list(value.items()))
    if written is not None:
        out = io.StringIO()
        _writer().dump(_plain(value), out)
        assert "\n".join(written) + "\n" == out.getvalue()


@pytest.mark.parametrize("path", [None, *SCENARIOS], ids=lambda p: p.stem if p else "default")
def test_every_shipped_scenario_is_written_the_same_both_ways(path):
    """Each shipped file, as loaded, as a run folder holds it (resolved) and with overrides."""
    source = (path or default_scenario_path()).read_text(encoding="utf-8")
    for overrides in ([], ["buyers.visits_per_day=2000", "seed=7"]):
        sc = load_scenario(path, overrides)
        for scenario in (sc, resolve(sc)):
            data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
            fast, slow = _both(source, data)
            assert fast is not None and fast == slow
            assert scenario.to_commented_yaml() == fast


def test_a_placeholder_that_is_not_where_it_belongs_gives_the_slow_text():
    """Text that looks like a placeholder in a value: the slow way writes the file."""
    data = parse_yaml(SOURCE, "t")
    data["added"] = {"x": 1}
    data["name"] = TOKEN + "0x"
    fast, slow = _both(SOURCE, data)
    assert fast == slow and TOKEN in (fast or "")
