"""Every choice a page offers besides the shared filter, in one table, so that a link reproduces
the whole view.

`CHOICES` holds one row per page control, in the way `filters.FIELDS` holds one row per filter
field: the page (its URL path), the widget's `key` in the session state, the short URL name, what
kind of value it takes, the values it allows and its default. Seeding the widgets from a link,
writing a choice back to the URL, the README's parameter table and the tests that replay a link
are all derived from it: registering a new control is one row.

A choice is written to the URL only when it differs from its default; a value the app does not
know is ignored with the same note as a bad filter value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kursk_monitor.maps import FRAMINGS, LAYERS
from kursk_monitor.schema import METRICS

Tables = Mapping[str, pd.DataFrame]
Ignored = tuple[str, str, str]  # (parameter, value, reason key under `filter.`)
KINDS = ("one", "many", "flag", "date", "number", "text")
TEXT_LIMIT = 80
NONE = "-"  # URL value of a multiple choice with nothing chosen
FLAG_TRUE = ("1", "true", "yes", "on")
FLAG_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class PageChoice:
    """One page control: where it lives, its URL name, its values and its default."""

    page: str  # URL path of the page ("figures", "map", ...)
    key: str  # widget key in the session state
    param: str  # URL parameter
    kind: str  # one of KINDS: how a value is parsed and written
    default: object  # the value a fresh page starts with (None: the page works it out from the data)
    doc: str  # what it is, for the README
    choices: tuple = ()  # allowed values known without data
    data_choices: Callable[[Tables], list[str]] | None = None  # allowed values taken from the data
    low: int = 0  # bounds and step of a number
    high: int = 0
    step: int = 1
    values_doc: str = ""  # how the README names the allowed values, when listing them is too long

    def allowed(self, tables: Tables | None = None) -> list | None:
        """Every value the choice can take (None: any value of its kind)."""
        if self.choices:
            return list(self.choices)
        if self.kind == "number":
            return list(range(self.low, self.high + 1, self.step))
        if self.data_choices is not None and tables is not None:
            return self.data_choices(tables)
        return None

    def parse(self, raw: list[str], tables: Tables | None = None) -> tuple[object, list[Ignored]]:
        """The widget value URL values `raw` stand for; None (with a note) when it is not usable."""
        known = self.allowed(tables)
        if self.kind == "many":
            if [part.strip() for part in raw] == [NONE]:
                return [], []
            good, ignored = [], []
            for item in (part.strip() for value in raw for part in value.split(",")):
                if item and known is not None and item not in known:
                    ignored.append((self.param, item, "reason_unknown"))
                elif item and item not in good:
                    good.append(item)
            return good, ignored
        value = raw[-1].strip() if raw else ""
        parsed = _parse_one(self.kind, value)
        if parsed is None or (known is not None and parsed not in known):
            reason = "reason_bad_date" if self.kind == "date" and parsed is None else "reason_unknown"
            return None, [(self.param, value, reason)]
        return parsed, []

    def to_url(self, value) -> str | list[str] | None:
        """The URL value for a widget value; None for the default or nothing (links stay short)."""
        if value is None or value == self.default or (self.kind == "many" and list(value) == list(self.default)):
            return None
        if self.kind == "many":
            return ",".join(str(v) for v in value) or NONE
        if self.kind == "flag":
            return "1" if value else "0"
        if self.kind == "date":
            return value.isoformat() if isinstance(value, date) else None
        text = str(value).strip()
        return text or None


def _parse_one(kind: str, value: str):
    if kind == "flag":
        lowered = value.lower()
        return True if lowered in FLAG_TRUE else False if lowered in FLAG_FALSE else None
    if kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if kind == "number":
        try:
            return int(value)
        except ValueError:
            return None
    if kind == "text":
        return value[:TEXT_LIMIT] or None
    return value or None


def _ids(table: str, column: str) -> Callable[[Tables], list[str]]:
    def values(tables: Tables) -> list[str]:
        return [str(v) for v in tables[table][column]]

    return values


BRIEF_PICTURES = (
    *(f"{prefix}_{metric}" for metric in METRICS for prefix in ("latest", "over_time")),
    "timeline",
    "map_route",
    "map_kursk",
)

CHOICES: tuple[PageChoice, ...] = (
    PageChoice("figures", "fig_metric", "chart", "one", None, "metric charted (first present metric)", METRICS,
               values_doc="a metric, as for `metric`"),
    PageChoice("figures", "fig_as_of", "asof", "date", None, "latest claims as of this day (the data's as-of date)"),
    PageChoice("figures", "fig_window", "window", "number", 14, "contradiction window in days", low=0, high=90),
    PageChoice("figures", "fig_log", "log", "flag", False, "log scale on both charts"),
    PageChoice("figures", "fig_outlook", "outlook", "flag", True, "forecasts, plans and capabilities shown"),
    PageChoice("figures", "fig_full_weight", "fullweight", "flag", False, "claims graded 5 or 6 at full weight"),
    PageChoice("figures", "fig_same", "sameclaimant", "flag", False, "compare claims of one claimant too"),
    PageChoice("figures", "fig_places", "sameplace", "flag", False, "compare claims about the same place only"),
    PageChoice("figures", "fig_tolerance", "about", "number", 0, "tolerance for 'about' numbers, %",
               low=0, high=25, step=5),
    PageChoice("map", "map_framing", "frame", "one", "kursk", "map framing", FRAMINGS),
    PageChoice("map", "map_layers", "layers", "many", LAYERS, "layers shown (`-` for none)", LAYERS),
    PageChoice("map", "map_step", "weekly", "flag", False, "step through the weeks"),
    PageChoice("map", "map_week", "week", "date", None, "the week shown when stepping (its Monday)"),
    PageChoice("map", "map_place", "at", "one", None, "selected place (location id)",
               data_choices=_ids("locations", "location_id")),
    PageChoice("map", "map_basemap", "basemap", "flag", False, "online basemap"),
    PageChoice("timeline", "tl_lanes", "lanes", "one", "category", "lanes by category or actor", ("category", "actor")),
    PageChoice("timeline", "tl_figures", "overlay", "flag", False, "claims overlay"),
    PageChoice("timeline", "tl_metric", "claims", "one", None, "metric of the claims overlay (first present)",
               METRICS, values_doc="a metric, as for `metric`"),
    PageChoice("timeline", "tl_event", "event", "one", None, "selected event (event id)",
               data_choices=_ids("events", "event_id")),
    PageChoice("briefing", "km_brief_preview", "picture", "one", None, "picture shown in the preview", BRIEF_PICTURES,
               values_doc="`latest_<metric>`, `over_time_<metric>`, `timeline`, `map_route`, `map_kursk`"),
    PageChoice("briefing", "km_classification", "marking", "text", None, "classification line on every picture"),
)  # fmt: skip
CHOICE_BY_PARAM = {row.param: row for row in CHOICES}


def for_page(page: str) -> tuple[PageChoice, ...]:
    """The choices of one page (by URL path), in table order."""
    return tuple(row for row in CHOICES if row.page == page)


def from_query(params: Mapping[str, list[str]], tables: Tables | None = None) -> tuple[dict, list[Ignored]]:
    """Widget values (by key) that URL parameters stand for, and the values that were ignored."""
    values, ignored = {}, []
    for param, raw in params.items():
        row = CHOICE_BY_PARAM.get(param)
        if row is None or not raw:
            continue
        value, problems = row.parse(list(raw), tables)
        ignored.extend(problems)
        if value is not None:
            values[row.key] = value
    return values, ignored


def to_query(page: str, state: Mapping[str, object], defaults: Mapping[str, object] | None = None) -> dict:
    """URL parameters for the choices of `page` held in `state` (by key); defaults are left out."""
    defaults = defaults or {}
    query = {}
    for row in for_page(page):
        value = state.get(row.key)
        if row.key in defaults and value == defaults[row.key]:
            continue
        written = row.to_url(value)
        if written is not None:
            query[row.param] = written
    return query


def parameter_table() -> str:
    """The README's table of page parameters, made from `CHOICES`."""
    lines = ["| page | parameter | values | default | what |", "|---|---|---|---|---|"]
    for row in CHOICES:
        lines.append(f"| {row.page} | `{row.param}` | {_values_text(row)} | {_default_text(row)} | {row.doc} |")
    return "\n".join(lines)


def _values_text(row: PageChoice) -> str:
    if row.values_doc:
        return row.values_doc
    if row.kind == "number":
        return f"{row.low}–{row.high}" + (f", steps of {row.step}" if row.step != 1 else "")
    if row.kind == "flag":
        return "`1` / `0`"
    if row.kind == "date":
        return "YYYY-MM-DD"
    if row.kind == "text":
        return f"text, up to {TEXT_LIMIT} characters"
    if row.choices:
        joined = ", ".join(f"`{v}`" for v in row.choices)
        return f"{joined} (comma-separated)" if row.kind == "many" else joined
    return "an id from the data"


def _default_text(row: PageChoice) -> str:
    if row.default is None:
        return "—"
    if row.kind == "flag":
        return "`1`" if row.default else "`0`"
    if row.kind == "many":
        return "all"
    return f"`{row.default}`"
