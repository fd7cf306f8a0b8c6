"""The one way the app shows a short table of data text: a static table whose cells wrap.

`st.dataframe` cuts long event titles, claimant names and source lists at the column's width,
which a screenshot for a slide cannot show. `st.table` wraps them, but renders Markdown in its
cells, so every cell is escaped here (`Labels.md`): nothing from the data becomes a link, a
heading or markup. The whole table is shown (no scrolling box), so a screenshot holds every row.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kursk_monitor.labels import Labels


def show(frame: pd.DataFrame, labels: Labels, headers: dict[str, str] | None = None) -> None:
    """Show `frame` (its columns in order, renamed by `headers`) as an escaped, wrapping table."""
    st.table(frame.rename(columns=headers or {}).map(labels.md), hide_index=True, border="horizontal")
