"""The figures page body: claims over time, latest claim per claimant, contradictions, the claims table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from kursk_monitor import export, i18n
from kursk_monitor.claims import latest_by_claimant
from kursk_monitor.contradictions import find_contradictions
from kursk_monitor.dataset import Dataset
from kursk_monitor.figures import (
    CONFIG,
    ChartContext,
    claims_over_time,
    claims_table,
    contradictions_table,
    latest_comparison,
)
from kursk_monitor.filters import ViewFilter
from kursk_monitor.i18n import label
from kursk_monitor.schema import METRICS
from kursk_monitor.style import claimant_styles
from kursk_monitor_ui import shell
from kursk_monitor_ui.shell import Context, page_footer

PAIR_LIMIT = 200
TABLE_LIMIT = 1_000  # rows sent to the browser; the downloads hold every row
DEFAULT_WINDOW_DAYS = 14
MAX_WINDOW_DAYS = 90


def render(ctx: Context) -> None:
    lang = ctx.lang
    st.title(ctx.t("figures_page.title"))
    st.markdown(ctx.t("figures_page.intro"))
    st.caption(ctx.as_of_text())
    claims = ctx.filter.apply_figures(ctx.data.tables["figures"])
    present = set(claims["metric"])
    metrics = [m for m in METRICS if m in present]
    if not metrics:
        st.info(ctx.t("figures_page.no_metrics"))
        page_footer(ctx, [])
        return
    if st.session_state.get("fig_metric") not in metrics:
        st.session_state.pop("fig_metric", None)
    default_as_of = _default_as_of(ctx)
    col_metric, col_as_of, col_window, col_log = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
    metric = col_metric.selectbox(
        ctx.t("figures_page.metric"),
        metrics,
        format_func=lambda m: label("metric", m, lang),
        help=ctx.t("figures_page.metric_help"),
        key="fig_metric",
    )
    as_of = col_as_of.date_input(
        ctx.t("figures_page.as_of_date"),
        value=default_as_of,
        help=ctx.t("figures_page.as_of_help"),
        format="YYYY-MM-DD",
        key="fig_as_of",
    )
    window_days = col_window.number_input(
        ctx.t("figures_page.window_days"),
        min_value=0,
        max_value=MAX_WINDOW_DAYS,
        value=DEFAULT_WINDOW_DAYS,
        step=1,
        help=ctx.t("figures_page.window_help"),
        key="fig_window",
    )
    log_scale = col_log.toggle(
        ctx.t("figures_page.log_scale"), help=ctx.t("figures_page.log_scale_help"), key="fig_log"
    )
    with st.expander(ctx.t("figures_page.options")):
        same_claimant = st.checkbox(
            ctx.t("figures_page.same_claimant"), help=ctx.t("figures_page.same_claimant_help"), key="fig_same"
        )
        match_places = st.checkbox(
            ctx.t("figures_page.match_places"), help=ctx.t("figures_page.match_places_help"), key="fig_places"
        )
        tolerance = st.slider(
            ctx.t("figures_page.about_tolerance"),
            min_value=0,
            max_value=25,
            value=0,
            step=5,
            help=ctx.t("figures_page.about_tolerance_help"),
            key="fig_tolerance",
        )
    as_of_stamp = pd.Timestamp(as_of if isinstance(as_of, date) else default_as_of)
    chart = _chart_context(ctx)
    key = _data_key(ctx.data)

    st.subheader(ctx.t("figures_page.time_heading"))
    st.caption(ctx.t("figures_page.time_caption"))
    st.plotly_chart(
        _time_figure(*key, ctx.filter, metric, lang, bool(log_scale), chart.subtitle),
        width="stretch",
        config=_config(f"{metric}-over-time"),
        key="fig_time_chart",
    )

    st.subheader(ctx.t("figures_page.latest_heading"))
    st.caption(ctx.t("figures_page.latest_caption"))
    st.plotly_chart(
        _latest_figure(*key, ctx.filter, metric, as_of_stamp, lang, bool(log_scale), chart.subtitle),
        width="stretch",
        config=_config(f"{metric}-latest"),
        key="fig_latest_chart",
    )

    _contradictions(ctx, chart, key, int(window_days), bool(same_claimant), tolerance / 100, bool(match_places))
    _claims_table(ctx, chart, claims, key)
    page_footer(ctx, sorted({i for ids in claims["source_ids"] for i in ids}))


def _default_as_of(ctx: Context) -> date:
    if ctx.filter.date_to is not None:
        return ctx.filter.date_to
    as_of = ctx.data.as_of()
    return as_of.date() if as_of is not None else date.today()


def _config(name: str) -> dict:
    options = {**CONFIG["toImageButtonOptions"], "filename": f"kursk-monitor-{name}"}
    return {**CONFIG, "toImageButtonOptions": options}


def _data_key(data: Dataset) -> tuple[str, tuple]:
    """Arguments that identify one version of the loaded data, for the caches below."""
    return shell.data_key(data)


def _chart_context(ctx: Context) -> ChartContext:
    return ChartContext(
        lang=ctx.lang,
        subtitle=ctx.describe("claims"),
        as_of=ctx.data.as_of(),
        names=ctx.actor_names,
        styles=claimant_styles(ctx.data.tables["actors"]),
        sources=ctx.data.tables["sources"],
        place_names=ctx.location_names,
    )


def _dataset(directory: str, signature: tuple) -> Dataset:
    return shell.dataset_for((directory, signature))


def _names(data: Dataset, lang: str, table: str, id_column: str) -> dict[str, str]:
    frame = data.tables[table]
    return {row[id_column]: i18n.localized(row, "name", lang) for row in frame.to_dict("records")}


def _cached_chart_context(data: Dataset, lang: str, subtitle: str) -> ChartContext:
    return ChartContext(
        lang=lang,
        subtitle=subtitle,
        as_of=data.as_of(),
        names=_names(data, lang, "actors", "actor_id"),
        styles=claimant_styles(data.tables["actors"]),
        sources=data.tables["sources"],
        place_names=_names(data, lang, "locations", "location_id"),
    )


# Figures are cached as shared objects (cache_resource): unpickling a plotly figure on every
# rerun costs more than building small ones. Nothing changes a figure after it is built.
@st.cache_resource(show_spinner=False, max_entries=32)
def _time_figure(directory: str, signature: tuple, view: ViewFilter, metric: str, lang: str, log: bool, subtitle: str):
    data = _dataset(directory, signature)
    claims = view.apply_figures(data.tables["figures"])
    return claims_over_time(claims, metric, _cached_chart_context(data, lang, subtitle), log_y=log)


@st.cache_resource(show_spinner=False, max_entries=32)
def _latest_figure(
    directory: str,
    signature: tuple,
    view: ViewFilter,
    metric: str,
    as_of: pd.Timestamp,
    lang: str,
    log: bool,
    subtitle: str,
):
    data = _dataset(directory, signature)
    claims = view.apply_figures(data.tables["figures"])
    latest = latest_by_claimant(claims, metric, as_of)
    return latest_comparison(latest, metric, as_of, _cached_chart_context(data, lang, subtitle), log_x=log)


@st.cache_data(show_spinner=False, max_entries=32)
def _claims_shown(directory: str, signature: tuple, view: ViewFilter, lang: str) -> pd.DataFrame:
    data = _dataset(directory, signature)
    claims = view.apply_figures(data.tables["figures"])
    newest = claims.sort_values(["claimed_on", "figure_id"], ascending=[False, True], kind="stable")
    return claims_table(newest.head(TABLE_LIMIT), _cached_chart_context(data, lang, ""))


@st.cache_data(show_spinner=False, max_entries=32)
def _pairs(
    directory: str,
    signature: tuple,
    view: ViewFilter,
    window: int,
    same: bool,
    tolerance: float,
    places: bool,
    lang: str,
) -> tuple[int, pd.DataFrame]:
    """How many contradicting pairs there are, and the table of those shown."""
    data = _dataset(directory, signature)
    claims = view.apply_figures(data.tables["figures"])
    found = find_contradictions(
        claims,
        window,
        same_claimant=same,
        about_tolerance=tolerance,
        match_places=places,
        limit=PAIR_LIMIT,
    )
    return found.total, contradictions_table(found.pairs, _cached_chart_context(data, lang, ""))


def _contradictions(
    ctx: Context, chart: ChartContext, key: tuple, window: int, same: bool, tolerance: float, places: bool
) -> None:
    lang = ctx.lang
    st.subheader(ctx.t("figures_page.contradictions_heading"))
    st.caption(ctx.t("figures_page.contradictions_caption"))
    total, table = _pairs(*key, ctx.filter, window, same, tolerance, places, lang)
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


def _claims_table(ctx: Context, chart: ChartContext, claims: pd.DataFrame, key: tuple) -> None:
    lang = ctx.lang
    st.subheader(ctx.t("figures_page.table_heading"))
    st.caption(ctx.t("figures_page.table_caption", n=i18n.fmt_number(len(claims), lang)))
    table = _claims_shown(*key, ctx.filter, lang)
    if len(claims) > TABLE_LIMIT:
        st.caption(
            ctx.t(
                "figures_page.table_limited",
                shown=i18n.fmt_number(TABLE_LIMIT, lang),
                total=i18n.fmt_number(len(claims), lang),
            )
        )
    date_format = "D MMM YYYY" if lang == "en" else "DD.MM.YYYY"
    config = {
        ctx.t("figures_page.col_link"): st.column_config.LinkColumn(display_text=_DOMAIN),
        ctx.t("figures_page.col_date"): st.column_config.DateColumn(format=date_format),
        ctx.t("figures_page.col_note"): st.column_config.TextColumn(width="large"),
    }
    st.dataframe(table, hide_index=True, width="stretch", column_config=config, key="fig_claims_table")
    buttons = st.container(horizontal=True)
    name = ctx.t("figures_page.file_claims")
    buttons.download_button(
        ctx.t("figures_page.download_csv"),
        data=lambda: export.to_csv_bytes(claims_table(claims, chart)),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="fig_claims_csv",
    )
    buttons.download_button(
        ctx.t("figures_page.download_xlsx"),
        data=lambda: export.to_xlsx_bytes(claims_table(claims, chart), sheet_name=name[:31]),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
        key="fig_claims_xlsx",
    )
