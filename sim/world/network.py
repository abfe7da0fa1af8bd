"""The Yixin'ou rail network and the Ningbo sea route as a graph.

Nodes are stations, border crossings, hubs and ports; edges are rail, road or sea legs with a length
and a typical running time; lines are named paths from Yiwu West to a destination. The shipped data
(``sim/world/data/*.csv``) mark every figure as sourced (``S``), derived (``D``) or an estimate
(``E``);see ``../shared/reference/domain-facts.md`` for the sources.

This module checks that each line is a connected path over existing edges, finds where the track
gauge changes and which border crossings a line passes, and computes each line's nominal length and
transit time (running hours + nominal border dwell + one day of terminal time, as in the reference
data).

Calibration. The reference data give estimated running speeds per region (China 900, 1520-gauge
countries 1,100, Europe and Iran 600 km/day, all E). ``calibration.csv`` (next to the network data)
holds the speeds and the fixed journey dwell fitted by ``scripts/calibrate.py`` to the published
transit times of half the sourced lines (the other half are predicted out of sample, see
``docs/validation.md``). When the network is loaded, every rail edge whose running time is an
estimate from a speed (``hours_basis`` "E <n> km/day") gets ``km / speed`` of its speed class
(:func:`speed_class`); measured or sourced times (the 6 h Yiwu-Ningbo train, the gauge-change
transfer legs, sea legs) are left as they are. The journey dwell (terminal handling, marshalling
and locomotive changes that do not scale with distance) is added to the first leg of every rail
line (:attr:`Line.journey_dwell_h`); a path built from graph edges should add
:attr:`Network.journey_dwell_h` itself.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from sim.errors import NetworkError

if TYPE_CHECKING:
    import networkx as nx

TERMINAL_H = 24.0
"""Terminal handling at origin and destination, added to nominal transit (E, reference §7.3)."""

SPEED_CLASSES = ("CN", "1520", "W")
"""Running-speed classes: China (1435 mm), the 1520 mm countries, and 1435/1668 mm track west
and south of them (Europe, Iran)."""

_SPEED_BASIS = re.compile(r"^E\s+[\d.,]+\s*km/day")
"""A running time estimated from a speed (the only kind calibration replaces)."""


@dataclass(frozen=True)
class Calibration:
    """Fitted running speeds per class (km/day) and the fixed journey dwell (hours)."""

    speeds_kmday: dict[str, float]
    journey_dwell_h: float
    source: str = "calibration.csv"


@dataclass(frozen=True)
class Node:
    """A place on the network."""

    id: str
    name: str
    country: str
    lat: float
    lon: float
    kind: str
    gauge_mm: int | None
    border_dwell_h: float | None
    basis: str
    name_zh: str = ""
    """The usual Chinese name (``name_zh`` column of ``nodes.csv``; empty: none given)."""

    def name_in(self, lang: str = "en") -> str:
        """The name in ``lang`` (``en`` or ``zh``); English when there is no Chinese one."""
        return self.name_zh if lang == "zh" and self.name_zh else self.name


@dataclass(frozen=True)
class Edge:
    """A directed leg between two nodes by one mode."""

    src: str
    dst: str
    mode: str
    km: float
    hours: float
    km_basis: str
    hours_basis: str
    gauge: str = ""
    """The gauge column of the data (``1435``, ``1520``, ``1435->1520``; empty off rail)."""


@dataclass(frozen=True)
class GaugeBreak:
    """A change of track gauge between two consecutive nodes of a path."""

    src: str
    dst: str
    from_mm: int
    to_mm: int


@dataclass(frozen=True)
class Line:
    """A named route from Yiwu West to a destination, with its derived properties."""

    id: str
    name: str
    mode: str
    path: tuple[str, ...]
    edges: tuple[Edge, ...]
    borders: tuple[str, ...]
    gauge_breaks: tuple[GaugeBreak, ...]
    trains_per_week: float
    capacity_teu: int
    sourced_km: str
    sourced_days: str
    source: str
    journey_dwell_h: float = 0.0
    """Fixed dwell carried by the first leg (calibration); included in :attr:`running_h`."""
    name_zh: str = ""
    """The usual Chinese name (``name_zh`` column of ``lines.csv``; empty: none given)."""

    def name_in(self, lang: str = "en") -> str:
        """The name in ``lang`` (``en`` or ``zh``); English when there is no Chinese one."""
        return self.name_zh if lang == "zh" and self.name_zh else self.name

    @property
    def destination(self) -> str:
        """Final node of the line."""
        return self.path[-1]

    @property
    def km(self) -> float:
        """Nominal length in km (sum of the edges)."""
        return sum(e.km for e in self.edges)

    @property
    def running_h(self) -> float:
        """Sum of the edges' typical running hours."""
        return sum(e.hours for e in self.edges)

    def km_by_mode(self) -> dict[str, float]:
        """Kilometres per mode (for emissions)."""
        out: dict[str, float] = {}
        for e in self.edges:
            out[e.mode] = out.get(e.mode, 0.0) + e.km
        return out


class Network:
    """Nodes, edges and lines, with a networkx graph of them on request (:attr:`graph`).

    A run looks edges up by their two ends (:meth:`edge`, :meth:`has_edge`) in a plain
    dictionary, so networkx (about 0.09 s to import) is imported only by code that wants the
    graph itself: detours around closed crossings, the exports, a notebook.

    Parameters
    ----------
    nodes, edges, lines
        The parsed data; lines are checked against the edges on construction.
    """

    def __init__(
        self,
        nodes: dict[str, Node],
        edges: list[Edge],
        line_rows: list[dict[str, str]],
        calibration: Calibration | None = None,
    ) -> None:
        self.nodes = nodes
        self.calibration = calibration
        self.journey_dwell_h = calibration.journey_dwell_h if calibration else 0.0
        # (src, dst) -> {mode: edge}: one edge per mode between two nodes, a later row of the
        # data replacing an earlier one of the same mode, as a networkx MultiDiGraph keyed by
        # mode holds them (the graph is built from this, in this order)
        self._legs: dict[tuple[str, str], dict[str, Edge]] = {}
        for e in edges:
            for end in (e.src, e.dst):
                if end not in nodes:
                    raise NetworkError(f"edge {e.src}-{e.dst} names unknown node {end!r}")
            if calibration is not None:
                e = calibrated_edge(e, nodes, calibration)
            self._legs.setdefault((e.src, e.dst), {})[e.mode] = e
        self.lines: dict[str, Line] = {}
        for row in line_rows:
            line = self._build_line(row)
            self.lines[line.id] = line

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The network as a networkx graph: nodes with their attributes, one edge per mode
        between two nodes, keyed by the mode and carrying the :class:`Edge` as ``edge``."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for node in self.nodes.values():
            g.add_node(node.id, **_graph_attrs(node))
        for (src, dst), legs in self._legs.items():
            for mode, e in legs.items():
                g.add_edge(src, dst, key=mode, edge=e)
        return g

    def has_edge(self, src: str, dst: str) -> bool:
        """Whether an edge of any mode leads from ``src`` to ``dst``."""
        return (src, dst) in self._legs

    def edge(self, src: str, dst: str, prefer: str) -> Edge:
        """The edge ``src`` -> ``dst`` by mode ``prefer`` if there is one, else rail, else road."""
        if src not in self.nodes or dst not in self.nodes:
            unknown = src if src not in self.nodes else dst
            raise NetworkError(f"unknown node {unknown!r}")
        legs = self._legs.get((src, dst))
        if not legs:
            raise NetworkError(f"no edge from {src} to {dst}: the path is not connected")
        for mode in (prefer, "rail", "road"):
            if mode in legs:
                return legs[mode]
        return next(iter(legs.values()))

    def _build_line(self, row: dict[str, str]) -> Line:
        line_id = row["line_id"]
        path = tuple(p.strip() for p in row["node_path"].split("-"))
        if len(path) < 2:
            raise NetworkError(f"line {line_id} has a path of fewer than two nodes")
        try:
            edges = tuple(self.edge(a, b, row["mode"]) for a, b in pairwise(path))
        except NetworkError as exc:
            raise NetworkError(f"line {line_id}: {exc}") from None
        borders = tuple(n for n in path if self.nodes[n].kind == "border")
        dwell = 0.0
        if row["mode"] == "rail" and self.journey_dwell_h > 0:
            dwell = self.journey_dwell_h
            first = edges[0]
            basis = f"{first.hours_basis}; + {dwell:g} h journey dwell (calibration)"
            edges = (replace(first, hours=first.hours + dwell, hours_basis=basis), *edges[1:])
        breaks = []
        for a, b in pairwise(path):
            ga, gb = self.nodes[a].gauge_mm, self.nodes[b].gauge_mm
            if ga is not None and gb is not None and ga != gb:
                breaks.append(GaugeBreak(a, b, ga, gb))
        return Line(
            id=line_id,
            name=row["name"],
            mode=row["mode"],
            path=path,
            edges=edges,
            borders=borders,
            gauge_breaks=tuple(breaks),
            trains_per_week=float(row["trains_per_week"]),
            capacity_teu=int(row["capacity_teu"]),
            sourced_km=row["sourced_km"],
            sourced_days=row["sourced_days"],
            source=row["source"],
            journey_dwell_h=dwell,
            name_zh=(row.get("name_zh") or "").strip(),
        )

    def place_name(self, ident: str, lang: str = "en") -> str:
        """The name of node or line ``ident`` in ``lang`` (``en`` or ``zh``).

        Chinese falls back to English where the data give no Chinese name; an id the network
        does not know comes back as it is (a report of a run made with other data).
        """
        item: Node | Line | None = self.nodes.get(ident) or self.lines.get(ident)
        return item.name_in(lang) if item is not None else ident

    def nominal_border_h(self, line: Line) -> float:
        """Sum of the nominal dwell of the border crossings on ``line``."""
        return sum(self.nodes[b].border_dwell_h or 0.0 for b in line.borders)

    def nominal_days(self, line: Line) -> float:
        """Running time + nominal border dwell + terminal time, in days."""
        return (line.running_h + self.nominal_border_h(line) + TERMINAL_H) / 24.0

    def destinations(self) -> list[str]:
        """Final nodes of all lines, in line order, without repeats."""
        seen: dict[str, None] = {}
        for line in self.lines.values():
            seen.setdefault(line.destination, None)
        return list(seen)

    def great_circle_km(self, a: str, b: str) -> float:
        """Great-circle distance between two nodes (haversine, Earth radius 6371 km)."""
        na, nb = self.nodes[a], self.nodes[b]
        p1, p2 = math.radians(na.lat), math.radians(nb.lat)
        dp, dl = p2 - p1, math.radians(nb.lon - na.lon)
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(h))

    def to_geojson(self) -> dict[str, object]:
        """Nodes as points and lines as line strings, in GeoJSON (lon, lat order); each
        feature's ``name`` in English and ``name_zh`` in Chinese (empty where the data give
        none)."""
        features: list[dict[str, object]] = []
        for n in self.nodes.values():
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [n.lon, n.lat]},
                    "properties": {
                        "id": n.id,
                        "name": n.name,
                        "name_zh": n.name_zh,
                        "kind": n.kind,
                        "gauge_mm": n.gauge_mm,
                    },
                }
            )
        for line in self.lines.values():
            coords = [[self.nodes[p].lon, self.nodes[p].lat] for p in line.path]
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": coords},
                    "properties": {
                        "id": line.id,
                        "name": line.name,
                        "name_zh": line.name_zh,
                        "mode": line.mode,
                        "km": round(line.km, 1),
                        "nominal_days": round(self.nominal_days(line), 2),
                        "borders": list(line.borders),
                    },
                }
            )
        return {"type": "FeatureCollection", "features": features}

    def write_exports(self, out_dir: Path) -> tuple[Path, Path]:
        """Write ``network.graphml`` and ``network.geojson`` into ``out_dir``: every node (and
        in GeoJSON every line) with its English ``name`` and its Chinese ``name_zh``. The
        GeoJSON is UTF-8 with the Chinese as characters, not ``\\u`` escapes, so that a GIS
        or a text editor shows the names."""
        import networkx as nx

        out_dir.mkdir(parents=True, exist_ok=True)
        g = nx.MultiDiGraph()
        for node_id, attrs in self.graph.nodes(data=True):
            g.add_node(node_id, **attrs, name_zh=self.nodes[node_id].name_zh)
        for a, b, key, data in self.graph.edges(keys=True, data=True):
            e: Edge = data["edge"]
            g.add_edge(a, b, key=key, mode=e.mode, km=e.km, hours=e.hours, km_basis=e.km_basis)
        graphml = out_dir / "network.graphml"
        nx.write_graphml(g, graphml)
        geojson = out_dir / "network.geojson"
        text = json.dumps(self.to_geojson(), indent=1, ensure_ascii=False)
        geojson.write_text(text, encoding="utf-8")
        return graphml, geojson


def _graph_attrs(node: Node) -> dict[str, object]:
    attrs: dict[str, object] = {
        "name": node.name,
        "country": node.country,
        "lat": node.lat,
        "lon": node.lon,
        "kind": node.kind,
        "basis": node.basis,
    }
    if node.gauge_mm is not None:
        attrs["gauge_mm"] = node.gauge_mm
    if node.border_dwell_h is not None:
        attrs["border_dwell_h"] = node.border_dwell_h
    return attrs


def place_name(ident: str, lang: str = "en") -> str:
    """The name of node or line ``ident`` of the shipped network in ``lang`` (``en``, ``zh``);
    ``ident`` itself when the shipped network does not know it."""
    return load_network().place_name(ident, lang)


def _read_csv(name: str, data_dir: Path | None) -> list[dict[str, str]]:
    if data_dir is not None:
        text = (data_dir / name).read_text(encoding="utf-8")
    else:
        text = resources.files("sim.world.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _opt_float(value: str) -> float | None:
    return float(value) if value.strip() else None


def speed_class(edge_gauge: str, src_country: str) -> str:
    """Speed class of a rail edge from its gauge column (the part before ``->`` for a gauge
    change) and the country of its first node."""
    gauge = edge_gauge.split("->")[0].strip()
    if gauge == "1520":
        return "1520"
    return "CN" if src_country == "CN" else "W"


def calibrated_edge(e: Edge, nodes: dict[str, Node], cal: Calibration) -> Edge:
    """``e`` with its running time from the calibrated speed of its class, when its time is an
    estimate from a speed (else ``e`` unchanged)."""
    if e.mode != "rail" or not _SPEED_BASIS.match(e.hours_basis):
        return e
    klass = speed_class(e.gauge, nodes[e.src].country)
    speed = cal.speeds_kmday.get(klass)
    if speed is None:
        return e
    return replace(
        e,
        hours=e.km / speed * 24.0,
        hours_basis=f"fitted {speed:,.0f} km/day ({klass}, {cal.source}; was {e.hours_basis})",
    )


def read_calibration(data_dir: Path | None = None) -> Calibration | None:
    """The fitted speeds and journey dwell in ``calibration.csv`` (None when there is none).

    Rows: ``parameter`` (``speed_kmday`` or ``journey_dwell_h``), ``class`` (a speed class, see
    :data:`SPEED_CLASSES`), ``value``; the other columns document basis and method.
    """
    try:
        rows = _read_csv("calibration.csv", data_dir)
    except FileNotFoundError:
        return None
    speeds: dict[str, float] = {}
    dwell = 0.0
    for r in rows:
        value = float(r["value"])
        if r["parameter"] == "speed_kmday":
            if r["class"] not in SPEED_CLASSES or not value > 0:
                raise NetworkError(f"calibration.csv: bad speed row {r}")
            speeds[r["class"]] = value
        elif r["parameter"] == "journey_dwell_h":
            if not value >= 0:
                raise NetworkError(f"calibration.csv: negative journey dwell {value}")
            dwell = value
        else:
            raise NetworkError(f"calibration.csv: unknown parameter {r['parameter']!r}")
    return Calibration(speeds, dwell)


_CACHE: dict[str, Network] = {}


def load_network(data_dir: Path | None = None, calibrated: bool = True) -> Network:
    """Load the shipped network (or the CSV files in ``data_dir``) and check it.

    Parameters
    ----------
    data_dir
        A folder with ``nodes.csv``, ``edges.csv``, ``lines.csv`` and optionally
        ``calibration.csv``; default the shipped data. The ``name_zh`` column of nodes and
        lines (their Chinese names) is optional: missing or empty, Chinese output shows the
        English ``name``.
    calibrated
        Apply ``calibration.csv`` (if there is one); False gives the reference estimates.

    Raises
    ------
    NetworkError
        If an edge or line names an unknown node or a line's path is not connected.
    """
    key = f"{data_dir}|{calibrated}"
    if key in _CACHE:
        return _CACHE[key]
    nodes: dict[str, Node] = {}
    for r in _read_csv("nodes.csv", data_dir):
        gauge = r["gauge_mm"].strip()
        nodes[r["id"]] = Node(
            id=r["id"],
            name=r["name"],
            country=r["country"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            kind=r["kind"],
            gauge_mm=int(gauge) if gauge else None,
            border_dwell_h=_opt_float(r["border_dwell_h"]),
            basis=r["coord_basis"],
            name_zh=(r.get("name_zh") or "").strip(),
        )
    edges = [
        Edge(
            src=r["from"],
            dst=r["to"],
            mode=r["mode"],
            km=float(r["km"]),
            hours=float(r["hours"]),
            km_basis=r["km_basis"],
            hours_basis=r["hours_basis"],
            gauge=r.get("gauge_mm", ""),
        )
        for r in _read_csv("edges.csv", data_dir)
    ]
    cal = read_calibration(data_dir) if calibrated else None
    net = Network(nodes, edges, _read_csv("lines.csv", data_dir), cal)
    _CACHE[key] = net
    return net
