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
