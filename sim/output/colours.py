"""One fixed colour per line and per border crossing, the same in every figure.

Colours are given by a line's (or crossing's) place in the shipped network, not by the order in
which a scenario or a figure meets them, so L07 is the same colour in the map, the throughput
panels and the last-safe-date chart of every run. Lines are grouped into corridors (by the
crossing they leave China by, and sea), which the small-multiple figures use as panels.
"""

from __future__ import annotations

from functools import lru_cache

from sim.world.network import Network, load_network

LINE_PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
    "#756bb1", "#636363", "#a55194", "#6b6ecf",
)  # fmt: skip
"""Twenty distinct colours (more than the shipped 18 lines: none repeats)."""

BORDER_PALETTE = (
    "#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#666666",
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#0868ac",
)  # fmt: skip
"""Sixteen distinct colours for the crossings (the shipped network has 14)."""

CORRIDORS = {
    "MAL": ("eu", "EU via Brest–Małaszewicze", "经布列斯特—马拉舍维奇至欧盟"),
    "AKS": ("aks", "Alashankou–Dostyk, other", "阿拉山口—多斯特克（其他）"),
    "MZL": ("mzl", "Manzhouli–Zabaikalsk", "满洲里—后贝加尔斯克"),
    "HRG": ("hrg", "Khorgos–Altynkol", "霍尔果斯—阿腾科里"),
    "sea": ("sea", "Sea via Ningbo", "经宁波海运"),
    "none": ("other", "Other", "其他"),
}
"""Corridor of a line: (key, English name, Chinese name)."""


@lru_cache(maxsize=1)
def _network() -> Network:
    return load_network()


def line_colour(line_id: str, net: Network | None = None) -> str:
    """The colour of a line (lines the network does not know get a grey)."""
    ids = list((net or _network()).lines)
    if line_id not in ids:
        return "#7f7f7f"
    return LINE_PALETTE[ids.index(line_id) % len(LINE_PALETTE)]


def border_ids(net: Network | None = None) -> list[str]:
    """Crossings in the order they are first met along the network's lines."""
    seen: list[str] = []
    for line in (net or _network()).lines.values():
        for b in line.borders:
            if b not in seen:
                seen.append(b)
    return seen


def border_colour(border: str, net: Network | None = None) -> str:
    """The colour of a border crossing."""
    ids = border_ids(net)
    if border not in ids:
        return "#7f7f7f"
    return BORDER_PALETTE[ids.index(border) % len(BORDER_PALETTE)]


def corridor(line_id: str, net: Network | None = None) -> tuple[str, str, str]:
    """The corridor of a line: (key, English name, Chinese name)."""
    lines = (net or _network()).lines
    if line_id not in lines:
        return CORRIDORS["none"]
    line = lines[line_id]
    if line.mode == "sea":
        return CORRIDORS["sea"]
    if "MAL" in line.borders:
        return CORRIDORS["MAL"]
    if line.borders and line.borders[0] in CORRIDORS:
        return CORRIDORS[line.borders[0]]
    return CORRIDORS["none"]


def corridor_groups(
    line_ids: list[str], net: Network | None = None
) -> list[tuple[str, str, str, list[str]]]:
    """Lines grouped by corridor, in a fixed corridor order: (key, en, zh, lines)."""
    order = [v[0] for v in CORRIDORS.values()]
    groups: dict[str, tuple[str, str, list[str]]] = {}
    for lid in line_ids:
        key, en, zh = corridor(lid, net)
        groups.setdefault(key, (en, zh, []))[2].append(lid)
    return [(k, *groups[k][:2], groups[k][2]) for k in order if k in groups]
