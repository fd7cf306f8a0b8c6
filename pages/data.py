"""Your data: upload CSV files or a zipped data folder, check them, use them for this session."""

from kursk_monitor_ui import app, data_page

app.show(data_page.render)
