"""sim.output.figures_map: the report's map of the lines."""

from __future__ import annotations


def test_the_maps_gauge_marks_sit_at_their_crossings_and_the_legend_says_what_they_are() -> None:
    """The Madrid line's gauge change (Mannheim-Irun) was marked by an unexplained × in the
    middle of France, half-way along the edge; it belongs beside Irun, and the legend says
    what a × is, in both languages."""
    import re

    from sim.output import figures
    from sim.world.network import load_network

    net = load_network()
    for lang, word in (("en", "gauge change"), ("zh", "换轨")):
        svg = figures.network_map(net, ["L01"], {"L01": 10.0}, {}, lang)
        assert word in svg
        marks = [
            (float(x) + 4, float(y) + 4)
            for x, y in re.findall(r'<path d="M([\d.]+),([\d.]+)L[\d.]+,[\d.]+M', svg)
        ]
        circles = {
            m.group(3): (float(m.group(1)), float(m.group(2)))
            for m in re.finditer(r'<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*><title>(\w+):', svg)
        }
        ix, iy = circles["IRN"]
        assert min(((x - ix) ** 2 + (y - iy) ** 2) ** 0.5 for x, y in marks) < 15


def test_the_trains_that_went_round_a_closed_crossing_are_drawn_along_the_path_they_took() -> None:
    """Małaszewicze closed 1-14 December with ``avoid_closed``: the report's map drew nothing
    of the Madrid trains that went round it. It dashes the part of their path off the line
    (Minsk, Kena, Vilnius, Mockava, Warsaw), with Kena and Mockava as crossings, and its note
    says what the dashes are and how many trains of each line took them, in both languages; a
    run with no detour draws none."""
    import re

    import numpy as np

    from sim.experiment.single import simulate
    from sim.explore.engine import TEACHING
    from sim.output import figures
    from sim.world.inputs import load_scenario
    from sim.world.network import load_network

    net = load_network()
    closed = ("disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
              "servers_factor: 0}]")  # fmt: skip
    sc = load_scenario(TEACHING, [closed, "logistics.train_routing=avoid_closed"])
    t = simulate(sc, 42, network=net).tables
    (way,) = figures.detours(net, t["departures"], t["crossings"])
    went = np.asarray(t["departures"]["rerouted"], bool)
    assert way.line == "L01" and way.trains == int(went.sum()) == 4
    assert way.teu == sum(float(x) for x in np.asarray(t["departures"]["teu"])[went])
    k = way.path.index("MSQ")
    assert way.path[k : k + 6] == ("MSQ", "KEN", "VNO", "MCK", "WAW", "MHG")
    lines = ["L01", "L10", "L12"]
    notes = {
        "en": "Dashed: the path of the trains that went round a closed crossing, where it "
        "leaves their line (trains: L01 4).",
        "zh": "虚线：绕开关闭口岸的列车离开原线路后所走的路径（列车：L01 4）。",
    }
    for lang, note in notes.items():
        svg = figures.network_map(net, lines, {"L01": 200.0}, {}, lang, [way])
        assert note in svg
        (dashed,) = re.findall(r'<path d="([^"]+)"[^>]*class="detour"', svg)
        assert dashed.count("M") == 1 and dashed.count("L") == 4  # Minsk to Warsaw, off the line
        assert re.search(r"<title>KEN:", svg) and re.search(r"<title>MCK:", svg)
    plain = figures.network_map(net, lines, {"L01": 200.0}, {}, "en")
    assert 'class="detour"' not in plain and "<title>KEN:" not in plain


def test_a_path_all_on_its_line_draws_no_dashes_and_counts_no_train_in_the_note() -> None:
    """A train sent round one closure and back onto its line round another passed its line's
    crossings, and the path told from them is its line's: the map drew an empty dashed path
    and the note counted the train as one that went round, with nothing to see (the teaching
    world, 14 Madrid trains a week, Malaszewicze closed 1-10 December told on 15 November,
    Kena and Mockava from 1 December told on 28 November: 8 of the 20 rerouted). The note
    counts a line's trains over its paths, once ("L01 12, L01 8" before)."""
    from sim.output import figures
    from sim.world.network import load_network

    net = load_network()
    lines = ["L01", "L10", "L12"]
    home = figures.Detour("L01", tuple(net.lines["L01"].path), trains=2, teu=180.0)
    for lang in ("en", "zh"):
        svg = figures.network_map(net, lines, {"L01": 200.0}, {}, lang, [home])
        assert 'class="detour"' not in svg and 'd=""' not in svg
        assert "L01 2" not in svg
    way = figures.Detour("L01", ("MSQ", "KEN", "VNO", "MCK", "WAW"), trains=3, teu=240.0)
    other = figures.Detour("L01", ("MSQ", "KEN", "VNO", "WAW"), trains=4, teu=320.0)
    svg = figures.network_map(net, lines, {"L01": 200.0}, {}, "en", [way, home, other])
    assert svg.count('class="detour"') == 2 and "(trains: L01 7)" in svg


SENT_ROUND = (
    "disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-14, "
    "servers_factor: 0, announced: 2025-11-15}]"
)
"""Malaszewicze closed 1-14 December, told on 15 November: Madrid trains go round it from
Dostyk or Yiwu, and a run of 67 days ends with three of them short of Kena."""


def test_a_train_sent_round_and_not_yet_off_its_line_at_the_end_is_drawn_on_its_detour() -> None:
    """The teaching world run to 6 December: four Madrid trains were sent round Malaszewicze,
    none had arrived, and three had passed only their line's crossings (Alashankou, Dostyk,
    Krasnoye, or none: one sent round at Yiwu). The map drew none of the four (their paths
    could not be told from their crossings); it draws all four along the detour they were
    sent on, through Kena, Vilnius and Mockava (the km their detours added say which)."""
    import numpy as np

    from sim.experiment.single import simulate
    from sim.explore.engine import TEACHING
    from sim.output import figures
    from sim.world.inputs import load_scenario
    from sim.world.network import load_network

    net = load_network()
    sc = load_scenario(TEACHING, [SENT_ROUND, "logistics.train_routing=avoid_closed", "days=67"])
    t = simulate(sc, 42, network=net).tables
    dep, cr = t["departures"], t["crossings"]
    went = np.asarray(dep["rerouted"], bool)
    assert went.sum() == 4 and np.isnan(np.asarray(dep["arrived_h"])[went]).all()
    short = [
        d
        for d in np.asarray(dep["departure_id"])[went]
        if "KEN" not in cr["border"][cr["departure_id"] == d]
    ]
    assert len(short) == 3
    (way,) = figures.detours(net, dep, cr)
    assert way.line == "L01" and way.trains == 4
    k = way.path.index("MSQ")
    assert way.path[k:] == ("MSQ", "KEN", "VNO", "MCK", "WAW", "MHG", "IRN", "MAD")


def test_the_crossings_waits_wrap_inside_the_map_figure() -> None:
    """The closure hindcast's map lists 16 crossings' waits, Kena and Mockava among them: in
    one line it ran past the figure's right edge, and Mockava's wait was cut off ("ZIL 1.5 h,
    MCK"). The waits wrap between crossings, every line inside the figure (estimated widths),
    in both languages, and the note below moves down with them."""
    import re

    from sim.output import figures
    from sim.output.figures_map import wrapped
    from sim.world.network import load_network

    net = load_network()
    lines = [lid for lid, line in net.lines.items() if line.mode == "rail"]
    waits = {b: 12.345 for lid in lines for b in net.lines[lid].borders} | {"KEN": 25, "MCK": 42}
    for lang in ("en", "zh"):
        way = figures.Detour("L01", ("MSQ", "KEN", "VNO", "MCK", "WAW"), trains=1, teu=90.0)
        svg = figures.network_map(net, lines, {lid: 100.0 for lid in lines}, waits, lang, [way])
        texts = re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" font-size="10"[^>]*>([^<]*)</text>', svg
        )
        rows = [(float(x), float(y), t) for x, y, t in texts if " h" in t]
        assert len(rows) >= 2 and rows[-1][2].endswith("MCK 42 h")
        joined = " ".join(t for _, _, t in rows)
        assert all(f"{b} " in joined for b in waits)
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg)[1])
        for x, _, t in rows:
            assert x + sum(10 if ord(c) > 0x2E80 else 6 for c in t) <= width
        note_y = float(re.findall(r'<text x="14.0" y="([\d.]+)" font-size="9"', svg)[-1])
        assert note_y > rows[-1][1]
    assert wrapped("w: ", ["A 1 h", "B 2 h", "C 3 h"], 100.0) == ["w: A 1 h, B 2 h,", "C 3 h"]


def test_the_chinese_legend_of_the_crossings_waits_uses_full_width_punctuation() -> None:
    """The Chinese map read "换轨; 平均等待（小时）: AKS ...", ASCII punctuation among Chinese
    words; the crossings' codes after it stay Latin."""
    from sim.output import figures
    from sim.world.network import load_network

    net = load_network()
    zh = figures.network_map(net, ["L01"], {"L01": 10.0}, {"MAL": 2.0}, "zh")
    assert "换轨；平均等待（小时）：" in zh and "换轨;" not in zh
    en = figures.network_map(net, ["L01"], {"L01": 10.0}, {"MAL": 2.0}, "en")
    assert "gauge change; mean wait, h: AKS" in en
