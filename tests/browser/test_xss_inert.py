"""Hostile text in the data stays text in a real browser: no script runs, no dialog opens, no
injected element or `javascript:` link appears, and the text itself is visible as typed.

Covers data loaded from a folder (`tests/fixtures/xss`) and the same files uploaded through the
"Your data" page (Playwright's `set_input_files` on the real file input).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import MAIN, PLOTLY, SIDEBAR, assert_no_exception, open_page, run_app, screenshot, wait_settled

from tests.test_markdown_inert import PHISHING, TRACKER, write_hostile_folder

XSS = Path(__file__).resolve().parents[1] / "fixtures" / "xss"
HOSTILE_TEXT = "<img src=x onerror=alert(1)>"
PAGES = ["", "figures", "timeline", "map", "briefing", "data"]


def watch_dialogs(page) -> list[str]:
    """Record (and dismiss) every alert/confirm/prompt the page opens."""
    opened: list[str] = []

    def on_dialog(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def assert_inert(page) -> None:
    """Nothing from the hostile data became markup."""
    injected = page.evaluate(
        """() => ({
            img: document.querySelectorAll('img[src="x"]').length,
            svg: document.querySelectorAll('svg[onload]').length,
            handlers: Array.from(document.querySelectorAll('*')).filter(
                el => Array.from(el.attributes).some(a => /^on/i.test(a.name) && /alert/.test(a.value))).length,
            jslinks: document.querySelectorAll('a[href^="javascript:" i]').length,
        })"""
    )
    assert injected == {"img": 0, "svg": 0, "handlers": 0, "jslinks": 0}, injected


def hover_points(page, limit: int) -> None:
    """Hover visible plotly points, so hover labels with hostile names are drawn too."""
    visible = [p for p in page.locator(f"{PLOTLY} .scatterlayer .point").all() if p.is_visible()]
    for point in visible[:limit]:
        point.hover(force=True, timeout=5000)


@pytest.fixture(scope="module")
def xss_app():
    with run_app(XSS) as server:
        yield server


@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_hostile_folder_renders_inert(browser, xss_app, path, page):
    dialogs = watch_dialogs(page)
    open_page(page, xss_app.url, path)
    if path in ("figures", "timeline", "briefing"):
        page.wait_for_selector(PLOTLY, state="attached")
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert_inert(page)
    hover_points(page, 40)
    assert_inert(page)
    assert dialogs == []
    assert page.external_requests == []
    screenshot(page, f"xss_{path or 'overview'}")


def test_hostile_text_is_visible_as_text(browser, xss_app, page):
    open_page(page, xss_app.url, "")
    # key dates list: the hostile title is shown literally
    assert HOSTILE_TEXT in page.locator(MAIN).inner_text()
    # sidebar actor filter: the hostile actor name is an option shown as text
    page.locator(SIDEBAR).get_by_text("Actors").first.wait_for()
    assert_inert(page)


def test_uploaded_hostile_files_render_inert(browser, small_data_dir, page):
    dialogs = watch_dialogs(page)
    with run_app(small_data_dir) as server:
        open_page(page, server.url, "data")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(sorted(XSS.glob("*.csv")))
        page.get_by_text("How to use the files").wait_for()
        page.get_by_text("Use instead of the curated data").click()
        wait_settled(page)
        page.get_by_role("button", name="Use this data").wait_for()
        wait_settled(page)
        assert "Check before use" in page.locator(MAIN).inner_text()
        assert_inert(page)
        page.get_by_role("button", name="Use this data").click()
        wait_settled(page)
        page.get_by_text("instead of the curated data (this session only)").wait_for()
        screenshot(page, "xss_uploaded_data_page")
        # the same session now shows the uploaded data everywhere
        page.locator(SIDEBAR).get_by_role("link", name="Overview").click()
        wait_settled(page)
        page.wait_for_timeout(1000)
        assert HOSTILE_TEXT in page.locator(MAIN).inner_text()
        assert_no_exception(page)
        assert_inert(page)
        screenshot(page, "xss_uploaded_overview")
        page.locator(SIDEBAR).get_by_role("link", name="Timeline").click()
        wait_settled(page)
        page.wait_for_selector(PLOTLY, state="attached")
        hover_points(page, 20)
        assert_inert(page)
    assert dialogs == []
    assert page.external_requests == []


# --- Markdown links and images from a link or from the data ----------------------------------

LINK_PARAMS = {"actor": ["xss_actor", PHISHING], "place": "xss_town", "q": TRACKER}
EVIL_TARGETS = """() => Array.from(document.querySelectorAll('a[href], img[src], image, source[srcset]'))
    .map(el => el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('srcset') || '')
    .filter(url => /evil\\.example|x\\.png|p\\.png|^mailto:/i.test(url))"""


@pytest.fixture(scope="module")
def markdown_app(tmp_path_factory):
    with run_app(write_hostile_folder(tmp_path_factory.mktemp("hostile_md"))) as server:
        yield server


@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_markdown_links_from_the_url_and_the_data_stay_text(browser, markdown_app, path, page):
    dialogs = watch_dialogs(page)
    open_page(page, markdown_app.url, path, **LINK_PARAMS)
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert page.evaluate(EVIL_TARGETS) == []
    # the ignored link value is shown in the sidebar as typed
    assert "[Session expired – sign in again](https" in page.locator(SIDEBAR).inner_text().replace("\u2060", "")
    assert_inert(page)
    assert dialogs == []
    assert page.external_requests == []
    screenshot(page, f"markdown_{path or 'overview'}")


def test_markdown_in_key_dates_stays_text_in_german(browser, markdown_app, page):
    open_page(page, markdown_app.url, "", lang="de")
    assert TRACKER in page.locator(MAIN).inner_text().replace("\u2060", "")
    assert page.evaluate(EVIL_TARGETS) == []
    assert page.external_requests == []
    screenshot(page, "markdown_overview_de")
