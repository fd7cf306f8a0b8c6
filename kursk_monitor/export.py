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

import io
from datetime import date, datetime
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kursk_monitor import safe_io
from kursk_monitor.formula_guard import DANGEROUS_PREFIXES, is_dangerous, neutralise_text
from kursk_monitor.i18n import fmt_number, t
from kursk_monitor.labels import Labels
from kursk_monitor.selection import Selection, distinct_lists, rows_with

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


def _distinct(*columns: pd.Series) -> set:
    """The distinct values of the columns (`unique` first: a set over a million Arrow strings is slow)."""
    return set(chain.from_iterable(column.unique() for column in columns))


def filtered_tables(selection: Selection) -> dict[str, pd.DataFrame]:
    """The filtered claims, events, movements and control claims, and the sources, actors and places
    they cite."""
    tables = selection.tables
    figures, events, movements = selection.figures, selection.events, selection.movements
    control = selection.control
    if selection.view.is_empty():
        sources, actors, locations = tables["sources"], tables["actors"], tables["locations"]
    else:
        actors_used = _distinct(figures["claimant_id"], control["claimant_id"])
        actors_used |= set(chain.from_iterable(distinct_lists(events, tables["events"], "actor_ids")))
        places_used = _distinct(
            figures["location_id"],
            events["location_id"],
            control["location_id"],
            movements["from_location_id"],
            movements["to_location_id"],
        )
        places_used.discard("")
        sources = selection.sources
        actors = rows_with(tables["actors"], "actor_id", actors_used)
        locations = rows_with(tables["locations"], "location_id", places_used)
    return {
        "figures": figures,
        "events": events,
        "movements": movements,
        "control": control,
        "sources": sources,
        "actors": actors,
        "locations": locations,
    }


def write_export(selection: Selection, labels: Labels, out: Path, xlsx: bool = True) -> list[Path]:
    """Write one neutralised CSV per table (and a workbook with all of them) into `out`."""
    lang = labels.lang
    safe_io.output_folder(out)
    tables = filtered_tables(selection)
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
        selection.view.describe(lang, "claims", labels.names),
        selection.view.describe(lang, "events", labels.names),
        t("export.as_of_line", lang, date=_iso(selection.as_of) or "-"),
        t("export.neutralised_note", lang),
    ]
    safe_io.write_text(readme, "\n".join(lines) + "\n")
    written.append(readme)
    return written
