"""Briefing: the key charts and the map as slides (PNG, PDF) and one offline HTML page."""

from kursk_monitor_ui import app, briefing_page

app.show(briefing_page.render)
