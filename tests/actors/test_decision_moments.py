"""Every order is decided at its own moment: booked when the clock reaches it, in slices that
never span a cut-off or an announcement, routed for the time its goods will be ready, and never
put on a departure whose cut-off comes before they are ready. Buyer visits order only while the
market's hall is open."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import numpy as np
import pytest

from sim.model import Model
from sim.world.inputs import load_scenario, validate_data
from tests.conftest import ROOT

SHIPPED = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


def _cutoff_of_departures(model: Model) -> np.ndarray:
    """The cut-off of every departure from Yiwu (NaN for sailings, which have none): the
    timetable row whose departure time and route match."""
    lg = model.logistics
    dep = lg.departures.frozen()
    out = np.full(dep["route"].size, np.nan)
    for route, rows in lg.rows.items():
        by_time = {d: c for c, d, cap in rows if cap > 0}
        for i in np.flatnonzero((dep["route"] == route) & (dep["kind"] != 2)).tolist():
            out[i] = by_time[float(dep["departed_h"][i])]
    return out


@pytest.mark.parametrize("name", SHIPPED)
def test_no_order_leaves_before_its_goods_are_ready_and_visits_order_in_opening_hours(name):
    sc = load_scenario(ROOT / "scenarios" / name)
    model = Model(sc)
    result = model.run()
    o = result.tables["orders"]
    cutoff = np.append(_cutoff_of_departures(model), np.nan)[o["departure_id"]]
    on_board = o["departure_id"] >= 0
    assert on_board.sum() > 0
    # the cut-off of the departure an order's goods left on is never before they were ready
    assert (o["ready_h"][on_board] <= cutoff[on_board] + 1e-9).all()
    # buyer visits order only while the market's hall is open, on days it is open
    buyer = np.asarray(o["channel"]) == "buyer"
    placed = o["placed_h"][buyer]
    hour = placed - 24.0 * np.floor(placed / 24.0)
    opens, closes = sc.buyers.open_hours
    assert ((hour >= opens - 1e-9) & (hour <= closes + 1e-9)).all(), name
    open_day = np.asarray(model.demand.desk.cal.open_day)
    assert open_day[(placed // 24).astype(np.int64)].all(), name


def test_a_slice_of_orders_never_spans_a_cut_off_or_an_announcement(tiny):
    tiny = copy.deepcopy(tiny)
    tiny["days"] = 30
    tiny["logistics"] = {"mode_choice": {"rule": "live"}}
    tiny["disruptions"] = [
        {"target": "node", "id": "MAL", "start": "2025-09-20", "end": "2025-09-25",
         "servers_factor": 0.0, "announced": "2025-09-12T15:30"}
    ]  # fmt: skip
    model = Model(validate_data(tiny, "t"))
    env = model.build()
    desk, lg = model.desk, model.logistics
    moments = lg.decision_times_h(0.0, 1e9)
    assert (np.isclose(moments, 11 * 24.0 + 15.5)).any()  # the announcement, to the minute
    booked = 0
    slices = 0
    while env.peek() < 30 * 24.0:
        env.step()
        n = desk.orders.n
        if n == booked:
            continue
        new = desk.orders["placed_h"][booked:n]
        now = env.now
        # booked when the clock reaches the slice's first order, never before
        assert new.min() >= now - 1e-9
        # and no order of the slice lies beyond the next cut-off or announcement
        nxt = moments[moments > now]
        if nxt.size:
            assert new.max() < nxt[0]
        booked, slices = n, slices + 1
    assert slices > 30  # more than one decision a day


def _madrid_world(days: int = 80) -> dict:
    """The teaching world with one destination (Madrid: rail L01 or sea S01), live routing and
    a deadline on every order, so each order weighs both routes."""
    raw = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").model_dump(mode="json")
    raw["days"] = days
    raw["buyers"]["destinations"] = {"MAD": 1.0}
    raw["online"]["destinations"] = None
    raw["logistics"]["only_lines"] = ["L01", "S01"]
    raw["logistics"]["lines"] = {"L01": {"trains_per_week": 14}}
    raw["logistics"]["mode_choice"] = {"rule": "live", "rail_share": 0.5, "safety_margin_h": 0}
    for c in raw["market"]["categories"]:
        c["deadline"] = {"kind": "days_after_order", "days": 40}
    return raw


def _rail_share(o: dict, lo_h: float, hi_h: float) -> float:
    at = (o["placed_h"] >= lo_h) & (o["placed_h"] < hi_h)
    return float((np.asarray(o["mode"])[at] == "rail").mean())


def test_one_day_two_states_morning_orders_take_rail_afternoon_orders_sea():
    raw = _madrid_world()
    day = 40
    d = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").start + timedelta(days=day)
    raw["disruptions"] = [
        {"target": "node", "id": "MAL", "start": str(d + timedelta(days=2)),
         "end": str(d + timedelta(days=40)), "servers_factor": 0.0,
         "announced": f"{d}T13:00:00"}
    ]  # fmt: skip
    o = Model(validate_data(raw, "t")).run().tables["orders"]
    morning = _rail_share(o, 24.0 * day, 24.0 * day + 13.0)
    afternoon = _rail_share(o, 24.0 * day + 13.0, 24.0 * day + 24.0)
    # the same kind of order, the same day: before the announcement rail meets a 40-day
    # deadline; after it, a 38-day closure on the way does not, and sea is taken
    assert morning > 0.9
    assert afternoon < 0.1


def test_an_announced_sea_delay_moves_live_bookings_to_rail_and_static_ones_not_at_all():
    start = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").start
    cape = {"target": "edge", "id": "NGB-RTM", "start": str(start + timedelta(days=30)),
            "end": str(start + timedelta(days=79)), "extra_h": 12 * 24.0,
            "announced": str(start + timedelta(days=25))}  # fmt: skip
    shares = {}
    for rule in ("live", "share"):
        for label, disruptions in (("normal", []), ("cape", [cape])):
            raw = _madrid_world()
            raw["logistics"]["mode_choice"]["rule"] = rule
            # sea the cheaper way to Madrid, and in time for the deadline when ships are normal
            raw["logistics"].setdefault("costs", {})["rail_usd_per_teu"] = 6000
            for c in raw["market"]["categories"]:
                c["deadline"] = {"kind": "days_after_order", "days": 45}
            raw["disruptions"] = disruptions
            o = Model(validate_data(raw, "t"), seed=7).run().tables["orders"]
            shares[rule, label] = _rail_share(o, 26 * 24.0, 70 * 24.0)
    # live routing reads the slower passage round the Cape as soon as it is announced
    assert shares["live", "cape"] - shares["live", "normal"] > 0.2
    # a fixed rail share does not look: the same draws give the same routes
    assert shares["share", "cape"] == shares["share", "normal"]


def test_a_closure_until_further_notice_sends_live_bookings_to_sea_until_its_end_is_told():
    """A six-day closure told with its end leaves rail in time for a 40-day deadline; the
    same closure "until further notice" (its end told on its fourth day) is expected to go on,
    so live routing sends the orders of those days to sea, and back to rail once the end is
    told. A fixed rail share never looks: the same draws give the same routes. The moment the
    end is told is a decision moment: no booking slice spans it."""
    day = 40
    d = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").start + timedelta(days=day)
    closure = {"target": "node", "id": "MAL", "start": str(d + timedelta(days=1)),
               "end": str(d + timedelta(days=6)), "servers_factor": 0.0,
               "announced": f"{d}T09:00:00"}  # fmt: skip
    later = {**closure, "end_announced": f"{d + timedelta(days=4)}T12:00:00"}
    told_h = 24.0 * (day + 4) + 12.0
    shares = {}
    for rule in ("live", "share"):
        for label, disruption in (("known", closure), ("later", later)):
            raw = _madrid_world()
            raw["logistics"]["mode_choice"]["rule"] = rule
            raw["disruptions"] = [disruption]
            model = Model(validate_data(raw, "t"), seed=3)
            o = model.run().tables["orders"]
            if label == "later":
                assert np.isclose(model.logistics.decision_times_h(0.0, 1e9), told_h).any()
            shares[rule, label, "before"] = _rail_share(o, 24.0 * day + 9.0, told_h)
            shares[rule, label, "after"] = _rail_share(o, told_h, told_h + 48.0)
    assert shares["live", "known", "before"] > 0.9  # six days closed: rail still in time
    assert shares["live", "later", "before"] < 0.1  # closed for good, as far as anyone knew
    assert shares["live", "later", "after"] > 0.9  # the end told: rail again
    assert shares["live", "known", "after"] > 0.9
    for when in ("before", "after"):
        assert shares["share", "later", when] == shares["share", "known", when]
    # the per-actor reference reads the same news
    raw = _madrid_world()
    raw["disruptions"], raw["engine"] = [later], "per_actor"
    o = Model(validate_data(raw, "t"), seed=3).run().tables["orders"]
    before, after = _rail_share(o, 24.0 * day + 9.0, told_h), _rail_share(o, told_h, told_h + 48)
    assert before < 0.1 and after > 0.9


@pytest.mark.parametrize(
    "name", ["whatif_festival_closure_static.yaml", "border_disruption_malaszewicze.yaml"]
)
def test_an_end_told_later_changes_nothing_a_static_rule_decides(name):
    """Static rules (a fixed rail share, first closed first loaded, fixed paths) read no state:
    telling each disruption's end a week later, expected to go on for good until then, gives
    the very same tables, and the crossings close and reopen on their own dates."""
    raw = load_scenario(ROOT / "scenarios" / name).model_dump(mode="json")
    plain = Model(validate_data(copy.deepcopy(raw), "t"), seed=5).run().tables
    for d in raw["disruptions"]:
        d["end_announced"] = str(date.fromisoformat(d["end"]) + timedelta(days=7))
    told = Model(validate_data(raw, "t"), seed=5).run().tables
    for table in ("orders", "departures", "crossings"):
        for col, values in plain[table].items():
            assert np.array_equal(values, told[table][col], equal_nan=values.dtype.kind == "f"), (
                table, col)  # fmt: skip


def test_an_end_told_after_the_reopening_is_known_when_the_crossing_reopens():
    """A closure's end "told" a week after it is over: the crossing reopens and trains cross
    again, which every forwarder sees, so live decisions know it then. Before, they expected
    the closure to go on for a week more and sent the orders of that week to sea. Both
    engines: the same tables as the end told at the reopening itself."""
    day = 40
    d = load_scenario(ROOT / "scenarios" / "teaching_small.yaml").start + timedelta(days=day)
    closure = {"target": "node", "id": "MAL", "start": str(d + timedelta(days=1)),
               "end": str(d + timedelta(days=6)), "servers_factor": 0.0,
               "announced": f"{d}T09:00:00"}  # fmt: skip
    reopening = f"{d + timedelta(days=7)}T00:00:00"
    for engine in ("batched", "per_actor"):
        tables = {}
        for told in (reopening, f"{d + timedelta(days=14)}T12:00:00"):
            raw = _madrid_world()
            raw["engine"] = engine
            raw["disruptions"] = [{**closure, "end_announced": told}]
            tables[told] = Model(validate_data(raw, "t"), seed=3).run().tables
        at_reopening, late = tables.values()
        o = late["orders"]
        reopened_h = 24.0 * (day + 7)
        assert _rail_share(o, reopened_h, reopened_h + 6 * 24.0) > 0.9, engine  # rail again
        for table in ("orders", "departures", "crossings"):
            for col, values in at_reopening[table].items():
                same = np.array_equal(values, late[table][col], equal_nan=values.dtype.kind == "f")
                assert same, (engine, table, col)
