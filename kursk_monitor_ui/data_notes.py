"""What the overview says about the data itself: the period it covers, how old it is, and which
rows are the analyst's own upload (read from the data and the session, never fixed text).
"""

from __future__ import annotations

import streamlit as st

from kursk_monitor import freshness, i18n
from kursk_monitor_ui.shell import DATA_DIR_STATE, OWN_ROWS, Context


def lead(ctx: Context) -> tuple[str, str]:
    """The tagline and the intro, naming the period the data covers."""
    span = ctx.data.date_span
    period = freshness.period_text(span, ctx.lang)
    last = i18n.fmt_date(span[1], ctx.lang, "month") if span else ""
    return ctx.t("app.tagline", period=period), ctx.t("overview.intro", last=last)


def as_of(ctx: Context) -> None:
    """The as-of line, and a warning with the data's age when the newest row is stale."""
    text = ctx.as_of_text()
    if text:
        st.caption(text)
    if freshness.is_stale(ctx.data.as_of()):
        st.warning(ctx.t("freshness.stale_overview", limit=freshness.STALE_AFTER_DAYS), icon=":material/history:")


def _own_rows() -> tuple[str, dict[str, frozenset[str]]]:
    """The upload mode and, per table, the ids of the rows of this session's upload in use."""
    folder, mode, ids = st.session_state.get(OWN_ROWS) or (None, "", {})
    if folder is None or folder != st.session_state.get(DATA_DIR_STATE):
        return "", {}
    return mode, ids


def own_ids(table: str) -> frozenset[str]:
    """Ids of the rows of `table` that came from this session's upload (none for curated data)."""
    return _own_rows()[1].get(table, frozenset())


def marked(ctx: Context, text: str, table: str, row_id: str) -> str:
    """`text`, followed by '(your upload)' when the row is the analyst's own."""
    return f"{text} ({ctx.t('freshness.own_mark')})" if row_id in own_ids(table) else text


def own_data_note(ctx: Context) -> None:
    """Say how many rows shown are the analyst's own upload, per file."""
    mode, ids = _own_rows()
    counts = [(f"{table}.csv", len(found)) for table, found in ids.items() if found]
    total = sum(n for _file, n in counts)
    if not total:
        return
    tables = ", ".join(ctx.t("freshness.own_file", n=i18n.fmt_number(n, ctx.lang), file=file) for file, n in counts)
    key = "freshness.own_replace" if mode == "replace" else "freshness.own_merge"
    st.info(
        ctx.t(key, n=i18n.fmt_number(total, ctx.lang), tables=ctx.labels.md(tables), mark=ctx.t("freshness.own_mark")),
        icon=":material/person:",
    )
