"""The app's pages, in one place: script, URL path, title key and icon."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kursk_monitor.i18n import t

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "pages"
ICON = Path(__file__).resolve().parent / "static" / "icon.png"

# (script in pages/, url path, title key, icon)
PAGES = (
    ("overview.py", "", "nav.overview", ":material/dashboard:"),
    ("map.py", "map", "nav.map", ":material/map:"),
    ("figures.py", "figures", "nav.figures", ":material/bar_chart:"),
    ("timeline.py", "timeline", "nav.timeline", ":material/timeline:"),
    ("briefing.py", "briefing", "nav.briefing", ":material/slideshow:"),
    ("data.py", "data", "nav.data", ":material/upload_file:"),
)


def build_navigation(lang: str):
    """`st.navigation` over every page, titled in the current language."""
    pages = []
    for script, url_path, title_key, icon in PAGES:
        path = PAGES_DIR / script
        if not path.exists():
            continue
        pages.append(
            st.Page(
                str(path),
                title=t(title_key, lang),
                icon=icon,
                url_path=url_path or None,
                default=not url_path,
            )
        )
    return st.navigation(pages, position="sidebar")
