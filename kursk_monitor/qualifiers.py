"""What a claim's qualifier allows, in one place: the numbers a claim admits, where it is drawn,
whether it is open-ended, and its glyph.

- `exact`, `range`, `about`: [value_low, value_high] (`about` can be widened by a tolerance),
- `at_least`, `more_than`: [value_low, ∞), drawn at value_low,
- `up_to`: [0, value_high], drawn at value_high.

Figures, contradictions and hover texts all read these functions.
"""

from __future__ import annotations

import numpy as np

OPEN_ABOVE = ("at_least", "more_than")
OPEN_BELOW = ("up_to",)
GLYPHS = {"at_least": "≥", "more_than": ">", "up_to": "≤", "about": "~"}


def open_above(qualifier) -> np.ndarray:
    """True where a claim has no upper bound ("at least", "more than")."""
    return np.isin(np.asarray(qualifier, dtype=object), OPEN_ABOVE)


def open_below(qualifier) -> np.ndarray:
    """True where a claim reaches down to zero ("up to")."""
    return np.isin(np.asarray(qualifier, dtype=object), OPEN_BELOW)


def drawn_values(low, high, qualifier) -> np.ndarray:
    """The number a claim is drawn at: its stated bound when open-ended, else the middle of its range."""
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    return np.where(open_above(qualifier), low, np.where(open_below(qualifier), high, (low + high) / 2))


def claim_intervals(low, high, qualifier, about_tolerance: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The numbers each claim allows, as arrays of lower and upper bounds (upper may be infinity)."""
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    qualifier = np.asarray(qualifier, dtype=object)
    lows = low.copy()
    highs = high.copy()
    about = qualifier == "about"
    if about_tolerance:
        lows = np.where(about, low * (1 - about_tolerance), lows)
        highs = np.where(about, high * (1 + about_tolerance), highs)
    highs = np.where(open_above(qualifier), np.inf, highs)
    lows = np.where(open_below(qualifier), 0.0, lows)
    return lows, highs


def claim_interval(low: float, high: float, qualifier: str, about_tolerance: float = 0.0) -> tuple[float, float]:
    """The numbers a single claim allows, as a closed interval (high may be infinity)."""
    lows, highs = claim_intervals([low], [high], [qualifier], about_tolerance)
    return float(lows[0]), float(highs[0])
