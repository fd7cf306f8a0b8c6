"""The map as a static plotly figure for slides and the offline HTML briefing (pydeck's HTML export
loads scripts from CDNs). It draws the very rows the interactive map draws (`map_data`), one
function per layer as in `maps`, inside the one chart frame; no tiles, no network.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import plotly.graph_objects as go

from kursk_monitor import control_map, label_layout, map_data, maps, oblasts
from kursk_monitor.chart_frame import SLIDE_HEIGHT, as_of_line, esc, frame
from kursk_monitor.i18n import fmt_date_short
from kursk_monitor.labels import Labels
from kursk_monitor.selection import Selection
from kursk_monitor.style import CATEGORY_COLOURS, OKABE_ITO

MAP_BOXES = {
    # lon range, lat range: each fills the slide's plot area (legend on top for the route, right for Kursk)
    "route": ((27.0, 146.0), (29.5, 66.5)),
    "kursk": ((33.65, 37.35), (50.74, 51.9)),
    "front": ((34.55, 35.85), (51.03, 51.44)),
}
PLOT_WIDTH_PX = {
    "route": 1030,
    "kursk": 1020,
    "front": 1020,
}  # the slide's width less margins and a legend at the right
TEXT_POSITIONS = {"right": "middle right", "left": "middle left", "above": "top center", "below": "bottom center"}
TEXT_POSITIONS.update(
    above_right="top right", below_right="bottom right", above_left="top left", below_left="bottom left"
)
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


def draw_oblasts(fig: go.Figure, selection: Selection, labels: Labels, framing: str, box: Box) -> None:
    """Kursk Oblast's boundary in dark grey (up close: Sumy Oblast's), the others faintly; their names."""
    for strong, colour, width in ((False, "rgba(110,110,110,0.6)", 0.8), (True, "rgb(40,40,40)", 2)):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for feature in oblasts.collection(strong, framing)["features"]:
            for ring in oblasts.rings(feature):
                xs.extend([*(p[0] for p in ring), None])
                ys.extend([*(p[1] for p in ring), None])
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", line={"color": colour, "width": width}, hoverinfo="skip", showlegend=False
            )
        )
    fixed = maps.fixed_names(labels, framing)
    _texts(fig, fixed["oblasts"], "#5a5a5a", box)
    _texts(fig, fixed["countries"], "#8a8a8a", box)


def _texts(fig: go.Figure, rows: list[tuple[float, float, str, float]], colour: str, box: Box) -> None:
    """Fixed names (oblasts, countries) inside the box, in bold grey."""
    (lon0, lon1), (lat0, lat1) = box
    rows = [r for r in rows if lon0 <= r[0] <= lon1 and lat0 <= r[1] <= lat1]
    size = rows[0][3] if rows else 12
    fig.add_trace(
        go.Scatter(
            x=[r[0] for r in rows],
            y=[r[1] for r in rows],
            mode="text",
            text=[f"<b>{esc(r[2])}</b>" for r in rows],
            textfont={"size": size, "color": colour},
            hoverinfo="skip",
            showlegend=False,
        )
    )


def draw_control(fig: go.Figure, selection: Selection, labels: Labels, framing: str, box: Box) -> None:
    """Settlements by each side's latest control claim, one legend entry per state (Kursk framing)."""
    if framing not in maps.LOCAL_FRAMINGS:
        return
    points = control_map.control_points(selection, labels)
    for state in control_map.STATES:
        part = points[points["state"] == state]
        if part.empty:
            continue
        disputed = state == "disputed"
        rims = ["rgba({},{},{},{})".format(*rim[:3], rim[3] / 255) for rim in part["line"]]
        marker = {
            "size": 15 if disputed else 12,
            "symbol": "diamond" if disputed else "circle",
            "color": control_map.STATE_COLOURS[state],
            "line": {"color": rims, "width": 2.5 if disputed else 1.5},
        }
        name = labels.t(f"front_map.state_{state}")  # lower case for use in sentences; a legend entry starts upper
        fig.add_trace(_markers(part, marker, name[:1].upper() + name[1:]))


def draw_movements(fig: go.Figure, selection: Selection, labels: Labels, framing: str, box: Box) -> None:
    """One line per route, coloured by its mode, one legend entry per mode."""
    arcs = map_data.movement_arcs(selection, labels)
    (lon0, lon1), (lat0, lat1) = box
    inside = arcs["from_lon"].between(lon0, lon1) & arcs["to_lon"].between(lon0, lon1)
    inside &= arcs["from_lat"].between(lat0, lat1) & arcs["to_lat"].between(lat0, lat1)
    arcs = arcs[inside]  # a route that leaves the frame belongs to the route map
    for mode, colour in map_data.MODE_COLOURS.items():
        for i, row in enumerate(arcs[arcs["mode"] == mode].to_dict("records")):
            fig.add_trace(
                go.Scatter(
                    x=[row["from_lon"], row["to_lon"]],
                    y=[row["from_lat"], row["to_lat"]],
                    mode="lines",
                    line={"color": colour, "width": max(1.5, float(row["width"]) * 0.6), "dash": "dash"},
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
    fixed_rows = [n for rows in maps.fixed_names(labels, framing).values() for n in rows]
    (lon0, lon1), (lat0, lat1) = box
    scale = label_layout.Scale.fitted((lon0, lon1, lat0, lat1), PLOT_WIDTH_PX.get(framing, 1560), maps.PLACE_FONT_PX)
    names = map_data.place_names(selection, labels, framing, scale, tuple(scale.fixed(fixed_rows)))
    dot = {"size": 7, "color": "#222222", "line": {"color": "white", "width": 1}}
    fig.add_trace(_markers(places, dot, labels.t("briefing_page.map_places")))
    fig.add_trace(
        go.Scatter(
            x=names["lon"],
            y=names["lat"],
            mode="markers+text",
            marker={"size": 18, "opacity": 0},
            text=[esc(x) for x in names["label"]],
            textposition=[TEXT_POSITIONS[side] for side in names["side"]],
            textfont={"size": 12, "color": "#222222"},
            showlegend=False,
            hoverinfo="skip",
        )
    )


StaticLayer = Callable[[go.Figure, Selection, Labels, str, Box], None]
# The same switchable layers as the interactive map, in drawing order.
STATIC_LAYERS: dict[str, StaticLayer] = {
    "borders": draw_borders,
    "oblasts": draw_oblasts,
    "movements": draw_movements,
    "claims": draw_claims,
    "events": draw_events,
    "places": draw_places,
    "control": draw_control,
}


def _control_line(selection: Selection, labels: Labels) -> str:
    """Which day the control markers stand for, and the claims about the whole oblast."""
    day = selection.view.date_to or (selection.as_of.date() if selection.as_of is not None else None)
    parts = [labels.t("front_map.as_of_caption", date=fmt_date_short(day, labels.lang))] if day else []
    parts += control_map.region_lines(selection, labels)
    return " ".join(parts)


def map_figure(selection: Selection, labels: Labels, framing: str = "route") -> go.Figure:
    """The map as a plotly figure (no tiles, no network): borders, movements, claim rings, events, places."""
    box = MAP_BOXES.get(framing, MAP_BOXES["route"])
    fig = go.Figure()
    for draw in STATIC_LAYERS.values():
        draw(fig, selection, labels, framing, box)
    # Names over every marker, as in the deck: a control marker drawn later must not cover a name.
    fig.data = tuple(sorted(fig.data, key=lambda trace: "text" in (trace.mode or "")))
    lang = labels.lang
    sources = maps.source_line(maps.shown_source_ids(selection), labels)
    frame(
        fig,
        labels.t("briefing_page.map_title_" + (framing if framing in MAP_BOXES else "route")),
        lang,
        subtitle=[selection.view.describe(lang, "events", labels.names)],
        foot=[
            ("sources", sources),
            ("control", _control_line(selection, labels) if framing in maps.LOCAL_FRAMINGS else ""),
            ("movements", labels.t("front_map.movements_schematic") if framing == "route" else ""),
            ("boundaries", labels.t("front_map.oblast_credit")),
            ("as_of", as_of_line(selection.as_of, lang)),
        ],
        height=SLIDE_HEIGHT,
        margin={"l": 20, "r": 20},
        foot_gap=12,
    )
    (lon0, lon1), (lat0, lat1) = box
    legend_place = {"x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"}
    fig.update_layout(
        plot_bgcolor=WATER,
        legend={"title": {"text": labels.t("briefing_page.map_legend")}, "itemsizing": "constant", **legend_place},
        hovermode="closest",
    )
    fig.update_xaxes(range=[lon0, lon1], visible=False, constrain="domain")
    scale = 1 / math.cos(math.radians((lat0 + lat1) / 2))
    fig.update_yaxes(range=[lat0, lat1], visible=False, scaleanchor="x", scaleratio=scale, constrain="domain")
    return fig
