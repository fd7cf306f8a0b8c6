"""The overview page body."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kursk_monitor import i18n, paths
from kursk_monitor.claim_marks import echo_summary
from kursk_monitor.claims import claim_text, latest_by_claimant
from kursk_monitor.schema import TABLES
from kursk_monitor_ui import data_notes
from kursk_monitor_ui.bottom_line_panel import render_bottom_line
from kursk_monitor_ui.shell import DATA_DIR_STATE, Context, page_footer

HEADLINE_METRICS = ("troops_in_russia", "troops_in_kursk", "killed_or_wounded", "killed")
HEADLINE_MAX_CREDIBILITY = 4  # the headline leaves out claims graded improbable (5) or unjudgeable (6)


def render(ctx: Context) -> None:
    st.title(ctx.t("app.title"))
    tagline, intro = data_notes.lead(ctx)
    st.markdown(tagline)
    data_notes.as_of(ctx)
    data_notes.own_data_note(ctx)
    render_bottom_line(ctx)
    st.write(intro)
    _links(ctx)
    _headline(ctx)
    _key_dates(ctx)
    _data_health(ctx)
    page_footer(ctx)


def _links(ctx: Context) -> None:
    from kursk_monitor_ui.navigation import PAGES_DIR

    cols = st.columns(3)
    for col, (script, key) in zip(
        cols,
        (
            ("map.py", "overview.open_map"),
            ("figures.py", "overview.open_figures"),
            ("timeline.py", "overview.open_timeline"),
        ),
        strict=True,
    ):
        if (PAGES_DIR / script).exists():
            col.page_link(str(PAGES_DIR / script), label=ctx.t(key), icon=":material/arrow_forward:")


def _headline(ctx: Context) -> None:
    lang = ctx.lang
    st.subheader(ctx.t("overview.headline"), help=ctx.t("overview.headline_help"))
    st.caption(ctx.describe("claims"))
    st.caption(ctx.t("overview.headline_graded"))
    metrics = [m for m in HEADLINE_METRICS if not ctx.filter.metrics or m in ctx.filter.metrics]
    cols = [col for _ in range(0, len(metrics), 2) for col in st.columns(2)]
    for col, metric in zip(cols, metrics, strict=False):
        latest = _latest_graded(ctx, metric)
        with col:
            st.markdown(f"**{ctx.labels.vocab('metric', metric)}**")
            if latest.empty:
                st.caption(ctx.t("common.no_data"))
                continue
            table = pd.DataFrame(
                {
                    ctx.t("common.claimant"): [
                        data_notes.marked(ctx, ctx.labels.actor(r["claimant_id"]), "figures", r["figure_id"])
                        for _, r in latest.iterrows()
                    ],
                    # how often the claim was confirmed or repeated goes with its value (a fifth
                    # column would not fit half the page)
                    ctx.t("common.value"): [
                        _with_echoes(claim_text(r, lang), echo_summary(r["confirmations"], r["repetitions"], lang))
                        for _, r in latest.iterrows()
                    ],
                    ctx.t("common.date"): latest["claimed_on"].map(lambda d: i18n.fmt_date_short(d, lang)),
                    ctx.t("common.grade"): latest["reliability"] + latest["credibility"].astype(str),
                }
            )
            # a static table wraps long claimant names instead of cutting them off; it renders
            # Markdown in its cells, so every cell is escaped
            st.table(table.map(ctx.labels.md), hide_index=True, border="horizontal")


def _with_echoes(value: str, echoes: str) -> str:
    return f"{value} ({echoes})" if echoes else value


def _latest_graded(ctx: Context, metric: str) -> pd.DataFrame:
    """Each claimant's latest headline claim on `metric` graded 1–4, once per view."""

    def build() -> pd.DataFrame:
        return latest_by_claimant(ctx.selection.figures, metric, max_credibility=HEADLINE_MAX_CREDIBILITY)

    return ctx.selection.derived(("overview_headline", metric), build)


def _key_dates(ctx: Context) -> None:
    lang = ctx.lang
    events = ctx.selection.events
    key = events[events["key"] == "1"] if "key" in events else events.iloc[0:0]
    if key.empty:
        return
    st.subheader(ctx.t("overview.key_dates"))
    lines = []
    for _, row in key.sort_values("date").iterrows():
        when = i18n.fmt_date(row["date"], lang, row["date_precision"])
        title = data_notes.marked(ctx, i18n.localized(row, "title", lang), "events", row["event_id"])
        lines.append(f"- **{when}** — {ctx.labels.md(title)}")
    st.markdown("\n".join(lines))


def _data_health(ctx: Context) -> None:
    data = ctx.data
    st.subheader(ctx.t("overview.counts"))
    st.caption(_data_source_text(ctx))
    cols = st.columns(len(TABLES))
    for col, spec in zip(cols, TABLES, strict=True):
        report = data.reports[spec.name]
        col.metric(
            spec.filename,
            i18n.fmt_number(report.loaded, ctx.lang),
            help=f"{ctx.t('overview.rows_read')}: {report.rows}",
        )
    errors = data.error_count
    warnings = len(data.problems) - errors
    if not data.problems:
        st.success(ctx.t("overview.problems_none"))
        return
    if errors:
        st.warning(ctx.t("overview.problems_found", errors=i18n.fmt_number(errors, ctx.lang)))
    if warnings:
        st.info(ctx.t("overview.problems_warnings", warnings=i18n.fmt_number(warnings, ctx.lang)))
    with st.expander(ctx.t("overview.problems_show")):
        st.dataframe(problem_table(ctx), hide_index=True, width="stretch")


def _data_source_text(ctx: Context) -> str:
    """Which data is shown, without exposing the server's folder layout on a shared screen."""
    directory = ctx.data.directory.resolve()
    if directory == paths.DATA_DIR.resolve():
        return ctx.t("overview.data_curated")
    if st.session_state.get(DATA_DIR_STATE):
        return ctx.t("overview.data_uploaded")
    return ctx.t("overview.data_folder", path=ctx.labels.md(directory.name))


def problem_table(ctx: Context) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                ctx.t("overview.file"): p.file,
                ctx.t("overview.line"): p.line,
                ctx.t("overview.column"): p.column,
                ctx.t("overview.value"): p.value,
                ctx.t("overview.message"): p.text(ctx.lang),
                ctx.t("overview.severity"): ctx.t(f"overview.{p.severity}"),
            }
            for p in ctx.data.problems
        ]
    )
