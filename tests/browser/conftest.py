"""Real-browser fixtures; the helpers live in `harness.py` (`from harness import open_page, ...`).

- `app_server` (session): the app under `streamlit run` on a free local port, on
  `$KURSK_MONITOR_DATA` or data/; `app_url` is its base URL.
- `browser` (session): Debian's headless Chromium through Playwright.
- `page`: a 1600x1100 tab that aborts and records every non-local request in `external_requests`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import CHROMIUM, CHROMIUM_ARGS, AppServer, new_page, require_browser, run_app


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """The app on `$KURSK_MONITOR_DATA` (if set) or the curated data/ folder."""
    require_browser()
    with run_app(os.environ.get("KURSK_MONITOR_DATA")) as server:
        yield server


@pytest.fixture(scope="session")
def app_url(app_server: AppServer) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def playwright_instance():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def external_requests() -> list[str]:
    """Every non-local URL the page tried to load (each was blocked)."""
    return []


@pytest.fixture
def page(browser, external_requests):
    tab = new_page(browser, external_requests)
    yield tab
    tab.context.close()
