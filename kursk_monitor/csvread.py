"""Read a CSV file into records that remember their physical line numbers.

Accepts UTF-8 with or without BOM, Windows-1252 and Latin-1; comma- or semicolon-separated files
(the latter is what German spreadsheet programs write); quoted fields with line breaks; blank
lines. A quoted field that is never closed is reported and parsing resumes on the next line, so
one stray quote cannot swallow the rest of the file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from kursk_monitor.problems import Problem

MAX_FIELD_SIZE = 1_000_000
csv.field_size_limit(MAX_FIELD_SIZE)


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


class UnreadableFile(Exception):
    """The file cannot be read at all (missing, a directory, binary, empty)."""


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
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFile("file not found") from exc
    except IsADirectoryError as exc:
        raise UnreadableFile("is a directory, not a file") from exc
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from exc
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("is not a text file (binary content)")
    text, encoding = decode(data)
    return parse_text(text, path.name, encoding)


def parse_text(text: str, filename: str, encoding: str = "utf-8") -> RawTable:
    """Parse CSV text into a `RawTable`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    physical: list[str] | None = None  # split into lines only when a bad quote needs it
    line_count = text.count("\n") + 1
    stripped = text.lstrip()
    if not stripped:
        raise UnreadableFile("is empty (no header row)")
    delimiter = sniff_delimiter(stripped.split("\n", 1)[0])
    table = RawTable(filename=filename, header=[], encoding=encoding, delimiter=delimiter)
    start = 0  # physical line index where the current parse begins
    chunk = text
    while True:
        reader = csv.reader(io.StringIO(chunk), delimiter=delimiter)
        rows: list[list[str]] = []
        ends: list[int] = []
        append_row, append_end = rows.append, ends.append
        for row in reader:
            append_row(row)
            append_end(reader.line_num)
        restart_at = None
        # Only the last record can run to the end of the text inside an unclosed quote.
        if rows:
            first_of_last = start + (ends[-2] if len(ends) > 1 else 0) + 1
            end_of_last = start + ends[-1]
            if end_of_last >= line_count - 1:
                physical = physical if physical is not None else text.split("\n")
                if _open_quote(physical[first_of_last - 1 : end_of_last], delimiter):
                    table.problems.append(
                        Problem(
                            filename,
                            first_of_last,
                            "",
                            physical[first_of_last - 1][:80],
                            "unclosed_quote",
                            "a quoted field opened on this line is never closed; the line is skipped",
                        )
                    )
                    restart_at = first_of_last
                    rows.pop()
                    ends.pop()
        previous_end = 0
        for row, end in zip(rows, ends, strict=True):
            first_line = start + previous_end + 1
            previous_end = end
            if not row or (not row[0].strip() and not any(cell.strip() for cell in row)):
                continue  # a blank line, or a line of delimiters only
            if not table.header:
                table.header = [cell.strip().lstrip("\ufeff") for cell in row]
                continue
            table.lines.append(first_line)
            table.records.append(row)
        if restart_at is None:
            break
        start = restart_at
        chunk = "\n".join(physical[start:])
    if not table.header:
        raise UnreadableFile("has no header row")
    return table


def _open_quote(lines: list[str], delimiter: str) -> bool:
    """True when the text ends inside a quoted field.

    As in the csv module, a quote opens a quoted field only at the start of a field; elsewhere it
    is a literal character. Inside a quoted field a doubled quote stands for one quote.
    """
    text = "\n".join(lines)
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
