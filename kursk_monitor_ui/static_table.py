"""The one way the app shows a short table of data text: a static table whose cells wrap.

`st.dataframe` cuts long event titles, claimant names and source lists at the column's width,
which a screenshot for a slide cannot show. `st.table` wraps them, but renders Markdown in its
cells, so every cell is escaped here (`Labels.md`): nothing from the data becomes a link, a
heading or markup. A table of more than `SCROLL_AFTER` rows scrolls inside a box of `max_height`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kursk_monitor.labels import Labels

SCROLL_AFTER = 6  # rows
MAX_HEIGHT = 420  # px


def show(frame: pd.DataFrame, labels: Labels, headers: dict[str, str] | None = None, max_height: int = MAX_HEIGHT):
    """Show `frame` (its columns in order, renamed by `headers`) as an escaped, wrapping table."""
    shown = frame.rename(columns=headers or {}).map(labels.md)
    height = max_height if len(frame) > SCROLL_AFTER else "content"
    with st.container(height=height, border=False):
        st.table(shown, hide_index=True, border="horizontal")
