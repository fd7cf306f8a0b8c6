"""The text a row is searched by: its own texts in both languages, the English and German names of
its place and actors, and the titles of the sources it cites.

So `q=Sudscha` (German) and `q=sudzha` (English) find the same rows, and a search for words of a
headline finds the claims and events that rest on that report.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

SEARCH_COLUMN = "search_text"
OWN_TEXT = {
    "figures": ("note", "note_de"),
    "events": ("title", "title_de", "description", "description_de"),
    "control": ("note", "note_de"),
}
ACTOR_COLUMNS = {"figures": "claimant_id", "events": "actor_ids", "control": "claimant_id"}


def _names(table: pd.DataFrame | None, id_column: str) -> dict[str, str]:
    """id -> "name name_de" (both languages), for the tables that name things."""
    if table is None or table.empty:
        return {}
    german = table["name_de"].fillna("") if "name_de" in table else ""
    return dict(zip(table[id_column], (table["name"].fillna("") + " " + german).str.strip(), strict=True))


def search_text(name: str, frame: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> pd.Series:
    """One case-folded text per row of table `name` to search in (see the module's docstring)."""
    if not len(frame):
        return pd.Series(dtype=str)
    places = _names(tables.get("locations"), "location_id")
    actors = _names(tables.get("actors"), "actor_id")
    sources = tables.get("sources")
    titles = dict(zip(sources["source_id"], sources["title"].fillna(""), strict=True)) if sources is not None else {}
    parts = [frame[column].fillna("").astype(str) for column in OWN_TEXT[name] if column in frame]
    if "location_id" in frame:
        parts.append(frame["location_id"].map(lambda loc: places.get(loc, "")))
    actor_column = frame.get(ACTOR_COLUMNS[name])
    if actor_column is not None:
        parts.append(actor_column.map(lambda ids: _joined(ids, actors)))
    parts.append(frame["source_ids"].map(lambda ids: _joined(ids, titles)))
    text = parts[0]
    for part in parts[1:]:
        text = text + "\n" + part
    return _with_other_names(text.str.casefold(), tables.get("locations"))


def _with_other_names(text: pd.Series, locations: pd.DataFrame | None) -> pd.Series:
    """Where a text names a place in one language, add its name in the other ("Sudzha" -> "Sudscha")."""
    if locations is None or "name_de" not in locations:
        return text
    for name, german in zip(locations["name"].fillna(""), locations["name_de"].fillna(""), strict=True):
        name, german = name.casefold(), german.casefold()
        if not german or name == german:
            continue
        for seen, other in ((name, german), (german, name)):
            found = text.str.contains(seen, regex=False) & ~text.str.contains(other, regex=False)
            if found.any():
                text = text.where(~found, text + "\n" + other)
    return text


def _joined(ids, names: Mapping[str, str]) -> str:
    ids = (ids,) if isinstance(ids, str) else ids
    return "\n".join(names.get(i, "") for i in ids)
