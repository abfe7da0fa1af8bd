"""sim.world.paths: detours round closed crossings, the quickest by running hours and each
crossing's dwell, and their nominal hours."""

from __future__ import annotations

import pytest

from sim.world.network import load_network
from sim.world.paths import detour, nominal_hours


def test_no_detour_leads_into_a_closed_destination():
    net = load_network(calibrated=False)
    assert detour(net, "MZL", "ZBK", {"ZBK"}) is None
    assert [e.dst for e in detour(net, "MSQ", "WAW", {"BRE"})] == ["KEN", "VNO", "MCK", "WAW"]


def test_the_quickest_path_counts_each_crossings_dwell_not_only_the_running_hours():
    """Minsk to Warsaw: through Brest and Malaszewicze runs 16.2 h, but their dwell (8.5 h and
    24 h) makes it 48.7 h; round them through Kena and Mockava runs 22.8 h, 38.8 h in all."""
    net = load_network(calibrated=False)
    quickest = detour(net, "MSQ", "WAW", set())
    assert [e.dst for e in quickest] == ["KEN", "VNO", "MCK", "WAW"]
    assert sum(e.hours for e in quickest) == pytest.approx(22.8)
    assert nominal_hours(net, quickest) == pytest.approx(22.8 + 4.0 + 12.0)
    brest = detour(net, "MSQ", "WAW", {"KEN"})
    assert [e.dst for e in brest] == ["BRE", "MAL", "WAW"]
    assert sum(e.hours for e in brest) == pytest.approx(16.2)
    assert nominal_hours(net, brest) == pytest.approx(16.2 + 8.5 + 24.0)
    assert nominal_hours(net, []) == 0.0


def test_the_path_a_train_took_is_told_from_the_crossings_it_passed():
    """A Madrid train (L01) that went round Brest and Malaszewicze records Krasnoye, Kena,
    Mockava and Irun: its path is its line to Krasnoye, then Minsk, Kena, Vilnius, Mockava,
    Warsaw and its line again to Madrid, 200 km more, as its departure's ``detour_km`` says. A
    train that passed its line's crossings ran its line; a sailing, or crossings that no rail
    joins without another crossing, give none."""
    from sim.world.paths import path_taken

    net = load_network()
    line = net.lines["L01"]
    taken = path_taken(net, "L01", ["AKS", "DST", "KRS", "KEN", "MCK", "IRN"])
    nodes = [taken[0].src, *(e.dst for e in taken)]
    k = nodes.index("KRS")
    assert nodes[: k + 1] == list(line.path[: line.path.index("KRS") + 1])
    assert nodes[k:] == ["KRS", "MSQ", "KEN", "VNO", "MCK", "WAW", "MHG", "IRN", "MAD"]
    assert sum(e.km for e in taken) - line.km == pytest.approx(200.0)
    assert path_taken(net, "L01", list(line.borders)) == list(line.edges)
    assert path_taken(net, "S01", []) is None
    # from Zabaikalsk no rail leads on to Madrid without a crossing it would have recorded
    assert path_taken(net, "L01", ["AKS", "DST", "KRS", "ZBK"]) is None
    assert path_taken(net, "L99", []) is None


def test_a_train_still_short_of_its_detour_at_the_end_runs_the_detour_it_was_sent_on():
    """A Madrid train sent round Brest and Malaszewicze at Krasnoye and still on its way to Kena
    when the run ended has passed Alashankou, Dostyk and Krasnoye only: the path told from them
    was None (nothing joins Krasnoye to Madrid without a crossing), and the map drew it along
    its line. With the 200 km its detour added, its path is the detour it was sent on, through
    Kena and Mockava, from its origin or from Kena where it waits; a train that went round and
    arrived keeps the path its crossings tell; km that no detour gives leave it as before."""
    from sim.world.paths import path_taken

    net = load_network()
    line = net.lines["L01"]
    short = ["AKS", "DST", "KRS"]
    assert path_taken(net, "L01", short) is None  # as before: its crossings alone
    taken = path_taken(net, "L01", short, detour_km=200.0)
    assert taken is not None
    nodes = [taken[0].src, *(e.dst for e in taken)]
    assert nodes[nodes.index("KRS") :] == ["KRS", "MSQ", "KEN", "VNO", "MCK", "WAW", "MHG",
                                           "IRN", "MAD"]  # fmt: skip
    assert nodes[0] == "YIW" and sum(e.km for e in taken) == pytest.approx(line.km + 200.0)

    # waiting at Kena at the end (the explorer counts it there), or sent round at Yiwu
    def nodes_of(edges):
        return [edges[0].src, *(e.dst for e in edges)]

    assert path_taken(net, "L01", [*short, "KEN"], detour_km=200.0) == taken
    assert nodes_of(path_taken(net, "L01", [], detour_km=200.0)) == nodes
    # arrived: its crossings tell the path, the km agree
    done = ["AKS", "DST", "KRS", "KEN", "MCK", "IRN"]
    assert path_taken(net, "L01", done, detour_km=200.0) == path_taken(net, "L01", done)
    assert path_taken(net, "L01", short, detour_km=57.0) is None  # no detour is 57 km longer
