"""Disruptions and crossing settings no train of the run meets (:mod:`sim.world.idle_places`):
warned of before the run, except where a train can meet them."""

from __future__ import annotations

from tests.world.conftest import teaching


def test_a_disruption_no_train_can_meet_is_warned_of():
    """Kena (KEN) and Ningbo-Hamburg (NGB-HAM) are on none of the teaching world's lines, no
    background flow passes them and KEN has no background trains: closing them changes
    nothing, which is said; Brest (on L01) and a detour policy say nothing."""
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
    assert idle_disruption_warnings(teaching([closures, "logistics.train_routing=avoid_closed"]),
                                    net) == []  # fmt: skip
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
