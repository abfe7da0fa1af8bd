"""Make ``eurasia_outline.geojson`` from Natural Earth's 1:110m countries (public domain).

The source is the ``naturalearth_lowres`` shapefile that the ``pyogrio`` wheel ships among its
test fixtures (``pyogrio/tests/fixtures/naturalearth_lowres/``; pyogrio's fixture README: "copied
from GeoPandas. License: public domain"). This script is run by hand, once; the package reads
only the GeoJSON it writes, so nothing is downloaded at run time::

    pip download --no-deps pyogrio==0.13.0 -d /tmp/geo
    cd /tmp/geo && unzip -o pyogrio-*.whl 'pyogrio/tests/fixtures/naturalearth_lowres/*'
    python sim/output/data/make_outline.py /tmp/geo/pyogrio/tests/fixtures/naturalearth_lowres

Rings are clipped to the map's window (countries wholly outside it dropped), coordinates rounded
to 0.1 degree and repeated points removed: the file stays a few tens of kB.
"""

from __future__ import annotations

import json
import struct
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

WINDOW = (-25.0, 15.0, 150.0, 72.0)
"""lon_min, lat_min, lon_max, lat_max of the map (Europe, Central Asia, China)."""


def read_polygons(shp: Path) -> list[list[list[tuple[float, float]]]]:
    """Every record of a polygon shapefile as a list of rings (lists of (lon, lat))."""
    data = shp.read_bytes()
    pos = 100
    out: list[list[list[tuple[float, float]]]] = []
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos : pos + 8])
        rec = data[pos + 8 : pos + 8 + 2 * length]
        pos += 8 + 2 * length
        shape_type = struct.unpack("<i", rec[:4])[0]
        if shape_type != 5:
            out.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", rec[44 : 44 + 4 * n_parts]))
        pts_at = 44 + 4 * n_parts
        pts = struct.unpack(f"<{2 * n_points}d", rec[pts_at : pts_at + 16 * n_points])
        xy = list(zip(pts[0::2], pts[1::2]))
        bounds = [*parts, n_points]
        out.append([xy[a:b] for a, b in pairwise(bounds)])
    return out


def read_names(dbf: Path) -> list[str]:
    """The ``name`` field of a dBASE table."""
    data = dbf.read_bytes()
    n, header_len, rec_len = struct.unpack("<IHH", data[4:12])
    fields, off = [], 32
    while data[off] != 0x0D:
        name = data[off : off + 11].split(b"\0")[0].decode()
        fields.append((name, data[off + 16]))
        off += 32
    names = []
    for i in range(n):
        rec = data[header_len + i * rec_len : header_len + (i + 1) * rec_len]
        at = 1
        value = ""
        for name, size in fields:
            if name == "name":
                value = rec[at : at + size].decode("utf-8", "replace").strip()
            at += size
        names.append(value)
    return names


def _clip(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clipping of one ring to :data:`WINDOW`."""
    x0, y0, x1, y1 = WINDOW

    def at_x(x: float) -> Any:
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y: float) -> Any:
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    edges = (
        (lambda p: p[0] >= x0, at_x(x0)),
        (lambda p: p[0] <= x1, at_x(x1)),
        (lambda p: p[1] >= y0, at_y(y0)),
        (lambda p: p[1] <= y1, at_y(y1)),
    )
    pts = ring
    for inside, cut in edges:
        if not pts:
            break
        out = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
        pts = out
    return pts


def simplify(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, 1), round(y, 1)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def main(folder: str) -> None:
    src = Path(folder)
    polys = read_polygons(src / "naturalearth_lowres.shp")
    names = read_names(src / "naturalearth_lowres.dbf")
    features = []
    for name, rings in zip(names, polys):
        kept = [simplify(_clip(r)) for r in rings]
        kept = [r for r in kept if len(r) >= 4]
        if kept:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": name},
                    "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in kept]},
                }
            )
    out = Path(__file__).with_name("eurasia_outline.geojson")
    doc = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin-0 countries (public domain), "
        "via pyogrio's naturalearth_lowres test fixture; clipped to lon "
        f"{WINDOW[0]}..{WINDOW[2]}, lat {WINDOW[1]}..{WINDOW[3]}, rounded to 0.1 degree",
        "features": features,
    }
    out.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{out}: {len(features)} countries, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
