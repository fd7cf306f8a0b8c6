"""Read a CSV file into records that remember their physical line numbers.

Accepts UTF-8 with or without BOM, Windows-1252 and Latin-1; comma- or semicolon-separated files
(the latter is what German spreadsheet programs write); quoted fields with line breaks; blank
lines. A quoted field that is never closed is reported and parsing resumes on the next line, so
one stray quote cannot swallow the rest of the file. Nor the rows after it: a quote opened on one
line and closed only on a later one, leaving a record with the wrong number of fields, is reported
on its line and the lines it ran over are read again as rows of their own.

A NUL byte never belongs in a CSV text: a record holding one is reported on its line and left
out, wherever it is in the file; when the header holds one, the file is binary and not read.
(UTF-16 files are decoded first, so their zero bytes are not NULs.)
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from kursk_monitor.problems import Problem
from kursk_monitor.safe_io import UnsafePath, read_regular_file

# The csv module raises on a field above its limit; cell length is a validation rule instead
# (schema.MAX_CELL_CHARS, reported on the cell's line), so the reader accepts any field.
MAX_FIELD_SIZE = 2**31 - 1
csv.field_size_limit(MAX_FIELD_SIZE)
MAX_LINES_PER_FILE = 2_000_000  # physical lines, blank ones included
MAX_COLUMNS_PER_FILE = 200  # header columns; the schema has fewer than 20
_CONTENT = re.compile(r"\S")


@dataclass
class RawTable:
    """Header and records of one CSV file, each record with its first physical line."""

    filename: str
    header: list[str]
    lines: list[int] = field(default_factory=list)
    records: list[list[str]] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # records the reader left out (unclosed quote, NUL byte), reported in `problems`


class UnreadableFile(Exception):
    """The file cannot be read at all (missing, a directory, binary, empty, too many lines)."""

    def __init__(self, message: str, rule: str = "unreadable_file"):
        super().__init__(message)
        self.rule = rule


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM optional), else Windows-1252, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(header_line: str) -> str:
    """Comma unless the header has semicolons and no commas."""
    if "," not in header_line and ";" in header_line:
        return ";"
    return ","


def read_raw(path: Path) -> RawTable:
    """Read a CSV file; raise `UnreadableFile` when it cannot be read at all."""
    try:
        data = read_regular_file(path)
    except UnsafePath as exc:
        raise UnreadableFile(str(exc)) from exc
    text, encoding = decode(data)
    return parse_text(text, path.name, encoding)


def parse_text(text: str, filename: str, encoding: str = "utf-8") -> RawTable:
    """Parse CSV text into a `RawTable`; raise `UnreadableFile` when it has no header or too many lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    line_count = text.count("\n") + 1
    lines_in_file = line_count - text.endswith("\n")
    if lines_in_file > MAX_LINES_PER_FILE:
        raise UnreadableFile(
            f"has {lines_in_file:,} lines; the limit is {MAX_LINES_PER_FILE:,} lines per file", "too_many_lines"
        )
    content = _CONTENT.search(text)
    if content is None:
        raise UnreadableFile("is empty (no header row)")
    header_end = text.find("\n", content.start())
    delimiter = sniff_delimiter(text[content.start() : header_end if header_end >= 0 else len(text)])
    table = RawTable(filename=filename, header=[], encoding=encoding, delimiter=delimiter)
    start = 0  # physical line index where the current parse begins
    while True:
        chunk = text if start == 0 else text[_line_start(text, start + 1, line_count) :]
        held = _parse_chunk(table, chunk, start, line_count)
        if held is None:
            break
        last_row, last_first, last_line = held
        if last_line is None:  # the last record
            last_lines = text[_line_start(text, last_first, line_count) :]
            if not _open_quote(last_lines, delimiter):
                ran = last_lines.rstrip("\n").count("\n")
                if not (ran and table.header and len(last_row) != len(table.header)):
                    _add_record(table, last_row, last_first, "\x00" in last_lines)
                    break
                last_line = last_first + ran  # its quote closes on a later line
        if last_line is not None:  # a stray quote ran over later lines: skip its line, read them again
            table.problems.append(_stray_quote(table, last_row, last_first, last_line, text, line_count))
            table.skipped += 1
            start = last_first
            continue
        table.problems.append(
            Problem(
                filename,
                last_first,
                "",
                last_lines.split("\n", 1)[0][:80],
                "unclosed_quote",
                "a quoted field opened on this line is never closed; the line is skipped",
            )
        )
        table.skipped += 1
        start = last_first
    if not table.header:
        raise UnreadableFile("has no header row")
    return table


def _parse_chunk(table: RawTable, chunk: str, start: int, line_count: int) -> tuple[list[str], int, int | None] | None:
    """Add the records of `chunk` (which begins after physical line `start`) to `table`, one at a time.

    Only the last record can run to the end of the text inside an unclosed quote: when it reaches
    the last line it is not added but returned with its first physical line (and None). A record
    that runs over several lines with another number of fields than the header is not added
    either: it is returned with its first and last physical lines, and the rest of the chunk is
    left unread.
    """
    reader = csv.reader(io.StringIO(chunk), delimiter=table.delimiter)
    check_nul = "\x00" in chunk
    pending: list[str] | None = None
    pending_first = previous_end = 0
    try:
        for row in reader:
            if pending is not None:
                _add_record(table, pending, pending_first, check_nul)
            pending, pending_first = row, start + previous_end + 1
            lines_run = reader.line_num - previous_end
            previous_end = reader.line_num
            at_end = start + previous_end >= line_count - 1
            if lines_run > 1 and not at_end and table.header and len(row) != len(table.header):
                return row, pending_first, start + previous_end
    except csv.Error as exc:
        raise UnreadableFile(f"cannot be parsed as CSV after line {start + previous_end} ({exc})") from exc
    if pending is None:
        return None
    if start + previous_end >= line_count - 1:
        return pending, pending_first, None
    _add_record(table, pending, pending_first, check_nul)
    return None


def _stray_quote(table: RawTable, row: list[str], first: int, last: int, text: str, line_count: int) -> Problem:
    line = text[_line_start(text, first, line_count) :].split("\n", 1)[0]
    return Problem(
        table.filename,
        first,
        "",
        line[:80],
        "stray_quote",
        f"a quoted field opened on this line closes only on line {last}, which leaves a row of {len(row)} "
        f"fields (the header has {len(table.header)}); the line is skipped and lines {first + 1}–{last} "
        "are read as rows of their own",
    )


def _add_record(table: RawTable, row: list[str], first_line: int, check_nul: bool = False) -> None:
    """Keep a record with its first physical line; the first non-blank one is the header."""
    if not row or (not row[0].strip() and not any(cell.strip() for cell in row)):
        return  # a blank line, or a line of delimiters only
    if check_nul and any("\x00" in cell for cell in row):
        if not table.header:
            raise UnreadableFile(f"is not a text file (binary content: a NUL byte on line {first_line})")
        message = "the row holds a NUL byte (binary content); row left out"
        table.problems.append(Problem(table.filename, first_line, "", "", "nul_byte", message))
        table.skipped += 1
        return
    if not table.header:
        if len(row) > MAX_COLUMNS_PER_FILE:
            raise UnreadableFile(
                f"has {len(row):,} columns in its header; the limit is {MAX_COLUMNS_PER_FILE:,}", "too_many_columns"
            )
        table.header = [cell.strip().lstrip("\ufeff") for cell in row]
        return
    table.lines.append(first_line)
    table.records.append(row)


def _line_start(text: str, line: int, line_count: int) -> int:
    """Offset where physical `line` (1-based) begins; counted from the end, where the lines needed are."""
    position = len(text)
    for _ in range(line_count - line + 1):
        position = text.rfind("\n", 0, position)
    return position + 1


def _open_quote(text: str, delimiter: str) -> bool:
    """True when the text ends inside a quoted field.

    As in the csv module, a quote opens a quoted field only at the start of a field; elsewhere it
    is a literal character. Inside a quoted field a doubled quote stands for one quote.
    """
    inside = False
    at_field_start = True
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if inside:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1
                else:
                    inside = False
        elif ch == '"' and at_field_start:
            inside = True
        at_field_start = not inside and ch in (delimiter, "\n")
        i += 1
    return inside
