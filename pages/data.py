"""Your data: upload CSV files or a zipped data folder, check them, use them for this session."""

from kursk_monitor_ui import data_page, shell

ctx = shell.page_context()
data_page.render(ctx)
