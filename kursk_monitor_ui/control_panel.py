"""The map page's parts for who held which settlement: the legend, the claims about the whole
oblast, each side's latest claim at the chosen place, and the notes on boundaries and basemap."""

from __future__ import annotations

import html

import streamlit as st

from kursk_monitor import control_map
from kursk_monitor.selection import Selection
from kursk_monitor_ui.shell import Context


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
    """Each side's latest control claim at `place`, one short block per side; False when there is none.

    A block, not a table: the side panel is too narrow for six columns, and a block wraps. Every
    text from the data is escaped.
    """
    table = control_map.side_claims(selection, place, ctx.labels)
    if table.empty:
        return False
    md = ctx.labels.md
    st.markdown(f"**{ctx.t('front_map.control_here')}**")
    for row in table.to_dict("records"):
        grade = f"{ctx.t('map_page.col_grade')} {row['grade']}"
        sources = f"{ctx.t('front_map.col_sources')}: {row['sources']}"
        st.markdown(
            f"**{md(row['side'])}** · {md(row['date'])} · {md(grade)}  \n"
            f"{md(row['claim'])} — {md(row['claimant'])}  \n"
            f":gray[{md(sources)}]"
        )
    return True


def notes(ctx: Context, basemap: bool) -> None:
    """The oblast boundaries' credit, and a visible note when the online basemap is chosen."""
    st.caption(ctx.t("front_map.oblast_credit"))
    if basemap:
        st.info(ctx.t("front_map.basemap_offline"))
