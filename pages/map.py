"""Map: places in Kursk Oblast and along the route from North Korea, events, claims and movements."""

from kursk_monitor_ui import map_page, shell

ctx = shell.page_context()
map_page.render(ctx)
