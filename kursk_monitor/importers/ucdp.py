"""UCDP Georeferenced Event Dataset (GED) CSV files to our tables; see docs/import.md.

One event per row, from `date_start` to `date_end`. Deaths become one claim whose range is UCDP's
own low and high estimate, with the best estimate in the note.
"""

from __future__ import annotations

from kursk_monitor.importers import countries
from kursk_monitor.importers.builder import Builder
from kursk_monitor.importers.rows import Row, split_names

NAME = "UCDP GED"
PREFIX = "ucdp"
SIGNATURE = ("id", "side_a", "side_b", "date_start", "date_end", "best", "low", "high")
REQUIRED = (*SIGNATURE, "where_prec", "date_prec", "latitude", "longitude", "country")
DATE_FORMATS = ("%Y-%m-%d",)
DATE_PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "month"}
WHERE_PRECISION = {"1": "1", "2": "2", "3": "3", "4": "3", "5": "3", "6": "3", "7": "3"}
VIOLENCE = {  # type_of_violence -> English and German title
    "1": ("State-based armed conflict", "Staatlicher bewaffneter Konflikt"),
    "2": ("Non-state conflict", "Nichtstaatlicher Konflikt"),
    "3": ("One-sided violence", "Einseitige Gewalt"),
}
CLAIMANT = {
    "name": "UCDP (Uppsala Conflict Data Program)",
    "kind": "expert",
    "country": "SWE",
    "description": "Conflict event dataset; the claimant of the death counts imported from its files.",
}


def matches(header: list[str]) -> bool:
    """True when the header is a UCDP GED file's."""
    return set(SIGNATURE) <= set(header)


def convert(row: Row, builder: Builder, seen: set[str]) -> None:
    """Add the event (and its death claim) of one GED row, unless a cell is bad."""
    key = row.required("id")
    if key in seen:
        row.error("id", "import.duplicate_id", f"event '{key}' appears on an earlier line; row left out")
    start = row.day("date_start", DATE_FORMATS, "2024-12-14")
    end = row.day("date_end", DATE_FORMATS, "2024-12-14")
    if start and end and end < start:
        row.error("date_end", "import.end_before_start", f"date_end {end} is before date_start {start}; row left out")
    precision = row.choice("date_prec", DATE_PRECISION)
    low, best, high = row.count("low"), row.count("best"), row.count("high")
    if row.ok and not low <= best <= high:
        row.error("best", "import.low_best_high", f"low {low}, best {best}, high {high} are not in order; row left out")
    side_a, side_b = row.required("side_a"), row.get("side_b")
    place = _place(row)
    if not row.ok or start is None or end is None or place is None:
        return
    seen.add(key)
    sources = [builder.source(NAME, p) for p in split_names(row.get("source_office"))] or [builder.source(NAME, NAME)]
    location_id = builder.place(PREFIX, place)
    actor_ids = [_actor(builder, side_a, place["country"])]
    if side_b:
        actor_ids.append(_actor(builder, side_b, place["country"]))
    title, title_de = VIOLENCE.get(row.get("type_of_violence"), ("Violent event", "Gewaltereignis"))
    dyad = row.get("dyad_name") or " – ".join(x for x in (side_a, side_b) if x)
    builder.event(
        {
            "date": start.isoformat(),
            "end_date": end.isoformat() if end > start else "",
            "date_precision": precision,
            "title": f"{title}: {dyad}, {place['name']}",
            "title_de": f"{title_de}: {dyad}, {place['name']}",
            "description": row.get("where_description") or row.get("source_headline"),
            "category": "military",
            "actor_ids": ";".join(dict.fromkeys(actor_ids)),
            "location_id": location_id,
            "source_ids": ";".join(sources),
            "credibility": "6",
            "note": f"UCDP GED event {key}; {row.get('conflict_name')}".rstrip("; "),
        }
    )
    if high > 0:
        _claim(builder, row, (start, end), key, (low, best, high), location_id, sources)


def _place(row: Row) -> dict | None:
    name = row.get("where_coordinates") or row.get("adm_2") or row.get("adm_1") or row.get("country")
    lat = row.number("latitude", -90, 90)
    lon = row.number("longitude", -180, 180)
    geo = row.choice("where_prec", WHERE_PRECISION)
    country = countries.alpha3(row.get("country"))
    if country is None:
        row.error("country", "import.unknown_country", f"'{row.get('country')}' is not in the import's country table")
    if not row.ok:
        return None
    return {
        "name": name,
        "lat": lat,
        "lon": lon,
        "country": country,
        "admin1": row.get("adm_1"),
        "kind": "region" if geo == "3" else "other",
        "geo_precision": geo,
        "note": row.get("adm_2"),
    }


def _actor(builder: Builder, name: str, event_country: str) -> str:
    kind = "government" if name.startswith("Government of") else "other"
    named = countries.in_name(name)
    description = "" if named else "Country: where the actor's first imported event took place."
    return builder.actor(PREFIX, name, kind, named or event_country, description)


def _claim(builder: Builder, row: Row, period, key: str, estimates, location_id: str, sources) -> None:
    start, end = period
    low, best, high = estimates
    claimant = builder.claimant(PREFIX, CLAIMANT)
    sides = ", ".join(
        f"{label} {row.get(column) or '?'}"
        for label, column in (
            ("side A", "deaths_a"),
            ("side B", "deaths_b"),
            ("civilians", "deaths_civilians"),
            ("unknown", "deaths_unknown"),
        )
    )
    builder.figure(
        {
            "claimed_on": end.isoformat(),
            "date_precision": "day",
            "as_of": end.isoformat(),
            "claimant_id": claimant,
            "metric": "killed",
            "value_low": low,
            "value_high": high,
            "qualifier": "range" if low < high else "about",
            "claim_kind": "assessment",
            "period_start": start.isoformat(),
            "scope": "local",
            "location_id": location_id,
            "source_ids": ";".join(sources),
            "credibility": "6",
            "note": f"UCDP GED event {key}: best estimate {best} ({sides}); every death in the event, any side.",
            "note_de": f"UCDP-GED-Ereignis {key}: beste Schätzung {best}; alle Toten des Ereignisses, jede Seite.",
        }
    )
