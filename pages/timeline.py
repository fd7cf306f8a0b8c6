"""Timeline: events in order, in lanes by category or actor, with details, sources and export."""

from kursk_monitor_ui import app, timeline_page

app.show(timeline_page.render)
