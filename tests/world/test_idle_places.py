"""Disruptions and crossing settings no train of the run meets (:mod:`sim.world.idle_places`):
warned of before the run, except where a train can meet them."""

from __future__ import annotations

from tests.world.conftest import teaching


def test_a_disruption_no_train_can_meet_is_warned_of():
    """Kena (KEN) and Ningbo-Hamburg (NGB-HAM) are on none of the teaching world's lines, no
    background flow passes them and KEN has no background trains: closing them changes
    nothing, which is said; Brest (on L01) says nothing, nor does Kena under a detour policy
    (a train of L01 held at the closed Brest may go round by Kena)."""
    from sim.output.saying import in_lang
    from sim.world.idle_places import idle_disruption_warnings
    from sim.world.network import load_network

    net = load_network()
    closures = ("disruptions=[{target: node, id: KEN, start: 2025-12-01, end: 2025-12-10, "
                "servers_factor: 0}, {target: edge, id: NGB-HAM, start: 2025-12-01, "
                "end: 2025-12-10, extra_h: 50}, {target: node, id: BRE, start: 2025-12-01, "
                "end: 2025-12-10, servers_factor: 0}, {target: edge, id: MSQ-BRE, "
                "start: 2025-12-01, end: 2025-12-10, extra_h: 5}]")  # fmt: skip
    node, edge = idle_disruption_warnings(teaching([closures]), net)
    assert node.code == "warn_idle_node" and node.startswith("disruptions[0].id: crossing KEN")
    assert edge.code == "warn_idle_edge" and edge.startswith("disruptions[1].id: edge NGB-HAM")
    assert node.endswith("this disruption changes nothing")
    assert "口岸 KEN" in in_lang(node, "zh")
    # a detour runs on rail: the sea edge to Hamburg is said still (it said nothing before)
    (sea,) = idle_disruption_warnings(
        teaching([closures, "logistics.train_routing=avoid_closed"]), net
    )
    assert sea.code == "warn_idle_edge_detour" and sea.startswith("disruptions[1].id: edge NGB")
    # background trains at KEN, or a flow through it, can meet the closure
    kena = ("logistics.borders.KEN={servers: 1, service_h: {dist: constant, value: 6}, "
            "background_trains_per_day: 2}")  # fmt: skip
    assert len(idle_disruption_warnings(teaching([closures, kena]), net)) == 1


def test_settings_of_a_crossing_no_train_of_the_run_passes_are_warned_of():
    """``--set logistics.borders.KEN.servers=3`` in the teaching world (none of its lines passes
    Kena) is valid since trial14 (it starts from KEN's data) and changes nothing; a student who
    set the wrong crossing heard nothing. A warning says so, as for a disruption there; a
    crossing on a line (MAL), background trains of its own or a detour policy say nothing."""
    from sim.output.saying import in_lang
    from sim.world.idle_places import idle_border_warnings
    from sim.world.network import load_network

    net = load_network()
    (w,) = idle_border_warnings(teaching(["logistics.borders.KEN.servers=3"]), net)
    assert w.code == "warn_idle_border"
    assert str(w) == (
        "logistics.borders.KEN: crossing KEN is on none of this run's lines (L01, L10, L12, "
        "S01), no background flow passes it and it has no background trains: its settings "
        "change nothing"
    ), str(w)
    assert "口岸 KEN" in in_lang(w, "zh")
    assert idle_border_warnings(teaching(["logistics.borders.MAL.servers=3"]), net) == []
    assert idle_border_warnings(teaching([]), net) == []
    both = ["logistics.borders.KEN.servers=3", "logistics.train_routing=avoid_closed"]
    assert idle_border_warnings(teaching(both), net) == []
    busy = ["logistics.borders.KEN.background_trains_per_day=2"]
    assert idle_border_warnings(teaching(busy), net) == []


DEAD_END = ("disruptions=[{target: node, id: ZIL, start: 2025-12-01, end: 2025-12-10, "
            "servers_factor: 0}, {target: edge, id: MOW-ZIL, start: 2025-12-01, "
            "end: 2025-12-10, extra_h: 5}, {target: node, id: BRE, start: 2025-12-01, "
            "end: 2025-12-10, servers_factor: 0}]")  # fmt: skip
"""Zilupe (ZIL, Moscow - Riga), its edge from Moscow, and Brest, closed in the teaching world,
whose lines end in Madrid, Moscow, Almaty and Rotterdam: from Zilupe a train can go only to
Riga."""


def test_a_dead_end_crossing_no_detour_reaches_is_warned_of_under_a_detour_policy():
    """Under ``train_routing: avoid_closed`` the warning was dropped for every crossing, even
    for Zilupe, which no detour of a train to Madrid, Moscow or Almaty can pass (it leads to
    Riga alone): it is said, in words that name the detours, in English and Chinese."""
    from sim.output.saying import in_lang
    from sim.world.idle_places import idle_disruption_warnings
    from sim.world.network import load_network

    net = load_network()
    node, edge = idle_disruption_warnings(
        teaching([DEAD_END, "logistics.train_routing=avoid_closed"]), net
    )
    assert node.code == "warn_idle_node_detour" and str(node) == (
        "disruptions[0].id: crossing ZIL is on none of this run's lines (L01, L10, L12, S01), "
        "no detour round a closed crossing can reach it, no background flow passes it and it "
        "has no background trains: this disruption changes nothing"
    ), str(node)
    assert edge.code == "warn_idle_edge_detour" and edge.startswith("disruptions[1].id: edge ")
    assert "绕开关闭口岸的绕行路线也到不了它" in in_lang(node, "zh")
    assert "绕开关闭口岸的绕行路线不经过它" in in_lang(edge, "zh")


def test_a_crossing_a_detour_may_reach_is_warned_of_only_while_no_train_meets_a_closure():
    """Kena (KEN) is off the teaching world's lines but on the way round Brest to Madrid: with
    Brest closed, a train of L01 may go round by it and its closure is not warned of; with no
    crossing on a line closed, no train ever leaves its path, and Kena's closure changes
    nothing, which is said."""
    from sim.world.idle_places import idle_disruption_warnings
    from sim.world.network import load_network

    net = load_network()
    kena = "{target: node, id: KEN, start: 2025-12-01, end: 2025-12-10, servers_factor: 0}"
    brest = "{target: node, id: BRE, start: 2025-12-01, end: 2025-12-10, servers_factor: 0}"
    detours = "logistics.train_routing=avoid_closed"
    assert (
        idle_disruption_warnings(teaching([f"disruptions=[{kena}, {brest}]", detours]), net) == []
    )
    (alone,) = idle_disruption_warnings(teaching([f"disruptions=[{kena}]", detours]), net)
    assert alone.code == "warn_idle_node_detour" and "crossing KEN" in alone
    # Brest slowed (a server kept), not closed: no train leaves its path for it
    slow = brest.replace("servers_factor: 0", "servers_factor: 0.5")
    slowed = teaching([f"disruptions=[{kena}, {slow}]", detours, "logistics.borders.BRE.servers=4"])
    assert [w.code for w in idle_disruption_warnings(slowed, net)] == ["warn_idle_node_detour"]
