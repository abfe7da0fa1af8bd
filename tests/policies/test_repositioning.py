"""The repositioning policies' answers, and their place in the registry."""

from types import SimpleNamespace

import pytest

from sim.policies.repositioning import (
    Lease,
    NoRepositioning,
    RepositioningPolicy,
    ReturnOnEastbound,
    make_repositioning,
)
from sim.scenario import registry


def _make(rule):
    return make_repositioning(SimpleNamespace(rule=rule, params={}, lease_usd_per_teu=1250.0))


def test_the_built_in_rules_are_registered_with_their_keys():
    assert registry.BUILT_IN["repositioning"] == ("none", "return_on_eastbound", "lease")
    assert registry.KEYS["repositioning"][0] == "logistics.repositioning.rule"
    assert isinstance(_make("none"), NoRepositioning)
    assert isinstance(_make("lease"), Lease)
    assert isinstance(_make("return_on_eastbound"), ReturnOnEastbound)


@pytest.mark.parametrize(
    ("rule", "lease", "empties", "eastbound"),
    [("none", 0, 0, False), ("lease", 7, 0, False), ("return_on_eastbound", 0, 3, True)],
)
def test_each_rule_answers_as_documented(rule, lease, empties, eastbound):
    p = _make(rule)
    assert p.lease(7, None) == lease
    assert p.empties(5, 3, None) == empties  # 5 free slots, 3 boxes at the terminal
    assert p.uses_eastbound is eastbound


def test_empties_never_exceed_the_free_slots_or_the_boxes_there():
    p = _make("return_on_eastbound")
    assert p.empties(2, 10, None) == 2
    assert p.empties(0, 10, None) == 0
    assert p.empties(4, 0, None) == 0


def test_a_plugin_subclasses_the_base():
    class Half(RepositioningPolicy):
        def lease(self, short_teu, view):
            return short_teu // 2

    assert Half(None).lease(9, None) == 4
    assert Half(None).empties(3, 3, None) == 0
