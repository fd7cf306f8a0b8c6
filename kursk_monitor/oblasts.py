"""The oblast boundaries around the Kursk front, shipped in `geodata/` as two files with two
licences (Natural Earth, public domain; geoBoundaries/OpenStreetMap, ODbL 1.0, credit required).
Kursk Oblast is drawn clearly, its neighbours faintly; both maps name them and carry the credit.
"""

from __future__ import annotations

import json
from functools import cache

from kursk_monitor.paths import PACKAGE_DIR

GEODATA_DIR = PACKAGE_DIR / "geodata"
FILES = {
    "natural_earth": GEODATA_DIR / "oblasts_ne50m.geojson",  # public domain
    "geoboundaries_osm": GEODATA_DIR / "oblasts_ukr_odbl.geojson",  # ODbL 1.0, keep apart, credit
}
FRONT_OBLAST = "RU-KRS"
# Where each oblast's name is printed in the Kursk framing (lat, lon): inside the frame, clear of
# the front's settlements and of the country names.
NAME_POSITIONS = {
    "RU-KRS": (51.45, 36.05),
    "RU-BEL": (50.85, 36.1),
    "RU-BRY": (52.35, 34.0),
    "UA-59": (50.85, 34.45),
    "UA-63": (50.3, 36.4),
}
# Up close on the salient only Kursk and Sumy oblasts are in view, named away from the villages.
FRONT_NAME_POSITIONS = {"RU-KRS": (51.43, 35.5), "UA-59": (51.16, 34.83)}


def name_positions(framing: str) -> dict[str, tuple[float, float]]:
    """Where each oblast's name is printed (lat, lon) in a framing."""
    return FRONT_NAME_POSITIONS if framing == "front" else NAME_POSITIONS


DECIMALS = 3  # about 100 m, well inside the 1:50m generalisation; halves what the map sends


@cache
def features() -> tuple[dict, ...]:
    """Every oblast feature from both files, each tagged with the file it came from, coordinates
    rounded to `DECIMALS` places."""
    found = []
    for origin, path in FILES.items():
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            geometry = {**feature["geometry"], "coordinates": _rounded(feature["geometry"]["coordinates"])}
            found.append({**feature, "geometry": geometry, "properties": {**feature["properties"], "origin": origin}})
    return tuple(found)


def _rounded(coordinates):
    if coordinates and isinstance(coordinates[0], int | float):
        return [round(value, DECIMALS) for value in coordinates]
    return [_rounded(part) for part in coordinates]


def rings(feature: dict) -> list[list[list[float]]]:
    """The outer rings of a Polygon or MultiPolygon feature."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [polygon[0] for polygon in polygons]


def code(feature: dict) -> str:
    """ISO 3166-2 code of the oblast, e.g. 'RU-KRS'."""
    return feature["properties"]["iso_3166_2"]


def strong_oblasts(framing: str) -> tuple[str, ...]:
    """The oblasts whose boundary is drawn clearly in a framing. Up close on the salient the 1:50m
    line of Kursk Oblast strays several kilometres from the border, so there Sumy Oblast's
    OpenStreetMap line marks the border and Kursk Oblast's is drawn faintly like the others."""
    return ("UA-59",) if framing == "front" else (FRONT_OBLAST,)


def collection(strong: bool, framing: str = "kursk") -> dict:
    """A FeatureCollection of the oblasts drawn clearly in `framing` (`strong`) or of the others."""
    chosen = [f for f in features() if (code(f) in strong_oblasts(framing)) == strong]
    return {"type": "FeatureCollection", "features": chosen}
