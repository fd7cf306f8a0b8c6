"""What every page shares: the language, the data, and the one filter in the sidebar.

The entrypoint (`dashboard.py`) renders the shell once per run, before the page. A page script
calls `page_context()`; when it runs on its own (as in a unit test) that renders the shell too.
Every filter widget is bound to a URL query parameter of the same name, so the URL holds the view.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import streamlit as st

from kursk_monitor import i18n
from kursk_monitor.dataset import Dataset, data_dir, load_dataset
from kursk_monitor.filters import FIELDS, FilterField, ViewFilter, from_query, from_widgets, known_values, value_name
from kursk_monitor.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from kursk_monitor.schema import TABLES

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}
DATA_DIR_STATE = "km_data_dir"  # session key: a folder of the analyst's own data, if loaded
_current = threading.local()


@dataclass
class Context:
    """Everything a page needs for one run."""

    lang: str
    filter: ViewFilter
    data: Dataset
    actor_names: dict[str, str] = field(default_factory=dict)
    location_names: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> dict[str, str]:
        return {**self.location_names, **self.actor_names}

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def as_of_text(self) -> str:
        as_of = self.data.as_of()
        return t("common.as_of", self.lang, date=i18n.fmt_date(as_of, self.lang)) if as_of is not None else ""

    def describe(self, subject: str = "claims") -> str:
        return self.filter.describe(self.lang, subject, self.names)


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


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(directory: str, signature: tuple) -> Dataset:
    # cache_resource: one shared, read-only Dataset per data version; pages never mutate it.
    return load_dataset(Path(directory))


def data_key(data: Dataset) -> tuple[str, tuple]:
    """Identifies one version of the loaded data; page caches take it as an argument."""
    return str(data.directory), _signature(data.directory)


def dataset_for(key: tuple[str, tuple]) -> Dataset:
    """The shared, read-only Dataset for a `data_key` (no reload when it is cached)."""
    return _load(*key)


def current_dataset() -> Dataset:
    """The analyst's uploaded data if loaded this session, else `$KURSK_MONITOR_DATA` or data/."""
    directory = Path(st.session_state.get(DATA_DIR_STATE) or data_dir())
    return _load(str(directory), _signature(directory))


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
    """Render the language switch (kept in the URL as `?lang=`) and return the language."""
    _seed_from_url()
    st.session_state.setdefault("lang", DEFAULT_LANGUAGE)
    lang = st.sidebar.selectbox(
        "Language / Sprache",
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key="lang",
    )
    return i18n.normalise_lang(lang)


def render_shell(lang: str | None = None) -> Context:
    """Render language switch and filter sidebar; return the context for this run."""
    if lang is None:
        lang = current_language()
    data = current_dataset()
    actors = data.tables["actors"]
    locations = data.tables["locations"]
    actor_names = {
        row.actor_id: (row.name_de if lang == "de" and row.name_de else row.name)
        for row in actors.itertuples(index=False)
    }
    location_names = {
        row.location_id: (row.name_de if lang == "de" and row.name_de else row.name)
        for row in locations.itertuples(index=False)
    }
    view = _filter_sidebar(lang, data, actor_names, location_names)
    return Context(lang, view, data, actor_names, location_names)


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


def _filter_sidebar(lang, data: Dataset, actor_names, location_names) -> ViewFilter:
    """One widget per filter field (from `filters.FIELDS`), then the filter they hold."""
    sidebar = st.sidebar
    sidebar.subheader(t("filter.header", lang))
    bounds = _date_bounds(data)
    names = {"actor": actor_names, "place": location_names}
    state = {}
    for row in FIELDS:
        state[row.param] = _widget(sidebar, row, lang, data, bounds, names.get(row.named_as))
    sidebar.button(t("filter.reset", lang), on_click=_reset_filter, width="stretch")
    for param, value, reason in st.session_state.get(NOTES, []):
        sidebar.warning(t("filter.bad_url_value", lang, param=param, value=value, reason=t(f"filter.{reason}", lang)))
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
        return sidebar.date_input(label_text, key=row.param, format="YYYY-MM-DD")
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


def page_context() -> Context:
    """The context rendered by the entrypoint in this run, or a fresh one for a lone page."""
    ctx = getattr(_current, "context", None)
    if ctx is None:
        _leave_legacy_pages_mode()
        ctx = render_shell()
    return ctx


def _leave_legacy_pages_mode() -> None:
    """Restart the run through `dashboard.py` if Streamlit ran this page on its own.

    A fresh server treats a folder named `pages/` as the legacy multipage mechanism until the
    entrypoint's `st.navigation` runs once; a first visit straight to `/map` would otherwise
    show the legacy page list. One rerun hands the request to the entrypoint.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - Streamlit internals moved
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def run_page(ctx: Context, page) -> None:
    """Run the selected page with `ctx` as its context (entrypoint only)."""
    _current.context = ctx
    try:
        page.run()
    finally:
        _current.context = None


def page_footer(ctx: Context, source_ids: list[str] | tuple[str, ...] = ()) -> None:
    """As-of date and the sources a view rests on, so a screenshot stands on its own."""
    sources = ctx.data.tables["sources"]
    n = len(set(source_ids)) if source_ids else len(sources)
    as_of = ctx.data.as_of()
    st.caption(
        t("common.footer", ctx.lang, n_sources=i18n.fmt_number(n, ctx.lang), date=i18n.fmt_date(as_of, ctx.lang))
    )
