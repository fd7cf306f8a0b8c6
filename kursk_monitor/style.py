"""Colours and marker symbols shared by every chart and map, safe for colour-blind readers.

Claimants are coloured by country (Okabe-Ito palette) and told apart within a country by marker
symbol, so a claimant keeps its look on every page and in every export.
"""

from __future__ import annotations

import pandas as pd

# Okabe & Ito (2008), "Color Universal Design", plus neutral greys.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#7F7F7F",
}

COUNTRY_COLOURS = {
    "USA": OKABE_ITO["blue"],
    "KOR": OKABE_ITO["sky_blue"],
    "UKR": OKABE_ITO["orange"],
    "GBR": OKABE_ITO["reddish_purple"],
    "NATO": OKABE_ITO["bluish_green"],
    "RUS": OKABE_ITO["vermillion"],
    "PRK": OKABE_ITO["black"],
    "JPN": OKABE_ITO["yellow"],
}
OTHER_COLOUR = OKABE_ITO["grey"]

SYMBOLS = ("circle", "diamond", "square", "triangle-up", "x", "star", "triangle-down", "pentagon", "hexagon", "cross")

CATEGORY_COLOURS = {
    "diplomatic": OKABE_ITO["blue"],
    "military": OKABE_ITO["vermillion"],
    "intelligence": OKABE_ITO["sky_blue"],
    "statement": OKABE_ITO["orange"],
    "casualties": OKABE_ITO["black"],
    "legal": OKABE_ITO["bluish_green"],
    "other": OKABE_ITO["grey"],
}


def country_colour(country: str) -> str:
    return COUNTRY_COLOURS.get(country, OTHER_COLOUR)


def claimant_styles(actors: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Map every actor id to (colour, marker symbol): colour by country, symbol by rank in it."""
    styles: dict[str, tuple[str, str]] = {}
    ranks: dict[str, int] = {}
    for actor_id, country in sorted(zip(actors["actor_id"], actors["country"], strict=True)):
        rank = ranks.get(country, 0)
        ranks[country] = rank + 1
        styles[actor_id] = (country_colour(country), SYMBOLS[rank % len(SYMBOLS)])
    return styles


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    """'#RRGGBB' to [r, g, b, a] as pydeck wants it."""
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]
