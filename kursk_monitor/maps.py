"""Map builders: tables in, `pdk.Deck` out.

The map shows places (styled by kind), events binned per place and category (styled by
category, sized by count), figure claims per place (rings sized by the largest number claimed
there) and movements as arcs between places. Everything is aggregated here, on the server, so
the deck stays small whatever the number of rows. Borders come from a GeoJSON file shipped in
`kursk_monitor/geodata/`; no basemap tiles are needed, so the map draws with no network.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from kursk_monitor import sourcing
from kursk_monitor.filters import ViewFilter
from kursk_monitor.i18n import fmt_claim, fmt_date_short, fmt_number, label, localized, t
from kursk_monitor.paths import PACKAGE_DIR
from kursk_monitor.style import CATEGORY_COLOURS, OKABE_ITO, hex_to_rgb

GEODATA_DIR = PACKAGE_DIR / "geodata"
BORDERS_FILE = GEODATA_DIR / "countries.geojson"

FRAMINGS = ("kursk", "route")
VIEWS = {
    # The border area with Sumy Oblast: Korenevo, Sudzha and the villages south-east of it, Kursk city.
    "kursk": {"latitude": 51.36, "longitude": 35.5, "zoom": 7.8},
    # Pyongyang and the ports, Vladivostok and the Far East bases, Ulan-Ude, Kursk.
    "route": {"latitude": 49.0, "longitude": 86.0, "zoom": 2.15},
}
# Places inside this box are the "front"; their labels show in the Kursk framing only.
KURSK_BOX = {"lat": (50.3, 52.3), "lon": (33.5, 37.5)}

# Where to print country names (orientation only), per framing.
COUNTRY_LABELS = {
    "kursk": (("RUS", 51.85, 35.1), ("UKR", 50.88, 35.0)),
    "route": (("RUS", 60.5, 95.0), ("UKR", 49.2, 26.5), ("CHN", 36.0, 103.0), ("PRK", 40.9, 126.2)),
}

LAYERS = ("borders", "places", "events", "claims", "movements")
LAYER_IDS = {name: f"km-{name}" for name in LAYERS}

KIND_COLOURS = {
    "capital": OKABE_ITO["black"],
    "city": OKABE_ITO["blue"],
    "town": OKABE_ITO["blue"],
    "village": OKABE_ITO["sky_blue"],
    "region": OKABE_ITO["grey"],
    "training_ground": OKABE_ITO["bluish_green"],
    "port": OKABE_ITO["reddish_purple"],
    "border_crossing": OKABE_ITO["orange"],
    "other": OKABE_ITO["grey"],
}
MODE_COLOURS = {
    "sea": OKABE_ITO["blue"],
    "rail": OKABE_ITO["orange"],
    "air": OKABE_ITO["reddish_purple"],
    "road": OKABE_ITO["bluish_green"],
    "unknown": OKABE_ITO["vermillion"],
}
LAND_FILL = [238, 236, 228, 255]
BORDER_LINE = [120, 120, 120, 255]
CLAIM_RING = [70, 70, 70, 220]
DECK_HEIGHT = 620


@dataclass(frozen=True)
class MapOptions:
    """Page options that are not part of the shared filter."""

    framing: str = "kursk"
    layers: tuple[str, ...] = LAYERS
    basemap: bool = False  # online tiles; off means no external request at all
    height: int = DECK_HEIGHT


class MapDeck(pdk.Deck):
    """A `pdk.Deck` that serialises to compact JSON (pydeck indents, which triples the size)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


# --- shipped geodata ---------------------------------------------------------------------


@cache
def borders() -> dict:
    """Country borders (Natural Earth 1:50m, simplified) as a GeoJSON FeatureCollection."""
    return json.loads(BORDERS_FILE.read_text(encoding="utf-8"))


# --- small helpers -----------------------------------------------------------------------


def _grade(reliability: str, credibility) -> str:
    return f"{reliability}{int(credibility)}" if pd.notna(credibility) else str(reliability)


def _span(first, last, lang: str) -> str:
    first_text, last_text = fmt_date_short(first, lang), fmt_date_short(last, lang)
    if not last_text or first_text == last_text:
        return first_text
    return f"{first_text} – {last_text}"


def _source_lookup(sources: pd.DataFrame, cited: pd.Series) -> dict[str, str]:
    """source_id -> 'Publisher (B)' for the sources in `cited` (a column of id tuples)."""
    wanted = {source_id for ids in cited for source_id in ids}
    sources = sources[sources["source_id"].isin(wanted)]
    return {
        source_id: f"{publisher} ({reliability})"
        for source_id, publisher, reliability in zip(
            sources["source_id"], sources["publisher"], sources["reliability"], strict=True
        )
    }


def _source_text(source_ids: Iterable[str], lookup: Mapping[str, str], lang: str, limit: int = 2) -> str:
    """'KBS World (B), Reuters (A)' for the first cited sources; '+3' when more are cited."""
    ids = list(source_ids)
    if not ids:
        return t("common.unknown", lang)
    parts = [lookup.get(source_id, source_id) for source_id in ids[:limit]]
    if len(ids) > limit:
        parts.append(f"+{len(ids) - limit}")
    return ", ".join(parts)


def _pixels(count: np.ndarray | pd.Series, smallest: float, largest: float, top: float) -> np.ndarray:
    """Radius in pixels growing with the square root of `count`, so areas compare honestly."""
    values = np.sqrt(np.asarray(count, dtype=float))
    scale = math.sqrt(top) if top > 0 else 1.0
    return np.round(smallest + (largest - smallest) * np.clip(values / scale, 0, 1), 1)


def _place_table(locations: pd.DataFrame, lang: str) -> dict[str, dict]:
    """location_id -> the place's row, with `label` its name in `lang`."""
    places = {}
    for row in locations.to_dict("records"):
        row["label"] = localized(row, "name", lang)
        places[row["location_id"]] = row
    return places


# --- aggregation -------------------------------------------------------------------------


def place_points(locations: pd.DataFrame, events: pd.DataFrame, figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per place: position, colour by kind, and a hover text with counts and latest date."""
    if locations.empty:
        return pd.DataFrame(columns=["location_id", "lon", "lat", "colour", "tip", "label"])
    places = _place_table(locations, lang)
    event_counts = events["location_id"].value_counts()
    claim_counts = figures["location_id"].value_counts()
    last_event = events.groupby("location_id")["date"].max() if len(events) else pd.Series(dtype="datetime64[ns]")
    rows = []
    for location_id, place in places.items():
        n_events = int(event_counts.get(location_id, 0))
        n_claims = int(claim_counts.get(location_id, 0))
        lines = [
            f"{place['label']} · {label('location_kind', place['kind'], lang)}",
            ", ".join(v for v in (place["admin1"], label("country", place["country"], lang)) if v),
            t(f"map_page.precision_{int(place['geo_precision'])}", lang),
            t("map_page.tip_counts", lang, events=fmt_number(n_events, lang), claims=fmt_number(n_claims, lang)),
        ]
        if location_id in last_event.index and pd.notna(last_event[location_id]):
            lines.append(t("map_page.tip_latest_date", lang, date=fmt_date_short(last_event[location_id], lang)))
        rows.append(
            {
                "location_id": location_id,
                "lon": round(float(place["lon"]), 4),
                "lat": round(float(place["lat"]), 4),
                "kind": place["kind"],
                "colour": hex_to_rgb(KIND_COLOURS.get(place["kind"], OKABE_ITO["grey"]), 255),
                "label": place["label"] if place["kind"] != "region" else f"({place['label']})",
                "tip": "\n".join(lines),
            }
        )
    return pd.DataFrame(rows)


def event_bins(events: pd.DataFrame, locations: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Events per place and category: count, date span, best grade and the latest event."""
    columns = ["location_id", "category", "n", "lon", "lat", "colour", "radius", "tip"]
    placed = events[events["location_id"] != ""]
    places = _place_table(locations, lang)
    placed = placed[placed["location_id"].isin(list(places))]
    if placed.empty:
        return pd.DataFrame(columns=columns)
    last_day = placed["end_date"].fillna(placed["date"]) if "end_date" in placed else placed["date"]
    placed = placed.assign(_last=last_day)
    groups = placed.groupby(["location_id", "category"], sort=False)
    bins = groups.agg(
        n=("event_id", "size"),
        first=("date", "min"),
        last=("_last", "max"),
        best_credibility=("credibility", "min"),
        best_reliability=("reliability", "min"),
    )
    latest_rows = placed.loc[groups["date"].idxmax().to_numpy()].set_index(["location_id", "category"])
    lookup = _source_lookup(sources, latest_rows["source_ids"])
    latest_columns = ["title", "title_de", "date", "source_ids", "reliability", "credibility"]
    bins = bins.join(latest_rows[latest_columns])
    bins = bins.reset_index()
    top = float(bins["n"].max())
    bins["radius"] = _pixels(bins["n"], 6, 30, top)
    tips, lons, lats, colours = [], [], [], []
    for row in bins.to_dict("records"):
        place = places[row["location_id"]]
        category = label("category", row["category"], lang)
        latest_title = localized(row, "title", lang)
        source = _source_text(row["source_ids"], lookup, lang)
        grade = _grade(row["reliability"], row["credibility"])
        if row["n"] == 1:
            lines = [
                f"{latest_title}",
                f"{category} · {place['label']}",
                f"{t('common.date', lang)}: {_span(row['first'], row['last'], lang)}",
                f"{t('common.source', lang)}: {source} · {t('common.grade', lang)} {grade}",
            ]
        else:
            lines = [
                t(
                    "map_page.tip_event_bin",
                    lang,
                    n=fmt_number(row["n"], lang),
                    category=category,
                    place=place["label"],
                ),
                f"{t('common.date', lang)}: {_span(row['first'], row['last'], lang)}",
                t("map_page.tip_latest", lang, title=latest_title, date=fmt_date_short(row["date"], lang)),
                f"{t('common.source', lang)}: {source} · {t('common.grade', lang)} {grade}",
                t("map_page.tip_best_grade", lang, grade=_grade(row["best_reliability"], row["best_credibility"])),
            ]
        tips.append("\n".join(lines))
        lons.append(round(float(place["lon"]), 4))
        lats.append(round(float(place["lat"]), 4))
        colours.append(hex_to_rgb(CATEGORY_COLOURS.get(row["category"], OKABE_ITO["grey"]), 150))
    bins["tip"], bins["lon"], bins["lat"], bins["colour"] = tips, lons, lats, colours
    # Largest first, so smaller bins at the same place are drawn on top and stay visible.
    bins = bins.sort_values("n", ascending=False, kind="stable")
    return bins[columns].reset_index(drop=True)


def claim_rings(
    figures: pd.DataFrame,
    locations: pd.DataFrame,
    sources: pd.DataFrame,
    actor_names: Mapping[str, str],
    lang: str,
) -> pd.DataFrame:
    """Figure claims per place: a ring sized by the largest number claimed there, the latest claim in the hover."""
    columns = ["location_id", "n", "lon", "lat", "radius", "tip"]
    placed = figures[figures["location_id"] != ""]
    places = _place_table(locations, lang)
    placed = placed[placed["location_id"].isin(list(places))]
    if placed.empty:
        return pd.DataFrame(columns=columns)
    groups = placed.groupby("location_id", sort=False)
    rings = groups.agg(n=("figure_id", "size"), largest=("value_high", "max"))
    latest = placed.loc[groups["claimed_on"].idxmax().to_numpy()].set_index("location_id")
    lookup = _source_lookup(sources, latest["source_ids"])
    top = float(rings["largest"].max())
    rows = []
    for location_id, ring in rings.iterrows():
        place = places[location_id]
        claim = latest.loc[location_id]
        claimant = actor_names.get(claim["claimant_id"], claim["claimant_id"])
        value = fmt_claim(int(claim["value_low"]), int(claim["value_high"]), claim["qualifier"], lang)
        lines = [
            t("map_page.tip_claims", lang, n=fmt_number(int(ring["n"]), lang), place=place["label"]),
            t(
                "map_page.tip_latest_claim",
                lang,
                metric=label("metric", claim["metric"], lang),
                value=value,
                claimant=claimant,
            ),
            f"{t('common.date', lang)}: {fmt_date_short(claim['claimed_on'], lang)}",
            f"{t('common.source', lang)}: {_source_text(claim['source_ids'], lookup, lang)} · "
            f"{t('common.grade', lang)} {_grade(claim['reliability'], claim['credibility'])}",
        ]
        rows.append(
            {
                "location_id": location_id,
                "n": int(ring["n"]),
                "lon": round(float(place["lon"]), 4),
                "lat": round(float(place["lat"]), 4),
                "radius": float(_pixels([float(ring["largest"])], 10, 40, top)[0]),
                "tip": "\n".join(lines),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def movement_arcs(movements: pd.DataFrame, locations: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Movements per route (origin, destination): arc ends, colour by mode, width by people moved."""
    columns = ["from_id", "to_id", "n", "from_lon", "from_lat", "to_lon", "to_lat"]
    columns += ["from_colour", "to_colour", "width", "tip"]
    places = _place_table(locations, lang)
    known = movements["from_location_id"].isin(list(places)) & movements["to_location_id"].isin(list(places))
    moves = movements[known]
    if moves.empty:
        return pd.DataFrame(columns=columns)
    last_day = moves["end_date"].fillna(moves["date"])
    moves = moves.assign(_last=last_day)
    groups = moves.groupby(["from_location_id", "to_location_id"], sort=False)
    routes = groups.agg(
        n=("movement_id", "size"),
        first=("date", "min"),
        last=("_last", "max"),
        people=("personnel_high", "max"),
        modes=("mode", lambda m: tuple(sorted(set(m)))),
    )
    latest = moves.loc[groups["date"].idxmax().to_numpy()].set_index(["from_location_id", "to_location_id"])
    lookup = _source_lookup(sources, latest["source_ids"])
    people_top = float(routes["people"].max()) if routes["people"].notna().any() else 0.0
    rows = []
    for (from_id, to_id), route in routes.iterrows():
        origin, destination = places[from_id], places[to_id]
        move = latest.loc[(from_id, to_id)]
        mode = route["modes"][0] if len(route["modes"]) == 1 else "unknown"
        modes = ", ".join(t(f"map_page.mode_{m}", lang) for m in route["modes"])
        lines = [f"{origin['label']} → {destination['label']} ({modes})"]
        if route["n"] > 1:
            lines.append(t("map_page.tip_movements", lang, n=fmt_number(int(route["n"]), lang)))
        lines.append(f"{t('common.date', lang)}: {_span(route['first'], route['last'], lang)}")
        if pd.notna(move["personnel_high"]):
            low = move["personnel_low"] if pd.notna(move["personnel_low"]) else move["personnel_high"]
            people = fmt_claim(int(low), int(move["personnel_high"]), "exact", lang)
            lines.append(t("map_page.tip_people", lang, n=people))
        description = localized(move, "description", lang)
        if description:
            lines.append(_wrap(description))
        lines.append(
            f"{t('common.source', lang)}: {_source_text(move['source_ids'], lookup, lang)} · "
            f"{t('common.grade', lang)} {_grade(move['reliability'], move['credibility'])}"
        )
        width = 2.0
        if pd.notna(route["people"]) and people_top > 0:
            width = float(_pixels([float(route["people"])], 2.5, 9, people_top)[0])
        colour = MODE_COLOURS.get(mode, MODE_COLOURS["unknown"])
        rows.append(
            {
                "from_id": from_id,
                "to_id": to_id,
                "n": int(route["n"]),
                "from_lon": round(float(origin["lon"]), 4),
                "from_lat": round(float(origin["lat"]), 4),
                "to_lon": round(float(destination["lon"]), 4),
                "to_lat": round(float(destination["lat"]), 4),
                "from_colour": hex_to_rgb(colour, 90),
                "to_colour": hex_to_rgb(colour, 235),
                "width": width,
                "tip": "\n".join(lines),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _wrap(text: str, width: int = 60, max_lines: int = 4) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[:max_lines], "…"]
    return "\n".join(lines)


# --- the deck ----------------------------------------------------------------------------


def in_kursk_box(lat: float, lon: float) -> bool:
    return KURSK_BOX["lat"][0] <= lat <= KURSK_BOX["lat"][1] and KURSK_BOX["lon"][0] <= lon <= KURSK_BOX["lon"][1]


LABEL_PRIORITY = {"capital": 0, "port": 1, "training_ground": 2, "city": 3, "town": 4, "village": 5, "other": 6}
# Minimum distance (degrees lon, lat) between two printed names, per framing.
LABEL_SPACING = {"kursk": (0.0, 0.0), "route": (4.0, 2.0)}


def _labels(places: pd.DataFrame, framing: str) -> pd.DataFrame:
    """Place names to print: the front's places up close; on the route, the places outside it
    plus Kursk, leaving out a name that would sit on top of a more important one."""
    if places.empty:
        return places
    inside = np.array([in_kursk_box(lat, lon) for lat, lon in zip(places["lat"], places["lon"], strict=True)])
    if framing == "kursk":
        return places[inside]
    candidates = places[(~inside | (places["location_id"] == "kursk")) & (places["kind"] != "region")]
    order = candidates.assign(
        _rank=[
            0 if loc == "kursk" else 1 + LABEL_PRIORITY.get(kind, 9)
            for loc, kind in zip(candidates["location_id"], candidates["kind"], strict=True)
        ]
    ).sort_values("_rank", kind="stable")
    min_lon, min_lat = LABEL_SPACING.get(framing, (0.0, 0.0))
    kept: list[tuple[float, float]] = []
    keep_ids = []
    for row in order.itertuples(index=False):
        if all(abs(row.lon - lon) >= min_lon or abs(row.lat - lat) >= min_lat for lon, lat in kept):
            kept.append((row.lon, row.lat))
            keep_ids.append(row.location_id)
    return places[places["location_id"].isin(keep_ids)]


def build_map(
    tables: Mapping[str, pd.DataFrame],
    view: ViewFilter,
    lang: str,
    options: MapOptions = MapOptions(),
    actor_names: Mapping[str, str] | None = None,
) -> MapDeck:
    """The map for `view`: borders, places, binned events, claim rings and movement arcs."""
    tables = getattr(tables, "tables", tables)
    locations, sources = tables["locations"], tables["sources"]
    events = view.apply_events(tables["events"])
    figures = view.apply_figures(tables["figures"])
    movements = view.apply_movements(tables["movements"])
    if actor_names is None:
        actors = tables["actors"]
        actor_names = {row["actor_id"]: localized(row, "name", lang) for row in actors.to_dict("records")}
    wanted = set(options.layers)
    layers: list[pdk.Layer] = []
    if "borders" in wanted:
        layers.append(
            pdk.Layer(
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
        )
        country_names = pd.DataFrame(
            [
                {"lon": lon, "lat": lat, "label": label("country", code, lang).upper()}
                for code, lat, lon in COUNTRY_LABELS.get(options.framing, ())
            ]
        )
        layers.append(
            pdk.Layer(
                "TextLayer",
                data=country_names,
                id="km-country-names",
                get_position=["lon", "lat"],
                get_text="label",
                get_size=15,
                size_units="'pixels'",
                get_color=[130, 130, 130, 255],
                character_set="'auto'",
                font_family="'DejaVu Sans, Liberation Sans, Arial, sans-serif'",
                font_weight=600,
                pickable=False,
            )
        )
    if "movements" in wanted:
        arcs = movement_arcs(movements, locations, sources, lang)
        layers.append(
            pdk.Layer(
                "ArcLayer",
                data=arcs,
                id=LAYER_IDS["movements"],
                get_source_position=["from_lon", "from_lat"],
                get_target_position=["to_lon", "to_lat"],
                get_source_color="from_colour",
                get_target_color="to_colour",
                get_width="width",
                width_units="'pixels'",
                pickable=True,
                auto_highlight=True,
            )
        )
    if "claims" in wanted:
        rings = claim_rings(figures, locations, sources, actor_names, lang)
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=rings,
                id=LAYER_IDS["claims"],
                get_position=["lon", "lat"],
                get_radius="radius",
                radius_units="'pixels'",
                stroked=True,
                filled=False,
                get_line_color=CLAIM_RING,
                line_width_units="'pixels'",
                get_line_width=2,
                pickable=True,
                auto_highlight=True,
            )
        )
    if "events" in wanted:
        bins = event_bins(events, locations, sources, lang)
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=bins,
                id=LAYER_IDS["events"],
                get_position=["lon", "lat"],
                get_radius="radius",
                radius_units="'pixels'",
                get_fill_color="colour",
                stroked=True,
                get_line_color=[255, 255, 255, 230],
                line_width_units="'pixels'",
                get_line_width=1,
                pickable=True,
                auto_highlight=True,
            )
        )
    if "places" in wanted:
        points = place_points(locations, events, figures, lang)
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=points,
                id=LAYER_IDS["places"],
                get_position=["lon", "lat"],
                get_radius=4,
                radius_units="'pixels'",
                get_fill_color="colour",
                stroked=True,
                get_line_color=[255, 255, 255, 255],
                line_width_units="'pixels'",
                get_line_width=1.5,
                pickable=True,
                auto_highlight=True,
            )
        )
        names = _labels(points, options.framing)
        layers.append(
            pdk.Layer(
                "TextLayer",
                data=names[["lon", "lat", "label"]] if len(names) else names,
                id="km-labels",
                get_position=["lon", "lat"],
                get_text="label",
                get_size=13,
                size_units="'pixels'",
                get_color=[30, 30, 30, 255],
                get_text_anchor="'start'",
                get_alignment_baseline="'center'",
                get_pixel_offset=[8, 0],
                character_set="'auto'",
                font_family="'DejaVu Sans, Liberation Sans, Arial, sans-serif'",
                background=True,
                get_background_color=[255, 255, 255, 200],
                background_padding=[2, 1],
                pickable=False,
            )
        )
    deck_args = {
        "layers": layers,
        "initial_view_state": pdk.ViewState(**VIEWS.get(options.framing, VIEWS["kursk"]), pitch=0, bearing=0),
        "tooltip": {
            "text": "{tip}",
            "style": {"whiteSpace": "pre-line", "fontSize": "13px", "maxWidth": "420px"},
        },
        "height": options.height,
    }
    if options.basemap:
        deck_args.update(map_provider="carto", map_style="light")
    else:
        deck_args["map_provider"] = None
    return MapDeck(**deck_args)


def shown_source_ids(tables: Mapping[str, pd.DataFrame], view: ViewFilter) -> list[str]:
    """The sources cited by what the map shows (events and claims at places, movements)."""
    tables = getattr(tables, "tables", tables)
    events = view.apply_events(tables["events"])
    figures = view.apply_figures(tables["figures"])
    movements = view.apply_movements(tables["movements"])
    cited: dict[str, None] = {}
    for frame in (events[events["location_id"] != ""], figures[figures["location_id"] != ""], movements):
        for ids in frame["source_ids"].drop_duplicates():
            cited.update(dict.fromkeys(ids))
    return list(cited)


def source_line(source_ids: list[str], sources: pd.DataFrame, lang: str, limit: int = 6) -> str:
    """'Sources: 12 reports — Reuters, KBS World, …' naming the publishers of most reports."""
    line = sourcing.source_line(dict.fromkeys(source_ids), sources, lang, limit, count_more=False)
    return line or t("map_page.sources_none", lang)


# --- weeks for the play control -----------------------------------------------------------


def week_starts(first: date, last: date) -> list[date]:
    """Mondays from the week holding `first` to the week holding `last`."""
    start = first - timedelta(days=first.weekday())
    weeks = []
    while start <= last:
        weeks.append(start)
        start += timedelta(days=7)
    return weeks


def until_week(view: ViewFilter, week_start: date) -> ViewFilter:
    """The shared filter cut off at the end of the week starting `week_start` (cumulative view)."""
    end = week_start + timedelta(days=6)
    if view.date_to is not None and view.date_to < end:
        end = view.date_to
    return replace(view, date_to=end)


# --- place details -----------------------------------------------------------------------


def place_events(events: pd.DataFrame, location_id: str, lang: str, limit: int = 50) -> pd.DataFrame:
    """The events at one place, newest first, as a small display table."""
    rows = events[events["location_id"] == location_id].sort_values("date", ascending=False).head(limit)
    return pd.DataFrame(
        {
            "date": [fmt_date_short(d, lang) for d in rows["date"]],
            "title": [localized(r, "title", lang) for r in rows.to_dict("records")],
            "category": [label("category", c, lang) for c in rows["category"]],
            "grade": [_grade(r, c) for r, c in zip(rows["reliability"], rows["credibility"], strict=True)],
        }
    )


def place_claims(
    figures: pd.DataFrame, location_id: str, actor_names: Mapping[str, str], lang: str, limit: int = 50
) -> pd.DataFrame:
    """The figure claims at one place, newest first, as a small display table."""
    rows = figures[figures["location_id"] == location_id].sort_values("claimed_on", ascending=False).head(limit)
    return pd.DataFrame(
        {
            "date": [fmt_date_short(d, lang) for d in rows["claimed_on"]],
            "metric": [label("metric", m, lang) for m in rows["metric"]],
            "value": [
                fmt_claim(int(lo), int(hi), q, lang)
                for lo, hi, q in zip(rows["value_low"], rows["value_high"], rows["qualifier"], strict=True)
            ],
            "claimant": [actor_names.get(a, a) for a in rows["claimant_id"]],
            "grade": [_grade(r, c) for r, c in zip(rows["reliability"], rows["credibility"], strict=True)],
        }
    )


# --- measurement -------------------------------------------------------------------------


def measure(
    tables: Mapping[str, pd.DataFrame],
    view: ViewFilter | None = None,
    lang: str = "en",
    options: MapOptions = MapOptions(),
    repeats: int = 5,
) -> dict[str, float]:
    """Time `build_map` + `to_json` (best and median of `repeats`) and the deck's size in bytes."""
    view = view or ViewFilter()
    timings = []
    payload = ""
    for _ in range(repeats):
        started = time.perf_counter()
        payload = build_map(tables, view, lang, options).to_json()
        timings.append(time.perf_counter() - started)
    return {
        "best_seconds": min(timings),
        "median_seconds": float(np.median(timings)),
        "deck_bytes": len(payload.encode("utf-8")),
        "events": len(getattr(tables, "tables", tables)["events"]),
    }
