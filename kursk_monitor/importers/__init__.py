"""Import conflict event files in the standard formats (ACLED, UCDP GED) as a data folder.

The format is recognised from the header. Every bad row is reported as `FILE:LINE: COLUMN: message`
on its physical line and left out; the good rows become sources, actors, places, events and figure
claims (see docs/import.md for the column mapping).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kursk_monitor.csvread import RawTable, UnreadableFile, parse_text, read_raw
from kursk_monitor.importers import acled, ucdp
from kursk_monitor.importers.builder import Builder
from kursk_monitor.importers.rows import Row
from kursk_monitor.problems import Problem

FORMATS = (acled, ucdp)


@dataclass
class FileOutcome:
    """One foreign file: its format (empty when not recognised), rows read and rows imported."""

    label: str
    format: str = ""
    rows: int = 0
    imported: int = 0
    readable: bool = True


@dataclass
class ImportResult:
    """Everything an import produced: the rows, the problems, and what happened to each file."""

    builder: Builder
    problems: list[Problem] = field(default_factory=list)
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """2 when a file could not be read or recognised, 1 when rows were left out, else 0."""
        if any(not f.readable for f in self.files):
            return 2
        return 1 if any(f.imported < f.rows for f in self.files) else 0


def detect(header: list[str]):
    """The format module whose header this is (`acled`, `ucdp`), else None."""
    names = [h.strip().lower() for h in header]
    return next((module for module in FORMATS if module.matches(names)), None)


def detect_text(text: str):
    """The format of CSV text, judged by its header; None when it is not one we import."""
    try:
        return detect(parse_text(text.split("\n", 1)[0] + "\n", "header").header)
    except UnreadableFile:
        return None


def import_paths(paths: list[Path], grades: dict[str, str] | None = None, merge: Path | None = None) -> ImportResult:
    """Read and convert every file; `merge` is the folder the rows will be added to (for ids)."""
    result = ImportResult(Builder(grades={k.casefold(): v for k, v in (grades or {}).items()}))
    if merge is not None:
        result.builder.continue_after(merge)
    for path in paths:
        try:
            raw = read_raw(path)
        except UnreadableFile as exc:
            result.files.append(FileOutcome(str(path), readable=False))
            result.problems.append(Problem(str(path), 0, "", "", exc.rule, f"file {exc}"))
            continue
        add_raw(result, raw, str(path))
    return result


def import_texts(items: list[tuple[str, str]], builder: Builder | None = None) -> ImportResult:
    """Convert `(label, text)` pairs, e.g. uploads; unreadable texts are reported, not raised."""
    result = ImportResult(builder or Builder())
    for label, text in items:
        try:
            raw = parse_text(text, label)
        except UnreadableFile as exc:
            result.files.append(FileOutcome(label, readable=False))
            result.problems.append(Problem(label, 0, "", "", exc.rule, f"file {exc}"))
            continue
        add_raw(result, raw, label)
    return result


def add_raw(result: ImportResult, raw: RawTable, label: str) -> None:
    """Convert the records of one parsed file, reporting its problems under `label`."""
    outcome = FileOutcome(label, rows=len(raw.records) + raw.skipped)
    result.files.append(outcome)
    result.problems.extend(Problem(label, p.line, p.column, p.value, p.rule, p.message) for p in raw.problems)
    module = detect(raw.header)
    if module is None:
        outcome.readable = False
        message = "format not recognised: the header is neither an ACLED export's nor a UCDP GED file's"
        result.problems.append(Problem(label, 1, "", "", "import.unknown_format", message))
        return
    outcome.format = module.NAME
    header = {name.strip().lower(): i for i, name in enumerate(raw.header)}
    missing = [name for name in module.REQUIRED if name not in header]
    if missing:
        outcome.readable = False
        message = f"{module.NAME} file without the column(s) {', '.join(missing)}; nothing imported"
        result.problems.append(Problem(label, 1, missing[0], "", "import.missing_column", message))
        return
    seen: set[str] = set()
    for line, record in zip(raw.lines, raw.records, strict=True):
        row = Row(label, header, record, line, result.problems)
        if row.ok:
            module.convert(row, result.builder, seen)
        outcome.imported += row.ok
