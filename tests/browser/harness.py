"""Real-browser harness: the app under `streamlit run`, Debian's Chromium through Playwright, and a
page that blocks and records every request that leaves this machine.

Fixtures:
- `app_server` (session): the app on a free local port, on `$KURSK_MONITOR_DATA` or `data/`.
  `app_url` is its base URL. `run_app(data_dir)` starts another one for a test's own data.
- `browser` (session): headless Chromium at /usr/bin/chromium.
- `page`: a 1600x1100 tab; requests to 127.0.0.1/localhost go through, all others are aborted
  and recorded in `external_requests` (also `page.external_requests`). Tests assert it is empty.

Helpers: `open_page(page, url, path, **query)`, `wait_settled(page)`, `assert_no_exception(page)`,
`screenshot(page, name)` (saved under artifacts/screenshots/).

Without Chromium the browser tests are skipped with a reason; with `CI` set they fail instead,
so a CI run can never pass without having driven a browser.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("KURSK_MONITOR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1600, "height": 1100}
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
LOGS = ROOT / "artifacts" / "logs"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
SERVER_START_TIMEOUT = 90
SETTLE_TIMEOUT_MS = 60_000

EXCEPTION = '[data-testid="stException"]'
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'
PLOTLY = ".js-plotly-plot"
DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
NAV = '[data-testid="stSidebarNav"]'
# What each page must visibly draw (pages not listed only need to render without an error).
MUST_DRAW = {"map": (DECK_CANVAS,), "figures": (PLOTLY,), "timeline": (PLOTLY,)}
# The i18n key of the heading each page draws first, by URL path.
HEADINGS = {
    "": "app.title",
    "map": "map_page.title",
    "figures": "figures_page.title",
    "timeline": "timeline_page.title",
    "briefing": "briefing_page.title",
    "data": "data_page.title",
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_browser() -> None:
    """Skip (or, under CI, fail) when Chromium or Playwright is missing."""
    missing = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package is not installed (pip install -r requirements-dev.txt)")
    if not missing:
        return
    reason = "; ".join(missing)
    if in_ci():
        pytest.fail(f"browser tests must run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


# --- the app under `streamlit run` ----------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A running `streamlit run dashboard.py`."""

    url: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""


def _wait_healthy(server: AppServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    health = f"{server.url}/_stcore/health"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.process.returncode}:\n{server.log_text()[-3000:]}")
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit did not answer on {health} within {timeout:.0f} s:\n{server.log_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    """End the server by its PID (its own process group, so nothing it started lingers)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def run_app(
    data_dir: Path | str | None = None,
    port: int | None = None,
    env: dict | None = None,
    script: str = "dashboard.py",
) -> Iterator[AppServer]:
    """Start the app (or another `script`) on a data folder, wait until it answers, stop it afterwards."""
    port = port or free_port()
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"streamlit-{port}.log"
    child_env = {**os.environ, **(env or {})}
    child_env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    if data_dir is not None:
        child_env["KURSK_MONITOR_DATA"] = str(data_dir)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    with open(log, "w") as handle:
        process = subprocess.Popen(
            command, cwd=ROOT, env=child_env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = AppServer(url=f"http://127.0.0.1:{port}", port=port, process=process, log=log)
    try:
        _wait_healthy(server, SERVER_START_TIMEOUT)
        yield server
    finally:
        _stop(process)


# --- the browser ------------------------------------------------------------------------------


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (and for data:/blob: URLs)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-extension"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


_NON_LOCAL_WS = re.compile(r"^wss?://(?!(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$))")


def new_page(browser, external_requests: list[str], viewport: dict | None = None):
    """A fresh context and tab that aborts and records every non-local request."""
    context = browser.new_context(viewport=viewport or VIEWPORT, locale="en-GB", service_workers="block")

    def route(route_obj):
        url = route_obj.request.url
        if is_local(url):
            route_obj.continue_()
        else:
            external_requests.append(url)
            route_obj.abort("blockedbyclient")

    def route_socket(ws):
        external_requests.append(ws.url)
        ws.close()

    context.route("**/*", route)
    context.route_web_socket(_NON_LOCAL_WS, route_socket)
    page = context.new_page()
    page.set_default_timeout(SETTLE_TIMEOUT_MS)
    page.external_requests = external_requests
    return page


# --- helpers ----------------------------------------------------------------------------------


def page_url(base_url: str, path: str = "", **query) -> str:
    """`base_url/path?query`; list values become repeated parameters."""
    url = f"{base_url.rstrip('/')}/{path.strip('/')}"
    pairs = []
    for key, value in query.items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, str(v)) for v in values)
    return f"{url}?{urlencode(pairs)}" if pairs else url


def wait_settled(page, selector: str | None = None, timeout_ms: int = SETTLE_TIMEOUT_MS) -> None:
    """Wait for `selector` (default: the main area), then until the script has finished running
    and the running indicator has gone, twice in a row a short while apart."""
    page.wait_for_selector(selector or MAIN, state="attached", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    calm = 0
    while calm < 2:
        if time.monotonic() > deadline:
            raise TimeoutError(f"app still running after {timeout_ms} ms")
        state = page.evaluate(
            """() => {
                const app = document.querySelector('[data-testid="stApp"]');
                const busy = document.querySelector('[data-testid="stStatusWidget"]');
                return {script: app ? app.getAttribute('data-test-script-state') : null,
                        connection: app ? app.getAttribute('data-test-connection-state') : null,
                        busy: !!busy};
            }"""
        )
        idle = state["script"] == "notRunning" and not state["busy"]
        calm = calm + 1 if idle else 0
        page.wait_for_timeout(150)


def open_page(
    page, base_url: str, path: str = "", selector: str | None = None, timeout_ms: int = SETTLE_TIMEOUT_MS, **query
) -> None:
    """Navigate to a page of the app and wait until it has settled."""
    page.goto(page_url(base_url, path, **query), wait_until="domcontentloaded", timeout=timeout_ms)
    wait_settled(page, selector, timeout_ms=timeout_ms)


def exception_texts(page) -> list[str]:
    return [el.inner_text() for el in page.query_selector_all(EXCEPTION)]


def assert_no_exception(page) -> None:
    """No Streamlit exception box on the page."""
    texts = exception_texts(page)
    assert not texts, "exception shown on the page:\n" + "\n---\n".join(texts)


def screenshot(page, name: str, full_height: bool = True) -> Path:
    """Save a PNG under artifacts/screenshots/. Streamlit scrolls inside its own container, so
    with `full_height` the viewport is enlarged to the content's height first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.wait_for_timeout(1200)  # tables and maps paint on canvases after the script has finished
    original = page.viewport_size
    if full_height and original:
        height = page.evaluate(
            """() => {
                const main = document.querySelector('[data-testid="stMain"]');
                const inner = main && main.firstElementChild;
                const side = document.querySelector('[data-testid="stSidebarContent"]');
                return Math.max(inner ? inner.scrollHeight : 0, main ? main.scrollHeight : 0,
                                side ? side.scrollHeight : 0, document.body.scrollHeight);
            }"""
        )
        height = int(min(max(height, original["height"]), 8000))
        if height > original["height"]:
            page.set_viewport_size({"width": original["width"], "height": height})
            page.wait_for_timeout(400)
    page.screenshot(path=str(path), full_page=True)
    if original and page.viewport_size != original:
        page.set_viewport_size(original)
    return path


def distinct_colours(locator) -> int:
    """How many colours an element's screenshot holds: a blank or failed chart has one or two."""
    from PIL import Image

    image = Image.open(io.BytesIO(locator.screenshot())).convert("RGB")
    image.thumbnail((300, 300))
    return len(image.getcolors(maxcolors=300 * 300) or ())


def assert_drawn(page, selector: str) -> None:
    """Every element matching `selector` is drawn with real content."""
    if selector == PLOTLY:
        page.wait_for_selector(f"{PLOTLY} .main-svg", state="visible")
        charts = page.locator(PLOTLY)
        visible = [charts.nth(i) for i in range(charts.count()) if charts.nth(i).is_visible()]
        assert visible, "no plotly chart is visible"
        for i, chart in enumerate(visible):  # charts in closed tabs or expanders are not drawn yet
            chart.scroll_into_view_if_needed()
            marks = chart.locator(".plot .trace, .plot path, .plot .point, .barlayer path, .scatterlayer path")
            assert marks.count() > 0, f"plotly chart {i} has no marks"
            assert distinct_colours(chart) > 8, f"plotly chart {i} looks blank"
    else:
        page.wait_for_selector(selector, state="visible")
        canvas = page.locator(selector).first
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 200, f"map canvas too small: {box}"
        page.wait_for_timeout(800)  # deck.gl draws on the next animation frames
        assert distinct_colours(canvas) > 8, "map canvas looks blank"


def open_options(page, label_text: str, option_text: str, container: str = SIDEBAR):
    """Open a selectbox by its visible label; return the (visible) option to click."""
    box = page.locator(container).get_by_label(label_text, exact=True)
    option = page.get_by_role("option", name=option_text, exact=True)
    for _attempt in range(4):
        box.scroll_into_view_if_needed()
        box.click()
        try:
            option.wait_for(state="visible", timeout=3000)
            return option
        except Exception:  # the list did not open (the page was still redrawing): try again
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)
    box.click()
    page.keyboard.press("ArrowDown")
    option.wait_for(state="visible", timeout=10_000)
    return option


def choose(page, label_text: str, option_text: str, container: str = SIDEBAR) -> None:
    """Pick an option of a selectbox by its visible label and option text (does not wait for the rerun)."""
    open_options(page, label_text, option_text, container).click()
