"""Cold start and memory: a fresh process renders one page of the app on a data folder, then 20 more
views (pages and filter values in turn); reports seconds and resident memory.

    python bench/cold_start.py FOLDER [--page figures] [--repeats 2] [--views 20]

Each repeat is a new Python process (imports, loading the folder, the first page through
Streamlit's AppTest), so the figure is what a freshly started server spends before it can send
the first page. The columnar cache (`kursk_monitor/table_cache.py`) is used as the app uses it: run
once with `KURSK_MONITOR_CACHE` pointing to an empty folder to see the first load after a change.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
started = time.perf_counter()
from streamlit.testing.v1 import AppTest

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

page, views = sys.argv[1], int(sys.argv[2])
at = AppTest.from_file(sys.argv[3] + "/dashboard.py", default_timeout=3600)
if page:
    at.switch_page(f"pages/{page}.py")
at.run()
first = time.perf_counter() - started
error = at.exception[0].value[:200] if at.exception else ""
after_load = rss_mb()
print(json.dumps({"first_page_s": first, "rss_after_load_mb": after_load, "error": error}), flush=True)
pages = ["overview", "map", "figures", "timeline", "briefing", "data"]
view_times = []
for i in range(views):
    target = pages[i % len(pages)]
    at.switch_page(f"pages/{target}.py")
    at.run()
    if at.selectbox(key="credibility") is not None and not at.exception:
        at.selectbox(key="credibility").set_value("123456"[i % 6])
    t0 = time.perf_counter()
    at.run()
    view_times.append(time.perf_counter() - t0)
    error = error or (at.exception[0].value[:200] if at.exception else "")
print(json.dumps({"first_page_s": first, "rss_after_load_mb": after_load, "rss_after_views_mb": rss_mb(),
                  "views": views, "error": error}))
"""


def measure(folder: Path, page: str, views: int, root: Path) -> dict:
    """One fresh process: wall and CPU seconds, seconds to the first page, resident memory after it
    and after `views` views. CPU seconds are the steadier figure on a shared machine."""
    env = {**os.environ, "KURSK_MONITOR_DATA": str(folder)}
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, page, str(views), str(root)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {"error": out.stderr[-300:]}
    return {"process_s": wall, "process_cpu_s": cpu, **result}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--page", default="", help="url path of the first page (default: overview)")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--views", type=int, default=20)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose app is measured (default: this one)")
    args = parser.parse_args(argv)
    for i in range(args.repeats):
        result = measure(args.folder.resolve(), args.page, args.views if i == 0 else 0, args.root.resolve())
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
