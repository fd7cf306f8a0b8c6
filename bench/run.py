"""Benchmarks at scale: load and validate, server-side rerun per page, bytes sent per element,
browser time to a settled page, and the same for a naive peer page on the same data.

    python bench/run.py                        # 100,000 and 1,000,000 events
    python bench/run.py --events 100000 --runs 10 --no-browser

Synthetic data folders are written once to bench/out/data/. Results: bench/out/results.md and
stdout. Targets (at 100,000 events): warm rerun of every page ≤ 150 ms and ≤ 1/4 of the naive
page, no element over 5 MB, load and validate < 2 s; at 1,000,000 every page reruns in < 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from streamlit.testing.v1 import AppTest  # noqa: E402

from kursk_monitor import synth  # noqa: E402
from kursk_monitor.dataset import load_dataset  # noqa: E402
from kursk_monitor.i18n import label, t  # noqa: E402
from kursk_monitor_ui.navigation import PAGES, PAGES_DIR  # noqa: E402

OUT = ROOT / "bench" / "out"
DASHBOARD = ROOT / "dashboard.py"
NAIVE = ROOT / "bench" / "naive_page.py"
MB = 1024 * 1024
RERUN_TARGET_S = {100_000: 0.150, 1_000_000: 1.0}
ELEMENT_LIMIT = 5 * MB
LOAD_TARGET_S = 2.0
CREDIBILITY_STEPS = ("5", "6")  # the filter change: minimum claim credibility, back and forth
SIZED_TYPES = ("plotly_chart", "deck_gl_json_chart", "arrow_data_frame", "arrow_table", "dataframe", "table")


@dataclass
class PageResult:
    name: str
    cold_s: float = 0.0
    warm_s: list[float] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)  # element type -> largest element, bytes
    total_bytes: int = 0
    error: str = ""
    browser_s: list[float] = field(default_factory=list)
    first_change_s: float = float("nan")  # the first change of the filter (caches still cold)

    @property
    def median(self) -> float:
        return statistics.median(self.warm_s) if self.warm_s else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.warm_s, 95)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ensure_data(events: int, acled_like: bool = False) -> Path:
    folder = OUT / "data" / f"{'acled' if acled_like else 'events'}-{events}"
    if not all((folder / f"{name}.csv").exists() for name in ("events", "control")):
        started = time.perf_counter()
        if acled_like:
            synth.write_acled_like(folder, events=events)
        else:
            synth.write(folder, events=events)
        print(f"  wrote {folder} in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def time_load(folder: Path, repeats: int) -> tuple[list[float], int]:
    times = []
    rows = 0
    for _ in range(repeats):
        started = time.perf_counter()
        data = load_dataset(folder)
        times.append(time.perf_counter() - started)
        rows = sum(len(frame) for frame in data.tables.values())
        assert data.error_count == 0, data.problems[:5]
    return times, rows


def _walk(node):
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from _walk(child)


def element_sizes(at: AppTest) -> tuple[dict[str, int], int]:
    """Largest serialized element per type, and the total, from the AppTest protos."""
    largest: dict[str, int] = {}
    total = 0
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is None or kind not in SIZED_TYPES:
            continue
        size = proto.ByteSize()
        total += size
        largest[kind] = max(largest.get(kind, 0), size)
    return largest, total


def bench_app(name: str, script: Path, page: str | None, runs: int, timeout: float) -> PageResult:
    """Cold run, then warm reruns each after a change of the credibility filter."""
    result = PageResult(name)
    at = AppTest.from_file(str(script), default_timeout=timeout)
    if page:
        at.switch_page(f"pages/{page}")
    started = time.perf_counter()
    at.run()
    result.cold_s = time.perf_counter() - started
    if at.exception:
        result.error = at.exception[0].value[:200]
        return result
    result.sizes, result.total_bytes = element_sizes(at)
    for i in range(runs + 1):
        at.selectbox(key="credibility").set_value(CREDIBILITY_STEPS[i % 2])
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        if at.exception:
            result.error = at.exception[0].value[:200]
            return result
        if i:  # the first change may still fill caches
            result.warm_s.append(elapsed)
        else:
            result.first_change_s = elapsed
    return result


# --- browser -------------------------------------------------------------------------------------

SCRIPT_STATE = "document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"


def _browser_change(page, lang: str, value: str, timeout_ms: int) -> float:
    """Pick a credibility in the sidebar; seconds until the app has rerun and drawn."""
    from harness import open_options

    option = open_options(page, t("filter.min_credibility", lang), label("credibility", value, lang))
    started = time.perf_counter()
    option.click()
    with contextlib.suppress(Exception):  # a very fast rerun may finish before the first poll
        page.wait_for_function(f"() => {SCRIPT_STATE} !== 'notRunning'", polling=20, timeout=3000)
    page.wait_for_function(
        f"() => {SCRIPT_STATE} === 'notRunning' && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        polling=20,
        timeout=timeout_ms,
    )
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
                 .every(el => el.querySelector('.main-svg'))""",
        polling=20,
        timeout=timeout_ms,
    )
    return time.perf_counter() - started


def bench_browser(
    folder: Path, targets: list[tuple[str, str]], runs: int, script: str = "dashboard.py", timeout_s: float = 600
) -> dict:
    """Seconds from a filter change to a settled page, per page, in Chromium."""
    from harness import new_page, open_page, require_browser, run_app
    from playwright.sync_api import sync_playwright

    try:
        require_browser()
    except BaseException as exc:  # pytest's skip exception, outside pytest
        print(f"  browser skipped: {exc}")
        return {}
    timeout_ms = int(timeout_s * 1000)
    times: dict[str, list[float]] = {}
    with run_app(folder, script=script) as server, sync_playwright() as playwright:
        from harness import CHROMIUM, CHROMIUM_ARGS

        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        external: list[str] = []
        page = new_page(browser, external)
        try:
            for name, url_path in targets:
                page.set_default_timeout(timeout_ms)
                measured = []
                try:
                    open_page(page, server.url, url_path, timeout_ms=timeout_ms)
                    for i in range(runs + 1):
                        elapsed = _browser_change(page, "en", CREDIBILITY_STEPS[i % 2], timeout_ms)
                        if i:
                            measured.append(elapsed)
                except Exception as exc:  # too slow to measure: report as over the limit
                    print(f"  {name}: no settled page within {timeout_s:.0f} s ({type(exc).__name__})", flush=True)
                    measured.append(float("inf"))
                times[name] = measured
        finally:
            browser.close()
    if external:
        print(f"  WARNING: blocked non-local requests: {sorted(set(external))[:5]}")
    return times


# --- report --------------------------------------------------------------------------------------


def fmt_ms(seconds: float) -> str:
    if seconds == float("inf"):
        return "not settled"
    return f"{seconds * 1000:,.0f}"


def fmt_bytes(size: int) -> str:
    return f"{size / MB:.2f} MB" if size >= 100_000 else f"{size / 1024:.1f} kB"


def report(events: int, load: list[float], rows: int, pages: list[PageResult], naive: PageResult | None) -> str:
    target = RERUN_TARGET_S.get(events, 1.0)
    lines = [
        f"## {events:,} events ({rows:,} rows in all tables)",
        "",
        f"Load and validate (`load_dataset`): median {statistics.median(load):.2f} s over {len(load)} run(s) "
        f"(target < {LOAD_TARGET_S:.0f} s at 100,000: {'met' if statistics.median(load) < LOAD_TARGET_S else 'MISSED'}"
        ")"
        if events == 100_000
        else f"Load and validate (`load_dataset`): median {statistics.median(load):.2f} s over {len(load)} run(s)",
        "",
        "| page | cold run ms | first change ms | warm rerun median ms | p95 ms | vs naive | largest element "
        "| all elements | browser settle median ms | target |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    naive_median = naive.median if naive and naive.warm_s else float("nan")
    for result in [*pages, *([naive] if naive else [])]:
        if result.error:
            lines.append(f"| {result.name} | ERROR: {result.error} ||||||||")
            continue
        biggest = max(result.sizes.items(), key=lambda kv: kv[1], default=("-", 0))
        ratio = result.median / naive_median if naive_median == naive_median and naive_median else float("nan")
        browser = fmt_ms(statistics.median(result.browser_s)) if result.browser_s else "-"
        is_naive = naive is not None and result is naive
        checks = []
        if not is_naive:
            checks.append(result.p95 <= target and result.median <= target)
            if events == 100_000:
                checks.append(ratio <= 0.25)
            checks.append(all(size <= ELEMENT_LIMIT for size in result.sizes.values()))
        verdict = "-" if is_naive else ("met" if all(checks) else "MISSED")
        lines.append(
            f"| {result.name} | {fmt_ms(result.cold_s)} | {fmt_ms(result.first_change_s)} "
            f"| {fmt_ms(result.median)} | {fmt_ms(result.p95)} "
            f"| {'-' if is_naive else f'{ratio:.2f}'} | {biggest[0]} {fmt_bytes(biggest[1])} "
            f"| {fmt_bytes(result.total_bytes)} | {browser} | {verdict} |"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=0, help="warm reruns per page (default 10 at 100k, 4 above)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--pages", nargs="*", help="only these url paths (overview = '')")
    parser.add_argument("--acled-like", action="store_true", help="ACLED-shaped synthetic data (synth --acled-like)")
    parser.add_argument("--data-root", type=Path, help="read synthetic folders from DIR/data (e.g. another checkout's)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    existing = [(script, url_path) for script, url_path, _k, _i in PAGES if (PAGES_DIR / script).exists()]
    if args.pages is not None:
        wanted = {"" if p == "overview" else p for p in args.pages}
        existing = [(s, u) for s, u in existing if u in wanted]
    sections = [
        "# Kursk Monitor benchmarks",
        "",
        f"Machine: {os.cpu_count()} cores; filter change = minimum credibility 5 <-> 6; "
        "times are AppTest runs (script + serialisation) in one process.",
        "",
    ]
    for events in args.events:
        print(f"== {events:,} events", flush=True)
        folder = ensure_data(events, args.acled_like)
        if args.data_root:
            folder = args.data_root / "data" / folder.name
        os.environ["KURSK_MONITOR_DATA"] = str(folder)
        load, rows = time_load(folder, 3 if events <= 100_000 else 1)
        print(f"  load_dataset: {[round(x, 2) for x in load]} s", flush=True)
        runs = args.runs or (10 if events <= 100_000 else 4)
        timeout = 120 if events <= 100_000 else 1800
        pages = []
        for script, url_path in existing:
            name = f"/{url_path}"
            result = bench_app(name, DASHBOARD, script, runs, timeout)
            print(
                f"  {name}: cold {result.cold_s:.2f} s, first change {result.first_change_s:.2f} s, "
                f"warm median {result.median * 1000:.0f} ms, "
                f"p95 {result.p95 * 1000:.0f} ms, sizes {result.sizes} {result.error}",
                flush=True,
            )
            pages.append(result)
        naive = None
        if not args.no_naive:
            naive = bench_app("naive peer page", NAIVE, None, max(2, runs // 3), timeout)
            print(f"  naive: cold {naive.cold_s:.2f} s, warm median {naive.median * 1000:.0f} ms, {naive.sizes}")
        if not args.no_browser:
            targets = [(f"/{u}", u) for _s, u in existing]
            times = bench_browser(folder, targets, 3 if events <= 100_000 else 2)
            for result in pages:
                result.browser_s = times.get(result.name, [])
            print(f"  browser: { {k: [round(x, 2) for x in v] for k, v in times.items()} }", flush=True)
            if naive and events <= 100_000:
                naive.browser_s = bench_browser(
                    folder, [("naive", "")], 2, script="bench/naive_page.py", timeout_s=150
                ).get("naive", [])
                print(f"  naive browser: {[round(x, 2) for x in naive.browser_s]}", flush=True)
        sections.append(report(events, load, rows, pages, naive))
    text = "\n".join(sections)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
