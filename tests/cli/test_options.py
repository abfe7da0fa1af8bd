"""The option types and groups the commands share (sim.cli.options): ``--policy``'s help lists
every kind of policy, and ``--seed`` takes a seed or gives a usage error."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sim.scenario.schema import SEED_MAX
from tests.test_robustness_fuzz import FUZZ, SEEDS


def test_the_policy_options_help_lists_every_kind_of_policy():
    from sim.cli.options import POLICY_HELP
    from sim.scenario.registry import KINDS

    listed = POLICY_HELP.split("KIND one of ", 1)[1].split(";", 1)[0]
    assert [k.strip() for k in listed.split(",")] == list(KINDS)


@FUZZ
@given(text=st.one_of(st.text(max_size=50), SEEDS.map(str)))
def test_the_seed_option_takes_a_seed_or_gives_a_usage_error(text):
    import argparse

    from sim.cli.options import _seed

    try:
        value = _seed(text)
    except argparse.ArgumentTypeError as exc:
        assert "seed" in str(exc)
        return
    assert 0 <= value <= SEED_MAX
