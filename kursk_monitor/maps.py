"""The interactive map: a `Selection` in, a `pdk.Deck` out, one function per layer.

Each layer function takes the selection, the labels and the page options and returns one
`pdk.Layer`; `LAYER_FUNCTIONS` lists, per switchable layer, the deck layers it draws, in drawing
order, and `build_map` composes them. A new layer (e.g. who held which settlement, or oblast
boundaries) is one function and one entry. The rows come from `map_data`, aggregated on the
server so the deck stays small whatever the number of rows. Borders come from a GeoJSON file
shipped in `kursk_monitor/geodata/`; no basemap tiles are needed, so the map draws with no
network.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from kursk_monitor import control_map, label_layout, map_data, oblasts, sourcing
from kursk_monitor.i18n import t
from kursk_monitor.labels import Labels
from kursk_monitor.paths import PACKAGE_DIR
from kursk_monitor.selection import Selection

GEODATA_DIR = PACKAGE_DIR / "geodata"
BORDERS_FILE = GEODATA_DIR / "countries.geojson"

FRAMINGS = ("kursk", "front", "route")  # the first is the default (links without `frame=` show it)
LOCAL_FRAMINGS = map_data.LOCAL_FRAMINGS
VIEWS = {
    # The Sudzha salient up close: Korenevo to Giryi, Pogrebki to the Sumy border villages.
    "front": {"latitude": 51.25, "longitude": 35.17, "zoom": 8.85},
    # The border area with Sumy Oblast: Korenevo, Sudzha and the villages south-east of it, Kursk city.
    "kursk": {"latitude": 51.3, "longitude": 35.35, "zoom": 7.4},
    # Pyongyang and the ports, Vladivostok and the Far East bases, Ulan-Ude, Kursk.
    "route": {"latitude": 49.0, "longitude": 85.0, "zoom": 1.8},
}
# Where to print country names (orientation only), per framing.
COUNTRY_LABELS = {
    "front": (("RUS", 51.27, 35.5), ("UKR", 51.05, 34.8)),
    "kursk": (("RUS", 51.85, 35.1), ("UKR", 50.6, 34.55)),
    # No "NORTH KOREA" here: at this zoom the name is wider than the country, and wherever it fits
    # it stands over China or South Korea or takes Pyongyang's place; the places name the country.
    "route": (("RUS", 60.5, 95.0), ("UKR", 48.6, 36.2), ("CHN", 36.0, 103.0)),
}
COUNTRY_FONT_PX, OBLAST_FONT_PX, PLACE_FONT_PX = 15, 13, 13
# The map column (beside the selected place) is about 790 px wide in a 1600-px window and 565 px at
# 1280 px; names are laid out for the narrower column, so that none runs out of the frame on a laptop.
DECK_WIDTH_GUESS = 560
# Which side of its dot a place name sits on: deck.gl text anchor and baseline.
NAME_ANCHORS = {"right": ("start", "center"), "left": ("end", "center"), "above": ("middle", "bottom")}
NAME_ANCHORS["below"] = ("middle", "top")
NAME_ANCHORS.update(
    above_right=("start", "bottom"),
    below_right=("start", "top"),
    above_left=("end", "bottom"),
    below_left=("end", "top"),
)
LAYERS = ("borders", "control", "places", "events", "claims", "movements")
LAYER_IDS = {name: f"km-{name}" for name in LAYERS}
LAND_FILL = [238, 236, 228, 255]
BORDER_LINE = [120, 120, 120, 255]
CLAIM_RING = [70, 70, 70, 220]
DECK_HEIGHT = 620
LABEL_FONT = "'DejaVu Sans, Liberation Sans, Arial, sans-serif'"
PIXELS = {"radius_units": "'pixels'", "line_width_units": "'pixels'"}  # sizes stay put when zooming
HOVER = {"pickable": True, "auto_highlight": True}  # the layer shows its rows' `tip` on hover


@dataclass(frozen=True)
class MapOptions:
    """Page options that are not part of the shared filter."""

    framing: str = "kursk"
    layers: tuple[str, ...] = LAYERS
    basemap: bool = False  # online tiles; off means no external request at all
    height: int = DECK_HEIGHT


class MapDeck(pdk.Deck):
    """A `pdk.Deck` that serialises to compact JSON (pydeck indents, which triples the size).

    A built deck is not changed afterwards (the page shares one per view), so its JSON is written
    once and reused on every rerun.
    """

    def to_json(self) -> str:
        written = getattr(self, "_written_json", None)
        if written is None:
            written = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
            object.__setattr__(self, "_written_json", written)
        return written


@cache
def borders() -> dict:
    """Country borders (Natural Earth 1:50m, simplified) as a GeoJSON FeatureCollection."""
    return json.loads(BORDERS_FILE.read_text(encoding="utf-8"))


# --- one function per layer ----------------------------------------------------------------

LayerFunction = Callable[[Selection, Labels, MapOptions], pdk.Layer]


def borders_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """Country outlines filled as land, from the shipped GeoJSON."""
    return pdk.Layer(
        "GeoJsonLayer",
        data=borders(),
        id=LAYER_IDS["borders"],
        stroked=True,
        filled=True,
        get_fill_color=LAND_FILL,
        get_line_color=BORDER_LINE,
        line_width_units="'pixels'",
        get_line_width=1.2,
        pickable=False,
    )


def oblasts_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """Kursk Oblast's boundary, drawn clearly (up close: Sumy Oblast's, see `oblasts.strong_oblasts`);
    the others come from `neighbour_oblasts_layer`."""
    return _outline("km-oblast-kursk", oblasts.collection(True, options.framing), [40, 40, 40, 255], 2.5)


def neighbour_oblasts_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """Belgorod, Bryansk, Sumy and Kharkiv oblasts (up close: Kursk instead of Sumy) as faint outlines."""
    return _outline("km-oblasts-near", oblasts.collection(False, options.framing), [110, 110, 110, 150], 1)


def _outline(layer_id: str, data: dict, colour: list[int], width: float) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        data=data,
        id=layer_id,
        stroked=True,
        filled=False,
        get_line_color=colour,
        line_width_units="'pixels'",
        get_line_width=width,
        pickable=False,
    )


def fixed_names(labels: Labels, framing: str) -> dict[str, list[tuple[float, float, str, float]]]:
    """Country and oblast names printed at fixed spots per framing: (lon, lat, text, font size).
    Oblasts are named in the local framings only (at the route's scale they would pile up)."""
    countries = [
        (lon, lat, labels.vocab("country", code).upper(), COUNTRY_FONT_PX)
        for code, lat, lon in COUNTRY_LABELS.get(framing, ())
    ]
    names = [
        (lon, lat, labels.t(f"front_map.oblast_{iso}"), OBLAST_FONT_PX)
        for iso, (lat, lon) in oblasts.name_positions(framing).items()
        if framing in LOCAL_FRAMINGS
    ]
    return {"countries": countries, "oblasts": names}


def _fixed_frame(rows: list[tuple[float, float, str, float]]) -> pd.DataFrame:
    return pd.DataFrame([r[:3] for r in rows], columns=["lon", "lat", "label"])


def oblast_names_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """The oblasts' names (Kursk framing)."""
    names = _fixed_frame(fixed_names(labels, options.framing)["oblasts"])
    return _text_layer("km-oblast-names", names, size=OBLAST_FONT_PX, colour=[90, 90, 90, 255], font_weight=600)


def country_names_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """Country names for orientation, placed per framing."""
    names = _fixed_frame(fixed_names(labels, options.framing)["countries"])
    return _text_layer("km-country-names", names, size=COUNTRY_FONT_PX, colour=[130, 130, 130, 255], font_weight=600)


def movements_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """Movements per route as arcs, coloured by mode, wider where more people moved."""
    return pdk.Layer(
        "ArcLayer",
        data=map_data.movement_arcs(selection, labels),
        id=LAYER_IDS["movements"],
        get_source_position=["from_lon", "from_lat"],
        get_target_position=["to_lon", "to_lat"],
        get_source_color="from_colour",
        get_target_color="to_colour",
        get_width="width",
        width_units="'pixels'",
        get_height=0,  # flat on the map (the legend calls them straight lines); a raised arc covers names
        **HOVER,
    )


def control_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """Settlements coloured by the latest control claim of each side up to the day shown."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=control_map.control_points(selection, labels),
        id=LAYER_IDS["control"],
        get_position=["lon", "lat"],
        get_radius="radius",
        get_fill_color="colour",
        stroked=True,
        get_line_color="line",
        get_line_width="line_width",
        **PIXELS,
        **HOVER,
    )


def claims_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """Figure claims per place as rings sized by the largest number claimed there."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=map_data.claim_rings(selection, labels),
        id=LAYER_IDS["claims"],
        get_position=["lon", "lat"],
        get_radius="radius",
        stroked=True,
        filled=False,
        get_line_color=CLAIM_RING,
        get_line_width=2,
        **PIXELS,
        **HOVER,
    )


def events_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """Events binned per place and category, coloured by category, sized by count."""
    return _dots(map_data.event_bins(selection, labels), LAYER_IDS["events"], "radius", [255, 255, 255, 230], 1)


def places_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """Every place as a small dot coloured by its kind."""
    return _dots(map_data.place_points(selection, labels), LAYER_IDS["places"], 4, [255, 255, 255, 255], 1.5)


def deck_scale(options: MapOptions) -> label_layout.Scale:
    """The interactive map's pixels per degree and frame at its opening view."""
    view = VIEWS.get(options.framing, VIEWS["kursk"])
    return label_layout.Scale.around(
        view["latitude"], view["longitude"], view["zoom"], DECK_WIDTH_GUESS, options.height, PLACE_FONT_PX
    )


def place_names_layer(selection: Selection, labels: Labels, options: MapOptions) -> pdk.Layer:
    """The place names worth printing in this framing, each on the side of its dot where it fits."""
    scale = deck_scale(options)
    fixed = tuple(scale.fixed([*(n for rows in fixed_names(labels, options.framing).values() for n in rows)]))
    names = map_data.place_names(selection, labels, options.framing, scale, fixed)
    rows = pd.DataFrame(
        {
            "lon": names["lon"],
            "lat": names["lat"],
            "label": names["label"],
            "anchor": [NAME_ANCHORS[side][0] for side in names["side"]],
            "baseline": [NAME_ANCHORS[side][1] for side in names["side"]],
            "offset": [[int(dx), int(dy)] for dx, dy in zip(names["dx"], names["dy"], strict=True)],
        }
    )
    return _text_layer(
        "km-labels",
        rows,
        size=PLACE_FONT_PX,
        colour=[30, 30, 30, 255],
        get_text_anchor="anchor",
        get_alignment_baseline="baseline",
        get_pixel_offset="offset",
        background=True,
        get_background_color=[255, 255, 255, 200],
        background_padding=[2, 1],
    )


def _dots(data: pd.DataFrame, layer_id: str, radius, rim: list[int], rim_width: float) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        data=data,
        id=layer_id,
        get_position=["lon", "lat"],
        get_radius=radius,
        get_fill_color="colour",
        stroked=True,
        get_line_color=rim,
        get_line_width=rim_width,
        **PIXELS,
        **HOVER,
    )


def _text_layer(layer_id: str, data: pd.DataFrame, size: int, colour: list[int], **style) -> pdk.Layer:
    return pdk.Layer(
        "TextLayer",
        data=data,
        id=layer_id,
        get_position=["lon", "lat"],
        get_text="label",
        get_size=size,
        size_units="'pixels'",
        get_color=colour,
        character_set="'auto'",
        font_family=LABEL_FONT,
        # a wider glyph buffer: with the default, letters reaching left of their box ('j') lose a part
        font_settings={"buffer": 8},
        pickable=False,
        **style,
    )


# Per switchable layer, the deck layers it draws; the deck draws them in this order.
LAYER_FUNCTIONS: dict[str, tuple[LayerFunction, ...]] = {
    "borders": (borders_layer, neighbour_oblasts_layer, oblasts_layer, oblast_names_layer, country_names_layer),
    "movements": (movements_layer,),
    "claims": (claims_layer,),
    "events": (events_layer,),
    "places": (places_layer, place_names_layer),
    "control": (control_layer,),
}
NAME_LAYERS = ("km-labels",)  # drawn after every other layer, so no marker covers a name


def build_map(selection: Selection, labels: Labels, options: MapOptions = MapOptions()) -> MapDeck:
    """The map of `selection`: every layer the options switch on, in drawing order."""
    layers = [
        draw(selection, labels, options)
        for name, functions in LAYER_FUNCTIONS.items()
        if name in options.layers
        for draw in functions
    ]
    layers.sort(key=lambda layer: layer.id in NAME_LAYERS)  # stable: the rest keep their order
    deck_args = {
        "layers": layers,
        "initial_view_state": pdk.ViewState(**VIEWS.get(options.framing, VIEWS["kursk"]), pitch=0, bearing=0),
        "tooltip": {"text": "{tip}", "style": {"whiteSpace": "pre-line", "fontSize": "13px", "maxWidth": "420px"}},
        "height": options.height,
    }
    if options.basemap:
        deck_args.update(map_provider="carto", map_style="light")
    else:
        deck_args["map_provider"] = None
    return MapDeck(**deck_args)


def shown_source_ids(selection: Selection) -> list[str]:
    """The sources cited by what the map shows (events and claims at places, movements)."""
    return selection.cited("events", "figures", "movements", placed=True)


def source_line(source_ids: list[str], labels: Labels, limit: int = 6) -> str:
    """'Sources: 12 reports — Reuters, KBS World, …' naming the publishers of most reports."""
    line = sourcing.source_line(
        dict.fromkeys(source_ids), labels.publishers, labels.lang, limit, count_more=False, ranks=labels.source_ranks
    )
    return line or t("map_page.sources_none", labels.lang)
