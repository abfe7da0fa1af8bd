"""The container pools on tiny worlds: exact waits for a box, eastbound services bringing boxes
back, boxes conserved at every moment, and crossings counted once per direction."""

import math

import numpy as np
import pytest

from sim.actors.containers import BoxPools
from sim.errors import ScenarioError
from sim.policies.repositioning import make_repositioning
from sim.world.inputs import resolve, validate_data
from tests.worlds import LogisticsWorld

CONST2 = {"dist": "constant", "value": 2}
TO_HRG = 13.3 + 14.9 + 13.6 + 18.0 + 50.5 + 10.4 + 7.6  # Yiwu to Khorgos, the data's hours
HRG_ALA = 2 + 1 + 2 + 7.5  # Khorgos service, to Altynkol, its service, to Almaty
TERMINAL = 24.0


def _world(tiny, containers, repositioning=None, borders=None, capacity=100):
    """Line L12 to Almaty, one train a week (Mondays 10:00: hours 10, 178, 346, 514 ...; cut-off
    12 h before, the first at 0), single-server crossings at Khorgos and Altynkol (2 h each)."""
    tiny["buyers"]["destinations"] = {"ALA": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L12"],
        "lines": {"L12": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": capacity}},
        "borders": borders
        or {
            "HRG": {"servers": 1, "service_h": CONST2},
            "ALT": {"servers": 1, "service_h": CONST2},
        },
        "last_mile_h": {"dist": "constant", "value": 24},
        "consolidation": {"cutoff_h": 12},
        "containers": containers,
        "repositioning": repositioning or {"rule": "none"},
    }
    tiny["scale"] = 1.0
    tiny["days"] = 60
    sc = resolve(validate_data(tiny, "test"))
    w = LogisticsWorld(sc, ["ALA"])
    w.lg.boxes = BoxPools(w.lg, make_repositioning(sc.logistics.repositioning))
    return w


EAST_ON = {"enabled": True, "return_share": 1.0, "turnround_h": 0, "import_load_factor": 0}


def test_packing_waits_for_a_box_and_starts_when_an_empty_arrives(tiny):
    w = _world(
        tiny,
        {"pools_teu": {"YIW": 1}, "eastbound": EAST_ON},
        {"rule": "return_on_eastbound"},
    )
    first, second = w.order(0.0, 0.95), w.order(0.0, 0.95)  # one container each
    w.start()
    w.env.run(until=24 * 30)
    st = w.stage_times()
    assert st["departed_h"][first] == 10.0  # the one box in Yiwu
    # train 1 at Almaty at 10 + TO_HRG + HRG_ALA, unloaded a terminal day later, when its set
    # turns round with the empty; back in Yiwu after the same hours and a day's unloading
    east_leaves = 10.0 + TO_HRG + HRG_ALA + TERMINAL
    back = east_leaves + HRG_ALA + TO_HRG + TERMINAL  # 339.6 h: after the cut-off at 334
    assert back == pytest.approx(339.6)
    assert st["departed_h"][second] == 514.0  # boxed at the cut-off at 502
    wait = w.lg.boxes.wait_h(w.lg.book, 24 * 30)
    assert wait.tolist() == [0.0, 502.0]


def test_an_eastbound_service_carries_empties_back_and_the_pool_refills(tiny):
    w = _world(
        tiny,
        {"pools_teu": {"YIW": 2, "ALA": 3}, "eastbound": {**EAST_ON, "import_load_factor": 0.01}},
        {"rule": "return_on_eastbound"},
    )
    w.order(0.0, 0.95)
    w.order(0.0, 0.95)
    w.start()
    w.env.run(until=24 * 20)
    boxes = w.lg.boxes
    east = boxes.east_table()
    leaves = 10.0 + TO_HRG + HRG_ALA + TERMINAL
    # every set returns (share 1), the second one from an empty westbound train
    assert east["departed_h"].tolist() == pytest.approx([leaves, leaves + 168])
    assert east["arrived_h"][0] == pytest.approx(leaves + HRG_ALA + TO_HRG)
    # 1 % of 100 slots with imports, the rest of Almaty's 3 + 2 boxes as empties
    assert (east["import_teu"][0], east["empty_teu"][0]) == (1, 4)
    assert (east["import_teu"][1], east["empty_teu"][1]) == (0, 0)  # Almaty's pool is empty
    assert boxes.empty_teu_km == pytest.approx(4 * east["km"][0])
    levels = boxes.levels_table()
    yiw = levels["location"] == "YIW"
    assert levels["level_teu"][yiw].tolist() == [2, 0, 5]  # start, both packed, all 5 back
    assert levels["t_h"][yiw][-1] == pytest.approx(leaves + HRG_ALA + TO_HRG + TERMINAL)
    assert boxes.level == {"YIW": 5, "ALA": 0}
    # the service queued once at each crossing, eastbound (the westbound records stay apart)
    ec = boxes.east_crossings_table()
    assert ec["border"].tolist() == ["ALT", "HRG", "ALT", "HRG"]
    assert ec["service"].tolist() == [1, 1, 1, 1]
    assert sum(1 for c in w.crossings if c[0] == 0) == 2


def test_every_box_is_somewhere_at_every_moment(tiny):
    w = _world(
        tiny,
        {
            "pools_teu": {"YIW": 6, "ALA": 2},
            "withdraw_on": "2025-09-20",
            "withdraw_teu": 2,
            "eastbound": {**EAST_ON, "import_load_factor": 0.02, "turnround_h": 30},
        },
        {"rule": "return_on_eastbound"},
        capacity=2,
    )
    for k in range(12):
        w.order(20.0 * k, 0.6 + 0.05 * (k % 4))  # sizes that close containers now and then
    w.order(50.0, 2.5)  # a large order: a group of three slots
    w.start()
    boxes = w.lg.boxes
    seen = set()
    while w.env.peek() < 24 * 60:
        w.env.step()
        assert boxes.balance() == 0, boxes.where()
        assert min(boxes.where().values()) >= 0
        seen.update(k for k, v in boxes.where().items() if v)
    assert {"packed", "westbound", "eastbound", "pool:YIW", "pool:ALA"} <= seen
    assert boxes.withdrawn == 2


def test_a_lease_fills_the_gap_at_the_cutoff_at_its_cost(tiny):
    w = _world(tiny, {"pools_teu": {"YIW": 1}}, {"rule": "lease", "lease_usd_per_teu": 1000})
    ids = [w.order(0.0, 0.95) for _ in range(3)]
    w.order(0.0, 2.5)  # three slots
    w.start()
    w.env.run(until=24 * 3)
    assert w.stage_times()["departed_h"][ids].tolist() == [10.0, 10.0, 10.0]
    assert w.lg.boxes.leased == 5  # 3 + 3 slots needed, 1 box there
    assert w.lg.boxes.balance() == 0


def test_without_repositioning_the_second_container_never_leaves(tiny):
    w = _world(tiny, {"pools_teu": {"YIW": 1}})
    first, second = w.order(0.0, 0.95), w.order(0.0, 0.95)
    w.start()
    w.env.run(until=24 * 40)
    departed = w.stage_times()["departed_h"]
    assert departed[first] == 10.0 and math.isnan(departed[second])
    assert w.lg.boxes.level == {"YIW": 0, "ALA": 1}


def test_background_trains_are_counted_once_per_crossing_per_direction(tiny):
    borders = {
        "HRG": {"servers": 2, "service_h": CONST2, "background_trains_per_day": 4},
        "ALT": {"servers": 1, "service_h": CONST2},
    }
    east = {**EAST_ON, "background_share": 0.5, "background_trains_per_day": {"ALT": 1.0}}
    w = _world(tiny, {"pools_teu": {"YIW": 5}, "eastbound": east}, borders=borders)
    w.start()
    days = 50
    w.env.run(until=24 * days)
    west = w.lg.crossings_table()
    ec = w.lg.boxes.east_crossings_table()
    trains = sum(1 for d in w.departures if d[2] == "train" and d[3] < 24 * days - 200)
    # services that have had the hours to reach Khorgos (from Almaty) by the end
    services = sum(1 for row in w.lg.boxes.east_rows if row[2] + HRG_ALA < 24 * days)
    for node in ("HRG", "ALT"):
        # Yiwu's trains and its eastbound services: once each at each crossing they reach
        own_w = (west["border"] == node) & (west["departure_id"] >= 0)
        assert len(set(west["departure_id"][own_w].tolist())) == own_w.sum() >= trains
        assert ((ec["border"] == node) & (ec["service"] == 1)).sum() == services
    # background where the scenario puts it: westbound at Khorgos only, eastbound at its share
    # of that (Khorgos) or its own rate (Altynkol)
    bg_w = west["departure_id"] < 0
    assert int((bg_w & (west["border"] == "ALT")).sum()) == 0
    n_w_hrg = int((bg_w & (west["border"] == "HRG")).sum())
    n_e_hrg = int(((ec["border"] == "HRG") & (ec["service"] == 0)).sum())
    n_e_alt = int(((ec["border"] == "ALT") & (ec["service"] == 0)).sum())
    assert n_w_hrg == pytest.approx(4 * days, rel=0.2)
    assert n_e_hrg == pytest.approx(2 * days, rel=0.25)
    assert n_e_alt == pytest.approx(1 * days, rel=0.35)
    # each train once: no two records of one crossing share an arrival
    for t in (west, ec):
        for node in ("HRG", "ALT"):
            arr = t["arrive_h"][t["border"] == node]
            assert len(set(arr.tolist())) == arr.size


def test_repositioning_needs_a_pool_and_eastbound_services(tiny):
    tiny["logistics"] = {"repositioning": {"rule": "lease"}}
    with pytest.raises(ScenarioError, match="needs a container pool"):
        validate_data(tiny, "test")
    tiny["logistics"] = {
        "containers": {"pools_teu": {"YIW": 1}},
        "repositioning": {"rule": "return_on_eastbound"},
    }
    with pytest.raises(ScenarioError, match="needs eastbound services"):
        validate_data(tiny, "test")
    tiny["logistics"] = {"containers": {"pools_teu": {"ALA": 1}}}
    with pytest.raises(ScenarioError, match="must list 'YIW'"):
        validate_data(tiny, "test")


class _ToSea:
    """A roll-over policy moving every container left behind on route 0 to route 1 (sea)."""

    def move(self, route, closed_h, dest, view):
        return np.full(closed_h.size, 1 if route == 0 else -1)


def test_a_container_rolled_over_without_a_box_still_waits_for_one(tiny):
    _world(tiny, {"pools_teu": {"YIW": 1}, "eastbound": EAST_ON}, {"rule": "return_on_eastbound"})
    # the same world with the sea route as well
    tiny["logistics"]["only_lines"] = ["L12", "S01"]
    tiny["buyers"]["destinations"] = {"ALA": 0.5, "RTM": 0.5}
    sc = resolve(validate_data(tiny, "test"))
    w = LogisticsWorld(sc, ["ALA", "RTM"])
    w.lg.boxes = BoxPools(w.lg, make_repositioning(sc.logistics.repositioning))
    first, second = w.order(0.0, 0.95), w.order(0.0, 0.95)
    w.start()
    w.lg.rollover = _ToSea()
    w.env.run(until=330.0)
    book = w.lg.book.cols
    st = w.stage_times()
    assert st["departed_h"][first] == 10.0
    assert math.isnan(st["departed_h"][second])  # on the sea route, feeders came and went
    assert int(book["route"][1]) == 1 and book["rolled_h"][1] == 0.0
    w.env.run(until=24 * 30)
    st = w.stage_times()
    back = 339.6  # the box back in Yiwu on the set's eastbound service
    assert back < st["departed_h"][second] < back + 24  # the next feeder's cut-off after it
    assert w.departures[st["departure_id"][second]][2] == "feeder"
    assert w.lg.boxes.balance() == 0


def _warsaw_world(tiny, routing, flows=(), closed_from="2025-09-16"):
    """Line L06 to Warsaw, one train a week (Mondays 10:00), every set back to Yiwu with the 5
    empties of Warsaw's pool, and Brest and Malaszewicze closed from 16 September (known
    then) to 20 October: the first westbound train has crossed by then, its set meets the
    closure on its way back."""
    tiny["buyers"]["destinations"] = {"WAW": 1.0}
    tiny["logistics"] = {
        "only_lines": ["L06"],
        "lines": {"L06": {"timetable": [{"weekday": 0, "hour": 10}], "capacity_teu": 100}},
        "consolidation": {"cutoff_h": 0},
        "train_routing": routing,
        "containers": {"pools_teu": {"YIW": 10, "WAW": 5},
                       "eastbound": {**EAST_ON, "background_share": 1.0}},
        "repositioning": {"rule": "return_on_eastbound"},
        "background_flows": list(flows),
    }  # fmt: skip
    tiny["scale"] = 1.0
    tiny["days"] = 60
    tiny["disruptions"] = [
        {"target": "node", "id": n, "start": closed_from, "end": "2025-10-20",
         "servers_factor": 0.0}
        for n in ("BRE", "MAL")
    ]  # fmt: skip
    sc = resolve(validate_data(tiny, "test"))
    w = LogisticsWorld(sc, ["WAW"])
    w.lg.boxes = BoxPools(w.lg, make_repositioning(sc.logistics.repositioning))
    w.order(0.0, 0.95)
    w.start()
    w.env.run(until=24 * 60)
    return w


def test_an_eastbound_service_goes_round_an_announced_closure_as_a_westbound_train_does(tiny):
    """Eastbound services always waited at a closed crossing. Under ``avoid_closed`` the set
    back from Warsaw goes round Malaszewicze and Brest by Mockava and Kena (their eastbound
    servers), its row says so, and its km and its empties' TEU-km count the detour's 200 km
    more; under ``fixed`` it waits at Malaszewicze for the reopening."""
    w = _warsaw_world(tiny, "avoid_closed")
    boxes = w.lg.boxes
    east = boxes.east_table()
    line_km = w.net.lines["L06"].km
    assert east["rerouted"][0] == 1 and east["detour_km"][0] == pytest.approx(200.0)
    assert east["km"][0] == pytest.approx(line_km + 200.0)
    assert east["empty_teu"][0] == 6  # Warsaw's 5 and the first train's box
    assert boxes.empty_teu_km == pytest.approx(float((east["empty_teu"] * east["km"]).sum()))
    ec = boxes.east_crossings_table()
    first = [b for b, s in zip(ec["border"], ec["service"], strict=True) if s][:3]
    assert first == ["MCK", "KEN", "KRS"]
    closed = ec["arrive_h"] < 50 * 24.0  # (sets back after the reopening cross there)
    assert not set(ec["border"][closed].tolist()) & {"MAL", "BRE"}
    assert not math.isnan(east["arrived_h"][0])

    w = _warsaw_world(tiny, "fixed")
    east = w.lg.boxes.east_table()
    assert east["rerouted"][0] == 0 and east["km"][0] == pytest.approx(line_km)
    ec = w.lg.boxes.east_crossings_table()
    # waits at Malaszewicze until it reopens on 21 October
    assert ec["border"][0] == "MAL" and ec["start_h"][0] == pytest.approx(50 * 24.0)
    assert "MCK" not in ec["border"]


def test_other_operators_eastbound_trains_go_round_an_announced_closure_too(tiny):
    """The background flow Kursk - Minsk - Brest - Malaszewicze - Warsaw runs back from
    Warsaw under ``avoid_closed`` (its trains decide there, before the stretch to
    Malaszewicze): while the closure is announced they go round it by Mockava and Kena;
    under ``fixed`` they enter at Malaszewicze, where they wait."""
    flow = {"name": "eu", "trains_per_day": 2, "path": ["KRS", "MSQ", "BRE", "MAL", "WAW"]}
    w = _warsaw_world(tiny, "avoid_closed", [flow])
    ec = w.lg.boxes.east_crossings_table()
    bg = ec["service"] == 0
    # closed from hour 360 (told then); Warsaw to Malaszewicze is 7.6 h: the trains on that
    # stretch when it closed are the only ones to meet it
    closed = (ec["arrive_h"] >= 15 * 24.0) & (ec["arrive_h"] < 50 * 24.0)
    during = set(ec["border"][bg & closed].tolist())
    assert {"MCK", "KEN", "KRS"} <= during and "BRE" not in during
    met = ec["arrive_h"][bg & closed & (ec["border"] == "MAL")]
    assert met.size and (met < 15 * 24.0 + 7.6 + 1e-9).all()
    before = set(ec["border"][bg & (ec["end_h"] < 14 * 24.0)].tolist())
    assert {"MAL", "BRE"} <= before and not before & {"MCK", "KEN"}
    w = _warsaw_world(tiny, "fixed", [flow])
    ec = w.lg.boxes.east_crossings_table()
    assert "MCK" not in ec["border"][ec["service"] == 0]


def test_an_eastbound_train_that_sets_off_in_the_run_decides_whatever_the_gap_before_it(tiny):
    """Malaszewicze and Brest closed from the run's start (told then), 12 trains a day of the
    flow Kursk - ... - Warsaw running back: only a train due at Malaszewicze within the 7.6 h
    from Warsaw, which would have set off before the run, enters there as drawn; the later
    ones of the first days set off from Warsaw and went round. The next train was drawn at
    its forerunner's arrival, and one after a gap shorter than 7.6 h entered as drawn too,
    deciding nothing: a chain of them waited at the closed crossing for days into the run."""
    flow = {"name": "eu", "trains_per_day": 12, "path": ["KRS", "MSQ", "BRE", "MAL", "WAW"]}
    w = _warsaw_world(tiny, "avoid_closed", [flow], closed_from=tiny["start"])
    ec = w.lg.boxes.east_crossings_table()
    bg = ec["service"] == 0
    at_mal = ec["arrive_h"][bg & (ec["border"] == "MAL")]
    assert at_mal.size  # (those due within the first 7.6 h)
    # (the first days: later, with 12 a day going round, the detour's queue grows longer than
    # the closure's rest and the trains wait at Malaszewicze, by the policy's choice)
    early = at_mal[at_mal < 5 * 24.0]
    assert (early < 7.6 + 1e-9).all(), early
    assert (bg & (ec["border"] == "MCK") & (ec["arrive_h"] < 5 * 24.0)).sum() > 40
