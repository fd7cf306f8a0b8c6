"""The bottom line up front: for each key question, the range of the latest independent assessments.

`bottom_line(selection, labels)` is the one place this answer is built; the overview panel and
the briefing deck show its rows. For each question (a metric) it takes each claimant's latest
headline claim (`claims.latest_by_claimant`: an assessment of the whole deployment's running
total that repeats no earlier claim), keeps those made within `RECENT_DAYS` of the newest one
(an old figure is not a current answer), and spans the claims graded credibility 1–4 from the
lowest to the highest number drawn. Claims graded 5 (improbable) or 6 (cannot be judged) are
listed apart, never in the range.
"""

from __future__ import annotations

import pandas as pd

from kursk_monitor import claim_rules, i18n
from kursk_monitor.claims import latest_by_claimant
from kursk_monitor.figures import claim_text
from kursk_monitor.labels import Labels
from kursk_monitor.qualifiers import drawn_values
from kursk_monitor.selection import Selection

QUESTIONS = ("troops_in_russia", "troops_in_kursk", "killed", "killed_or_wounded", "captured")
RECENT_DAYS = 365
COLUMNS = ("metric", "question", "range", "low", "high", "claims", "apart", "n_claims", "newest")


def bottom_line(selection: Selection, labels: Labels) -> pd.DataFrame:
    """One row per key question the filter allows, texts in `labels.lang`.

    Columns: `metric`; `question` (the metric's name); `range` ('about 10,000 to about 14,000',
    or 'no assessment'); `low`/`high` (the numbers drawn, NaN without a claim); `claims` (each
    claim in the range with claimant, grade and date, highest first); `apart` (the same for
    grade 5–6 claims); `n_claims` (claims in the range); `newest` (date of the newest claim).
    """
    return selection.derived(("bottom_line", labels.lang), lambda: _bottom_line(selection, labels))


def _bottom_line(selection: Selection, labels: Labels) -> pd.DataFrame:
    wanted = selection.view.metrics
    rows = [_answer(selection.figures, metric, labels) for metric in QUESTIONS if not wanted or metric in wanted]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _answer(figures: pd.DataFrame, metric: str, labels: Labels) -> dict:
    latest = latest_by_claimant(figures, metric)
    question = labels.vocab("metric", metric)
    if latest.empty:
        return _row(metric, question, labels.t("claims_app.no_claims"))
    newest = latest["claimed_on"].max()
    latest = latest[latest["claimed_on"] >= newest - pd.Timedelta(days=RECENT_DAYS)]
    low_values = latest["value_low"].astype(float).to_numpy()
    high_values = latest["value_high"].astype(float).to_numpy()
    latest = latest.assign(y=drawn_values(low_values, high_values, latest["qualifier"].to_numpy(dtype=object)))
    latest = latest.sort_values(["y", "claimed_on"], ascending=[False, False], kind="stable")
    faded = claim_rules.is_faded(latest)
    in_range, apart = latest[~faded], latest[faded]
    row = _row(metric, question, labels.t("claims_app.no_claims"), newest=newest)
    row["apart"] = _claims_text(apart, labels)
    if in_range.empty:
        return row
    highest, lowest = in_range.iloc[0], in_range.iloc[-1]
    low_text, high_text = _said(lowest, labels.lang), _said(highest, labels.lang)
    row["range"] = (
        labels.t("claims_app.range_one", claim=low_text)
        if low_text == high_text
        else labels.t("claims_app.range_many", low=low_text, high=high_text)
    )
    row.update(low=float(lowest["y"]), high=float(highest["y"]), claims=_claims_text(in_range, labels))
    row["n_claims"] = len(in_range)
    return row


def _row(metric: str, question: str, range_text: str, newest=None) -> dict:
    return {
        "metric": metric,
        "question": question,
        "range": range_text,
        "low": float("nan"),
        "high": float("nan"),
        "claims": "",
        "apart": "",
        "n_claims": 0,
        "newest": newest if newest is not None else pd.NaT,
    }


def _said(row: pd.Series, lang: str) -> str:
    return claim_text(float(row["value_low"]), float(row["value_high"]), row["qualifier"], lang)


def _claims_text(rows: pd.DataFrame, labels: Labels) -> str:
    """'NIS: about 10,000 (B2, 4 Nov 2025)', one claim a line, highest first."""
    lang = labels.lang
    return "\n".join(
        f"{labels.actor(r['claimant_id'])}: {_said(r, lang)} "
        f"({r['reliability']}{r['credibility']}, {i18n.fmt_date_short(r['claimed_on'], lang)})"
        for _, r in rows.iterrows()
    )
