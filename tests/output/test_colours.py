"""sim.output.colours: one fixed colour per line and per crossing, and the lines' corridors."""

from __future__ import annotations

from sim.output.colours import (
    BORDER_PALETTE,
    LINE_PALETTE,
    border_colour,
    border_ids,
    corridor,
    corridor_groups,
    line_colour,
)
from sim.world.network import load_network


def test_a_line_and_a_crossing_keep_their_network_colour_whichever_lines_a_figure_shows():
    """Colours follow a line's place in the shipped network, not in a scenario: no two lines
    or crossings share one, and a name the network does not know is grey."""
    net = load_network()
    lines = list(net.lines)
    colours = [line_colour(lid) for lid in lines]
    assert colours[0] == LINE_PALETTE[0] and len(set(colours)) == len(lines)
    assert line_colour(lines[3], net) == LINE_PALETTE[3]
    assert line_colour("L99") == "#7f7f7f"
    borders = border_ids(net)
    assert len(borders) == len(set(borders)) and {"MAL", "HRG", "MZL"} <= set(borders)
    assert border_colour(borders[0]) == BORDER_PALETTE[0]
    assert len({border_colour(b) for b in borders}) == len(borders)
    assert border_colour("XXX") == "#7f7f7f"


def test_lines_are_grouped_by_the_crossing_they_leave_china_by_in_a_fixed_order():
    assert corridor("L01")[0] == "eu"  # Madrid, through Malaszewicze
    assert corridor("S01") == ("sea", "Sea via Ningbo", "经宁波海运")
    assert corridor("L99")[0] == "other"
    groups = corridor_groups(["S01", "L12", "L01", "L10"])
    assert [(key, lines) for key, _, _, lines in groups] == [
        ("eu", ["L01"]), ("mzl", ["L10"]), ("hrg", ["L12"]), ("sea", ["S01"])
    ]  # fmt: skip
