"""First visit straight to a page URL on a freshly started server, in Chromium.

    python bench/first_visit.py                    # every page, 2 fresh servers each
    python bench/first_visit.py --pages timeline map --repeats 3

For each page a new `streamlit run dashboard.py` is started (a fresh process is what a shared
link meets after a restart) and one tab opens the page's URL. Measured from the navigation:
when the page's own title is on screen; when the script has finished and the page is drawn (no
grey placeholder left, every chart and map painted); when the app has settled; whether the
sidebar navigation shows the app's page titles, and whether an error box appeared. Only 127.0.0.1 is
contacted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from harness import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    EXCEPTION,
    HEADINGS,
    MAIN,
    NAV,
    new_page,
    page_url,
    require_browser,
    run_app,
    wait_settled,
)

from kursk_monitor.i18n import t  # noqa: E402
from kursk_monitor_ui.navigation import PAGES  # noqa: E402

# Drawn: no grey placeholder left, every plotly chart has its SVG, a map has its canvas.
DRAWN = """() => !document.querySelector('[data-testid="stSkeleton"]')
  && Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).every(el => el.querySelector('.main-svg'))
  && Array.from(document.querySelectorAll('[data-testid="stDeckGlJsonChart"]'))
       .every(el => el.querySelector('canvas'))"""


def first_visit(browser, base_url: str, url_path: str, timeout_s: float = 120) -> dict:
    """Seconds from `goto` until the page's heading shows, until the script has finished and the
    page is drawn (no placeholder left, charts and map painted), and until the app has settled."""
    heading = t(HEADINGS[url_path], "en")
    tab = new_page(browser, [])
    started = time.perf_counter()
    tab.goto(page_url(base_url, url_path), wait_until="commit")
    tab.locator(f"{MAIN} h1", has_text=heading).first.wait_for(state="visible", timeout=timeout_s * 1000)
    heading_s = time.perf_counter() - started
    tab.wait_for_function(
        f"() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') "
        f"=== 'notRunning' && ({DRAWN})()",
        polling=50,
        timeout=timeout_s * 1000,
    )
    drawn_s = time.perf_counter() - started
    wait_settled(tab, timeout_ms=int(timeout_s * 1000))
    settled_s = time.perf_counter() - started
    nav = tab.locator(NAV).inner_text() if tab.locator(NAV).count() else ""
    titles = [t(key, "en") for _s, _u, key, _i in PAGES]
    result = {
        "heading_s": heading_s,
        "drawn_s": drawn_s,
        "settled_s": settled_s,
        "nav_ok": all(title in nav for title in titles),
        "errors": tab.locator(EXCEPTION).count(),
        "url": tab.url,
    }
    tab.context.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="*", help="url paths (overview = '')")
    parser.add_argument("--repeats", type=int, default=2, help="fresh servers per page")
    parser.add_argument("--data", help="data folder (default: data/)")
    args = parser.parse_args(argv)
    require_browser()
    from playwright.sync_api import sync_playwright

    paths = [u for _s, u, _k, _i in PAGES]
    if args.pages is not None:
        paths = ["" if p == "overview" else p for p in args.pages]
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for url_path in paths:
                runs = []
                for _ in range(args.repeats):
                    with run_app(args.data) as server:
                        runs.append(first_visit(browser, server.url, url_path))
                heading = statistics.median(r["heading_s"] for r in runs)
                drawn = statistics.median(r["drawn_s"] for r in runs)
                settled = statistics.median(r["settled_s"] for r in runs)
                nav_ok = all(r["nav_ok"] for r in runs)
                errors = sum(r["errors"] for r in runs)
                print(
                    f"/{url_path}: heading {[round(r['heading_s'], 2) for r in runs]} s, "
                    f"drawn {[round(r['drawn_s'], 2) for r in runs]} s, "
                    f"settled {[round(r['settled_s'], 2) for r in runs]} s, nav titles {nav_ok}, errors {errors}",
                    flush=True,
                )
                rows.append((url_path, heading, drawn, settled, nav_ok, errors))
        finally:
            browser.close()
    print()
    print("| page | heading shown, median s | page drawn, median s | settled, median s | navigation titles | errors |")
    print("|---|---:|---:|---:|---|---:|")
    for url_path, heading, drawn, settled, nav_ok, errors in rows:
        print(f"| /{url_path} | {heading:.2f} | {drawn:.2f} | {settled:.2f} | {'yes' if nav_ok else 'NO'} | {errors} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
