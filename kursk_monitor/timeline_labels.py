"""Labels a slide needs on the timeline: the key events' short titles next to their markers, and
the scale of the claims layer (one metric reads on a plain axis, several need a log axis)."""

from __future__ import annotations

import pandas as pd

from kursk_monitor.chart_frame import esc
from kursk_monitor.timeline_text import localized_column

LABEL_CHARS = 28
LABEL_ROWS = 4  # rows of labels in a band above the top lane
ROW_HEIGHT = 0.6  # in lanes
ROW_SHARE = 0.3  # labels in one row stand at least this share of the time span apart


def key_event_labels(fig, events: pd.DataFrame, rows: pd.DataFrame, lang: str) -> int:
    """Short titles of the key events (`key` = 1) in a band above the lanes, each with a line to its
    marker; returns how many rows of labels the band needs (0: none).

    Each label takes the first row where it keeps its distance from the label before it; a key
    event with no free row keeps its marker and hover only, so labels never cover each other.
    """
    if "key" not in events or rows.empty:
        return 0
    is_key = events["key"].astype(str).str.strip().eq("1").to_numpy()
    picked = rows[is_key[rows["_pos"].to_numpy()]].drop_duplicates("event_id").sort_values("date", kind="stable")
    if picked.empty:
        return 0
    span = max(rows["date"].max() - rows["date"].min(), pd.Timedelta(days=14))
    titles = localized_column(events, "title", lang).to_numpy()
    last_in_row: list[pd.Timestamp | None] = [None] * LABEL_ROWS
    for day, y_pos, pos in zip(picked["date"], picked["_y"], picked["_pos"], strict=True):
        row = next((i for i, last in enumerate(last_in_row) if last is None or day - last >= span * ROW_SHARE), None)
        if row is None:
            continue
        last_in_row[row] = day
        title = titles[pos]
        short = title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1].rstrip() + "…"
        fig.add_annotation(
            x=day,
            y=y_pos,
            xref="x",
            yref="y",
            text=esc(short),
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="#777",
            ax=day,
            ay=-0.6 - ROW_HEIGHT * (row + 0.5),
            axref="x",
            ayref="y",
            font={"size": 10, "color": "#222"},
            bgcolor="rgba(255,255,255,0.85)",
            borderpad=1,
        )
    return sum(last is not None for last in last_in_row)


def claims_axis_type(figures: pd.DataFrame | None) -> str:
    """'linear' for the claims of one metric, 'log' when several metrics share the axis."""
    if figures is None or figures.empty:
        return "linear"
    return "log" if len(figures["metric"].unique()) > 1 else "linear"


def claims_layer_title(figures: pd.DataFrame | None, labels) -> str:
    """The claims plot's heading: the metric's name when it shows one, else the log-scale note."""
    if figures is None:
        return ""
    metrics = figures["metric"].unique()
    if len(metrics) == 1:
        return labels.t("timeline_claims.one_metric_layer", metric=labels.vocab("metric", metrics[0]))
    return labels.t("timeline_page.figures_layer")
