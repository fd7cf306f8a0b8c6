"""Command line: `python -m kursk_monitor COMMAND` (validate, export, brief, synth, import).

Each command has a `register_*(subparsers)` function here; its handler is called with the parsed
arguments and returns the exit status. The work itself is done by the core modules.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kursk_monitor import safe_io

if TYPE_CHECKING:  # the modules behind each command are imported when it runs: start-up stays short
    from kursk_monitor.dataset import Dataset
    from kursk_monitor.filters import ViewFilter
    from kursk_monitor.labels import Labels
    from kursk_monitor.selection import Selection

LANGUAGES = ("en", "de")  # kursk_monitor.i18n.LANGUAGES, without importing Babel for every command


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
    from kursk_monitor import table_cache
    from kursk_monitor.dataset import data_dir

    directory = directory or data_dir()
    try:
        safe_io.check_readable_folder(directory)
    except safe_io.UnsafePath as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    return table_cache.load(directory)


def run_validate(args: argparse.Namespace) -> int:
    """Exit 0 when clean, 1 when there are problems, 2 when the folder cannot be read."""
    from kursk_monitor.schema import TABLES

    dataset = open_data_folder(args.directory)
    if dataset is None:
        return 2
    directory = dataset.directory
    if args.strict:
        from kursk_monitor.integrity import strict_problems

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
            line = problem.format()
            # A warning says so once, after the line number: "FILE:LINE: warning: COLUMN: message".
            print(line.replace(": ", ": warning: ", 1) if problem.severity == "warning" else line)
        errors = dataset.error_count
        warnings = len(dataset.problems) - errors
        rows = sum(r.rows for r in dataset.reports.values())
        loaded = sum(r.loaded for r in dataset.reports.values())
        print(
            f"{directory}: {loaded} of {rows} rows loaded; "
            f"{errors} error(s), {warnings} warning(s) in {len(TABLES)} files"
        )
    return 1 if dataset.problems and dataset.error_count else 0


# --- export, brief, synth ---------------------------------------------------------------------


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The shared filter options of `export` and `brief`: one per filter field, named as in the URL."""
    from kursk_monitor.filters import FIELDS

    for row in FIELDS:
        repeatable = {"action": "append", "default": []} if row.kind == "list" else {}
        metavar = {"date": "DATE", "text": "TEXT"}.get(row.kind, row.param.upper())
        parser.add_argument(f"--{row.param}", dest=row.attr, metavar=metavar, help=row.help, **repeatable)
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of descriptions")
    parser.add_argument("--data", type=Path, help="data folder (default: $KURSK_MONITOR_DATA or data/)")


def view_from_args(args: argparse.Namespace, data: Dataset) -> tuple[ViewFilter, list[str]]:
    """The filter given on the command line, and messages about values that were ignored."""
    from kursk_monitor.filters import FIELDS, from_query, known_values

    params = {row.param: getattr(args, row.attr) for row in FIELDS if getattr(args, row.attr)}
    parsed = from_query(params, known=known_values(data.tables))
    messages = [
        f"ignored --{param} {value!r}: {reason.removeprefix('reason_')}" for param, value, reason in parsed.ignored
    ]
    return parsed.filter, messages


def open_filtered(args: argparse.Namespace) -> tuple[Selection, Labels] | None:
    """What a command was asked for: the selection of its filter, with the names in its language;
    None (after a message) if there is no folder.

    Filter values the data does not know are reported as warnings and left out.
    """
    from kursk_monitor.labels import Labels

    data = open_data_folder(args.data)
    if data is None:
        return None
    safe_io.output_folder(args.out, data.directory)  # never write into the folder being read
    view, messages = view_from_args(args, data)
    for message in messages:
        print(f"warning: {message}", file=sys.stderr)
    return data.select(view), Labels.build(data.tables, args.lang)


def _filtered_command(subparsers, name: str, help_text: str, write) -> argparse.ArgumentParser:
    """A command that writes files for one filtered view: `--out` and the filter options.

    `write(selection, labels, args)` does the work and returns the exit status.
    """
    parser = subparsers.add_parser(name, help=help_text)
    parser.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    add_filter_arguments(parser)
    parser.set_defaults(handler=lambda args: _run_filtered(args, write))
    return parser


def _run_filtered(args: argparse.Namespace, write) -> int:
    opened = open_filtered(args)
    return 2 if opened is None else write(*opened, args)


def register_export(subparsers) -> None:
    parser = _filtered_command(
        subparsers, "export", "write the filtered tables as spreadsheet-safe CSV and XLSX", run_export
    )
    parser.add_argument("--no-xlsx", action="store_true", help="write CSV files only")


def run_export(selection: Selection, labels: Labels, args: argparse.Namespace) -> int:
    """Write the export files and list them."""
    from kursk_monitor.export import write_export

    for path in write_export(selection, labels, args.out, xlsx=not args.no_xlsx):
        print(path)
    return 0


def register_brief(subparsers) -> None:
    help_text = "write a briefing: key charts and map as 1920×1080 PNG and PDF, a slide deck, one offline HTML page"
    parser = _filtered_command(subparsers, "brief", help_text, run_brief)
    parser.add_argument(
        "--classification", default="", help='handling line on every picture, e.g. "OSINT — UNCLASSIFIED"'
    )
    parser.add_argument("--no-images", action="store_true", help="write the HTML briefing only (no pictures, no deck)")


def run_brief(selection: Selection, labels: Labels, args: argparse.Namespace) -> int:
    """Write the briefing, list its files and warnings; 1 when a picture could not be drawn."""
    from kursk_monitor.briefing import write_brief

    result = write_brief(selection, labels, args.out, args.classification, images=not args.no_images)
    for path in result.files:
        print(path)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"briefing written in {result.seconds:.1f} s", file=sys.stderr)
    return 1 if result.warnings and any("could not be drawn" in w for w in result.warnings) else 0


def register_synth(subparsers) -> None:
    parser = subparsers.add_parser("synth", help="write a synthetic, valid data folder at scale")
    parser.add_argument("--events", type=int, required=True, help="number of events")
    parser.add_argument("--figures", type=int, help="number of figure claims (default: events / 5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True, help="folder to write")
    parser.add_argument(
        "--acled-like",
        action="store_true",
        help="shaped like an imported ACLED file: many places, one local death claim per deadly event",
    )
    parser.set_defaults(handler=run_synth)


def run_synth(args: argparse.Namespace) -> int:
    from kursk_monitor.synth import write, write_acled_like

    if args.acled_like:
        counts = write_acled_like(args.out, args.events, args.seed)
    else:
        counts = write(args.out, args.events, args.figures, args.seed)
    print(", ".join(f"{name}.csv: {n}" for name, n in counts.items()), f"-> {args.out}")
    return 0


def register_import(subparsers) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn ACLED or UCDP GED event files into a data folder; bad rows reported as FILE:LINE: COLUMN: message",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="ACLED export or UCDP GED CSV file")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created if missing)")
    parser.add_argument("--merge", type=Path, metavar="DATA_DIR", help="add the imported rows to this folder's rows")
    parser.add_argument(
        "--grade",
        action="append",
        default=[],
        metavar="PUBLISHER=GRADE",
        help="reliability A-F of a publisher named in the files (default F), e.g. --grade Reuters=B",
    )
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    """Exit 0 when every row was imported, 1 when rows were left out, 2 when a file was unusable."""
    from kursk_monitor.importers.cli import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser with every command."""
    return _parsers()[0]


def command_parsers() -> dict[str, argparse.ArgumentParser]:
    """Each command's own parser, by command name (for its help text)."""
    return _parsers()[1]


def _parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(prog="python -m kursk_monitor", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    for register in (register_validate, register_export, register_brief, register_synth, register_import):
        register(subparsers)
    return parser, dict(subparsers.choices)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except safe_io.UnsafePath as exc:  # a refused or unusable path: one line, exit status 2
        print(f"error: {exc}", file=sys.stderr)
        return 2
