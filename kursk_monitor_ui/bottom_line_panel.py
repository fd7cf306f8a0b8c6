"""The overview's bottom line up front: one line per key question, built by `kursk_monitor.bottom_line`."""

from __future__ import annotations

import streamlit as st

from kursk_monitor.bottom_line import bottom_line
from kursk_monitor_ui.shell import Context


def render_bottom_line(ctx: Context) -> None:
    """The range of the latest independent assessments per question, claimants and grades beside it."""
    rows = bottom_line(ctx.selection, ctx.labels)
    md_escape = ctx.labels.md
    if rows.empty:
        return
    with st.container(border=True, key="overview_bottom_line"):
        st.subheader(ctx.t("claims_app.bottom_heading"), anchor=False)
        st.caption(ctx.t("claims_app.bottom_caption"))
        for row in rows.to_dict("records"):
            question, answer, detail = st.columns([2, 3, 7], vertical_alignment="top")
            question.markdown(f"**{md_escape(row['question'])}**")
            answer.markdown(f"**{md_escape(row['range'])}**")
            lines = [md_escape(claim) for claim in row["claims"].splitlines()]
            apart = ctx.t("claims_app.col_apart")
            lines += [f":gray[{md_escape(apart)}: {md_escape(claim)}]" for claim in row["apart"].splitlines()]
            detail.markdown("  \n".join(lines) or "–")
