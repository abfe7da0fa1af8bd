"""The capacity warnings before a run (:mod:`sim.world.capacity`): what a line's disruptions
take away, what demand dispatch and the carriers' sailings policy add, and what cannot be
counted (a policy of one's own)."""

from __future__ import annotations

import re

import pytest

from sim.world.inputs import load_scenario
from tests.world.conftest import TEACHING, teaching


def test_a_line_suspended_for_the_whole_run_is_warned_of_with_its_disruptions():
    """The capacity warning counts the line disruptions: a line suspended for the whole run
    carries nothing (it was never warned of: the timetable alone carried the goods)."""
    from sim.world.capacity import capacity_warnings, line_factors_over_run
    from sim.world.network import load_network

    quiet = teaching([])
    assert not [w for w in capacity_warnings(quiet, load_network()) if "L01" in w]
    cut = ("disruptions=[{target: line, id: L01, start: 2025-10-01, end: 2026-02-27, "
           "trains_factor: 0}]")  # fmt: skip
    sc = teaching([cut])
    assert line_factors_over_run(sc, "L01") == (0.0, 0.0)
    warned = [w for w in capacity_warnings(sc, load_network()) if w.startswith("line L01")]
    assert len(warned) == 1 and "with its disruptions" in warned[0]
    # it runs none: its goods never leave, not "wait for it" (trial14)
    assert warned[0] == (
        "line L01 (Yiwu-Madrid) is offered about 7.7 TEU a week but, with its disruptions, runs "
        "no departure in the run: its goods wait at Yiwu to the end"
    ), warned[0]
    from sim.output.saying import in_lang

    assert in_lang(warned[0], "zh").endswith("其货物在义乌一直等到运行结束")


def test_the_line_factors_average_the_disruptions_over_the_run_days():
    """Half the run at half the trains, a quarter of it at half the room (overlapping the
    first half by a tenth of the run): the averages of trains and of room per train."""
    sc = teaching(["start=2025-10-01", "days=40", "warmup_days=0"])
    from sim.world.capacity import line_factors_over_run

    assert line_factors_over_run(sc, "L01") == (1.0, 1.0)
    two = ("disruptions=[{target: line, id: L01, start: 2025-10-01, end: 2025-10-20, "
           "trains_factor: 0.5}, {target: line, id: L01, start: 2025-10-17, end: 2025-10-26, "
           "capacity_factor: 0.5}, {target: line, id: L10, start: 2025-10-01, end: 2025-11-09, "
           "trains_factor: 0}]")  # fmt: skip
    sc = teaching(["start=2025-10-01", "days=40", "warmup_days=0", two])
    trains, room = line_factors_over_run(sc, "L01")
    assert trains == pytest.approx((20 * 0.5 + 20 * 1.0) / 40)
    # the days' room: 16 days 0.5, 4 days 0.25 (both), 6 days 0.5 (room only), 14 days 1
    assert trains * room == pytest.approx((16 * 0.5 + 4 * 0.25 + 6 * 0.5 + 14 * 1.0) / 40)
    assert line_factors_over_run(sc, "L10") == (0.0, 0.0)


def test_the_capacity_warning_rounds_each_trains_room_to_whole_slots_as_the_model_does():
    """At one slot a train, ``capacity_factor: 0.4`` leaves a train no room at all (the model
    gives it ``round(1 * 0.4) = 0`` slots); the warning's capacity averaged the factor and
    counted 40 % of the line's room."""
    from sim.world.capacity import capacity_shortfalls, line_factors_over_run
    from sim.world.network import load_network

    cut = ("disruptions=[{target: line, id: L01, start: 2025-10-01, end: 2025-11-09, "
           "capacity_factor: 0.4}]")  # fmt: skip
    base = ["start=2025-10-01", "days=40", "warmup_days=0", "logistics.lines.L01.capacity_teu=1"]
    sc = teaching([*base, "scale=1", cut])
    assert line_factors_over_run(sc, "L01") == pytest.approx((1.0, 0.4))  # averaged
    assert line_factors_over_run(sc, "L01", 1) == (1.0, 0.0)  # as the model rounds it
    assert line_factors_over_run(sc, "L01", 10) == pytest.approx((1.0, 0.4))  # 4 of 10
    assert line_factors_over_run(sc, "L01", 4) == pytest.approx((1.0, 0.5))  # round(1.6) = 2
    short = [s for s in capacity_shortfalls(sc, load_network()) if s["lid"] == "L01"]
    assert len(short) == 1 and short[0]["capacity"] == "0.0" and short[0]["disrupted"]


def test_the_capacity_warning_counts_the_trains_demand_dispatch_may_add():
    """A line short of room under demand dispatch: the operator may add up to
    ``max_extra_per_week`` trains, so the warning says so (goods wait for them) instead of a
    queue that grows through the run, and says the queue grows only when even they are short
    (the teaching world with L10 offered 20.5 TEU a week against its 17.0)."""
    from sim.output.saying import in_lang
    from sim.world.capacity import capacity_warnings
    from sim.world.network import load_network

    net = load_network()
    more = "buyers.destinations={MAD: 0.4, MOW: 0.4, RTM: 0.2}"

    def l10(*extra: str) -> list[str]:
        return [w for w in capacity_warnings(teaching([more, *extra]), net) if "L10" in w]

    (fixed,) = l10()
    assert fixed.code == "warn_capacity" and fixed.endswith("the queue will grow through the run")
    (covered,) = l10("logistics.dispatch.rule=demand", "logistics.dispatch.max_extra_per_week=4")
    assert covered.code == "warn_capacity_dispatch"
    # an extra is decided at a published cut-off, one pending at a time: 2 a week, not 4
    assert "may add up to 2 trains a week (about 34.0 in all)" in covered
    assert "grow" not in covered and "加开 2 班" in in_lang(covered, "zh")
    (short,) = l10("logistics.dispatch.rule=demand", "logistics.dispatch.max_extra_per_week=1",
                   "buyers.destinations={MAD: 0.1, MOW: 0.8, RTM: 0.1}")  # fmt: skip
    assert short.code == "warn_capacity_beyond_dispatch", short
    assert "and about 25.5 with the 1 extra train a week" in short
    assert short.endswith("the queue will grow through the run")
    # no extra train allowed, or a line suspended all run: the plain warning
    (none,) = l10("logistics.dispatch.rule=demand", "logistics.dispatch.max_extra_per_week=0")
    assert none.code == "warn_capacity"


def test_the_capacity_warning_counts_only_the_extra_trains_dispatch_can_decide():
    """Demand dispatch decides an extra train at a published train's cut-off, one pending at
    a time, so a line of one train a week gets at most one extra a week whatever
    ``max_extra_per_week`` allows: with 24 TEU a week offered to L10 at one train a week
    (8.5 TEU), the warning said two extras (25.5 TEU) would carry it while the run added
    0.89 a week and the wait for L10 grew from 10 to 56 days through the run. A lead time
    longer than the gap between published trains skips the cut-offs in between, and a
    Poisson line's next cut-off after the lead comes a mean gap later."""
    from sim.world.capacity import capacity_shortfalls
    from sim.world.network import load_network

    net = load_network()
    base = ["logistics.dispatch.rule=demand", "buyers.visits_per_day=3000"]

    def l10(*extra: str) -> dict[str, str | bool]:
        (s,) = [s for s in capacity_shortfalls(teaching([*base, *extra]), net)
                if s["lid"] == "L10"]  # fmt: skip
        return s

    weekly = l10("logistics.lines.L10.trains_per_week=1")
    assert (weekly["extra"], weekly["with_extra"], weekly["covered"]) == ("1", "17.0", False)
    # two a week, 72 h lead: each published cut-off may add one (the 2 max_extra allows)
    assert l10()["extra"] == "2"
    # a lead of 100 h is longer than the 84 h between them: every other cut-off
    assert l10("logistics.dispatch.lead_h=100")["extra"] == "1"
    # a timetable of two trains an hour apart: the second's cut-off finds the extra pending
    pair = "logistics.lines.L10={timetable: [{weekday: 0, hour: 10}, {weekday: 0, hour: 11}]}"
    assert l10(pair)["extra"] == "1"
    # Poisson, 2 a week: one every 72 h lead plus a mean gap of 84 h, 168 / 156 a week
    assert l10("logistics.lines.L10={poisson_per_week: 2}")["extra"] == "1.08"
    # with no cut-off an extra's own cut-off may decide the next: max_extra_per_week binds
    assert l10("logistics.consolidation.cutoff_h=0", "logistics.lines.L10.trains_per_week=1",
               "logistics.dispatch.max_extra_per_week=3")["extra"] == "3"  # fmt: skip


SEA = ["logistics.lines.S01.trains_per_week=2", "logistics.lines.S01.capacity_teu=130",
       "logistics.mode_choice.rail_share=0"]  # fmt: skip


"""The teaching world with every Madrid and Rotterdam order by sea: 25.6 TEU a week offered to
S01 against two sailings of 13 slots (22.1)."""


def _s01(*extra: str) -> list[str]:
    from sim.world.capacity import capacity_warnings
    from sim.world.network import load_network

    return [w for w in capacity_warnings(teaching([*SEA, *extra]), load_network()) if "S01" in w]


def test_the_capacity_warning_counts_what_the_carriers_sailings_policy_may_add():
    """A sea route short of room under ``sailings.rule: carriers``: the carriers take a larger
    ship on each sailing (``max_upsize_share`` of its slots) and add extra loaders (one every
    ``extra_lead_h``, at most ``max_extra_per_week``), so the warning says what they add and
    that goods wait at the port for it, instead of a queue at Yiwu growing through the run;
    and the queue grows only when even that is short. They also blank one of the three
    sailings of the festival window inside the run (2026-02-17 to the run's end on 02-27):
    11.05 TEU over 150 days, 0.5 a week less."""
    from sim.output.saying import in_lang

    (fixed,) = _s01()  # published sailings only: as it always said
    assert fixed.code == "warn_capacity" and "about 22.1" in fixed
    (covered,) = _s01("logistics.sailings.rule=carriers")
    assert covered.code == "warn_capacity_sailings", covered
    # floor(0.1 * 13) = 1 slot a sailing (0.85 TEU of goods) on the 2 - 1 / 21.4 sailings a
    # week that sail; one extra loader a week of 13 + 1 slots; one 11.05 TEU sailing blanked:
    # 22.1 - 0.52 + 1.95 * 0.85 + 1 * (11.05 + 0.85)
    assert "brings that to about 35.1: it may take about 0.8 TEU more on each sailing" in covered
    assert "may add up to 1 extra loader a week and blanks about 1 of its 3 sailings" in covered
    assert "wait at Ningbo" in covered and "grow" not in covered
    zh = in_lang(covered, "zh")
    assert "加班船" in zh and "35.1" in zh and "航次策略" in zh and "取消约 1 个" in zh
    slow = "logistics.sailings.extra_lead_h=336"  # an extra loader every two weeks
    (half,) = _s01("logistics.sailings.rule=carriers", slow)
    assert "about 29.2: " in half and "add up to 0.5 extra loaders a week" in half
    (short,) = _s01("logistics.sailings.rule=carriers", "logistics.sailings.max_extra_per_week=0")
    assert short.code == "warn_capacity_beyond_sailings", short
    assert "and about 23.2 under the carriers' sailings policy, which may take about 0.8" in short
    assert short.endswith("the queue will grow through the run")
    assert "不断增长" in in_lang(short, "zh")
    (none,) = _s01("logistics.sailings.rule=carriers", "logistics.sailings.max_extra_per_week=0",
                   "logistics.sailings.max_upsize_share=0",
                   "logistics.sailings.festival_blank_share=0")  # fmt: skip
    assert none.code == "warn_capacity"  # nothing added, nothing blanked: the plain warning


def test_the_sea_capacity_warning_counts_the_carriers_festival_blank_sailings():
    """The carriers blank ``festival_blank_share`` of the sailings in the festival window; the
    warning counted only what they add, so a route they add nothing to was "short" by its
    published sailings and one whose published sailings were enough was not warned of at
    all, while the run blanked two of its four festival sailings. The estimate is the count
    the run blanks, and the clause of a limit that adds nothing is left out (it said "0 extra
    loaders" and "0.0 TEU more")."""
    from sim.model import Model
    from sim.output.saying import in_lang

    carriers = ["logistics.sailings.rule=carriers", "logistics.sailings.max_extra_per_week=0",
                "logistics.sailings.max_upsize_share=0"]  # fmt: skip
    (only,) = _s01(*carriers)
    assert only.code == "warn_capacity_beyond_sailings", only
    assert ("its 2 sailings a week carry about 22.1, and about 21.6 under the carriers' "
            "sailings policy, which blanks about 1 of its 3 sailings in the Spring Festival "
            "window (about 0.5 TEU a week less over the run)") in only  # fmt: skip
    assert "0 extra loaders" not in only and "0.0 TEU more" not in only
    # 2.4 sailings a week carry 26.5, enough for 25.6; blanking half the window's 4 is not
    enough = ["logistics.lines.S01.trains_per_week=2.4",
              "logistics.sailings.festival_blank_share=0.5"]  # fmt: skip
    (blanked,) = _s01(*carriers, *enough)
    assert blanked.code == "warn_capacity_blanked_sailings", blanked
    assert "2.4 published sailings a week carry about 26.5, but about 25.5 on average" in blanked
    assert "blanks about 2 of its 4 sailings" in blanked and "when the run ends" in blanked
    zh = in_lang(blanked, "zh")
    assert "春节窗口的 4 个航次中取消约 2 个" in zh and "运行结束时" in zh
    from sim.output.report_parts import scenario_warnings

    (said,) = [w for w in scenario_warnings(teaching([*SEA, *carriers, *enough]), "zh")
               if "S01" in w]  # fmt: skip
    assert "宁波舟山港" in said and not re.search(r"[A-Za-z]{2,}", re.sub("TEU|S01", "", said))
    assert _s01(*enough) == []  # the published sailings under the fixed rule: enough
    # the sailings the run blanks are the ones the warning counts
    for extra, n in (((), 1), (enough, 2)):
        sc = load_scenario(TEACHING, [*SEA, *carriers, *extra])
        assert Model(sc).run().summary["sailings"]["blanked_festival"] == n
    # an extension alone: no "0 extra loaders", no "0.0 TEU more"
    (extra_only,) = _s01("logistics.sailings.rule=carriers",
                         "logistics.sailings.max_upsize_share=0")  # fmt: skip
    assert "may add up to 1 extra loader a week and blanks about 1" in extra_only
    assert "larger ship" not in extra_only and "更大的船" not in in_lang(extra_only, "zh")
    (up_only,) = _s01("logistics.sailings.rule=carriers", "logistics.sailings.max_extra_per_week=0")
    assert "extra loader" not in up_only and "加班船" not in in_lang(up_only, "zh")


def test_the_capacity_warning_does_not_count_a_policy_of_ones_own():
    """A sailings (or dispatch) policy of one's own may blank, enlarge or add anything: the
    check cannot know what, so it says so, and names the policy, instead of the plain
    warning's queue growing through the run (a plug-in built on the carriers' own is not
    counted as theirs: it may do otherwise)."""
    from sim.output.saying import in_lang
    from sim.world.capacity import capacity_warnings
    from sim.world.network import load_network

    own = "tests.policies.plugins:CarriersWithoutFestivalBlanks"
    (w,) = _s01(f"logistics.sailings.rule={own}")
    assert w.code == "warn_capacity_own_sailings"
    assert w == ("sea route S01 (Yiwu-Ningbo-Rotterdam (sea)) is offered about 25.6 TEU a week, "
                 "more than its 2 published sailings a week carry (about 22.1); what the "
                 f"sailings policy {own} blanks or adds cannot be counted before the run: "
                 "goods will queue at Ningbo-Zhoushan port (Beilun/Chuanshan) unless it adds "
                 "space")  # fmt: skip
    zh = in_lang(w, "zh")
    assert f"航次策略 {own} " in zh and "无法计算" in zh
    more = "buyers.destinations={MAD: 0.4, MOW: 0.4, RTM: 0.2}"
    dispatch = "logistics.dispatch.rule=tests.policies.plugins:TrainAfterEveryCutOff"
    (d,) = [w for w in capacity_warnings(teaching([more, dispatch]), load_network())
            if "L10" in w]  # fmt: skip
    assert d.code == "warn_capacity_own_dispatch" and "grow" not in d
    assert "dispatch policy tests.policies.plugins:TrainAfterEveryCutOff adds or cancels" in d
    assert "调度策略" in in_lang(d, "zh")
