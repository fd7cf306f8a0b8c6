"""The text a row is searched by: its own texts in both languages, the English and German names of
its place and actors, and the titles of the sources it cites.

So `q=Sudscha` (German) and `q=sudzha` (English) find the same rows, and a search for words of a
headline finds the claims and events that rest on that report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
    if actor_column is not None:  # an actor's name may name a place ("Governor of Kursk Oblast")
        named.append(_mapped(actor_column, actors, tables.get("locations")))
    return _lines([text, *named])


def _lines(parts: list[pd.Series]) -> pd.Series:
    text = parts[0]
    for part in parts[1:]:
        text = text + "\n" + part
    return text


def _mapped(column: pd.Series, names: Mapping[str, str], locations: pd.DataFrame | None = None) -> pd.Series:
    """Each row's id or tuple of ids replaced by their names, one line each (each distinct value once);
    with `locations`, place names in them get their other language's name too."""
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    joined = pd.Series([_joined(ids, names) for ids in distinct], dtype=object)
    if locations is not None:
        joined = _with_other_names(joined, locations)
    return pd.Series(joined.to_numpy(dtype=object)[codes], index=column.index, dtype=object).astype(str)


KEY_CHARS = 3  # a one-word place name is looked for where a word of the text starts with its first letters
WORD_SPLIT = r"\W+"


def _with_other_names(text: pd.Series, locations: pd.DataFrame | None) -> pd.Series:
    """Where a text names a place in one language, add its name in the other ("Sudzha" -> "Sudscha").

    A one-word name counts where it starts a word of the text ("Sudzha", "Sudzhansky", "Sudschas");
    a name of several words where the text has those words in a row ("Gebiet Kursk"). The texts are
    split into words once and compared with all names in vectorised passes (one per name length),
    so the cost grows with the words in the texts, not with words times places.
    """
    pairs = _name_pairs(locations)
    if not pairs or text.empty:
        return text
    words = pc.split_pattern_regex(pa.array(text.to_numpy(dtype=object), type=pa.large_string()), WORD_SPLIT)
    flat = pc.list_flatten(words)
    rows = pc.list_parent_indices(words).to_numpy()
    named: dict[int, set[str]] = {}  # row -> names (as written in `pairs`) found in it
    for row, name in _one_word_names(text, flat, rows, pairs) + _phrase_names(flat, rows, pairs):
        named.setdefault(row, set()).add(name)
    if not named:
        return text
    other_of = dict(pairs)
    result = text.to_numpy(dtype=object).copy()
    for row, names in named.items():
        value = result[row]
        others = [other_of[name] for name in sorted(names) if other_of[name] not in value]
        if others:
            result[row] = "\n".join((value, *dict.fromkeys(others)))
    return pd.Series(result, index=text.index, dtype=text.dtype)


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(word for word in re.split(WORD_SPLIT, name) if word)


def _one_word_names(text: pd.Series, flat, rows, pairs) -> list[tuple[int, str]]:
    """(row, name) for one-word names that start a word of the row's text."""
    by_key: dict[str, list[str]] = {}
    for seen, _other in pairs:
        if len(_name_words(seen)) == 1:
            by_key.setdefault(seen[:KEY_CHARS], []).append(seen)
    if not by_key or not len(flat):
        return []
    starts = pc.utf8_slice_codeunits(flat, 0, KEY_CHARS)
    hit = pc.is_in(starts, value_set=pa.array(list(by_key), type=pa.large_string())).to_numpy(zero_copy_only=False)
    found = []
    values = text.to_numpy(dtype=object)
    keys = starts.to_numpy(zero_copy_only=False)
    for row, key in dict.fromkeys(zip(rows[hit].tolist(), keys[hit].tolist(), strict=True)):
        found += [(row, name) for name in by_key[key] if name in values[row]]
    return found


def _phrase_names(flat, rows, pairs) -> list[tuple[int, str]]:
    """(row, name) for names of several words found as those words in a row in the row's text."""
    by_length: dict[int, dict[str, str]] = {}  # words -> joined words -> name
    for seen, _other in pairs:
        parts = _name_words(seen)
        if len(parts) > 1:
            by_length.setdefault(len(parts), {})[" ".join(parts)] = seen
    found = []
    for length, phrases in by_length.items():
        count = len(flat) - length + 1
        if count <= 0:
            continue
        grams = pc.binary_join_element_wise(
            *(flat.slice(k, count) for k in range(length)), pa.scalar(" ", pa.large_string())
        )
        same_row = rows[:count] == rows[length - 1 : length - 1 + count]
        hit = (
            pc.is_in(grams, value_set=pa.array(list(phrases), type=pa.large_string())).to_numpy(zero_copy_only=False)
            & same_row
        )
        for row, gram in zip(rows[:count][hit].tolist(), grams.filter(pa.array(hit)).to_pylist(), strict=True):
            found.append((row, phrases[gram]))
    return found


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
