"""What the explorer's page shows of a run (sim.explore.digest): its KPIs, who waits and why
from the recorded tables, the trains a closure holds or a queue keeps at the end, and the
network map in the report's colours."""

from __future__ import annotations

import numpy as np
import pytest

from sim.experiment.single import simulate
from sim.explore.digest import REASONS_CROSSING, REASONS_YARD, _daily_mean, waits
from sim.explore.engine import TEACHING
from sim.model import Model
from sim.world.inputs import load_scenario, validate_data
from sim.world.network import load_network
from tests.conftest import ROOT
from tests.test_trial_round6 import _world

CLOSED = ('disruptions=[{target: node, id: MAL, start: 2025-12-20, end: 2026-01-02, '
          'servers_factor: 0}]')  # fmt: skip


@pytest.fixture(scope="module")
def run():
    net = load_network()
    sc = load_scenario(TEACHING, [CLOSED])
    result = simulate(sc, 42, network=net)
    return result, waits(result, net)


def test_a_closure_is_the_reason_trains_wait_there(run):
    result, w = run
    mal = w["crossings"]["MAL"]
    assert mal["gauge"] and mal["closed_h"] == [[80 * 24.0, 94 * 24.0]]
    reasons = {r[5] for r in mal["trains"]}
    assert reasons <= set(REASONS_CROSSING) and "closed" in reasons
    for did, _line, arrive, start, _end, why in mal["trains"]:
        if why == "closed":  # its wait overlaps the closure
            assert arrive < 94 * 24 and (start is None or start > 80 * 24), did
        elif why == "none":
            assert start - arrive <= 0.01
    # every crossing of the run, and every train's record from the crossings table
    cr = result.tables["crossings"]
    assert sum(len(c["trains"]) for c in w["crossings"].values()) == len(cr["border"])
    # the daily queue is the time-average of trains between arrival and service
    assert max(mal["queue_day"][80:95]) > 0.5 and max(mal["queue_day"][:70]) < 0.5


def test_the_yard_holds_every_container_once(run):
    result, w = run
    o = result.tables["orders"]
    days = result.scenario.days
    has = ~np.isnan(o["departed_h"])
    total = _daily_mean(o["ready_h"][has], o["departed_h"][has], o["teu"][has], days)
    by_reason = sum(np.array(y[k]) for y in w["yard"].values() for k in REASONS_YARD)
    assert np.allclose(by_reason, total, atol=0.05)  # box, departure and full cover it once
    assert sum(sum(y["full"]) for y in w["yard"].values()) > 0  # some trains left goods behind
    assert sum(w["yard"]["S01"]["full"]) == 0  # sailings: feeder times differ, not judged


def test_daily_mean_is_a_time_average():
    # one TEU for 12 hours of day 0 and all of day 1; a missing end counts to the run's end
    out = _daily_mean(np.array([0.0, 24.0]), np.array([12.0, np.nan]), np.array([1.0, 2.0]), 3)
    assert out.tolist() == [0.5, 2.0, 2.0]


def test_an_on_time_share_of_zero_is_a_kpi_of_zero_and_no_deadline_is_none(run):
    """digest's on-time KPI is the summary's share in %: 0.0 when every order judged was
    late (it was None, shown as a dash), None only when no order had a deadline."""
    from sim.explore.digest import digest
    from tests.conftest import fresh_result

    result = fresh_result(run[0])
    result.summary["on_time"].update(share=0.0, on_time=0)
    assert digest(result)["kpis"]["on_time_pct"] == 0.0
    result.summary["on_time"].update(share=None, on_time=0, orders=0)
    assert digest(result)["kpis"]["on_time_pct"] is None


def test_the_on_time_kpi_is_the_unrounded_share_as_a_replication_set_averages_it(run):
    """``summary.json`` rounds the share to 4 digits; the explorer's mean over replications
    took those, while ``run --replications`` averages on_time / orders (78.4 beside 78.3)."""
    from sim.explore.digest import digest
    from tests.conftest import fresh_result

    result = fresh_result(run[0])
    result.summary["on_time"].update(share=0.3333, on_time=1, orders=3)
    assert digest(result)["kpis"]["on_time_pct"] == round(100 / 3, 4)
    result.summary["on_time"].update(share=0.3333, on_time=None, orders=None)
    assert digest(result)["kpis"]["on_time_pct"] == 33.33  # (no counts: the share written)


# Małaszewicze closed from 20 February 2026 to 5 March, past the run's end (27 February): the
# trains that reach it wait there when the run ends, so they are in no crossings row
LATE = ('disruptions=[{target: node, id: MAL, start: 2026-02-20, end: 2026-03-05, '
        'servers_factor: 0}]')  # fmt: skip


@pytest.fixture(scope="module")
def late():
    net = load_network()
    result = simulate(load_scenario(TEACHING, [LATE]), 42, network=net)
    return result, net


def test_trains_held_at_a_closure_past_the_end_are_counted(late):
    """A closure in the run's last days moved no number of the page: the wait and the queue
    are of the crossings finished, and the trains held at the closed crossing are in no row.
    The digest counts them from the run's summary, with the hours waited so far, and the wait
    with them included (a lower bound: they still wait)."""
    from sim.explore.digest import digest

    result, _net = late
    held = result.summary["held_at_end"]["MAL"]
    assert held["trains"] >= 1 and held["waited_h_mean"] > 0
    k = digest(result)["kpis"]
    assert k["held.MAL"] == held["trains"]
    assert k["held_wait_h.MAL"] == held["waited_h_mean"]
    assert k["held_wait_max_h.MAL"] == held["waited_h_max"]
    # the wait of the trains served, and a lower bound of the wait of every train that came
    cr = result.tables["crossings"]
    mal = (cr["border"] == "MAL") & (cr["arrive_h"] >= result.scenario.warmup_days * 24.0)
    waited = cr["start_h"][mal] - cr["arrive_h"][mal]
    n, total = int(mal.sum()), float(waited.sum())
    assert k["wait_h.MAL"] == pytest.approx(total / n, abs=1e-4)
    with_held = (total + held["trains"] * held["waited_h_mean"]) / (n + held["trains"])
    assert k["wait_held_h.MAL"] == pytest.approx(with_held, abs=1e-3)
    assert k["wait_held_h.MAL"] > k["wait_h.MAL"]
    # every other crossing holds nobody: 0 trains, no wait so far, the wait as it is
    assert k["held.BRE"] == 0 and k["held_wait_h.BRE"] is None
    assert k["wait_held_h.BRE"] == k["wait_h.BRE"]


def test_who_waits_names_the_trains_held_when_the_run_ends(late):
    result, net = late
    w = waits(result, net)["crossings"]
    held = result.summary["held_at_end"]["MAL"]
    assert w["MAL"]["held"] == {**held, "end_h": result.scenario.days * 24.0}
    assert w["BRE"]["held"] is None


def test_a_cut_that_leaves_no_server_is_a_closure_as_the_model_tells_it():
    """servers_factor 0.01 leaves MAL none of its servers (rounded): the model closes it, and
    the explorer calls the waits it causes "closed", as it does for a factor of 0."""
    net = load_network()
    sc = load_scenario(TEACHING, [CLOSED.replace("servers_factor: 0}", "servers_factor: 0.01}")])
    assert sc.disruptions[0].closes(sc.logistics.servers_at("MAL"))
    result = simulate(sc, 42, network=net)
    mal = waits(result, net)["crossings"]["MAL"]
    assert mal["closed_h"] == [[80 * 24.0, 94 * 24.0]]
    assert "closed" in {r[5] for r in mal["trains"]}


def test_the_trains_held_at_the_end_wait_in_the_animation_and_the_queue_chart(late):
    """The summary lists each held train's departure and arrival: the animation places them
    waiting at the crossing up to the run's end (their departure has no arrival, so they were
    drawn nowhere), and the daily queue gets a part of its own for them."""
    from sim.explore.digest import digest, season

    result, net = late
    held = result.summary["held_at_end"]["MAL"]
    end_h = result.scenario.days * 24.0
    moves = {m["id"]: m for m in season(result, net)["moves"]}
    for did, a in zip(held["departure_ids"], held["arrive_h"], strict=True):
        mv = moves[did]
        assert mv["t1"] is None and mv["waits_at_end"] == ["MAL", a, "held"]
        assert ["MAL", a, None, None] in mv["stops"]
    assert sum("waits_at_end" in m for m in moves.values()) == held["yiwu_trains"]
    d = digest(result)
    waiting = d["series"]["waiting_day"]
    assert set(waiting) == set(d["series"]["queue_day"])
    assert not any(waiting["BRE"])  # nobody waits at Brest at the end
    # the daily mean of trains waiting, from each arrival to the end (hourly steps)
    hours = sum(end_h - a for a in held["arrive_h"])
    assert sum(waiting["MAL"]) * 24 == pytest.approx(hours, abs=held["trains"] + 0.01)
    assert waiting["MAL"][-1] == held["trains"]  # all of the last day
    w = waits(result, net)["crossings"]["MAL"]
    assert w["waiting_at_end"] == [[did, "L01", a, "closed", "held"]
                                   for did, a in zip(held["departure_ids"], held["arrive_h"],
                                                     strict=True)]  # fmt: skip
    assert w["waiting_day"] == waiting["MAL"] and w["queued"] is None


# Małaszewicze closed from 5 to 24 February 2026: open again three days before the run ends,
# with a backlog its two servers have not cleared by then
BACKLOG = ('disruptions=[{target: node, id: MAL, start: 2026-02-05, end: 2026-02-24, '
           'servers_factor: 0}]')  # fmt: skip


@pytest.fixture(scope="module")
def backlog():
    net = load_network()
    return simulate(load_scenario(TEACHING, [BACKLOG]), 42, network=net), net


def test_the_trains_queued_at_an_open_crossing_at_the_end_are_counted_apart(backlog):
    """Trains still queued at a crossing open when the run ends (every server busy with the
    reopening's backlog) were counted nowhere: no crossings row, and not held by a closure.
    The digest counts them apart (``queued``), in the wait counting every train still waiting
    (a lower bound), the daily queue's part of its own and the animation."""
    from sim.explore.digest import digest, season

    result, net = backlog
    q = result.summary["queued_at_end"]["MAL"]
    assert "held_at_end" not in result.summary and q["yiwu_trains"] >= 2
    d = digest(result)
    assert d["queued"]["MAL"] == q and d["held"] == {}
    k = d["kpis"]
    assert k["queued.MAL"] == q["trains"] and k["held.MAL"] == 0 and k["queued.BRE"] == 0
    cr = result.tables["crossings"]
    mal = (cr["border"] == "MAL") & (cr["arrive_h"] >= result.scenario.warmup_days * 24.0)
    waited = cr["start_h"][mal] - cr["arrive_h"][mal]
    total = float(waited.sum()) + q["trains"] * q["waited_h_mean"]
    assert k["wait_held_h.MAL"] == pytest.approx(total / (mal.sum() + q["trains"]), abs=1e-3)
    assert k["wait_held_h.MAL"] > k["wait_h.MAL"]
    assert d["series"]["waiting_day"]["MAL"][-1] == q["trains"]
    moves = {m["id"]: m for m in season(result, net)["moves"]}
    for did, a in zip(q["departure_ids"], q["arrive_h"], strict=True):
        assert moves[did]["waits_at_end"] == ["MAL", a, "queued"]
    w = waits(result, net)["crossings"]["MAL"]
    assert w["held"] is None and w["queued"] == {**q, "end_h": result.scenario.days * 24.0}
    # why: the first came while it was closed, the last after it reopened, to busy servers
    reopened = 147 * 24.0  # 25 February, 00:00
    assert [r[3] for r in w["waiting_at_end"]] == [
        "closed" if a < reopened else "no_server" for a in q["arrive_h"]]  # fmt: skip
    assert {r[4] for r in w["waiting_at_end"]} == {"queued"}


def test_the_explorer_shows_zero_on_time_as_zero_not_as_no_data():
    """Goods due the day after the order: every one of 1,004 orders judged arrives late
    (``on_time.share`` 0.0 in summary.json), and the explorer's on-time KPI was ``None`` —
    the page showed a dash, as for a run with no deadline at all, and no difference against
    the baseline."""
    from sim.explore.digest import digest

    data = _world()
    data["market"]["categories"][0]["deadline"]["days"] = 1
    result = Model(validate_data(data, "t")).run()
    assert result.summary["on_time"]["orders"] > 0
    assert result.summary["on_time"]["share"] == 0.0
    assert digest(result)["kpis"]["on_time_pct"] == 0.0


def test_the_explorer_draws_each_line_in_the_reports_colour() -> None:
    """The explorer coloured lines by their place among the scenario's lines (L10 green, L12
    purple) while the report, and every figure, colours them by the network (L10 dark blue,
    L12 brown): a student moving between the two saw one line in two colours."""
    from sim.explore.digest import network_map
    from sim.output.colours import line_colour
    from sim.world.network import load_network

    net = load_network()
    lines = network_map(net, ["L01", "L10", "L12", "S01"])["lines"]
    assert {lid: v["colour"] for lid, v in lines.items()} == {
        lid: line_colour(lid, net) for lid in lines
    }
    js = "\n".join(p.read_text(encoding="utf-8") for p in ROOT.glob("sim/explore/static/*.js"))
    assert "L.colour" in js


def test_the_trains_that_went_round_a_closed_crossing_are_listed_with_it():
    """Małaszewicze closed 1-14 December with ``train_routing: avoid_closed``: every Madrid
    train of the window went round it (200 km more each), and the explorer said nothing of
    them: the crossing's chart and its longest waits were empty, the map drew the trains along
    their line through the closed crossing, and "Wait at Malaszewicze: unchanged" read as a
    closure that did nothing. ``detoured`` lists them, ``[departure, line, km]``, as the
    report's *Disrupted crossings* counts them."""
    net = load_network()
    closed = ("disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
              "servers_factor: 0}]")  # fmt: skip
    sc = load_scenario(TEACHING, [closed, "logistics.train_routing=avoid_closed"])
    result = simulate(sc, 42, network=net)
    mal = waits(result, net)["crossings"]["MAL"]
    dep = result.tables["departures"]
    cols = zip(dep["departure_id"], dep["line"], dep["rerouted"], dep["detour_km"], strict=True)
    went = [[int(d), str(ln), float(k)] for d, ln, r, k in cols if r]
    assert went and mal["detoured"] == went
    assert all(line == "L01" and km == 200.0 for _, line, km in mal["detoured"])
    assert not any(r[0] in {d for d, _, _ in went} for r in mal["trains"])  # none crossed it
    plain = waits(simulate(load_scenario(TEACHING, [closed]), 42, network=net), net)
    assert plain["crossings"]["MAL"]["detoured"] == []  # fixed paths: they wait there


def test_a_train_that_went_round_a_closed_crossing_moves_along_the_path_it_took():
    """The animation moved a train that went round Małaszewicze along its line, through the
    closed crossing. Its move now carries the path it took (node ids, and km from Yiwu at
    each), through Kena, Vilnius and Mockava, 200 km longer than its line, and the map has the
    places its line does not pass; a train that kept its line has no path."""
    from sim.explore.digest import network_map, season

    net = load_network()
    closed = ("disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
              "servers_factor: 0}]")  # fmt: skip
    sc = load_scenario(TEACHING, [closed, "logistics.train_routing=avoid_closed"])
    result = simulate(sc, 42, network=net)
    moves = season(result, net)["moves"]
    went = [m for m in moves if "path" in m]
    dep = result.tables["departures"]
    assert sorted(m["id"] for m in went) == sorted(
        int(d) for d, r in zip(dep["departure_id"], dep["rerouted"], strict=True) if r
    )
    line = net.lines["L01"]
    for m in went:
        assert m["line"] == "L01" and len(m["km"]) == len(m["path"])
        assert m["path"][m["path"].index("MSQ") :] == ["MSQ", "KEN", "VNO", "MCK", "WAW", "MHG",
                                                       "IRN", "MAD"]  # fmt: skip
        assert m["km"][-1] == pytest.approx(line.km + 200.0, abs=0.1)
        assert {s[0] for s in m["stops"]} <= set(m["path"])
    assert went and all("path" not in m for m in moves if m["line"] != "L01")
    places = network_map(net, ["L01", "L10", "L12", "S01"])["places"]
    assert {"KEN", "VNO", "MCK"} <= set(places) and "MAL" not in places
    plain = season(simulate(load_scenario(TEACHING, [closed]), 42, network=net), net)
    assert all("path" not in m for m in plain["moves"])


def test_a_train_sent_back_onto_its_line_moves_along_it_without_a_path() -> None:
    """Madrid trains sent round Malaszewicze (closed 1-10 December, told on 15 November) and
    then, Kena and Mockava closed from 1 December (told on 28 November), back onto their line
    passed their line's crossings: each move carried its line as ``path``, and the page's
    legend named a dashed path round a closed crossing that the map never drew. A move carries
    a path only where it leaves its line."""
    from sim.explore.digest import season

    net = load_network()
    closures = ", ".join(
        f"{{target: node, id: {n}, start: {a}, end: {b}, servers_factor: 0, announced: {told}}}"
        for n, a, b, told in (("MAL", "2025-12-01", "2025-12-10", "2025-11-15"),
                              ("KEN", "2025-12-01", "2025-12-30", "2025-11-28"),
                              ("MCK", "2025-12-01", "2025-12-30", "2025-11-28"))
    )  # fmt: skip
    sets = [f"disruptions=[{closures}]", "logistics.train_routing=avoid_closed",
            "logistics.lines.L01.trains_per_week=14"]  # fmt: skip
    result = simulate(load_scenario(TEACHING, sets), 42, network=net)
    rerouted = int(np.asarray(result.tables["departures"]["rerouted"], bool).sum())
    went = [m for m in season(result, net)["moves"] if "path" in m]
    line = list(net.lines["L01"].path)
    assert went and len(went) < rerouted  # (12 of the 20 left the line)
    assert all(m["path"] != line for m in went)


def test_the_tutorials_detour_step_counts_as_the_page_says():
    """docs/tutorial.md, step 4: with Małaszewicze closed 1-14 December and ``avoid_closed``,
    four Madrid trains go round it at 2 trains a week and one at 0.5, 200 km more each, and no
    train waits there all season."""
    import re

    net = load_network()
    closed = ("disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
              "servers_factor: 0}]")  # fmt: skip
    for tpw, n in [("2", 4), ("0.5", 1)]:
        sc = load_scenario(TEACHING, [closed, "logistics.train_routing=avoid_closed",
                                      f"logistics.lines.L01.trains_per_week={tpw}"])  # fmt: skip
        mal = waits(simulate(sc, 42, network=net), net)["crossings"]["MAL"]
        assert [km for _, _, km in mal["detoured"]] == [200.0] * n
        assert not any(s is not None and s - a > 0.01 for _, _, a, s, _, _ in mal["trains"])
    page = re.sub(r"\s+", " ", (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8"))
    assert "(200 km more each: four at 2 trains a week, one at 0.5), no train waits there" in page


def test_a_train_sent_round_and_not_yet_off_its_line_at_the_end_moves_along_its_detour():
    """Malaszewicze closed 1-14 December, told on 15 November, the teaching world run to
    6 December: four Madrid trains were sent round it and none had passed Kena, three had
    passed only their line's crossings. Their moves carried no path (the animation ran them
    along their line, towards the closed crossing); each now carries the detour it was sent
    on, through Kena, Vilnius and Mockava, 200 km longer than its line."""
    from sim.explore.digest import season

    net = load_network()
    closed = ("disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
              "servers_factor: 0, announced: 2025-11-15}]")  # fmt: skip
    sc = load_scenario(TEACHING, [closed, "logistics.train_routing=avoid_closed", "days=67"])
    result = simulate(sc, 42, network=net)
    dep = result.tables["departures"]
    went = {int(d) for d, r in zip(dep["departure_id"], dep["rerouted"], strict=True) if r}
    moves = [m for m in season(result, net)["moves"] if m["id"] in went]
    assert len(moves) == 4 and all(m["t1"] is None for m in moves)
    assert sum(1 for m in moves if "KEN" not in {s[0] for s in m["stops"]}) == 3
    line = net.lines["L01"]
    for m in moves:
        assert m["path"][m["path"].index("MSQ") :] == ["MSQ", "KEN", "VNO", "MCK", "WAW", "MHG",
                                                       "IRN", "MAD"]  # fmt: skip
        assert m["km"][-1] == pytest.approx(line.km + 200.0, abs=0.1)
