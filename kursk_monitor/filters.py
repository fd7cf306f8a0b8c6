"""The one filter shared by every page: applies to claims, events, movements and control claims,
describes itself in a sentence, and round-trips through URL query parameters.

URL parameter names: `from`, `to` (YYYY-MM-DD), `actor` (repeatable; `claimant` is accepted too),
`country`, `metric`, `category`, `place`, `reliability` (A–F), `credibility` (1–6), `q` (text).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import date

import numpy as np
import pandas as pd

from kursk_monitor.i18n import fmt_date_short, label, t
from kursk_monitor.schema import CATEGORIES, CREDIBILITY, METRICS, RELIABILITY

RELIABILITY_RANK = {grade: i for i, grade in enumerate(RELIABILITY)}


@dataclass(frozen=True)
class ViewFilter:
    """What the analyst narrowed the view to. Empty tuples mean "all"."""

    date_from: date | None = None
    date_to: date | None = None
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    min_reliability: str = "F"  # include sources graded this or better
    min_credibility: int = 6  # include claims graded this or better
    text: str = ""

    def is_empty(self) -> bool:
        return self == ViewFilter()

    # --- applying -------------------------------------------------------------------------

    def figure_mask(self, figures: pd.DataFrame) -> np.ndarray:
        """Boolean mask of the claims that pass."""
        mask = self._window_mask(figures["claimed_on"], None)
        if self.metrics:
            mask &= figures["metric"].isin(self.metrics).to_numpy()
        if self.actors:
            mask &= figures["claimant_id"].isin(self.actors).to_numpy()
        if self.countries:
            mask &= figures["claimant_country"].isin(self.countries).to_numpy()
        if self.locations:
            mask &= figures["location_id"].isin(self.locations).to_numpy()
        mask &= self._grade_mask(figures)
        if self.text:
            mask &= _contains(figures, ("note", "note_de"), self.text)
        return mask

    def event_mask(self, events: pd.DataFrame) -> np.ndarray:
        """Boolean mask of the events that pass (periods pass when they overlap the window)."""
        mask = self._window_mask(events["date"], _period_end(events))
        if self.categories:
            mask &= events["category"].isin(self.categories).to_numpy()
        if self.actors:
            wanted = set(self.actors)
            mask &= _any_in(events["actor_ids"], wanted)
        if self.countries:
            wanted = set(self.countries)
            mask &= _any_in(events["actor_countries"], wanted)
        if self.locations:
            mask &= events["location_id"].isin(self.locations).to_numpy()
        mask &= self._grade_mask(events)
        if self.text:
            mask &= _contains(events, ("title", "title_de", "description", "description_de"), self.text)
        return mask

    def movement_mask(self, movements: pd.DataFrame) -> np.ndarray:
        mask = self._window_mask(movements["date"], _period_end(movements))
        mask &= self._grade_mask(movements)
        return mask

    def control_mask(self, control: pd.DataFrame) -> np.ndarray:
        """Boolean mask of the control claims that pass (claimant, country, place, window, grades)."""
        mask = self._window_mask(control["date"], None)
        if self.actors:
            mask &= control["claimant_id"].isin(self.actors).to_numpy()
        if self.countries:
            mask &= control["claimant_country"].isin(self.countries).to_numpy()
        if self.locations:
            mask &= control["location_id"].isin(self.locations).to_numpy()
        mask &= self._grade_mask(control)
        if self.text:
            mask &= _contains(control, ("note", "note_de"), self.text)
        return mask

    def apply_figures(self, figures: pd.DataFrame) -> pd.DataFrame:
        return figures[self.figure_mask(figures)]

    def apply_events(self, events: pd.DataFrame) -> pd.DataFrame:
        return events[self.event_mask(events)]

    def apply_movements(self, movements: pd.DataFrame) -> pd.DataFrame:
        return movements[self.movement_mask(movements)]

    def apply_control(self, control: pd.DataFrame) -> pd.DataFrame:
        return control[self.control_mask(control)]

    def _window_mask(self, start: pd.Series, end: pd.Series | None) -> np.ndarray:
        mask = np.ones(len(start), dtype=bool)
        last = start if end is None else end.fillna(start)
        if self.date_from is not None:
            mask &= (last >= pd.Timestamp(self.date_from)).to_numpy()
        if self.date_to is not None:
            mask &= (start <= pd.Timestamp(self.date_to)).to_numpy()
        return mask

    def _grade_mask(self, frame: pd.DataFrame) -> np.ndarray:
        mask = np.ones(len(frame), dtype=bool)
        if self.min_reliability != "F":
            allowed = RELIABILITY[: RELIABILITY_RANK[self.min_reliability] + 1]
            mask &= frame["reliability"].isin(allowed).to_numpy()
        if self.min_credibility < 6:
            mask &= (frame["credibility"] <= self.min_credibility).to_numpy()
        return mask

    # --- describing -----------------------------------------------------------------------

    def describe(self, lang: str, subject: str = "claims", names: dict[str, str] | None = None) -> str:
        """A plain sentence: 'Claims by X and Y on troops in Kursk Oblast, 1 Oct 2024 – 30 Nov 2024, …'."""
        names = names or {}
        parts = [t(f"filter.describe_{subject}", lang)]
        if self.actors:
            key = "filter.describe_by_events" if subject == "events" else "filter.describe_by"
            parts.append(t(key, lang, who=_join([names.get(a, a) for a in self.actors], lang)))
        if self.countries:
            what = _join([label("country", c, lang) for c in self.countries], lang)
            parts.append(t("filter.describe_from_countries", lang, what=what))
        if self.metrics and subject in ("claims", "data"):
            what = _join([_in_sentence(label("metric", m, lang), lang) for m in self.metrics], lang)
            parts.append(t("filter.describe_on", lang, what=what))
        if self.categories and subject in ("events", "data"):
            what = _join([_in_sentence(label("category", c, lang), lang) for c in self.categories], lang)
            parts.append(t("filter.describe_in", lang, what=what))
        if self.locations:
            parts.append(t("filter.describe_at", lang, what=_join([names.get(p, p) for p in self.locations], lang)))
        sentence = t("filter.describe_join", lang).join(parts)
        extras = [self._describe_window(lang)]
        if self.min_reliability != "F":
            extras.append(t("filter.describe_reliability", lang, grade=self.min_reliability))
        if self.min_credibility < 6:
            extras.append(t("filter.describe_credibility", lang, grade=self.min_credibility))
        if self.text:
            extras.append(t("filter.describe_text", lang, text=self.text))
        return ", ".join([sentence, *extras])

    def _describe_window(self, lang: str) -> str:
        start = fmt_date_short(self.date_from, lang) if self.date_from else ""
        end = fmt_date_short(self.date_to, lang) if self.date_to else ""
        if start and end:
            return t("filter.describe_window", lang, start=start, end=end)
        if start:
            return t("filter.describe_since", lang, start=start)
        if end:
            return t("filter.describe_until", lang, end=end)
        return t("filter.describe_all", lang)

    # --- URL ------------------------------------------------------------------------------

    def to_query(self) -> dict[str, str | list[str]]:
        """Query parameters for this filter; defaults are left out to keep links short."""
        query: dict[str, str | list[str]] = {}
        if self.date_from:
            query["from"] = self.date_from.isoformat()
        if self.date_to:
            query["to"] = self.date_to.isoformat()
        for name, attr in URL_LISTS.items():
            values = getattr(self, attr)
            if values:
                query[name] = list(values)
        if self.min_reliability != "F":
            query["reliability"] = self.min_reliability
        if self.min_credibility < 6:
            query["credibility"] = str(self.min_credibility)
        if self.text:
            query["q"] = self.text
        return query


URL_LISTS = {
    "actor": "actors",
    "country": "countries",
    "metric": "metrics",
    "category": "categories",
    "place": "locations",
}
URL_ALIASES = {"claimant": "actor"}


@dataclass
class ParsedQuery:
    """A filter read from a URL, and the values that were ignored, with reasons."""

    filter: ViewFilter
    ignored: list[tuple[str, str, str]] = field(default_factory=list)  # (param, value, reason key)


def from_query(
    params: dict[str, str | list[str]],
    known: dict[str, set[str]] | None = None,
) -> ParsedQuery:
    """Read a filter from query parameters; bad values are ignored and listed, never raised.

    `known` maps a URL list name (actor, country, place) to its valid values; metrics and
    categories are checked against the schema.
    """
    known = dict(known or {})
    known.setdefault("metric", set(METRICS))
    known.setdefault("category", set(CATEGORIES))
    ignored: list[tuple[str, str, str]] = []
    values: dict = {}

    def as_list(value) -> list[str]:
        return [str(v).strip() for v in (value if isinstance(value, list | tuple) else [value]) if v is not None]

    for raw_name, raw_value in params.items():
        name = URL_ALIASES.get(raw_name, raw_name)
        if not as_list(raw_value):
            continue
        if name in ("from", "to"):
            value = as_list(raw_value)[-1]
            try:
                values["date_from" if name == "from" else "date_to"] = date.fromisoformat(value)
            except (TypeError, ValueError):
                ignored.append((raw_name, value, "reason_bad_date"))
        elif name in URL_LISTS:
            good = []
            for value in as_list(raw_value):
                for item in str(value).split(","):
                    item = item.strip()
                    if not item:
                        continue
                    if name in known and item not in known[name]:
                        ignored.append((raw_name, item, "reason_unknown"))
                    elif item not in good:
                        good.append(item)
            values[URL_LISTS[name]] = tuple(values.get(URL_LISTS[name], ())) + tuple(good)
        elif name == "reliability":
            value = as_list(raw_value)[-1].upper()
            if value in RELIABILITY:
                values["min_reliability"] = value
            else:
                ignored.append((raw_name, value, "reason_unknown"))
        elif name == "credibility":
            value = as_list(raw_value)[-1]
            if value in CREDIBILITY:
                values["min_credibility"] = int(value)
            else:
                ignored.append((raw_name, value, "reason_unknown"))
        elif name == "q":
            values["text"] = as_list(raw_value)[-1][:200].strip()
    view = ViewFilter(**values)
    if view.date_from and view.date_to and view.date_from > view.date_to:
        ignored.append(("from", view.date_from.isoformat(), "reason_from_after_to"))
        view = replace(view, date_from=None, date_to=None)
    return ParsedQuery(view, ignored)


FILTER_FIELDS = tuple(f.name for f in fields(ViewFilter))


def _period_end(frame: pd.DataFrame) -> pd.Series | None:
    """The last day each row covers (week and month precision widen a single date)."""
    if "period_end" in frame:
        return frame["period_end"]
    return frame.get("end_date")


def _in_sentence(text: str, lang: str) -> str:
    """A label as it reads inside an English sentence ("Troops in Kursk Oblast" -> "troops in
    Kursk Oblast"); German nouns keep their capital."""
    if lang == "en" and text[:1].isupper() and not text[1:2].isupper():
        return text[0].lower() + text[1:]
    return text


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('filter.and', lang)} {items[-1]}"


def _any_in(lists: pd.Series, wanted: set[str]) -> np.ndarray:
    cache: dict[tuple, bool] = {}

    def hit(ids: tuple) -> bool:
        found = cache.get(ids)
        if found is None:
            found = cache[ids] = not wanted.isdisjoint(ids)
        return found

    return np.fromiter((hit(ids) for ids in lists), dtype=bool, count=len(lists))


def _contains(frame: pd.DataFrame, columns: tuple[str, ...], text: str) -> np.ndarray:
    # NFC so that an "ü" typed as u + combining diaeresis still finds the composed "ü" in the data
    needle = unicodedata.normalize("NFC", text).casefold()
    mask = np.zeros(len(frame), dtype=bool)
    for column in columns:
        if column in frame:
            mask |= frame[column].astype(str).str.casefold().str.contains(needle, regex=False).to_numpy()
    return mask
