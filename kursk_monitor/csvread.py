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
    physical = text.split("\n")
    first = next((i for i, line in enumerate(physical) if line.strip()), None)
    if first is None:
        raise UnreadableFile("is empty (no header row)")
    delimiter = sniff_delimiter(physical[first])
    table = RawTable(filename=filename, header=[], encoding=encoding, delimiter=delimiter)
    start = 0  # index into `physical` where the next parse begins
    header_seen = False
    while start < len(physical):
        chunk = "\n".join(physical[start:])
        reader = csv.reader(io.StringIO(chunk), delimiter=delimiter)
        previous_end = 0
        restart_at = None
        for row in reader:
            first_line = start + previous_end + 1
            end_line = start + reader.line_num
            previous_end = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if (
                end_line >= len(physical) - 1
                and end_line > first_line
                and _open_quote(physical[first_line - 1 : end_line], delimiter)
            ):
                table.problems.append(
                    Problem(
                        filename,
                        first_line,
                        "",
                        physical[first_line - 1][:80],
                        "unclosed_quote",
                        "a quoted field opened on this line is never closed; the line is skipped",
                    )
                )
                restart_at = first_line  # resume after the offending line
                break
            if not header_seen:
                table.header = [cell.strip().lstrip("\ufeff") for cell in row]
                header_seen = True
                continue
            table.lines.append(first_line)
            table.records.append(row)
        if restart_at is None:
            break
        start = restart_at
    if not header_seen:
        raise UnreadableFile("has no header row")
    return table


def _open_quote(lines: list[str], delimiter: str) -> bool:
    """True when the text ends inside a quoted field."""
    inside = False
    for line in lines:
        for ch in line:
            if ch == '"':
                inside = not inside
    return inside
