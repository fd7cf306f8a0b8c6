"""A first request straight to each page URL, on a freshly started server, renders that page
fully: its own heading and charts or map, the app's navigation under its titles, the URL kept,
no error box and nothing loaded from outside this machine.

A fresh server is what a shared link meets after a restart: before any `st.navigation` has run,
Streamlit treats the `pages/` folder as its older page mechanism and runs the page's own script.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest
from harness import (
    HEADINGS,
    MAIN,
    MUST_DRAW,
    NAV,
    PLOTLY,
    assert_drawn,
    assert_no_exception,
    choose,
    new_page,
    page_url,
    run_app,
    screenshot,
    wait_settled,
)

from kursk_monitor.i18n import label, t
from kursk_monitor_ui.navigation import PAGES

URL_PATHS = [url_path for _script, url_path, _key, _icon in PAGES]


@pytest.mark.parametrize("url_path", URL_PATHS, ids=[u or "overview" for u in URL_PATHS])
def test_first_request_straight_to_a_page_renders_it(browser, external_requests, url_path):
    with run_app(os.environ.get("KURSK_MONITOR_DATA")) as server:
        page = new_page(browser, external_requests)
        try:
            page.goto(page_url(server.url, url_path, lang="de"), wait_until="commit")
            page.locator(f"{MAIN} h1", has_text=t(HEADINGS[url_path], "de")).first.wait_for(state="visible")
            wait_settled(page)
            assert_no_exception(page)
            for selector in MUST_DRAW.get(url_path, ()):
                assert_drawn(page, selector)
            if page.locator(PLOTLY).count():
                assert_drawn(page, PLOTLY)
            nav = page.locator(NAV).inner_text()
            assert [t(key, "de") for _s, _u, key, _i in PAGES if t(key, "de") not in nav] == []
            assert urlsplit(page.url).path.strip("/") == url_path
            screenshot(page, f"first-visit-{url_path or 'overview'}-de")
            # The next run keeps what the first one drew: language, page and the widgets' state.
            choose(page, t("filter.min_reliability", "de"), label("reliability", "B", "de"))
            page.wait_for_timeout(300)
            wait_settled(page)
            assert parse_qs(urlsplit(page.url).query).get("reliability") == ["B"]
            assert parse_qs(urlsplit(page.url).query).get("lang") == ["de"]
            page.locator(f"{MAIN} h1", has_text=t(HEADINGS[url_path], "de")).first.wait_for(state="visible")
            assert_no_exception(page)
        finally:
            page.context.close()
    assert external_requests == []


# Every animation frame: does the page look finished (its heading is up) while a chart or table is
# still a grey placeholder or an undrawn chart, with no loading indicator in sight?
WATCH_LOADING = """
window.__kmLoading = {frames: 0, pending: 0, unannounced: 0, texts: []};
(function watch() {
  const shown = el => el.getBoundingClientRect().height > 0;
  const heading = document.querySelector('[data-testid="stMain"] h1');
  const placeholders = Array.from(document.querySelectorAll('[data-testid="stSkeleton"]')).filter(shown);
  const undrawn = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    .filter(el => shown(el) && !el.querySelector('.main-svg'));
  const says = [...placeholders, ...undrawn].map(el => getComputedStyle(el, '::after').content.replace(/^"|"$/g, ''));
  const spinner = Array.from(document.querySelectorAll('[data-testid="stSpinner"]')).some(shown);
  const w = window.__kmLoading;
  w.frames += 1;
  if (heading && (placeholders.length || undrawn.length)) {
    w.pending += 1;
    const announced = spinner || says.every(text => text && text !== 'none');
    if (!announced) w.unannounced += 1;
    for (const text of says) if (!w.texts.includes(text)) w.texts.push(text);
  }
  requestAnimationFrame(watch);
})();
"""
DRAWN = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'
  && document.querySelector('[data-testid="stMain"] h1')
  && !document.querySelector('[data-testid="stSkeleton"]')
  && Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).every(el => el.querySelector('.main-svg'))
  && Array.from(document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')).every(el => el.querySelector('canvas'))"""
LOADING_TEXTS = {lang: t("loading.placeholder", lang) for lang in ("en", "de")}


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("url_path", ["timeline", "figures", "map", ""], ids=["timeline", "figures", "map", "overview"])
def test_a_direct_link_says_loading_until_every_chart_is_drawn(browser, external_requests, url_path, lang):
    with run_app(os.environ.get("KURSK_MONITOR_DATA")) as server:
        page = new_page(browser, external_requests)
        try:
            page.add_init_script(WATCH_LOADING)
            page.goto(page_url(server.url, url_path, lang=lang), wait_until="commit")
            page.wait_for_function(DRAWN, polling="raf", timeout=180_000)
            watched = page.evaluate("window.__kmLoading")
            assert watched["frames"] > 0
            assert watched["unannounced"] == 0, watched
            assert set(watched["texts"]) <= {LOADING_TEXTS[lang]}, watched
            assert_no_exception(page)
            for selector in MUST_DRAW.get(url_path, ()):
                assert_drawn(page, selector)
        finally:
            page.context.close()
    assert external_requests == []
