"""Checks on the text of a cell, whatever its column: length, bidi controls; and web addresses.

Each check records its problems through the validator's collector (`out.add(mask, column, rule,
message, severity)`) and, where it changes values, puts the cleaned column into `typed`.
"""

from __future__ import annotations

import pandas as pd

from kursk_monitor.schema import MAX_CELL_CHARS

URL_PATTERN = r"^https?://[^\s<>\"]+$"  # matched ignoring case: HTTPS:// is a web address too
URL_SCHEME = r"^(?i:(https?))://"
# Embedding, override and isolate controls can make text display in another order than it is
# stored (e.g. a name shown reversed); the marks LRM, RLM and ALM that right-to-left text needs stay.
BIDI_CONTROLS = "[\u202a-\u202e\u2066-\u2069]"


def check_length(out, name: str, values: pd.Series) -> None:
    """A cell over `MAX_CELL_CHARS` is an error on its line (the row is left out)."""
    out.add(
        values.str.len() > MAX_CELL_CHARS,
        name,
        "cell_too_long",
        lambda v: f"cell has {len(v):,} characters; the limit is {MAX_CELL_CHARS:,}; row left out",
    )


def without_bidi_controls(out, name: str, values: pd.Series, typed: dict[str, pd.Series]) -> pd.Series:
    """`values` without bidi embedding/override/isolate controls, with a warning per cell that had one."""
    found = values.str.contains(BIDI_CONTROLS, regex=True)
    if not found.any():
        return values
    out.add(
        found,
        name,
        "bidi_control",
        "bidi control characters (they can change the order in which text is shown) were removed; row kept",
        severity="warning",
    )
    typed[name] = values.str.replace(BIDI_CONTROLS, "", regex=True)
    return typed[name]


def check_url(out, name: str, values: pd.Series, present: pd.Series, typed: dict[str, pd.Series]) -> None:
    """URL columns are optional: a bad address is a warning and dropped, its row kept; the scheme
    is stored in lower case."""
    values = without_bidi_controls(out, name, values, typed)
    bad = present & ~values.str.match(URL_PATTERN, case=False)
    out.add(
        bad,
        name,
        "bad_url",
        lambda v: f"'{v}' is not a web address starting with http:// or https://; the row is kept without it",
        severity="warning",
    )
    lowered = values.str.replace(URL_SCHEME, lambda m: f"{m.group(1).lower()}://", regex=True)
    typed[name] = lowered.where(~bad, "")
