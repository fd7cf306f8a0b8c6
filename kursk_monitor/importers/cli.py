"""The `import` command's work: convert the files, write the folder, check it, report."""

from __future__ import annotations

import argparse
import sys

from kursk_monitor import safe_io
from kursk_monitor.importers import import_paths
from kursk_monitor.importers.builder import GRADES, write_folder


def parse_grades(pairs: list[str]) -> dict[str, str] | None:
    """`PUBLISHER=GRADE` options as a dict; None (after a message) when one is malformed."""
    grades = {}
    for pair in pairs:
        publisher, _, grade = pair.rpartition("=")
        if not publisher.strip() or grade.strip().upper() not in GRADES:
            print(f"error: --grade {pair!r}: expected PUBLISHER=GRADE with a grade A-F", file=sys.stderr)
            return None
        grades[publisher.strip()] = grade.strip().upper()
    return grades


def run(args: argparse.Namespace) -> int:
    """Import `args.files` into `args.out` (after `args.merge`); print the report; return the exit status."""
    from kursk_monitor.dataset import load_dataset

    grades = parse_grades(args.grade)
    if grades is None:
        return 2
    if args.merge is not None:
        safe_io.check_readable_folder(args.merge)
    result = import_paths(args.files, grades, args.merge)
    for problem in result.problems:
        print(problem.format())
    if not any(f.format and f.readable for f in result.files):
        print("error: nothing to import", file=sys.stderr)
        return 2
    write_folder(result.builder, args.out, args.merge)
    for outcome in result.files:
        if outcome.format:
            print(f"{outcome.label}: {outcome.format}, {outcome.imported} of {outcome.rows} rows imported")
    dataset = load_dataset(args.out)
    for problem in dataset.problems:
        print(problem.format())
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in result.builder.rows.items())
    print(f"{args.out}: {counts} added; {dataset.error_count} error(s) in the folder")
    status = result.exit_status
    return max(status, 1) if dataset.error_count else status
