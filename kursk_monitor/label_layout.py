"""Where to print place names so that none overlaps another name, a dot or a fixed name (country,
oblast), and none runs out of the frame: each name tries the right of its dot, then the left, above
and below, then the four corners; a name that fits nowhere is left out (its dot stays and its hover
names it).

Positions are estimated in screen pixels from a scale (pixels per degree) that the interactive map
takes from its zoom and the static map from its frame; text width is estimated from the number of
characters, generously, so a name never gets cut.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

CHAR_WIDTH = 0.62  # average glyph width of DejaVu Sans, as a share of the font size
DOT_PX = 7  # half the size of a dot that a name must keep clear of
GAP_PX = 12  # from a dot's centre to the start of its name
# Name positions tried in order: (side, pixel offset x, pixel offset y; y grows downwards).
# After the four sides, the four corners, for dots crowded by their neighbours (Sudzha among its villages).
CORNER_PX = 8
POSITIONS = (
    ("right", GAP_PX, 0),
    ("left", -GAP_PX, 0),
    ("above", 0, -GAP_PX - 2),
    ("below", 0, GAP_PX + 2),
    ("above_right", CORNER_PX, -CORNER_PX),
    ("below_right", CORNER_PX, CORNER_PX),
    ("above_left", -CORNER_PX, -CORNER_PX),
    ("below_left", -CORNER_PX, CORNER_PX),
)
Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels


@dataclass(frozen=True)
class Scale:
    """Pixels per degree and the frame (lon0, lon1, lat0, lat1) the names must stay inside."""

    px_per_lon: float
    frame: tuple[float, float, float, float]
    font_px: float = 13.0

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Screen position (Web Mercator, y downwards) of a point, relative to the frame's top left."""
        lon0, _lon1, _lat0, lat1 = self.frame
        return (lon - lon0) * self.px_per_lon, (_merc(lat1) - _merc(lat)) * self.px_per_lon

    @classmethod
    def around(cls, lat: float, lon: float, zoom: float, width: int, height: int, font_px: float = 13.0) -> Scale:
        """The scale and frame of a deck.gl view of `width` × `height` pixels (512-pixel world at zoom 0)."""
        px_per_lon = 512 * 2**zoom / 360
        half_lon, half_merc = width / 2 / px_per_lon, height / 2 / px_per_lon
        lat0, lat1 = _unmerc(_merc(lat) - half_merc), _unmerc(_merc(lat) + half_merc)
        return cls(px_per_lon, (lon - half_lon, lon + half_lon, lat0, lat1), font_px)

    @classmethod
    def fitted(cls, frame: tuple[float, float, float, float], width: float, font_px: float = 13.0) -> Scale:
        """The scale of a static map drawing `frame` `width` pixels wide."""
        return cls(width / (frame[1] - frame[0]), frame, font_px)

    def fixed(self, names: list[tuple[float, float, str, float]]) -> list[Box]:
        """Boxes of centred fixed names (lon, lat, text, font size), which place names keep clear of."""
        return [text_box(*self.xy(lon, lat), text, size) for lon, lat, text, size in names]


def _merc(lat: float) -> float:
    """Web Mercator y in degrees of longitude."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _unmerc(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def _box(x: float, y: float, width: float, height: float, side: str, dx: float, dy: float) -> Box:
    if "_" in side:  # a corner: the name starts (right) or ends (left) at dx, and sits above or below dy
        left = x + dx if side.endswith("right") else x + dx - width
        top = y + dy - height if side.startswith("above") else y + dy
        return (left, top, left + width, top + height)
    if side == "right":
        return (x + dx, y - height / 2, x + dx + width, y + height / 2)
    if side == "left":
        return (x + dx - width, y - height / 2, x + dx, y + height / 2)
    top = y + dy - height if side == "above" else y + dy
    return (x - width / 2, top, x + width / 2, top + height)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def text_box(x: float, y: float, text: str, font_px: float) -> Box:
    """The box a centred text takes (fixed names: countries, oblasts)."""
    width, height = len(text) * CHAR_WIDTH * font_px + 4, font_px + 4
    return (x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def layout(
    names: pd.DataFrame, scale: Scale, dots: pd.DataFrame | None = None, fixed: tuple[Box, ...] = ()
) -> pd.DataFrame:
    """`names` (lon, lat, label; most important first; optional `essential`) with the side each
    name is printed on and its pixel offset (`side`, `dx`, `dy`); names that fit nowhere are left
    out. An essential name that fits nowhere clear of the dots is printed over other places' dots,
    never over another name."""
    dots = names if dots is None else dots
    width_px = (scale.frame[1] - scale.frame[0]) * scale.px_per_lon
    height_px = (_merc(scale.frame[3]) - _merc(scale.frame[2])) * scale.px_per_lon
    taken = _Boxes(fixed)
    dot_boxes = _Boxes()
    for lon, lat in zip(dots["lon"], dots["lat"], strict=True):
        x, y = scale.xy(lon, lat)
        dot_boxes.add((x - DOT_PX, y - DOT_PX, x + DOT_PX, y + DOT_PX))
    no_dots = _Boxes()
    kept, sides, dxs, dys = [], [], [], []
    essential = names["essential"].tolist() if "essential" in names else [False] * len(names)
    for i, row in enumerate(names.itertuples(index=False)):
        x, y = scale.xy(row.lon, row.lat)
        width, height = len(str(row.label)) * CHAR_WIDTH * scale.font_px + 4, scale.font_px + 4
        own = (x - DOT_PX, y - DOT_PX, x + DOT_PX, y + DOT_PX)
        # An essential name (a town among its villages) may cover other dots when nothing else fits.
        for mind_dots in (True, False) if essential[i] else (True,):
            avoid = dot_boxes if mind_dots else no_dots
            spot = _first_fit(x, y, width, height, taken, avoid, own, width_px, height_px)
            if spot is not None:
                side, dx, dy, box = spot
                taken.add(box)
                kept.append(i)
                sides.append(side)
                dxs.append(dx)
                dys.append(dy)
                break
    if not kept:
        return names.iloc[0:0].assign(side=[], dx=[], dy=[])
    placed = names.iloc[kept].copy()
    placed["side"], placed["dx"], placed["dy"] = sides, dxs, dys
    return placed.reset_index(drop=True)


def _first_fit(x, y, width, height, taken: _Boxes, dot_boxes: _Boxes, own: Box, width_px, height_px):
    """The first position (side, dx, dy, box) inside the frame clear of `taken` and of the dots."""
    for side, dx, dy in POSITIONS:
        box = _box(x, y, width, height, side, dx, dy)
        inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width_px and box[3] <= height_px
        if inside and not taken.overlaps(box) and not dot_boxes.overlaps(box, ignore=own):
            return side, dx, dy, box
    return None


class _Boxes:
    """Boxes filed by the grid cells they touch, so a new box is compared with its neighbours only
    (2,000 places: 800,000 comparisons with every box before, a few thousand now)."""

    CELL_PX = 64.0

    def __init__(self, boxes: tuple[Box, ...] = ()) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.add(box)

    def _keys(self, box: Box):
        cell = self.CELL_PX
        for cx in range(math.floor(box[0] / cell), math.floor(box[2] / cell) + 1):
            for cy in range(math.floor(box[1] / cell), math.floor(box[3] / cell) + 1):
                yield cx, cy

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def overlaps(self, box: Box, ignore: Box | None = None) -> bool:
        """Whether `box` overlaps a filed box other than (an equal of) `ignore`."""
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                if other != ignore and _overlaps(box, other):
                    return True
        return False
