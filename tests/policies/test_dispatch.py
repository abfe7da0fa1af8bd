"""The dispatch policy: extra trains past a backlog threshold, within the weekly limit and
lead time; cancellations of under-filled departures when the next one is near."""

from __future__ import annotations

import numpy as np

from sim.model import Model
from sim.policies.dispatch import CutOff, make_dispatch
from sim.scenario.schema import Dispatch
from sim.world.inputs import load_scenario, validate_data
from tests.conftest import ROOT


class View:
    """The line's coming departures (time, slots) at a clock time."""

    def __init__(self, now: float, coming: list[tuple[float, int]]) -> None:
        self.now = now
        self.coming = coming

    def next_departures(self, route: int, n: int) -> list[tuple[float, int]]:
        return self.coming[:n]


def _policy(**kw):
    return make_dispatch(Dispatch(rule="demand", **kw))


def test_fixed_timetable_never_changes_anything():
    policy = make_dispatch(Dispatch())
    assert not policy.active
    d = policy.at_cutoff(CutOff(0, 100.0, 40, 0, 1000), View(90.0, [(268.0, 40)]))
    assert not d.cancel and d.add_at_h is None


def test_an_extra_train_once_the_backlog_passes_the_threshold_and_not_before():
    policy = _policy(add_when_backlog_trains=1.0, lead_h=48, max_extra_per_week=5)
    view = View(90.0, [(268.0, 40)])  # the next published train leaves in a week
    below = policy.at_cutoff(CutOff(0, 100.0, 40, 40, 39), view)
    assert below.add_at_h is None
    above = policy.at_cutoff(CutOff(0, 100.0, 40, 40, 40), view)
    assert above.add_at_h == 90.0 + 48


def test_no_extra_while_one_is_pending_and_at_most_the_weekly_limit():
    policy = _policy(add_when_backlog_trains=1.0, lead_h=24, max_extra_per_week=1)
    first = policy.at_cutoff(CutOff(0, 100.0, 40, 40, 200), View(90.0, [(400.0, 40)]))
    assert first.add_at_h == 114.0
    pending = policy.at_cutoff(CutOff(0, 110.0, 40, 40, 200), View(100.0, [(400.0, 40)]))
    assert pending.add_at_h is None  # the first extra has not left yet
    # after it left, but within 7 days of it: the week's one extra is used
    later = policy.at_cutoff(CutOff(0, 130.0, 40, 40, 200), View(120.0, [(400.0, 40)]))
    assert later.add_at_h is None
    week_on = policy.at_cutoff(CutOff(0, 300.0, 40, 40, 200), View(290.0, [(400.0, 40)]))
    assert week_on.add_at_h == 314.0


def test_published_departures_before_the_extra_count_against_the_backlog():
    policy = _policy(add_when_backlog_trains=1.0, lead_h=48, max_extra_per_week=5)
    # 60 slots waiting, a published train of 40 leaves before an extra could: 20 left < 40
    d = policy.at_cutoff(CutOff(0, 100.0, 40, 40, 60), View(90.0, [(120.0, 40)]))
    assert d.add_at_h is None


def test_an_under_filled_departure_is_cancelled_only_when_the_next_is_near():
    policy = _policy(min_fill=0.5, merge_within_h=48, add_when_backlog_trains=5.0)
    near = policy.at_cutoff(CutOff(0, 100.0, 40, 10, 0), View(90.0, [(140.0, 40)]))
    assert near.cancel
    far = policy.at_cutoff(CutOff(0, 100.0, 40, 10, 0), View(90.0, [(200.0, 40)]))
    assert not far.cancel
    full = policy.at_cutoff(CutOff(0, 100.0, 40, 20, 0), View(90.0, [(140.0, 40)]))
    assert not full.cancel


def _one_line(trains_per_week: float, visits: float, **dispatch) -> dict:
    raw = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").model_dump(mode="json")
    raw["days"] = 70
    raw["buyers"]["destinations"] = {"MOW": 1.0}
    raw["buyers"]["visits_per_day"] = visits
    raw["online"]["destinations"] = None
    raw["logistics"]["only_lines"] = ["L10"]
    raw["logistics"]["lines"] = {"L10": {"trains_per_week": trains_per_week}}
    raw["logistics"]["mode_choice"] = {"rule": "share"}
    raw["logistics"]["dispatch"] = {"rule": "demand", **dispatch}
    return raw


def test_in_a_run_a_crowded_line_gets_extra_trains_and_an_empty_one_loses_departures():
    crowded = Model(validate_data(_one_line(1, 4000, lead_h=48, max_extra_per_week=3), "t"))
    result = crowded.run()
    trains = result.tables["departures"]
    extra = np.asarray(trains["extra"], dtype=bool)
    # (counted from the warm-up's end, as every count of trains)
    since = np.asarray(trains["departed_h"]) >= crowded.scenario.warmup_days * 24.0
    assert (extra & since).sum() == result.summary["dispatch"]["trains_added"] > 0
    # each extra leaves lead_h after the cut-off (12 h before a departure) that asked for it
    is_train = np.asarray(trains["kind"]) == "train"
    asked = trains["departed_h"][extra] - 48.0
    assert np.isin(np.round(asked + 12.0, 6), np.round(trains["departed_h"][is_train], 6)).all()
    # the fixed timetable of the same world carries less
    fixed = _one_line(1, 4000)
    fixed["logistics"]["dispatch"] = {"rule": "fixed"}
    base = Model(validate_data(fixed, "t")).run()
    assert trains["teu"].sum() > base.tables["departures"]["teu"].sum()

    quiet = Model(validate_data(_one_line(7, 200, min_fill=0.9, merge_within_h=30), "t")).run()
    d = quiet.summary["dispatch"]
    assert d["trains_cancelled"] > 0
    # a cancelled departure's containers left on a later train: nothing is lost
    assert quiet.summary["orders"]["placed"] > 0


def test_a_departure_is_not_cancelled_while_more_goods_wait_than_it_could_take():
    """min_fill is for a train that would run nearly empty. A departure that loaded 8 of its
    10 slots (the next group of containers did not fit) with 11 more slots waiting behind it
    was cancelled as under-filled: in the teaching world with min_fill 0.9, from day 49 every
    Moscow train was cancelled in turn, its load waiting for the next, which was cancelled too
    (165 TEU never left Yiwu; 35 of the 38 extra trains added were cancelled the same way)."""
    policy = _policy(min_fill=0.9, merge_within_h=96, add_when_backlog_trains=5.0)
    view = View(90.0, [(184.0, 10)])
    assert not policy.at_cutoff(CutOff(0, 100.0, 10, 8, 11), view).cancel
    assert not policy.at_cutoff(CutOff(0, 100.0, 10, 8, 1), view).cancel  # 9 of 10: enough
    assert policy.at_cutoff(CutOff(0, 100.0, 10, 7, 1), view).cancel  # 8 booked in all


def test_a_cut_off_that_cancels_adds_no_extra_train_for_the_goods_it_merges():
    """A departure cancelled as under-filled sends its goods to the next one (within
    merge_within_h); the same decision also added an extra train lead_h later for those very
    goods whenever min_fill exceeded add_when_backlog_trains: the departure was postponed, not
    merged, and counted as one cancelled and one added (teaching world, L10 at 4 a week: 7 of
    its 10 extras that ran left a day after a departure cancelled for them)."""
    policy = _policy(min_fill=0.6, add_when_backlog_trains=0.5, merge_within_h=60, lead_h=24,
                     max_extra_per_week=5)  # fmt: skip
    view = View(90.0, [(150.0, 10)])
    d = policy.at_cutoff(CutOff(0, 100.0, 10, 5, 0), view)  # 5 of 10: under-filled
    assert d.cancel and d.add_at_h is None
    # a backlog past the threshold with the departure kept still gets its extra
    kept = policy.at_cutoff(CutOff(0, 100.0, 10, 10, 6), view)
    assert not kept.cancel and kept.add_at_h == 114.0


def test_with_a_minimum_fill_a_line_with_more_goods_than_trains_keeps_running():
    """The teaching world, min_fill 0.9: Moscow's line carries what it is offered instead of
    cancelling train after train, and every extra train that was added leaves."""
    sc = load_scenario(
        ROOT / "scenarios" / "teaching_small.yaml",
        ["logistics.dispatch.rule=demand", "logistics.dispatch.min_fill=0.9"],
    )
    result = Model(sc).run()
    trains, orders = result.tables["departures"], result.tables["orders"]
    late = trains["departed_h"] > 50 * 24
    assert np.sum(late & (trains["line"] == "L10")) > 20  # 28 under the fixed timetable
    stuck = (orders["line"] == "L10") & np.isnan(orders["departed_h"])
    assert orders["teu"][stuck].sum() < 10  # 2.5 TEU under the fixed timetable
    added = result.summary["dispatch"]["trains_added"]
    assert np.asarray(trains["extra"], dtype=bool).sum() == added


def test_an_extra_train_never_leaves_before_the_departure_that_asked_for_it():
    """A lead shorter than the cut-off put the extra train before the departure whose cut-off
    asked for it: that departure had loaded the oldest containers, the extra took the younger
    ones it left behind and left first (the teaching world with a 30 h cut-off and a 24 h
    lead: Moscow goods packed at 3024.7 h left at 3121.8 h, goods packed at 3013.8 h six
    hours later). The extra now leaves with that departure at the earliest."""
    policy = _policy(add_when_backlog_trains=1.0, lead_h=24, max_extra_per_week=5)
    view = View(70.0, [(268.0, 40)])  # cut-off at 70 h of a departure at 100 h
    assert policy.at_cutoff(CutOff(0, 100.0, 40, 40, 80), view).add_at_h == 100.0
    sc = load_scenario(
        ROOT / "scenarios" / "teaching_small.yaml",
        ["logistics.consolidation.cutoff_h=30", "logistics.dispatch.rule=demand",
         "logistics.dispatch.lead_h=24"],
    )  # fmt: skip
    o = Model(sc).run().tables["orders"]
    for line in ("L01", "L10", "L12"):  # first closed, first to leave, on every line
        m = (o["line"] == line) & ~np.isnan(o["departed_h"])
        order = np.lexsort((o["departed_h"][m], o["packed_h"][m]))
        assert (np.diff(o["departed_h"][m][order]) >= 0).all(), line
