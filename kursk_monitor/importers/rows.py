"""One record of a foreign file, read cell by cell: every bad cell becomes a `Problem` on the
record's physical line, and a record with any problem is left out whole."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kursk_monitor.problems import Problem


class Row:
    """The cells of one record by column name, and the problems found in them."""

    def __init__(self, label: str, header: dict[str, int], record: list[str], line: int, problems: list[Problem]):
        self.label = label
        self.header = header
        self.record = record
        self.line = line
        self.problems = problems
        self.ok = True
        if len(record) != len(header):
            message = f"row has {len(record)} fields; the header has {len(header)}; row left out"
            self.error("", "import.field_count", message)

    def get(self, column: str) -> str:
        """The stripped cell, or "" when the file has no such column."""
        position = self.header.get(column)
        return self.record[position].strip() if position is not None and position < len(self.record) else ""

    def error(self, column: str, rule: str, message: str) -> None:
        """Report a problem in `column`; the row is left out."""
        self.ok = False
        self.problems.append(Problem(self.label, self.line, column, self.get(column)[:200], rule, message))

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, "import.required", f"a value is required in '{column}'; row left out")
        return value

    def number(self, column: str, low: float, high: float) -> float:
        """A decimal number between `low` and `high`."""
        value = self.get(column)
        try:
            number = float(value)
        except ValueError:
            self.error(column, "import.bad_number", f"'{value}' is not a number; row left out")
            return 0.0
        if not low <= number <= high:
            self.error(column, "import.out_of_range", f"{value} is outside the range {low:g} to {high:g}; row left out")
        return number

    def count(self, column: str, default: int | None = None) -> int:
        """A whole number ≥ 0 (`default` when the cell is empty and a default is given)."""
        value = self.get(column)
        if not value and default is not None:
            return default
        if not value.isdigit():
            self.error(column, "import.bad_number", f"'{value}' is not a whole number ≥ 0; row left out")
            return 0
        return int(value)

    def choice(self, column: str, mapping: dict[str, str]) -> str:
        """The value `mapping` gives for the cell."""
        value = self.get(column)
        if value not in mapping:
            allowed = ", ".join(mapping)
            self.error(column, "import.not_allowed", f"'{value}' is not one of {allowed}; row left out")
            return ""
        return mapping[value]

    def day(self, column: str, formats: tuple[str, ...], example: str) -> date | None:
        """A date in one of `formats` (a time of day after the date is ignored)."""
        value = self.get(column)
        text = value.split(" 00:00:00", 1)[0] if "-" in value else value
        for pattern in formats:
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.error(column, "import.bad_date", f"'{value}' is not a date (expected e.g. {example}); row left out")
        return None


def split_names(cell: str) -> list[str]:
    """Names in a `;`-separated cell, stripped, empty ones dropped, each once."""
    return list(dict.fromkeys(part.strip() for part in cell.split(";") if part.strip()))


def day_of_timestamp(value: str) -> date | None:
    """The UTC day of a Unix timestamp in seconds; None when the cell holds none."""
    if not value.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
