"""A problem found in a data file: where it is, what it is, and whether the row was dropped."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One finding, located by file, physical line and column."""

    file: str
    line: int
    column: str
    value: str
    rule: str
    message: str
    severity: str = "error"  # "error": the row is left out; "warning": the row is kept

    def format(self) -> str:
        """`FILE:LINE: COLUMN: message`, the line format of the command-line report."""
        column = self.column or "-"
        return f"{self.file}:{self.line}: {column}: {self.message}"

    def text(self, lang: str) -> str:
        """The message in `lang`: the full English message, or a translation of its rule."""
        if lang == "en":
            return self.message
        from kursk_monitor.i18n import has, t  # deferred: i18n is not needed by the validator itself

        key = f"problem.{self.rule}"
        if not has(key, lang):
            return self.message
        hint = t(f"id_hint.{self.column}", lang) if has(f"id_hint.{self.column}", lang) else ""
        return t(key, lang, value=self.value, column=self.column, file=self.file, hint=hint)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("file")
        return data
