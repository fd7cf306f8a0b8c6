"""Overview: what the app covers, the latest claim per claimant, key dates, data health."""

from kursk_monitor_ui import app, overview

app.show(overview.render)
