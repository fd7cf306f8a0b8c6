"""Questions asked of the figure claims: the latest claim per claimant, and labels for them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kursk_monitor.claim_rules import is_headline, with_echo_counts
from kursk_monitor.i18n import fmt_claim

# the columns the claim rules and the choice of the latest claim read
RULE_COLUMNS = ("figure_id", "metric", "claimed_on", "claimant_id", "claim_kind", "restates", "period_start", "scope")


def latest_by_claimant(
    figures: pd.DataFrame, metric: str, as_of: pd.Timestamp | None = None, max_credibility: int | None = None
) -> pd.DataFrame:
    """Each claimant's most recent headline claim on `metric` made on or before `as_of`, newest first.

    Only independent, cumulative, whole-deployment assessments count (`claim_rules.is_headline`);
    each row carries how many confirmations and repetitions it has among the claims up to `as_of`.
    Several claims by one claimant on the same day keep the later row in the file. With
    `max_credibility`, claims graded weaker are left out before the latest is chosen.
    """
    keep = (figures["metric"] == metric).to_numpy(dtype=bool)
    if as_of is not None:
        keep = keep & (figures["claimed_on"] <= pd.Timestamp(as_of)).to_numpy(dtype=bool)
    if max_credibility is not None:
        keep = keep & (figures["credibility"] <= max_credibility).to_numpy(dtype=bool)
    # the rules read a few columns; only the chosen rows are taken whole
    rows = figures[[column for column in RULE_COLUMNS if column in figures]].iloc[np.flatnonzero(keep)]
    rows = rows.assign(_position=np.flatnonzero(keep))
    candidates = rows[is_headline(rows)]
    if candidates.empty:
        return figures.iloc[:0]
    chosen = candidates.sort_values(["claimed_on"], kind="stable").groupby("claimant_id", sort=False).tail(1)
    latest = with_echo_counts(figures.iloc[chosen["_position"].to_numpy()], rows)
    return latest.sort_values(["claimed_on", "value_high"], ascending=[False, False])


def claim_text(row, lang: str) -> str:
    """'at least 10,000' from a figures row."""
    return fmt_claim(int(row["value_low"]), int(row["value_high"]), row["qualifier"], lang)
