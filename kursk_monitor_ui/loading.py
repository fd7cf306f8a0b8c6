"""A visible loading state until a page is drawn.

A first visit runs the whole page in one run, but on a fresh server that run (imports, loading
and checking the data, building charts) takes seconds, and afterwards the browser still fetches
the chart libraries while Streamlit shows grey placeholders. `page_spinner` says "Loading the
page …" while the run is under way (only when it lasts longer than half a second), and
`placeholder_style` writes "Loading …" with a turning ring into every grey placeholder, so no
part of the page looks finished while it is blank.
"""

from __future__ import annotations

import streamlit as st

from kursk_monitor.i18n import DEFAULT_LANGUAGE, normalise_lang, t

# Grey placeholders, and plotly charts whose drawing has not begun (no SVG yet).
SKELETON = '[data-testid="stSkeleton"],[data-testid="stPlotlyChart"]:not(:has(.main-svg))'


def language_hint() -> str:
    """The language to say "loading" in before the run has settled it (switch, then link)."""
    return normalise_lang(st.session_state.get("lang") or st.query_params.get("lang") or DEFAULT_LANGUAGE)


def page_spinner(lang: str):
    """A spinner shown while the page's run lasts (Streamlit shows it after half a second)."""
    return st.spinner(t("loading.page", lang))


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def placeholder_style(lang: str) -> None:
    """Every grey placeholder (a chart or table whose code is still loading) says it is loading."""
    before = ",".join(f"{s}::before" for s in SKELETON.split(","))
    after = ",".join(f"{s}::after" for s in SKELETON.split(","))
    st.html(
        "<style>"
        f"{SKELETON}{{display:flex;align-items:center;justify-content:center;gap:8px;min-height:40px}}"
        f"{before}{{content:'';width:14px;height:14px;border:2px solid #bbbbbb;"
        "border-top-color:#444444;border-radius:50%;animation:km-turn 0.9s linear infinite}"
        f"{after}{{content:{_css_string(t('loading.placeholder', lang))};color:#444444;font-size:0.9rem}}"
        "@keyframes km-turn{to{transform:rotate(360deg)}}"
        "</style>"
    )
