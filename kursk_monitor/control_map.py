"""Who claimed to hold which settlement, as of a day: the latest control claim of each side per
place, and the state the map draws the place in.

A claimant's side is its country: Russian claimants (ministry, General Staff, military bloggers),
Ukrainian claimants (General Staff, commanders, DeepState) and everyone else (ISW, foreign media)
as "other assessors". For each place the latest claim of each side counts, ordered by the day the
claim describes (`as_of` when given, else `date`); only claims made public by the day shown count.
If the Russian and Ukrainian sides name the same holder, or only one of them has claimed the place,
it takes that holder's colour (with a white rim unless a second side backs it); if they name different holders
it is "disputed"; other assessors decide only where neither side has claimed; without any claim it
is neutral. Claims about a whole region (`kursk_oblast`) never colour a settlement; they
are listed on their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kursk_monitor import sourcing
from kursk_monitor.i18n import fmt_date_short, t
from kursk_monitor.labels import Labels
from kursk_monitor.selection import Selection
from kursk_monitor.style import OKABE_ITO, hex_to_rgb

SIDES = ("RUS", "UKR", "other")
# The states a settlement is drawn in, in legend order.
STATES = ("UKR", "RUS", "contested", "disputed", "unclaimed")
STATE_COLOURS = {
    "UKR": OKABE_ITO["blue"],
    "RUS": OKABE_ITO["vermillion"],
    "contested": OKABE_ITO["yellow"],
    "disputed": OKABE_ITO["reddish_purple"],
    "unclaimed": "#FFFFFF",
}
# Rim colours: black for a disputed place, white while only one side has claimed the holder.
RIMS = {"disputed": [0, 0, 0, 255], "one_side": [255, 255, 255, 255]}
RIMS.update({state: [70, 70, 70, 255] for state in STATES if state not in RIMS})
REGION_KINDS = ("region",)


def claimant_side(country: str) -> str:
    """'RUS', 'UKR' or 'other' for a claimant's country."""
    return country if country in ("RUS", "UKR") else "other"


def claim_day(control: pd.DataFrame) -> pd.Series:
    """The day each claim describes: `as_of` when given, else the day it was made public."""
    return control["as_of"].fillna(control["date"])


def latest_by_side(control: pd.DataFrame, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """The latest claim of each side per place among the claims made public by `until` (inclusive).

    Ties on the day described go to the later publication, then the better credibility grade.
    """
    rows = control if until is None else control[control["date"] <= pd.Timestamp(until)]
    rows = rows.assign(
        side=[claimant_side(c) for c in rows["claimant_country"]],
        day=claim_day(rows),
        _grade=-rows["credibility"].astype(int),
    )
    rows = rows.sort_values(["day", "date", "_grade", "control_id"], kind="stable")
    latest = rows.groupby(["location_id", "side"], sort=False).tail(1)
    return latest.drop(columns="_grade").sort_values(["location_id", "side"]).reset_index(drop=True)


def place_state(holders_by_side: dict[str, str]) -> tuple[str, bool]:
    """The drawn state of a place from each side's latest holder, and whether two sides back it.

    The Russian and Ukrainian sides decide: the same holder, or only one of them has claimed, gives
    that holder; different holders give "disputed". Other assessors decide only while neither side
    has claimed; they count towards agreement either way.
    """
    belligerent = {holders_by_side[s] for s in ("RUS", "UKR") if s in holders_by_side}
    holders = belligerent or set(holders_by_side.values())
    if not holders:
        return "unclaimed", False
    if len(holders) > 1:
        return "disputed", False
    state = holders.pop()
    return state, sum(holder == state for holder in holders_by_side.values()) > 1


def settlement_states(latest: pd.DataFrame) -> pd.DataFrame:
    """Per place of `latest`: its state, whether sides agree, and the sides that have claimed it."""
    rows = []
    for location_id, group in latest.groupby("location_id", sort=True):
        holders = dict(zip(group["side"], group["holder"], strict=True))
        state, agreed = place_state(holders)
        rows.append({"location_id": location_id, "state": state, "agreed": agreed, "sides": tuple(sorted(holders))})
    return pd.DataFrame(rows, columns=["location_id", "state", "agreed", "sides"])


TOWN_KINDS = {"town": 1, "city": 2, "capital": 3}  # drawing order of control markers: higher on top
MARKER_RADIUS = {"town": 10, "city": 11, "capital": 11}  # px; villages and the rest 7


def _settlements(selection: Selection) -> pd.DataFrame:
    locations = selection.tables["locations"]
    return locations[~locations["kind"].isin(REGION_KINDS)]


def _until(selection: Selection) -> pd.Timestamp | None:
    return pd.Timestamp(selection.view.date_to) if selection.view.date_to is not None else None


def claim_text(claim: str, holder: str, labels: Labels) -> str:
    """'Recaptured (Russia)'; 'Contested' when the claim already says it."""
    claim_word, holder_word = labels.vocab("control_claim", claim), labels.vocab("control_holder", holder)
    return claim_word if claim_word == holder_word else f"{claim_word} ({holder_word})"


def _claim_line(row: dict, labels: Labels, lookup: dict[str, str]) -> str:
    """'Recaptured (Russia) · Ministry of Defence · 13 Mar 2025 · TASS (B) · B2' for one claim."""
    lang = labels.lang
    day = fmt_date_short(row["date"], lang)
    if pd.notna(row["as_of"]) and row["as_of"] != row["date"]:
        day = t("front_map.claim_as_of", lang, date=day, as_of=fmt_date_short(row["as_of"], lang))
    sources = ", ".join(lookup.get(s, s) for s in row["source_ids"][:2])
    if len(row["source_ids"]) > 2:
        sources += f", +{len(row['source_ids']) - 2}"
    claim = claim_text(row["claim"], row["holder"], labels)
    grade = f"{row['reliability']}{int(row['credibility'])}"
    return " · ".join([claim, labels.actor(row["claimant_id"]), day, sources, grade])


def _lookup(selection: Selection) -> dict[str, str]:
    """source_id -> 'Publisher (B)' for the sources the control claims cite, once per selection."""

    def build() -> dict[str, str]:
        return sourcing.graded_publishers(selection.tables["sources"], selection.control["source_ids"])

    return selection.derived("control_sources", build)


def control_points(selection: Selection, labels: Labels) -> pd.DataFrame:
    """One row per settlement that any control claim in the data names: its state up to the
    selection's last day (neutral before its first claim), colours, size and hover text."""
    return selection.derived(("control_points", labels.lang), lambda: _control_points(selection, labels))


def _control_points(selection: Selection, labels: Labels) -> pd.DataFrame:
    columns = ["location_id", "lon", "lat", "state", "agreed", "colour", "line", "line_width", "radius", "tip"]
    settlements = _settlements(selection)
    claimed_places = set(selection.tables["control"]["location_id"]) if "control" in selection.tables else set()
    places = settlements[settlements["location_id"].isin(claimed_places)]
    # villages first, towns last: where markers overlap (Goncharovka adjoins Sudzha), the town's
    # is drawn on top and is the one a click or hover picks
    places = places.iloc[np.argsort([TOWN_KINDS.get(kind, 0) for kind in places["kind"]], kind="stable")]
    if places.empty:
        return pd.DataFrame(columns=columns)
    latest = latest_by_side(selection.control, _until(selection))
    states = settlement_states(latest).set_index("location_id")
    lookup = _lookup(selection)
    by_place = {loc: group for loc, group in latest.groupby("location_id")}
    rows = []
    for place in places.to_dict("records"):
        loc = place["location_id"]
        state, agreed = ("unclaimed", False)
        if loc in states.index:
            state, agreed = states.loc[loc, "state"], bool(states.loc[loc, "agreed"])
        one_side = not agreed and state not in ("disputed", "unclaimed")
        rows.append(
            {
                "location_id": loc,
                "lon": round(float(place["lon"]), 4),
                "lat": round(float(place["lat"]), 4),
                "state": state,
                "agreed": agreed,
                "colour": hex_to_rgb(STATE_COLOURS[state], 255),
                "line": RIMS["one_side" if one_side else state],
                "line_width": 3 if state == "disputed" else 2,
                "radius": MARKER_RADIUS.get(place["kind"], 7) + (1 if state == "disputed" else 0),
                "tip": _tip(labels.place(loc), state, agreed, by_place.get(loc), labels, lookup),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _tip(name: str, state: str, agreed: bool, claims: pd.DataFrame | None, labels: Labels, lookup) -> str:
    lang = labels.lang
    key = "state_agreed" if agreed else "state"
    lines = [t(f"front_map.{key}", lang, place=name, state=t(f"front_map.state_{state}", lang))]
    by_side = {} if claims is None else {row["side"]: row for row in claims.to_dict("records")}
    for side in SIDES:
        row = by_side.get(side)
        text = _claim_line(row, labels, lookup) if row else t("front_map.no_claim", lang)
        lines.append(f"{t(f'front_map.side_{side}', lang)}: {text}")
    return "\n".join(lines)


def side_claims(selection: Selection, location_id: str, labels: Labels) -> pd.DataFrame:
    """Each side's latest control claim at one place (for the place panel), Russian side first."""
    latest = latest_by_side(selection.control, _until(selection))
    rows = latest[latest["location_id"] == location_id]
    lookup = _lookup(selection)
    lang = labels.lang
    return pd.DataFrame(
        {
            "side": [t(f"front_map.side_{s}", lang) for s in rows["side"]],
            "date": [fmt_date_short(d, lang) for d in claim_day(rows)],
            "claim": [claim_text(c, h, labels) for c, h in zip(rows["claim"], rows["holder"], strict=True)],
            "claimant": [labels.actor(a) for a in rows["claimant_id"]],
            "sources": [", ".join(lookup.get(s, s) for s in ids) for ids in rows["source_ids"]],
            "grade": [f"{r}{int(c)}" for r, c in zip(rows["reliability"], rows["credibility"], strict=True)],
        }
    )


def region_lines(selection: Selection, labels: Labels) -> list[str]:
    """Each side's latest claim about a whole region (e.g. all of Kursk Oblast), as one line each."""
    return selection.derived(("region_lines", labels.lang), lambda: _region_lines(selection, labels))


def _region_lines(selection: Selection, labels: Labels) -> list[str]:
    regions = selection.tables["locations"]
    region_ids = set(regions.loc[regions["kind"].isin(REGION_KINDS), "location_id"])
    control = selection.control
    latest = latest_by_side(control[control["location_id"].isin(region_ids)], _until(selection))
    lookup = _lookup(selection)
    lines = []
    for row in latest.to_dict("records"):
        side = t(f"front_map.side_{row['side']}", labels.lang)
        lines.append(f"{labels.place(row['location_id'])} — {side}: {_claim_line(row, labels, lookup)}")
    return lines
