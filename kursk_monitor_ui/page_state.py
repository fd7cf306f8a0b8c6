"""The page controls mirrored in the URL (from `kursk_monitor.page_choices.CHOICES`), and the
"Copy link to this view" control.

On a session's first run the link's page choices are copied into the widgets' state (values the
app does not know are noted like bad filter values); after each run of a page its choices are
written back to the URL, so the address bar always holds the whole view.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

import streamlit as st

from kursk_monitor import page_choices
from kursk_monitor.i18n import t

DEFAULTS = "km_page_defaults"  # defaults a page works out from the data (e.g. the as-of day)


def seed(params: Mapping[str, list[str]], tables, notes: list) -> None:
    """Copy the page choices a link holds into the widgets' state; note what was ignored."""
    values, ignored = page_choices.from_query(params, tables)
    for key, value in values.items():
        st.session_state[key] = value
    notes.extend(ignored)


def page_default(key: str, value) -> None:
    """Record the default a page chose for `key` from the data, so the URL leaves it out."""
    st.session_state.setdefault(DEFAULTS, {})[key] = value


def write_url(page: str) -> None:
    """Mirror the choices of `page` into the URL and drop those of other pages."""
    wanted = page_choices.to_query(page, st.session_state, st.session_state.get(DEFAULTS, {}))
    for row in page_choices.CHOICES:
        value = wanted.get(row.param)
        current = st.query_params.get(row.param)
        if value is None:
            if current is not None:
                del st.query_params[row.param]
        elif current != value:
            st.query_params[row.param] = value


_COPY_CONTROL = """<!doctype html>
<html><head><meta charset="utf-8"><style>
body {{ margin: 0; font-family: "Source Sans Pro", "Source Sans 3", sans-serif; font-size: 14px; }}
button {{ width: 100%; padding: 6px 10px; border-radius: 8px; border: 1px solid rgba(49, 51, 63, 0.2);
  background: #fff; color: rgb(49, 51, 63); cursor: pointer; font: inherit; }}
button:hover {{ border-color: #d6273c; color: #d6273c; }}
#done {{ font-size: 12px; color: #555; padding-top: 2px; }}
</style></head><body>
<button type="button" id="copy">{label}</button>
<div id="done" aria-live="polite"></div>
<script>
const texts = {texts};
document.getElementById("copy").addEventListener("click", async () => {{
  const link = window.parent.location.href;
  try {{
    await navigator.clipboard.writeText(link);
    document.getElementById("done").textContent = texts.copied;
  }} catch (error) {{
    window.prompt(texts.manual, link);
  }}
}});
</script></body></html>
"""


def copy_link_control(lang: str) -> None:
    """A sidebar button that copies the address of this view (read in the browser, nothing fetched).

    It runs in its own frame, which may write to the clipboard; where the browser refuses
    (a plain-http address other than localhost), the link is shown for copying by hand.
    """
    texts = json.dumps({"copied": t("links.copied", lang), "manual": t("links.copy_manually", lang)})
    texts = texts.replace("<", "\\u003c")  # no "</script>" can close the script early
    st.sidebar.iframe(_COPY_CONTROL.format(label=html.escape(t("links.copy", lang)), texts=texts), height=64)
