"""The timeline: events as markers by date (periods as bars) in lanes by category or by actor,
with figure claims as an optional second layer on the same time axis.

`timeline_figure(events, lang, ...)` takes the already filtered events and returns a `go.Figure`
that carries its own title, filter subtitle, source line and as-of stamp. Above
`AGGREGATE_ABOVE` events the markers would overplot, so each lane becomes a strip of weekly
counts instead.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from itertools import chain, cycle

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date as _babel_date
from plotly.subplots import make_subplots

from kursk_monitor import sourcing
from kursk_monitor.i18n import BABEL_LOCALE, fmt_claim, fmt_date, fmt_date_short, fmt_number, label, normalise_lang, t
from kursk_monitor.plot_text import add_foot
from kursk_monitor.plot_text import esc as _esc
from kursk_monitor.schema import CATEGORIES, METRICS
from kursk_monitor.style import CATEGORY_COLOURS, OKABE_ITO, OTHER_COLOUR, claimant_styles

AGGREGATE_ABOVE = 2_000
LANE_MODES = ("category", "actor")
NO_ACTOR = ""
STACK_OFFSETS = (0.0, -0.22, 0.22, -0.44, 0.44)
METRIC_COLOURS = dict(
    zip(METRICS, cycle(OKABE_ITO[c] for c in ("blue", "vermillion", "bluish_green", "orange", "black")))
)
FONT = "Arial, Helvetica, sans-serif"


# --- names and small texts ----------------------------------------------------------------------


def names_of(frame: pd.DataFrame | None, id_column: str, lang: str) -> dict[str, str]:
    """Display names by id, German where present."""
    if frame is None or frame.empty:
        return {}
    german = frame["name_de"] if lang == "de" and "name_de" in frame else frame["name"]
    shown = german.where(german.astype(str).str.strip() != "", frame["name"])
    return dict(zip(frame[id_column], shown, strict=True))


def _wrap(text: str, width: int) -> str:
    if len(text) <= width:
        return _esc(text)
    return "<br>".join(textwrap.wrap(_esc(text), width))


def localized_column(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """`column_de` in German where filled, else `column`."""
    base = frame[column].fillna("").astype(str) if column in frame else pd.Series("", index=frame.index)
    if lang == "de" and f"{column}_de" in frame:
        german = frame[f"{column}_de"].fillna("").astype(str)
        return german.where(german.str.strip() != "", base)
    return base


def event_date_text(start, end, precision: str, lang: str) -> str:
    """'24 October 2024', 'October 2024', or '1 – 14 November 2024' style for periods."""
    first = fmt_date(start, lang, precision or "day")
    if end is None or pd.isna(end) or pd.Timestamp(end) == pd.Timestamp(start):
        return first
    return f"{first} – {fmt_date(end, lang)}"


def source_line(source_ids: Iterable[str], sources: pd.DataFrame | None, lang: str, limit: int = 4) -> str:
    """'Sources: 12 reports — Reuters, KBS World, …' for the sources cited by what is shown."""
    return sourcing.source_line(dict.fromkeys(source_ids), sources, lang, limit, count_more=False)


def date_ticks(start: pd.Timestamp, end: pd.Timestamp, lang: str) -> tuple[list[pd.Timestamp], list[str]]:
    """Tick positions and labels in the language (plotly's own month names are English only)."""
    locale = BABEL_LOCALE[normalise_lang(lang)]
    span = (end - start).days
    if span <= 70:
        ticks = pd.date_range(start.normalize(), end, freq="W-MON")
        return list(ticks), [_babel_date(d.date(), "d MMM", locale=locale) for d in ticks]
    step = 1 if span <= 240 else 2 if span <= 540 else 3
    first = (start + pd.offsets.MonthBegin(0)).normalize()
    ticks = [d for d in pd.date_range(first, end, freq="MS") if (d.month - 1) % step == 0]
    return ticks, [_babel_date(d.date(), "MMM y", locale=locale) for d in ticks]


# --- lanes ---------------------------------------------------------------------------------------


LANE_COLUMNS = ("event_id", "date", "end_date", "category", "actor_ids")


def lane_rows(events: pd.DataFrame, lanes: str, actors: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str]]:
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
        country = dict(zip(actors["actor_id"], actors["country"], strict=True)) if actors is not None else {}
        order = sorted((a for a in present if a != NO_ACTOR), key=lambda a: (country.get(a, "~"), a))
        if NO_ACTOR in present:
            order.append(NO_ACTOR)
        return rows, order
    rows = lean.assign(lane=lean["category"])
    present = set(pd.unique(rows["lane"]))
    return rows, [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))


def _lane_style(lanes: str, actors: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    if lanes == "actor":
        styles = claimant_styles(actors) if actors is not None and not actors.empty else {}
        styles[NO_ACTOR] = (OTHER_COLOUR, "circle-open")
        return styles
    return {c: (colour, "circle") for c, colour in CATEGORY_COLOURS.items()}


def _lane_label(lane: str, lanes: str, actor_names: dict[str, str], lang: str) -> str:
    if lanes == "actor":
        return actor_names.get(lane, lane) if lane != NO_ACTOR else t("timeline_page.no_actor", lang)
    return label("category", lane, lang)


def _stack_offsets(rows: pd.DataFrame) -> np.ndarray:
    """Small vertical offsets so events on the same day in the same lane do not hide each other."""
    rank = rows.groupby(["lane", "date"], sort=False).cumcount().to_numpy()
    return np.asarray(STACK_OFFSETS)[rank % len(STACK_OFFSETS)]


class _Memo(dict):
    """Formats each distinct value once (babel is slow when called thousands of times)."""

    def __init__(self, fmt):
        super().__init__()
        self.fmt = fmt

    def __missing__(self, key):
        value = self[key] = self.fmt(key)
        return value


# --- hover texts --------------------------------------------------------------------------------


def grade_text(reliability: str, credibility: object, lang: str) -> str:
    """ "B – usually reliable · 2 – probably true"."""
    return f"{label('reliability', reliability, lang)} · {label('credibility', str(credibility), lang)}"


def event_hover(
    events: pd.DataFrame,
    lang: str,
    actor_names: dict[str, str],
    location_names: dict[str, str],
    sources: pd.DataFrame | None,
) -> list[str]:
    """The hover text of each event (in row order): title, date and precision, actors, place, sources, grade."""
    publisher = sourcing.publisher_of(sources)
    labels = {
        "actors": t("common.actors", lang),
        "place": t("common.location", lang),
        "sources": t("common.sources", lang),
        "grade": t("common.grade", lang),
    }
    when_text = _Memo(lambda key: _esc(event_date_text(key[0], key[1], key[2], lang)))
    precision_text = _Memo(lambda p: _esc(t(f"timeline_page.precision_{p or 'day'}", lang)))
    category_text = _Memo(lambda c: _esc(label("category", c, lang)))
    grade = _Memo(lambda key: _esc(grade_text(key[0], key[1], lang)))
    place = _Memo(lambda p: _esc(location_names.get(p, p) or "–"))
    columns = zip(
        localized_column(events, "title", lang).tolist(),
        events["date"].tolist(),
        events["end_date"].tolist(),
        events["date_precision"].tolist(),
        events["category"].tolist(),
        events["actor_ids"].tolist(),
        events["location_id"].tolist(),
        events["source_ids"].tolist(),
        events["reliability"].tolist(),
        events["credibility"].tolist(),
        strict=True,
    )
    lines = []
    for title, start, end, precision, category, actor_ids, location_id, source_ids, reliability, credibility in columns:
        end = None if end is None or pd.isna(end) else end
        who = ", ".join(actor_names.get(a, a) for a in actor_ids) or "–"
        cited = [publisher.get(s, s) for s in source_ids]
        shown = "; ".join(dict.fromkeys(cited[:3])) + (f" (+{len(cited) - 3})" if len(cited) > 3 else "")
        lines.append(
            f"<b>{_wrap(title, 60)}</b><br>"
            f"{when_text[start, end, precision]} ({precision_text[precision]}) · {category_text[category]}<br>"
            f"{labels['actors']}: {_wrap(who, 70)}<br>"
            f"{labels['place']}: {place[location_id]}<br>"
            f"{labels['sources']}: {_wrap(shown, 70)}<br>"
            f"{labels['grade']}: {grade[reliability, credibility]}"
        )
    return lines


def figure_hover(
    figures: pd.DataFrame,
    lang: str,
    actor_names: dict[str, str],
    location_names: dict[str, str],
    sources: pd.DataFrame | None,
) -> list[str]:
    """The hover text of each claim (in row order): claimant, metric and number, date, place, sources, grade."""
    publisher = sourcing.publisher_of(sources)
    labels = {
        "place": t("common.location", lang),
        "sources": t("common.sources", lang),
        "grade": t("common.grade", lang),
    }
    metric_text = _Memo(lambda m: _esc(label("metric", m, lang)))
    grade = _Memo(lambda key: _esc(grade_text(key[0], key[1], lang)))
    place = _Memo(lambda p: _esc(location_names.get(p, p) or "–"))
    day = _Memo(lambda key: _esc(fmt_date(key[0], lang, key[1] or "day")))
    precision = figures["date_precision"].tolist() if "date_precision" in figures else ["day"] * len(figures)
    location = figures["location_id"].tolist() if "location_id" in figures else [""] * len(figures)
    columns = zip(
        figures["claimant_id"].tolist(),
        figures["metric"].tolist(),
        figures["value_low"].tolist(),
        figures["value_high"].tolist(),
        figures["qualifier"].tolist(),
        figures["claimed_on"].tolist(),
        precision,
        location,
        figures["source_ids"].tolist(),
        figures["reliability"].tolist(),
        figures["credibility"].tolist(),
        strict=True,
    )
    lines = []
    for claimant, metric, low, high, qualifier, claimed_on, prec, loc, source_ids, reliability, credibility in columns:
        cited = "; ".join(dict.fromkeys(publisher.get(s, s) for s in source_ids))
        number = _esc(fmt_claim(int(low), int(high), qualifier, lang))
        lines.append(
            f"<b>{_esc(actor_names.get(claimant, claimant))}</b><br>"
            f"{metric_text[metric]}: <b>{number}</b><br>"
            f"{day[claimed_on, prec]}<br>"
            f"{labels['place']}: {place[loc]}<br>"
            f"{labels['sources']}: {_wrap(cited, 70)}<br>"
            f"{labels['grade']}: {grade[reliability, credibility]}"
        )
    return lines


# --- the figure ---------------------------------------------------------------------------------


def timeline_figure(
    events: pd.DataFrame,
    lang: str,
    *,
    lanes: str = "category",
    actors: pd.DataFrame | None = None,
    locations: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    figures: pd.DataFrame | None = None,
    subtitle: str = "",
    as_of: pd.Timestamp | None = None,
    aggregate_above: int = AGGREGATE_ABOVE,
    highlight: str | None = None,
) -> go.Figure:
    """The timeline of `events` (already filtered); `figures` adds the claims as a second layer."""
    lang = normalise_lang(lang)
    lanes = lanes if lanes in LANE_MODES else "category"
    actor_names = names_of(actors, "actor_id", lang)
    location_names = names_of(locations, "location_id", lang)
    overlay = figures is not None
    fig = make_subplots(
        rows=2 if overlay else 1,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        row_heights=[0.64, 0.36] if overlay else None,
        subplot_titles=(t("timeline_page.events_layer", lang), t("timeline_page.figures_layer", lang))
        if overlay
        else None,
    )
    rows, order = lane_rows(events, lanes, actors)
    aggregated = len(events) > aggregate_above
    if order:
        if aggregated:
            _add_weekly_strips(fig, rows, order, lanes, actor_names, lang)
        else:
            _add_markers(fig, events, rows, order, lanes, actors, actor_names, location_names, sources, lang, highlight)
    else:
        fig.add_annotation(
            text=t("timeline_page.no_events", lang), x=0.5, y=0.5, xref="x domain", yref="y domain", showarrow=False
        )
    shown_sources = list(chain.from_iterable(events["source_ids"]))
    if overlay:
        _add_figure_layer(fig, figures, lang, actors, actor_names, location_names, sources, aggregate_above)
        shown_sources += list(chain.from_iterable(figures["source_ids"]))
    lane_labels = [_lane_label(lane, lanes, actor_names, lang) for lane in order]
    _layout(fig, events, figures, order, lane_labels, lanes, lang, subtitle, aggregated, overlay)
    _footer(fig, source_line(shown_sources, sources, lang), as_of, lang)
    return fig


def _add_markers(
    fig, events, rows, order, lanes, actors, actor_names, location_names, sources, lang, highlight
) -> None:
    lane_index = {lane: i for i, lane in enumerate(order)}
    styles = _lane_style(lanes, actors)
    hover = np.asarray(event_hover(events, lang, actor_names, location_names, sources), dtype=object)
    rows = rows.sort_values(["date", "event_id"], kind="stable")
    y = rows["lane"].map(lane_index).to_numpy(dtype=float) + _stack_offsets(rows)
    rows = rows.assign(_y=y)
    for lane in order:
        part = rows[rows["lane"] == lane]
        colour, symbol = styles.get(lane, (OTHER_COLOUR, "circle"))
        name = _lane_label(lane, lanes, actor_names, lang)
        periods = part[part["end_date"].notna() & (part["end_date"] > part["date"])]
        if not periods.empty:
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
                    hoverinfo="skip",
                    showlegend=False,
                    name=name,
                    meta="period",
                ),
                row=1,
                col=1,
            )
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["_y"],
                mode="markers",
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": 11,
                    "line": {"color": "white", "width": 1},
                },
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
    if highlight is not None:
        picked = rows[rows["event_id"] == highlight]
        if not picked.empty:
            fig.add_trace(
                go.Scatter(
                    x=picked["date"],
                    y=picked["_y"],
                    mode="markers",
                    marker={"size": 22, "symbol": "circle-open", "color": OKABE_ITO["black"], "line": {"width": 2.5}},
                    hoverinfo="skip",
                    showlegend=False,
                    name=t("timeline_page.selected", lang),
                    meta="selected",
                ),
                row=1,
                col=1,
            )


def week_index(dates: pd.Series) -> np.ndarray:
    """Monday-based week number of each date (1 January 1970 was a Thursday)."""
    days = dates.to_numpy(dtype="datetime64[D]").astype(np.int64)
    return (days + 3) // 7


def week_start(index: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex((np.asarray(index, dtype=np.int64) * 7 - 3).astype("datetime64[D]")).as_unit("ns")


def weekly_counts(rows: pd.DataFrame, order: list[str]) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Events per week (Monday start) per lane: the week starts and a lanes × weeks count matrix."""
    week = week_index(rows["date"])
    first, last = int(week.min()), int(week.max())
    n_weeks = last - first + 1
    lane_code = pd.Categorical(rows["lane"], categories=order).codes.astype(np.int64)
    flat = np.bincount(lane_code * n_weeks + (week - first), minlength=len(order) * n_weeks)
    return week_start(np.arange(first, last + 1)), flat.reshape(len(order), n_weeks)


def _add_weekly_strips(fig, rows, order, lanes, actor_names, lang) -> None:
    weeks, counts = weekly_counts(rows, order)
    week_labels = [fmt_date(w, lang, "week") for w in weeks]
    number = _Memo(lambda n: fmt_number(n, lang))
    lane_labels = [_lane_label(lane, lanes, actor_names, lang) for lane in order]
    text = [
        [
            t("timeline_page.week_hover", lang, lane=_esc(lane), week=_esc(week), n=number[int(n)])
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


def _add_figure_layer(fig, figures, lang, actors, actor_names, location_names, sources, aggregate_above) -> None:
    if figures.empty:
        fig.add_annotation(
            text=t("timeline_page.no_figures", lang), x=0.5, y=0.5, xref="x2 domain", yref="y2 domain", showarrow=False
        )
        return
    low = figures["value_low"].astype(float).to_numpy()
    high = figures["value_high"].astype(float).to_numpy()
    if len(figures) > aggregate_above:
        number = _Memo(lambda n: fmt_number(n, lang))
        week_text = _Memo(lambda w: _esc(fmt_date(w, lang, "week")))
        frame = pd.DataFrame(
            {
                "week": week_start(week_index(figures["claimed_on"])),
                "metric": figures["metric"].to_numpy(),
                "low": low,
                "high": high,
                "mid": (low + high) / 2,
            }
        )
        weekly = frame.groupby(["metric", "week"]).agg(
            low=("low", "min"), high=("high", "max"), mid=("mid", "median"), n=("mid", "size")
        )
        for metric in [m for m in METRICS if m in weekly.index.get_level_values(0)]:
            part = weekly.loc[metric]
            name = label("metric", metric, lang)
            texts = [
                (
                    t(
                        "timeline_page.claims_week_hover",
                        lang,
                        metric=_esc(name),
                        week=week_text[w],
                        n=number[int(r.n)],
                        low=number[int(r.low)],
                        high=number[int(r.high)],
                        mid=number[int(r.mid)],
                    )
                )
                for w, r in zip(part.index, part.itertuples(), strict=True)
            ]
            fig.add_trace(
                go.Scatter(
                    x=part.index,
                    y=np.maximum(part["mid"], 1),
                    error_y={
                        "type": "data",
                        "array": part["high"] - part["mid"],
                        "arrayminus": part["mid"] - np.maximum(part["low"], 1),
                        "thickness": 1,
                        "width": 0,
                    },
                    mode="markers",
                    marker={"color": METRIC_COLOURS.get(metric, OTHER_COLOUR), "size": 6},
                    name=name,
                    hovertext=texts,
                    hoverinfo="text",
                    legendgroup="figures",
                    legendgrouptitle={"text": t("timeline_page.figures_legend_weekly", lang)},
                    meta="figures",
                ),
                row=2,
                col=1,
            )
        return
    styles = claimant_styles(actors) if actors is not None and not actors.empty else {}
    hover = pd.Series(figure_hover(figures, lang, actor_names, location_names, sources), index=figures.index)
    mid = pd.Series(np.maximum((low + high) / 2, 1), index=figures.index)
    for claimant in sorted(set(figures["claimant_id"]), key=lambda a: actor_names.get(a, a).casefold()):
        part = figures[figures["claimant_id"] == claimant]
        colour, symbol = styles.get(claimant, (OTHER_COLOUR, "circle"))
        part_mid = mid.loc[part.index]
        fig.add_trace(
            go.Scatter(
                x=part["claimed_on"],
                y=part_mid,
                error_y={
                    "type": "data",
                    "array": np.maximum(part["value_high"].astype(float) - part_mid, 0),
                    "arrayminus": np.maximum(part_mid - np.maximum(part["value_low"].astype(float), 1), 0),
                    "thickness": 1.2,
                    "width": 3,
                    "color": colour,
                },
                mode="markers",
                marker={"color": colour, "symbol": symbol, "size": 9, "line": {"color": "white", "width": 0.8}},
                name=actor_names.get(claimant, claimant),
                hovertext=hover.loc[part.index].tolist(),
                hoverinfo="text",
                customdata=part[["figure_id"]].to_numpy(),
                legendgroup="figures",
                legendgrouptitle={"text": t("timeline_page.figures_legend", lang)},
                meta="figures",
            ),
            row=2,
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


def _layout(fig, events, figures, order, lane_labels, lanes, lang, subtitle, aggregated, overlay) -> None:
    title = t("timeline_page.chart_title", lang)
    lane_title = t(f"timeline_page.lanes_{lanes}", lang)
    sub_lines = [_wrap(subtitle, 150)] if subtitle else []
    if aggregated:
        sub_lines.append(_esc(t("timeline_page.aggregated_note", lang, n=fmt_number(len(events), lang))))
    events_height = max(220, 34 * len(order) + 60)
    height = 150 + events_height + (300 if overlay else 0) + 90
    fig.update_layout(
        title={
            "text": f"<b>{_esc(title)}</b>",
            "subtitle": {"text": "<br>".join(sub_lines), "font": {"size": 12, "color": "#444"}},
            "x": 0.01,
            "xanchor": "left",
            "y": 0.985,
            "yanchor": "top",
            "font": {"size": 18},
        },
        height=height,
        margin={"l": 10, "r": 20, "t": 110 + 16 * max(len(sub_lines) - 1, 0), "b": 100},
        font={"family": FONT, "size": 12, "color": "#222"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        legend={"orientation": "v", "x": 1.01, "y": 0.0, "yanchor": "bottom", "groupclick": "toggleitem"},
        showlegend=overlay,
        dragmode="zoom",
        clickmode="event+select",
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(order))),
        ticktext=[_esc(text) for text in lane_labels],
        range=[len(order) - 0.4, -0.6],
        title={"text": lane_title, "standoff": 14},
        showgrid=True,
        gridcolor="#eee",
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
            range=list(span), tickmode="array", tickvals=ticks, ticktext=tick_text, showgrid=True, gridcolor="#eee"
        )
    fig.update_xaxes(showticklabels=True, row=1, col=1)
    if overlay:
        fig.update_yaxes(
            type="log",
            title={"text": t("timeline_page.claimed_number", lang)},
            showgrid=True,
            gridcolor="#eee",
            automargin=True,
            row=2,
            col=1,
        )
        for annotation in fig.layout.annotations[:2]:
            annotation.update(x=0, xanchor="left", font={"size": 13, "color": "#333"})


def _footer(fig: go.Figure, sources_text: str, as_of, lang: str) -> None:
    """Source line and as-of stamp, one under the other below the plot, so neither hides the other."""
    lines = [("sources", sources_text, -56)]
    if as_of is not None and pd.notna(as_of):
        lines.append(("as_of", t("common.as_of", lang, date=fmt_date(as_of, lang)), -72))
    for name, text, shift in lines:
        if not text:
            continue
        add_foot(fig, _esc(text), yshift=shift, name=name)


# --- the table ----------------------------------------------------------------------------------


def event_table(
    events: pd.DataFrame,
    lang: str,
    actor_names: dict[str, str],
    location_names: dict[str, str],
    sources: pd.DataFrame | None,
    for_export: bool = False,
) -> pd.DataFrame:
    """The shown events as a readable table (headers in the language), sorted by date.

    On screen an open end date is an empty text; for export it stays a date (written as ISO).
    """
    events = events.sort_values("date", kind="stable")
    publisher = sourcing.publisher_of(sources)
    return pd.DataFrame(
        {
            t("timeline_page.col_id", lang): events["event_id"],
            t("common.date", lang): events["date"],
            t("timeline_page.col_end", lang): events["end_date"]
            if for_export
            else events["end_date"].map(lambda d: fmt_date_short(d, lang) if pd.notna(d) else ""),
            t("timeline_page.col_precision", lang): events["date_precision"].map(
                lambda p: t(f"timeline_page.precision_{p or 'day'}", lang)
            ),
            t("common.title", lang): localized_column(events, "title", lang),
            t("common.category", lang): events["category"].map(lambda c: label("category", c, lang)),
            t("common.actors", lang): events["actor_ids"].map(
                lambda ids: "; ".join(actor_names.get(a, a) for a in ids)
            ),
            t("common.location", lang): events["location_id"].map(lambda p: location_names.get(p, p)),
            t("common.reliability", lang): events["reliability"],
            t("common.credibility", lang): events["credibility"],
            t("common.sources", lang): events["source_ids"].map(
                lambda ids: "; ".join(dict.fromkeys(publisher.get(s, s) for s in ids))
            ),
            t("timeline_page.col_source_ids", lang): events["source_ids"].map("; ".join),
        }
    ).reset_index(drop=True)
