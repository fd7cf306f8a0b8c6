"""Command line: `python -m kursk_monitor COMMAND`.

Each command lives in its own module, which provides `register(subparsers)`; the module's
handler is called with the parsed arguments and returns the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from kursk_monitor import safe_io
from kursk_monitor.dataset import Dataset, data_dir, load_dataset
from kursk_monitor.integrity import strict_problems
from kursk_monitor.schema import TABLES

COMMAND_MODULES = ("kursk_monitor.export", "kursk_monitor.briefing", "kursk_monitor.synth")


def register_validate(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a data folder and report every problem as FILE:LINE: COLUMN: message",
    )
    parser.add_argument("directory", nargs="?", type=Path, help="data folder (default: data/)")
    parser.add_argument("--json", action="store_true", help="print a JSON report instead")
    parser.add_argument(
        "--strict", action="store_true", help="also warn about claims that may be counted twice (curator check)"
    )
    parser.set_defaults(handler=run_validate)


def open_data_folder(directory: Path | None) -> Dataset | None:
    """Load `directory` (default: the app's data folder); None, with a message, if it is no folder."""
    directory = directory or data_dir()
    try:
        safe_io.check_readable_folder(directory)
    except safe_io.UnsafePath as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    return load_dataset(directory)


def run_validate(args: argparse.Namespace) -> int:
    """Exit 0 when clean, 1 when there are problems, 2 when the folder cannot be read."""
    dataset = open_data_folder(args.directory)
    if dataset is None:
        return 2
    directory = dataset.directory
    if args.strict:
        dataset.reports["figures"].problems.extend(strict_problems(dataset))
    if args.json:
        report = {
            "files": {
                name: {
                    "rows": r.rows,
                    "loaded": r.loaded,
                    "problems": [p.as_dict() for p in r.problems],
                }
                for name, r in ((spec.filename, dataset.reports[spec.name]) for spec in TABLES)
            }
        }
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for problem in dataset.problems:
            prefix = "warning: " if problem.severity == "warning" else ""
            print(problem.format().replace(": ", f": {prefix}", 1) if prefix else problem.format())
        errors = dataset.error_count
        warnings = len(dataset.problems) - errors
        rows = sum(r.rows for r in dataset.reports.values())
        loaded = sum(r.loaded for r in dataset.reports.values())
        print(
            f"{directory}: {loaded} of {rows} rows loaded; "
            f"{errors} error(s), {warnings} warning(s) in {len(TABLES)} files"
        )
    return 1 if dataset.problems and dataset.error_count else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kursk_monitor", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    register_validate(subparsers)
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except safe_io.UnsafePath as exc:  # a refused or unusable path: one line, exit status 2
        print(f"error: {exc}", file=sys.stderr)
        return 2
