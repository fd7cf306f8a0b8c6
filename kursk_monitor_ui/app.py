"""The frame around every page: page config, navigation, language switch and the shared sidebar.

`main()` is the entrypoint (`dashboard.py`): it draws the frame and runs the page that
`st.navigation` chose. A page script calls `show(render)`: run by the entrypoint, it draws the
page's body. Run by Streamlit on its own, it calls `main()`, which runs the same script again
inside the frame. That second case happens on a first request straight to a page URL on a freshly
started server: until an `st.navigation` has run, Streamlit treats a folder named `pages/` as its
older page mechanism and runs the page's own script. Because `st.navigation` is the first command
of every run and the page body always runs through it, every element has the same identity in
that first run as in the runs that follow (an upload or a map selection is not lost), and no
Streamlit internals are touched.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from kursk_monitor_ui import loading, navigation, page_state, shell
from kursk_monitor_ui.shell import Context


def main() -> None:
    """The entrypoint: the frame, then the page the URL asks for."""
    # A local icon file: a Material or emoji page icon makes the browser fetch the favicon from the internet.
    st.set_page_config(page_title="Kursk Monitor", page_icon=str(navigation.ICON), layout="wide")
    hint = loading.language_hint()
    loading.placeholder_style(hint)
    with loading.page_spinner(hint):
        lang = shell.current_language()
        page = navigation.build_navigation(lang)
        ctx = shell.render_shell(lang)
        shell.run_page(ctx, page)
        page_state.write_url(page.url_path)


def show(render: Callable[[Context], None]) -> None:
    """A page script's body: `render(ctx)` inside the frame (drawn first when no entrypoint did)."""
    ctx = shell.running_context()
    if ctx is None:
        main()
    else:
        render(ctx)
