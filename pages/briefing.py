"""Briefing: the key charts and the map as slides (PNG, PDF) and one offline HTML page."""

from kursk_monitor_ui import briefing_page, shell

ctx = shell.page_context()
briefing_page.render(ctx)
