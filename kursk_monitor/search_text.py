"""The text a row is searched by: its own texts in both languages, the English and German names of
its place and actors, and the titles of the sources it cites.

So `q=Sudscha` (German) and `q=sudzha` (English) find the same rows, and a search for words of a
headline finds the claims and events that rest on that report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SEARCH_COLUMN = "search_text"
OWN_TEXT = {
    "figures": ("note", "note_de"),
    "events": ("title", "title_de", "description", "description_de"),
    "control": ("note", "note_de"),
}
ACTOR_COLUMNS = {"figures": "claimant_id", "events": "actor_ids", "control": "claimant_id"}


def _names(table: pd.DataFrame | None, id_column: str) -> dict[str, str]:
    """id -> "name name_de" (both languages, case-folded), for the tables that name things."""
    if table is None or table.empty:
        return {}
    german = table["name_de"].fillna("") if "name_de" in table else ""
    return dict(
        zip(table[id_column], (table["name"].fillna("") + " " + german).str.strip().str.casefold(), strict=True)
    )


def search_text(name: str, frame: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> pd.Series:
    """One case-folded text per row of table `name` to search in (see the module's docstring)."""
    if not len(frame):
        return pd.Series(dtype=str)
    places = _names(tables.get("locations"), "location_id")
    actors = _names(tables.get("actors"), "actor_id")
    sources = tables.get("sources")
    titles = dict(zip(sources["source_id"], sources["title"].fillna(""), strict=True)) if sources is not None else {}
    # texts that may name a place in one language only: the row's own and its sources' titles
    written = [frame[column].fillna("").astype(str) for column in OWN_TEXT[name] if column in frame]
    written.append(_mapped(frame["source_ids"], titles))
    text = _with_other_names(_lines(written).str.casefold(), tables.get("locations"))
    # names the tables give in both languages already
    named = []
    if "location_id" in frame:
        named.append(_mapped(frame["location_id"], places))
    actor_column = frame.get(ACTOR_COLUMNS[name])
    if actor_column is not None:
        named.append(_mapped(actor_column, actors))
    return _lines([text, *named])


def _lines(parts: list[pd.Series]) -> pd.Series:
    text = parts[0]
    for part in parts[1:]:
        text = text + "\n" + part
    return text


def _mapped(column: pd.Series, names: Mapping[str, str]) -> pd.Series:
    """Each row's id or tuple of ids replaced by their names, one line each (each distinct value once)."""
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    joined = np.array([_joined(ids, names) for ids in distinct], dtype=object)
    return pd.Series(joined[codes], index=column.index, dtype=object).astype(str)


def _with_other_names(text: pd.Series, locations: pd.DataFrame | None) -> pd.Series:
    """Where a text names a place in one language, add its name in the other ("Sudzha" -> "Sudscha").

    One vectorised pass finds the rows that name any place; only those are looked at name by name.
    """
    pairs = _name_pairs(locations)
    if not pairs or text.empty:
        return text
    pattern = "|".join(re.escape(name) for name in sorted({seen for seen, _other in pairs}, key=len, reverse=True))
    values = pa.array(text.to_numpy(dtype=object), type=pa.large_string())
    naming = pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)
    if not naming.any():
        return text
    result = text.to_numpy(dtype=object).copy()
    for position in np.flatnonzero(naming):
        value = result[position]
        others = [other for seen, other in pairs if seen in value and other not in value]
        if others:
            result[position] = "\n".join((value, *dict.fromkeys(others)))
    return pd.Series(result, index=text.index, dtype=text.dtype)


def _name_pairs(locations: pd.DataFrame | None) -> list[tuple[str, str]]:
    """(name in one language, name in the other), case-folded, both ways, for places named differently."""
    if locations is None or "name_de" not in locations:
        return []
    pairs = []
    for name, german in zip(locations["name"].fillna(""), locations["name_de"].fillna(""), strict=True):
        name, german = name.casefold(), german.casefold()
        if name and german and name != german:
            pairs += [(name, german), (german, name)]
    return pairs


def _joined(ids, names: Mapping[str, str]) -> str:
    ids = (ids,) if isinstance(ids, str) else ids
    return "\n".join(names.get(i, "") for i in ids)
