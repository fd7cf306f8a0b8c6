"""The contradiction finder: which pairs of claims cannot both be true."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kursk_monitor import synth
from kursk_monitor.contradictions import find_contradictions, intervals_overlap
from kursk_monitor.qualifiers import claim_interval

INF = math.inf


def claims(*rows) -> pd.DataFrame:
    """Figures rows from (claimant, metric, date, low, high, qualifier[, location, as_of])."""
    records = []
    for i, row in enumerate(rows, start=1):
        claimant, metric, day, low, high, qualifier, *rest = row
        records.append(
            {
                "figure_id": f"F{i:03d}",
                "claimed_on": pd.Timestamp(day),
                "as_of": pd.Timestamp(rest[1]) if len(rest) > 1 else pd.NaT,
                "claimant_id": claimant,
                "metric": metric,
                "value_low": low,
                "value_high": high,
                "qualifier": qualifier,
                "location_id": rest[0] if rest else "",
                "source_ids": (f"S{i:03d}",),
                "reliability": "B",
                "credibility": 2,
            }
        )
    frame = pd.DataFrame(records)
    frame["value_low"] = frame["value_low"].astype("Int64")
    frame["value_high"] = frame["value_high"].astype("Int64")
    return frame


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "expected"),
    [
        (10_000, 10_000, "exact", (10_000, 10_000)),
        (11_000, 12_000, "range", (11_000, 12_000)),
        (3_000, 3_000, "about", (3_000, 3_000)),
        (10_000, 10_000, "at_least", (10_000, INF)),
        (10_000, 10_000, "more_than", (10_000, INF)),
        (5_000, 5_000, "up_to", (0, 5_000)),
    ],
)
def test_claim_interval(low, high, qualifier, expected):
    assert claim_interval(low, high, qualifier) == expected


def test_about_tolerance_widens_only_about():
    assert claim_interval(10_000, 10_000, "about", about_tolerance=0.1) == pytest.approx((9_000, 11_000))
    assert claim_interval(10_000, 10_000, "exact", about_tolerance=0.1) == (10_000, 10_000)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((1, 5), (5, 9), True),  # touching ends share a number
        ((1, 5), (6, 9), False),
        ((10_000, INF), (0, 5_000), False),
        ((10_000, INF), (0, 10_000), True),
        ((3_000, INF), (10_000, INF), True),  # two open-ended claims never contradict
    ],
)
def test_intervals_overlap(a, b, overlap):
    assert intervals_overlap(a, b) is overlap
    assert intervals_overlap(b, a) is overlap


PAIR_CASES = [
    pytest.param(
        [("us_dod", "killed", "2025-01-01", 100, 100, "about"), ("ua_hur", "killed", "2025-01-05", 300, 300, "about")],
        [("F001", "F002")],
        id="disjoint points",
    ),
    pytest.param(
        [
            ("us_dod", "killed", "2025-01-01", 100, 300, "range"),
            ("ua_hur", "killed", "2025-01-05", 250, 400, "range"),
        ],
        [],
        id="overlapping ranges",
    ),
    pytest.param(
        [
            ("us_dod", "troops_in_kursk", "2024-11-04", 10_000, 10_000, "at_least"),
            ("ua_hur", "troops_in_kursk", "2024-11-06", 50_000, 50_000, "about"),
        ],
        [],
        id="at least is open above",
    ),
    pytest.param(
        [
            ("us_dod", "troops_in_kursk", "2024-11-04", 10_000, 10_000, "more_than"),
            ("ua_hur", "troops_in_kursk", "2024-11-06", 8_000, 8_000, "about"),
        ],
        [("F001", "F002")],
        id="more than lies above a lower point",
    ),
    pytest.param(
        [
            ("us_state", "troops_in_kursk", "2024-11-04", 8_000, 8_000, "up_to"),
            ("ua_hur", "troops_in_kursk", "2024-11-06", 3_000, 3_000, "about"),
        ],
        [],
        id="up to includes everything below",
    ),
    pytest.param(
        [
            ("us_state", "troops_in_kursk", "2024-11-04", 8_000, 8_000, "up_to"),
            ("ua_president", "troops_in_kursk", "2024-11-04", 11_000, 11_000, "about"),
        ],
        [("F001", "F002")],
        id="up to below a higher point",
    ),
    pytest.param(
        [
            ("us_dod", "troops_in_kursk", "2024-11-04", 10_000, 10_000, "at_least"),
            ("us_state", "troops_in_kursk", "2024-11-04", 10_000, 10_000, "up_to"),
        ],
        [],
        id="at least and up to meet at one number",
    ),
    pytest.param(
        [
            ("ua_president", "troops_in_russia", "2024-10-17", 10_000, 10_000, "about"),
            ("kr_nis", "troops_in_kursk", "2024-10-18", 3_000, 3_000, "about"),
        ],
        [],
        id="different metrics never compared",
    ),
    pytest.param(
        [
            ("kr_nis", "killed", "2025-01-01", 100, 100, "about"),
            ("ua_hur", "killed", "2025-03-01", 3_000, 3_000, "about"),
        ],
        [],
        id="outside the window",
    ),
    pytest.param(
        [
            ("kr_nis", "troops_in_russia", "2024-10-23", 3_000, 3_000, "about"),
            ("kr_nis", "troops_in_russia", "2024-10-23", 10_000, 10_000, "about"),
        ],
        [],
        id="same claimant left out",
    ),
    pytest.param(
        [
            ("kr_nis", "killed", "2025-09-02", 2_000, 2_000, "about", "", "2025-01-01"),
            ("kp_state_media", "killed", "2025-09-02", 350, 350, "about"),
        ],
        [],
        id="window uses the date a number describes",
    ),
]


@pytest.mark.parametrize(("rows", "expected"), PAIR_CASES)
def test_find_contradictions(rows, expected):
    result = find_contradictions(claims(*rows), window_days=14)
    assert list(zip(result.pairs["figure_id_a"], result.pairs["figure_id_b"], strict=True)) == expected
    assert result.total == len(expected)


def test_same_claimant_can_be_included():
    frame = claims(
        ("kr_nis", "troops_in_russia", "2024-10-23", 3_000, 3_000, "about"),
        ("kr_nis", "troops_in_russia", "2024-10-23", 10_000, 10_000, "about"),
    )
    assert find_contradictions(frame, 14, same_claimant=True).total == 1


def test_about_tolerance_removes_near_misses():
    frame = claims(
        ("ua_president", "troops_in_russia", "2024-10-17", 10_000, 10_000, "about"),
        ("ua_hur", "troops_in_russia", "2024-10-17", 11_000, 11_000, "about"),
    )
    assert find_contradictions(frame, 14).total == 1
    assert find_contradictions(frame, 14, about_tolerance=0.1).total == 0


def test_match_places_compares_same_or_unnamed_places():
    frame = claims(
        ("kyiv_post", "killed", "2024-10-03", 6, 6, "exact", "donetsk"),
        ("kr_nis", "killed", "2024-10-05", 100, 100, "at_least", "kursk_oblast"),
        ("kp_state_media", "killed", "2024-10-05", 20, 20, "about", ""),
    )
    everything = find_contradictions(frame, 14)
    assert everything.total == 3
    placed = find_contradictions(frame, 14, match_places=True)
    assert set(zip(placed.pairs["figure_id_a"], placed.pairs["figure_id_b"], strict=True)) == {
        ("F001", "F003"),
        ("F002", "F003"),
    }


def test_pairs_carry_both_sources_and_strongest_first():
    frame = claims(
        ("kp_state_media", "killed", "2025-09-02", 350, 350, "about"),
        ("kr_nis", "killed", "2025-09-02", 2_000, 2_000, "about"),
        ("uk_mod", "killed", "2025-09-03", 500, 500, "about"),
    )
    pairs = find_contradictions(frame, 14).pairs
    first = pairs.iloc[0]
    assert {first["claimant_a"], first["claimant_b"]} == {"kp_state_media", "kr_nis"}
    assert first["factor"] == pytest.approx(2_000 / 350)
    assert {first["source_ids_a"], first["source_ids_b"]} == {("S001",), ("S002",)}
    assert list(pairs["factor"]) == sorted(pairs["factor"], reverse=True)
    assert (pairs["date_a"] <= pairs["date_b"]).all()


def test_zero_upper_bound_gives_infinite_factor():
    frame = claims(
        ("kp_state_media", "captured", "2025-01-10", 0, 0, "exact"),
        ("ua_president", "captured", "2025-01-11", 2, 2, "exact"),
    )
    assert find_contradictions(frame, 14).pairs["factor"].iloc[0] == math.inf


def test_empty_input():
    result = find_contradictions(claims(("a", "killed", "2025-01-01", 1, 1, "exact")).iloc[0:0], 7)
    assert result.total == 0
    assert result.pairs.empty


def test_limit_keeps_the_strongest_but_counts_all():
    rows = [("kr_nis", "killed", "2025-01-01", 100, 100, "exact")]
    rows += [(f"c{i}", "killed", "2025-01-02", 200 + i * 100, 200 + i * 100, "exact") for i in range(10)]
    result = find_contradictions(claims(*rows), 14, limit=3)
    assert result.total > 3
    assert len(result.pairs) == 3
    assert result.pairs["factor"].iloc[0] == pytest.approx(1_100 / 100)


def test_100k_claims_keep_the_strongest_pairs():
    tables = synth.frames(events=10, figures=100_000, seed=1)
    raw = tables["figures"]
    figures = pd.DataFrame(
        {
            "figure_id": raw["figure_id"],
            "claimed_on": pd.to_datetime(raw["claimed_on"]),
            "claimant_id": raw["claimant_id"],
            "metric": raw["metric"],
            "value_low": raw["value_low"].astype("Int64"),
            "value_high": raw["value_high"].astype("Int64"),
            "qualifier": raw["qualifier"],
            "location_id": raw["location_id"],
        }
    )
    result = find_contradictions(figures, window_days=14, limit=500)
    assert result.total > 500
    assert len(result.pairs) == 500
    factors = result.pairs["factor"].to_numpy()
    assert (factors > 1).all()
    assert list(factors) == sorted(factors, reverse=True)  # strongest first


def _brute_force_pairs(frame: pd.DataFrame, window: int, same_claimant: bool = False) -> set[tuple[str, str]]:
    """Every contradicting pair by the rules, checked pair by pair (the search's reference)."""
    days = frame["claimed_on"].to_numpy(dtype="datetime64[D]").astype(int)
    found = set()
    rows = list(frame.itertuples(index=False))
    for i, a in enumerate(rows):
        for j in range(i + 1, len(rows)):
            b = rows[j]
            local = a.scope == "local" or b.scope == "local"
            if a.metric != b.metric or (a.scope == "local") != (b.scope == "local"):
                continue
            if a.claimant_id == b.claimant_id and not same_claimant:
                continue
            if abs(days[i] - days[j]) > window or (local and a.location_id != b.location_id):
                continue
            if a.value_low > b.value_high or b.value_low > a.value_high:
                found.add(tuple(sorted((a.figure_id, b.figure_id))))
    return found


def test_local_claims_meet_only_claims_about_their_place():
    """Many places, many claims a day: the search finds exactly the pairs a pair-by-pair check finds."""
    rng = np.random.default_rng(7)
    n = 600
    frame = claims(
        *[
            (
                f"c{rng.integers(12)}",
                "killed",
                str(pd.Timestamp("2025-01-01") + pd.Timedelta(days=int(rng.integers(60)))),
                int(v),
                int(v),
                "exact",
                f"p{rng.integers(40)}",
            )
            for v in rng.integers(0, 30, n)
        ]
    )
    frame["scope"] = np.where(rng.random(n) < 0.7, "local", "")
    result = find_contradictions(frame, 7, limit=None)
    got = {tuple(sorted(pair)) for pair in zip(result.pairs["figure_id_a"], result.pairs["figure_id_b"], strict=True)}
    expected = _brute_force_pairs(frame, 7)
    assert got == expected and result.total == len(expected) > 100


def test_places_with_one_claimant_hold_no_pair_and_the_rest_are_all_found():
    """Half the places hear one claimant only (as an imported file does); the others several."""
    rng = np.random.default_rng(11)
    n = 600
    rows = []
    for v in rng.integers(0, 30, n):
        place = int(rng.integers(40))
        claimant = f"c{place}" if place < 20 else f"c{rng.integers(6)}"
        day = str(pd.Timestamp("2025-01-01") + pd.Timedelta(days=int(rng.integers(60))))
        rows.append((claimant, "killed", day, int(v), int(v), "exact", f"p{place}"))
    frame = claims(*rows)
    frame["scope"] = np.where(rng.random(n) < 0.8, "local", "")
    for same in (False, True):
        result = find_contradictions(frame, 7, limit=None, same_claimant=same)
        got = {tuple(sorted(p)) for p in zip(result.pairs["figure_id_a"], result.pairs["figure_id_b"], strict=True)}
        expected = _brute_force_pairs(frame, 7, same_claimant=same)
        assert got == expected and result.total == len(expected) > 100
