"""The rows behind each map layer, aggregated on the server from a `Selection`: places (styled by
kind), events binned per place and category, figure claims per place, movements per route (with
their `mode`), and the place names worth printing. The interactive deck (`maps`) and the static
briefing map (`briefing_map`) draw these same rows; each is computed once per selection and
language. Also the place details under the map and the weeks of the play control.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from kursk_monitor import label_layout, sourcing
from kursk_monitor.filters import ViewFilter
from kursk_monitor.i18n import fmt_claim, fmt_date_short, fmt_number, localized, t
from kursk_monitor.label_layout import Scale
from kursk_monitor.labels import Labels
from kursk_monitor.selection import Selection, is_in, rows_with
from kursk_monitor.style import CATEGORY_COLOURS, OKABE_ITO, hex_to_rgb

# Places inside this box are the "front"; their labels show in the local framings only.
LOCAL_FRAMINGS = ("front", "kursk")  # framings that draw the oblasts, the control layer and the front's names
KURSK_BOX = {"lat": (50.3, 52.3), "lon": (33.5, 37.5)}
MAP_PLACE_LIMIT = 2_000  # places drawn at most (see `drawn_places`)
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
ESSENTIAL_KINDS = ("capital", "city", "town")  # named even where their name must cover a village's dot
LABEL_PRIORITY = {"capital": 0, "port": 1, "training_ground": 2, "city": 3, "town": 4, "village": 5, "other": 6}


# --- small helpers -----------------------------------------------------------------------


def grade(reliability: str, credibility) -> str:
    """'B2': source reliability and claim credibility in one short code."""
    return f"{reliability}{int(credibility)}" if pd.notna(credibility) else str(reliability)


def _span(first, last, lang: str) -> str:
    first_text, last_text = fmt_date_short(first, lang), fmt_date_short(last, lang)
    if not last_text or first_text == last_text:
        return first_text
    return f"{first_text} – {last_text}"


def _source_text(source_ids: Iterable[str], lookup: Mapping[str, str], lang: str, limit: int = 2) -> str:
    """'KBS World (B), Reuters (A)' for the first cited sources; '+3' when more are cited."""
    ids = list(source_ids)
    if not ids:
        return t("common.unknown", lang)
    parts = [lookup.get(source_id, source_id) for source_id in ids[:limit]]
    if len(ids) > limit:
        parts.append(f"+{len(ids) - limit}")
    return ", ".join(parts)


def _source_and_grade(source_ids, lookup, reliability, credibility, lang: str) -> str:
    source = _source_text(source_ids, lookup, lang)
    return f"{t('common.source', lang)}: {source} · {t('common.grade', lang)} {grade(reliability, credibility)}"


def _pixels(count: np.ndarray | pd.Series, smallest: float, largest: float, top: float) -> np.ndarray:
    """Radius in pixels growing with the square root of `count`, so areas compare honestly."""
    values = np.sqrt(np.asarray(count, dtype=float))
    scale = math.sqrt(top) if top > 0 else 1.0
    return np.round(smallest + (largest - smallest) * np.clip(values / scale, 0, 1), 1)


def drawn_places(selection: Selection) -> pd.DataFrame:
    """The places the map draws: all of them, or, past `MAP_PLACE_LIMIT`, the places with the most
    events and figure claims in the selection, and every end of a movement and place with a control
    claim (an imported event file may name 20,000 places; each costs the deck about 1 kB)."""
    return selection.derived("map_drawn_places", lambda: _drawn_places(selection))


def _drawn_places(selection: Selection) -> pd.DataFrame:
    locations = selection.tables["locations"]
    if len(locations) <= MAP_PLACE_LIMIT:
        return locations
    cited = pd.concat([selection.events["location_id"], selection.figures["location_id"]], ignore_index=True)
    busiest = cited[cited != ""].value_counts(sort=True).index[:MAP_PLACE_LIMIT]
    kept = set(busiest)
    movements = selection.movements
    kept.update(movements["from_location_id"].tolist() + movements["to_location_id"].tolist())
    if "control" in selection.tables:
        kept.update(selection.tables["control"]["location_id"].tolist())
    return rows_with(locations, "location_id", kept)


def hidden_places(selection: Selection) -> int:
    """How many places of the data the map leaves out (see `drawn_places`)."""
    return len(selection.tables["locations"]) - len(drawn_places(selection))


def _places(selection: Selection, labels: Labels) -> dict[str, dict]:
    """location_id -> the drawn place's row, with `label` its name in the labels' language."""
    places = {}
    for row in _records(drawn_places(selection)):
        row["label"] = labels.place(row["location_id"])
        places[row["location_id"]] = row
    return places


def _records(frame: pd.DataFrame) -> list[dict]:
    """`frame.to_dict("records")`, read column by column (value by value, Arrow-backed columns are
    several times slower; 9,000 event bins: 90 ms -> 15 ms)."""
    names = list(frame.columns)
    columns = [frame[name].tolist() for name in names]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _as_dict(series: pd.Series) -> dict:
    """`series.to_dict()` without iterating an Arrow-backed index value by value."""
    return dict(zip(series.index.tolist(), series.tolist(), strict=True))


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


def _groups(rows: pd.DataFrame, keys: list[str], id_column: str, **more) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows grouped by `keys`: how many, first and last day (end dates count) and `more`
    aggregates; and the latest row of each group, indexed by `keys`, its own label in `_row`."""
    rows = rows.assign(_last=rows["end_date"].fillna(rows["date"]))
    groups = rows.groupby(keys, sort=False)
    summary = groups.agg(n=(id_column, "size"), first=("date", "min"), last=("_last", "max"), **more)
    latest = rows.loc[groups["date"].idxmax().to_numpy()]
    return summary, latest.assign(_row=latest.index).set_index(keys)


# The columns the event bins and claim rings read: rows are picked from these only (a million
# events carry a dozen text columns, and picking rows copies every column it keeps).
BIN_EVENT_COLUMNS = ("event_id", "location_id", "category", "date", "end_date", "credibility", "reliability")
BIN_LATEST_TEXTS = ("title", "title_de", "source_ids")  # read for each bin's latest event only
RING_FIGURE_COLUMNS = (
    "figure_id", "location_id", "claimed_on", "metric", "claimant_id", "value_low", "value_high", "qualifier",
    "credibility", "reliability", "source_ids",
)  # fmt: skip


def _at_places(rows: pd.DataFrame, places: dict, columns: tuple[str, ...]) -> pd.DataFrame:
    """The rows at the drawn places, with only `columns` (those present)."""
    rows = rows[[c for c in columns if c in rows]]
    return rows_with(rows, "location_id", places)


def in_kursk_box(lat: float, lon: float) -> bool:
    return KURSK_BOX["lat"][0] <= lat <= KURSK_BOX["lat"][1] and KURSK_BOX["lon"][0] <= lon <= KURSK_BOX["lon"][1]


def _once(selection: Selection, labels: Labels, build, *extra):
    """`build(selection, labels, *extra)`, computed once per selection, language and arguments."""
    return selection.derived((build.__name__, labels.lang, *extra), lambda: build(selection, labels, *extra))


# --- the layers' rows --------------------------------------------------------------------


def place_points(selection: Selection, labels: Labels) -> pd.DataFrame:
    """One row per place: position, colour by kind, and a hover text with counts and latest date."""
    return _once(selection, labels, _place_points)


def _place_points(selection: Selection, labels: Labels) -> pd.DataFrame:
    lang = labels.lang
    if selection.tables["locations"].empty:
        return pd.DataFrame(columns=["location_id", "lon", "lat", "colour", "tip", "label"])
    events, figures = selection.events, selection.figures
    event_counts = _as_dict(events["location_id"].value_counts())
    claim_counts = _as_dict(figures["location_id"].value_counts())
    last_event = _as_dict(events.groupby("location_id")["date"].max().dropna()) if len(events) else {}
    rows = []
    for location_id, place in _places(selection, labels).items():
        counts = {"events": fmt_number(int(event_counts.get(location_id, 0)), lang)}
        counts["claims"] = fmt_number(int(claim_counts.get(location_id, 0)), lang)
        lines = [
            f"{place['label']} · {labels.vocab('location_kind', place['kind'])}",
            ", ".join(v for v in (place["admin1"], labels.vocab("country", place["country"])) if v),
            t(f"map_page.precision_{int(place['geo_precision'])}", lang),
            t("map_page.tip_counts", lang, **counts),
        ]
        if location_id in last_event:
            lines.append(t("map_page.tip_latest_date", lang, date=fmt_date_short(last_event[location_id], lang)))
        rows.append(
            {
                "location_id": location_id,
                "lon": round(float(place["lon"]), 4),
                "lat": round(float(place["lat"]), 4),
                "kind": place["kind"],
                "colour": hex_to_rgb(KIND_COLOURS.get(place["kind"], OKABE_ITO["grey"]), 255),
                "label": place["label"],
                "tip": "\n".join(lines),
            }
        )
    return pd.DataFrame(rows)


def event_bins(selection: Selection, labels: Labels) -> pd.DataFrame:
    """Events per place and category: count, date span, best grade and the latest event."""
    return _once(selection, labels, _event_bins)


def _event_bins(selection: Selection, labels: Labels) -> pd.DataFrame:
    lang = labels.lang
    columns = ["location_id", "category", "n", "lon", "lat", "colour", "radius", "tip"]
    places = _places(selection, labels)
    placed = _at_places(selection.events, places, BIN_EVENT_COLUMNS)
    if placed.empty:
        return pd.DataFrame(columns=columns)
    bins, latest_rows = _groups(
        placed,
        ["location_id", "category"],
        "event_id",
        best_credibility=("credibility", "min"),
        best_reliability=("reliability", "min"),
    )
    # The latest event's texts, read for these rows only (not copied for every placed event).
    texts = selection.events.loc[latest_rows["_row"].to_numpy(), list(BIN_LATEST_TEXTS)]
    latest_rows = latest_rows.assign(**{name: texts[name].to_numpy() for name in BIN_LATEST_TEXTS})
    lookup = sourcing.graded_publishers(selection.tables["sources"], latest_rows["source_ids"])
    latest_columns = ["title", "title_de", "date", "source_ids", "reliability", "credibility"]
    bins = bins.join(latest_rows[latest_columns]).reset_index()
    bins["radius"] = _pixels(bins["n"], 6, 30, float(bins["n"].max()))
    tips, lons, lats, colours = [], [], [], []
    for row in _records(bins):
        place = places[row["location_id"]]
        category = labels.vocab("category", row["category"])
        latest_title = localized(row, "title", lang)
        dates = f"{t('common.date', lang)}: {_span(row['first'], row['last'], lang)}"
        source = _source_and_grade(row["source_ids"], lookup, row["reliability"], row["credibility"], lang)
        if row["n"] == 1:
            lines = [latest_title, f"{category} · {place['label']}", dates, source]
        else:
            n = fmt_number(row["n"], lang)
            lines = [
                t("map_page.tip_event_bin", lang, n=n, category=category, place=place["label"]),
                dates,
                t("map_page.tip_latest", lang, title=latest_title, date=fmt_date_short(row["date"], lang)),
                source,
                t("map_page.tip_best_grade", lang, grade=grade(row["best_reliability"], row["best_credibility"])),
            ]
        tips.append("\n".join(lines))
        lons.append(round(float(place["lon"]), 4))
        lats.append(round(float(place["lat"]), 4))
        colours.append(hex_to_rgb(CATEGORY_COLOURS.get(row["category"], OKABE_ITO["grey"]), 150))
    bins["tip"], bins["lon"], bins["lat"], bins["colour"] = tips, lons, lats, colours
    # Largest first, so smaller bins at the same place are drawn on top and stay visible.
    bins = bins.sort_values("n", ascending=False, kind="stable")
    return bins[columns].reset_index(drop=True)


def claim_rings(selection: Selection, labels: Labels) -> pd.DataFrame:
    """Figure claims per place: a ring sized by the largest number claimed there, the latest claim in the hover."""
    return _once(selection, labels, _claim_rings)


def _claim_rings(selection: Selection, labels: Labels) -> pd.DataFrame:
    lang = labels.lang
    columns = ["location_id", "n", "lon", "lat", "radius", "tip"]
    places = _places(selection, labels)
    placed = _at_places(selection.figures, places, RING_FIGURE_COLUMNS)
    if placed.empty:
        return pd.DataFrame(columns=columns)
    groups = placed.groupby("location_id", sort=False)
    rings = groups.agg(n=("figure_id", "size"), largest=("value_high", "max"))
    latest = placed.loc[groups["claimed_on"].idxmax().to_numpy()].set_index("location_id")
    lookup = sourcing.graded_publishers(selection.tables["sources"], latest["source_ids"])
    top = float(rings["largest"].max())
    radii = _pixels(rings["largest"].to_numpy(dtype=float), 10, 40, top)
    rings = rings.join(latest.drop(columns="figure_id")).reset_index()
    rows = []
    for ring, radius in zip(_records(rings), radii, strict=True):
        place = places[ring["location_id"]]
        value = fmt_claim(int(ring["value_low"]), int(ring["value_high"]), ring["qualifier"], lang)
        metric, claimant = labels.vocab("metric", ring["metric"]), labels.actor(ring["claimant_id"])
        lines = [
            t("map_page.tip_claims", lang, n=fmt_number(int(ring["n"]), lang), place=place["label"]),
            t("map_page.tip_latest_claim", lang, metric=metric, value=value, claimant=claimant),
            f"{t('common.date', lang)}: {fmt_date_short(ring['claimed_on'], lang)}",
            _source_and_grade(ring["source_ids"], lookup, ring["reliability"], ring["credibility"], lang),
        ]
        rows.append(
            {
                "location_id": ring["location_id"],
                "n": int(ring["n"]),
                "lon": round(float(place["lon"]), 4),
                "lat": round(float(place["lat"]), 4),
                "radius": float(radius),
                "tip": "\n".join(lines),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def movement_arcs(selection: Selection, labels: Labels) -> pd.DataFrame:
    """Movements per route (origin, destination): arc ends, `mode` and its colour, width by people moved."""
    return _once(selection, labels, _movement_arcs)


def _movement_arcs(selection: Selection, labels: Labels) -> pd.DataFrame:
    lang = labels.lang
    columns = ["from_id", "to_id", "n", "mode", "from_lon", "from_lat", "to_lon", "to_lat"]
    columns += ["from_colour", "to_colour", "width", "tip"]
    places = _places(selection, labels)
    movements = selection.movements
    moves = movements[is_in(movements["from_location_id"], places) & is_in(movements["to_location_id"], places)]
    if moves.empty:
        return pd.DataFrame(columns=columns)
    modes = ("mode", lambda m: tuple(sorted(set(m))))
    keys = ["from_location_id", "to_location_id"]
    routes, latest = _groups(moves, keys, "movement_id", people=("personnel_high", "max"), modes=modes)
    lookup = sourcing.graded_publishers(selection.tables["sources"], latest["source_ids"])
    people_top = float(routes["people"].max()) if routes["people"].notna().any() else 0.0
    rows = []
    for (from_id, to_id), route in routes.iterrows():
        origin, destination = places[from_id], places[to_id]
        mode = route["modes"][0] if len(route["modes"]) == 1 else "unknown"
        width = 2.0
        if pd.notna(route["people"]) and people_top > 0:
            width = float(_pixels([float(route["people"])], 2.5, 9, people_top)[0])
        colour = MODE_COLOURS.get(mode, MODE_COLOURS["unknown"])
        rows.append(
            {
                "from_id": from_id,
                "to_id": to_id,
                "n": int(route["n"]),
                "mode": mode,
                "from_lon": round(float(origin["lon"]), 4),
                "from_lat": round(float(origin["lat"]), 4),
                "to_lon": round(float(destination["lon"]), 4),
                "to_lat": round(float(destination["lat"]), 4),
                "from_colour": hex_to_rgb(colour, 90),
                "to_colour": hex_to_rgb(colour, 235),
                "width": width,
                "tip": _route_tip(route, latest.loc[(from_id, to_id)], origin, destination, lookup, lang),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _route_tip(route, move, origin: dict, destination: dict, lookup: Mapping[str, str], lang: str) -> str:
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
    lines.append(_source_and_grade(move["source_ids"], lookup, move["reliability"], move["credibility"], lang))
    return "\n".join(lines)


def place_names(
    selection: Selection, labels: Labels, framing: str, scale: Scale | None = None, fixed: tuple = ()
) -> pd.DataFrame:
    """Place names to print, most important first: the front's places up close; on the route, the
    places outside it plus Kursk; no regions. With a `scale`, each name gets the side of its dot
    where it overlaps nothing (`label_layout`), and names that fit nowhere are left out."""
    return _once(selection, labels, _place_names, framing, scale, fixed)


def _place_names(selection: Selection, labels: Labels, framing: str, scale, fixed) -> pd.DataFrame:
    places = place_points(selection, labels)
    if places.empty:
        return places.assign(side=[], dx=[], dy=[])
    inside = np.array([in_kursk_box(lat, lon) for lat, lon in zip(places["lat"], places["lon"], strict=True)])
    # A region's name would sit on its main town's (Kursk Oblast on Kursk): regions keep their dot only.
    town = (places["kind"] != "region").to_numpy()
    candidates = (
        places[inside & town]
        if framing in ("front", "kursk")
        else places[(~inside | (places["location_id"] == "kursk")) & town]
    )
    contested = set(selection.tables["control"]["location_id"]) if "control" in selection.tables else set()
    reported = selection.events["location_id"].value_counts()
    rank = [  # by kind, then settlements with control claims, then the most reported
        (0 if loc == "kursk" else 1 + LABEL_PRIORITY.get(kind, 9), loc not in contested, -reported.get(loc, 0))
        for loc, kind in zip(candidates["location_id"], candidates["kind"], strict=True)
    ]
    order = sorted(range(len(candidates)), key=rank.__getitem__)
    candidates = candidates.iloc[order].assign(essential=lambda c: c["kind"].isin(ESSENTIAL_KINDS))
    if scale is None:
        return candidates.assign(side="right", dx=label_layout.GAP_PX, dy=0)
    return label_layout.layout(candidates, scale, dots=places, fixed=fixed)


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


def place_events(events: pd.DataFrame, location_id: str, labels: Labels, limit: int = 50) -> pd.DataFrame:
    """The events at one place, newest first, as a small display table."""
    rows = events[events["location_id"] == location_id].sort_values("date", ascending=False).head(limit)
    return pd.DataFrame(
        {
            "date": [fmt_date_short(d, labels.lang) for d in rows["date"]],
            "title": [localized(r, "title", labels.lang) for r in rows.to_dict("records")],
            "category": [labels.vocab("category", c) for c in rows["category"]],
            "grade": [grade(r, c) for r, c in zip(rows["reliability"], rows["credibility"], strict=True)],
        }
    )


def place_claims(figures: pd.DataFrame, location_id: str, labels: Labels, limit: int = 50) -> pd.DataFrame:
    """The figure claims at one place, newest first, as a small display table."""
    rows = figures[figures["location_id"] == location_id].sort_values("claimed_on", ascending=False).head(limit)
    return pd.DataFrame(
        {
            "date": [fmt_date_short(d, labels.lang) for d in rows["claimed_on"]],
            "metric": [labels.vocab("metric", m) for m in rows["metric"]],
            "value": [
                fmt_claim(int(lo), int(hi), q, labels.lang)
                for lo, hi, q in zip(rows["value_low"], rows["value_high"], rows["qualifier"], strict=True)
            ],
            "claimant": [labels.actor(a) for a in rows["claimant_id"]],
            "grade": [grade(r, c) for r, c in zip(rows["reliability"], rows["credibility"], strict=True)],
        }
    )
