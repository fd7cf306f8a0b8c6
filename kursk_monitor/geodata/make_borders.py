"""Rebuild `countries.geojson` from the ring dump written by `export_countries50.R`.

Usage: `Rscript export_countries50.R` (writes countries50.txt), then
`python -m kursk_monitor.geodata.make_borders countries50.txt`. Rings are simplified with the
Ramer–Douglas–Peucker method (tolerance 0.02°, about 2 km) and coordinates rounded to 3 decimals.
Holes are left out (none lies in the area the map shows).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TOLERANCE = 0.02
MIN_AREA = 0.05  # square degrees; smaller islands are dropped
LEAVE_OUT = {"USA"}  # reaches the area only through the Aleutians
OUT = Path(__file__).resolve().parent / "countries.geojson"


def _rdp(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    best, index = -1.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        if norm == 0:
            dist = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        else:
            dist = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
        if dist > best:
            best, index = dist, i
    if best <= tolerance:
        return [points[0], points[-1]]
    return _rdp(points[: index + 1], tolerance)[:-1] + _rdp(points[index:], tolerance)


def _area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))) / 2


def main(dump: str) -> None:
    lines = Path(dump).read_text(encoding="utf-8").splitlines()
    countries: dict[str, dict] = {}
    for header, coords in zip(lines[::2], lines[1::2], strict=True):
        _, iso, name, kind, _n = header.split("\t")
        if kind == "hole" or iso in LEAVE_OUT:
            continue
        ring = [tuple(float(v) for v in pair.split(",")) for pair in coords.split()]
        if _area(ring) < MIN_AREA:
            continue
        simple = _rdp(ring, TOLERANCE)
        if len(simple) < 4:
            continue
        simple = [(round(x, 3), round(y, 3)) for x, y in simple]
        entry = countries.setdefault(iso, {"name": name, "polygons": []})
        entry["polygons"].append([[list(p) for p in simple]])
    features = [
        {
            "type": "Feature",
            "properties": {"iso_a3": iso, "name": entry["name"]},
            "geometry": {"type": "MultiPolygon", "coordinates": entry["polygons"]},
        }
        for iso, entry in sorted(countries.items())
    ]
    collection = {"type": "FeatureCollection", "features": features}
    OUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT.name}: {len(features)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
