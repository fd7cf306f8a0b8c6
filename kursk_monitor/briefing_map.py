"""The map as a static plotly figure for slides and the offline HTML briefing (pydeck's HTML export
loads scripts from CDNs). It draws the very rows the interactive map draws (`map_data`), one
function per layer as in `maps`, inside the one chart frame; no tiles, no network.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import plotly.graph_objects as go

from kursk_monitor import map_data, maps
from kursk_monitor.chart_frame import SLIDE_HEIGHT, as_of_line, esc, frame
from kursk_monitor.labels import Labels
from kursk_monitor.selection import Selection
from kursk_monitor.style import CATEGORY_COLOURS, OKABE_ITO

MAP_BOXES = {
    # lon range, lat range
    "route": ((26.0, 146.0), (34.0, 62.0)),
    "kursk": ((33.6, 37.6), (50.4, 52.3)),
}
WATER = "#DCE9F2"
Box = tuple[tuple[float, float], tuple[float, float]]


def _tip(text: str) -> str:
    return "<br>".join(esc(line) for line in str(text).split("\n"))


def _markers(rows, marker: dict, name: str) -> go.Scatter:
    """Map rows (lon, lat, tip) as markers with their hover texts."""
    hover = [_tip(x) for x in rows["tip"]]
    return go.Scatter(
        x=rows["lon"], y=rows["lat"], mode="markers", marker=marker, name=name, hovertext=hover, hoverinfo="text"
    )


def draw_borders(fig: go.Figure, selection: Selection, labels: Labels, framing: str, box: Box) -> None:
    """Country outlines from the shipped GeoJSON, as one filled trace (only countries near the box)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    (lon0, lon1), (lat0, lat1) = box
    for feature in maps.borders()["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            lons = [p[0] for p in polygon[0]]
            lats = [p[1] for p in polygon[0]]
            if max(lons) < lon0 or min(lons) > lon1 or max(lats) < lat0 or min(lats) > lat1:
                continue
            xs.extend([*lons, None])
            ys.extend([*lats, None])
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor="rgb(238,236,228)",
            line={"color": "rgb(120,120,120)", "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )
    )


def draw_movements(fig: go.Figure, selection: Selection, labels: Labels, framing: str, box: Box) -> None:
    """One line per route, coloured by its mode, one legend entry per mode."""
    arcs = map_data.movement_arcs(selection, labels)
    for mode, colour in map_data.MODE_COLOURS.items():
        for i, row in enumerate(arcs[arcs["mode"] == mode].to_dict("records")):
            fig.add_trace(
                go.Scatter(
                    x=[row["from_lon"], row["to_lon"]],
                    y=[row["from_lat"], row["to_lat"]],
                    mode="lines",
                    line={"color": colour, "width": max(1.5, float(row["width"]) * 0.6)},
                    name=labels.t(f"map_page.mode_{mode}"),
                    legendgroup=f"mode_{mode}",
                    showlegend=i == 0,
                    hovertext=_tip(row["tip"]),
                    hoverinfo="text",
                )
            )


def draw_claims(fig: go.Figure, selection: Selection, labels: Labels, framing: str, box: Box) -> None:
    """Figure claims per place as hollow rings."""
    rings = map_data.claim_rings(selection, labels)
    if rings.empty:
        return
    ring = {
        "size": rings["radius"] * 1.2,
        "color": "rgba(0,0,0,0)",
        "line": {"color": "rgba(70,70,70,0.85)", "width": 2},
    }
    fig.add_trace(_markers(rings, ring, labels.t("briefing_page.map_claims")))


def draw_events(fig: go.Figure, selection: Selection, labels: Labels, framing: str, box: Box) -> None:
    """Event bins per category, coloured and sized as on the interactive map."""
    bins = map_data.event_bins(selection, labels)
    for category in bins["category"].drop_duplicates():
        part = bins[bins["category"] == category]
        colour = CATEGORY_COLOURS.get(category, OKABE_ITO["grey"])
        dot = {"size": part["radius"] * 1.1, "color": colour, "opacity": 0.6, "line": {"color": "white", "width": 1}}
        fig.add_trace(_markers(part, dot, labels.vocab("category", category)))


def draw_places(fig: go.Figure, selection: Selection, labels: Labels, framing: str, box: Box) -> None:
    """Every place as a dot, and the names the interactive map prints in this framing."""
    places = map_data.place_points(selection, labels)
    if places.empty:
        return
    names = map_data.place_names(selection, labels, framing)
    dot = {"size": 7, "color": "#222222", "line": {"color": "white", "width": 1}}
    fig.add_trace(_markers(places, dot, labels.t("briefing_page.map_places")))
    fig.add_trace(
        go.Scatter(
            x=names["lon"],
            y=names["lat"],
            mode="text",
            text=[esc(x) for x in names["label"]],
            textposition="middle right",
            textfont={"size": 12, "color": "#222222"},
            showlegend=False,
            hoverinfo="skip",
        )
    )


StaticLayer = Callable[[go.Figure, Selection, Labels, str, Box], None]
# The same switchable layers as the interactive map, in drawing order.
STATIC_LAYERS: dict[str, StaticLayer] = {
    "borders": draw_borders,
    "movements": draw_movements,
    "claims": draw_claims,
    "events": draw_events,
    "places": draw_places,
}


def map_figure(selection: Selection, labels: Labels, framing: str = "route") -> go.Figure:
    """The map as a plotly figure (no tiles, no network): borders, movements, claim rings, events, places."""
    box = MAP_BOXES.get(framing, MAP_BOXES["route"])
    fig = go.Figure()
    for draw in STATIC_LAYERS.values():
        draw(fig, selection, labels, framing, box)
    lang = labels.lang
    sources = maps.source_line(maps.shown_source_ids(selection), labels)
    frame(
        fig,
        labels.t("briefing_page.map_title_" + ("kursk" if framing == "kursk" else "route")),
        lang,
        subtitle=[selection.view.describe(lang, "events", labels.names)],
        foot=[("sources", sources), ("as_of", as_of_line(selection.as_of, lang))],
        height=SLIDE_HEIGHT,
        margin={"l": 20, "r": 20},
        foot_gap=12,
    )
    (lon0, lon1), (lat0, lat1) = box
    fig.update_layout(
        plot_bgcolor=WATER,
        legend={
            "title": {"text": labels.t("briefing_page.map_legend")},
            "itemsizing": "constant",
            "x": 1.01,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
        },
        hovermode="closest",
    )
    fig.update_xaxes(range=[lon0, lon1], visible=False, constrain="domain")
    scale = 1 / math.cos(math.radians((lat0 + lat1) / 2))
    fig.update_yaxes(range=[lat0, lat1], visible=False, scaleanchor="x", scaleratio=scale, constrain="domain")
    return fig
