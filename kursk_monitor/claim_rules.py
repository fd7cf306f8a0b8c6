"""What a figure claim counts, in one place: its kind, whether it covers a period, whether it only
repeats an earlier claim, whether it is about one place, and whether its grade is too weak to
set a picture's scale.

Every chart, table, contradiction search and headline reads these masks, so the rules agree:

- an **independent assessment** is a claim of kind `assessment` that restates no earlier claim;
- a **headline claim** is an independent assessment that counts the running total (no
  `period_start`, unless the metric is in `PERIODIC_METRICS`) of the whole deployment (no
  `scope`), the only kind a "latest claim per claimant" or a headline range may use;
- a **restatement** (`restates` filled) belongs to the claim it repeats. Following `restates`
  back to a claim that restates nothing gives its **original**. A restatement by another
  claimant is a **confirmation**, one by the original's own claimant a **repetition**.

A table without the claim-integrity columns (an older upload, a test frame) reads as all
independent, cumulative, whole-deployment assessments.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

OUTLOOK_KINDS = ("forecast", "plan", "capability")  # said of the future or of what could be sent
EVIDENCE_KIND = "evidence"  # a count of observed items: a lower bound of a toll
PERIODIC_METRICS: frozenset[str] = frozenset()  # metrics that only ever count one period (none today)
FADED_CREDIBILITY = 5  # improbable (5) or cannot be judged (6): drawn faded, never sets a scale
MAX_CHAIN = 32  # restatement chains are acyclic (validated); this only bounds a broken upload


def _text(figures: pd.DataFrame, column: str) -> np.ndarray:
    if column not in figures:
        return np.full(len(figures), "", dtype=object)
    return figures[column].fillna("").astype(str).to_numpy(dtype=object)


def kinds(figures: pd.DataFrame) -> np.ndarray:
    """Each claim's kind; `assessment` where the table does not say."""
    kind = _text(figures, "claim_kind")
    return np.where(kind == "", "assessment", kind)


def is_assessment(figures: pd.DataFrame) -> np.ndarray:
    """True where a claim says what is or was the case (not a forecast, plan, capability or evidence)."""
    return kinds(figures) == "assessment"


def is_restatement(figures: pd.DataFrame) -> np.ndarray:
    """True where a claim only repeats an earlier one."""
    return _text(figures, "restates") != ""


def is_period(figures: pd.DataFrame) -> np.ndarray:
    """True where a number counts only a period, not the running total."""
    if "period_start" not in figures:
        return np.zeros(len(figures), dtype=bool)
    return figures["period_start"].notna().to_numpy()


def is_local(figures: pd.DataFrame) -> np.ndarray:
    """True where a claim is about one place or one incident, not the whole deployment."""
    return _text(figures, "scope") == "local"


def is_faded(figures: pd.DataFrame) -> np.ndarray:
    """True where the claim is graded improbable (5) or cannot be judged (6)."""
    if "credibility" not in figures:
        return np.zeros(len(figures), dtype=bool)
    return pd.to_numeric(figures["credibility"], errors="coerce").fillna(0).to_numpy() >= FADED_CREDIBILITY


def is_independent_assessment(figures: pd.DataFrame) -> np.ndarray:
    """True for assessments that repeat no earlier claim."""
    return is_assessment(figures) & ~is_restatement(figures)


def is_headline(figures: pd.DataFrame) -> np.ndarray:
    """Independent assessments of the whole deployment's running total (periods only for periodic metrics)."""
    periodic = figures["metric"].isin(PERIODIC_METRICS).to_numpy() if len(figures) else np.zeros(0, dtype=bool)
    cumulative = ~is_period(figures) | periodic
    return is_independent_assessment(figures) & cumulative & ~is_local(figures)


def originals(figures: pd.DataFrame) -> pd.Series:
    """For each claim, the id of the claim its restatement chain starts from (itself if it restates nothing)."""
    ids = figures["figure_id"].astype(str).to_numpy(dtype=object)
    restates = _text(figures, "restates")
    restating = np.flatnonzero(restates != "")
    parent = dict(zip(ids[restating], restates[restating], strict=True))
    root = ids.copy()
    for position in restating:
        fid = restates[position]
        for _ in range(MAX_CHAIN):
            if fid not in parent:
                break
            fid = parent[fid]
        root[position] = fid
    return pd.Series(root, index=figures.index, dtype=object)


def echoes(figures: pd.DataFrame) -> pd.DataFrame:
    """Restatements with their original: figure_id, original_id, claimant_id, original_claimant, confirms.

    `confirms` is True when the restating claimant is not the original's (a confirmation), False
    when the original's claimant repeats itself (a repetition).
    """
    restating = is_restatement(figures)
    columns = ["figure_id", "original_id", "claimant_id", "original_claimant", "confirms"]
    if not restating.any():
        return pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
    ids = figures["figure_id"].to_numpy(dtype=object)
    claimants = figures["claimant_id"].to_numpy(dtype=object)
    claimant_of = dict(zip(ids, claimants, strict=True))
    positions = np.flatnonzero(restating)
    original = originals(figures).to_numpy(dtype=object)[positions]
    original_claimant = np.array([claimant_of.get(fid, "") for fid in original], dtype=object)
    return pd.DataFrame(
        {
            "figure_id": ids[positions],
            "original_id": original,
            "claimant_id": claimants[positions],
            "original_claimant": original_claimant,
            "confirms": claimants[positions] != original_claimant,
        }
    )


def echo_counts(figures: pd.DataFrame) -> pd.DataFrame:
    """Per original claim id: how many confirmations and repetitions it has (index `figure_id`)."""
    found = echoes(figures)
    if found.empty:
        return pd.DataFrame({"confirmations": pd.Series(dtype=int), "repetitions": pd.Series(dtype=int)})
    confirms = found["confirms"].to_numpy(dtype=bool)
    originals_of = found["original_id"].to_numpy(dtype=object)
    confirmations, repetitions = Counter(originals_of[confirms]), Counter(originals_of[~confirms])
    index = sorted(set(confirmations) | set(repetitions))
    return pd.DataFrame(
        {
            "confirmations": [confirmations[fid] for fid in index],
            "repetitions": [repetitions[fid] for fid in index],
        },
        index=pd.Index(index, name="figure_id"),
    )


def with_echo_counts(rows: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """`rows` with `confirmations` and `repetitions` counted among `figures` (0 where none)."""
    counts = echo_counts(figures)
    ids = rows["figure_id"]
    return rows.assign(
        confirmations=ids.map(counts["confirmations"]).fillna(0).astype(int).to_numpy(),
        repetitions=ids.map(counts["repetitions"]).fillna(0).astype(int).to_numpy(),
    )
