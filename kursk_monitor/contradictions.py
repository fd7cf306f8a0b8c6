"""Contradicting claims: two claims on the same metric, made close in time, whose ranges cannot both be true.

A claim stands for the interval of numbers its qualifier allows (`kursk_monitor.qualifiers`).
Two claims contradict when their intervals do not overlap. Only like is compared with like
(`kursk_monitor.claim_rules`):

- claims on different metrics never ("10,000 in Russia" and "10,000 in Kursk Oblast" differ);
- only independent assessments: a forecast, plan, capability or evidence count is never set
  against a count, and a restatement never against anything (its original stands for it, so a
  claim is never compared with its own repetition or a chain of them);
- running totals with running totals; a count for one period only with another period count
  whose period overlaps it; a claim about one place or incident only with one about the same place.

Claims are close in time when their reference dates (the `as_of` date a number describes, else
the date it was made public) lie at most `window_days` apart. A claimant's own later figure that
differs from its earlier one is a revision, listed by `find_revisions`, not a contradiction.

The search sorts each group's claims by date and pairs a claim only with those inside its window,
so its cost grows with the claims per window, never with all pairs; it keeps only the `limit`
strongest pairs, and `Contradictions.total` still counts every pair found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kursk_monitor import claim_rules
from kursk_monitor.qualifiers import claim_intervals, drawn_values

PAIR_COLUMNS = (
    "metric",
    "figure_id_a",
    "figure_id_b",
    "claimant_a",
    "claimant_b",
    "date_a",
    "date_b",
    "days_apart",
    "low_a",
    "high_a",
    "low_b",
    "high_b",
    "qualifier_a",
    "qualifier_b",
    "factor",
)
# Carried over from both claims when the figures table has them.
PAIR_EXTRAS = ("location_id", "source_ids", "reliability", "credibility")
# Rows of one block of candidate pairs held in memory at once.
_BLOCK_PAIRS = 2_000_000
REVISION_COLUMNS = (
    "claimant_id",
    "metric",
    "figure_id_a",
    "figure_id_b",
    "date_a",
    "date_b",
    "low_a",
    "high_a",
    "qualifier_a",
    "low_b",
    "high_b",
    "qualifier_b",
    "direction",  # "up", "down" (the number drawn rose or fell) or "reworded" (same number, other wording)
)


@dataclass(frozen=True)
class Contradictions:
    """The strongest contradicting pairs (a DataFrame, strongest first) and how many pairs there were."""

    pairs: pd.DataFrame
    total: int


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when two closed intervals share at least one number."""
    return a[0] <= b[1] and b[0] <= a[1]


def reference_dates(figures: pd.DataFrame) -> pd.Series:
    """The date each claim describes: `as_of` when given, else `claimed_on`."""
    if "as_of" in figures:
        return figures["as_of"].fillna(figures["claimed_on"])
    return figures["claimed_on"]


def find_contradictions(
    figures: pd.DataFrame,
    window_days: int,
    *,
    same_claimant: bool = False,
    about_tolerance: float = 0.0,
    match_places: bool = False,
    limit: int | None = 500,
) -> Contradictions:
    """Pairs of claims on the same metric, at most `window_days` apart, whose intervals do not overlap.

    `same_claimant=False` leaves out a claimant's pairs with itself (revisions, or two different
    groups named in one statement). `match_places=True` compares only claims about the same place
    or where one names no place. Pairs are ordered by `factor`: the lower bound of the higher
    claim divided by the upper bound of the lower one (how many times apart the claims are).
    """
    frame = figures[claim_rules.is_independent_assessment(figures)].reset_index(drop=True)
    if frame.empty or window_days < 0:
        return Contradictions(_empty_pairs(), 0)
    claims = _ClaimArrays.of(frame, about_tolerance, match_places)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    total = 0
    for _, rows in frame.groupby(["metric", _counting(frame)], sort=True).indices.items():
        for a, b in _contradicting(claims, rows, window_days, same_claimant):
            total += len(a)
            found.append(
                _strongest(a, b, _factor(claims.lows[a], claims.highs[a], claims.lows[b], claims.highs[b]), limit)
            )
    if not found:
        return Contradictions(_empty_pairs(), 0)
    a, b, factor = (np.concatenate(x) for x in zip(*found, strict=True))
    a, b, factor = _strongest(a, b, factor, limit)
    dates = claims.dates
    order = np.lexsort((-dates[a], -factor))
    a, b, factor = a[order], b[order], factor[order]
    # Show the earlier claim first in each pair.
    swap = dates[b] < dates[a]
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    return Contradictions(_pair_frame(frame, dates, a, b, factor), total)


def _counting(frame: pd.DataFrame) -> np.ndarray:
    """What a claim counts: 0 the running total, 1 one period, 2 one place or incident (compared only within)."""
    return np.where(claim_rules.is_local(frame), 2, np.where(claim_rules.is_period(frame), 1, 0))


@dataclass(frozen=True)
class _ClaimArrays:
    """The columns the search compares, as arrays over the claims' rows."""

    dates: np.ndarray  # reference day of each claim
    lows: np.ndarray
    highs: np.ndarray
    claimants: np.ndarray
    places: np.ndarray | None  # place codes, when claims must be about the same place
    no_place: np.ndarray | None
    period_starts: np.ndarray  # first day a period count covers (far in the past for a running total)
    local: np.ndarray  # about one place or incident: compared only with the same place
    place_codes: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame, about_tolerance: float, match_places: bool) -> _ClaimArrays:
        """The arrays of `frame`'s claims; places only when claims must be about the same place."""
        lows, highs = claim_intervals(
            frame["value_low"].astype(float).to_numpy(),
            frame["value_high"].astype(float).to_numpy(),
            frame["qualifier"].to_numpy(dtype=object),
            about_tolerance,
        )
        location = frame["location_id"].fillna("")
        dates = reference_dates(frame).to_numpy(dtype="datetime64[D]").astype(np.int64)
        starts = np.full(len(dates), np.iinfo(np.int64).min // 2)  # a running total overlaps every date
        if "period_start" in frame:
            period = frame["period_start"].notna().to_numpy()
            starts[period] = frame["period_start"].to_numpy(dtype="datetime64[D]").astype(np.int64)[period]
        return cls(
            dates=dates,
            lows=lows,
            highs=highs,
            claimants=pd.factorize(frame["claimant_id"])[0],
            places=pd.factorize(location)[0] if match_places else None,
            no_place=location.eq("").to_numpy() if match_places else None,
            period_starts=starts,
            local=claim_rules.is_local(frame),
            place_codes=pd.factorize(location)[0],
        )


def _contradicting(claims: _ClaimArrays, rows: np.ndarray, window_days: int, same_claimant: bool):
    """Row pairs (a, b) among `rows` (one metric) close in time whose intervals do not overlap, block by block.

    Claims about one place are compared only with claims about the same place, so they are laid out
    place by place (a lane each) and the window never reaches into another place: the candidates
    grow with the claims per place and window, not with every local claim of the metric in it.
    """
    lanes = np.where(claims.local[rows], claims.place_codes[rows], -1).astype(np.int64)
    if not same_claimant:  # a lane with one claimant holds no pair (an imported file: one claimant)
        rows, lanes = _with_two_claimants(rows, lanes, claims.claimants[rows])
    rows = rows[np.lexsort((claims.dates[rows], lanes))]
    metric_dates = claims.dates[rows]
    lanes = np.where(claims.local[rows], claims.place_codes[rows], -1).astype(np.int64)
    first_day = int(metric_dates.min()) if len(rows) else 0
    stride = (int(metric_dates.max()) - first_day if len(rows) else 0) + window_days + 1
    key = (lanes + 1) * stride + (metric_dates - first_day)  # increasing: lane, then day
    last = np.searchsorted(key, key + window_days, side="right")
    partners = last - np.arange(len(rows)) - 1
    # Local, contiguous copies: the candidate pairs index these, not the whole table.
    lows, highs, claimants = claims.lows[rows], claims.highs[rows], claims.claimants[rows]
    places = claims.places[rows] if claims.places is not None else None
    no_place = claims.no_place[rows] if claims.no_place is not None else None
    starts, local, place_codes = claims.period_starts[rows], claims.local[rows], claims.place_codes[rows]
    for first_i, stop_i in _blocks(partners):
        a, b = _pairs_in_block(first_i, stop_i, partners)
        keep = (lows[a] > highs[b]) | (lows[b] > highs[a])
        if not same_claimant:
            keep &= claimants[a] != claimants[b]
        if places is not None:
            keep &= (places[a] == places[b]) | no_place[a] | no_place[b]
        # Period counts only where the periods overlap; local claims only about the same place.
        keep &= (starts[a] <= metric_dates[b]) & (starts[b] <= metric_dates[a])
        keep &= ~local[a] | (place_codes[a] == place_codes[b])
        if keep.any():
            yield rows[a[keep]], rows[b[keep]]


def _with_two_claimants(rows: np.ndarray, lanes: np.ndarray, claimants: np.ndarray):
    """The rows (and their lanes) in lanes where at least two claimants speak."""
    if not len(rows):
        return rows, lanes
    width = int(claimants.max()) + 1
    spoken = np.unique((lanes + 1) * width + claimants)  # each (lane, claimant) once
    lane_ids, voices = np.unique(spoken // width, return_counts=True)
    keep = np.isin(lanes + 1, lane_ids[voices >= 2])
    return rows[keep], lanes[keep]


def _blocks(partners: np.ndarray):
    """Split the rows into runs whose candidate pairs fit in one block."""
    cumulative = np.cumsum(partners)
    start = 0
    done = 0
    while start < len(partners):
        stop = int(np.searchsorted(cumulative, done + _BLOCK_PAIRS, side="right"))
        stop = max(stop, start + 1)
        yield start, stop
        done = int(cumulative[stop - 1])
        start = stop


def _pairs_in_block(start: int, stop: int, partners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    counts = partners[start:stop]
    a = np.repeat(np.arange(start, stop, dtype=np.int32), counts)
    offsets = np.arange(counts.sum(), dtype=np.int32) - np.repeat((np.cumsum(counts) - counts).astype(np.int32), counts)
    return a, a + offsets + 1


def _factor(low_a, high_a, low_b, high_b) -> np.ndarray:
    """How many times the higher claim's lower bound exceeds the lower claim's upper bound."""
    a_above = low_a > high_b
    upper_low = np.where(a_above, low_a, low_b)
    lower_high = np.where(a_above, high_b, high_a)
    with np.errstate(divide="ignore"):
        return np.where(lower_high > 0, upper_low / np.where(lower_high > 0, lower_high, 1), np.inf)


def _strongest(a, b, factor, limit):
    if limit is None or len(a) <= limit:
        return a, b, factor
    keep = np.argpartition(-factor, limit - 1)[:limit]
    return a[keep], b[keep], factor[keep]


def _pair_frame(frame: pd.DataFrame, dates: np.ndarray, a: np.ndarray, b: np.ndarray, factor) -> pd.DataFrame:
    columns = {
        "metric": frame["metric"].to_numpy()[a],
        "figure_id_a": frame["figure_id"].to_numpy()[a],
        "figure_id_b": frame["figure_id"].to_numpy()[b],
        "claimant_a": frame["claimant_id"].to_numpy()[a],
        "claimant_b": frame["claimant_id"].to_numpy()[b],
        "date_a": frame["claimed_on"].to_numpy()[a],
        "date_b": frame["claimed_on"].to_numpy()[b],
        "days_apart": np.abs(dates[b] - dates[a]),
        "low_a": frame["value_low"].to_numpy()[a],
        "high_a": frame["value_high"].to_numpy()[a],
        "low_b": frame["value_low"].to_numpy()[b],
        "high_b": frame["value_high"].to_numpy()[b],
        "qualifier_a": frame["qualifier"].to_numpy()[a],
        "qualifier_b": frame["qualifier"].to_numpy()[b],
        "factor": factor,
    }
    for name in PAIR_EXTRAS:
        if name in frame:
            values = frame[name].to_numpy()
            columns[f"{name}_a"] = values[a]
            columns[f"{name}_b"] = values[b]
    return pd.DataFrame(columns).reset_index(drop=True)


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in PAIR_COLUMNS})


def find_revisions(figures: pd.DataFrame) -> pd.DataFrame:
    """Each claimant's changed figures on a metric, in time order: one row per change from one claim to the next.

    Only headline claims (independent assessments of the whole deployment's running total) are
    followed; the same figure said again is no revision.
    """
    rows = figures[claim_rules.is_headline(figures)]
    if rows.empty:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in REVISION_COLUMNS})
    rows = rows.assign(_ref=reference_dates(rows)).sort_values(
        ["claimant_id", "metric", "_ref", "claimed_on", "figure_id"], kind="stable"
    )
    low = rows["value_low"].astype(float).to_numpy()
    high = rows["value_high"].astype(float).to_numpy()
    qualifier = rows["qualifier"].to_numpy(dtype=object)
    key = (rows["claimant_id"] + "|" + rows["metric"]).to_numpy(dtype=object)
    same_series = key[1:] == key[:-1]
    changed = (low[1:] != low[:-1]) | (high[1:] != high[:-1]) | (qualifier[1:] != qualifier[:-1])
    b = np.flatnonzero(same_series & changed) + 1
    a = b - 1
    drawn = drawn_values(low, high, qualifier)
    direction = np.where(drawn[b] > drawn[a], "up", np.where(drawn[b] < drawn[a], "down", "reworded"))
    pick = {name: rows[name].to_numpy() for name in ("figure_id", "claimed_on", "value_low", "value_high")}
    return pd.DataFrame(
        {
            "claimant_id": rows["claimant_id"].to_numpy()[b],
            "metric": rows["metric"].to_numpy()[b],
            "figure_id_a": pick["figure_id"][a],
            "figure_id_b": pick["figure_id"][b],
            "date_a": pick["claimed_on"][a],
            "date_b": pick["claimed_on"][b],
            "low_a": pick["value_low"][a],
            "high_a": pick["value_high"][a],
            "qualifier_a": qualifier[a],
            "low_b": pick["value_low"][b],
            "high_b": pick["value_high"][b],
            "qualifier_b": qualifier[b],
            "direction": direction,
        }
    )
