"""A file's raw records lined up with its header: the frame of stripped text every check starts
from, and the problems of the header (duplicate, missing, unknown columns) and of field counts.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kursk_monitor.csvread import RawTable
from kursk_monitor.problems import Problem
from kursk_monitor.schema import TableSpec


def frame_from_raw(raw: RawTable, spec: TableSpec) -> tuple[pd.DataFrame, list[Problem], bool]:
    """Line up records with the header; report bad field counts and header defects.

    Returns the string frame, problems, and whether the file is usable (all required columns).
    """
    problems, usable = _header_problems(raw, spec)
    rows, lines, padded_rows = _records_in_line(raw, problems)
    frame = _string_frame(raw.header, rows, spec)
    frame["_line"] = np.asarray(lines, dtype=np.int64)
    frame.attrs["padded_rows"] = padded_rows
    return frame.reset_index(drop=True), problems, usable


def _header_problems(raw: RawTable, spec: TableSpec) -> tuple[list[Problem], bool]:
    """Duplicate, missing and unknown columns; and whether every required column is there."""
    problems: list[Problem] = []
    header = raw.header
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if name in seen and name:
            problems.append(
                Problem(
                    raw.filename,
                    1,
                    name,
                    name,
                    "duplicate_column",
                    f"column '{name}' appears twice in the header (position {position})",
                )
            )
        seen.add(name)
    known = {c.name for c in spec.columns}
    usable = True
    for column in spec.columns:
        if column.name not in seen and column.missing_default is not None:
            problems.append(
                Problem(
                    raw.filename,
                    1,
                    column.name,
                    column.missing_default,
                    "missing_column_default",
                    f"column '{column.name}' is missing from the header; "
                    f"every row is read with {column.name} '{column.missing_default}'",
                    severity="warning",
                )
            )
        elif column.name not in seen and column.required:
            usable = False
            hint = suggest(column.name, [h for h in header if h not in known])
            problems.append(
                Problem(
                    raw.filename,
                    1,
                    column.name,
                    "",
                    "missing_column",
                    f"required column '{column.name}' is missing from the header{hint}",
                )
            )
    for name in header:
        if name and name not in known:
            problems.append(
                Problem(
                    raw.filename,
                    1,
                    name,
                    name,
                    "unknown_column",
                    f"column '{name}' is not part of the {spec.filename} schema and is ignored",
                    severity="warning",
                )
            )
    return problems, usable


def _records_in_line(raw: RawTable, problems: list[Problem]) -> tuple[list[list[str]], list[int], list[int]]:
    """The records with as many fields as the header, their lines, and the positions of rows kept
    despite empty fields after the last column; a problem for every other record."""
    header = raw.header
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    padded_rows: list[int] = []  # positions of rows kept despite empty fields after the last column
    for line, record in zip(raw.lines, raw.records, strict=True):
        if len(record) == width:
            rows.append(record)
            lines.append(line)
            continue
        problem = _field_count_problem(raw, line, record)
        problems.append(problem)
        if problem.severity == "warning":
            padded_rows.append(len(rows))
            rows.append(record[:width])
            lines.append(line)
    return rows, lines, padded_rows


def _field_count_problem(raw: RawTable, line: int, record: list[str]) -> Problem:
    """Too few fields, too many, or only empty ones after the last column (a warning: row kept)."""
    header = raw.header
    width = len(header)
    if len(record) < width:
        missing = header[len(record)]
        return Problem(
            raw.filename,
            line,
            missing,
            "",
            "too_few_fields",
            f"row has {len(record)} fields, the header has {width}; "
            f"'{missing}' and later columns are missing; row left out",
        )
    extra = record[width:]
    if any(cell.strip() for cell in extra):
        return Problem(
            raw.filename,
            line,
            f"field {width + 1}",
            extra[0][:80],
            "too_many_fields",
            f"row has {len(record)} fields, the header has {width}; row left out (an unquoted comma inside a value?)",
        )
    return Problem(
        raw.filename,
        line,
        f"field {width + 1}",
        "",
        "too_many_fields",
        f"row has {len(record) - width} empty field(s) after the last column; ignored",
        severity="warning",
    )


def _string_frame(header: list[str], rows: list[list[str]], spec: TableSpec) -> pd.DataFrame:
    """The rows as a frame of stripped text in the schema's column order (missing columns empty)."""
    columns = [h if h else f"_unnamed_{i}" for i, h in enumerate(header)]
    if len(set(columns)) != len(columns):
        # keep the first of duplicated columns
        keep = sorted({name: i for i, name in reversed(list(enumerate(columns)))}.values())
        rows = [[row[i] for i in keep] for row in rows]
        columns = [columns[i] for i in keep]
    frame = (
        pd.DataFrame(rows, columns=columns, dtype=object)
        if rows
        else pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
    )
    for column in spec.columns:
        if column.name not in frame.columns:
            frame[column.name] = column.missing_default or ""
    frame = frame[[c.name for c in spec.columns]]
    return pd.DataFrame({name: _strip(frame[name]) for name in frame.columns})


def _strip(values: pd.Series) -> pd.Series:
    """Strip surrounding whitespace (vectorised in Arrow); the result has pandas' string dtype."""
    array = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    return pd.Series(pc.utf8_trim_whitespace(array), index=values.index, dtype="str")


def suggest(value: str, candidates: list[str] | tuple[str, ...]) -> str:
    """' (did you mean 'x'?)' when a candidate is close to `value`, else ''."""
    match = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.75)
    return f" (did you mean '{match[0]}'?)" if match else ""
