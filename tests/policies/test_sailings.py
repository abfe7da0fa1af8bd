"""The sailings policy: carriers blank sailings in the weeks after the Spring Festival and under
a minimum fill (the boxes roll to the next sailing), and take a larger ship or an extra loader
when boxes pile up at the port, within the scenario's limits; the live state sees the thinner
timetable, and no box is lost."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import BaseModel, Field

from sim.errors import ConservationError, ScenarioError
from sim.model import Model, check_conservation
from sim.policies.base import NetworkView
from sim.policies.sailings import SAIL, Notice, SailingCutOff, SailingsPolicy, make_sailings
from sim.scenario.schema import Sailings
from sim.world.inputs import load_scenario, validate_data
from tests.conftest import ROOT

FESTIVAL_H = 3336.0  # 17 February 2026 in the teaching world (start 1 October 2025)


class View:
    """The clock's time, all a sailings decision reads here."""

    def __init__(self, now: float) -> None:
        self.now = now


def _policy(**kw):
    return make_sailings(Sailings(rule="carriers", **kw))


def _cut(ready: int, arriving: int = 0, coming=((150.0, 40),), cap: int = 40, at: float = 100.0):
    return SailingCutOff(0, at, cap, ready, arriving, tuple(coming))


# ----------------------------------------------------------------- the rule on its own


def test_fixed_sailings_never_change_anything():
    policy = make_sailings(Sailings())
    assert not policy.active
    assert not policy.at_notice(Notice(0, FESTIVAL_H + 48, 40, FESTIVAL_H), View(0.0))
    assert policy.at_cutoff(_cut(ready=0), View(100.0)) == SAIL
    assert policy.at_cutoff(_cut(ready=4000), View(100.0)) == SAIL


def test_festival_blanks_a_share_of_the_window_spread_evenly_and_nothing_outside():
    policy = _policy(festival_blank_share=0.25, festival_from_days=0, festival_to_days=28)
    days = [-10, -1, *range(0, 28, 3), 28, 40]  # ten sailings in the window [0, 28) days
    blanked = [
        d
        for d in days
        if policy.at_notice(Notice(0, FESTIVAL_H + 24 * d, 40, FESTIVAL_H), View(0.0))
    ]
    in_window = [d for d in days if 0 <= d < 28]
    assert len(in_window) == 10
    assert blanked == [in_window[1], in_window[5], in_window[9]]  # round(0.25 * 10) = 3 (half up)
    # a sailing with no festival near, or a share of 0, is never blanked
    assert not policy.at_notice(Notice(0, 100.0, 40, None), View(0.0))
    none = _policy(festival_blank_share=0.0)
    assert not none.at_notice(Notice(0, FESTIVAL_H + 24, 40, FESTIVAL_H), View(0.0))


def test_an_under_filled_sailing_is_blanked_only_when_the_next_is_near():
    policy = _policy(min_fill=0.5, roll_within_h=72, add_when_backlog_sailings=5.0)
    assert policy.at_cutoff(_cut(ready=19, coming=[(150.0, 40)]), View(100.0)).blank
    assert not policy.at_cutoff(_cut(ready=20, coming=[(150.0, 40)]), View(100.0)).blank
    assert not policy.at_cutoff(_cut(ready=5, coming=[(200.0, 40)]), View(100.0)).blank
    assert not policy.at_cutoff(_cut(ready=5, coming=[]), View(100.0)).blank  # the last one
    assert not policy.at_cutoff(_cut(ready=0, cap=0), View(100.0)).blank  # a suspended line


def test_more_space_past_the_backlog_threshold_never_beyond_the_limits():
    policy = _policy(
        add_when_backlog_sailings=1.0, max_upsize_share=0.25, extra_lead_h=48, max_extra_per_week=1
    )
    far = [(400.0, 40)]  # the next published sailing leaves after an extra loader could
    below = policy.at_cutoff(_cut(ready=60, arriving=19, coming=far), View(100.0))
    assert below == SAIL  # 79 - 40 = 39 left behind < one sailing load
    # 200 slots ready: the sailing takes 10 more (a quarter of 40), not 160
    d = policy.at_cutoff(_cut(ready=200, coming=far), View(100.0))
    assert d.extra_slots == 10 and d.add_at_h == 148.0
    # only the ready overflow: 45 ready and 60 in their dwell give 5 more slots
    policy2 = _policy(add_when_backlog_sailings=1.0, max_upsize_share=0.25, extra_lead_h=48)
    assert policy2.at_cutoff(_cut(ready=45, arriving=60, coming=far), View(100.0)).extra_slots == 5
    # one extra loader pending at a time, and at most one in any 7 days
    assert policy.at_cutoff(_cut(ready=200, coming=far), View(120.0)).add_at_h is None
    assert policy.at_cutoff(_cut(ready=200, coming=far), View(200.0)).add_at_h is None
    assert policy.at_cutoff(_cut(ready=200, coming=far), View(290.0)).add_at_h == 338.0


def test_published_sailings_before_an_extra_loader_count_against_the_backlog():
    policy = _policy(add_when_backlog_sailings=1.0, max_upsize_share=0.0, extra_lead_h=48)
    # 100 slots left behind, two sailings of 40 leave before an extra could: 20 < 40
    soon = [(120.0, 40), (140.0, 40)]
    assert policy.at_cutoff(_cut(ready=140, coming=soon), View(100.0)).add_at_h is None
    assert policy.at_cutoff(_cut(ready=140, coming=[(400.0, 40)]), View(100.0)).add_at_h == 148.0


# ----------------------------------------------------------------- in a run


def _teaching(days: int = 150, **sailings) -> dict:
    raw = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").model_dump(mode="json")
    raw["days"] = days
    raw["logistics"]["sailings"] = {"rule": "carriers", **sailings} if sailings else {}
    return raw


def _run(raw: dict, seed: int = 42) -> tuple[Model, object]:
    model = Model(validate_data(raw, "t"), seed=seed)
    return model, model.run()


def _sailings(result) -> dict[str, np.ndarray]:
    d = result.tables["departures"]
    at = np.asarray(d["kind"]) == "sailing"
    out = {k: np.asarray(v)[at] for k, v in d.items()}
    out.setdefault("blanked", np.zeros(int(at.sum()), dtype=np.int64))
    return out


def _sailing_of_each_container(model: Model) -> np.ndarray:
    """Departure time of each container's sailing (NaN: not sailed)."""
    lg = model.logistics
    sail = lg.book.cols["sailing"].astype(np.int64)
    times = np.append(lg.departures["departed_h"], np.nan)
    return times[sail]


def test_festival_blanks_remove_the_window_s_sailings_and_their_boxes_sail_on_the_next_one():
    # the window: 20 to 50 days before the festival (inside the 120-day run), half blanked
    window = {"festival_from_days": -50, "festival_to_days": -20, "festival_blank_share": 0.5}
    fixed_model, fixed = _run(_teaching(days=120))
    model, run = _run(_teaching(days=120, min_fill=0.0, add_when_backlog_sailings=50, **window))
    base, got = _sailings(fixed), _sailings(run)
    lo, hi = FESTIVAL_H - 50 * 24, FESTIVAL_H - 20 * 24
    published = base["departed_h"][(base["departed_h"] >= lo) & (base["departed_h"] < hi)]
    blanked = got["departed_h"][got["blanked"] == 1]
    assert published.size >= 14
    assert blanked.size == math.floor(0.5 * published.size + 0.5)  # half rounded up
    assert np.isin(blanked, published).all()  # only published sailings in the window
    assert (got["blanked"] != 2).all()
    # a blanked sailing has no space, carries nothing and never arrives
    off = got["blanked"] > 0
    assert (got["capacity_teu"][off] == 0).all() and (got["teu"][off] == 0).all()
    assert np.isnan(got["arrived_h"][off]).all()
    assert run.summary["sailings"]["blanked_festival"] == blanked.size
    # the same containers (routing is static): each box of a blanked sailing leaves on the
    # next sailing that sails, every other box as before
    before, after = _sailing_of_each_container(fixed_model), _sailing_of_each_container(model)
    sailed = np.sort(got["departed_h"][~off])
    for t in blanked.tolist():
        boxes = before == t
        assert boxes.any()
        nxt = sailed[np.searchsorted(sailed, t, side="right")]
        assert (after[boxes] == nxt).all()
    moved = np.isin(before, blanked)
    assert np.array_equal(after[~moved], before[~moved], equal_nan=True)
    # the summary's sailings count the ones that sailed
    assert run.summary["lines"]["S01:sailing"]["departures"] == (
        fixed.summary["lines"]["S01:sailing"]["departures"] - blanked.size
    )


def test_an_under_filled_sailing_is_blanked_and_its_load_rolls_to_the_next():
    model, run = _run(_teaching(days=90, min_fill=0.5, roll_within_h=720, festival_blank_share=0))
    got = _sailings(run)
    since = got["departed_h"] >= run.scenario.warmup_days * 24.0  # (as every count of sailings)
    assert ((got["blanked"] == 2) & since).sum() == run.summary["sailings"]["blanked_min_fill"] > 10
    cap = 50  # 500 TEU booked a sailing, at scale 0.1
    sailed = (got["blanked"] == 0) & (got["capacity_teu"] > 0)
    # every sailing that sailed was at least half full, bar the run's last (none after it)
    assert (got["teu"][sailed][:-1] >= 0.5 * cap).all()
    # no box lost: each one a feeder brought to Ningbo sailed or still waits there
    assert model.logistics.sea.problem() is None
    fixed_model, _ = _run(_teaching(days=90))
    lg, lg0 = model.logistics, fixed_model.logistics

    def fed(m: Model) -> int:  # containers that sailed or wait at the port
        return int((m.logistics.book.cols["sailing"] >= 0).sum()) + m.logistics.sea.at_port().size

    assert fed(model) == fed(fixed_model)
    assert lg.sea.at_port().size >= lg0.sea.at_port().size


def test_the_port_balance_finds_a_lost_or_doubled_box():
    model, run = _run(_teaching(days=60, min_fill=0.5, roll_within_h=720))
    lg = model.logistics
    assert lg.sea.problem() is None
    c = lg.book.cols
    sailed = int(np.flatnonzero(c["sailing"] >= 0)[0])
    c["sailing"][sailed] = -1  # a box that was on a ship: now nowhere
    assert lg.sea.problem() == "1 containers reached a port and neither sailed nor wait there"
    with pytest.raises(ConservationError, match="neither sailed nor wait"):
        check_conservation(run.tables, lg)
    c["sailing"][sailed] = 0
    waiting = lg.sea.at_port()
    assert waiting.size  # under-filled sailings blanked: boxes wait at the end
    c["sailing"][waiting[0]] = 0  # a box both on a ship and still at the port
    assert lg.sea.problem() == "a container both sailed and waits at a port"


def _crowded_port(days: int = 120, **sailings) -> dict:
    """The teaching world with a sixth of the sea space: boxes pile up at Ningbo."""
    raw = _teaching(days=days, festival_blank_share=0.0, **sailings)
    raw["logistics"]["lines"]["S01"] = {"capacity_teu": 60}  # 6 slots a sailing at scale 0.1
    return raw


def test_a_larger_ship_when_the_backlog_passes_the_threshold_never_beyond_the_limit():
    model, run = _run(_crowded_port(max_upsize_share=0.5, add_when_backlog_sailings=1.0))
    got = _sailings(run)
    assert (got["capacity_teu"] <= 6 + 3).all()  # half again at most
    assert (got["capacity_teu"] > 6).sum() == run.summary["sailings"]["enlarged"] > 5
    assert (got["teu"] <= got["capacity_teu"]).all()
    raw = _crowded_port()
    raw["logistics"]["sailings"] = {"rule": "fixed"}
    fixed_model, fixed = _run(raw)
    assert got["teu"].sum() > _sailings(fixed)["teu"].sum()
    assert model.logistics.sea.at_port().size < fixed_model.logistics.sea.at_port().size
    assert model.logistics.sea.problem() is None


def test_extra_loaders_when_the_backlog_passes_the_threshold_within_the_weekly_limit():
    model, run = _run(_crowded_port(max_upsize_share=0.0, extra_lead_h=72, max_extra_per_week=1))
    got = _sailings(run)
    extra = got["extra"].astype(bool)
    assert extra.sum() == run.summary["sailings"]["added"] > 5
    t = np.sort(got["departed_h"][extra])
    assert (np.diff(t) >= 168.0 - 1e-9).all()  # never two in 7 days
    # each leaves extra_lead_h after a published sailing that asked for it
    asked = np.round(t - 72.0, 6)
    assert np.isin(asked, np.round(got["departed_h"][~extra], 6)).all()
    assert (got["capacity_teu"][extra] == 6).all()
    assert model.logistics.sea.problem() is None
    # none with a lower threshold than the backlog ever reaches
    quiet = _run(_teaching(days=120, festival_blank_share=0.0, add_when_backlog_sailings=50))[1]
    assert quiet.summary["sailings"]["added"] == 0 == quiet.summary["sailings"]["enlarged"]


def _madrid(rule: str, sailings: dict) -> dict:
    """Madrid by rail (L01, dearer) or sea (S01, cheaper and in time when ships sail)."""
    raw = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").model_dump(mode="json")
    raw["days"] = 80
    raw["buyers"]["destinations"] = {"MAD": 1.0}
    raw["online"]["destinations"] = None
    raw["logistics"]["only_lines"] = ["L01", "S01"]
    raw["logistics"]["lines"] = {"L01": {"trains_per_week": 14}}
    raw["logistics"]["mode_choice"] = {"rule": rule, "rail_share": 0.5, "safety_margin_h": 0}
    raw["logistics"].setdefault("costs", {})["rail_usd_per_teu"] = 6000
    for c in raw["market"]["categories"]:
        c["deadline"] = {"kind": "days_after_order", "days": 40}
    raw["logistics"]["sailings"] = sailings
    return raw


def test_live_routing_sees_the_thinner_sea_timetable_and_static_routing_does_not():
    # three sailings in four blanked from 100 to 60 days before the festival (days 39-79),
    # announced 35 days ahead
    thin = {"rule": "carriers", "festival_blank_share": 0.75, "festival_from_days": -100,
            "festival_to_days": -60}  # fmt: skip
    share = {}
    for rule in ("live", "share"):
        for label, sailings in (("fixed", {"rule": "fixed"}), ("thin", thin)):
            o = _run(_madrid(rule, sailings), seed=7)[1].tables["orders"]
            at = (o["placed_h"] >= 30 * 24.0) & (o["placed_h"] < 70 * 24.0)
            share[rule, label] = float((np.asarray(o["mode"])[at] == "rail").mean())
    # fewer sailings: the sea is expected later, and live bookings move to rail
    assert share["live", "thin"] - share["live", "fixed"] > 0.2
    # a fixed rail share does not look: the same draws give the same routes
    assert share["share", "thin"] == share["share", "fixed"]


def test_the_live_state_forgets_a_blanked_sailing_from_its_announcement():
    raw = _teaching(days=120, festival_from_days=-50, festival_to_days=-20,
                    festival_blank_share=1.0, notice_days=10)  # fmt: skip
    model = Model(validate_data(raw, "t"))
    env = model.build()
    lg = model.logistics
    route = next(r.index for r in lg.routes if r.mode == "sea")
    first = next(s.departure_h for s in lg.sea.plan[route] if s.departure_h >= FESTIVAL_H - 50 * 24)
    assert first in lg.sailing_times[route]
    env.run(until=first - 10 * 24 - 1)
    assert first in lg.sailing_times[route]  # not announced yet
    env.run(until=first - 10 * 24 + 1)
    assert first not in lg.sailing_times[route]
    # announcements are decision moments: no slice of orders spans one
    assert np.isclose(lg.decision_times_h(0, 1e9), first - 240).any()


class EveryNthBlanked(SailingsPolicy):
    """A user's carrier (a plug-in): blanks every ``n``-th published sailing, announced
    ``ahead_h`` before it."""

    active = True

    class Params(BaseModel):
        n: int = Field(2, ge=2, description="Every n-th sailing is blanked.")
        ahead_h: float = Field(240.0, ge=0, description="Notice (h).")

    def __init__(self, spec) -> None:
        super().__init__(spec)
        self.notice_h = self.params.ahead_h
        self.seen = 0

    def at_notice(self, sailing: Notice, view: NetworkView) -> bool:
        self.seen += 1
        return self.seen % self.params.n == 0


def test_a_plug_in_carrier_named_module_class_with_its_own_parameters():
    raw = _teaching(days=60)
    raw["logistics"]["sailings"] = {
        "rule": "tests.policies.test_sailings:EveryNthBlanked",
        "params": {"n": 3},
    }
    _, run = _run(raw)
    got = _sailings(run)
    published = got["departed_h"].size
    assert (got["blanked"] == 1).sum() == published // 3
    raw["logistics"]["sailings"]["params"] = {"n": 1}
    with pytest.raises(ScenarioError) as info:
        validate_data(raw, "t")
    assert info.value.problems[0].startswith("logistics.sailings.params.n:")


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("sailings", "key", "words"),
    [
        ({"rule": "blank"}, "logistics.sailings.rule", "allowed: carriers, fixed"),
        ({"rule": "carriers", "min_fill": 1.5}, "logistics.sailings.min_fill", "1.5"),
        ({"festival_blank_share": -0.1}, "logistics.sailings.festival_blank_share", "-0.1"),
        ({"max_extra_per_week": 99}, "logistics.sailings.max_extra_per_week", "99"),
        ({"roll_within_h": "soon"}, "logistics.sailings.roll_within_h", "soon"),
        (
            {"festival_from_days": 10, "festival_to_days": 5},
            "logistics.sailings.festival_to_days",  # the key the check across keys names
            "must be after festival_from_days",
        ),
        ({"rule": "carriers", "params": {"x": 1}}, "logistics.sailings.params", "takes no params"),
        ({"blank_share": 0.2}, "logistics.sailings.blank_share", ""),
    ],
)
def test_bad_sailings_settings_name_the_key(sailings, key, words):
    raw = _teaching()
    raw["logistics"]["sailings"] = sailings
    with pytest.raises(ScenarioError) as info:
        validate_data(raw, "t")
    problems = info.value.problems
    assert len(problems) == 1
    assert problems[0].startswith(key + ":"), problems
    assert words in problems[0]
