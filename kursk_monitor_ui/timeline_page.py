"""The timeline page body: lane choice, the chart, event details, table and export."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from kursk_monitor import i18n
from kursk_monitor.schema import METRICS
from kursk_monitor.timeline import timeline_figure
from kursk_monitor.timeline_text import event_date_text, event_table, grade_text, localized_column
from kursk_monitor_ui import page_state
from kursk_monitor_ui.shell import Context, capped_note, page_footer, table_downloads

LANES_KEY = "tl_lanes"
OVERLAY_KEY = "tl_figures"
METRIC_KEY = "tl_metric"
CHART_KEY = "tl_chart"
EVENT_KEY = "tl_event"
LAST_CLICK_KEY = "tl_last_click"
MAX_CHOICES = 1_000
MAX_TABLE_ROWS = 1_000


def render(ctx: Context) -> None:
    lang = ctx.lang
    data = ctx.data
    all_events = data.tables["events"]
    st.title(ctx.t("timeline_page.title"))
    st.caption(ctx.t("timeline_page.intro"))
    lanes, overlay = _controls(ctx)

    selection = ctx.selection
    events, ordered = selection.events, _ordered(selection, ctx.key, ctx.filter)
    metric = _overlay_metric(ctx) if overlay else None
    figures = selection.figures[selection.figures["metric"] == metric] if metric else None
    st.markdown(
        ctx.t(
            "timeline_page.shown_of",
            shown=i18n.fmt_number(len(events), lang),
            total=i18n.fmt_number(len(all_events), lang),
        )
    )
    st.caption(ctx.describe("events"))
    if figures is not None:
        st.caption(
            ctx.t(
                "timeline_page.figures_shown",
                shown=i18n.fmt_number(len(figures), lang),
                total=i18n.fmt_number(len(data.tables["figures"]), lang),
            )
        )

    choices = ordered["event_id"].head(MAX_CHOICES).tolist()
    _take_chart_click(events["event_id"])
    if st.session_state.get(EVENT_KEY) not in choices:
        st.session_state[EVENT_KEY] = None
    selected = st.session_state.get(EVENT_KEY)

    fig = _figure(selection, ctx.labels, ctx.key, ctx.filter, lang, lanes, metric, selected)
    st.plotly_chart(
        fig,
        width="stretch",
        theme=None,
        key=CHART_KEY,
        on_select="rerun",
        selection_mode="points",
        config={"displaylogo": False},
    )
    st.caption(ctx.t("timeline_page.click_hint"))

    _details(ctx, ordered, choices)
    _table(ctx, events)
    page_footer(ctx, selection.cited("events"))


def _controls(ctx: Context) -> tuple[str, bool]:
    col_lanes, col_overlay = st.columns([2, 3], vertical_alignment="bottom")
    lanes = col_lanes.radio(
        ctx.t("timeline_page.lanes"),
        ("category", "actor"),
        format_func=lambda m: ctx.t(f"timeline_page.lane_by_{m}"),
        key=LANES_KEY,
        horizontal=True,
    )
    overlay = col_overlay.toggle(
        ctx.t("timeline_page.overlay"), key=OVERLAY_KEY, help=ctx.t("timeline_page.overlay_help")
    )
    return lanes or "category", bool(overlay)


def _overlay_metric(ctx: Context) -> str | None:
    """The one metric whose claims are drawn under the events, on its own scale."""
    present = set(ctx.selection.figures["metric"])
    metrics = [m for m in METRICS if m in present]
    if not metrics:
        return None
    if st.session_state.get(METRIC_KEY) not in metrics:
        st.session_state.pop(METRIC_KEY, None)
    page_state.page_default(METRIC_KEY, metrics[0])
    return st.selectbox(
        ctx.t("timeline_claims.metric"),
        metrics,
        format_func=lambda m: ctx.labels.vocab("metric", m),
        help=ctx.t("timeline_claims.metric_help"),
        key=METRIC_KEY,
    )


def _take_chart_click(shown_ids: pd.Series) -> None:
    """A newly clicked marker becomes the selected event (the select box stays the one truth)."""
    state = st.session_state.get(CHART_KEY)
    points = []
    try:
        points = state["selection"]["points"] if state else []
    except (KeyError, TypeError):
        points = []
    clicked = None
    for point in points:
        custom = point.get("customdata") if isinstance(point, dict) else None
        if custom and bool((shown_ids == str(custom[0])).any()):
            clicked = str(custom[0])
            break
    if clicked and clicked != st.session_state.get(LAST_CLICK_KEY):
        st.session_state[EVENT_KEY] = clicked
    st.session_state[LAST_CLICK_KEY] = clicked


def _details(ctx: Context, ordered: pd.DataFrame, choices: list[str]) -> None:
    lang = ctx.lang
    st.subheader(ctx.t("timeline_page.select_event"))
    if not choices:
        st.info(ctx.t("timeline_page.no_events"))
        return
    rows = ordered.head(len(choices)).set_index("event_id", drop=False)
    titles = localized_column(rows, "title", lang)

    day_text = {day: i18n.fmt_date_short(day, lang) for day in rows["date"].unique()}
    choice_text = {
        event_id: f"{day_text[day]} — {title}"
        for event_id, day, title in zip(rows["event_id"].tolist(), rows["date"], titles.tolist(), strict=True)
    }

    def describe_choice(event_id: str) -> str:
        return choice_text[event_id]

    picked = st.selectbox(
        ctx.t("timeline_page.select_event"),
        choices,
        format_func=describe_choice,
        key=EVENT_KEY,
        index=None,
        placeholder=ctx.t("timeline_page.select_placeholder"),
        label_visibility="collapsed",
    )
    if len(ctx.selection.events) > len(choices):
        st.caption(ctx.t("timeline_page.select_capped", n=i18n.fmt_number(len(choices), lang)))
    if picked is None:
        return
    _event_card(ctx, rows.loc[picked], titles.loc[picked])


def _event_card(ctx: Context, row: pd.Series, title: str) -> None:
    """The chosen event: title, when, category, actors, place, grade, description, note, sources."""
    lang = ctx.lang
    with st.container(border=True):
        st.markdown(f"#### {ctx.labels.md(title)}")
        precision = ctx.t("timeline_page.precision_" + (row["date_precision"] or "day"))
        when = event_date_text(row["date"], row["end_date"], row["date_precision"], lang)
        who = ", ".join(ctx.labels.actor(a) for a in row["actor_ids"])
        facts = {
            ctx.t("timeline_page.details_when"): f"{when} ({precision})",
            ctx.t("timeline_page.details_category"): ctx.labels.vocab("category", row["category"]),
            ctx.t("timeline_page.details_actors"): who or "–",
            ctx.t("timeline_page.details_place"): ctx.labels.place(row["location_id"]) or "–",
            ctx.t("timeline_page.details_grade"): grade_text(row["reliability"], row["credibility"], ctx.labels),
        }
        st.markdown("\n".join(f"- **{key}:** {ctx.labels.md(value)}" for key, value in facts.items()))
        description = i18n.localized(row, "description", lang)
        if description:
            st.text(description)
        else:
            st.caption(ctx.t("timeline_page.no_description"))
        note = row.get("note", "")
        if isinstance(note, str) and note.strip():
            st.caption(f"{ctx.t('common.note')}: {ctx.labels.md(note)}")
        st.markdown(f"**{ctx.t('timeline_page.details_sources')}**")
        st.dataframe(
            _source_rows(ctx, row["source_ids"]), hide_index=True, width="stretch", column_config=_url_col(ctx)
        )


def _source_rows(ctx: Context, source_ids) -> pd.DataFrame:
    sources = ctx.data.tables["sources"].set_index("source_id", drop=False)
    known = [s for s in source_ids if s in sources.index]
    picked = sources.loc[known]
    return pd.DataFrame(
        {
            ctx.t("timeline_page.col_id"): picked["source_id"].to_numpy(),
            ctx.t("timeline_page.col_publisher"): picked["publisher"].to_numpy(),
            ctx.t("common.title"): picked["title"].to_numpy(),
            # a source without a known date shows a dash, not "None"
            ctx.t("timeline_page.col_published"): [
                i18n.fmt_date_short(d, ctx.lang) or "–" for d in picked["published"]
            ],
            ctx.t("common.reliability"): [ctx.labels.vocab("reliability", g) for g in picked["reliability"]],
            ctx.t("timeline_page.col_url"): picked["url"].to_numpy(),
        }
    )


def _url_col(ctx: Context) -> dict:
    return {ctx.t("timeline_page.col_url"): st.column_config.LinkColumn(ctx.t("timeline_page.col_url"))}


# Shared, read-only results per data version and filter (cache_resource: no copy on each rerun);
# arguments with a leading underscore are not hashed, the data key and view stand for them.
@st.cache_resource(show_spinner=False, max_entries=16)
def _ordered(_selection, data_key: tuple, view) -> pd.DataFrame:
    """The first shown events by date (ties keep file order), as many as the choice list and the
    table show: ordering positions and picking those rows spares copying a million events."""
    events = _selection.events
    first = np.argsort(events["date"].to_numpy(), kind="stable")[: max(MAX_CHOICES, MAX_TABLE_ROWS)]
    return events.iloc[first]


@st.cache_resource(show_spinner=False, max_entries=16)
def _figure(_selection, _labels, data_key: tuple, view, lang: str, lanes: str, metric: str | None, selected):
    figures = _selection.figures
    return timeline_figure(
        _selection.events,
        _labels,
        lanes=lanes,
        figures=figures[figures["metric"] == metric] if metric else None,
        subtitle=view.describe(lang, "events", _labels.names),
        as_of=_selection.as_of,
        highlight=selected,
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _table_head(_selection, _labels, data_key: tuple, view, lang: str) -> pd.DataFrame:
    return event_table(_ordered(_selection, data_key, view).head(MAX_TABLE_ROWS), _labels)


def _table(ctx: Context, events: pd.DataFrame) -> None:
    """The first events by date as a table; the download holds them all."""
    lang = ctx.lang
    st.subheader(ctx.t("timeline_page.table_heading"))
    if events.empty:
        st.caption(ctx.t("common.no_data"))
        return
    head = _table_head(ctx.selection, ctx.labels, ctx.key, ctx.filter, lang)
    date_format = "DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD"
    st.dataframe(
        head,
        hide_index=True,
        width="stretch",
        column_config={
            ctx.t("common.date"): st.column_config.DateColumn(format=date_format),
            # mostly empty, so Streamlit would size it to its header and cut the dates it holds
            ctx.t("timeline_page.col_end"): st.column_config.TextColumn(width=110),
        },
    )
    capped_note(ctx, "timeline_page.table_capped", MAX_TABLE_ROWS, len(events))
    labels = ctx.labels

    def full_table() -> pd.DataFrame:
        return event_table(events.sort_values("date", kind="stable"), labels, for_export=True)

    downloads = (ctx.t("common.download_csv"), ctx.t("common.download_xlsx"))
    table_downloads(full_table, ctx.t("timeline_page.file_stem"), downloads, ctx.t("timeline_page.events_layer"))
