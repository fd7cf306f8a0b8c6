"""Timeline: events in order, in lanes by category or actor, with details, sources and export."""

from kursk_monitor_ui import shell, timeline_page

ctx = shell.page_context()
timeline_page.render(ctx)
