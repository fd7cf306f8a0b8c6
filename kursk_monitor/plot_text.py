"""Text inside plotly figures: data made inert for plotly's HTML subset, and the foot lines."""

from __future__ import annotations

import html

import plotly.graph_objects as go

FOOT_FONT = {"size": 11, "color": "#555555"}


def esc(text: object) -> str:
    """Data text made inert for plotly's small HTML subset (`<b>`, `<br>`, links)."""
    return html.escape(str(text), quote=False)


def add_foot(fig: go.Figure, text: str, yshift: int, name: str | None = None) -> None:
    """A grey line (or `<br>`-joined lines) under the plot's bottom-left corner; `text` is markup."""
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=yshift,
        showarrow=False,
        align="left",
        font=FOOT_FONT,
        name=name,
    )
