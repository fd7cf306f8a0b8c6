"""What one view shows: the shared filter applied once to the claims, events and movements of one
data version, with the sources they cite.

`select(tables, view)` (or `Dataset.select(view)`) is the only place the filter is applied; every
chart, map, table, export and footer reads the `Selection` it returns. A table the filter should
narrow is one entry in `FILTERED` (a name and its mask); the selection then holds it in `frames`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pandas as pd

from kursk_monitor.filters import ViewFilter

# table name -> the rows of that table the filter keeps
FILTERED: dict[str, Callable[[ViewFilter, pd.DataFrame], np.ndarray]] = {
    "figures": ViewFilter.figure_mask,
    "events": ViewFilter.event_mask,
    "movements": ViewFilter.movement_mask,
    "control": ViewFilter.control_mask,
}


@dataclass(frozen=True, eq=False)
class Selection:
    """The filtered tables of one view, the whole data they come from, and the data's as-of date."""

    view: ViewFilter
    tables: Mapping[str, pd.DataFrame]  # the whole data: sources, actors and places are looked up here
    frames: Mapping[str, pd.DataFrame]  # the filtered tables, one per entry of FILTERED
    as_of: pd.Timestamp | None = None
    _derived: dict = field(default_factory=dict, repr=False)

    @property
    def figures(self) -> pd.DataFrame:
        return self.frames["figures"]

    @property
    def events(self) -> pd.DataFrame:
        return self.frames["events"]

    @property
    def movements(self) -> pd.DataFrame:
        return self.frames["movements"]

    @property
    def control(self) -> pd.DataFrame:
        return self.frames["control"]

    def cited(self, *names: str, placed: bool = False) -> list[str]:
        """Source ids cited by the named frames (all of them by default), first cited first.

        With `placed`, claims and events that name no place are left out (what a map shows).
        """
        key = ("cited", names, placed)
        return self.derived(key, lambda: _cited(self, names or tuple(self.frames), placed))

    @property
    def sources(self) -> pd.DataFrame:
        """The rows of the sources table this selection cites."""
        sources = self.tables["sources"]
        return sources[sources["source_id"].isin(self.cited())]

    def derived(self, key: Hashable, build: Callable[[], object]):
        """A value computed from this selection once (e.g. a map layer's rows), then reused."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def narrowed(self, view: ViewFilter) -> Selection:
        """The selection of another view of the same data (e.g. the filter cut at one week)."""
        return select(self.tables, view, self.as_of)


def select(tables: Mapping[str, pd.DataFrame], view: ViewFilter, as_of: pd.Timestamp | None = None) -> Selection:
    """Apply `view` to every filtered table once."""
    frames = {name: tables[name][mask(view, tables[name])] for name, mask in FILTERED.items() if name in tables}
    return Selection(view, tables, frames, as_of)


def _cited(selection: Selection, names: tuple[str, ...], placed: bool) -> list[str]:
    lists = []
    for name in names:
        frame = selection.frames[name]
        if placed and "location_id" in frame:
            frame = frame[frame["location_id"] != ""]
        lists.append(frame["source_ids"].drop_duplicates())
    return list(dict.fromkeys(chain.from_iterable(chain.from_iterable(lists))))
