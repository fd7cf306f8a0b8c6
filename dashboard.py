"""Kursk Monitor: `streamlit run dashboard.py`. Renders the shared shell, then the chosen page."""

import streamlit as st

from kursk_monitor_ui import navigation, shell

st.set_page_config(page_title="Kursk Monitor", page_icon=":material/radar:", layout="wide")
lang = shell.current_language()
page = navigation.build_navigation(lang)
context = shell.render_shell(lang)
shell.run_page(context, page)
