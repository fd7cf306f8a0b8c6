"""Questions asked of the figure claims: the latest claim per claimant, and labels for them."""

from __future__ import annotations

import pandas as pd

from kursk_monitor.claim_rules import headline_claims, with_echo_counts
from kursk_monitor.i18n import fmt_claim


def latest_by_claimant(figures: pd.DataFrame, metric: str, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Each claimant's most recent headline claim on `metric` made on or before `as_of`, newest first.

    Only independent, cumulative, whole-deployment assessments count (`claim_rules.is_headline`);
    each row carries how many confirmations and repetitions it has among the claims up to `as_of`.
    Several claims by one claimant on the same day keep the later row in the file.
    """
    rows = figures[figures["metric"] == metric]
    if as_of is not None:
        rows = rows[rows["claimed_on"] <= pd.Timestamp(as_of)]
    candidates = headline_claims(rows)
    if candidates.empty:
        return candidates
    latest = candidates.sort_values(["claimed_on"], kind="stable").groupby("claimant_id", sort=False).tail(1)
    latest = with_echo_counts(latest, rows)
    return latest.sort_values(["claimed_on", "value_high"], ascending=[False, False])


def claim_text(row, lang: str) -> str:
    """'at least 10,000' from a figures row."""
    return fmt_claim(int(row["value_low"]), int(row["value_high"]), row["qualifier"], lang)
