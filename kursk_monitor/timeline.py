"""The timeline: events as markers by date (periods as bars) in lanes by category or by actor,
with figure claims as an optional second layer on the same time axis.

`timeline_figure(events, labels, ...)` takes the events of a `Selection` and returns a `go.Figure`
in the one chart frame (title, filter subtitle, source line, as-of stamp). Above
`AGGREGATE_ABOVE` events the markers would overplot, so each lane becomes a strip of weekly
counts instead. The claims layer is drawn by `timeline_claims`.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kursk_monitor import sourcing
from kursk_monitor.chart_frame import as_of_line, empty_message, esc, frame
from kursk_monitor.i18n import fmt_date, fmt_number, t
from kursk_monitor.labels import Labels
from kursk_monitor.schema import CATEGORIES
from kursk_monitor.style import CATEGORY_COLOURS, OKABE_ITO, OTHER_COLOUR
from kursk_monitor.timeline_claims import add_figure_layer, week_index, week_start
from kursk_monitor.timeline_labels import ROW_HEIGHT, claims_axis_type, claims_layer_title, key_event_labels
from kursk_monitor.timeline_text import Memo, date_ticks, event_hover

AGGREGATE_ABOVE = 2_000
LANE_MODES = ("category", "actor")
NO_ACTOR = ""
STACK_OFFSETS = (0.0, -0.22, 0.22, -0.44, 0.44)
GRID = "#eee"
QUIET = {"hoverinfo": "skip", "showlegend": False}  # drawn for the eye only: no hover, no legend entry


def source_line(source_ids, labels: Labels, limit: int = 4) -> str:
    """'Sources: 12 reports — Reuters, KBS World, …' for the sources cited by what is shown."""
    return sourcing.source_line(
        dict.fromkeys(source_ids), labels.publishers, labels.lang, limit, count_more=False, ranks=labels.source_ranks
    )


# --- lanes ---------------------------------------------------------------------------------------


LANE_COLUMNS = ("event_id", "date", "end_date", "category", "actor_ids")


def lane_rows(events: pd.DataFrame, lanes: str, labels: Labels) -> tuple[pd.DataFrame, list[str]]:
    """One row per (event, lane) with a `lane` column, and the lane keys in display order.

    Only the columns the chart places by are kept (the index still points at `events`). Actor
    lanes repeat an event for each of its actors; events without one get the lane "".
    """
    lean = events[[c for c in LANE_COLUMNS if c in events]].assign(_pos=np.arange(len(events)))
    if lanes == "actor":
        ids = [a if len(a) else (NO_ACTOR,) for a in events["actor_ids"]]
        repeat = np.fromiter((len(a) for a in ids), dtype=np.int64, count=len(ids))
        rows = lean.iloc[np.repeat(np.arange(len(lean)), repeat)]
        rows = rows.assign(lane=np.fromiter(chain.from_iterable(ids), dtype=object, count=int(repeat.sum())))
        present = set(pd.unique(rows["lane"]))
        country = labels.countries
        order = sorted((a for a in present if a != NO_ACTOR), key=lambda a: (country.get(a, "~"), a))
        if NO_ACTOR in present:
            order.append(NO_ACTOR)
        return rows, order
    rows = lean.assign(lane=lean["category"])
    present = set(pd.unique(rows["lane"]))
    return rows, [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))


def _lane_style(lane: str, lanes: str, labels: Labels) -> tuple[str, str]:
    if lanes == "actor":
        return (OTHER_COLOUR, "circle-open") if lane == NO_ACTOR else labels.style(lane)
    return CATEGORY_COLOURS.get(lane, OTHER_COLOUR), "circle"


def _lane_label(lane: str, lanes: str, labels: Labels) -> str:
    if lanes == "actor":
        return labels.actor(lane) if lane != NO_ACTOR else labels.t("timeline_page.no_actor")
    return labels.vocab("category", lane)


def _stack_offsets(rows: pd.DataFrame) -> np.ndarray:
    """Small vertical offsets so events on the same day in the same lane do not hide each other."""
    rank = rows.groupby(["lane", "date"], sort=False).cumcount().to_numpy()
    return np.asarray(STACK_OFFSETS)[rank % len(STACK_OFFSETS)]


# --- the figure ---------------------------------------------------------------------------------


def timeline_figure(
    events: pd.DataFrame,
    labels: Labels,
    *,
    lanes: str = "category",
    figures: pd.DataFrame | None = None,
    subtitle: str = "",
    as_of: pd.Timestamp | None = None,
    aggregate_above: int = AGGREGATE_ABOVE,
    highlight: str | None = None,
) -> go.Figure:
    """The timeline of `events` (already filtered); `figures` adds the claims as a second layer."""
    lang = labels.lang
    lanes = lanes if lanes in LANE_MODES else "category"
    overlay = figures is not None
    fig = _canvas(overlay, lang, claims_layer_title(figures, labels))
    rows, order = lane_rows(events, lanes, labels)
    aggregated = len(events) > aggregate_above
    if not order:
        empty_message(fig, t("timeline_page.no_events", lang), "x domain", "y domain")
    label_rows = 0
    if aggregated:
        _add_weekly_strips(fig, rows, order, lanes, labels)
    elif order:
        label_rows = _add_markers(fig, events, rows, order, lanes, labels, highlight)
    shown_sources = list(chain.from_iterable(events["source_ids"]))
    if overlay:
        add_figure_layer(fig, figures, labels, aggregate_above)
        shown_sources += list(chain.from_iterable(figures["source_ids"]))
    notes = [t("timeline_page.aggregated_note", lang, n=fmt_number(len(events), lang))] if aggregated else []
    events_height = max(220, 34 * len(order) + 60) + int(34 * ROW_HEIGHT * label_rows)
    frame(
        fig,
        t("timeline_page.chart_title", lang),
        lang,
        subtitle=[subtitle, *notes],
        foot=[("sources", source_line(shown_sources, labels)), ("as_of", as_of_line(as_of, lang))],
        plot_height=30 + events_height + (300 if overlay else 0),
        margin={"l": 10},
        foot_gap=56,
    )
    _axes(fig, events, figures, order, [_lane_label(lane, lanes, labels) for lane in order], lanes, lang, overlay)
    return fig


def _canvas(overlay: bool, lang: str, claims_title: str = "") -> go.Figure:
    """One plot of event lanes, or two sharing the time axis when the claims are shown too."""
    if not overlay:
        return make_subplots(rows=1, cols=1)
    return make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        row_heights=[0.64, 0.36],
        subplot_titles=(t("timeline_page.events_layer", lang), claims_title),
    )


def _add_markers(fig, events, rows, order, lanes, labels: Labels, highlight) -> int:
    """One trace of markers per lane, period bars, key-event labels and the selection ring; returns
    the rows of key-event labels drawn."""
    lane_index = {lane: i for i, lane in enumerate(order)}
    hover = np.asarray(event_hover(events, labels), dtype=object)
    rows = rows.sort_values(["date", "event_id"], kind="stable")
    y = rows["lane"].map(lane_index).to_numpy(dtype=float) + _stack_offsets(rows)
    rows = rows.assign(_y=y)
    for lane in order:
        part = rows[rows["lane"] == lane]
        colour, symbol = _lane_style(lane, lanes, labels)
        name = _lane_label(lane, lanes, labels)
        _add_periods(fig, part[part["end_date"].notna() & (part["end_date"] > part["date"])], colour, name)
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["_y"],
                mode="markers",
                marker={"color": colour, "symbol": symbol, "size": 11, "line": {"color": "white", "width": 1}},
                name=name,
                hovertext=hover[part["_pos"].to_numpy()].tolist(),
                hoverinfo="text",
                customdata=part[["event_id"]].to_numpy(),
                showlegend=False,
                meta="events",
            ),
            row=1,
            col=1,
        )
    label_rows = key_event_labels(fig, events, rows, labels.lang)
    if label_rows:  # the band of key-event labels above the top lane
        fig.update_yaxes(range=[len(order) - 0.4, -0.6 - ROW_HEIGHT * label_rows], row=1, col=1)
    _ring(fig, rows, highlight, labels)
    return label_rows


def _ring(fig, rows, highlight, labels: Labels) -> None:
    """A ring around the selected event."""
    picked = rows[rows["event_id"] == highlight] if highlight is not None else rows.iloc[0:0]
    if not picked.empty:
        ring = {"size": 22, "symbol": "circle-open", "color": OKABE_ITO["black"], "line": {"width": 2.5}}
        selected = labels.t("timeline_page.selected")
        fig.add_trace(
            go.Scatter(
                x=picked["date"],
                y=picked["_y"],
                mode="markers",
                marker=ring,
                name=selected,
                meta="selected",
                **QUIET,
            ),
            row=1,
            col=1,
        )


def _add_periods(fig, periods: pd.DataFrame, colour: str, name: str) -> None:
    """Events that last several days as translucent bars from their first to their last day."""
    if periods.empty:
        return
    xs, ys = [], []
    for start, end, y_pos in zip(periods["date"], periods["end_date"], periods["_y"], strict=True):
        xs += [start, end, None]
        ys += [y_pos, y_pos, None]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": colour, "width": 7},
            opacity=0.45,
            name=name,
            meta="period",
            **QUIET,
        ),
        row=1,
        col=1,
    )


def weekly_counts(rows: pd.DataFrame, order: list[str]) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Events per week (Monday start) per lane: the week starts and a lanes × weeks count matrix."""
    week = week_index(rows["date"])
    first, last = int(week.min()), int(week.max())
    n_weeks = last - first + 1
    lane_code = pd.Categorical(rows["lane"], categories=order).codes.astype(np.int64)
    flat = np.bincount(lane_code * n_weeks + (week - first), minlength=len(order) * n_weeks)
    return week_start(np.arange(first, last + 1)), flat.reshape(len(order), n_weeks)


def _add_weekly_strips(fig, rows, order, lanes, labels: Labels) -> None:
    lang = labels.lang
    weeks, counts = weekly_counts(rows, order)
    week_labels = [fmt_date(w, lang, "week") for w in weeks]
    number = Memo(lambda n: fmt_number(n, lang))
    lane_labels = [_lane_label(lane, lanes, labels) for lane in order]
    text = [
        [
            t("timeline_page.week_hover", lang, lane=esc(lane), week=esc(week), n=number[int(n)])
            for week, n in zip(week_labels, counts[i], strict=True)
        ]
        for i, lane in enumerate(lane_labels)
    ]
    z = np.where(counts > 0, counts, np.nan)
    fig.add_trace(
        go.Heatmap(
            x=weeks + pd.Timedelta(days=3.5),
            y=list(range(len(order))),
            z=z,
            text=text,
            hoverinfo="text",
            colorscale=[[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]],
            xgap=1,
            ygap=3,
            colorbar={
                "title": {"text": t("timeline_page.per_week", lang), "side": "right"},
                "len": 0.5,
                "y": 1,
                "yanchor": "top",
                "thickness": 12,
            },
            name=t("timeline_page.per_week", lang),
            meta="weekly",
        ),
        row=1,
        col=1,
    )


def _time_range(events: pd.DataFrame, figures: pd.DataFrame | None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    dates = [events["date"], events["end_date"]]
    if figures is not None:
        dates.append(figures["claimed_on"])
    values = pd.concat([d for d in dates if len(d)]) if any(len(d) for d in dates) else pd.Series(dtype="M8[ns]")
    values = values.dropna()
    if values.empty:
        return None
    pad = max(pd.Timedelta(days=5), (values.max() - values.min()) * 0.02)
    return values.min() - pad, values.max() + pad


def _axes(fig, events, figures, order, lane_labels, lanes, lang, overlay) -> None:
    fig.update_layout(
        hoverlabel_bgcolor="white",
        legend={"orientation": "v", "x": 1.01, "y": 0.0, "yanchor": "bottom", "groupclick": "toggleitem"},
        showlegend=overlay,
        dragmode="zoom",
        clickmode="event+select",
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(order))),
        ticktext=[esc(text) for text in lane_labels],
        range=list(fig.layout.yaxis.range or (len(order) - 0.4, -0.6)),  # key-event labels may widen it
        title={"text": t(f"timeline_page.lanes_{lanes}", lang), "standoff": 14},
        showgrid=True,
        gridcolor=GRID,
        zeroline=False,
        fixedrange=True,
        automargin=True,
        row=1,
        col=1,
    )
    span = _time_range(events, figures)
    if span is not None:
        ticks, tick_text = date_ticks(span[0], span[1], lang)
        fig.update_xaxes(
            range=list(span), tickmode="array", tickvals=ticks, ticktext=tick_text, showgrid=True, gridcolor=GRID
        )
    fig.update_xaxes(showticklabels=True, row=1, col=1)
    if overlay:
        fig.update_yaxes(
            type=claims_axis_type(figures),
            title={"text": t("timeline_page.claimed_number", lang)},
            showgrid=True,
            gridcolor=GRID,
            automargin=True,
            row=2,
            col=1,
        )
        for annotation in fig.layout.annotations[:2]:
            annotation.update(x=0, xanchor="left", font={"size": 13, "color": "#333"})
