"""ACLED event exports (the API's CSV and the Explorer's) to our tables; see docs/import.md.

One event per row. A row with fatalities > 0 also gives one figure claim (metric `killed`,
claimant ACLED, scope `local`): ACLED writes 0 both for "none" and for "unknown", so 0 makes no claim.
"""

from __future__ import annotations

from kursk_monitor.importers import countries
from kursk_monitor.importers.builder import Builder
from kursk_monitor.importers.rows import Row, day_of_timestamp, split_names

NAME = "ACLED"
PREFIX = "acled"
SIGNATURE = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "fatalities")
REQUIRED = (*SIGNATURE, "time_precision", "actor1", "country", "location", "latitude", "longitude", "geo_precision")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y")  # API, Explorer export
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
GEO_PRECISION = {"1": "1", "2": "2", "3": "3"}
CLAIMANT = {
    "name": "ACLED (Armed Conflict Location & Event Data)",
    "kind": "expert",
    "country": "USA",
    "description": "Conflict event dataset; the claimant of the fatality counts imported from its files.",
}

# sub_event_type -> (our category, German name); event_type is the fallback for an unknown sub-type.
SUB_EVENTS = {
    "Armed clash": ("military", "Bewaffneter Zusammenstoß"),
    "Government regains territory": ("military", "Regierung gewinnt Gebiet zurück"),
    "Non-state actor overtakes territory": ("military", "Nichtstaatlicher Akteur übernimmt Gebiet"),
    "Sexual violence": ("military", "Sexuelle Gewalt"),
    "Attack": ("military", "Angriff"),
    "Abduction/forced disappearance": ("military", "Entführung/Verschwindenlassen"),
    "Chemical weapon": ("military", "Chemiewaffe"),
    "Air/drone strike": ("military", "Luft-/Drohnenangriff"),
    "Suicide bomb": ("military", "Selbstmordanschlag"),
    "Shelling/artillery/missile attack": ("military", "Beschuss/Artillerie-/Raketenangriff"),
    "Remote explosive/landmine/IED": ("military", "Ferngezündeter Sprengsatz/Landmine/USBV"),
    "Grenade": ("military", "Granate"),
    "Peaceful protest": ("other", "Friedlicher Protest"),
    "Protest with intervention": ("other", "Protest mit Eingreifen"),
    "Excessive force against protesters": ("other", "Übermäßige Gewalt gegen Protestierende"),
    "Violent demonstration": ("other", "Gewaltsame Demonstration"),
    "Mob violence": ("other", "Gewalt einer Menschenmenge"),
    "Agreement": ("diplomatic", "Vereinbarung"),
    "Arrests": ("legal", "Festnahmen"),
    "Change to group/activity": ("military", "Änderung bei Gruppe oder Tätigkeit"),
    "Disrupted weapons use": ("military", "Vereitelter Waffeneinsatz"),
    "Headquarters or base established": ("military", "Hauptquartier oder Stützpunkt errichtet"),
    "Looting/property destruction": ("other", "Plünderung/Zerstörung von Eigentum"),
    "Non-violent transfer of territory": ("military", "Gewaltlose Gebietsübergabe"),
    "Other": ("other", "Sonstiges"),
}
EVENT_TYPES = {
    "Battles": "military",
    "Explosions/Remote violence": "military",
    "Violence against civilians": "military",
    "Protests": "other",
    "Riots": "other",
    "Strategic developments": "other",
}
# inter1/inter2: numeric codes (older exports) or names (current codebook) -> our actor kind
ARMED_FORCES = {"1", "8", "state forces", "external/other forces"}


def matches(header: list[str]) -> bool:
    """True when the header is an ACLED export's."""
    return set(SIGNATURE) <= set(header)


def convert(row: Row, builder: Builder, seen: set[str]) -> None:
    """Add the event (and its fatality claim) of one ACLED row, unless a cell is bad."""
    event_key = row.required("event_id_cnty")
    if event_key in seen:
        message = f"event '{event_key}' appears on an earlier line; row left out"
        row.error("event_id_cnty", "import.duplicate_id", message)
    day = row.day("event_date", DATE_FORMATS, "2024-12-14 or 14 December 2024")
    precision = row.choice("time_precision", TIME_PRECISION)
    place = _place(row)
    fatalities = row.count("fatalities", default=0)
    actor1 = row.required("actor1")
    if not row.ok or day is None or place is None:
        return
    seen.add(event_key)
    sources = [builder.source(NAME, p) for p in split_names(row.get("source"))] or [builder.source(NAME, NAME)]
    location_id = builder.place(PREFIX, place)
    actor_ids = [_actor(builder, actor1, row.get("inter1"), place["country"])]
    if row.get("actor2"):
        actor_ids.append(_actor(builder, row.get("actor2"), row.get("inter2"), place["country"]))
    for name in split_names(row.get("assoc_actor_1")) + split_names(row.get("assoc_actor_2")):
        actor_ids.append(_actor(builder, name, "", place["country"]))
    sub_type = row.get("sub_event_type")
    category, sub_type_de = SUB_EVENTS.get(sub_type, (EVENT_TYPES.get(row.get("event_type"), "other"), sub_type))
    builder.event(
        {
            "date": day.isoformat(),
            "date_precision": precision,
            "title": f"{sub_type or row.get('event_type')} in {place['name']}",
            "title_de": f"{sub_type_de or row.get('event_type')} in {place['name']}",
            "description": row.get("notes"),
            "category": category,
            "actor_ids": ";".join(dict.fromkeys(actor_ids)),
            "location_id": location_id,
            "source_ids": ";".join(sources),
            "credibility": "6",
            "note": f"ACLED event {event_key}; {row.get('event_type')}",
        }
    )
    if fatalities > 0:
        _claim(builder, row, day, event_key, fatalities, location_id, sources)


def _place(row: Row) -> dict | None:
    name = row.required("location")
    lat = row.number("latitude", -90, 90)
    lon = row.number("longitude", -180, 180)
    geo = row.choice("geo_precision", GEO_PRECISION)
    country = countries.alpha3(row.get("country"), row.get("iso"))
    if country is None:
        row.error("country", "import.unknown_country", f"'{row.get('country')}' is not in the import's country table")
    if not row.ok:
        return None
    return {
        "name": name,
        "lat": lat,
        "lon": lon,
        "country": country,
        "admin1": row.get("admin1"),
        "kind": "region" if geo == "3" else "other",
        "geo_precision": geo,
        "note": "; ".join(x for x in (row.get("admin2"), row.get("admin3")) if x),
    }


def _actor(builder: Builder, name: str, inter: str, event_country: str) -> str:
    kind = "military" if inter.strip().casefold() in ARMED_FORCES else "other"
    named = countries.in_name(name)
    description = "" if named else "Country: where the actor's first imported event took place."
    return builder.actor(PREFIX, name, kind, named or event_country, description)


def _claim(builder: Builder, row: Row, day, event_key: str, fatalities: int, location_id: str, sources) -> None:
    updated = day_of_timestamp(row.get("timestamp"))
    claimed = updated if updated is not None and updated >= day else day
    claimant = builder.claimant(PREFIX, CLAIMANT)
    builder.figure(
        {
            "claimed_on": claimed.isoformat(),
            "date_precision": "day",
            "as_of": day.isoformat(),
            "claimant_id": claimant,
            "metric": "killed",
            "value_low": fatalities,
            "value_high": fatalities,
            "qualifier": "about",
            "claim_kind": "assessment",
            "period_start": day.isoformat(),
            "scope": "local",
            "location_id": location_id,
            "source_ids": ";".join(sources),
            "credibility": "6",
            "note": f"ACLED fatalities of event {event_key}: every death in the event, any side.",
            "note_de": f"ACLED-Todesopfer des Ereignisses {event_key}: alle Toten des Ereignisses, jede Seite.",
        }
    )
