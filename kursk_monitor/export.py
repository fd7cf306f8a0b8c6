"""Safe data export: CSV and XLSX that a spreadsheet opens as plain data, never as formulas.

A text cell whose first visible character is `=`, `+`, `-` or `@` (or the full-width forms
＝ ＋ － ＠), also behind control, zero-width or bidi characters, would be read as a formula by
Excel, LibreOffice or Google Sheets ("CSV injection"). `neutralise` prefixes such cells with a
single quote so they show as text (the rule is `kursk_monitor.formula_guard.neutralise_text`,
shared by every export). Numeric columns stay numeric, list cells are joined with ";" and dates
are written as ISO `YYYY-MM-DD`.

`python -m kursk_monitor export --out DIR [filters]` writes the filtered tables as CSV and one
XLSX workbook.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date, datetime
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kursk_monitor import safe_io
from kursk_monitor.cli import open_data_folder
from kursk_monitor.dataset import Dataset
from kursk_monitor.filters import ViewFilter, from_query
from kursk_monitor.formula_guard import DANGEROUS_PREFIXES, is_dangerous, neutralise_text
from kursk_monitor.i18n import LANGUAGES, fmt_number, t

__all__ = ["DANGEROUS_PREFIXES", "is_dangerous", "neutralise", "neutralise_text", "to_csv_bytes", "to_xlsx_bytes"]
LIST_JOINER = ";"
EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
EXPORT_TABLES = ("figures", "events", "movements", "control", "sources", "actors", "locations")


def _cell_text(value) -> object:
    """One cell of a text column: lists joined, dates ISO, text neutralised; numbers and NA kept."""
    if value is None:
        return None
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        return neutralise_text(LIST_JOINER.join(str(v) for v in value))
    if isinstance(value, str):
        return neutralise_text(value)
    if isinstance(value, bool | np.bool_ | int | float | np.integer | np.floating):
        return value
    if isinstance(value, pd.Timestamp | datetime | date):
        return _iso(value)
    if pd.isna(value):
        return None
    return neutralise_text(str(value))


def _iso(value) -> str | None:
    if value is None or pd.isna(value):
        return None
    stamp = pd.Timestamp(value)
    if stamp == stamp.normalize():
        return stamp.strftime("%Y-%m-%d")
    return stamp.isoformat()


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` that is safe to open in a spreadsheet (see module docstring)."""
    out = pd.DataFrame(index=df.index)
    for name in df.columns:
        column = df[name]
        header = neutralise_text(str(name))
        if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
            out[header] = column
        elif pd.api.types.is_datetime64_any_dtype(column):
            out[header] = pd.Series([_iso(v) for v in column], index=df.index, dtype=object)
        else:
            out[header] = pd.Series([_cell_text(v) for v in column], index=df.index, dtype=object)
    return out.reset_index(drop=True)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Neutralised CSV, UTF-8 with BOM (so Excel shows umlauts right), CRLF line ends."""
    text = neutralise(df).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, float) and np.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _fit_excel(value, lang: str):
    """Text longer than Excel keeps in a cell, cut so that the cell itself says it was cut."""
    if not isinstance(value, str) or len(value) <= EXCEL_CELL_LIMIT:
        return value
    note = t("export.cut_for_excel", lang, n=fmt_number(len(value), lang))
    return value[: EXCEL_CELL_LIMIT - len(note)] + note


def to_xlsx_bytes(df: pd.DataFrame | dict[str, pd.DataFrame], sheet_name: str = "data", lang: str = "en") -> bytes:
    """Neutralised XLSX (one sheet, or one sheet per entry of a dict); text is never a formula, and a
    cell too long for Excel ends with a note in `lang` that it was cut."""
    frames = df if isinstance(df, dict) else {sheet_name: df}
    book = Workbook(write_only=True)
    for name, frame in frames.items():
        sheet = book.create_sheet(title=ILLEGAL_CHARACTERS_RE.sub("", str(name))[:31] or "data")
        safe = neutralise(frame)
        sheet.append([_fit_excel(_xlsx_value(c), lang) for c in safe.columns])
        for row in safe.itertuples(index=False, name=None):
            sheet.append([_fit_excel(_xlsx_value(v), lang) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the tables an export holds ----------------------------------------------------------------


def filtered_tables(data: Dataset, view: ViewFilter) -> dict[str, pd.DataFrame]:
    """The filtered claims, events, movements and control claims, and the sources, actors and places
    they cite."""
    tables = data.tables
    figures = view.apply_figures(tables["figures"])
    events = view.apply_events(tables["events"])
    movements = view.apply_movements(tables["movements"])
    control = view.apply_control(tables["control"])
    cited_lists = chain(figures["source_ids"], events["source_ids"], movements["source_ids"], control["source_ids"])
    cited_sources = set(chain.from_iterable(cited_lists))
    actors_used = set(figures["claimant_id"]) | set(chain.from_iterable(events["actor_ids"]))
    actors_used |= set(control["claimant_id"])
    places_used = set(figures["location_id"]) | set(events["location_id"]) | set(control["location_id"])
    places_used |= set(movements["from_location_id"]) | set(movements["to_location_id"])
    places_used.discard("")
    if view.is_empty():
        sources, actors, locations = tables["sources"], tables["actors"], tables["locations"]
    else:
        sources = tables["sources"][tables["sources"]["source_id"].isin(cited_sources)]
        actors = tables["actors"][tables["actors"]["actor_id"].isin(actors_used)]
        locations = tables["locations"][tables["locations"]["location_id"].isin(places_used)]
    return {
        "figures": figures,
        "events": events,
        "movements": movements,
        "control": control,
        "sources": sources,
        "actors": actors,
        "locations": locations,
    }


def write_export(
    data: Dataset,
    view: ViewFilter,
    out: Path,
    lang: str = "en",
    xlsx: bool = True,
    names: dict[str, str] | None = None,
) -> list[Path]:
    """Write one neutralised CSV per table (and a workbook with all of them) into `out`."""
    safe_io.output_folder(out, data.directory)
    tables = filtered_tables(data, view)
    written = []
    for name in EXPORT_TABLES:
        path = out / f"{name}.csv"
        safe_io.write_file(path, to_csv_bytes(tables[name]))
        written.append(path)
    if xlsx:
        path = out / "kursk_monitor_export.xlsx"
        safe_io.write_file(path, to_xlsx_bytes({name: tables[name] for name in EXPORT_TABLES}, lang=lang))
        written.append(path)
    readme = out / "export_filter.txt"
    lines = [
        view.describe(lang, "claims", names),
        view.describe(lang, "events", names),
        t("export.as_of_line", lang, date=_iso(data.as_of()) or "-"),
        t("export.neutralised_note", lang),
    ]
    safe_io.write_text(readme, "\n".join(lines) + "\n")
    written.append(readme)
    return written


# --- command line ------------------------------------------------------------------------------


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The shared filter options of `export` and `brief` (same names as the URL parameters)."""
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last day, YYYY-MM-DD")
    parser.add_argument("--actor", action="append", default=[], help="actor id (repeatable)")
    parser.add_argument("--country", action="append", default=[], help="country code (repeatable)")
    parser.add_argument("--metric", action="append", default=[], help="metric (repeatable)")
    parser.add_argument("--category", action="append", default=[], help="event category (repeatable)")
    parser.add_argument("--reliability", help="minimum source reliability, A–F")
    parser.add_argument("--credibility", help="minimum claim credibility, 1–6")
    parser.add_argument("--q", dest="text", help="text search")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of descriptions")
    parser.add_argument("--data", type=Path, help="data folder (default: $KURSK_MONITOR_DATA or data/)")


def view_from_args(args: argparse.Namespace, data: Dataset) -> tuple[ViewFilter, list[str]]:
    """The filter given on the command line, and messages about values that were ignored."""
    params: dict[str, str | list[str]] = {}
    if args.date_from:
        params["from"] = args.date_from
    if args.date_to:
        params["to"] = args.date_to
    for name in ("actor", "country", "metric", "category"):
        values = getattr(args, name)
        if values:
            params[name] = values
    if args.reliability:
        params["reliability"] = args.reliability
    if args.credibility:
        params["credibility"] = args.credibility
    if args.text:
        params["q"] = args.text
    parsed = from_query(
        params,
        known={
            "actor": set(data.tables["actors"]["actor_id"]),
            "country": set(data.tables["actors"]["country"]),
        },
    )
    messages = [
        f"ignored --{param} {value!r}: {reason.removeprefix('reason_')}" for param, value, reason in parsed.ignored
    ]
    return parsed.filter, messages


def names_of(data: Dataset, lang: str) -> dict[str, str]:
    """Display names of actors and places in `lang`."""
    names: dict[str, str] = {}
    for table, key in (("locations", "location_id"), ("actors", "actor_id")):
        frame = data.tables[table]
        for row in frame.itertuples(index=False):
            german = getattr(row, "name_de", "")
            names[getattr(row, key)] = german if lang == "de" and german else row.name
    return names


def open_filtered(args: argparse.Namespace) -> tuple[Dataset, ViewFilter] | None:
    """The data folder and filter a command was given; None (after a message) if there is no folder.

    Filter values the data does not know are reported as warnings and left out.
    """
    data = open_data_folder(args.data)
    if data is None:
        return None
    view, messages = view_from_args(args, data)
    for message in messages:
        print(f"warning: {message}", file=sys.stderr)
    return data, view


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the filtered tables as spreadsheet-safe CSV and XLSX",
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    parser.add_argument("--no-xlsx", action="store_true", help="write CSV files only")
    add_filter_arguments(parser)
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    opened = open_filtered(args)
    if opened is None:
        return 2
    data, view = opened
    written = write_export(data, view, args.out, args.lang, xlsx=not args.no_xlsx, names=names_of(data, args.lang))
    for path in written:
        print(path)
    return 0
