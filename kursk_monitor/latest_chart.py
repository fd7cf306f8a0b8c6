"""The latest claim per claimant as a chart: one row per claimant, highest on top.

The rows come from `claims.latest_by_claimant` (headline claims only). Each label says how many
confirmations and repetitions the claim has; a claim graded 5 or 6 is drawn faded with a "?"
and does not set the scale unless `full_weight` is asked for (beyond the scale it sits on the
right edge with an arrow).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kursk_monitor import claim_marks, claim_rules, i18n, qualifiers
from kursk_monitor.chart_frame import frame
from kursk_monitor.figures import (
    GRID,
    ChartContext,
    _hover_texts,
    _marker_line,
    _nothing_to_show,
    claim_points,
    claim_text,
    when_text,
)
from kursk_monitor.i18n import t


def latest_comparison(
    latest: pd.DataFrame,
    metric: str,
    as_of: pd.Timestamp,
    chart: ChartContext,
    *,
    log_x: bool = False,
    full_weight: bool = False,
) -> go.Figure:
    """Each claimant's latest claim as a dot with its range, sorted so the highest is on top.

    Open-ended claims continue as a dotted line: to the right edge for "at least"/"more than",
    to zero for "up to".
    """
    lang = chart.lang
    metric_name = chart.labels.vocab("metric", metric)
    title = t("figures_page.latest_title", lang, metric=metric_name, date=i18n.fmt_date(as_of, lang))
    fig = go.Figure()
    rows = latest[latest["metric"] == metric]
    if rows.empty:
        frame(fig, title, lang, subtitle=[chart.subtitle], foot=chart.foot([]), plot_height=220)
        return _nothing_to_show(fig, chart)
    points = claim_points(rows)
    faded = claim_rules.is_faded(points) & (not full_weight)
    points = points.assign(
        sort_name=[chart.name(a).casefold() for a in points["claimant_id"]], faded=faded
    ).sort_values(["y", "sort_name"], ascending=[True, False], kind="stable")
    scaled = points[~points["faded"]] if (~points["faded"]).any() else points
    finite_top = float(np.nanmax(np.fmax(scaled["high"].to_numpy(), scaled["y"].to_numpy())))
    x_max = finite_top * 1.25 if finite_top > 0 else 1.0
    positive = points.loc[points["low"] > 0, "low"]
    x_min = float(positive.min()) / 2 if log_x and not positive.empty else 0.0
    labels = [_add_latest_row(fig, points.loc[[index]], chart, (x_min, x_max)) for index in points.index]
    notes = [("key", t("figures_page.key_latest", lang))]
    if points["faded"].any():
        notes.append(("note", t("claims_app.key_latest_faded", lang)))
    foot = chart.foot(rows["source_ids"], *notes)
    frame(fig, title, lang, subtitle=[chart.subtitle], foot=foot, plot_height=60 + 44 * len(points), margin={"l": 20})
    fig.update_xaxes(
        title_text=t("figures_page.axis_number", lang, metric=metric_name),
        type="log" if log_x else "linear",
        range=[math.log10(x_min), math.log10(x_max)] if log_x else [0, x_max],
        tickformat=",d" if not log_x else None,
        gridcolor=GRID,
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, automargin=True, gridcolor="#F0F0F0")
    fig.update_layout(hovermode="closest")
    return fig


def _label(row: pd.Series, chart: ChartContext) -> str:
    """'about 10,000 · 4 Nov 2025 · 2 confirmations, 1 repetition'."""
    claim = claim_text(row["low"], row["high"], row["qualifier"], chart.lang)
    when = when_text(row["claimed_on"], row.get("date_precision", "day") or "day", chart.lang)
    echoes = claim_marks.echo_summary(int(row.get("confirmations", 0)), int(row.get("repetitions", 0)), chart.lang)
    return " · ".join(part for part in (claim, when, echoes) if part)


def _add_latest_row(fig: go.Figure, one: pd.DataFrame, chart: ChartContext, x_range: tuple[float, float]) -> str:
    """One claimant's dot, range bar and open end; returns the row's label."""
    row = one.iloc[0]
    claimant_id = row["claimant_id"]
    colour, symbol = chart.style(claimant_id)
    name = chart.name(claimant_id)
    row_label = name if len(name) <= 64 else name[:62] + "…"
    faded = bool(row["faded"])
    x = min(row["y"], x_range[1]) if faded else row["y"]
    if row["qualifier"] in qualifiers.OPEN_ABOVE and not faded:
        fig.add_trace(_open_line(row["y"], x_range[1], row_label, colour))
    elif row["qualifier"] in qualifiers.OPEN_BELOW and not faded:
        fig.add_trace(_open_line(max(x_range[0], 0.0), row["y"], row_label, colour))
    text = _label(row, chart)
    if faded:
        text = ("↑? " if row["y"] > x_range[1] else "? ") + text
    hover = _hover_texts(one, name, chart, short=False)
    extra = claim_marks.details(one, one, chart)
    fig.add_trace(
        go.Scatter(
            x=[x],
            y=[row_label],
            mode="markers+text",
            text=[text],
            textposition="top center",
            textfont={"size": 11, "color": "#777777" if faded else "#222222"},
            marker={
                "color": colour,
                "symbol": f"{symbol}-open" if row["open_ended"] else symbol,
                "size": 13,
                "line": _marker_line(row["open_ended"], colour, 2.5, 0.8),
                "opacity": claim_marks.FADED_OPACITY if faded else 1.0,
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [0 if faded else row["high"] - row["y"]],
                "arrayminus": [0 if faded else row["y"] - row["low"]],
                "color": colour,
                "thickness": 4,
                "width": 0,
            },
            name=name,
            showlegend=False,
            hovertext=[f"{h}<br>{e}" if e else h for h, e in zip(hover, extra, strict=True)],
            hoverinfo="text",
            cliponaxis=False,
            meta={"claimant_id": claimant_id, "qualifier": row["qualifier"], "faded": faded},
        )
    )
    return row_label


def _open_line(start: float, end: float, row_label: str, colour: str) -> go.Scatter:
    return go.Scatter(
        x=[start, end],
        y=[row_label, row_label],
        mode="lines",
        line={"color": colour, "width": 2, "dash": "dot"},
        hoverinfo="skip",
        showlegend=False,
        meta={"open_line": True},
    )
