"""What every page shares: the language, the data, the one filter in the sidebar, and the caches
that make each of them once: the data per version, the `Labels` per version and language, and the
`Selection` per version and filter.

Every filter widget is derived from `kursk_monitor.filters.FIELDS` and bound to the URL query
parameter of the same name, so the URL holds the view. The frame around a page (page config,
language, navigation, this sidebar) is drawn by `kursk_monitor_ui.app`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd
import streamlit as st

from kursk_monitor import export, i18n, table_cache
from kursk_monitor.chart_frame import as_of_line
from kursk_monitor.dataset import Dataset, data_dir, load_dataset
from kursk_monitor.filters import FIELDS, FilterField, ViewFilter, from_query, from_widgets, known_values, value_name
from kursk_monitor.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from kursk_monitor.labels import Labels
from kursk_monitor.schema import TABLES
from kursk_monitor.selection import Selection
from kursk_monitor_ui import page_state

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}
# Date fields in the language's order (Streamlit offers day/month/year orders, not month names).
DATE_FIELD_FORMAT = {"en": "YYYY-MM-DD", "de": "DD.MM.YYYY"}
DATA_DIR_STATE = "km_data_dir"  # session key: a folder of the analyst's own data, if loaded
OWN_ROWS = "km_own_rows"  # session key: (folder, mode, {table: ids}) of the analyst's uploaded rows
_current = threading.local()


@dataclass
class Context:
    """Everything a page needs for one run: language, filter, data, names, and the filtered rows."""

    lang: str
    filter: ViewFilter
    data: Dataset
    labels: Labels
    key: tuple[str, tuple]  # the data version (`data_key`); page caches take it as an argument

    @cached_property
    def selection(self) -> Selection:
        """The rows the shared filter shows, filtered once per view and data version."""
        return self.select(self.filter)

    def select(self, view: ViewFilter) -> Selection:
        """The rows another view of the same data shows (e.g. the filter cut at one week)."""
        return _selection(self.data, self.key, view)

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def as_of_text(self) -> str:
        return as_of_line(self.data.as_of(), self.lang)

    def describe(self, subject: str = "claims") -> str:
        """The filter sentence, inert in Markdown (it holds data names and the typed search)."""
        return self.labels.md(self.filter.describe(self.lang, subject, self.labels.names))


# --- cached per data version ------------------------------------------------------------------


def _signature(directory: Path) -> tuple:
    """Changes whenever a data file changes, so the cache reloads edited files."""
    parts = []
    for spec in TABLES:
        path = directory / spec.filename
        try:
            stat = path.stat()
            parts.append((spec.filename, stat.st_mtime_ns, stat.st_size))
        except OSError:
            parts.append((spec.filename, None, None))
    return tuple(parts)


# cache_resource: one shared, read-only object per key; nothing changes a Dataset, Labels or
# Selection after it is made. Arguments with a leading underscore are not hashed: the data key
# next to them stands for them.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load(directory: str, signature: tuple) -> Dataset:
    # Only the configured folder goes through the on-disk cache: an upload lives for one session
    # and must not outlive it in a cache folder.
    if Path(directory) == data_dir():
        return table_cache.load(Path(directory))
    return load_dataset(Path(directory))


@st.cache_resource(show_spinner=False, max_entries=8)
def _labels(_data: Dataset, data_key: tuple, lang: str) -> Labels:
    return Labels.build(_data.tables, lang)


@st.cache_resource(show_spinner=False, max_entries=16)
def _selection(_data: Dataset, data_key: tuple, view: ViewFilter) -> Selection:
    return _data.select(view)


def data_key(data: Dataset) -> tuple[str, tuple]:
    """Identifies one version of the loaded data; page caches take it as an argument."""
    return str(data.directory), _signature(data.directory)


def current_dataset() -> Dataset:
    """The analyst's uploaded data if loaded this session, else `$KURSK_MONITOR_DATA` or data/."""
    directory = Path(st.session_state.get(DATA_DIR_STATE) or data_dir())
    return _load(str(directory), _signature(directory))


# --- the language and the filter, mirrored in the URL -------------------------------------------


SEEDED = "km_seeded_from_url"
NOTES = "km_url_notes"  # values from the link that were ignored, shown in the sidebar


def _seed_from_url() -> None:
    """On the first run of a session, copy the URL's view into the widget state.

    Values the app does not know are left out and listed in the sidebar, never raised.
    """
    if st.session_state.get(SEEDED):
        return
    st.session_state[SEEDED] = True
    notes = st.session_state.setdefault(NOTES, [])
    raw_lang = st.query_params.get("lang")
    if raw_lang is not None:
        if raw_lang in LANGUAGES:
            st.session_state["lang"] = raw_lang
        else:
            notes.append(("lang", raw_lang, "reason_unknown"))
    data = current_dataset()
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    parsed = from_query(params, known=known_values(data.tables))
    notes.extend(parsed.ignored)
    page_state.seed(params, data.tables, notes)
    for row in FIELDS:
        value = getattr(parsed.filter, row.attr)
        if value != row.default:
            st.session_state[row.param] = row.to_widget(value)


def _write_url(lang: str, view: ViewFilter) -> None:
    """Mirror language and filter into the URL, leaving other parameters alone."""
    wanted = view.to_query()
    if lang != DEFAULT_LANGUAGE:
        wanted["lang"] = lang
    for key in (*(row.param for row in FIELDS), "lang"):
        value = wanted.get(key)
        current = st.query_params.get_all(key) if key in st.query_params else None
        if value is None:
            if current is not None:
                del st.query_params[key]
        elif current != (value if isinstance(value, list) else [value]):
            st.query_params[key] = value


def current_language() -> str:
    """The language of this run: from the link on a session's first run, then the switch's state.

    Read before any element is drawn, so the navigation can be titled before the switch is shown.
    """
    _seed_from_url()
    st.session_state.setdefault("lang", DEFAULT_LANGUAGE)
    return i18n.normalise_lang(st.session_state["lang"])


def _language_switch() -> None:
    """The language switch at the top of the sidebar (mirrored in the URL as `?lang=`)."""
    st.sidebar.selectbox("Language / Sprache", LANGUAGES, format_func=LANGUAGE_NAMES.__getitem__, key="lang")


def render_shell(lang: str) -> Context:
    """Render the language switch and the filter sidebar; return the context for this run."""
    _language_switch()
    page_state.copy_link_control(lang)
    data = current_dataset()
    key = data_key(data)
    labels = _labels(data, key, lang)
    return Context(lang, _filter_sidebar(lang, data, labels), data, labels, key)


def _date_bounds(data: Dataset) -> tuple[date, date]:
    if data.date_span is None:
        return date(2024, 6, 1), date(2025, 12, 31)
    first, last = data.date_span
    return first.date(), last.date()


def _reset_filter() -> None:
    """Back to the defaults the widgets started from: every field's state is forgotten."""
    for row in FIELDS:
        st.session_state.pop(row.param, None)
    st.session_state.pop(NOTES, None)


def _filter_sidebar(lang: str, data: Dataset, labels: Labels) -> ViewFilter:
    """One widget per filter field (from `filters.FIELDS`), then the filter they hold."""
    sidebar = st.sidebar
    sidebar.subheader(t("filter.header", lang))
    bounds = _date_bounds(data)
    names = {"actor": labels.actors, "place": labels.places}
    state = {}
    for row in FIELDS:
        state[row.param] = _widget(sidebar, row, lang, data, bounds, names.get(row.named_as))
    sidebar.button(t("filter.reset", lang), on_click=_reset_filter, width="stretch")
    for param, value, reason in st.session_state.get(NOTES, []):
        sidebar.warning(
            t(
                "filter.bad_url_value",
                lang,
                param=labels.md(param),
                value=labels.md(value),
                reason=t(f"filter.{reason}", lang),
            )
        )
    parsed = from_widgets(state, bounds)
    if parsed.ignored:
        sidebar.warning(t("filter.window_reversed", lang))
    _write_url(lang, parsed.filter)
    return parsed.filter


def _widget(sidebar, row: FilterField, lang: str, data: Dataset, bounds: tuple[date, date], names):
    """The sidebar widget of one filter field, keyed by its URL name; returns what it holds."""
    label_text = t(row.label_key, lang)
    if row.widget == "date_input":
        st.session_state.setdefault(row.param, bounds[0] if row.attr == "date_from" else bounds[1])
        return sidebar.date_input(label_text, key=row.param, format=DATE_FIELD_FORMAT[lang])
    if row.widget == "text_input":
        st.session_state.setdefault(row.param, "")
        return sidebar.text_input(label_text, key=row.param)
    options = row.allowed(data.tables)
    if names is not None:
        options = sorted(options, key=lambda value: names.get(value, value).casefold())

    def shown(value: str) -> str:
        return value_name(row.named_as, value, lang, names or {})

    if row.widget == "selectbox":
        st.session_state.setdefault(row.param, row.to_widget(row.default))
        return sidebar.selectbox(label_text, options, format_func=shown, key=row.param)
    if row.param in st.session_state:  # forget values the current data no longer has
        known = set(options)
        st.session_state[row.param] = [v for v in st.session_state[row.param] if v in known]
    return sidebar.multiselect(label_text, options, format_func=shown, key=row.param, placeholder=t("filter.all", lang))


# --- running a page ---------------------------------------------------------------------------


def running_context() -> Context | None:
    """The context the entrypoint rendered for the page now running, if any."""
    return getattr(_current, "context", None)


def run_page(ctx: Context, page) -> None:
    """Run the selected page with `ctx` as its context (entrypoint only)."""
    _current.context = ctx
    try:
        page.run()
    finally:
        _current.context = None


def capped_note(ctx: Context, key: str, shown: int, total: int) -> None:
    """Say that only the first `shown` of `total` rows are on screen (the downloads hold them all)."""
    if total > shown:
        st.caption(ctx.t(key, shown=i18n.fmt_number(shown, ctx.lang), total=i18n.fmt_number(total, ctx.lang)))


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(
    make_table: Callable[[], pd.DataFrame], stem: str, labels: tuple[str, str], sheet: str, key: str | None = None
) -> None:
    """Spreadsheet-safe CSV and Excel downloads of a table that is built only when clicked."""
    buttons = st.container(horizontal=True)
    formats = (
        (labels[0], "csv", "text/csv", lambda: export.to_csv_bytes(make_table())),
        (labels[1], "xlsx", XLSX_MIME, lambda: export.to_xlsx_bytes(make_table(), sheet_name=sheet[:31])),
    )
    for label_text, ext, mime, data in formats:
        buttons.download_button(
            label_text,
            data=data,
            file_name=f"{stem}.{ext}",
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            key=f"{key}_{ext}" if key else None,
        )


def page_footer(ctx: Context, source_ids: Iterable[str] | None = None) -> None:
    """As-of date and the sources a view rests on, so a screenshot stands on its own.

    `source_ids` are the sources what the page shows cites; None for a page about the whole data
    (it counts every source). When nothing is cited the footer says so instead of a count.
    """
    date_text = i18n.fmt_date(ctx.data.as_of(), ctx.lang)
    if source_ids is None:
        n = len(ctx.data.tables["sources"])
    else:
        n = len(set(source_ids))
        if n == 0:
            st.caption(ctx.t("common.footer_no_sources", date=date_text))
            return
    st.caption(ctx.t("common.footer", n_sources=i18n.fmt_number(n, ctx.lang), date=date_text))
