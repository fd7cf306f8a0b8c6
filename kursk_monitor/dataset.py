"""Load a data folder: read, validate and type every table, and keep every good row."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from kursk_monitor import paths, safe_io
from kursk_monitor.csvread import UnreadableFile, read_raw
from kursk_monitor.filters import ViewFilter
from kursk_monitor.problems import Problem
from kursk_monitor.records import frame_from_raw
from kursk_monitor.schema import RELIABILITY, TABLES, TableSpec
from kursk_monitor.search_text import OWN_TEXT, SEARCH_COLUMN, search_text
from kursk_monitor.selection import Selection, select
from kursk_monitor.validate import (
    CheckedTable,
    check_columns,
    check_references,
    check_rows,
    explain_padded_rows,
)


@dataclass
class FileReport:
    """What happened to one file: rows read, rows loaded, problems."""

    filename: str
    rows: int = 0
    loaded: int = 0
    readable: bool = True
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)


@dataclass
class Dataset:
    """Clean, typed tables of one data folder, with the report of what was wrong."""

    directory: Path
    tables: dict[str, pd.DataFrame]
    reports: dict[str, FileReport]
    lines: dict[str, np.ndarray] = field(default_factory=dict)  # per table: each loaded row's line in its file

    @property
    def problems(self) -> list[Problem]:
        return [p for report in self.reports.values() for p in report.problems]

    @property
    def error_count(self) -> int:
        return sum(r.errors for r in self.reports.values())

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @cached_property
    def date_span(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First and last date of any claim, control claim or event (start or end); None for a folder without dates."""
        columns = (
            self.tables["figures"]["claimed_on"],
            self.tables["events"]["date"],
            self.tables["events"]["end_date"],
            self.tables["control"]["date"],
        )
        firsts = [c.min() for c in columns if c.notna().any()]
        lasts = [c.max() for c in columns if c.notna().any()]
        return (min(firsts), max(lasts)) if firsts else None

    def as_of(self) -> pd.Timestamp | None:
        """The latest date in the data: the newest claim, event or movement."""
        return self.date_span[1] if self.date_span else None

    def select(self, view: ViewFilter) -> Selection:
        """The rows `view` shows, filtered once (see `kursk_monitor.selection`)."""
        return select(self.tables, view, self.as_of())


def data_dir() -> Path:
    """The data folder: `$KURSK_MONITOR_DATA` if set, else the curated `data/`."""
    env = os.environ.get("KURSK_MONITOR_DATA")
    return Path(env) if env else paths.DATA_DIR


def load_dataset(directory: Path | str | None = None) -> Dataset:
    """Load and validate every table in `directory`; never raises for bad content."""
    directory = Path(directory) if directory is not None else data_dir()
    checked: dict[str, CheckedTable | None] = {}
    reports: dict[str, FileReport] = {}
    for spec in TABLES:
        report = FileReport(spec.filename)
        reports[spec.name] = report
        checked[spec.name] = _read_table(directory, spec, report)
    known = {name: (table.ids() if table is not None else None) for name, table in checked.items()}
    tables: dict[str, pd.DataFrame] = {}
    lines: dict[str, np.ndarray] = {}
    for spec in TABLES:
        table = checked[spec.name]
        report = reports[spec.name]
        if table is None:
            tables[spec.name] = empty_table(spec)
            continue
        typed = check_columns(table)
        typed.update(check_references(table, known))
        check_rows(table, typed)
        shifted = explain_padded_rows(table)
        if shifted:  # the row's own error replaces the "empty fields ignored" warning
            report.problems[:] = [p for p in report.problems if p.line not in shifted]
        report.problems.extend(table.problems)
        tables[spec.name], lines[spec.name] = _typed_good_rows(table, typed)
        report.loaded = len(tables[spec.name])
    for report in reports.values():
        report.problems.sort(key=lambda p: (p.line, p.column))
    enrich(tables)
    return Dataset(directory, tables, reports, lines)


def _read_table(directory: Path, spec: TableSpec, report: FileReport) -> CheckedTable | None:
    path = directory / spec.filename
    if spec.optional_file and not safe_io.exists(path):
        return CheckedTable(spec, frame_from_raw_empty(spec))
    try:
        raw = read_raw(path)
    except UnreadableFile as exc:
        report.readable = False
        report.problems.append(Problem(spec.filename, 0, "", "", exc.rule, f"file {exc}"))
        return None
    frame, problems, usable = frame_from_raw(raw, spec)
    report.rows = len(raw.records) + raw.skipped
    report.problems.extend(raw.problems)
    report.problems.extend(problems)
    if not usable:
        report.readable = False
        return None
    return CheckedTable(spec, frame)


def frame_from_raw_empty(spec: TableSpec) -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.Series(dtype=object) for c in spec.columns})
    frame["_line"] = pd.Series(dtype="int64")
    return frame


def _typed_good_rows(table: CheckedTable, typed: dict[str, pd.Series]) -> tuple[pd.DataFrame, np.ndarray]:
    frame = table.frame.copy()
    for name, series in typed.items():
        frame[name] = series
    if table.error_rows:
        keep = ~frame.index.isin(sorted(table.error_rows))
        frame = frame[keep]
    lines = frame["_line"].to_numpy(dtype=np.int64)
    frame = frame.drop(columns="_line").reset_index(drop=True)
    return _finish_types(frame, table.spec), lines


def _finish_types(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    for column in spec.columns:
        name = column.name
        if column.kind == "date":
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
        elif column.kind == "int":
            frame[name] = frame[name].astype("Int64")
        elif column.kind == "float":
            frame[name] = frame[name].astype(float)
        elif column.kind == "reflist":
            frame[name] = frame[name].map(lambda v: v if isinstance(v, tuple) else ())
        elif column.kind in ("text", "url", "ref", "id", "lang", "country", "enum"):
            frame[name] = frame[name].fillna("").astype(str)
    if spec.name == "figures":
        frame["date_precision"] = frame["date_precision"].replace("", "day")
    if spec.name == "locations":
        frame["geo_precision"] = frame["geo_precision"].astype(int)
    for name in ("credibility",):
        if name in frame:
            frame[name] = frame[name].astype(int)
    return frame


def empty_table(spec: TableSpec) -> pd.DataFrame:
    """An empty, correctly typed table (used when a file cannot be read)."""
    frame = frame_from_raw_empty(spec).drop(columns="_line")
    frame = _finish_types(frame, spec)
    enrich_one(spec.name, frame, {})
    return frame


def _best_reliability(source_ids: pd.Series, reliability_of: dict[str, str]) -> pd.Series:
    """The best (lowest letter) reliability among the cited sources; F when none is known."""
    order = {grade: i for i, grade in enumerate(RELIABILITY)}

    def best(ids: tuple[str, ...]) -> str:
        grades = [reliability_of[i] for i in ids if i in reliability_of]
        return min(grades, key=order.__getitem__) if grades else "F"

    cache: dict[tuple[str, ...], str] = {}
    return source_ids.map(lambda ids: cache.setdefault(ids, best(ids)) if ids not in cache else cache[ids])


def period_end(frame: pd.DataFrame) -> pd.Series:
    """Last day a row covers: its end date, else the end of the week or month its date stands for."""
    start = frame["date"]
    precision = frame["date_precision"]
    span_end = start.where(precision != "week", start + pd.Timedelta(days=6))
    span_end = span_end.where(precision != "month", start + pd.offsets.MonthEnd(0))
    return frame["end_date"].fillna(span_end).astype("datetime64[ns]")


def enrich(tables: dict[str, pd.DataFrame]) -> None:
    """Add the columns every view needs: claimant names and countries, best source reliability."""
    for name in ("figures", "events", "movements", "control"):
        enrich_one(name, tables[name], tables)


def enrich_one(name: str, frame: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    sources = tables.get("sources")
    actors = tables.get("actors")
    reliability_of = dict(zip(sources["source_id"], sources["reliability"], strict=True)) if sources is not None else {}
    if name in ("figures", "events", "movements", "control"):
        frame["reliability"] = (
            _best_reliability(frame["source_ids"], reliability_of) if len(frame) else pd.Series(dtype=str)
        )
    if name in ("events", "movements"):
        frame["period_end"] = period_end(frame) if len(frame) else pd.Series(dtype="datetime64[ns]")
    if name == "events":
        country_of = dict(zip(actors["actor_id"], actors["country"], strict=True)) if actors is not None else {}
        frame["actor_countries"] = (
            frame["actor_ids"].map(lambda ids: tuple(dict.fromkeys(country_of[a] for a in ids if a in country_of)))
            if len(frame)
            else pd.Series(dtype=object)
        )
    if name in OWN_TEXT:
        frame[SEARCH_COLUMN] = search_text(name, frame, tables)
    if name in ("figures", "control"):
        country_of = dict(zip(actors["actor_id"], actors["country"], strict=True)) if actors is not None else {}
        frame["claimant_country"] = (
            frame["claimant_id"].map(lambda a: country_of.get(a, "")) if len(frame) else pd.Series(dtype=str)
        )
