"""The one filter shared by every page: applies to claims, events, movements and control claims,
describes itself in a sentence, and round-trips through URL query parameters.

`FIELDS` holds one row per filter field, in the way datasette keeps one row per filter: its
`ViewFilter` attribute, URL parameter (also the sidebar widget's key and the command-line flag
`--NAME`), how a value is parsed, which widget shows it under which label, and its clause of the
sentence. The URL, the sidebar, seeding from a link, reset and the command-line options are all
derived from it: adding a filter field is one row (and its attribute on `ViewFilter`).

URL parameter names: `from`, `to` (YYYY-MM-DD), `actor` (repeatable; `claimant` is accepted too),
`country`, `metric`, `category`, `place`, `reliability` (A–F), `credibility` (1–6), `q` (text).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from kursk_monitor.i18n import fmt_date_short, label, t
from kursk_monitor.schema import CATEGORIES, CREDIBILITY, METRICS, RELIABILITY

RELIABILITY_RANK = {grade: i for i, grade in enumerate(RELIABILITY)}
TEXT_LIMIT = 200
Ignored = tuple[str, str, str]  # (parameter, value, reason key under `filter.`)


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
            mask &= _any_in(events["actor_ids"], set(self.actors))
        if self.countries:
            mask &= _any_in(events["actor_countries"], set(self.countries))
        if self.locations:
            mask &= events["location_id"].isin(self.locations).to_numpy()
        mask &= self._grade_mask(events)
        if self.text:
            mask &= _contains(events, ("title", "title_de", "description", "description_de"), self.text)
        return mask

    def movement_mask(self, movements: pd.DataFrame) -> np.ndarray:
        """Boolean mask of the movements that pass (date window and grades)."""
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

    # --- describing and the URL -----------------------------------------------------------

    def describe(self, lang: str, subject: str = "claims", names: Mapping[str, str] | None = None) -> str:
        """A plain sentence: 'Claims by X and Y on troops in Kursk Oblast, 1 Oct 2024 – 30 Nov 2024, …'."""
        names = names or {}
        parts = [t(f"filter.describe_{subject}", lang)]
        extras = []
        for row in FIELDS:
            text = row.clause(self, lang, subject, names)
            if text:
                (extras if row.trailing else parts).append(text)
        return ", ".join([t("filter.describe_join", lang).join(parts), *extras])

    def to_query(self) -> dict[str, str | list[str]]:
        """Query parameters for this filter; defaults are left out to keep links short."""
        query: dict[str, str | list[str]] = {}
        for row in FIELDS:
            value = row.to_url(getattr(self, row.attr))
            if value:
                query[row.param] = value
        return query


# --- the fields -------------------------------------------------------------------------------

Tables = Mapping[str, pd.DataFrame]
ALL_SUBJECTS = ("claims", "events", "data")
WIDGETS = {"date": "date_input", "list": "multiselect", "grade": "selectbox", "text": "text_input"}


@dataclass(frozen=True)
class FilterField:
    """One filter field: where it lives in `ViewFilter`, the URL, the sidebar and the sentence."""

    attr: str  # ViewFilter attribute
    param: str  # URL parameter, sidebar widget key and command-line flag (--param)
    kind: str  # date | list | grade | text: how values are parsed, written and shown (WIDGETS)
    label_key: str  # i18n key of the widget label
    help: str  # command-line help
    named_as: str = ""  # how a value is named: "actor"/"place" (data names) or a vocabulary kind
    choices: tuple[str, ...] = ()  # allowed values known without data (schema vocabulary)
    data_choices: Callable[[Tables], list[str]] | None = None  # allowed values taken from the data
    aliases: tuple[str, ...] = ()  # other URL names accepted
    sentence: str = ""  # i18n key of its clause of the sentence ("" = none)
    sentence_events: str = ""  # the clause when the sentence is about events, if it differs
    subjects: tuple[str, ...] = ALL_SUBJECTS  # sentences that mention it
    lower: bool = False  # vocabulary names read in lower case inside an English sentence

    @property
    def default(self):
        """The value that means \"not narrowed\" (as in `ViewFilter()`)."""
        return getattr(ViewFilter(), self.attr)

    @property
    def widget(self) -> str:
        """The Streamlit widget that shows this field in the sidebar."""
        return WIDGETS[self.kind]

    @property
    def trailing(self) -> bool:
        """Whether the clause follows the subject after a comma ("…, all dates, credibility 2 or better")."""
        return self.kind != "list"

    def allowed(self, tables: Tables | None = None) -> list[str] | None:
        """Every value the field can take (None: any value, as for dates and text)."""
        if self.choices:
            return list(self.choices)
        if self.data_choices is not None and tables is not None:
            return self.data_choices(tables)
        return None

    def parse(self, raw: list[str], known: Iterable[str] | None) -> tuple[object, list[Ignored]]:
        """The value of this field given by URL values `raw`; None when nothing usable was given."""
        known = set(self.choices) if self.choices else (set(known) if known is not None else None)
        if self.kind == "list":
            good: list[str] = []
            ignored = []
            for item in (part.strip() for value in raw for part in value.split(",")):
                if not item:
                    continue
                if known is not None and item not in known:
                    ignored.append((self.param, item, "reason_unknown"))
                elif item not in good:
                    good.append(item)
            return tuple(good), ignored
        value = raw[-1]
        if self.kind == "date":
            try:
                return date.fromisoformat(value), []
            except (TypeError, ValueError):
                return None, [(self.param, value, "reason_bad_date")]
        if self.kind == "text":
            return value[:TEXT_LIMIT].strip(), []
        value = value.upper() if self.attr == "min_reliability" else value
        if value not in known:
            return None, [(self.param, value, "reason_unknown")]
        return type(self.default)(value), []

    def to_url(self, value) -> str | list[str] | None:
        """The URL value for `value`; None for the default (links stay short)."""
        if value == self.default or value is None:
            return None
        if self.kind == "list":
            return list(value)
        return value.isoformat() if self.kind == "date" else str(value)

    def to_widget(self, value):
        """The widget state that shows `value` (grades are shown as their text)."""
        if self.kind == "list":
            return list(value)
        return str(value) if self.kind == "grade" else value

    def from_widget(self, state, bound: date | None = None):
        """The filter value a widget holds; a date at the data's own bound means "open"."""
        if self.kind == "list":
            return tuple(state or ())
        if self.kind == "date":
            return state if isinstance(state, date) and state != bound else None
        if self.kind == "text":
            return (state or "").strip()
        return type(self.default)(state) if state not in (None, "") else self.default

    def clause(self, view: ViewFilter, lang: str, subject: str, names: Mapping[str, str]) -> str:
        """This field's part of the sentence describing `view`; "" when it adds nothing."""
        value = getattr(view, self.attr)
        if not self.sentence or subject not in self.subjects:
            return ""
        if self.kind == "date":
            return _window(view, lang)
        if value == self.default:
            return ""
        if self.kind == "list":
            shown = [value_name(self.named_as, v, lang, names) for v in value]
            what = _join([_in_sentence(s, lang) if self.lower else s for s in shown], lang)
            return t(
                self.sentence_events if self.sentence_events and subject == "events" else self.sentence, lang, what=what
            )
        return t(self.sentence, lang, value=value)


def _window(view: ViewFilter, lang: str) -> str:
    start = fmt_date_short(view.date_from, lang) if view.date_from else ""
    end = fmt_date_short(view.date_to, lang) if view.date_to else ""
    if start and end:
        return t("filter.describe_window", lang, start=start, end=end)
    if start:
        return t("filter.describe_since", lang, start=start)
    if end:
        return t("filter.describe_until", lang, end=end)
    return t("filter.describe_all", lang)


def _column(table: str, column: str, distinct: bool = False) -> Callable[[Tables], list[str]]:
    def values(tables: Tables) -> list[str]:
        found = tables[table][column]
        return sorted(set(found) - {""}) if distinct else list(found)  # an anonymous claimant may name no country

    return values


FIELDS: tuple[FilterField, ...] = (
    FilterField("date_from", "from", "date", "filter.date_from", "first day, YYYY-MM-DD", sentence="window"),
    FilterField("date_to", "to", "date", "filter.date_to", "last day, YYYY-MM-DD"),
    FilterField(
        "actors", "actor", "list", "filter.actors", "actor id (repeatable)", "actor",
        data_choices=_column("actors", "actor_id"), aliases=("claimant",),
        sentence="filter.describe_by", sentence_events="filter.describe_by_events",
    ),
    FilterField(
        "countries", "country", "list", "filter.countries", "country code (repeatable)", "country",
        data_choices=_column("actors", "country", distinct=True), sentence="filter.describe_from_countries",
    ),
    FilterField(
        "metrics", "metric", "list", "filter.metrics", "metric (repeatable)", "metric", choices=METRICS,
        sentence="filter.describe_on", subjects=("claims", "data"), lower=True,
    ),
    FilterField(
        "categories", "category", "list", "filter.categories", "event category (repeatable)", "category",
        choices=CATEGORIES, sentence="filter.describe_in", subjects=("events", "data"), lower=True,
    ),
    FilterField(
        "locations", "place", "list", "filter.places", "location id (repeatable)", "place",
        data_choices=_column("locations", "location_id"), sentence="filter.describe_at",
    ),
    FilterField(
        "min_reliability", "reliability", "grade", "filter.min_reliability", "minimum source reliability, A–F",
        "reliability", choices=RELIABILITY, sentence="filter.describe_reliability",
    ),
    FilterField(
        "min_credibility", "credibility", "grade", "filter.min_credibility", "minimum claim credibility, 1–6",
        "credibility", choices=CREDIBILITY, sentence="filter.describe_credibility",
    ),
    FilterField("text", "q", "text", "filter.text", "text search", sentence="filter.describe_text"),
)  # fmt: skip
FIELD_BY_PARAM = {name: row for row in FIELDS for name in (row.param, *row.aliases)}


def field_for(param: str) -> FilterField:
    """The field a URL parameter (or one of its aliases) belongs to."""
    return FIELD_BY_PARAM[param]


def value_name(kind: str, value: str, lang: str, names: Mapping[str, str]) -> str:
    """How a filter value is shown: a data name for actors and places, else its vocabulary label."""
    if kind in ("actor", "place"):
        return names.get(value, value)
    return label(kind, value, lang)


def known_values(tables: Tables) -> dict[str, set[str]]:
    """The values each data-dependent field can take in these tables (actor, country, place)."""
    return {row.param: set(row.data_choices(tables)) for row in FIELDS if row.data_choices is not None}


# --- reading a filter -------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    """A filter read from a URL, and the values that were ignored, with reasons."""

    filter: ViewFilter
    ignored: list[Ignored] = field(default_factory=list)


def from_query(params: Mapping[str, object], known: Mapping[str, Iterable[str]] | None = None) -> ParsedQuery:
    """Read a filter from query parameters; bad values are ignored and listed, never raised.

    `known` maps a URL name (actor, country, place) to its valid values; metrics, categories and
    grades are checked against the schema.
    """
    known = known or {}
    values: dict[str, object] = {}
    ignored: list[Ignored] = []
    for raw_name, raw_value in params.items():
        row = FIELD_BY_PARAM.get(raw_name)
        raw = _as_list(raw_value)
        if row is None or not raw:
            continue
        value, problems = row.parse(raw, known.get(row.param))
        ignored.extend((raw_name, item, reason) for _param, item, reason in problems)
        if row.kind == "list":
            values[row.attr] = tuple(dict.fromkeys((*values.get(row.attr, ()), *value)))
        elif value is not None:
            values[row.attr] = value
    view, window_problems = checked_window(ViewFilter(**values))
    return ParsedQuery(view, ignored + window_problems)


def from_widgets(state: Mapping[str, object], bounds: tuple[date, date]) -> ParsedQuery:
    """The filter the sidebar widgets hold (keyed by URL name), checked like a link."""
    bound = {"date_from": bounds[0], "date_to": bounds[1]}
    values = {row.attr: row.from_widget(state.get(row.param), bound.get(row.attr)) for row in FIELDS}
    view, ignored = checked_window(ViewFilter(**values))
    return ParsedQuery(view, ignored)


def checked_window(view: ViewFilter) -> tuple[ViewFilter, list[Ignored]]:
    """A window whose start is after its end is ignored, with a note (from a link or the sidebar)."""
    if view.date_from and view.date_to and view.date_from > view.date_to:
        return replace(view, date_from=None, date_to=None), [
            ("from", view.date_from.isoformat(), "reason_from_after_to")
        ]
    return view, []


def _as_list(value) -> list[str]:
    values = value if isinstance(value, list | tuple) else [value]
    return [str(v).strip() for v in values if v is not None]


# --- helpers ----------------------------------------------------------------------------------


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
    if "search_text" in frame:  # names, titles and source titles in both languages (search_text.py)
        return frame["search_text"].str.contains(needle, regex=False).to_numpy(dtype=bool)
    mask = np.zeros(len(frame), dtype=bool)
    for column in columns:
        if column in frame:
            mask |= frame[column].astype(str).str.casefold().str.contains(needle, regex=False).to_numpy()
    return mask
