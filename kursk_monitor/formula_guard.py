"""One rule for every export (CSV, XLSX, HTML tables, slide decks): text never becomes a formula.

A spreadsheet reads a cell as a formula when its first visible character is `=`, `+`, `-` or `@`
(or the full-width ＝ ＋ － ＠). Characters that show nothing — control characters (C0 and C1),
spaces, zero-width characters, bidi marks, the byte-order mark — do not protect a cell: a writer
may drop them (openpyxl removes control characters from XLSX text) and a spreadsheet may trim
them, leaving the formula in front. So the test looks past them, and a dangerous cell gets a
leading single quote, which spreadsheets show as text. Nothing else in the text changes.
"""

from __future__ import annotations

import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
DANGEROUS_PREFIXES = (*FORMULA_STARTS, "\t", "\r")
QUOTE = "'"
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
# Letters and marks that render as nothing: Hangul fillers, the combining grapheme joiner,
# variation selectors.
INVISIBLE_OTHERS = frozenset("\u034f\u115f\u1160\u3164\uffa0") | frozenset(
    chr(c) for c in (*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))
)


def is_invisible(char: str) -> bool:
    """True for a character that shows nothing on its own (control, space, format, filler)."""
    return char in INVISIBLE_OTHERS or unicodedata.category(char) in INVISIBLE_CATEGORIES


def visible_start(text: str) -> int:
    """Index of the first character of `text` that is not invisible (`len(text)` if none is)."""
    for index, char in enumerate(text):
        if not is_invisible(char):
            return index
    return len(text)


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula."""
    return text.startswith(DANGEROUS_PREFIXES) or text[visible_start(text) :].startswith(FORMULA_STARTS)


def neutralise_text(text: str) -> str:
    """`text` with a leading single quote when it could be read as a formula, else unchanged."""
    return QUOTE + text if is_dangerous(text) else text
