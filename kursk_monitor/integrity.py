"""Curator checks for suspected double counting among figure claims (`validate --strict`).

Two claims may count one number twice when neither is marked as a restatement, they are on the
same metric, their values overlap, they were made at most `WINDOW_DAYS` apart, and they share a
source or their claimants share a country. Such a pair is a warning unless a note of either row
explains why the two are independent, with the marker "independent of F041" naming the other id.
The sweep sorts each metric's claims by date and pairs a claim only with those inside its window,
so the cost grows with the claims per metric window, never with all pairs.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kursk_monitor.problems import Problem

WINDOW_DAYS = 7
FILENAME = "figures.csv"
INDEPENDENT_MARKER = re.compile(r"independent of\s+((?:F\d+)(?:\s*(?:,|and|&)\s*F\d+)*)", re.IGNORECASE)
FIGURE_ID = re.compile(r"F\d+", re.IGNORECASE)


def explained_ids(note: str) -> frozenset[str]:
    """The figure ids a note declares this claim independent of ('independent of F041 and F043')."""
    found: set[str] = set()
    for match in INDEPENDENT_MARKER.finditer(note or ""):
        found.update(i.upper() for i in FIGURE_ID.findall(match.group(1)))
    return frozenset(found)


def window_pairs(days: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs (i, j), i < j, of a sorted day array with days[j] - days[i] <= window."""
    ends = np.searchsorted(days, days + window, side="right")
    counts = ends - np.arange(len(days)) - 1
    first = np.repeat(np.arange(len(days)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return first, first + 1 + offsets


def suspected_double_counts(figures: pd.DataFrame, window_days: int = WINDOW_DAYS) -> list[Problem]:
    """Warnings for pairs of independent-looking claims that may be one claim counted twice.

    `figures` is the loaded figures table; a `line` column (its line in figures.csv) is used to
    name both rows, and `claimant_country` to compare claimants.
    """
    needed = figures[figures["restates"].astype(str) == ""] if "restates" in figures else figures
    problems: list[Problem] = []
    for metric, rows in needed.groupby("metric", sort=True):
        rows = rows.sort_values(["claimed_on", "figure_id"], kind="stable")
        days = (rows["claimed_on"].to_numpy("datetime64[D]")).astype(np.int64)
        first, second = window_pairs(days, window_days)
        low, high = rows["value_low"].to_numpy(np.int64), rows["value_high"].to_numpy(np.int64)
        overlap = (low[first] <= high[second]) & (low[second] <= high[first])
        first, second = first[overlap], second[overlap]
        if not len(first):
            continue
        country = rows["claimant_country"].fillna("").astype(str).to_numpy()
        keep = (country[first] == country[second]) & (country[first] != "")
        sources = rows["source_ids"].to_numpy()
        for k in np.flatnonzero(~keep):  # only pairs from different countries need their sources compared
            keep[k] = not set(sources[first[k]]).isdisjoint(sources[second[k]])
        problems.extend(_warnings(rows, first[keep], second[keep], str(metric), days))
    return sorted(problems, key=lambda p: (p.line, p.value))


def _warnings(
    rows: pd.DataFrame, first: np.ndarray, second: np.ndarray, metric: str, days: np.ndarray
) -> list[Problem]:
    ids = rows["figure_id"].astype(str).tolist()
    lines = rows["line"].tolist() if "line" in rows else [0] * len(rows)
    notes = rows["note"].astype(str).tolist() if "note" in rows else [""] * len(rows)
    explained = [explained_ids(n) if "independent" in n.lower() else frozenset() for n in notes]
    country = rows["claimant_country"].fillna("").astype(str).tolist()
    sources = rows["source_ids"].tolist()
    day = days.tolist()
    out = []
    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        if ids[j].upper() in explained[i] or ids[i].upper() in explained[j]:
            continue
        if country[i] and country[i] == country[j]:
            why = f"claimants both from {country[i]}"
        else:
            why = f"shared source {', '.join(sorted(set(sources[i]) & set(sources[j])))}"
        message = (
            f"{ids[j]} (line {lines[j]}) and {ids[i]} (line {lines[i]}) may count the same claim: both {metric}, "
            f"overlapping values, {day[j] - day[i]} day(s) apart, {why}; mark the later one as restating "
            f"the earlier, or say in a note why they are independent ('independent of {ids[i]}')"
        )
        out.append(Problem(FILENAME, int(lines[j]), "restates", ids[i], "suspected_double_count", message, "warning"))
    return out


def strict_problems(dataset) -> list[Problem]:
    """The `--strict` curator warnings for a loaded `Dataset`."""
    figures = dataset.tables["figures"]
    lines = dataset.lines.get("figures")
    if lines is not None and len(lines) == len(figures):
        figures = figures.assign(line=lines)
    return suspected_double_counts(figures)
