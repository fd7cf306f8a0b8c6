"""How long the map takes to build and serialise, and how big the deck is, on a data folder.

    python bench/map_build.py bench/out/data/events-100000 [--repeats 5] [--framing route]

Prints the best and median seconds of `build_map` + `to_json` and the deck's size in bytes.
Timings depend on the machine and its load; they are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kursk_monitor import maps  # noqa: E402
from kursk_monitor.dataset import Dataset, load_dataset  # noqa: E402
from kursk_monitor.filters import ViewFilter  # noqa: E402
from kursk_monitor.labels import Labels  # noqa: E402


def measure(
    data: Dataset,
    view: ViewFilter | None = None,
    lang: str = "en",
    options: maps.MapOptions | None = None,
    repeats: int = 5,
) -> dict[str, float]:
    """Time filtering, `build_map` and `to_json` (best and median of `repeats`) and the deck's size."""
    view = view or ViewFilter()
    options = options or maps.MapOptions()
    labels = Labels.build(data.tables, lang)
    timings = []
    payload = ""
    for _ in range(repeats):
        started = time.perf_counter()
        payload = maps.build_map(data.select(view), labels, options).to_json()
        timings.append(time.perf_counter() - started)
    return {
        "best_seconds": min(timings),
        "median_seconds": statistics.median(timings),
        "deck_bytes": len(payload.encode("utf-8")),
        "events": len(data.tables["events"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--framing", choices=maps.FRAMINGS, default="kursk")
    args = parser.parse_args(argv)
    result = measure(load_dataset(args.folder), options=maps.MapOptions(framing=args.framing), repeats=args.repeats)
    print(
        ", ".join(
            f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}" for key, value in result.items()
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
