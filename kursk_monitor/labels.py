"""The names shown for one data version in one language, and the claimants' colours and symbols.

`Labels.build(tables, lang)` is made once per data version and language and handed to every
builder, so an actor, place, publisher, metric or category is named the same way on every page,
chart, map, export and filter sentence. German names are used where the data has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from kursk_monitor.i18n import label, normalise_lang, t
from kursk_monitor.markdown_text import md
from kursk_monitor.sourcing import source_ranks
from kursk_monitor.style import OTHER_COLOUR, claimant_styles


@dataclass(frozen=True)
class Labels:
    """Display names by id (actors, places, publishers), vocabulary labels, claimant styles."""

    lang: str
    actors: Mapping[str, str] = field(default_factory=dict)
    places: Mapping[str, str] = field(default_factory=dict)
    publishers: Mapping[str, str] = field(default_factory=dict)  # source_id -> publisher
    styles: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # actor_id -> (colour, symbol)
    countries: Mapping[str, str] = field(default_factory=dict)  # actor_id -> country code (legend order)
    source_ranks: Mapping[str, tuple[bool, int]] = field(default_factory=dict)  # order in a source line

    @classmethod
    def build(cls, tables: Mapping[str, pd.DataFrame], lang: str) -> Labels:
        """The labels of these tables in `lang`; a missing table gives no names."""
        lang = normalise_lang(lang)
        actors = tables.get("actors")
        sources = tables.get("sources")
        has_countries = actors is not None and "country" in actors
        return cls(
            lang=lang,
            actors=names_by_id(actors, "actor_id", lang),
            places=names_by_id(tables.get("locations"), "location_id", lang),
            publishers=dict(zip(sources["source_id"].tolist(), sources["publisher"].tolist(), strict=True))
            if sources is not None
            else {},
            styles=claimant_styles(actors) if has_countries else {},
            countries=dict(zip(actors["actor_id"].tolist(), actors["country"].tolist(), strict=True))
            if has_countries
            else {},
            source_ranks=source_ranks(sources) if sources is not None and "source_type" in sources else {},
        )

    def actor(self, actor_id: str) -> str:
        """The actor's name in this language, or its id."""
        return self.actors.get(actor_id, actor_id)

    def place(self, location_id: str) -> str:
        """The place's name in this language, or its id."""
        return self.places.get(location_id, location_id)

    def publisher(self, source_id: str) -> str:
        """The publisher of a source, or the source id."""
        return self.publishers.get(source_id, source_id)

    def vocab(self, kind: str, value: str) -> str:
        """A vocabulary value's label, e.g. vocab('metric', 'killed') -> 'Killed' / 'Getötete'."""
        return label(kind, value, self.lang)

    def style(self, actor_id: str) -> tuple[str, str]:
        """The claimant's (colour, marker symbol); grey circles for one the data does not know."""
        return self.styles.get(actor_id, (OTHER_COLOUR, "circle"))

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    # Data, link and upload text on its way into Markdown (captions, notes, labels, help texts).
    md = staticmethod(md)

    @cached_property
    def names(self) -> dict[str, str]:
        """Places and actors in one mapping, as the filter sentence names them."""
        return {**self.places, **self.actors}


def names_by_id(frame: pd.DataFrame | None, id_column: str, lang: str) -> dict[str, str]:
    """id -> name, the German `name_de` in German where it is filled."""
    if frame is None or frame.empty:
        return {}
    name = frame["name"].fillna("").astype(str)
    if lang == "de" and "name_de" in frame:
        german = frame["name_de"].fillna("").astype(str)
        name = german.where(german.str.strip() != "", name)
    return dict(zip(frame[id_column].tolist(), name.tolist(), strict=True))  # lists: Arrow columns iterate slowly
