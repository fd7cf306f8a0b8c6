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
from kursk_monitor.filters import ViewFilter, from_query
from kursk_monitor.i18n import DEFAULT_LANGUAGE, LANGUAGES, label, t
from kursk_monitor.schema import CATEGORIES, CREDIBILITY, METRICS, RELIABILITY, TABLES

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


FILTER_KEYS = ("from", "to", "actor", "country", "metric", "category", "reliability", "credibility", "q")
SEEDED = "km_seeded_from_url"


def _seed_from_url() -> None:
    """On the first run of a session, copy the URL's view into the widget state.

    Values the app does not know are left out and listed in the sidebar, never raised.
    """
    if st.session_state.get(SEEDED):
        return
    st.session_state[SEEDED] = True
    notes = st.session_state.setdefault("km_url_notes", [])
    raw_lang = st.query_params.get("lang")
    if raw_lang is not None:
        if raw_lang in LANGUAGES:
            st.session_state["lang"] = raw_lang
        else:
            notes.append(("lang", raw_lang, "reason_unknown"))
    data = current_dataset()
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    parsed = from_query(
        params,
        known={
            "actor": set(data.tables["actors"]["actor_id"]),
            "place": set(data.tables["locations"]["location_id"]),
            "country": set(data.tables["actors"]["country"]),
        },
    )
    notes.extend(parsed.ignored)
    view = parsed.filter
    seeded = {
        "from": view.date_from,
        "to": view.date_to,
        "actor": list(view.actors),
        "country": list(view.countries),
        "metric": list(view.metrics),
        "category": list(view.categories),
        "place": list(view.locations),
        "reliability": view.min_reliability,
        "credibility": str(view.min_credibility),
        "q": view.text,
    }
    for key, value in seeded.items():
        if value not in (None, [], ""):
            st.session_state[key] = value


def _write_url(lang: str, view: ViewFilter) -> None:
    """Mirror language and filter into the URL, leaving other parameters alone."""
    wanted = view.to_query()
    if lang != DEFAULT_LANGUAGE:
        wanted["lang"] = lang
    for key in (*FILTER_KEYS, "place", "lang"):
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
    for key in (*FILTER_KEYS, "place"):
        st.session_state.pop(key, None)
    st.session_state.pop("km_url_notes", None)


def _filter_sidebar(lang, data: Dataset, actor_names, location_names) -> ViewFilter:
    sidebar = st.sidebar
    sidebar.subheader(t("filter.header", lang))
    first, last = _date_bounds(data)
    defaults = {"from": first, "to": last, "reliability": "F", "credibility": "6", "q": ""}
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    date_from = sidebar.date_input(t("filter.date_from", lang), key="from", format="YYYY-MM-DD")
    date_to = sidebar.date_input(t("filter.date_to", lang), key="to", format="YYYY-MM-DD")
    countries = sorted(set(data.tables["actors"]["country"]))
    _drop_unknown("actor", actor_names)
    _drop_unknown("country", countries)
    actors = sidebar.multiselect(
        t("filter.actors", lang),
        sorted(actor_names, key=lambda a: actor_names[a].casefold()),
        format_func=actor_names.get,
        key="actor",
        placeholder=t("filter.all", lang),
    )
    country_sel = sidebar.multiselect(
        t("filter.countries", lang),
        countries,
        format_func=lambda c: label("country", c, lang),
        key="country",
        placeholder=t("filter.all", lang),
    )
    metrics = sidebar.multiselect(
        t("filter.metrics", lang),
        METRICS,
        format_func=lambda m: label("metric", m, lang),
        key="metric",
        placeholder=t("filter.all", lang),
    )
    categories = sidebar.multiselect(
        t("filter.categories", lang),
        CATEGORIES,
        format_func=lambda c: label("category", c, lang),
        key="category",
        placeholder=t("filter.all", lang),
    )
    reliability = sidebar.selectbox(
        t("filter.min_reliability", lang),
        RELIABILITY,
        format_func=lambda g: label("reliability", g, lang),
        key="reliability",
    )
    credibility = sidebar.selectbox(
        t("filter.min_credibility", lang),
        CREDIBILITY,
        format_func=lambda g: label("credibility", g, lang),
        key="credibility",
    )
    text = sidebar.text_input(t("filter.text", lang), key="q")
    sidebar.button(t("filter.reset", lang), on_click=_reset_filter, width="stretch")
    for param, value, reason in st.session_state.get("km_url_notes", []):
        sidebar.warning(t("filter.bad_url_value", lang, param=param, value=value, reason=t(f"filter.{reason}", lang)))
    start = date_from if isinstance(date_from, date) and date_from != first else None
    end = date_to if isinstance(date_to, date) and date_to != last else None
    if start and end and start > end:
        start, end = end, start
    view = ViewFilter(
        date_from=start,
        date_to=end,
        actors=tuple(actors),
        countries=tuple(country_sel),
        metrics=tuple(metrics),
        categories=tuple(categories),
        locations=tuple(loc for loc in st.session_state.get("place", ()) if loc in location_names),
        min_reliability=reliability or "F",
        min_credibility=int(credibility or 6),
        text=(text or "").strip(),
    )
    _write_url(lang, view)
    return view


def _drop_unknown(key: str, known) -> None:
    """Forget selections that the current data no longer has (e.g. after loading other data)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in known]


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
