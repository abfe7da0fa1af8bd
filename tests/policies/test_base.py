"""sim.policies.base: registering a policy under a short name and finding its class again, a
kind's base named by its subclasses, a class of one's own asked once it answers a question, and
a policy's parameters read from its scenario section."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sim.policies.base import Policy, params_of, policy_class, register
from sim.policies.rollover import RollOverPolicy
from sim.policies.train_routing import AvoidClosedCrossings, FixedPaths, TrainRoutingPolicy
from tests.policies.plugins import TrainAfterEveryCutOff


def test_a_registered_class_is_the_one_its_kind_and_name_find():
    @register("rollover", "mirror_base_test_stay")
    class Stay(RollOverPolicy):
        def move(self, route, closed_h, dest, view):
            return None

    assert Stay.kind == "rollover"  # from its kind's base
    assert policy_class("rollover", "mirror_base_test_stay") is Stay
    assert policy_class("train_routing", "avoid_closed") is AvoidClosedCrossings
    named = policy_class("dispatch", "tests.policies.plugins:TrainAfterEveryCutOff")
    assert named is TrainAfterEveryCutOff  # a plug-in: imported, not registered
    with pytest.raises(ValueError, match="mirror_base_test_other"):
        policy_class("rollover", "mirror_base_test_other")


def test_a_class_that_answers_its_kinds_question_is_asked_unless_it_says_otherwise():
    class Detours(TrainRoutingPolicy):
        def reroute(self, ahead, view):
            return None

    class Quiet(TrainRoutingPolicy):
        active = False

        def reroute(self, ahead, view):
            return None

    class Helper(TrainRoutingPolicy):  # answers nothing: the base's choice stands
        pass

    assert Detours.active and not Quiet.active and not Helper.active
    assert not FixedPaths.active and not TrainRoutingPolicy.active
    with pytest.raises(ValueError, match="unknown policy kind 'routeing'"):

        class Misspelt(Policy, kind="routeing"):
            pass


def test_a_policys_params_are_read_from_its_kinds_key_in_the_section():
    assert params_of("routing", SimpleNamespace(params={"threshold_h": 48})) == {"threshold_h": 48}
    section = SimpleNamespace(loading_params={"reverse": True}, params={"other": 1})
    assert params_of("loading", section) == {"reverse": True}
    assert params_of("train_routing", SimpleNamespace(train_routing_params=None)) == {}
    assert params_of("dispatch", SimpleNamespace()) == {}


def test_a_method_a_view_leaves_to_the_protocol_counts_as_missing():
    from sim.policies.base import NetworkView, view_method

    class Own:
        def quote_usd_per_teu(self, route: int, dest: int) -> float:
            return 1.0

    class Typed(Own, NetworkView):
        pass

    for view in (Own(), Typed()):
        assert view_method(view, "quote_usd_per_teu")(0, 0) == 1.0
        assert view_method(view, "quote_for_goods_usd_per_teu") is None  # (the protocol's)
        assert view_method(view, "expected_arrivals_pairs") is None  # (not in the protocol)
