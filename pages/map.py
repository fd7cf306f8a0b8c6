"""Map: places in Kursk Oblast and along the route from North Korea, events, claims and movements."""

from kursk_monitor_ui import app, map_page

app.show(map_page.render)
