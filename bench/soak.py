"""Soak test: several browser sessions change filters and pages at once for a few minutes,
against one local server; no session may see an error, and the server's memory must level off.

    python bench/soak.py                           # 4 sessions, 180 s, 100,000 synthetic events
    python bench/soak.py --sessions 2 --seconds 60 --data data

Only 127.0.0.1 is contacted (every other request is blocked and counted). Exit code 1 when a
session saw an exception, a request left the machine, or memory grew more than --max-growth-mb
between the end of the warm-up and the end of the run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

OUT = ROOT / "bench" / "out"


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids.extend(int(c) for c in children)
    except OSError:
        pass
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def session(args: tuple[str, int, float]) -> dict:
    """One browser session: random filter changes and page switches until the deadline."""
    from harness import CHROMIUM, CHROMIUM_ARGS, EXCEPTION, SIDEBAR, choose, new_page, open_page, wait_settled
    from playwright.sync_api import sync_playwright

    from kursk_monitor.i18n import label, t
    from kursk_monitor.schema import CREDIBILITY, RELIABILITY
    from kursk_monitor_ui.navigation import PAGES, PAGES_DIR

    url, seed, deadline = args
    rng = random.Random(seed)
    pages = [(u, key) for s, u, key, _i in PAGES if (PAGES_DIR / s).exists()]
    stats = {"seed": seed, "actions": 0, "exceptions": [], "external": [], "errors": [], "slowest_s": 0.0}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        external: list[str] = []
        page = new_page(browser, external)
        page.set_default_timeout(120_000)
        open_page(page, url, rng.choice(pages)[0])
        while time.monotonic() < deadline:
            action = rng.choice(["credibility", "reliability", "text", "page", "page", "reload"])
            started = time.monotonic()
            try:
                sidebar = page.locator(SIDEBAR)
                if action in ("credibility", "reliability"):
                    grades = CREDIBILITY if action == "credibility" else RELIABILITY
                    choose(page, t(f"filter.min_{action}", "en"), label(action, rng.choice(grades), "en"))
                elif action == "text":
                    box = sidebar.get_by_label(t("filter.text", "en"), exact=True)
                    box.fill(rng.choice(["", "Kursk", "troops", "1", "zzz"]))
                    box.press("Enter")
                elif action == "page":
                    path, _key = rng.choice(pages)
                    nav = page.locator('[data-testid="stSidebarNav"]')
                    nav.locator(f'a[href="{url.rstrip("/")}/{path}"]').click()
                else:  # a new session on the same URL (the old one must be released)
                    page.reload()
                page.wait_for_timeout(200)
                wait_settled(page, timeout_ms=120_000)
                texts = [el.inner_text()[:300] for el in page.query_selector_all(EXCEPTION)]
                if texts:
                    stats["exceptions"].append({"action": action, "url": page.url, "text": texts[0]})
            except Exception as exc:  # record and carry on; the report counts these
                stats["errors"].append(f"{action}: {type(exc).__name__}: {str(exc)[:200]}")
                page.wait_for_timeout(500)
            stats["actions"] += 1
            stats["slowest_s"] = max(stats["slowest_s"], time.monotonic() - started)
        stats["external"] = sorted(set(external))
        browser.close()
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--warmup", type=float, default=30, help="seconds before the memory baseline is taken")
    parser.add_argument("--data", type=Path, help="data folder (default: synthetic, --events)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--max-growth-mb", type=float, default=300)
    args = parser.parse_args(argv)

    from harness import require_browser, run_app

    from kursk_monitor import synth

    try:
        require_browser()
    except BaseException as exc:  # pytest's skip exception, outside pytest
        print(f"cannot soak: {exc}")
        return 2
    folder = args.data
    if folder is None:
        folder = OUT / "data" / f"events-{args.events}"
        if not (folder / "events.csv").exists():
            synth.write(folder, events=args.events)
    samples: list[tuple[float, float]] = []
    with run_app(folder) as server:
        stop = threading.Event()
        start = time.monotonic()

        def sample() -> None:
            while not stop.is_set():
                samples.append((time.monotonic() - start, rss_mb(server.pid)))
                stop.wait(2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        deadline = time.monotonic() + args.warmup + args.seconds
        jobs = [(server.url, seed, deadline) for seed in range(args.sessions)]
        with multiprocessing.get_context("spawn").Pool(args.sessions) as pool:
            results = pool.map(session, jobs)
        time.sleep(5)  # let the server drop the closed sessions
        samples.append((time.monotonic() - start, rss_mb(server.pid)))
        stop.set()
        sampler.join()
    baseline = next((mb for at, mb in samples if at >= args.warmup), samples[0][1])
    peak = max(mb for _at, mb in samples)
    end = samples[-1][1]
    growth = end - baseline
    actions = sum(r["actions"] for r in results)
    exceptions = [e for r in results for e in r["exceptions"]]
    errors = [e for r in results for e in r["errors"]]
    external = sorted({u for r in results for u in r["external"]})
    lines = [
        f"Soak: {args.sessions} sessions, {args.warmup:.0f} s warm-up + {args.seconds:.0f} s, data {folder}",
        f"  actions: {actions} ({actions / (args.warmup + args.seconds):.1f}/s), slowest "
        f"{max(r['slowest_s'] for r in results):.1f} s",
        f"  exception boxes: {len(exceptions)}; harness errors: {len(errors)}; non-local requests: {len(external)}",
        f"  server RSS: start {samples[0][1]:.0f} MB, after warm-up {baseline:.0f} MB, peak {peak:.0f} MB, "
        f"end {end:.0f} MB, growth after warm-up {growth:+.0f} MB (limit {args.max_growth_mb:.0f} MB)",
    ]
    lines += [f"  exception: {e}" for e in exceptions[:5]]
    lines += [f"  error: {e}" for e in errors[:5]]
    lines += [f"  external: {u}" for u in external[:5]]
    text = "\n".join(lines)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "soak.md").write_text(text + "\n", encoding="utf-8")
    return 1 if exceptions or external or growth > args.max_growth_mb else 0


if __name__ == "__main__":
    raise SystemExit(main())
