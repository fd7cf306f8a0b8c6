"""The timeline's second layer: figure claims on a log axis under the events, one series per
claimant (each claim where `kursk_monitor.qualifiers` draws it, its range as a bar), or one point
per metric and week when there are many; and the week arithmetic both layers use.
"""

from __future__ import annotations

from itertools import cycle

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kursk_monitor import qualifiers
from kursk_monitor.chart_frame import empty_message, esc
from kursk_monitor.i18n import fmt_date, fmt_number, t
from kursk_monitor.labels import Labels
from kursk_monitor.schema import METRICS
from kursk_monitor.style import OKABE_ITO, OTHER_COLOUR
from kursk_monitor.timeline_text import Memo, figure_hover

METRIC_COLOURS = dict(
    zip(METRICS, cycle(OKABE_ITO[c] for c in ("blue", "vermillion", "bluish_green", "orange", "black")))
)


def week_index(dates: pd.Series) -> np.ndarray:
    """Monday-based week number of each date (1 January 1970 was a Thursday)."""
    days = dates.to_numpy(dtype="datetime64[D]").astype(np.int64)
    return (days + 3) // 7


def week_start(index: np.ndarray) -> pd.DatetimeIndex:
    """The Monday that starts each week number of `week_index`."""
    return pd.DatetimeIndex((np.asarray(index, dtype=np.int64) * 7 - 3).astype("datetime64[D]")).as_unit("ns")


def add_figure_layer(fig, figures: pd.DataFrame, labels: Labels, aggregate_above: int) -> None:
    """The claims under the events: per claimant, or per metric and week above `aggregate_above`."""
    if figures.empty:
        empty_message(fig, labels.t("timeline_page.no_figures"), "x2 domain", "y2 domain")
    elif len(figures) > aggregate_above:
        _add_weekly_claims(fig, figures, labels)
    else:
        _add_claims(fig, figures, labels)


def weekly_claims(figures: pd.DataFrame) -> pd.DataFrame:
    """Per metric and week (Monday start): lowest, highest and median drawn number, and how many claims."""
    low = figures["value_low"].astype(float).to_numpy()
    high = figures["value_high"].astype(float).to_numpy()
    frame = pd.DataFrame(
        {
            "week": week_start(week_index(figures["claimed_on"])),
            "metric": figures["metric"].to_numpy(),
            "low": low,
            "high": high,
            "mid": qualifiers.drawn_values(low, high, figures["qualifier"].to_numpy(dtype=object)),
        }
    )
    return frame.groupby(["metric", "week"]).agg(
        low=("low", "min"), high=("high", "max"), mid=("mid", "median"), n=("mid", "size")
    )


def _add_weekly_claims(fig, figures: pd.DataFrame, labels: Labels) -> None:
    """Per metric and week: the median claim, a bar from the lowest to the highest."""
    lang = labels.lang
    number = Memo(lambda n: fmt_number(n, lang))
    week_text = Memo(lambda w: esc(fmt_date(w, lang, "week")))
    weekly = weekly_claims(figures)
    for metric in [m for m in METRICS if m in weekly.index.get_level_values(0)]:
        part = weekly.loc[metric]
        name = labels.vocab("metric", metric)
        texts = [
            t(
                "timeline_page.claims_week_hover",
                lang,
                metric=esc(name),
                week=week_text[w],
                n=number[int(r.n)],
                low=number[int(r.low)],
                high=number[int(r.high)],
                mid=number[int(r.mid)],
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


def _add_claims(fig, figures: pd.DataFrame, labels: Labels) -> None:
    """One series per claimant on a log axis: each claim where its qualifier puts it, its range as a bar."""
    hover = pd.Series(figure_hover(figures, labels), index=figures.index)
    low = figures["value_low"].astype(float)
    high = figures["value_high"].astype(float)
    drawn = qualifiers.drawn_values(low, high, figures["qualifier"].to_numpy(dtype=object))
    mid = pd.Series(np.maximum(drawn, 1), index=figures.index)
    for claimant in sorted(set(figures["claimant_id"]), key=lambda a: labels.actor(a).casefold()):
        part = figures[figures["claimant_id"] == claimant]
        colour, symbol = labels.style(claimant)
        part_mid = mid.loc[part.index]
        fig.add_trace(
            go.Scatter(
                x=part["claimed_on"],
                y=part_mid,
                error_y={
                    "type": "data",
                    "array": np.maximum(high.loc[part.index] - part_mid, 0),
                    "arrayminus": np.maximum(part_mid - np.maximum(low.loc[part.index], 1), 0),
                    "thickness": 1.2,
                    "width": 3,
                    "color": colour,
                },
                mode="markers",
                marker={"color": colour, "symbol": symbol, "size": 9, "line": {"color": "white", "width": 0.8}},
                name=labels.actor(claimant),
                hovertext=hover.loc[part.index].tolist(),
                hoverinfo="text",
                customdata=part[["figure_id"]].to_numpy(),
                legendgroup="figures",
                legendgrouptitle={"text": labels.t("timeline_page.figures_legend")},
                meta="figures",
            ),
            row=2,
            col=1,
        )
