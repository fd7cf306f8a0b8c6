"""The briefing page: preview of the briefing pictures and downloads (offline HTML, PNG/PDF zip,
PowerPoint deck)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import streamlit as st

from kursk_monitor import briefing, deck
from kursk_monitor_ui.shell import Context, page_footer

IMAGES_STATE = "km_brief_images"  # (key of the view, zip bytes, deck bytes)
PREVIEW_KEY = "km_brief_preview"
CLASSIFICATION_KEY = "km_classification"
DOWNLOAD = {"on_click": "ignore", "width": "stretch"}  # a download does not rerun the page


def render(ctx: Context) -> None:
    st.title(ctx.t("briefing_page.title"))
    st.write(ctx.t("briefing_page.intro"))
    classification = st.text_input(
        ctx.t("briefing_page.classification_label"),
        key=CLASSIFICATION_KEY,
        max_chars=80,
        placeholder=ctx.t("briefing_page.classification_placeholder"),
        help=ctx.t("briefing_page.classification_help"),
    ).strip()
    key = (ctx.selection, ctx.labels, ctx.key, ctx.filter, ctx.lang)
    slugs = list(_builders(*key))
    _downloads(ctx, key, classification)
    st.subheader(ctx.t("briefing_page.preview_header"))
    if slugs:
        # One picture at a time, drawn when it is chosen: the others are built only for a download.
        if st.session_state.get(PREVIEW_KEY) not in slugs:
            st.session_state.pop(PREVIEW_KEY, None)
        slug = st.selectbox(
            ctx.t("briefing_page.preview_pick"),
            slugs,
            format_func=lambda s: briefing.chart_label(s, ctx.lang),
            key=PREVIEW_KEY,
        )
        try:
            preview = _preview(*key, slug, classification)
        except Exception as exc:  # one failing picture must not take the page down
            st.warning(ctx.labels.md(f"chart '{slug}' could not be drawn ({type(exc).__name__}: {exc})"))
        else:
            st.plotly_chart(
                preview,
                width="stretch",
                config={"displaylogo": False},
                key="km_brief_preview_chart",
            )
    page_footer(ctx)


# Per data version, filter and language; the selection and labels (not hashed) belong to that key.
@st.cache_resource(show_spinner=False, max_entries=8)
def _builders(_selection, _labels, data_key: tuple, view, lang: str):
    return dict(briefing.brief_builders(_selection, _labels))


# Shared and read-only: `briefing.slide` copies a figure before adding the handling line.
@st.cache_resource(show_spinner=False, max_entries=32)
def _chart(_selection, _labels, data_key: tuple, view, lang: str, slug: str) -> briefing.BriefChart:
    return briefing.build_chart(slug, _builders(_selection, _labels, data_key, view, lang)[slug])


# The chosen picture at slide size with its classification line: a copy, made once per line.
@st.cache_resource(show_spinner=False, max_entries=16)
def _preview(_selection, _labels, data_key: tuple, view, lang: str, slug: str, classification: str):
    chart = _chart(_selection, _labels, data_key, view, lang, slug)
    return briefing.slide(chart.figure, classification, width=None)


def _all_charts(key: tuple) -> tuple[list[briefing.BriefChart], list[str]]:
    """Every picture (for the downloads), reusing the ones already drawn; failures are named."""
    charts, failures = [], []
    for slug in _builders(*key):
        try:
            charts.append(_chart(*key, slug))
        except Exception as exc:
            failures.append(f"chart '{slug}' could not be drawn ({type(exc).__name__}: {exc})")
    return charts, failures


def _view_key(ctx: Context, classification: str) -> tuple:
    return (str(ctx.data.directory), ctx.data.as_of(), ctx.filter, ctx.lang, classification)


def _downloads(ctx: Context, key: tuple, classification: str) -> None:
    st.subheader(ctx.t("briefing_page.downloads_header"))
    left, right = st.columns(2)

    selection, labels = ctx.selection, ctx.labels

    def charts() -> list[briefing.BriefChart]:
        # Runs when the button is clicked, outside the script run: build directly, not via the caches.
        return briefing.brief_charts(selection, labels, failures=[])

    left.download_button(
        ctx.t("briefing_page.download_html"),
        data=lambda: briefing.briefing_html(charts(), selection, labels, classification),
        file_name="kursk_monitor_briefing.html",
        mime="text/html",
        icon=":material/download:",
        key="km_brief_html",
        **DOWNLOAD,
    )
    if briefing.browser_path() is None:
        right.info(ctx.t("briefing_page.no_browser"))
        return
    view_key = _view_key(ctx, classification)
    stored = st.session_state.get(IMAGES_STATE)
    if stored is not None and stored[0] == view_key:
        right.download_button(
            ctx.t("briefing_page.download_zip"),
            data=stored[1],
            file_name="kursk_monitor_briefing.zip",
            mime="application/zip",
            icon=":material/folder_zip:",
            key="km_brief_zip",
            type="primary",
            **DOWNLOAD,
        )
        right.download_button(
            ctx.t("deck.download"),
            data=stored[2],
            file_name="kursk_monitor_briefing.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            icon=":material/slideshow:",
            key="km_brief_pptx",
            **DOWNLOAD,
        )
        return
    if right.button(ctx.t("deck.make_images"), key="km_brief_make", width="stretch", icon=":material/image:"):
        with st.spinner(ctx.t("briefing_page.making_images")):
            try:
                drawn, failures = _all_charts(key)
                for failure in failures:
                    right.warning(failure)
                parts = deck.DeckParts(selection, labels, drawn, deck.render_pictures(drawn), classification)
                st.session_state[IMAGES_STATE] = (view_key, images_zip(drawn, classification), deck.deck_bytes(parts))
            except Exception as exc:
                right.error(ctx.t("briefing_page.images_failed", error=f"{type(exc).__name__}: {exc}"))
                return
        st.rerun()


def images_zip(charts: list[briefing.BriefChart], classification: str) -> bytes:
    """Every picture as PNG and PDF in one zip."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="kursk_monitor_brief_") as folder:
        paths = briefing.render_images(charts, Path(folder), classification)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in paths:
                archive.write(path, path.name)
    return buffer.getvalue()
