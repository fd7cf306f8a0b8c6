"""Uploaded ACLED and UCDP GED files as data files: the same conversion and report as `import`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kursk_monitor.csvread import decode
from kursk_monitor.importers import detect_text, import_texts
from kursk_monitor.importers.builder import WRITTEN, Builder
from kursk_monitor.problems import Problem
from kursk_monitor.schema import TABLES_BY_NAME


def is_event_file(data: bytes) -> bool:
    """True when the bytes are a CSV file in a format `import` reads."""
    return detect_text(decode(data[:65536])[0]) is not None


def as_data_files(
    files: list[tuple[str, bytes]], continue_after: Path | None = None
) -> tuple[list[tuple[str, str, bytes]], list[Problem]]:
    """Convert `(name, bytes)` event files; return `(data file name, label, bytes)` and the problems.

    The label names the uploaded files and their formats, e.g. "acled.csv (ACLED)".
    """
    builder = Builder()
    if continue_after is not None:
        builder.continue_after(continue_after)
    result = import_texts([(name, decode(data)[0]) for name, data in files], builder)
    label = ", ".join(f"{f.label} ({f.format})" if f.format else f.label for f in result.files)
    out = []
    for table in WRITTEN:
        rows = builder.rows[table]
        if not rows:
            continue
        buffer = io.StringIO()
        columns = [c.name for c in TABLES_BY_NAME[table].columns]
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        out.append((f"{table}.csv", label, buffer.getvalue().encode("utf-8")))
    return out, result.problems
