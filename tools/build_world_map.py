"""Build network/data/world-map.json, the action-plan map's country outlines, once.

The outlines are Natural Earth's Admin 0 countries at 1:50m (public domain) as
packaged in TopoJSON by the ``world-atlas`` npm package (ISC licence, Mike
Bostock). This script reads that package, projects it with the Equal Earth
projection, simplifies it, and writes SVG path data keyed by ISO 3166-1
alpha-2 code, so the site draws its map without fetching anything at run time.

Run it again only to change the map's geometry, and commit its output:

    npm pack world-atlas@2.0.2          # world-atlas-2.0.2.tgz, ~2 MB
    .venv/bin/python tools/build_world_map.py world-atlas-2.0.2.tgz

world-atlas identifies countries by ISO 3166-1 *numeric* code; django-countries'
table turns them into alpha-2 codes. Features without a code (Kosovo,
Somaliland, Northern Cyprus …) are drawn as plain land. Countries too small to
see or click at this scale (Malta, Luxembourg, Liechtenstein, island States)
get a marker; States absent from the 1:50m data (Tuvalu) get a marker only.
"""

import argparse
import itertools
import json
import math
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "network" / "data" / "world-map.json"
MEMBER = "package/countries-50m.json"

WIDTH = 1000  # pixels of the SVG's viewBox; the page scales it to its column
TOLERANCE = 0.45  # Douglas–Peucker tolerance in viewBox pixels
MIN_RING_AREA = 1.5  # square pixels; smaller islands are dropped …
MARKER_BELOW = 7.0  # … and a country whose outline is narrower than this gets a marker
PRECISION = 1  # decimals kept in the path data
SOUTHERN_LIMIT = -58.0  # degrees: Antarctica is not drawn
EXCLUDED = {"AQ"}

# States in no 1:50m feature: (alpha-2, name, longitude, latitude of the capital).
MARKER_ONLY = [("TV", "Tuvalu", 179.19, -8.52)]

# Equal Earth projection (Šavrič, Patterson, Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(longitude, latitude):
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def numeric_to_alpha2():
    """ISO numeric → alpha-2, from django-countries' own table."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    from django_countries.data import ALT_CODES

    return {numeric: alpha2 for alpha2, (_alpha3, numeric) in ALT_CODES.items() if numeric}


def decode_arcs(topology):
    """Absolute longitude/latitude points of each arc (TopoJSON is delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points, tolerance):
    """Douglas–Peucker on one arc; keeps both ends so neighbours stay joined."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - x1, py - y1)
            else:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_area(ring):
    return 0.5 * sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def ring_centroid(ring):
    area = ring_area(ring)
    if abs(area) < 1e-9:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


def path_data(rings):
    """Compact SVG path data: an absolute move, then relative lines per ring."""
    scale = 10**PRECISION
    parts = []
    for ring in rings:
        ints = [(round(x * scale), round(y * scale)) for x, y in ring]
        deduped = [ints[0]]
        for point in ints[1:]:
            if point != deduped[-1]:
                deduped.append(point)
        if len(deduped) > 1 and deduped[-1] == deduped[0]:
            deduped.pop()
        if len(deduped) < 3:
            continue
        x0, y0 = deduped[0]
        chunk = [f"M{_num(x0, scale)} {_num(y0, scale)}l"]
        previous = deduped[0]
        steps = []
        for x, y in deduped[1:]:
            steps.append(_pair(x - previous[0], y - previous[1], scale))
            previous = (x, y)
        chunk.append("".join(steps).lstrip(" "))
        parts.append("".join(chunk) + "z")
    return "".join(parts)


def _num(value, scale):
    text = f"{value / scale:.{PRECISION}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pair(dx, dy, scale):
    # A minus sign separates numbers on its own; a space is needed otherwise.
    x, y = _num(dx, scale), _num(dy, scale)
    return (x if x.startswith("-") else " " + x) + (y if y.startswith("-") else " " + y)


def build(topology_text):
    topology = json.loads(topology_text)
    codes = numeric_to_alpha2()
    raw_arcs = decode_arcs(topology)

    projected = [[equal_earth(lon, max(lat, -89.9)) for lon, lat in arc] for arc in raw_arcs]
    # Scale the projection to WIDTH pixels; y grows downwards in SVG.
    x_extent = equal_earth(180, 0)[0]
    scale = WIDTH / (2 * x_extent)
    top = equal_earth(0, 84)[1]
    bottom = equal_earth(0, SOUTHERN_LIMIT)[1]
    height = math.ceil((top - bottom) * scale)

    def to_pixels(point):
        x, y = point
        return ((x + x_extent) * scale, (top - y) * scale)

    pixel_arcs = [[to_pixels(p) for p in arc] for arc in projected]
    simple_arcs = [simplify(arc, TOLERANCE) for arc in pixel_arcs]

    def unwrapped(ring):
        """A ring that crosses the antimeridian (Russia's Chukotka, Fiji) with
        its longitudes made continuous, or None when it does not cross. The
        part beyond ±180° falls outside the viewBox and is clipped there,
        instead of drawing a line across the whole map."""
        jumps = any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(ring))
        if not jumps:
            return None
        east = sum(lon > 0 for lon, _lat in ring) >= len(ring) / 2
        return [
            (lon + 360 if east and lon < 0 else lon - 360 if not east and lon > 0 else lon, lat)
            for lon, lat in ring
        ]

    def ring_points(indexes, arcs):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
            points.extend(arc if not points else arc[1:])
        return points

    # Group the features by country first: some codes have several features
    # (Australia and its Ashmore and Cartier Islands share 036).
    features = {}
    unnamed = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        code = codes.get(int(geometry["id"])) if geometry.get("id") else None
        if code in EXCLUDED:
            continue
        rings = [ring_arcs for polygon in polygons for ring_arcs in polygon]
        if code is None:
            unnamed.append((geometry["properties"]["name"], rings))
        else:
            features.setdefault(code, []).append((geometry["properties"]["name"], rings))

    def outline(pieces):
        """Path data, the largest ring and the name of the feature holding it."""
        simple, full = [], []
        for _name, rings in pieces:
            for ring in rings:
                crossing = unwrapped(ring_points(ring, raw_arcs))
                if crossing is None:
                    simple.append(ring_points(ring, simple_arcs))
                    full.append(ring_points(ring, pixel_arcs))
                else:
                    pixels = [to_pixels(equal_earth(lon, max(lat, -89.9))) for lon, lat in crossing]
                    simple.append(simplify(pixels, TOLERANCE))
                    full.append(pixels)
        names = [name for name, rings in pieces for _r in rings]
        areas = [abs(ring_area(r)) for r in full]
        largest = max(range(len(full)), key=areas.__getitem__)
        # The largest piece always stays (so Malta keeps its island); small
        # islands elsewhere are dropped.
        kept = [
            ring if len(ring) >= 4 else full[i]
            for i, ring in enumerate(simple)
            if i == largest or areas[i] >= MIN_RING_AREA
        ]
        return path_data(kept), full[largest], names[largest]

    other_land = "".join(outline([piece])[0] for piece in unnamed)
    countries = {}
    for code, pieces in features.items():
        d, ring, name = outline(pieces)
        xs = [x for x, _ in ring]
        ys = [y for _, y in ring]
        biggest = max(max(xs) - min(xs), max(ys) - min(ys))
        cx, cy = ring_centroid(ring)
        countries[code] = {
            "name": name,
            "d": d,
            "marker": [round(cx, 1), round(cy, 1)] if biggest < MARKER_BELOW else None,
        }
    for code, name, longitude, latitude in MARKER_ONLY:
        x, y = to_pixels(equal_earth(longitude, latitude))
        countries[code] = {"name": name, "d": "", "marker": [round(x, 1), round(y, 1)]}
    return {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain), via world-atlas 2.0.2 "
        "(ISC); Equal Earth projection; built by tools/build_world_map.py",
        "width": WIDTH,
        "height": height,
        "countries": dict(sorted(countries.items())),
        "other_land": other_land,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", help="world-atlas .tgz from `npm pack world-atlas@2.0.2`")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args(argv)
    with tarfile.open(args.package) as archive:
        text = archive.extractfile(MEMBER).read().decode("utf-8")
    result = build(text)
    Path(args.output).write_text(
        json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    markers = sorted(code for code, c in result["countries"].items() if c["marker"])
    size = Path(args.output).stat().st_size
    print(f"{len(result['countries'])} countries, {size:,} bytes, markers: {' '.join(markers)}")


if __name__ == "__main__":
    sys.exit(main())
