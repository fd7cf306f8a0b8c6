"""Kursk Monitor: `streamlit run dashboard.py`. Draws the shared frame, then the chosen page."""

from kursk_monitor_ui import app

app.main()
