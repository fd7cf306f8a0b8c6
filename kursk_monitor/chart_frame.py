"""The one frame every plotly figure wears, so a PNG or a screenshot stands on its own: fonts, the
title, the filter sentence as subtitle, foot lines (sources, as-of date, key, notes), margins and
the language's number separators. Data text is made inert for plotly's small HTML subset here.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from kursk_monitor import freshness

FONT = "Arial, Helvetica, sans-serif"
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720  # a 16:9 slide; PNGs are written at scale 1.5 -> 1920×1080
TEXT_COLOUR = "#222222"
FOOT_FONT = {"size": 11, "color": "#555555"}
SUBTITLE_WIDTH = 140
FOOT_WIDTH = 170
LINE_PX = {"subtitle": 16, "foot": 15}
TITLE_PX = 74  # space above the plot for the title alone
TITLE_PAD_PX = 24  # from the top edge to the title
TICK_STANDOFF_PX = {"x": 6, "y": 8}  # keeps the lowest y label clear of the first x label
FOOT_GAP_PX = 60  # from the plot's bottom edge to the first foot line (room for the x axis)
BOTTOM_PX = 78  # below the plot with no foot lines

Foot = Sequence[tuple[str, str]]  # (name, plain text) per foot line, top to bottom


def esc(text: object) -> str:
    """Data text made inert for plotly's small HTML subset (`<b>`, `<br>`, links)."""
    return html.escape(str(text), quote=False)


def wrap(text: str, width: int = SUBTITLE_WIDTH) -> list[str]:
    """Plain text broken into lines of at most `width` characters (none for empty text)."""
    return textwrap.wrap(text, width) if text else []


def as_of_line(as_of: pd.Timestamp | None, lang: str) -> str:
    """'Data as of 24 October 2024' (with the data's age when it is stale), or '' without a date."""
    return freshness.as_of_text(as_of, lang)


def frame(
    fig: go.Figure,
    title: str,
    lang: str,
    *,
    subtitle: Sequence[str] = (),
    foot: Foot = (),
    plot_height: int | None = None,
    height: int | None = None,
    margin: dict | None = None,
    foot_gap: int = FOOT_GAP_PX,
) -> None:
    """Dress `fig`: bold title, subtitle lines (the filter sentence first), named foot lines.

    Give `plot_height` for a figure that grows with its title and foot, or `height` for a fixed
    size (a slide). Every text is plain and escaped here.
    """
    sub_lines = [line for text in subtitle for line in wrap(text)]
    foot_items = [(name, wrap(text, FOOT_WIDTH)) for name, text in foot if text]
    top = TITLE_PX + LINE_PX["subtitle"] * len(sub_lines)
    bottom = BOTTOM_PX + LINE_PX["foot"] * sum(len(lines) for _name, lines in foot_items)
    fig.update_layout(
        title=_title(title, sub_lines),
        font={"family": FONT, "size": 12, "color": TEXT_COLOUR},
        template="plotly_white",
        height=height or (plot_height or 400) + top + 12 + bottom,
        margin={"t": top + 12, "b": bottom, "l": 70, "r": 20, **(margin or {})},
        separators=".," if lang == "en" else ",.",
        hoverlabel={"font": {"family": FONT, "size": 12}, "align": "left"},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    fig.update_xaxes(ticklabelstandoff=TICK_STANDOFF_PX["x"])
    fig.update_yaxes(ticklabelstandoff=TICK_STANDOFF_PX["y"])
    shift = -foot_gap
    for name, lines in foot_items:
        add_foot(fig, "<br>".join(esc(line) for line in lines), yshift=shift, name=name)
        shift -= LINE_PX["foot"] * len(lines)


def _title(title: str, sub_lines: list[str]) -> dict:
    """The bold title at the top left, the subtitle lines under it in smaller grey type."""
    spec = {
        "text": f"<b>{esc(title)}</b>",
        "x": 0.01,
        "xanchor": "left",
        "y": 1,
        "yanchor": "top",
        "yref": "container",
        "pad": {"t": TITLE_PAD_PX},
        "font": {"size": 17},
    }
    if sub_lines:
        spec["subtitle"] = {
            "text": "<br>".join(esc(line) for line in sub_lines),
            "font": {"size": 12, "color": "#444444"},
        }
    return spec


# A foot line hangs from the plot's bottom-left corner, moved down by its `yshift`.
FOOT_PLACE = {"xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "align": "left"}


def add_foot(fig: go.Figure, text: str, yshift: int, name: str | None = None) -> None:
    """A grey line (or `<br>`-joined lines) under the plot's bottom-left corner; `text` is markup."""
    fig.add_annotation(text=text, yshift=yshift, showarrow=False, font=FOOT_FONT, name=name, **FOOT_PLACE)


def empty_message(fig: go.Figure, text: str, xref: str = "paper", yref: str = "paper") -> None:
    """A grey note in the middle of a plot that has nothing to show."""
    fig.add_annotation(
        text=esc(text), xref=xref, yref=yref, x=0.5, y=0.5, showarrow=False, font={"size": 14, "color": "#555555"}
    )
