"""Every page in a real browser: renders without an error, charts and map actually draw, the
sidebar filter reruns the page and follows the analyst across pages, the URL holds the view,
German works, bad links degrade to a note, and nothing is loaded from outside this machine."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from harness import (
    MAIN,
    MUST_DRAW,
    PLOTLY,
    SIDEBAR,
    assert_drawn,
    assert_no_exception,
    choose,
    open_page,
    screenshot,
    wait_settled,
)

from kursk_monitor.i18n import t
from kursk_monitor_ui.navigation import PAGES, PAGES_DIR

EXISTING = [(script, url_path) for script, url_path, _key, _icon in PAGES if (PAGES_DIR / script).exists()]
PAGE_IDS = [url_path or "overview" for _script, url_path in EXISTING]
TITLE_KEYS = {url_path: key for _script, url_path, key, _icon in PAGES}


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _main_text(page) -> str:
    return page.locator(MAIN).inner_text()


def _set_text_filter(page, lang: str, text: str) -> None:
    box = page.locator(SIDEBAR).get_by_label(t("filter.text", lang), exact=True)
    box.fill(text)
    box.press("Enter")
    page.wait_for_timeout(300)
    wait_settled(page)


def _choose(page, label_text: str, option_text: str) -> None:
    """Pick an option of a sidebar selectbox by its visible text and wait for the rerun."""
    choose(page, label_text, option_text)
    page.wait_for_timeout(300)
    wait_settled(page)


@pytest.mark.parametrize(("script", "url_path"), EXISTING, ids=PAGE_IDS)
def test_page_renders_and_draws(page, app_url, external_requests, script, url_path):
    open_page(page, app_url, url_path)
    assert_no_exception(page)
    for selector in MUST_DRAW.get(url_path, ()):
        assert_drawn(page, selector)
    if page.locator(PLOTLY).count():
        assert_drawn(page, PLOTLY)
    screenshot(page, f"{url_path or 'overview'}-en")
    assert_no_exception(page)
    assert external_requests == []


@pytest.mark.parametrize(("script", "url_path"), EXISTING, ids=PAGE_IDS)
def test_filter_change_reruns_page(page, app_url, external_requests, script, url_path):
    open_page(page, app_url, url_path)
    before = _main_text(page)
    label_text = t("filter.min_reliability", "en")
    from kursk_monitor.i18n import label

    _choose(page, label_text, label("reliability", "B", "en"))
    assert _query(page).get("reliability") == ["B"]
    after = _main_text(page)
    assert after != before, "the page did not change after the filter changed"
    assert_no_exception(page)
    for selector in MUST_DRAW.get(url_path, ()):
        assert_drawn(page, selector)
    assert external_requests == []


@pytest.mark.parametrize(("script", "url_path"), EXISTING, ids=PAGE_IDS)
def test_german_ui(page, app_url, external_requests, script, url_path):
    open_page(page, app_url, url_path, lang="de")
    assert_no_exception(page)
    sidebar = page.locator(SIDEBAR)
    sidebar.get_by_label(t("filter.text", "de"), exact=True).wait_for(state="attached", timeout=15_000)
    sidebar.get_by_text(t("filter.reset", "de"), exact=True).wait_for(state="attached", timeout=15_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    if nav.count():
        nav_text = nav.inner_text()
        for other_script, other_path in EXISTING:
            assert t(TITLE_KEYS[other_path], "de") in nav_text, other_script
    assert _query(page).get("lang") == ["de"]
    for selector in MUST_DRAW.get(url_path, ()):
        assert_drawn(page, selector)
    screenshot(page, f"{url_path or 'overview'}-de")
    assert external_requests == []


@pytest.mark.parametrize(("script", "url_path"), EXISTING, ids=PAGE_IDS)
def test_garbled_url_renders_with_note(page, app_url, external_requests, script, url_path):
    open_page(page, app_url, url_path, **{"from": "xx", "metric": "nope", "lang": "zz"})
    assert_no_exception(page)
    notes = page.locator(f'{SIDEBAR} [data-testid="stAlert"]')
    assert notes.count() >= 1, "no note about the ignored URL values"
    text = notes.all_inner_texts()
    joined = " ".join(text)
    for bad in ("xx", "nope", "zz"):
        assert bad in joined, f"{bad!r} not mentioned in {text}"
    assert "from" not in _query(page) and "metric" not in _query(page)
    screenshot(page, f"{url_path or 'overview'}-garbled")
    assert external_requests == []


def test_filter_follows_across_pages(page, app_url, external_requests):
    if len(EXISTING) < 2:
        pytest.skip("only one page exists yet")
    open_page(page, app_url, "")
    _set_text_filter(page, "en", "Kursk")
    assert _query(page).get("q") == ["Kursk"]
    for _script, url_path in EXISTING[1:]:
        title = t(TITLE_KEYS[url_path], "en")
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
        page.wait_for_url(f"**/{url_path}**")
        wait_settled(page)
        assert_no_exception(page)
        box = page.locator(SIDEBAR).get_by_label(t("filter.text", "en"), exact=True)
        assert box.input_value() == "Kursk", f"text filter lost on /{url_path}"
        assert _query(page).get("q") == ["Kursk"], f"URL lost the filter on /{url_path}: {page.url}"
    assert external_requests == []


def _plotted_dates(page) -> list[date]:
    """Every date on the x axis of every trace of every chart on the page."""
    values = page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(
               el => (el.data || []).flatMap(tr => Array.from(tr.x || []).concat(Array.from(tr.base || []))))"""
    )
    found = []
    for value in values:
        if isinstance(value, str) and len(value) >= 10:
            try:
                found.append(date.fromisoformat(value[:10]))
            except ValueError:
                continue
    return found


def test_url_dates_narrow_the_timeline(page, app_url, external_requests):
    if not any(url_path == "timeline" for _s, url_path in EXISTING):
        pytest.skip("the timeline page does not exist yet")
    open_page(page, app_url, "timeline")
    page.wait_for_selector(f"{PLOTLY} .main-svg")
    everything = _plotted_dates(page)
    start, end = date(2024, 11, 1), date(2024, 12, 31)
    open_page(page, app_url, "timeline", **{"from": start.isoformat(), "to": end.isoformat()})
    assert_no_exception(page)
    page.wait_for_selector(f"{PLOTLY} .main-svg")
    narrowed = _plotted_dates(page)
    assert _query(page).get("from") == [start.isoformat()]
    assert narrowed, "no dates plotted in the narrowed timeline"
    assert len(narrowed) < len(everything)
    text = _main_text(page)
    assert "2024" in text
    screenshot(page, "timeline-narrowed")
    assert external_requests == []
