"""Kursk Monitor: `streamlit run dashboard.py`. Renders the shared shell, then the chosen page."""

import streamlit as st

from kursk_monitor_ui import navigation, shell

# A local icon file: a Material or emoji page icon makes the browser fetch the favicon from the internet.
st.set_page_config(page_title="Kursk Monitor", page_icon=str(navigation.ICON), layout="wide")
lang = shell.current_language()
page = navigation.build_navigation(lang)
context = shell.render_shell(lang)
shell.run_page(context, page)
