"""The frame around every page: page config, language switch, navigation and the shared sidebar.

`main()` is the entrypoint (`dashboard.py`): it draws the frame and runs the page that
`st.navigation` chose. A page script calls `show(render)`. Run by the entrypoint, it draws only
the page's body. Run by Streamlit on its own, it draws the whole frame first, with the same
`st.navigation` (so the sidebar lists the app's pages under their titles), then the body. The
second case happens on a first request straight to a page URL on a freshly started server: while
no `st.navigation` has run yet, Streamlit treats a folder named `pages/` as its older page
mechanism and runs the page's own script. Every page therefore renders fully on every path,
without touching Streamlit's internals.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from kursk_monitor_ui import navigation, shell
from kursk_monitor_ui.shell import Context


def _frame() -> tuple[Context, StreamlitPage]:
    # A local icon file: a Material or emoji page icon makes the browser fetch the favicon from the internet.
    st.set_page_config(page_title="Kursk Monitor", page_icon=str(navigation.ICON), layout="wide")
    lang = shell.current_language()
    page = navigation.build_navigation(lang)
    return shell.render_shell(lang), page


def main() -> None:
    """The entrypoint: the frame, then the page the URL asks for."""
    ctx, page = _frame()
    shell.run_page(ctx, page)


def show(render: Callable[[Context], None]) -> None:
    """A page script's body: `render(ctx)`, inside the frame (drawn here when no entrypoint did)."""
    ctx = shell.running_context()
    if ctx is None:
        ctx, _page = _frame()
    render(ctx)
