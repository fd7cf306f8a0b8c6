"""Figures: who claimed how many — claims over time, latest claim per claimant, contradictions, the claims."""

from kursk_monitor_ui import figures_page, shell

ctx = shell.page_context()
figures_page.render(ctx)
