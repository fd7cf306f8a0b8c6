"""The figures page body: claims over time, latest claim per claimant, contradictions, the claims table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from kursk_monitor import export, i18n
from kursk_monitor.claim_tables import claims_table, contradictions_table, newest_claims, revisions_table
from kursk_monitor.claims import latest_by_claimant
from kursk_monitor.contradictions import find_contradictions, find_revisions
from kursk_monitor.figures import CONFIG, ChartContext, chart_context, claims_over_time, latest_comparison
from kursk_monitor.filters import ViewFilter
from kursk_monitor.schema import METRICS
from kursk_monitor.selection import Selection
from kursk_monitor_ui import page_state
from kursk_monitor_ui.shell import Context, capped_note, page_footer, table_downloads

PAIR_LIMIT = 200
TABLE_LIMIT = 1_000  # rows sent to the browser; the downloads hold every row
REVISION_LIMIT = 200  # revisions sent to the browser; the download holds every one
DEFAULT_WINDOW_DAYS = 14
MAX_WINDOW_DAYS = 90
AS_OF_KEY = "fig_as_of"


@dataclass(frozen=True)
class Choices:
    """What the page's own controls are set to."""

    metric: str
    as_of: pd.Timestamp
    window_days: int
    log_scale: bool
    same_claimant: bool
    match_places: bool
    tolerance: float  # share of an "about" number, 0–0.25
    show_outlook: bool = True  # forecasts, plans and capabilities on the time chart
    full_weight: bool = False  # grade 5–6 claims drawn like the others and setting the scale


def render(ctx: Context) -> None:
    st.title(ctx.t("figures_page.title"))
    st.markdown(ctx.t("figures_page.intro"))
    st.caption(ctx.as_of_text())
    selection = ctx.selection
    present = set(selection.figures["metric"].unique())
    metrics = [m for m in METRICS if m in present]
    if not metrics:
        st.info(ctx.t("figures_page.no_metrics"))
        page_footer(ctx, [])
        return
    choices = _controls(ctx, metrics)
    chart = chart_context(selection, ctx.labels)
    key = (selection, chart, ctx.key, ctx.filter, ctx.lang)
    metric = choices.metric

    st.subheader(ctx.t("figures_page.time_heading"))
    st.caption(ctx.t("figures_page.time_caption"))
    st.plotly_chart(
        _time_figure(*key, metric, choices.log_scale, choices.show_outlook, choices.full_weight),
        width="stretch",
        config=_config(f"{metric}-over-time"),
        key="fig_time_chart",
    )
    st.subheader(ctx.t("figures_page.latest_heading"))
    st.caption(ctx.t("figures_page.latest_caption"))
    st.plotly_chart(
        _latest_figure(*key, metric, choices.as_of, choices.log_scale, choices.full_weight),
        width="stretch",
        config=_config(f"{metric}-latest"),
        key="fig_latest_chart",
    )
    _contradictions(ctx, key, choices)
    _revisions(ctx, key)
    _claims_table(ctx, chart, selection.figures, key)
    page_footer(ctx, selection.cited("figures"))


def _controls(ctx: Context, metrics: list[str]) -> Choices:
    """The metric, as-of date, contradiction window and scale; the rarer options in an expander."""
    if st.session_state.get("fig_metric") not in metrics:
        st.session_state.pop("fig_metric", None)
    page_state.page_default("fig_metric", metrics[0])
    default_as_of = _default_as_of(ctx)
    col_metric, col_as_of, col_window, col_log = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
    metric = col_metric.selectbox(
        ctx.t("figures_page.metric"),
        metrics,
        format_func=lambda m: ctx.labels.vocab("metric", m),
        help=ctx.t("figures_page.metric_help"),
        key="fig_metric",
    )
    as_of = col_as_of.selectbox(
        ctx.t("figures_page.as_of_date"),
        _as_of_days(ctx, metric, default_as_of),
        format_func=lambda day: i18n.fmt_date(day, ctx.lang),
        help=ctx.t("figures_page.as_of_help"),
        key=AS_OF_KEY,
    )
    st.session_state.setdefault("fig_window", DEFAULT_WINDOW_DAYS)
    window_days = col_window.number_input(
        ctx.t("figures_page.window_days"),
        min_value=0,
        max_value=MAX_WINDOW_DAYS,
        step=1,
        help=ctx.t("figures_page.window_help"),
        key="fig_window",
    )
    log_scale = col_log.toggle(
        ctx.t("figures_page.log_scale"), help=ctx.t("figures_page.log_scale_help"), key="fig_log"
    )
    col_outlook, col_weight, _ = st.columns([3, 2, 4])
    st.session_state.setdefault("fig_outlook", True)  # shown by default; a link may say otherwise
    show_outlook = col_outlook.toggle(
        ctx.t("claims_app.show_outlook"), help=ctx.t("claims_app.show_outlook_help"), key="fig_outlook"
    )
    full_weight = col_weight.toggle(
        ctx.t("claims_app.full_weight"), help=ctx.t("claims_app.full_weight_help"), key="fig_full_weight"
    )
    same_claimant, match_places, tolerance = _comparison_options(ctx)
    return Choices(
        metric=metric,
        as_of=pd.Timestamp(as_of or default_as_of),
        window_days=int(window_days),
        log_scale=bool(log_scale),
        same_claimant=same_claimant,
        match_places=match_places,
        tolerance=tolerance,
        show_outlook=bool(show_outlook),
        full_weight=bool(full_weight),
    )


def _comparison_options(ctx: Context) -> tuple[bool, bool, float]:
    """How contradictions are looked for: within one claimant too, same place only, "about" tolerance."""
    st.session_state.setdefault("fig_tolerance", 0)
    with st.expander(ctx.t("figures_page.options")):
        options = {
            key: st.checkbox(ctx.t(f"figures_page.{name}"), help=ctx.t(f"figures_page.{name}_help"), key=key)
            for name, key in (("same_claimant", "fig_same"), ("match_places", "fig_places"))
        }
        tolerance = st.slider(
            ctx.t("figures_page.about_tolerance"),
            min_value=0,
            max_value=25,
            step=5,
            help=ctx.t("figures_page.about_tolerance_help"),
            key="fig_tolerance",
        )
    return bool(options["fig_same"]), bool(options["fig_places"]), tolerance / 100


def _claim_days(selection: Selection, metric: str) -> list[date]:
    """The days with a claim on `metric`, newest first (once per view)."""

    def build() -> list[date]:
        figures = selection.figures
        claimed = figures.loc[figures["metric"] == metric, "claimed_on"].dropna().dt.normalize().unique()
        return sorted((day.date() for day in pd.DatetimeIndex(claimed)), reverse=True)

    return selection.derived(("claim_days", metric), build)


def _as_of_days(ctx: Context, metric: str, default: date) -> list[date]:
    """The days to pick from, newest first: the default, then each earlier day with a claim on `metric`.

    The latest claims as of any other day are those of the claim day before it, so a link's day
    that is not in the list is moved back to that claim day.
    """
    days = [default, *(day for day in _claim_days(ctx.selection, metric) if day < default)]
    previous_default = st.session_state.get(page_state.DEFAULTS, {}).get(AS_OF_KEY)
    chosen = st.session_state.get(AS_OF_KEY)
    if chosen is None or chosen == previous_default or chosen > default:
        st.session_state[AS_OF_KEY] = default
    elif chosen not in days:
        st.session_state[AS_OF_KEY] = next((day for day in days if day <= chosen), days[-1])
    page_state.page_default(AS_OF_KEY, default)
    return days


def _default_as_of(ctx: Context) -> date:
    if ctx.filter.date_to is not None:
        return ctx.filter.date_to
    as_of = ctx.data.as_of()
    return as_of.date() if as_of is not None else date.today()


def _config(name: str) -> dict:
    options = {**CONFIG["toImageButtonOptions"], "filename": f"kursk-monitor-{name}"}
    return {**CONFIG, "toImageButtonOptions": options}


# Cached per data version, filter and language; the selection and chart context (not hashed)
# belong to that key. Figures and tables are cached as shared objects (cache_resource): unpickling
# a plotly figure or a 1,000-row table on every rerun costs more than building small ones. Nothing
# changes one after it is built.
@st.cache_resource(show_spinner=False, max_entries=32)
def _time_figure(
    _selection, _chart, data_key: tuple, view: ViewFilter, lang: str, metric: str, log: bool, outlook: bool, full: bool
):
    figures = _selection.figures
    return claims_over_time(figures, metric, _chart, log_y=log, show_outlook=outlook, full_weight=full)


@st.cache_resource(show_spinner=False, max_entries=32)
def _latest_figure(
    _selection, _chart, data_key, view: ViewFilter, lang: str, metric: str, as_of, log: bool, full: bool
):
    latest = latest_by_claimant(_selection.figures, metric, as_of)
    return latest_comparison(latest, metric, as_of, _chart, log_x=log, full_weight=full)


@st.cache_resource(show_spinner=False, max_entries=32)
def _claims_shown(_selection, _chart, data_key: tuple, view: ViewFilter, lang: str) -> pd.DataFrame:
    return claims_table(newest_claims(_selection.figures, TABLE_LIMIT), _chart)


@st.cache_resource(show_spinner=False, max_entries=32)
def _pairs(
    _selection,
    _chart,
    data_key: tuple,
    view: ViewFilter,
    lang: str,
    window: int,
    same: bool,
    tolerance: float,
    places: bool,
) -> tuple[int, pd.DataFrame]:
    """How many contradicting pairs there are, and the table of those shown."""
    found = find_contradictions(
        _selection.figures,
        window,
        same_claimant=same,
        about_tolerance=tolerance,
        match_places=places,
        limit=PAIR_LIMIT,
    )
    return found.total, contradictions_table(found.pairs, _chart)


def _contradictions(ctx: Context, key: tuple, choices: Choices) -> None:
    lang = ctx.lang
    st.subheader(ctx.t("figures_page.contradictions_heading"))
    st.caption(ctx.t("figures_page.contradictions_caption"))
    window = choices.window_days
    total, table = _pairs(*key, window, choices.same_claimant, choices.tolerance, choices.match_places)
    days = i18n.fmt_number(window, lang)
    if total == 0:
        st.info(ctx.t("figures_page.contradictions_none", days=days))
        return
    st.markdown(
        ctx.t(
            "figures_page.contradictions_count",
            total=i18n.fmt_number(total, lang),
            days=days,
            shown=i18n.fmt_number(len(table), lang),
        )
    )
    links = {
        ctx.t(f"figures_page.col_link_{side}"): st.column_config.LinkColumn(display_text=_DOMAIN) for side in ("a", "b")
    }
    st.dataframe(table, hide_index=True, width="stretch", column_config=links, key="fig_pairs_table")
    st.download_button(
        ctx.t("figures_page.download_pairs_csv"),
        data=lambda: export.to_csv_bytes(table),
        file_name=f"{ctx.t('figures_page.file_pairs')}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="fig_pairs_csv",
    )


_DOMAIN = r"https?://(?:www\.)?([^/:?#]+).*"


@st.cache_resource(show_spinner=False, max_entries=32)
def _revision_rows(
    _selection, _chart, data_key: tuple, view: ViewFilter, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every revision found, and the table of the first `REVISION_LIMIT` (the download writes all)."""
    found = find_revisions(_selection.figures)
    return found, revisions_table(found.head(REVISION_LIMIT), _chart)


def _revisions(ctx: Context, key: tuple) -> None:
    """Each claimant's changed figures, per claimant in time order, apart from the contradictions."""
    st.subheader(ctx.t("claims_app.revisions_heading"))
    st.caption(ctx.t("claims_app.revisions_caption"))
    found, shown = _revision_rows(*key)
    if found.empty:
        st.info(ctx.t("claims_app.revisions_none"))
        return
    chart = key[1]
    st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 400), key="fig_revisions")
    capped_note(ctx, "claims_app.revisions_limited", REVISION_LIMIT, len(found))
    st.download_button(
        ctx.t("claims_app.download_revisions_csv"),
        data=lambda: export.to_csv_bytes(revisions_table(found, chart)),
        file_name=f"{ctx.t('claims_app.file_revisions')}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="fig_revisions_csv",
    )


def _claims_table(ctx: Context, chart: ChartContext, claims: pd.DataFrame, key: tuple) -> None:
    lang = ctx.lang
    st.subheader(ctx.t("figures_page.table_heading"))
    st.caption(i18n.t_count("figures_page.table_caption", len(claims), lang, n=i18n.fmt_number(len(claims), lang)))
    table = _claims_shown(*key)
    capped_note(ctx, "figures_page.table_limited", TABLE_LIMIT, len(claims))
    date_format = "D MMM YYYY" if lang == "en" else "DD.MM.YYYY"
    config = {
        ctx.t("figures_page.col_link"): st.column_config.LinkColumn(display_text=_DOMAIN),
        ctx.t("figures_page.col_date"): st.column_config.DateColumn(format=date_format),
        ctx.t("figures_page.col_note"): st.column_config.TextColumn(width="large"),
    }
    st.dataframe(table, hide_index=True, width="stretch", column_config=config, key="fig_claims_table")
    name = ctx.t("figures_page.file_claims")
    downloads = (ctx.t("figures_page.download_csv"), ctx.t("figures_page.download_xlsx"))
    table_downloads(lambda: claims_table(claims, chart), name, downloads, name, key="fig_claims")
