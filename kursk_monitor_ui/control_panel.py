"""The map page's parts for who held which settlement: the legend, the claims about the whole
oblast, each side's latest claim at the chosen place, and the notes on boundaries and basemap."""

from __future__ import annotations

import html

import streamlit as st

from kursk_monitor import control_map
from kursk_monitor.selection import Selection
from kursk_monitor_ui import static_table
from kursk_monitor_ui.shell import Context

PANEL_COLUMNS = ("side", "date", "claim", "claimant", "grade", "sources")


def _disc(colour: str, text: str, rim: str = "#3c3c3c", rim_width: int = 1) -> str:
    return (
        f'<span style="display:inline-block;width:11px;height:11px;border-radius:50%;background:{colour};'
        f'border:{rim_width}px solid {rim};margin:0 5px 0 8px;vertical-align:middle"></span>{html.escape(text)}'
    )


def legend_html(ctx: Context) -> str:
    """The control layer's legend as HTML built from our own texts and colours only."""
    swatches = []
    for state in control_map.STATES:
        rim, width = ("#000000", 3) if state == "disputed" else ("#282828", 1)
        swatches.append(_disc(control_map.STATE_COLOURS[state], ctx.t(f"front_map.state_{state}"), rim, width))
    notes = f"{ctx.t('front_map.legend_one_side')} {ctx.t('front_map.legend_regions')}"
    return (
        f"<div>{html.escape(ctx.t('front_map.legend_control'))}<br>{' '.join(swatches)}<br>{html.escape(notes)}</div>"
    )


def region_claims(ctx: Context, selection: Selection) -> None:
    """Each side's latest claim about the whole oblast, as plain text under the map."""
    lines = control_map.region_lines(selection, ctx.labels)
    if lines:
        st.caption(f"{ctx.t('front_map.region_claims')}: " + " | ".join(ctx.labels.md(line) for line in lines))


def place_control(ctx: Context, selection: Selection, place: str) -> bool:
    """Each side's latest control claim at `place`, as a small table; False when there is none."""
    table = control_map.side_claims(selection, place, ctx.labels)
    if table.empty:
        return False
    st.markdown(f"**{ctx.t('front_map.control_here')}**")
    static_table.show(table[list(PANEL_COLUMNS)], ctx.labels, {name: _header(ctx, name) for name in PANEL_COLUMNS})
    return True


def _header(ctx: Context, name: str) -> str:
    return ctx.t(f"front_map.col_{name}") if name in ("side", "claim", "sources") else ctx.t(f"map_page.col_{name}")


def notes(ctx: Context, basemap: bool) -> None:
    """The oblast boundaries' credit, and a visible note when the online basemap is chosen."""
    st.caption(ctx.t("front_map.oblast_credit"))
    if basemap:
        st.info(ctx.t("front_map.basemap_offline"))
