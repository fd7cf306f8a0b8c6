"""Figures: who claimed how many — claims over time, latest claim per claimant, contradictions, the claims."""

from kursk_monitor_ui import app, figures_page

app.show(figures_page.render)
