"""Settings a run never reads (:mod:`sim.world.unread_settings`): warned of before the run, a policy
of one's own excepted; no shipped scenario sets one."""

from __future__ import annotations

from sim.world.inputs import load_scenario
from tests.conftest import ROOT
from tests.world.conftest import teaching


def test_a_setting_only_another_rule_reads_is_warned_of():
    """``dispatch.min_fill: 0.5`` with the default ``dispatch.rule: fixed`` ran exactly as
    without it, silently: a planner who forgot ``rule: demand`` heard nothing. So is a live
    routing margin under ``share``, a congestion surcharge under ``fixed`` prices, and a cost
    no rule charges (a roll-over's re-booking)."""
    from sim.output.saying import in_lang
    from sim.world.unread_settings import unread_setting_warnings

    set_ = ["logistics.dispatch.min_fill=0.5", "logistics.mode_choice.safety_margin_h=100",
            "logistics.costs.congestion_usd_per_teu=500",
            "logistics.costs.switch_usd_per_teu=300"]  # fmt: skip
    said = unread_setting_warnings(teaching(set_))
    assert [w.code for w in said] == ["warn_unread"] * 3 + ["warn_unread_any"]
    assert said[0] == (
        "logistics.mode_choice.safety_margin_h is 100, but logistics.mode_choice.rule is "
        "'share', which does not read it (only 'live' does): it changes nothing in this run"
    )
    assert said[1].startswith("logistics.dispatch.min_fill is 0.5, but logistics.dispatch.rule")
    assert said[2].startswith("logistics.costs.congestion_usd_per_teu is 500, but ")
    assert said[3].startswith("logistics.costs.switch_usd_per_teu is 300, but no rule ")
    zh = in_lang(said[1], "zh")
    assert "logistics.dispatch.min_fill 设为 0.5" in zh and "不起作用" in zh
    assert "承运人" in in_lang(said[3], "zh")
    # the rules that read them: nothing to say (the re-booking cost is read by none)
    chosen = ["logistics.dispatch.rule=demand", "logistics.mode_choice.rule=live",
              "logistics.pricing.rule=live"]  # fmt: skip
    assert [w.code for w in unread_setting_warnings(teaching(set_ + chosen))] == ["warn_unread_any"]
    # a policy class of one's own may read any key of its part
    own = "logistics.dispatch.rule=tests.policies.plugins:TrainAfterEveryCutOff"
    assert not any("dispatch" in w for w in unread_setting_warnings(teaching([set_[0], own])))


def test_no_shipped_scenario_sets_a_setting_nothing_reads():
    from sim.world.inputs import resolve
    from sim.world.unread_settings import unread_setting_warnings

    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        assert unread_setting_warnings(resolve(load_scenario(path))) == [], path.name


def test_an_end_told_after_the_disruption_is_over_is_warned_of():
    """An end told a week after the crossing reopened: the reopening itself is seen, so the
    later date changes nothing past it, and the planner hears so (English and Chinese); an
    end told before the reopening is said nothing of."""
    from sim.output.saying import in_lang
    from sim.world.unread_settings import unread_setting_warnings

    closure = ("disruptions=[{target: node, id: MAL, start: 2025-11-03, end: 2025-11-12, "
               "servers_factor: 0, end_announced: TOLD, expected_days: 3}]")  # fmt: skip
    (said,) = unread_setting_warnings(teaching([closure.replace("TOLD", "2025-11-20T09:00")]))
    assert said.code == "warn_end_told_late"
    assert said == (
        "disruptions[0].end_announced is 2025-11-20T09:00, after the disruption is over "
        "(2025-11-13T00:00): its end is known when it comes (trains move again), so decisions "
        "expect it to go on only until then"
    )
    assert "晚于干扰结束的时刻（2025-11-13T00:00）" in in_lang(said, "zh")
    for told in ("2025-11-13", "2025-11-08T12:00"):  # at the reopening, or before it
        assert unread_setting_warnings(teaching([closure.replace("TOLD", told)])) == []
