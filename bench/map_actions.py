"""Browser time per map action and the deck's size: open the map page, switch the framing to the
route and back, turn on week-by-week, step one week; each from the click until the page has settled
and the deck has repainted. Also the deck's JSON size per framing and week, built in-process.

    python bench/map_actions.py [DATA_FOLDER] [--port 8612] [--repeats 2]

Chromium through Playwright with every non-local request blocked (`tests/browser/harness.py`).
Timings depend on the machine and its load; they are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from harness import CHROMIUM, CHROMIUM_ARGS, DECK_CANVAS, new_page, open_page, run_app, wait_settled  # noqa: E402

from kursk_monitor import map_data, maps  # noqa: E402
from kursk_monitor.dataset import load_dataset  # noqa: E402
from kursk_monitor.filters import ViewFilter  # noqa: E402
from kursk_monitor.i18n import t  # noqa: E402
from kursk_monitor.labels import Labels  # noqa: E402
from kursk_monitor.paths import DATA_DIR  # noqa: E402


def deck_sizes(folder: Path) -> dict[str, int]:
    """Bytes of the deck JSON per framing, and for the first week of week-by-week."""
    data = load_dataset(folder)
    labels = Labels.build(data.tables, "en")
    sizes = {}
    for framing in maps.FRAMINGS:
        deck = maps.build_map(data.select(ViewFilter()), labels, maps.MapOptions(framing=framing))
        sizes[framing] = len(deck.to_json().encode("utf-8"))
        layers = {
            layer["id"]: len(json.dumps(layer, separators=(",", ":"))) for layer in json.loads(deck.to_json())["layers"]
        }
        sizes.update({f"{framing}:{name}": size for name, size in layers.items()})
    week = map_data.week_starts(*(d.date() for d in data.date_span))[0]
    deck = maps.build_map(data.select(map_data.until_week(ViewFilter(), week)), labels, maps.MapOptions())
    sizes["kursk:first week"] = len(deck.to_json().encode("utf-8"))
    return sizes


def _click(page, text: str) -> float:
    started = time.perf_counter()
    page.get_by_text(text, exact=True).first.click()
    page.wait_for_timeout(200)  # let the rerun start
    wait_settled(page, DECK_CANVAS)
    page.wait_for_timeout(100)
    return time.perf_counter() - started


def browser_times(folder: Path, port: int | None, repeats: int) -> dict[str, list[float]]:
    """Seconds per action, `repeats` times each, on a fresh server."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {}
    with run_app(folder, port=port) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = new_page(browser, [])
        started = time.perf_counter()
        open_page(page, server.url, "map", selector=DECK_CANVAS)
        times["open map"] = [time.perf_counter() - started]
        for _ in range(repeats):
            times.setdefault("framing → route", []).append(_click(page, t("map_page.framing_route", "en")))
            times.setdefault("framing → Kursk", []).append(_click(page, t("map_page.framing_kursk", "en")))
            times.setdefault("week by week on", []).append(_click(page, t("map_page.step_weeks", "en")))
            times.setdefault("week by week off", []).append(_click(page, t("map_page.step_weeks", "en")))
        browser.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=DATA_DIR)
    parser.add_argument("--port", type=int)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    for name, size in deck_sizes(args.folder).items():
        print(f"deck {name}: {size:,} bytes")
    for action, values in browser_times(args.folder, args.port, args.repeats).items():
        print(f"{action}: median {statistics.median(values):.2f} s, max {max(values):.2f} s (n={len(values)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
