"""The report's map: the rail lines over country outlines, crossings sized by their wait.

Notes
-----
Drawn as SVG without matplotlib (:mod:`sim.output.svg`): each line in its own colour
(:mod:`sim.output.colours`), its width by the TEU it carried; crossings as circles sized by the
mean wait there, labelled without overlap; gauge changes marked ×. The outlines are Natural
Earth's 1:110m, shipped with the package.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np

from sim.output import colours
from sim.output.labels import label
from sim.output.svg import INK, MUTED, Figure, esc, fmt
from sim.world.network import Network


@lru_cache(maxsize=1)
def outline() -> list[list[list[float]]]:
    """Country outlines (rings of [lon, lat]) of Natural Earth 1:110m, shipped with the package."""
    text = resources.files("sim.output").joinpath("data/eurasia_outline.geojson").read_text("utf-8")
    rings: list[list[list[float]]] = []
    for f in json.loads(text)["features"]:
        for poly in f["geometry"]["coordinates"]:
            rings.extend(poly)
    return rings


def _place_labels(
    points: Sequence[tuple[str, float, float]],
    obstacles: Sequence[tuple[float, float]],
    bounds: tuple[float, float, float, float] = (-1e9, -1e9, 1e9, 1e9),
) -> list[tuple[str, float, float, str]]:
    """Greedy label placement: each label tries eight spots around its point and takes the first
    that stays inside ``bounds`` and overlaps no label placed before and no other point."""
    placed: list[tuple[float, float, float, float]] = []
    out = []
    offsets = (
        (6, -5, "start"),
        (6, 12, "start"),
        (-6, -5, "end"),
        (-6, 12, "end"),
        (0, -9, "middle"),
        (0, 17, "middle"),
        (12, 3, "start"),
        (-12, 3, "end"),
    )
    for name, x, y in points:
        w, h = 7.0 * len(name), 10.0
        best = None
        for dx, dy, anchor in offsets:
            tx, ty = x + dx, y + dy
            x0 = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
            box = (x0, ty - h + 1, x0 + w, ty + 1)
            outside = box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2]
            hits = (
                outside
                or any(
                    not (box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1])
                    for b in placed
                )
                or any(
                    box[0] - 3 < ox < box[2] + 3 and box[1] - 3 < oy < box[3] + 3
                    for ox, oy in obstacles
                    if (ox, oy) != (x, y)
                )
            )
            if not hits:
                best = (tx, ty, anchor, box)
                break
        if best is None:
            dx, dy, anchor = offsets[0]
            x0 = x + dx
            best = (x + dx, y + dy, anchor, (x0, y + dy - h, x0 + w, y + dy))
        placed.append(best[3])
        out.append((name, best[0], best[1], best[2]))
    return out


@dataclass(frozen=True)
class Detour:
    """The trains of one line that went round a closed crossing by one path, as the map draws
    them (:func:`detours`)."""

    line: str
    path: tuple[str, ...]
    """The nodes of the path they took, from the line's origin to its destination."""
    trains: int
    teu: float


def detours(
    net: Network, departures: Mapping[str, Any], crossings: Mapping[str, Any]
) -> list[Detour]:
    """The paths the Yiwu trains that went round a closed crossing took (the departures table's
    ``rerouted``; each path told from the crossings it passed, in the order it reached them,
    and the km its detours added, :func:`sim.world.paths.path_taken`: a train still on its way
    at the run's end, not yet past its first crossing off its line, along the detour it was
    sent on), one item per line and path, in the order of their first train; a train whose
    path cannot be told is left out (the map draws none for it)."""
    from sim.world.paths import path_taken

    if "rerouted" not in departures:
        return []
    rows = np.flatnonzero(np.asarray(departures["rerouted"], bool))
    ids = np.asarray(crossings["departure_id"])
    # the rerouted trains' crossings only (the table holds every background train too), by
    # train and then by arrival: one sort, not a search of the whole table per train
    mine = np.flatnonzero(np.isin(ids, np.asarray(departures["departure_id"])[rows]))
    mine = mine[np.lexsort((np.asarray(crossings["arrive_h"], float)[mine], ids[mine]))]
    borders = np.asarray(crossings["border"])[mine].astype(str)
    first = np.searchsorted(ids[mine], np.asarray(departures["departure_id"])[rows])
    last = np.searchsorted(ids[mine], np.asarray(departures["departure_id"])[rows], "right")
    added = departures.get("detour_km")
    km = np.zeros(len(departures["rerouted"])) if added is None else np.asarray(added, float)
    # (trains share them)
    paths: dict[tuple[str, tuple[str, ...], float], tuple[str, ...] | None] = {}
    found: dict[tuple[str, tuple[str, ...]], list[float]] = {}
    for r, a, b in zip(rows.tolist(), first.tolist(), last.tolist(), strict=True):
        lid = str(departures["line"][r])
        key = (lid, tuple(borders[a:b].tolist()), round(float(km[r]), 1))
        if key not in paths:
            edges = path_taken(net, lid, key[1], None if added is None else key[2])
            paths[key] = (edges[0].src, *(e.dst for e in edges)) if edges else None
        path = paths[key]
        if path is not None:
            found.setdefault((lid, path), []).append(float(departures["teu"][r]))
    return [Detour(lid, path, len(teu), sum(teu)) for (lid, path), teu in found.items()]


def network_map(
    net: Network,
    lines: Sequence[str],
    teu_by_line: Mapping[str, float],
    wait_by_border: Mapping[str, float],
    lang: str = "en",
    went_round: Sequence[Detour] = (),
) -> str:
    """Rail lines along their paths over country outlines, width by TEU carried, each in its own
    colour; crossings sized by mean wait, labelled without overlap; gauge changes marked. The
    trains that went round a closed crossing (``went_round``, :func:`detours`) dashed along the
    part of their path off their line, width by the TEU they carried, with the crossings they
    passed that no line drawn does (the line's own width still counts them: they are its
    trains, and the line alone is drawn where they ran it)."""
    rail = [lid for lid in lines if lid in net.lines and net.lines[lid].mode == "rail"]
    lon0, lon1, lat0, lat1 = -12.0, 124.0, 22.0, 62.0
    for lid in rail:
        for p in net.lines[lid].path:
            lon0, lon1 = min(lon0, net.nodes[p].lon - 3), max(lon1, net.nodes[p].lon + 3)
            lat0, lat1 = min(lat0, net.nodes[p].lat - 3), max(lat1, net.nodes[p].lat + 3)
    width, top = 1000.0, 30.0
    # equirectangular with the longitude scaled by cos(mid-latitude): shapes look right
    k = math.cos(math.radians((lat0 + lat1) / 2))
    scale = (width - 20) / ((lon1 - lon0) * k)
    height = (lat1 - lat0) * scale

    def px(lon: float) -> float:
        return 10 + (lon - lon0) * k * scale

    def py(lat: float) -> float:
        return top + (lat1 - lat) * scale

    fig = Figure(width, top + height + 150, label("network", lang))
    fig.add(
        f'<clipPath id="mapclip"><rect x="10" y="{top}" width="{width - 20}" '
        f'height="{height:.0f}"/></clipPath><g clip-path="url(#mapclip)">'
        f'<rect x="10" y="{top}" width="{width - 20}" height="{height:.0f}" fill="#eaf2f8"/>'
    )
    for ring in outline():
        poly = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in ring)
        fig.add(f'<polygon points="{poly}" fill="#f7f5ef" stroke="#b9b3a6" stroke-width="0.6"/>')
    top_teu = max([teu_by_line.get(i, 0.0) for i in rail] + [1.0])
    # lines sharing a track are offset sideways a little so each stays visible
    for n, lid in enumerate(rail):
        line = net.lines[lid]
        w = 1.2 + 6.0 * teu_by_line.get(lid, 0.0) / top_teu
        off = (n - len(rail) / 2) * 0.35
        d = "".join(
            f"{'L' if i else 'M'}{px(net.nodes[p].lon) + off:.1f},{py(net.nodes[p].lat) + off:.1f}"
            for i, p in enumerate(line.path)
        )
        fig.add(
            f'<path d="{d}" fill="none" stroke="{colours.line_colour(lid, net)}" '
            f'stroke-width="{w:.1f}" stroke-opacity="0.8" stroke-linejoin="round" '
            f'stroke-linecap="round"><title>{esc(lid)} {esc(line.name_in(lang))}: '
            f"{fmt(teu_by_line.get(lid, 0.0))} TEU</title></path>"
        )
    # a path all on its line has nothing to dash (a train sent round one closure and back onto
    # its line round another passed its line's crossings): no empty path, no count in the note
    drawn = [
        way
        for way in went_round
        if way.line in rail and set(pairwise(way.path)) - set(pairwise(net.lines[way.line].path))
    ]
    for way in drawn:
        line = net.lines[way.line]
        along = set(pairwise(line.path))
        w = 1.2 + 6.0 * way.teu / top_teu
        parts, open_ = "", False
        for a, b in pairwise(way.path):  # only what leaves the line: the line is drawn already
            if (a, b) in along:
                open_ = False
                continue
            if not open_:
                parts += f"M{px(net.nodes[a].lon):.1f},{py(net.nodes[a].lat):.1f}"
            parts += f"L{px(net.nodes[b].lon):.1f},{py(net.nodes[b].lat):.1f}"
            open_ = True
        said = label("map_went_round", lang).format(n=way.trains, teu=fmt(way.teu))
        fig.add(
            f'<path d="{parts}" fill="none" stroke="{colours.line_colour(way.line, net)}" '
            f'stroke-width="{w:.1f}" stroke-opacity="0.8" stroke-dasharray="5 3" '
            f'stroke-linejoin="round" class="detour"><title>{esc(way.line)} '
            f"{esc(line.name_in(lang))}: {esc(said)}</title></path>"
        )
    breaks = sorted({(g.src, g.dst) for lid in rail for g in net.lines[lid].gauge_breaks})
    marks: list[tuple[float, float]] = []  # labels keep clear of them too
    for a, b in breaks:
        # beside the crossing where the wheels are changed (the break's far end: Irun, not
        # the middle of France on the long Mannheim-Irun edge), off its circle
        xa, ya, xb, yb = (
            px(net.nodes[a].lon),
            py(net.nodes[a].lat),
            px(net.nodes[b].lon),
            py(net.nodes[b].lat),
        )
        span = math.hypot(xa - xb, ya - yb) or 1.0
        frac = min(11.0, span / 2) / span  # (not k: px and py read the projection's k)
        x, y = xb + (xa - xb) * frac, yb + (ya - yb) * frac
        fig.add(_gauge_mark(x, y))
        marks.append((x, y))
    borders = sorted({b for lid in rail for b in net.lines[lid].borders})
    borders += sorted({n for way in drawn for n in way.path
                       if n not in borders and net.nodes[n].kind == "border"})  # fmt: skip
    pts: list[tuple[str, float, float]] = []
    for b in borders:
        x, y = px(net.nodes[b].lon), py(net.nodes[b].lat)
        wait = wait_by_border.get(b, 0.0)
        r = 3.5 + 2.2 * math.sqrt(max(wait, 0.0))
        fig.add(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colours.border_colour(b, net)}" '
            f'fill-opacity="0.85" stroke="{INK}" stroke-width="0.8"><title>{esc(b)}: '
            f"{label('wait', lang)} {fmt(wait)}</title></circle>"
        )
        pts.append((b, x, y))
    yiw = net.nodes.get("YIW")
    if yiw is not None:
        fig.add(
            f'<rect x="{px(yiw.lon) - 4:.1f}" y="{py(yiw.lat) - 4:.1f}" width="8" height="8" '
            f'fill="{INK}"/>'
        )
        pts.append(("义乌" if lang == "zh" else "Yiwu", px(yiw.lon), py(yiw.lat)))
    box = (10.0, top, width - 10, top + height)
    for name, x, y, anchor in _place_labels(pts, [*((x, y) for _, x, y in pts), *marks], box):
        fig.text(x, y, name, size=9, anchor=anchor, weight="600", halo=True)
    fig.add("</g>")
    # legend: lines (colour, name, TEU), crossings (wait), gauge mark
    ly = top + height + 22
    items = [
        (
            f"{lid} {net.lines[lid].name_in(lang)} · {fmt(teu_by_line.get(lid, 0.0))} TEU",
            colours.line_colour(lid, net),
        )
        for lid in rail
    ]
    fig.legend(14, ly, items, cols=4, col_w=245)
    rows = math.ceil(len(items) / 4)
    waits = [f"{b} {fmt(wait_by_border.get(b, 0.0))} h" for b in borders]
    wy = ly + 15 * rows + 8
    # Chinese punctuation is full width (换轨；平均等待（小时）：), the crossings' codes after it
    # stay Latin
    semi, colon = ("；", "：") if lang == "zh" else ("; ", ": ")
    if breaks:  # the map's × explained
        fig.add(_gauge_mark(18, wy - 4))
        head, x0 = f"{label('gauge', lang)}{semi}{label('wait', lang)}{colon}", 28.0
    else:
        head, x0 = f"{label('wait', lang)}{colon}", 14.0
    # the waits wrap to the figure's width: a closure run's detour crossings made the line
    # run past the right edge, its last crossing's wait cut off ("ZIL 1.5 h, MCK")
    waits_lines = wrapped(head, waits, width - x0 - 10, size=10)
    for k, text in enumerate(waits_lines):
        fig.text(x0, wy + 13 * k, text, size=10, colour=MUTED)
    ly += 13 * (len(waits_lines) - 1)  # (what follows, below the waits)
    note = label("map_note", lang)
    if drawn:  # the dashes explained, with the trains of each line (over its paths: a line
        # sent two ways read "L01 12, L01 8")
        per_line: dict[str, int] = {}
        for way in drawn:
            per_line[way.line] = per_line.get(way.line, 0) + way.trains
        trains = ", ".join(f"{lid} {n}" for lid, n in per_line.items())
        note = f"{label('map_detours', lang).format(trains=trains)} {note}"
    fig.text(14, ly + 15 * rows + 24, note, size=9, colour=MUTED)
    fig.height = ly + 15 * rows + 34
    return fig.render()


def wrapped(head: str, items: Sequence[str], room: float, size: float = 10.0) -> list[str]:
    """``head`` and ``items`` joined by commas, in lines that fit ``room`` px of text at
    ``size`` px (a line breaks between items). Widths are estimated as the experiments'
    labels are: 0.6 of the size for a narrow character, the whole size for a wide (Chinese)
    one."""

    def px(s: str) -> float:
        return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in s)

    lines: list[str] = []
    line = head
    for k, item in enumerate(items):
        piece = item + ("," if k < len(items) - 1 else "")
        if line.strip() and line != head and px(line + piece) > room:
            lines.append(line.rstrip())
            line = ""
        line += piece + " "
    lines.append(line.rstrip())
    return lines


def _gauge_mark(x: float, y: float) -> str:
    """The × that marks a gauge change."""
    return (
        f'<path d="M{x - 4:.1f},{y - 4:.1f}L{x + 4:.1f},{y + 4:.1f}M{x - 4:.1f},'
        f'{y + 4:.1f}L{x + 4:.1f},{y - 4:.1f}" stroke="{INK}" stroke-width="1.6"/>'
    )
